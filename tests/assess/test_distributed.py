"""The executors give the same report as in process; --ray refuses bad input before any work;
--batch writes one report per target and an index. The Ray tests start a real local cluster
(head + one worker node, one CPU each, own temp dir and ports) and stop exactly it."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.assess.distributed_target import assess, metrics
from tests.cli.test_user_errors import hauberk_cli, one_line_error

from hauberk.core import ConfigError, Status


@pytest.fixture(scope="module")
def in_process() -> dict[str, Any]:
    return metrics(assess())


def test_the_target_exercises_split_work(in_process: dict[str, Any]) -> None:
    assert in_process["privacy.membership"][0] in ("passed", "failed")
    assert "lira.auc" in in_process["privacy.membership"][1]
    assert len(in_process["evasion.robustness"][1]["robust_accuracy"]) == 2


@pytest.mark.slow
def test_processes_give_the_in_process_answers(in_process: dict[str, Any]) -> None:
    assert metrics(assess(executor="processes")) == in_process


def test_a_model_that_cannot_be_serialised_is_refused_before_work() -> None:
    import threading

    import numpy as np

    import hauberk

    lock = threading.Lock()

    def model(x: Any) -> Any:  # holds a lock: cannot go to a worker
        with lock:
            return np.full((len(x), 2), 0.5)

    x = np.zeros((40, 3))
    y = np.arange(40) % 2
    with pytest.raises(ConfigError, match="cannot be serialised for the workers"):
        hauberk.assess(model, (x, y), input_shape=(3,), classes=(0, 1), executor="processes")


def test_unreachable_cluster_is_one_line_exit_2(tmp_path: Path) -> None:
    from tests.assess.ray_cluster import free_ports

    port = free_ports(1)[0]
    out = hauberk_cli(
        "assess", "--model", "m.onnx", "--ray", f"127.0.0.1:{port}", "--output-dir", "out",
        cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 2, out.stderr
    line = one_line_error(out)
    assert f"--ray 127.0.0.1:{port}: no Ray cluster answers there" in line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_ray_without_address_is_a_config_error(tmp_path: Path) -> None:
    cfg = tmp_path / "assess.toml"
    cfg.write_text('[model]\npath = "m.onnx"\n[assess]\nexecutor = "ray"\n')
    out = hauberk_cli("assess", "--config", str(cfg), cwd=tmp_path)
    assert out.returncode == 2
    assert "executor 'ray' needs address" in one_line_error(out)


# --------------------------------------------------------------------------- batch


def _sklearn_target(folder: Path, seed: int) -> Path:
    import pickle

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(120, 4))
    y = (x[:, 0] > 0).astype(int)
    np.savez(folder / "data.npz", x_train=x[:60], y_train=y[:60], x_test=x[60:], y_test=y[60:])
    with open(folder / "model.pkl", "wb") as fh:
        pickle.dump(LogisticRegression().fit(x[:60], y[:60]), fh)
    cfg = folder / "assess.toml"
    cfg.write_text(
        '[model]\npath = "model.pkl"\nallow_pickle = true\n[data]\npath = "data.npz"\n'
        '[assess]\nstages = ["performance"]\n'
    )
    return cfg


def test_batch_writes_a_report_per_target_and_an_index(tmp_path: Path) -> None:
    _sklearn_target(tmp_path / "a", 1)
    _sklearn_target(tmp_path / "b", 2)
    (tmp_path / "targets.toml").write_text(
        '[[target]]\nname = "alpha"\nconfig = "a/assess.toml"\n'
        '[[target]]\nname = "beta"\nconfig = "b/assess.toml"\n'
    )
    out = hauberk_cli("assess", "--batch", "targets.toml", "--output-dir", "out", cwd=tmp_path)
    assert out.returncode in (0, 1), out.stderr
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert [t["name"] for t in index["targets"]] == ["alpha", "beta"]
    assert index["exit_code"] == max(t["exit_code"] for t in index["targets"])
    for name in ("alpha", "beta"):
        report = json.loads((tmp_path / "out" / name / "report.json").read_text())
        assert report["results"]
    html = (tmp_path / "out" / "index.html").read_text()
    assert 'href="alpha/report.html"' in html and 'href="beta/report.html"' in html


def test_a_bad_batch_entry_stops_before_any_work(tmp_path: Path) -> None:
    _sklearn_target(tmp_path / "a", 1)
    (tmp_path / "targets.toml").write_text(
        '[[target]]\nname = "alpha"\nconfig = "a/assess.toml"\n'
        '[[target]]\nname = "alpha"\nconfig = "a/assess.toml"\n'
    )
    out = hauberk_cli("assess", "--batch", "targets.toml", "--output-dir", "out", cwd=tmp_path)
    assert out.returncode == 2
    assert "[[target]] #2: name 'alpha' is used twice" in one_line_error(out)
    assert not (tmp_path / "out" / "alpha").exists()


# --------------------------------------------------------------------------- Ray

needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None,
    reason="Ray is not installed: pip install 'hauberk[distributed]'",
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A real local cluster. One that does not come up fails the Ray tests with the reason
    (the nodes' log tails, Ray's last connection error): only a missing Ray skips them."""
    from tests.assess.ray_cluster import local_cluster

    try:
        started = local_cluster(worker_nodes=1)
        running = started.__enter__()
    except RuntimeError as exc:
        pytest.fail(f"the local Ray cluster did not start: {str(exc)[:2000]}", pytrace=False)
    try:
        yield running
    finally:
        started.__exit__(None, None, None)


def suicidal(marker: str, item: int) -> int:
    path = Path(marker)
    if not path.exists():
        path.write_text("died once")
        os.kill(os.getpid(), signal.SIGKILL)
    return item + 1


def always_dies(shared: Any, item: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return item


@needs_ray
@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.timeout(1500)  # the first one also waits for the cluster: up to 2 x 300 s
def test_ray_gives_the_in_process_answers(cluster: Any, in_process: dict[str, Any]) -> None:
    report = assess(ray=cluster.address)
    assert report.environment["executor"] == "ray"
    assert metrics(report) == in_process


@needs_ray
@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.timeout(1500)  # the first one also waits for the cluster: up to 2 x 300 s
def test_ray_retries_a_killed_worker_and_fails_closed_when_it_keeps_dying(
    cluster: Any, tmp_path: Path
) -> None:
    import cloudpickle
    import tests.assess.test_distributed as me

    from hauberk.core import TaskFailed, make_executor
    from hauberk.core._executor import RayExecutor

    cloudpickle.register_pickle_by_value(me)
    try:
        ex = make_executor("ray", address=cluster.address, max_retries=1)
        assert ex.map(suicidal, [1], shared=str(tmp_path / "marker")) == [2]
        assert (tmp_path / "marker").exists()
        with pytest.raises(TaskFailed, match="lost after 1 retries"):
            RayExecutor(max_retries=1).map(always_dies, [0])
    finally:
        import ray

        cloudpickle.unregister_pickle_by_value(me)
        ray.shutdown()


@needs_ray
@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.timeout(1500)  # the first one also waits for the cluster: up to 2 x 300 s
def test_batch_on_ray(cluster: Any, tmp_path: Path) -> None:
    _sklearn_target(tmp_path / "a", 1)
    (tmp_path / "targets.toml").write_text('[[target]]\nname = "alpha"\nconfig = "a/assess.toml"\n')
    out = hauberk_cli(
        "assess", "--batch", "targets.toml", "--ray", cluster.address, "--output-dir", "out",
        cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode in (0, 1), out.stderr[-2000:]
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert index["executor"] == "ray"
    report = json.loads((tmp_path / "out" / "alpha" / "report.json").read_text())
    assert report["environment"]["executor"] == "ray"
    assert all(r["status"] != Status.ERROR.value for r in report["results"])


@needs_ray
@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.timeout(1500)  # the first one also waits for the cluster: up to 2 x 300 s
def test_a_hauberk_version_mismatch_is_one_line_exit_2_before_any_work(
    cluster: Any, tmp_path: Path
) -> None:
    """The cluster's workers import this tree's hauberk; the driver runs a copy of the same
    tree whose ``__version__`` says otherwise (nothing is mocked: the real check sends a task
    to the cluster, reads the version the workers import and compares it with the driver's)."""
    import shutil
    import subprocess
    import sys

    import hauberk

    other = tmp_path / "other"
    shutil.copytree(Path(hauberk.__file__).parent, other / "hauberk")
    init = other / "hauberk" / "__init__.py"
    ours = f'__version__ = "{hauberk.__version__}"'
    assert ours in init.read_text()
    init.write_text(init.read_text().replace(ours, '__version__ = "0.0.1+driver"'))
    _sklearn_target(tmp_path / "a", 1)
    out = subprocess.run(
        [sys.executable, "-m", "hauberk", "assess", "--config", "a/assess.toml",
         "--ray", cluster.address, "--output-dir", "out"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
        env={**os.environ, "PYTHONPATH": str(other)},
    )  # fmt: skip
    line = one_line_error(out)
    assert f"--ray {cluster.address}: version mismatch: the cluster runs hauberk " in line
    assert f"hauberk {hauberk.__version__} on Python" in line
    assert "this driver hauberk 0.0.1+driver" in line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
