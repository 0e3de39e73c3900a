"""docs/serve.md, "TLS and mutual TLS": its serve.toml parses, and its `hauberk serve` and
`curl` commands run against certificates made here; the answer names the certificate's
principal in the audit trail. The documented serve.toml example's monitoring tables parse."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import signal
import subprocess
import time
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest

from hauberk.gateway import parse_config
from hauberk.ledger import open_ledger

from ._support import iris_onnx
from .test_docs import _free_port, _hauberk
from .test_tls import _issue

DOC = Path(__file__).parents[2] / "docs" / "serve.md"


def _section() -> str:
    text = DOC.read_text()
    return text[text.index("## TLS and mutual TLS") : text.index("## Audit trail")]


def test_documented_monitoring_tables_parse() -> None:
    block = re.search(r"## serve.toml\n\n```toml\n(.*?)```", DOC.read_text(), re.S)
    assert block is not None
    cfg = parse_config(tomllib.loads(block.group(1)), source="docs", base_dir=Path())
    assert cfg.capture is not None and cfg.capture.mask == ("f2",)
    assert cfg.drift is not None and cfg.alerts.webhook is not None
    assert cfg.tls is not None and cfg.tls.clients == {"svc-billing": ("predict",)}


def test_tls_section_commands_run(tmp_path: Path, iris_model: Any) -> None:
    import ipaddress

    from cryptography import x509

    section = _section()
    toml = re.search(r"```toml\n(.*?)```", section, re.S)
    console = re.search(r"```console\n(.*?)```", section, re.S)
    assert toml is not None and console is not None
    lines = [line[2:] for line in console.group(1).splitlines() if line.startswith("$ ")]
    assert len(lines) == 2 and lines[0].startswith("hauberk serve") and lines[1].startswith("curl")
    (tmp_path / "serve-mtls.toml").write_text(toml.group(1))

    ca_pem, ca, ca_key = _issue(tmp_path, "ca", issuer=None, ca=True)
    ip = x509.IPAddress(ipaddress.ip_address("127.0.0.1"))
    server, _, _ = _issue(tmp_path, "server", issuer=(ca, ca_key), san=[ip])
    client, _, _ = _issue(tmp_path, "svc-billing", issuer=(ca, ca_key), client=True)
    server.cert.rename(tmp_path / "server.crt")
    server.key.rename(tmp_path / "server.key")
    shutil.copy(ca_pem.cert, tmp_path / "clients-ca.crt")
    (tmp_path / "ca.crt").write_bytes(ca_pem.cert.read_bytes())
    model = iris_onnx(tmp_path / "model.onnx", iris_model)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()

    port = _free_port()
    serve = shlex.split(lines[0].replace("<hex>", digest).replace("8443", str(port)))
    proc = subprocess.Popen([*_hauberk(), *serve[1:]], cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        curl = shlex.split(lines[1].replace("8443", str(port)))
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(proc.communicate()[1][-2000:])
            if shutil.which("curl"):
                out = subprocess.run(curl, cwd=tmp_path, capture_output=True, text=True)
                ok, text = out.returncode == 0, out.stdout
            else:
                import ssl

                ctx = ssl.create_default_context(cafile=str(tmp_path / "ca.crt"))
                ctx.load_cert_chain(str(client.cert), str(client.key))
                try:
                    r = httpx.post(f"https://127.0.0.1:{port}/v1/predict", verify=ctx,
                                   json={"inputs": [[5.1, 3.5, 1.4, 0.2]]}, timeout=10)  # fmt: skip
                    ok, text = True, r.text
                except httpx.TransportError:
                    ok, text = False, ""
            if ok:
                break
            assert time.monotonic() < deadline, "server not answering within 60 s"
            time.sleep(0.3)
        body = json.loads(text)
        assert body["outputs"][0]["label"] == 0, text
        # no client certificate: refused at the handshake
        no_cert = [a for a in curl if a not in ("--cert", "--key")]
        no_cert = [a for a in no_cert if not a.startswith("svc-billing.")]
        if shutil.which("curl"):
            assert subprocess.run(no_cert, cwd=tmp_path, capture_output=True).returncode != 0
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
    with open_ledger(tmp_path / "hauberk-serve-audit.db") as ledger:
        principals = {ledger.entry(i).principal for i in range(ledger.head().size)}
    assert "cert:svc-billing" in principals
