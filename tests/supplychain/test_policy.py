"""The allow/deny policy is data: check it as data."""

from __future__ import annotations

import pytest

from hauberk.core import Severity
from hauberk.supplychain import _policy
from hauberk.supplychain._policy import judge


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("torch._utils", "_rebuild_tensor_v2"),
        ("torch", "FloatStorage"),
        ("torch", "float32"),
        ("collections", "OrderedDict"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "dtype"),
        ("numpy", "float64"),
        ("sklearn.linear_model._logistic", "LogisticRegression"),
        ("sklearn.tree._tree", "Tree"),
        ("joblib.numpy_pickle", "NumpyArrayWrapper"),
        ("copyreg", "_reconstructor"),
        ("__builtin__", "set"),
    ],
)
def test_legitimate_reconstructors_are_allowed(module: str, name: str) -> None:
    assert judge(module, name).allowed


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("os", "system"),
        ("posix", "system"),
        ("nt", "system"),
        ("subprocess", "Popen"),
        ("builtins", "eval"),
        ("builtins", "exec"),
        ("__builtin__", "eval"),
        ("builtins", "getattr"),
        ("builtins", "__import__"),
        ("builtins", "open"),
        ("importlib", "import_module"),
        ("inspect", "getattr_static"),
        ("pkgutil", "resolve_name"),
        ("operator", "attrgetter"),
        ("runpy", "run_path"),
        ("ctypes", "CDLL"),
        ("socket", "socket"),
        ("shutil", "rmtree"),
        ("io", "open"),
        ("webbrowser", "open"),
        ("pip", "main"),
        ("pdb", "run"),
        ("cProfile", "run"),
        ("timeit", "timeit"),
        ("pickle", "loads"),
        ("_pickle", "loads"),
        ("marshal", "loads"),
        ("torch", "serialization.os.system"),
        ("collections", "OrderedDict.__init__.__globals__"),
        ("sklearn.utils", "_testing.os.system"),
        ("torch", "load"),
    ],
)
def test_dangerous_globals_are_critical(module: str, name: str) -> None:
    assert judge(module, name).severity is Severity.CRITICAL


def test_unknown_globals_are_at_least_medium() -> None:
    assert judge("mypackage.models", "Net").severity is Severity.MEDIUM
    assert judge("__main__", "Net").severity is Severity.MEDIUM
    assert judge("numpy", "some_new_function").severity is Severity.MEDIUM
    assert judge("torch", "nn.functional.relu").severity is Severity.HIGH


def test_no_allowlisted_name_is_also_denied() -> None:
    for qualname in _policy.SAFE_GLOBALS:
        module, _, name = qualname.rpartition(".")
        assert qualname not in _policy.CRITICAL_GLOBALS
        assert judge(module, name).allowed, qualname


def test_policy_tables_are_consistent() -> None:
    assert set(_policy.RESOLVERS) <= set(_policy.CRITICAL_GLOBALS) | {
        q for q in _policy.RESOLVERS if _policy._module_category(q.rpartition(".")[0])
    }
    assert all(
        judge(*q.rsplit(".", 1)).severity is Severity.CRITICAL for q in _policy.NESTED_LOADERS
    )
