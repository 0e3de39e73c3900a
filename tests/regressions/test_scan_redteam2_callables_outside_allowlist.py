"""Red team round 2 (issue 12): callables outside the allowlist were only medium.

Pagers, mail/stream clients, doctest and typing helpers that evaluate strings, logging config,
torch's environment tools and fx reducer, private ``_pyio``/``numpy.lib._npyio_impl`` names of
listed functions, a file-creating class admitted by the old "any capitalised name under
sklearn" pattern, and plain stdlib callables that create files (``gzip.open``, ``wave.open``
through INST, ``bz2.BZ2File`` through NEWOBJ_EX). Each stream really reaches its call under
CPython (checked with stand-ins); each must fail ``hauberk scan`` at the default
``--fail-on high``, and the known-dangerous ones are critical.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus
from tests.supplychain.pickle_audit import reached

from hauberk.core import Severity
from hauberk.supplychain import scan
from hauberk.supplychain._policy import judge

GADGETS = corpus().redteam2()
CRITICAL = [
    "rt2_pydoc_pipepager",
    "rt2_osx_support_read_output",
    "rt2_uuid_command_stdout",
    "rt2_imaplib_stream",
    "rt2_doctest_debug_script",
    "rt2_typing_eval_type",
    "rt2_logging_dictconfig",
    "rt2_torch_collect_env_run",
    "rt2_torch_fx_reduce_graph_module",
    "rt2_pyio_open",
    "rt2_numpy_npyio_impl_load",
    "rt2_sklearn_tempmemmap",
]
UNKNOWN_CALLED = [
    "rt2_gzip_open_creates_file",
    "rt2_inst_wave_open",
    "rt2_newobj_ex_unknown_class",
]


def _scan(tmp_path: Path, data: bytes) -> tuple[Severity | None, set[str]]:
    path = tmp_path / "m.pkl"
    path.write_bytes(data)
    report = scan([path])
    assert not report.errors, report.errors
    return report.worst, {f.id for f in report.findings}


@pytest.mark.parametrize("name", CRITICAL + UNKNOWN_CALLED)
def test_cpython_reaches_the_call(name: str) -> None:
    data, target = GADGETS[name]
    assert target in reached(data)


@pytest.mark.parametrize("name", CRITICAL)
def test_known_dangerous_callables_are_critical(tmp_path: Path, name: str) -> None:
    worst, ids = _scan(tmp_path, GADGETS[name][0])
    assert worst is Severity.CRITICAL
    assert "HB-SC-PICKLE-GLOBAL" in ids


@pytest.mark.parametrize("name", UNKNOWN_CALLED)
def test_unknown_callables_that_run_are_high(tmp_path: Path, name: str) -> None:
    worst, ids = _scan(tmp_path, GADGETS[name][0])
    assert worst is not None and worst >= Severity.HIGH
    assert "HB-SC-PICKLE-CALL" in ids


def test_importing_an_unknown_class_without_calling_it_stays_medium(tmp_path: Path) -> None:
    gen = corpus()
    data = gen.pickle_of(gen.EMPTY_DICT + gen.bstr("cls") + gen.glob("gzip", "GzipFile") + b"s")
    worst, ids = _scan(tmp_path, data)
    assert worst is Severity.MEDIUM and ids == {"HB-SC-PICKLE-UNKNOWN"}


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("_pyio", "FileIO"),  # private twin of a listed dangerous class
        ("_operator", "methodcaller"),
        ("numpy._core.numeric", "fromfile"),
        ("numpy.lib._npyio_impl", "savetxt"),
        ("posixpath", "os"),
        ("torch.multiprocessing.reductions", "rebuild_storage_filename"),
        ("torch._inductor.codecache", "PyCodeCache"),
        ("torch.hub", "load"),
        ("logging.config", "listen"),
        ("smtplib", "SMTP"),
        ("telnetlib", "Telnet"),
        ("ftplib", "FTP"),
        ("code", "InteractiveConsole"),
        ("codeop", "Compile"),
    ],
)
def test_dangerous_names_and_their_private_aliases_are_critical(module: str, name: str) -> None:
    assert judge(module, name).severity is Severity.CRITICAL


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("torch.nn.modules.linear", "NonDynamicallyQuantizableLinear2"),  # beside listed names
        ("sklearn.utils._testing", "MinimalClassifier"),
        ("_collections", "OrderedDict"),  # private alias of an allowed class: not listed
        ("numpy._core", "float64"),
        ("_datetime", "datetime"),
    ],
)
def test_no_pattern_or_alias_widens_the_allowlist(module: str, name: str) -> None:
    assert not judge(module, name).allowed
