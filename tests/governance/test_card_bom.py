"""Model cards and ML-BOMs: every number from the report with its interval, fail closed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support import DEMO_RULE

import hauberk
from hauberk.core import CheckResult, InputError, Report, Status, clopper_pearson
from hauberk.governance import build_bom, card_context, gather, measurements, render_card

SRC = Path(hauberk.__file__).resolve().parents[1]
INTENDED = """
[model]
name = "iris-lr"
version = "1.2.0"
owners = ["ml-team@example.org"]

[intended_use]
primary_uses = ["sorting iris flowers in a teaching lab"]
primary_users = ["students"]
out_of_scope = ["any medical or safety decision"]

[considerations]
factors = ["species"]
ethical = ["<b>no personal data</b> in training"]
caveats = ["trained on 75 rows"]
"""


def make_report(model: Path, *, detail: str = "d") -> Report:
    """A report as `hauberk assess` writes it for ``model``: one measurement of each kind
    (Rate dict, bare pair with the sample size beside it, sliced by ε), one incomplete check,
    one error, one skipped, one finding."""
    accuracy = clopper_pearson(72, 75)
    robust = clopper_pearson(44, 75)
    results = (
        CheckResult.of(
            "governance.performance",
            "performance",
            [],
            {"accuracy": accuracy.value, "accuracy_ci": accuracy.to_dict(), "samples": 75},
        ),
        CheckResult.of(
            "evasion.black_box",
            "evasion",
            [DEMO_RULE.finding("m", detail, {"x": 1})],
            {
                "robust_accuracy@eps=0.3": robust.value,
                "robust_accuracy_ci@eps=0.3": robust.to_dict(),
            },
        ),
        CheckResult.of(
            "privacy.membership",
            "privacy",
            [],
            {
                "auc": 0.572,
                "auc_ci": [0.478115, 0.663292],
                "members": 75,
                "non_members": 75,
                "tpr_at_fpr_0.01_missing": "not measured: needs 1000 non-members, had 75",
            },
            partial=True,
            reason="auc inconclusive against 0.6",
        ),
        CheckResult.error("theft.extraction", "theft", "the endpoint refused queries"),
        CheckResult.skipped("privacy.inversion", "privacy", "no gradients"),
    )
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    return Report(
        target={
            "name": model.name,
            "data": {"train": {"rows": 75}, "test": {"rows": 75}},
            "ledger": {"db": "ledger.db", "model_sign_index": 7},
        },
        environment={
            "python": "3.11",
            "hauberk": "0",
            "seed": 0,
            "packages": {"numpy": "2.0.0", "scikit-learn": "1.5.0"},
            "artifacts": {str(model): digest},
        },
        results=results,
        stages={"performance": "monitoring/governance", "evasion": "inference"},
        rules={DEMO_RULE.id: DEMO_RULE},
        tool={"name": "hauberk", "version": "0"},
        created="2026-01-01T00:00:00+00:00",
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "model.bin").write_bytes(b"weights")
    make_report(tmp_path / "model.bin").save(tmp_path / "report.json")
    (tmp_path / "use.toml").write_text(INTENDED)
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.csv").write_text("a,b,label\n1,2,0\n3,4,1\n5,6,0\n")
    return tmp_path


def manifest(work: Path) -> Path:
    from hauberk.data._manifest import DataStore, ingest

    found = ingest(work / "data", store=DataStore(work / "store"), source="local", principal="t")
    (work / "manifest.json").write_text(found.to_json())
    return work / "manifest.json"


def hauberk_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real entry point in a process of its own (used once: it costs seconds)."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "hauberk", *args],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def run_main(
    args: list[str], work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """``hauberk.cli.main`` in this process: exit code and standard error."""
    from hauberk.cli import main

    monkeypatch.chdir(work)
    monkeypatch.setattr(sys, "argv", ["hauberk", *args])
    capsys.readouterr()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def test_bom_validates_and_carries_hashes_metrics_datasets_dependencies(work: Path) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    evidence = gather(
        work / "model.bin",
        report=work / "report.json",
        manifest=manifest(work),
        intended_use=work / "use.toml",
    )
    text = build_bom(evidence)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert bom["specVersion"] == "1.6"
    model = bom["metadata"]["component"]
    assert model["type"] == "machine-learning-model"
    assert (model["name"], model["version"]) == ("iris-lr", "1.2.0")
    assert model["hashes"] == [
        {"alg": "SHA-256", "content": hashlib.sha256(b"weights").hexdigest()}
    ]
    card = model["modelCard"]
    metrics = {
        m["type"].split(" ")[0]: m for m in card["quantitativeAnalysis"]["performanceMetrics"]
    }
    accuracy = clopper_pearson(72, 75)
    assert metrics["governance.performance:accuracy"]["value"] == repr(accuracy.value)
    assert metrics["governance.performance:accuracy"]["confidenceInterval"] == {
        "lowerBound": repr(accuracy.low),
        "upperBound": repr(accuracy.high),
    }
    assert (
        "n=150"
        in next(t for t in metrics.values() if "privacy.membership:auc" in t["type"])["type"]
    )
    assert metrics["evasion.black_box:robust_accuracy"]["slice"] == "eps=0.3"
    assert card["considerations"]["useCases"] == ["sorting iris flowers in a teaching lab"]
    cited = {p["name"]: p["value"] for p in model["properties"]}
    assert json.loads(cited["hauberk:ledger"]) == {"db": "ledger.db", "model_sign_index": 7}
    props = {p["name"]: p["value"] for p in card["properties"]}
    assert props["hauberk:check-error:theft.extraction"] == "the endpoint refused queries"
    assert "hauberk:check-incomplete:privacy.membership" in props
    data = next(c for c in bom["components"] if c["type"] == "data")
    assert (
        data["components"][0]["hashes"][0]["content"]
        == hashlib.sha256((work / "data" / "train.csv").read_bytes()).hexdigest()
    )
    libs = {c["name"]: c["version"] for c in bom["components"] if c["type"] == "library"}
    assert libs == {"numpy": "2.0.0", "scikit-learn": "1.5.0"}
    depends = next(d for d in bom["dependencies"] if d["ref"] == "model")["dependsOn"]
    assert data["bom-ref"] in depends and "pypi-numpy" in depends


def test_bom_without_report_lists_the_interpreter_and_says_what_is_missing(work: Path) -> None:
    bom = json.loads(build_bom(gather(work / "model.bin")))
    names = {c["name"] for c in bom["components"]}
    assert "pydantic" in names
    props = [p["value"] for p in bom["metadata"]["component"]["modelCard"]["properties"]]
    assert any("no assessment report" in p for p in props)


def test_card_shows_numbers_with_intervals_and_n(work: Path) -> None:
    evidence = gather(work / "model.bin", report=work / "report.json")
    text = render_card(evidence, "md")
    accuracy = clopper_pearson(72, 75)
    row = (
        f"| governance.performance | accuracy | {accuracy.value:.3f} | "
        f"95% CI {accuracy.low:.3f}-{accuracy.high:.3f} | 75 | clopper-pearson |"
    )
    assert row in text
    assert "| privacy.membership | auc | 0.572 | 95% CI 0.478-0.663 | 150 |" in text
    assert "tpr_at_fpr_0.01: not measured" in text
    for section in (
        "Model details",
        "Intended use",
        "Factors",
        "Metrics",
        "Evaluation data",
        "Training data",
        "Ethical considerations",
        "Caveats and recommendations",
    ):
        assert f"## {section}" in text
    assert "Intended use\n\nNot stated" in text
    assert '- Ledger: `{"db": "ledger.db", "model_sign_index": 7}`' in text


def test_incomplete_and_error_checks_are_never_shown_as_passes(work: Path) -> None:
    context = card_context(gather(work / "model.bin", report=work / "report.json"))
    assert context["passed"] == ["governance.performance"]
    unfinished = {u["check"]: u["status"] for u in context["unfinished"]}
    assert unfinished == {
        "privacy.membership": "incomplete",
        "theft.extraction": "error (did not run)",
    }
    text = render_card(gather(work / "model.bin", report=work / "report.json"), "md")
    assert "- privacy.membership: incomplete: auc inconclusive against 0.6" in text
    assert "| privacy.membership | privacy | incomplete |" in text
    assert "Every check that ran finished" not in text


def test_card_states_intended_use_and_manifest_from_the_files(work: Path) -> None:
    evidence = gather(
        work / "model.bin",
        report=work / "report.json",
        manifest=manifest(work),
        intended_use=work / "use.toml",
    )
    text = render_card(evidence, "md")
    assert "Primary uses: sorting iris flowers in a teaching lab" in text
    assert "Out of scope: any medical or safety decision" in text
    assert evidence.manifest is not None and evidence.manifest.id in text
    assert "3 rows" in text
    # the report has no fairness or explanations result: the card says so, nothing else
    assert [m.split(" ", 1)[0] for m in evidence.missing] == ["fairness", "explanations"]
    assert "Fairness was not measured: the report has no governance.fairness result" in text


def test_html_card_escapes_what_the_report_holds(work: Path) -> None:
    make_report(work / "model.bin", detail="<script>alert(1)</script>").save(work / "r.json")
    html = render_card(
        gather(work / "model.bin", report=work / "r.json", intended_use=work / "use.toml"), "html"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;no personal data&lt;/b&gt;" in html
    assert html.startswith("<!doctype html>")
    markdown = render_card(gather(work / "model.bin", report=work / "r.json"), "md")
    assert "<script>" not in markdown and "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown


def test_a_report_of_another_model_is_refused(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "other.bin").write_bytes(b"other weights")
    with pytest.raises(InputError, match="assessed other model files"):
        gather(work / "other.bin", report=work / "report.json")
    for command in ("bom", "card"):
        out = work / f"out.{'json' if command == 'bom' else 'md'}"
        args = [command, "other.bin", "--report", "report.json", "-o", out.name]
        code, err = run_main(args, work, monkeypatch, capsys)
        assert code == 2, err
        assert len(err.strip().splitlines()) == 1
        assert not out.exists()


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("report.json", None, "not a hauberk report"),
        ("manifest.json", '{"dataset": 1}', "manifest field"),
        ("use.toml", "[intended_use]\nprimary_uses = 3\n", "intended_use.primary_uses"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    work: Path,
    name: str,
    body: str | None,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = work / f"bad-{name}"
    bad.write_text(body if body is not None else json.dumps({"not": "a report"}))
    flag = {
        "report.json": "--report",
        "manifest.json": "--data-manifest",
        "use.toml": "--intended-use",
    }
    args = ["card", "model.bin", "--report", "report.json", flag[name], bad.name, "-o", "card.md"]
    if name == "report.json":
        args = ["card", "model.bin", "--report", bad.name, "-o", "card.md"]
    code, err = run_main(args, work, monkeypatch, capsys)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (work / "card.md").exists()


def test_cli_writes_bom_and_both_card_formats(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run = hauberk_cli("bom", "model.bin", "--report", "report.json", "-o", "bom.cdx.json", cwd=work)
    assert run.returncode == 0, run.stderr
    assert json.loads((work / "bom.cdx.json").read_text())["bomFormat"] == "CycloneDX"
    for name in ("card.md", "card.html"):
        args = ["card", "model.bin", "--report", "report.json", "-o", name]
        code, err = run_main(args, work, monkeypatch, capsys)
        assert code == 0, err
        assert "governance.performance" in (work / name).read_text()


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 10_000), data=st.data())
def test_every_rate_in_a_report_reaches_the_card_with_its_interval(
    n: int, data: st.DataObject
) -> None:
    rate = clopper_pearson(data.draw(st.integers(0, n)), n)
    result = CheckResult.of("x.y", "x", [], {"rate": rate.value, "rate_ci": rate.to_dict()})
    report = Report(target={"name": "m"}, environment={}, results=(result,))
    (found,), missing = measurements(report)
    assert not missing
    assert (found.value, found.low, found.high, found.n) == (rate.value, rate.low, rate.high, n)
    assert found.low <= found.value <= found.high


def test_a_metric_without_an_interval_is_left_out() -> None:
    result = CheckResult.of("x.y", "x", [], {"ece": 0.1, "rate": 0.5, "rate_ci": [0.4, 0.6]})
    (found,), _ = measurements(Report(target={}, environment={}, results=(result,)))
    assert found.name == "rate" and found.n is None
    assert Status.PASSED is result.status


def test_a_real_assessment_reaches_the_card(tmp_path: Path) -> None:
    """`hauberk.assess` on a small scikit-learn model file: its accuracy and interval are on
    the card, and the report is confirmed to be about that file."""
    import joblib
    from tests.assess.test_run import DATA_LOADER, iris_classifier

    from hauberk.assess import assess, parse_config
    from hauberk.core import default_registry

    joblib.dump(iris_classifier(), tmp_path / "m.joblib")
    raw = {
        "assess": {"stages": ["performance"]},
        "model": {"path": str(tmp_path / "m.joblib"), "allow_pickle": True},
        "data": {"python": DATA_LOADER},
    }
    registry = default_registry()
    report = assess(parse_config(raw, registry, source="t", base_dir=tmp_path), registry=registry)
    report.save(tmp_path / "report.json")
    evidence = gather(tmp_path / "m.joblib", report=tmp_path / "report.json")
    assert evidence.report_matches
    metrics = next(r for r in report.results if r.check == "governance.performance").metrics
    ci = metrics["accuracy_ci"]
    assert isinstance(ci, dict)
    text = render_card(evidence, "md")
    assert (
        f"| {float(metrics['accuracy']):.3f} | 95% CI {ci['ci_low']:.3f}-{ci['ci_high']:.3f} |"
        in text
    )
    assert json.loads(build_bom(evidence))["metadata"]["component"]["modelCard"]
