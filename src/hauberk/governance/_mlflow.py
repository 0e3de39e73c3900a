"""The MLflow backend: the registry's versions and stages mirrored into an MLflow server.

hauberk talks to the tracking server's REST API (``/api/2.0/mlflow/...``) with httpx, so the
runtime needs no ``mlflow`` import (mlflow pulls in a large dependency tree; the REST API is
its stable, documented contract and what ``MlflowClient`` itself calls). Tests run a real
``mlflow server`` on 127.0.0.1.

MLflow 3 deprecates model-version *stages* in favour of *aliases*, so stages map to aliases:
``production`` and ``staging`` are aliases on the model version that holds the stage (staging
may hold several versions in hauberk; MLflow's alias points to the newest of them), and every
version carries the tag ``hauberk.stage`` (``registered``, ``staging``, ``production``,
``archived``) and ``hauberk.sha256``. An archived version has no alias. The ledger stays the
source of truth: :meth:`MlflowMirror.compare` names every alias or tag that someone moved in
MLflow behind the registry's back, and ``hauberk registry verify`` reports it.

Registering uploads the model file as a run artifact (MLflow only accepts a model version
whose source lies inside a run's artifacts) under the experiment ``hauberk-registry``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from hauberk.core import ConfigError, InputError

if TYPE_CHECKING:
    import httpx

    from hauberk.governance._registry import ModelState

API = "/api/2.0/mlflow"
ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts"
ALIASED = ("staging", "production")
MAX_UPLOAD = 4 << 30


class MlflowMirror:
    """One MLflow tracking server at ``url`` (``http://127.0.0.1:5000``)."""

    def __init__(
        self, url: str, *, experiment: str = "hauberk-registry", timeout: float = 30.0
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"mlflow URL {url!r} must start with http:// or https://")
        if not 0 < timeout <= 600:
            raise ConfigError(f"timeout must be in (0, 600] seconds, got {timeout}")
        self.url = url.rstrip("/")
        self.experiment = experiment
        self.timeout = timeout
        self._client: httpx.Client | None = None
        self._experiment_id: str | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(base_url=self.url, timeout=self.timeout)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        import httpx

        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise InputError(f"MLflow server {self.url} did not answer: {exc}") from None
        if response.status_code >= 400:
            try:
                message = str(response.json().get("message", ""))[:300]
            except ValueError:
                message = response.text[:300]
            raise InputError(f"MLflow {method} {path} failed ({response.status_code}): {message}")
        if not response.content:
            return {}
        data = response.json()
        return data if isinstance(data, dict) else {}

    def _experiment(self) -> str:
        if self._experiment_id is None:
            try:
                found = self._call(
                    "GET",
                    f"{API}/experiments/get-by-name",
                    params={"experiment_name": self.experiment},
                )
                self._experiment_id = str(found["experiment"]["experiment_id"])
            except InputError:
                made = self._call(
                    "POST", f"{API}/experiments/create", json={"name": self.experiment}
                )
                self._experiment_id = str(made["experiment_id"])
        return self._experiment_id

    def _ensure_model(self, name: str) -> None:
        try:
            self._call("GET", f"{API}/registered-models/get", params={"name": name})
        except InputError:
            self._call("POST", f"{API}/registered-models/create", json={"name": name})

    def register(self, name: str, model: Path, sha256: str, number: int) -> str:
        """Upload ``model`` as a run artifact and create an MLflow model version of it."""
        if model.stat().st_size > MAX_UPLOAD:
            raise InputError(f"{model} is larger than {MAX_UPLOAD} bytes; too big to upload")
        self._ensure_model(name)
        run = self._call(
            "POST",
            f"{API}/runs/create",
            json={"experiment_id": self._experiment(), "run_name": f"{name}-v{number}"},
        )["run"]["info"]
        root = str(run["artifact_uri"])
        if not root.startswith("mlflow-artifacts:/"):
            raise ConfigError(
                f"MLflow run artifacts go to {root}; start the server with artifact serving "
                "(--artifacts-destination) so hauberk can upload the model"
            )
        relative = root.removeprefix("mlflow-artifacts:/").strip("/")
        with model.open("rb") as fh:
            self._call(
                "PUT", f"{ARTIFACTS}/{relative}/model/{quote(model.name)}", content=fh.read()
            )
        self._call(
            "POST",
            f"{API}/runs/update",
            json={"run_id": run["run_id"], "status": "FINISHED"},
        )
        created = self._call(
            "POST",
            f"{API}/model-versions/create",
            json={
                "name": name,
                "source": f"{root}/model",
                "run_id": run["run_id"],
                "tags": [
                    {"key": "hauberk.sha256", "value": sha256},
                    {"key": "hauberk.stage", "value": "registered"},
                    {"key": "hauberk.version", "value": str(number)},
                ],
            },
        )
        return str(created["model_version"]["version"])

    def read(self, name: str) -> dict[str, Any]:
        """The registered model as MLflow has it: aliases and each version's hauberk tags."""
        model = self._call("GET", f"{API}/registered-models/get", params={"name": name})
        aliases = {
            a["alias"]: str(a["version"])
            for a in model.get("registered_model", {}).get("aliases", [])
        }
        found = self._call(
            "GET",
            f"{API}/model-versions/search",
            params={"filter": f"name='{name}'", "max_results": 1000},
        )
        versions = {
            str(v["version"]): {t["key"]: t["value"] for t in v.get("tags", [])}
            for v in found.get("model_versions", [])
        }
        return {"aliases": aliases, "versions": versions}

    def _wanted(self, state: ModelState) -> tuple[dict[str, str], dict[str, str]]:
        """Aliases and ``hauberk.stage`` tags MLflow should show for ``state``."""
        aliases: dict[str, str] = {}
        stages: dict[str, str] = {}
        for version in sorted(state.versions.values(), key=lambda v: v.version):
            if version.mlflow_version is None:
                continue
            stages[version.mlflow_version] = version.stage
            if version.stage in ALIASED:
                aliases[version.stage] = version.mlflow_version
        return aliases, stages

    def sync(self, state: ModelState, touched: Iterable[int] | None = None) -> None:
        """Make MLflow's aliases and stage tags say what the ledger says for ``state``.

        ``touched`` (hauberk version numbers a transition changed) limits the tag writes to
        those versions and skips reading every version's tags: one read and a few writes per
        transition. Without it, every version is read and corrected.
        """
        aliases, stages = self._wanted(state)
        if touched is None:
            have = self.read(state.name)
            todo = {
                version: stage
                for version, stage in stages.items()
                if have["versions"].get(version, {}).get("hauberk.stage") != stage
            }
        else:
            model = self._call("GET", f"{API}/registered-models/get", params={"name": state.name})
            have = {
                "aliases": {
                    a["alias"]: str(a["version"])
                    for a in model.get("registered_model", {}).get("aliases", [])
                }
            }
            wanted = {state.versions[n].mlflow_version for n in touched if n in state.versions}
            todo = {version: stage for version, stage in stages.items() if version in wanted}
        for version, stage in todo.items():
            self._call(
                "POST",
                f"{API}/model-versions/set-tag",
                json={"name": state.name, "version": version, "key": "hauberk.stage",
                      "value": stage},
            )  # fmt: skip
        for alias in ALIASED:
            want, now = aliases.get(alias), have["aliases"].get(alias)
            if want == now:
                continue
            if want is None:
                self._call(
                    "DELETE",
                    f"{API}/registered-models/alias",
                    json={"name": state.name, "alias": alias},
                )
            else:
                self._call(
                    "POST",
                    f"{API}/registered-models/alias",
                    json={"name": state.name, "alias": alias, "version": want},
                )

    def compare(self, models: dict[str, ModelState]) -> list[str]:
        """Where MLflow disagrees with the ledger (aliases or stage tags moved outside)."""
        problems = []
        for state in models.values():
            if not any(v.mlflow_version for v in state.versions.values()):
                continue
            aliases, stages = self._wanted(state)
            try:
                have = self.read(state.name)
            except InputError as exc:
                problems.append(f"MLflow model {state.name!r}: cannot read it ({exc})")
                continue
            for alias in ALIASED:
                if aliases.get(alias) != have["aliases"].get(alias):
                    problems.append(
                        f"MLflow model {state.name!r}: alias {alias!r} points to version "
                        f"{have['aliases'].get(alias)}, the ledger says {aliases.get(alias)}"
                    )
            for version, stage in stages.items():
                tags = have["versions"].get(version, {})
                if tags.get("hauberk.stage") != stage:
                    problems.append(
                        f"MLflow model {state.name!r} version {version}: tag hauberk.stage is "
                        f"{tags.get('hauberk.stage')!r}, the ledger says {stage!r}"
                    )
                want = next(
                    v.sha256 for v in state.versions.values() if v.mlflow_version == version
                )
                if tags.get("hauberk.sha256") != want:
                    problems.append(
                        f"MLflow model {state.name!r} version {version}: tag hauberk.sha256 "
                        "does not match the ledger"
                    )
        return problems


class LocalMlflowServer:
    """A throwaway ``mlflow server`` on 127.0.0.1 for tests, demos and benchmarks.

    SQLite backend store and an artifacts folder in a temporary directory; start-up waits at
    most ``timeout`` seconds for ``/health``; :meth:`stop` ends the process group and removes
    the directory. Needs the ``mlflow`` command (the ``dev`` extra), not an import of mlflow.
    """

    def __init__(self, *, timeout: float = 120.0) -> None:
        if not 5 <= timeout <= 600:
            raise ConfigError(f"timeout must be in [5, 600] seconds, got {timeout}")
        self.timeout = timeout
        self.url = ""
        self._proc: Any = None
        self._dir: Any = None

    def start(self) -> LocalMlflowServer:
        import os
        import shutil
        import signal
        import socket
        import subprocess
        import sys
        import tempfile
        import time

        import httpx

        command = shutil.which("mlflow") or str(Path(sys.executable).parent / "mlflow")
        if not Path(command).exists():
            raise ConfigError("the mlflow command is not installed (pip install mlflow)")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        self._dir = tempfile.TemporaryDirectory(prefix="hauberk-mlflow-")
        root = Path(self._dir.name)
        self._log = (root / "server.log").open("wb")
        self._proc = subprocess.Popen(
            [command, "server", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
             "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}",
             "--artifacts-destination", str(root / "artifacts")],
            stdout=self._log, stderr=subprocess.STDOUT, cwd=root, start_new_session=True,
            env={**os.environ, "MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"},
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                break
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        log = (root / "server.log").read_text(errors="replace")[-500:]
        if self._proc.poll() is None:
            os.killpg(self._proc.pid, signal.SIGTERM)
        self.stop()
        raise ConfigError(f"mlflow server did not start within {self.timeout:g} s: {log}")

    def stop(self) -> None:
        import os
        import signal
        import subprocess

        if self._proc is not None:
            if self._proc.poll() is None:
                os.killpg(self._proc.pid, signal.SIGTERM)
                try:
                    self._proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(self._proc.pid, signal.SIGKILL)
                    self._proc.wait(timeout=10)
            self._proc = None
            self._log.close()
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def __enter__(self) -> LocalMlflowServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
