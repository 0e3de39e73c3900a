"""Real ``flower-superlink`` and three ``flower-supernode`` processes on 127.0.0.1 run the
federation with Flower's SecAgg+ (``SecAggPlusWorkflow`` + ``secaggplus_mod``) through
``flwr run``; bounded in time, every process stopped after."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
SRC = Path(__file__).resolve().parents[2] / "src"
DEADLINE_S = 400

APP = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "hauberkfed"
version = "1.0.0"
description = "hauberk's simulated federation"
license = "Apache-2.0"
dependencies = []

[tool.hatch.build.targets.wheel]
packages = ["."]

[tool.flwr.app]
publisher = "hauberk"

[tool.flwr.app.components]
serverapp = "hauberk.federated._apps:app_server_secagg"
clientapp = "hauberk.federated._apps:app_client_secagg"

[tool.flwr.app.config]
dataset = "breast_cancer"
clients = 3
hostile = 0.0
attack = "none"
strategy = "screened_fedavg"
rounds = 2
seed = 0
secagg = true
result = "{result}"
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pids: list[int]) -> list[int]:
    """flower-superexec processes the started ones spawned (they name their parent)."""
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    found = []
    for line in out.splitlines()[1:]:
        pid, _, args = line.strip().partition(" ")
        if any(f"--parent-pid {p}" in args for p in pids):
            found.append(int(pid))
    return found


@pytest.mark.slow
@pytest.mark.timeout(DEADLINE_S + 60)
def test_superlink_and_supernodes_run_secaggplus(tmp_path: Path) -> None:
    if not (BIN / "flower-superlink").exists():
        pytest.skip("flower-superlink is not installed (pip install 'hauberk[federated]')")
    port = _port()
    home = tmp_path / "flwr"
    home.mkdir()
    (home / "config.toml").write_text(
        f'[superlink]\ndefault = "local"\n\n[superlink.local]\n'
        f'address = "127.0.0.1:{port}"\ninsecure = true\n'
    )
    app = tmp_path / "app"
    app.mkdir()
    result = tmp_path / "result.json"
    (app / "pyproject.toml").write_text(APP.format(result=result))
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "FLWR_HOME": str(home),
    }
    procs: list[subprocess.Popen[bytes]] = []
    logs = []

    def start(args: list[str], name: str) -> None:
        log = (tmp_path / f"{name}.log").open("wb")
        logs.append(log)
        procs.append(subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT))

    try:
        start([str(BIN / "flower-superlink"), "--insecure",
               "--disable-runtime-dependency-installation",
               "--database", str(tmp_path / "state.db"), "--host", "127.0.0.1",
               "--port", str(port)], "superlink")  # fmt: skip
        for i in range(3):
            start([str(BIN / "flower-supernode"), "--insecure", "--superlink",
                   f"127.0.0.1:{port}", "--host", "127.0.0.1", "--port", str(_port()),
                   "--node-config", f"partition-id={i} num-partitions=3"], f"node{i}")  # fmt: skip
        end = time.monotonic() + DEADLINE_S
        started = False
        while not started and time.monotonic() < end:  # the control API comes up after a while
            run = subprocess.run([str(BIN / "flwr"), "run", str(app), "local"], env=env,
                                 capture_output=True, text=True, timeout=120)  # fmt: skip
            started = "Successfully started run" in run.stdout
            if not started:
                time.sleep(3)
        assert started, run.stdout + run.stderr
        while not result.exists() and time.monotonic() < end:
            time.sleep(2)
        assert result.exists(), (tmp_path / "superlink.log").read_text()[-3000:]
        outcome = json.loads(result.read_text())
        assert outcome["rounds"] == 2
        assert outcome["accuracy"] > 0.85  # breast cancer, 3 honest clients, FedAvg via SecAgg+
        assert outcome["backdoor_hits"] == 0
    finally:
        children = _children([p.pid for p in procs])
        for p in procs:
            p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for p in procs:
            try:
                p.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for pid in children + _children([p.pid for p in procs]):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for log in logs:
            log.close()
