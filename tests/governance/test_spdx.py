"""SPDX 3.0.1 ML-BOM: valid against the official schema and SHACL model offline, every
measured value from the report, round-trips through the SPDX bindings, fails closed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from tests.governance.test_card_bom import INTENDED, make_report, manifest, run_main
from tests.support import DEMO_RULE

from hauberk.core import CheckResult, Report, Severity, read_report
from hauberk.governance import build_spdx, gather, measurements, validate_spdx
from hauberk.governance._spdx import (
    SCHEMA_FILE,
    _shacl_graph,
    _vendored,
    personal_data,
    safety_risk,
    shacl_violations,
)

AI = "ai_AIPackage"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("spdx")
    (work / "model.bin").write_bytes(b"weights")
    make_report(work / "model.bin").save(work / "report.json")
    owners = 'owners = ["ml-team@example.org"]'
    (work / "use.toml").write_text(INTENDED.replace(owners, owners + '\nlicense = "Apache-2.0"'))
    data = work / "data"
    data.mkdir()
    (data / "train.csv").write_text("a,b,label\n1,2,0\n3,4,1\n5,6,0\n")
    manifest(work)
    return work


@pytest.fixture(scope="module")
def text(work: Path) -> str:
    evidence = gather(
        work / "model.bin",
        report=work / "report.json",
        manifest=work / "manifest.json",
        intended_use=work / "use.toml",
    )
    return build_spdx(evidence)


def graph(text: str) -> list[dict[str, Any]]:
    doc = json.loads(text)
    assert doc["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    items: list[dict[str, Any]] = doc["@graph"]
    return items


def of_type(text: str, kind: str) -> list[dict[str, Any]]:
    return [e for e in graph(text) if e["type"] == kind]


def by_id(text: str) -> dict[str, dict[str, Any]]:
    return {e.get("spdxId", e.get("@id")): e for e in graph(text)}


def relation(text: str, kind: str) -> dict[str, Any]:
    (found,) = [e for e in of_type(text, "Relationship") if e["relationshipType"] == kind]
    return found


def test_document_validates_against_the_official_schema_and_shacl(text: str) -> None:
    assert validate_spdx(text) == []


@pytest.mark.slow
def test_the_reference_json_schema_validator_agrees(text: str) -> None:
    """python-jsonschema (the reference implementation, ~10 s on this schema) finds the
    same document valid that jsonschema-rs passed, and the same broken one invalid."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(_vendored(SCHEMA_FILE)))
    assert list(validator.iter_errors(json.loads(text))) == []
    (info,) = of_type(text, "CreationInfo")
    del info["specVersion"]
    broken = {"@context": json.loads(text)["@context"], "@graph": [info]}
    assert not validator.is_valid(broken)
    assert validate_spdx(json.dumps(broken))


def test_model_package_carries_hash_supplier_metrics_and_limits(work: Path, text: str) -> None:
    (model,) = of_type(text, AI)
    assert model["name"] == "iris-lr" and model["software_packageVersion"] == "1.2.0"
    assert model["software_primaryPurpose"] == "model"
    assert model["verifiedUsing"] == [
        {"type": "Hash", "algorithm": "sha256", "hashValue": hashlib.sha256(b"weights").hexdigest()}
    ]
    assert by_id(text)[model["suppliedBy"]]["name"] == "ml-team@example.org"
    licence = by_id(text)[relation(text, "hasDeclaredLicense")["to"][0]]
    assert licence["simplelicensing_licenseExpression"] == "Apache-2.0"
    assert "sorting iris flowers" in model["ai_informationAboutApplication"]
    limits = model["ai_limitation"]
    assert "check theft.extraction error: the endpoint refused queries; not a pass" in limits
    assert "check privacy.membership incomplete" in limits
    assert f"finding {DEMO_RULE.id} (high)" in limits
    assert "tpr_at_fpr_0.01 not measured" in limits
    # hauberk measures neither: said explicitly, not left out silently
    assert model["ai_autonomyType"] == "noAssertion"
    notes = [a["statement"] for a in of_type(text, "Annotation") if a["subject"] == model["spdxId"]]
    assert "energyConsumption: not measured by hauberk" in notes
    report_sha = hashlib.sha256((work / "report.json").read_bytes()).hexdigest()
    assert f"assessment report SHA-256 {report_sha}" in notes


def test_every_metric_is_a_measurement_of_the_report_with_its_interval(
    work: Path, text: str
) -> None:
    (model,) = of_type(text, AI)
    written = {e["key"]: e["value"] for e in model["ai_metric"]}
    found, _ = measurements(read_report(work / "report.json"))
    assert len(found) == 3
    assert set(written) == {f"{m.check}:{m.name}" for m in found}
    for m in found:
        value = written[f"{m.check}:{m.name}"]
        assert value.startswith(f"{m.value!r} (95% CI {m.low!r} to {m.high!r}, n={m.n}")
    assert "n=150" in written["privacy.membership:auc"]


def test_an_unfinished_assessment_states_no_safety_risk(text: str) -> None:
    (model,) = of_type(text, AI)
    assert "ai_safetyRiskAssessment" not in model
    notes = [a["statement"] for a in of_type(text, "Annotation")]
    assert any(
        n.startswith("safetyRiskAssessment: not stated: the assessment did not finish")
        for n in notes
    )


def test_datasets_relationships_and_dependencies(work: Path, text: str) -> None:
    (model,) = of_type(text, AI)
    ids = by_id(text)
    trained = relation(text, "trainedOn")
    assert trained["from"] == model["spdxId"]
    (dataset,) = (ids[t] for t in trained["to"])
    assert dataset["type"] == "dataset_DatasetPackage"
    assert dataset["dataset_datasetType"] == ["structured"]
    assert dataset["dataset_datasetSize"] == (work / "data" / "train.csv").stat().st_size
    assert dataset["description"].startswith("3 rows in 1 files")
    assert dataset["dataset_hasSensitivePersonalInformation"] == "noAssertion"
    contains = next(r for r in of_type(text, "Relationship") if r["from"] == dataset["spdxId"])
    (file,) = (ids[t] for t in contains["to"])
    digest = hashlib.sha256((work / "data" / "train.csv").read_bytes()).hexdigest()
    assert file["verifiedUsing"][0]["hashValue"] == digest
    tested = ids[relation(text, "testedOn")["to"][0]]
    assert tested["description"].startswith("75 rows")
    depends = relation(text, "dependsOn")
    libraries = {ids[t]["name"]: ids[t]["software_packageUrl"] for t in depends["to"]}
    assert libraries == {
        "numpy": "pkg:pypi/numpy@2.0.0",
        "scikit-learn": "pkg:pypi/scikit-learn@1.5.0",
    }
    (document,) = of_type(text, "SpdxDocument")
    assert document["rootElement"] == [model["spdxId"]]
    assert {"core", "software", "ai", "dataset"} <= set(document["profileConformance"])
    (info,) = of_type(text, "CreationInfo")
    assert info["specVersion"] == "3.0.1"
    assert ids[info["createdBy"][0]]["type"] == "SoftwareAgent"


def test_round_trip_through_the_spdx_bindings(text: str) -> None:
    from spdx_python_model import v3_0_1 as spdx

    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().deserialize_data(json.loads(text), objects)
    (model,) = objects.foreach_type(spdx.ai_AIPackage)
    assert model.name == "iris-lr"
    assert model.ai_autonomyType == spdx.PresenceType.noAssertion
    again = spdx.JSONLDSerializer().serialize_data(objects)
    key = lambda e: str(e.get("spdxId", e.get("@id")))  # noqa: E731
    assert sorted(again["@graph"], key=key) == sorted(graph(text), key=key)
    assert validate_spdx(json.dumps(again)) == []


def test_a_reference_of_the_wrong_class_is_caught_by_shacl_not_the_schema(text: str) -> None:
    """The JSON schema only sees an IRI; the SHACL model knows suppliedBy must be an Agent."""
    doc = json.loads(text)
    model = next(e for e in doc["@graph"] if e["type"] == AI)
    model["suppliedBy"] = model["spdxId"]
    errors = validate_spdx(json.dumps(doc))
    assert errors and all(e.startswith("shacl:") for e in errors)
    assert any("suppliedBy" in e for e in errors)


def _break_references(doc: dict[str, Any]) -> None:
    model = next(e for e in doc["@graph"] if e["type"] == AI)
    model["suppliedBy"] = model["spdxId"]  # not an Agent
    model["ai_autonomyType"] = "https://spdx.org/rdf/3.0.1/terms/Core/NoAssertionElement"
    relation = next(e for e in doc["@graph"] if e["type"] == "Relationship")
    (info,) = (e for e in doc["@graph"] if e["type"] == "CreationInfo")
    relation["to"] = [info["@id"]]  # not an Element


@pytest.mark.slow
@pytest.mark.parametrize("broken", [False, True], ids=["valid", "broken"])
def test_the_ontology_subset_finds_what_the_whole_model_finds(text: str, broken: bool) -> None:
    """spdx3-validate mixes the whole SPDX model into the graph; hauberk mixes in a subset
    (faster): the violations must be the same."""
    doc = json.loads(text)
    if broken:
        _break_references(doc)
    ours = shacl_violations(doc)
    theirs = shacl_violations(doc, ontology=_shacl_graph())

    def where(found: list[str]) -> list[str]:  # node, path, constraint and value; pySHACL's
        return [e.split("): ")[0] for e in found]  # messages list sh:in values in any order

    assert where(ours) == where(theirs)
    assert bool(ours) is broken
    for what in ("suppliedBy ClassConstraint", "autonomyType InConstraint", "/Core/to Class"):
        assert not broken or any(what in e for e in ours), what


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.update({"@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld"}),
        lambda d: d["@graph"].append({"type": "ai_AIPackage", "spdxId": "urn:x:y"}),
        lambda d: next(e for e in d["@graph"] if e["type"] == AI).update(
            {"ai_safetyRiskAssessment": "catastrophic"}
        ),
    ],
    ids=["other-version", "no-creation-info", "unknown-risk-level"],
)
def test_the_schema_refuses_broken_documents(text: str, edit: Any) -> None:
    doc = json.loads(text)
    edit(doc)
    errors = validate_spdx(json.dumps(doc))
    assert errors and errors[0].startswith("schema:")


def _report(*results: CheckResult) -> Report:
    return Report(target={"name": "m"}, environment={}, results=results)


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        (None, "low"),
        (Severity.LOW, "low"),
        (Severity.MEDIUM, "medium"),
        (Severity.HIGH, "high"),
        (Severity.CRITICAL, "serious"),
    ],
)
def test_safety_risk_follows_the_worst_finding_of_a_finished_assessment(
    severity: Severity | None, level: str
) -> None:
    found = [] if severity is None else [DEMO_RULE.finding("m", "d", {}, severity=severity)]
    assert safety_risk(_report(CheckResult.of("x.y", "x", found, {})))[0] == level
    unfinished = CheckResult.error("x.z", "x", "crashed")
    got, why = safety_risk(_report(CheckResult.of("x.y", "x", found, {}), unfinished))
    # unfinished: only a critical finding decides (nothing is worse than serious)
    assert got == ("serious" if severity is Severity.CRITICAL else None)
    assert got is not None or "x.z" in why
    assert safety_risk(None)[0] is None
    # nothing assessed is not low risk
    assert safety_risk(_report())[0] is None
    assert safety_risk(_report(CheckResult.skipped("x.y", "x", "no model")))[0] is None


def test_personal_data_is_no_only_after_a_finished_clean_scan() -> None:
    clean = CheckResult.of("data.pii", "data", [], {"train.personal_columns": []})
    assert personal_data(_report(clean)).value == "no"
    found = CheckResult.of(
        "data.pii", "data", [], {"train.personal_columns": ["email"]}, partial=True, reason="cut"
    )
    assert personal_data(_report(found)).value == "yes"
    assert "email" in personal_data(_report(found)).because
    cut = CheckResult.of("data.pii", "data", [], {}, partial=True, reason="100 of 900 rows")
    assert personal_data(_report(cut)).value == "noAssertion"
    crashed = CheckResult.error("data.pii", "data", "unreadable")
    assert personal_data(_report(crashed)).value == "noAssertion"
    assert personal_data(_report()).value == "noAssertion"
    assert personal_data(None).value == "noAssertion"


def test_a_model_folder_lists_each_file_with_its_digest(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    (folder / "weights.bin").write_bytes(b"w")
    digests = {"c": hashlib.sha256(b"{}").hexdigest(), "w": hashlib.sha256(b"w").hexdigest()}
    Report(
        target={"name": "m"},
        environment={
            "python": "3.11",
            "hauberk": "0",
            "seed": 0,
            "packages": {"numpy": "2.0.0"},
            "artifacts": digests,
        },
        results=(),
        tool={"name": "hauberk", "version": "0"},
        created="2026-01-01T00:00:00+00:00",
    ).save(tmp_path / "report.json")
    text = build_spdx(gather(folder, report=tmp_path / "report.json"))
    (model,) = of_type(text, AI)
    assert "verifiedUsing" not in model
    files = {e["name"]: e["verifiedUsing"][0]["hashValue"] for e in of_type(text, "software_File")}
    assert files == {"config.json": digests["c"], "weights.bin": digests["w"]}
    assert relation(text, "contains")["from"] == model["spdxId"]
    assert "no intended use stated" in model["ai_limitation"]
    assert validate_spdx(text) == []


def test_cli_writes_spdx_and_refuses_bad_input_with_one_line(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["bom", "model.bin", "--report", "report.json", "-f", "spdx3", "-o", "bom.spdx3.json"]
    code, err = run_main(args, work, monkeypatch, capsys)
    assert code == 0, err
    assert validate_spdx((work / "bom.spdx3.json").read_text()) == []
    (work / "other.bin").write_bytes(b"other weights")
    for bad in (
        ["bom", "other.bin", "--report", "report.json", "-f", "spdx3", "-o", "x.json"],
        ["bom", "model.bin", "--data-manifest", "use.toml", "-f", "spdx3", "-o", "x.json"],
        ["bom", "missing.bin", "-f", "spdx3", "-o", "x.json"],
        ["bom", "model.bin", "-f", "spdx2", "-o", "x.json"],
    ):
        code, err = run_main(bad, work, monkeypatch, capsys)
        assert code == 2, (bad, err)
        if "spdx2" not in bad:
            assert len(err.strip().splitlines()) == 1, err
        assert not (work / "x.json").exists()


def test_a_text_nested_deeper_than_the_readers_go_is_an_error_not_a_crash() -> None:
    # round 28: the parser's RecursionError and the schema validator's ValueError escaped
    assert validate_spdx("[" * 200_000 + "]" * 200_000) == ["json: nested too deeply to read"]
    assert validate_spdx("[" * 950 + "]" * 950)[0].startswith("schema: ")
    assert validate_spdx("not json")[0].startswith("json: not JSON")
