"""Executable docs: every ``$ hauberk ...`` and ``$ export ...`` line in docs/incident.md runs,
in order, in a folder holding the batches it names, next to a real ``hauberk serve`` (two
model versions, switched to the newer one, on a free 127.0.0.1 port) that the rollback acts
on. The page's TOML blocks are its ``assess.toml`` and ``my-playbooks.toml``."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import sys
from pathlib import Path

import httpx
import numpy as np
import pytest

from ._incident_support import linear_onnx, run, start_gateway, stop, write_batch

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "incident.md"

pytest.importorskip("onnxruntime")
pytest.importorskip("uvicorn")


def commands() -> list[str]:
    out = []
    for block in re.findall(r"```console\n(.*?)```", PAGE.read_text(), re.S):
        out += [line[2:].strip() for line in block.splitlines() if line.startswith("$ ")]
    return out


def predictions(path: Path, ids: str, seed: int, rows: int = 600) -> np.ndarray:
    rng = np.random.default_rng(seed)
    p1 = rng.random(rows)
    path.write_text("request_id,p0,p1\n" + "\n".join(
        f"{ids}{i},{1 - p:.4f},{p:.4f}" for i, p in enumerate(p1)) + "\n")  # fmt: skip
    return (p1 > 0.5).astype(int)


def test_page_commands_run(tmp_path: Path, iris_model: object) -> None:
    from hauberk.gateway import KeyStore

    lines = commands()
    assert sum(line.startswith("hauberk incident ") for line in lines) >= 6
    toml = re.findall(r"```toml\n(.*?)```", PAGE.read_text(), re.S)
    (tmp_path / "assess.toml").write_text(toml[0])
    (tmp_path / "my-playbooks.toml").write_text(
        toml[1].replace('"python"', json.dumps(sys.executable))
    )
    write_batch(tmp_path / "reference.csv", 0, 0.0)
    write_batch(tmp_path / "current.csv", 1, 0.6)
    write_batch(tmp_path / "fixed.csv", 2, 0.0)
    guess = predictions(tmp_path / "predictions.csv", "r", 0)
    predictions(tmp_path / "last-week.csv", "w", 1)
    rng = np.random.default_rng(3)
    truth = np.where(rng.random(len(guess)) < 0.8, guess, 1 - guess)
    (tmp_path / "labels.csv").write_text("request_id,label\n" + "\n".join(
        f"r{i},{truth[i]}" for i in rng.permutation(len(guess))[:400]) + "\n")  # fmt: skip
    # the gateway: blue (1.0) and green (2.3), switched to green by the release
    coef, bias = iris_model.coef_, iris_model.intercept_  # type: ignore[attr-defined]
    linear_onnx(tmp_path / "blue.onnx", coef, bias)
    linear_onnx(tmp_path / "green.onnx", -coef, bias)
    digest = {n: hashlib.sha256((tmp_path / f"{n}.onnx").read_bytes()).hexdigest()
              for n in ("blue", "green")}  # fmt: skip
    (tmp_path / "serve.toml").write_text(
        '[model]\nversion = "blue"\nlower = 0.0\nupper = 10.0\n'
        f'[[versions]]\nname = "green"\npath = "green.onnx"\nsha256 = "{digest["green"]}"\n'
        '[audit]\nledger = "audit.db"\ndurable = true\n'
    )
    store = tmp_path / "keys.json"
    _, release = KeyStore(store).create("admin")
    proc, url = start_gateway(tmp_path, "blue.onnx", digest["blue"], store)
    env: dict[str, str] = {}
    try:
        r = httpx.post(f"{url}/admin/versions/switch", json={"version": "green"},
                       headers={"Authorization": f"Bearer {release}"}, timeout=10)  # fmt: skip
        assert r.status_code == 200
        for line in lines:
            line = line.replace("http://127.0.0.1:8000", url)
            argv = shlex.split(line)
            if argv[0] == "export":
                for pair in argv[1:]:
                    name, value = pair.split("=", 1)
                    cat = re.fullmatch(r"\$\(cat (\S+)\)", value)
                    env[name] = (tmp_path / cat.group(1)).read_text().strip() if cat else value
                continue
            out = run(argv[1:], tmp_path, env)
            allowed = (0, 1) if argv[1] == "monitor" else (0,)
            assert out.returncode in allowed, f"`{line}` exited {out.returncode}: {out.stderr}"
        versions = httpx.get(f"{url}/admin/versions", timeout=10,
                             headers={"Authorization": f"Bearer {release}"}).json()  # fmt: skip
    finally:
        stop(proc)
    assert versions["active"] == "blue"  # the documented rollback acted on the gateway
    listed = run(["incident", "list", "-f", "json"], tmp_path, env)
    [incident] = json.loads(listed.stdout)
    assert incident["id"] == 1 and incident["status"] == "closed"
    assert (tmp_path / "reassess" / "report.json").is_file()
    assert (tmp_path / "perf" / "report.json").is_file()
