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


def test_allowlist_is_exact_names_only() -> None:
    for qualname in _policy.SAFE_GLOBALS:
        assert all(ch.isalnum() or ch in "._" for ch in qualname), qualname
    assert not hasattr(_policy, "SAFE_PATTERNS")
    assert _policy.TRAMPOLINES <= _policy.SAFE_GLOBALS
    assert _policy.LAZY_TRAMPOLINES <= _policy.TRAMPOLINES


def test_pickle_findings_carry_the_severity_their_rule_lists(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``hauberk checks`` shows each rule's severity: emitted pickle findings must agree."""
    from tests.supplychain.corpus_loader import corpus

    from hauberk.supplychain import scan
    from hauberk.supplychain._rules import ALL_RULES

    gen = corpus()
    listed = {rule.id: rule.severity for rule in ALL_RULES}
    streams = list(gen.payloads().values()) + [d for d, _ in gen.redteam2().values()]
    for i, data in enumerate(streams):
        (tmp_path / f"{i}.pkl").write_bytes(data)
    report = scan([tmp_path])
    seen = set()
    for finding in report.findings:
        if finding.id.startswith("HB-SC-PICKLE-") or finding.id == "HB-SC-LIMIT":
            assert finding.severity is listed[finding.id], (finding.id, finding.detail)
            seen.add(finding.id)
    assert {"HB-SC-PICKLE-GLOBAL", "HB-SC-PICKLE-CALL", "HB-SC-PICKLE-MALFORMED"} <= seen
