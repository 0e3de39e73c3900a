"""CycloneDX 1.6 machine-learning BOM of a model, built with cyclonedx-python-lib.

The model is the BOM's ``metadata.component`` (type ``machine-learning-model``) with the
SHA-256 of each of its files; each dataset of a ``hauberk data ingest`` manifest is a
``data`` component whose files are sub-components with their digests; the Python
distributions are ``library`` components the model depends on (from the report's recorded
environment, else the running interpreter's). cyclonedx-python-lib 11 has no model-card
model yet, so ``modelCard`` (quantitative analysis from the report's measurements, with their
intervals; considerations from the owner's intended-use file) is added to the serialised
JSON, and the whole document is then validated against the official 1.6 JSON schema the
library ships (strict validator). A document that does not validate is a bug: it raises.
"""

from __future__ import annotations

import json
from importlib.metadata import distributions
from typing import TYPE_CHECKING, Any

from hauberk.core import HauberkError

if TYPE_CHECKING:
    from hauberk.governance._evidence import Evidence

MODEL_REF = "model"


class BomInvalid(HauberkError):
    """The BOM built does not validate against the CycloneDX schema (a bug in hauberk)."""


def _packages(evidence: Evidence) -> tuple[dict[str, str], str]:
    report = evidence.report
    if report is not None:
        recorded = report.environment.get("packages")
        if isinstance(recorded, dict) and recorded:
            return {str(k): str(v) for k, v in recorded.items()}, "report environment"
    found: dict[str, str] = {}
    for dist in distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(str(name), dist.version)
    return found, "running interpreter"


def _model_card(evidence: Evidence, dataset_refs: list[str]) -> dict[str, Any]:
    from hauberk.governance._evidence import measurements

    card: dict[str, Any] = {"bom-ref": "model-card"}
    if dataset_refs:
        card["modelParameters"] = {"datasets": [{"ref": r} for r in dataset_refs]}
    props: list[dict[str, str]] = []
    if evidence.report is not None:
        found, missing = measurements(evidence.report)
        metrics = []
        for m in found:
            n = f"n={m.n}" if m.n is not None else "n not recorded"
            base, _, where = m.name.partition("@")
            entry: dict[str, Any] = {
                "type": f"{m.check}:{base} ({round(m.confidence * 100)}% CI, {n})",
                "value": repr(m.value),
                "confidenceInterval": {"lowerBound": repr(m.low), "upperBound": repr(m.high)},
            }
            if where:
                entry["slice"] = where
            metrics.append(entry)
        if metrics:
            card["quantitativeAnalysis"] = {"performanceMetrics": metrics}
        props += [
            {"name": f"hauberk:not-measured:{m.check}:{m.name}", "value": m.reason} for m in missing
        ]
        for result in evidence.report.results:
            if result.unfinished:
                props.append(
                    {
                        "name": f"hauberk:check-{result.status.value}:{result.check}",
                        "value": result.reason or "did not finish; not a pass",
                    }
                )
    considerations: dict[str, Any] = {}
    config = evidence.config
    if config is not None:
        use = config.intended_use
        if use.primary_users:
            considerations["users"] = list(use.primary_users)
        if use.primary_uses:
            considerations["useCases"] = list(use.primary_uses)
        limits = [f"out of scope: {u}" for u in use.out_of_scope]
        limits += list(config.considerations.caveats)
        if limits:
            considerations["technicalLimitations"] = limits
        if config.considerations.ethical:
            considerations["ethicalConsiderations"] = [
                {"name": e} for e in config.considerations.ethical
            ]
    if evidence.report is not None:
        risks = [
            {"name": f"{f.id} ({f.severity.label}): {f.title}", "mitigationStrategy": f.remediation}
            for f in evidence.report.findings
        ]
        if risks:
            considerations.setdefault("ethicalConsiderations", []).extend(risks)
    fairness, explained = _fairness_and_explanations(evidence)
    if fairness:
        considerations["fairnessAssessments"] = fairness
    props += explained
    if considerations:
        card["considerations"] = considerations
    props += [{"name": "hauberk:evidence-missing", "value": m} for m in evidence.missing]
    if props:
        card["properties"] = props
    return card


def _fairness_and_explanations(
    evidence: Evidence,
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """``fairnessAssessments`` and explanation properties from the report's measurements."""
    from hauberk.governance._sections import explanations_section, fairness_section

    fair = fairness_section(evidence.report)
    props: list[dict[str, str]] = []
    assessments: list[dict[str, str]] = []
    if fair["gap"] is None:
        summary = (
            f"demographic parity difference {fair['demographic_parity']}; equalised odds "
            f"difference {fair['equalized_odds']}"
        )
        findings = {f.id: f for f in evidence.report.findings} if evidence.report else {}
        for rule_id in fair["findings"] or [None]:
            finding = findings.get(rule_id) if rule_id else None
            entry = {
                "groupAtRisk": f"groups of {fair['sensitive']}: "
                + ", ".join(f"{g['group']} (n={g['count']})" for g in fair["groups"]),
                "harms" if finding else "benefits": finding.detail
                if finding
                else f"within the configured limits: {summary}",
            }
            if finding:
                entry["mitigationStrategy"] = finding.remediation
            assessments.append(entry)
        props.append({"name": "hauberk:fairness", "value": summary})
    explained = explanations_section(evidence.report)
    if explained["gap"] is None:
        props.append(
            {
                "name": "hauberk:explanations:global-importance",
                "value": json.dumps(
                    {f["feature"]: f["value"] for f in explained["importance"]}, sort_keys=False
                ),
            }
        )
        props.append(
            {
                "name": "hauberk:explanations:stability",
                "value": f"SHAP {explained['explainer']}, noise {explained['noise']} x std: "
                f"mean rank correlation {explained['rank_correlation']}, unstable rows "
                f"{explained['unstable_share']}",
            }
        )
    return assessments, props


def build_bom(evidence: Evidence) -> str:
    """The BOM as JSON text, validated against the CycloneDX 1.6 schema."""
    from cyclonedx.model import HashAlgorithm, HashType, Property
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output.json import JsonV1Dot6
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    from packageurl import PackageURL

    import hauberk

    bom = Bom()
    model = Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=evidence.name,
        version=evidence.version,
        bom_ref=MODEL_REF,
        hashes=[HashType(alg=HashAlgorithm.SHA_256, content=f.sha256) for f in evidence.files]
        if len(evidence.files) == 1
        else [],
    )
    if len(evidence.files) > 1:
        for i, f in enumerate(evidence.files):
            model.components.add(
                Component(
                    type=ComponentType.FILE,
                    name=f.path,
                    bom_ref=f"model-file-{i}",
                    hashes=[HashType(alg=HashAlgorithm.SHA_256, content=f.sha256)],
                )
            )
    if evidence.report_sha256 is not None:
        model.properties.add(Property(name="hauberk:report-sha256", value=evidence.report_sha256))
    if evidence.report is not None:
        for key in ("ledger", "signature"):
            cited = evidence.report.target.get(key)
            if cited is not None:
                model.properties.add(
                    Property(name=f"hauberk:{key}", value=json.dumps(cited, sort_keys=True))
                )
    bom.metadata.component = model
    bom.metadata.tools.components.add(
        Component(type=ComponentType.APPLICATION, name="hauberk", version=hauberk.__version__)
    )
    dataset_refs: list[str] = []
    manifest = evidence.manifest
    if manifest is not None:
        ref = f"dataset-{manifest.id[:16]}"
        data = Component(
            type=ComponentType.DATA,
            name=manifest.dataset,
            bom_ref=ref,
            properties=[
                Property(name="hauberk:manifest-id", value=manifest.id),
                Property(name="hauberk:source", value=manifest.source),
                Property(name="hauberk:location", value=manifest.location),
                Property(name="hauberk:rows", value=str(manifest.rows)),
                Property(name="hauberk:root-digest", value=manifest.root_digest),
                Property(name="hauberk:ingested-at", value=manifest.ingested_at),
                Property(name="hauberk:principal", value=manifest.principal),
            ],
        )
        for i, record in enumerate(manifest.files):
            props = [Property(name="hauberk:size", value=str(record.size))]
            if record.rows is not None:
                props.append(Property(name="hauberk:rows", value=str(record.rows)))
            data.components.add(
                Component(
                    type=ComponentType.FILE,
                    name=record.path,
                    bom_ref=f"{ref}-file-{i}",
                    hashes=[HashType(alg=HashAlgorithm.SHA_256, content=record.sha256)],
                    properties=props,
                )
            )
        bom.components.add(data)
        bom.register_dependency(model, [data])
        dataset_refs.append(ref)
    packages, origin = _packages(evidence)
    libraries = []
    for name, version in sorted(packages.items()):
        libraries.append(
            Component(
                type=ComponentType.LIBRARY,
                name=name,
                version=version,
                bom_ref=f"pypi-{name}",
                purl=PackageURL(type="pypi", name=name, version=version),
            )
        )
    for lib in libraries:
        bom.components.add(lib)
    bom.register_dependency(model, libraries)
    model.properties.add(Property(name="hauberk:dependencies-from", value=origin))

    doc = json.loads(JsonV1Dot6(bom).output_as_string())
    doc["metadata"]["component"]["modelCard"] = _model_card(evidence, dataset_refs)
    text = json.dumps(doc, indent=2, sort_keys=False) + "\n"
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if error is not None:
        raise BomInvalid(f"the BOM does not validate against CycloneDX 1.6: {error}")
    return text
