"""A real local Ray cluster for the tests: a head node and one extra worker node, each with
one CPU, on 127.0.0.1, in a temporary directory and on free ports of their own.

Both ``ray start --block`` processes are children of this one; stopping kills exactly them
and their descendants (recorded by pid while they run), never other Ray clusters on the
machine (``ray stop`` would kill every Ray process of the user).

Token authentication: the clusters use a token of their own (``~/.ray/auth_token`` stays
untouched), and the driver (this pytest process) must present it. Ray reads ``RAY_AUTH_MODE``
into a process-wide config, and the token into a cache, the first time ``ray`` is imported;
in the full suite ``ray`` is already imported at collection (``pytest.importorskip("ray")`` in
tests/federated), before any fixture sets the variables, so setting them is not enough:
:func:`driver_auth` also makes Ray read them again, and restores both afterwards."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

RAY = Path(sys.executable).with_name("ray")
SRC = Path(__file__).resolve().parents[2] / "src"


# how many live nodes the cluster at argv[1] shows, from a driver of its own
_NODES = (
    "import sys, ray; ray.init(address=sys.argv[1], logging_level='ERROR', log_to_driver=False)"
    "; print(sum(1 for x in ray.nodes() if x['Alive']))"
)


def free_ports(n: int) -> list[int]:
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def _node_ports(ports: list[int]) -> list[str]:
    names = ("--node-manager-port", "--object-manager-port", "--metrics-export-port",
             "--dashboard-agent-listen-port", "--dashboard-agent-grpc-port",
             "--runtime-env-agent-port")  # fmt: skip
    return [f"{n}={p}" for n, p in zip(names, ports, strict=True)]


class NodeExited(RuntimeError):
    """A ``ray start`` that gave up while starting (on a loaded machine, the raylet's fixed
    wait for its agents' port files can run out): the node is started again."""

    def __init__(self, proc: subprocess.Popen[bytes], message: str) -> None:
        super().__init__(message)
        self.proc = proc


@dataclass
class Cluster:
    address: str
    temp_dir: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    started: int = 0

    def start_node(self, head: bool, ports: list[int], worker_range: tuple[int, int]) -> None:
        args = [str(RAY), "start", "--block", "--num-cpus=1", "--node-ip-address=127.0.0.1",
                "--disable-usage-stats", f"--min-worker-port={worker_range[0]}",
                f"--max-worker-port={worker_range[1]}", *_node_ports(ports)]  # fmt: skip
        if head:
            args += [f"--port={self.address.split(':')[1]}", "--head",
                     "--include-dashboard=false", f"--temp-dir={self.temp_dir}",
                     f"--ray-client-server-port={free_ports(1)[0]}",
                     # the head starts its dashboard process even without the GUI, on 8265
                     # unless told: a second cluster on the machine must not collide there
                     f"--dashboard-port={free_ports(1)[0]}"]  # fmt: skip
        else:
            args += [f"--address={self.address}"]
        log = open(self.temp_dir.parent / f"node{self.started}.log", "wb")  # noqa: SIM115
        self.started += 1
        self.procs.append(
            subprocess.Popen(
                args, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        )

    def descendants(self) -> list[int]:
        import ray  # puts the psutil that Ray bundles on sys.path

        del ray
        import psutil

        pids = []
        for proc in self.procs:
            with suppress(psutil.Error):
                pids += [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
        return pids

    def wait_nodes(self, n: int, timeout: float = 300.0, known_crashes: int = 0) -> None:
        """Until the cluster shows ``n`` live nodes. Each look is a fresh Python process with
        the clusters' environment, bounded in time: a ``ray.init`` here could block for
        minutes on a head that is not up, and would keep state in this process."""
        looks: list[str] = []
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for proc in self.procs:
                if proc.poll() is not None:
                    logs = sorted(self.temp_dir.parent.glob("node*.log"))
                    tail = " | ".join(p.read_text(errors="replace")[-600:] for p in logs)
                    raise NodeExited(proc, f"ray start exited with {proc.returncode}: {tail}")
            crashed = self.raylet_errors(critical=True)
            if len(crashed) > known_crashes:  # a raylet died (its ray start --block lingers)
                raise NodeExited(self.procs[-1], f"the raylet stopped: {crashed[-1]}")
            wait = max(5.0, end - time.monotonic())  # ray.init returns once the node is up
            try:
                look = subprocess.run(
                    [sys.executable, "-c", _NODES, self.address], env=self.env,
                    capture_output=True, text=True, timeout=wait,
                )  # fmt: skip
            except subprocess.TimeoutExpired:
                looks.append(f"ray.init did not return within {wait:.0f} s")
                continue
            if look.returncode == 0 and int(look.stdout.split()[-1]) >= n:
                return
            lines = (look.stderr.strip() or look.stdout.strip()).splitlines()
            looks.append(lines[-1][:300] if lines else f"{look.stdout.strip()} live nodes")
            time.sleep(0.5)
        worst = self.raylet_errors()[-2:]
        raise RuntimeError(
            f"the Ray cluster did not show {n} nodes within {timeout} s (last looks: "
            f"{' | '.join(looks[-3:])}; head raylet errors: {' | '.join(worst) or 'none'})"
        )

    def raylet_errors(self, critical: bool = False) -> list[str]:
        """The error (``E``) or fatal (``C``) lines of this session's raylet logs."""
        marks = (" C ",) if critical else (" E ", " C ")
        lines = [
            ln[:300]
            for p in sorted(self.temp_dir.glob("session_latest/logs/raylet*.out"))
            for ln in p.read_text(errors="replace").splitlines()
        ]
        return [ln for ln in lines if any(m in ln[:40] for m in marks)]

    def start_and_wait(self, head: bool, nodes: int, worker_range: tuple[int, int]) -> None:
        """Start a node and wait until the cluster shows ``nodes``; a node whose ``ray start``
        gave up is started again (three attempts), with fresh ports."""
        for attempt in range(3):
            if head:
                self.address = f"127.0.0.1:{free_ports(1)[0]}"
            if head:  # the logs of a head that crashed must not count against this one
                (self.temp_dir / "session_latest").unlink(missing_ok=True)
            known = len(self.raylet_errors(critical=True))
            self.start_node(head, free_ports(6), worker_range)
            try:
                self.wait_nodes(nodes, known_crashes=known)
                return
            except NodeExited as exc:
                if attempt == 2:
                    raise
                with suppress(ProcessLookupError):
                    os.killpg(exc.proc.pid, signal.SIGKILL)  # what it left running
                self.procs.remove(exc.proc)

    def stop(self) -> None:
        pids = self.descendants()
        for proc in self.procs:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
        for pid in pids:  # workers that left the process group
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


_TOKEN = secrets.token_hex(32)


def auth_env() -> dict[str, str]:
    """The environment a driver needs to talk to the test clusters."""
    return {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": _TOKEN}


def _reload_ray_auth() -> None:
    """Make an already imported Ray read ``RAY_AUTH_MODE`` and the token again (what Ray's own
    tests do: ``ray._private.authentication_test_utils.reset_auth_token_state``)."""
    if "ray" not in sys.modules:
        return  # imported later, Ray reads the environment as it is then
    from ray._raylet import AuthenticationTokenLoader, Config

    Config.initialize("")
    AuthenticationTokenLoader.instance().reset_cache()


@contextmanager
def driver_auth() -> Iterator[None]:
    """This process talks to the test clusters (token auth with their token), then goes back
    to the environment it had, for the tests that start Ray clusters of their own."""
    saved = {k: os.environ.get(k) for k in (*auth_env(), "RAY_AUTH_TOKEN_PATH")}
    os.environ.pop("RAY_AUTH_TOKEN_PATH", None)
    os.environ.update(auth_env())
    _reload_ray_auth()
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        _reload_ray_auth()


@contextmanager
def local_cluster(worker_nodes: int = 1) -> Iterator[Cluster]:
    base = Path(tempfile.mkdtemp(prefix="hbray"))  # short: Ray's socket paths must stay short
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), str(SRC.parent)])
    env.pop("RAY_ADDRESS", None)
    env.pop("RAY_AUTH_TOKEN_PATH", None)
    # token authentication with a token of our own: ~/.ray/auth_token stays untouched
    env.update(auth_env())
    # on a loaded 2-core machine the node's Python agents take tens of seconds to start;
    # the raylet's default 15 s wait for them kills the node
    env["RAY_agent_register_timeout_ms"] = "180000"
    env["RAY_worker_register_timeout_seconds"] = "180"
    env["RAY_raylet_start_wait_time_s"] = "180"
    env["RAY_START_HOOK"] = "tests.assess.ray_start_hook.patient_start"
    cluster = Cluster(address="", temp_dir=base / "t", env=env)
    cluster.temp_dir.mkdir()
    try:
        with driver_auth():
            lo = 20000 + (os.getpid() % 200) * 200
            cluster.start_and_wait(True, 1, (lo, lo + 49))  # workers need the head first
            for k in range(worker_nodes):
                ports = (lo + 50 * (k + 1), lo + 50 * (k + 1) + 49)
                cluster.start_and_wait(False, 2 + k, ports)
            yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)
