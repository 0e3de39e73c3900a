"""SPDX 3.0.1 AI and Dataset profile BOM of a model, built with spdx-python-model.

The same evidence as the CycloneDX BOM (:mod:`hauberk.governance._bom`), in the SPDX 3
JSON-LD serialisation: the model is an ``ai_AIPackage`` (SHA-256 of its file, or of each
file of a model folder as ``software_File`` elements it ``contains``; supplier and licence
from the owner's statement; ``ai_metric`` entries for every measurement of the report with
its interval and n; ``ai_limitation`` for what the report found or could not finish;
``ai_safetyRiskAssessment`` from the worst finding, and only when the assessment finished or
the worst finding is already critical; ``ai_useSensitivePersonalInformation`` from the
``data.pii`` result; ``ai_autonomyType`` explicitly ``noAssertion`` and the energy use
annotated as not measured, since hauberk measures neither). The data manifest is a
``dataset_DatasetPackage`` (its files with their digests and rows, size in bytes,
``dataset_hasSensitivePersonalInformation`` from ``data.pii``) that the model is
``trainedOn``; the report's evaluation split is one it is ``testedOn``; the Python
distributions are ``software_Package`` elements (with ``pkg:pypi`` purls) it ``dependsOn``.

The document is built with the SPDX project's generated Python bindings
(``spdx-python-model``, from the 3.0.1 SHACL model by shacl2code), then validated, offline,
against the SPDX 3.0.1 JSON schema (with jsonschema-rs) and against the SPDX 3.0.1 SHACL
model (with pySHACL, on the RDF graph rdflib reads from the JSON-LD with the vendored
context): the files are in ``governance/spdx/`` (see its README for source and licence). A
document that does not validate is a bug: it raises :class:`BomInvalid`.
"""

from __future__ import annotations

import json
import uuid
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from hauberk.governance._bom import BomInvalid, _packages

if TYPE_CHECKING:
    from hauberk.core import Report
    from hauberk.governance._evidence import Evidence

SPEC_VERSION = "3.0.1"
CONTEXT_URL = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
SCHEMA_FILE = "spdx-json-schema-3.0.1.json"
MODEL_FILE = "spdx-model-3.0.1.ttl"
CONTEXT_FILE = "spdx-context-3.0.1.jsonld"
#: hauberk severity of the worst finding -> SPDX AI safetyRiskAssessment (EU AI Act words)
RISK = {"critical": "serious", "high": "high", "medium": "medium", "low": "low", "info": "low"}
MAX_ERRORS_SHOWN = 3


def _vendored(name: str) -> str:
    return resources.files("hauberk.governance").joinpath("spdx", name).read_text("utf-8")


@cache
def _schema_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(json.loads(_vendored(SCHEMA_FILE)))


@cache
def _shacl_graph() -> Any:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=_vendored(MODEL_FILE), format="turtle")
    return graph


@cache
def _context() -> Any:
    return json.loads(_vendored(CONTEXT_FILE))["@context"]


@cache
def _ontology() -> Any:
    """What of the SPDX model pySHACL needs mixed into a document's graph: every class's
    ``rdf:type`` and ``rdfs:subClassOf`` (for ``sh:class``) and every triple of the named
    individuals and properties (enum values such as ``PresenceType/noAssertion``,
    ``NoAssertionElement``), without the shapes' own bodies. spdx3-validate mixes in the
    whole model instead; this subset gives the same violations (tests/governance/test_spdx
    compares them) at a fifth of the time on a small document (bench/governance.py)."""
    import rdflib
    from rdflib import OWL, RDF, RDFS, BNode

    model = _shacl_graph()
    shapes = set(model.subjects(RDF.type, OWL.Class)) | set(
        model.subjects(RDF.type, rdflib.URIRef(SH + "NodeShape"))
    )
    out = rdflib.Graph()
    for s, p, o in model:
        if p in (RDF.type, RDFS.subClassOf) or (s not in shapes and not isinstance(s, BNode)):
            out.add((s, p, o))
    return out


SH = "http://www.w3.org/ns/shacl#"


def _document_graph(doc: dict[str, Any]) -> Any:
    import rdflib

    graph = rdflib.Graph()
    with warnings.catch_warnings():  # rdflib 7's JSON-LD parser uses its own ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(data=json.dumps({**doc, "@context": _context()}), format="json-ld")
    return graph


def shacl_violations(doc: dict[str, Any], *, ontology: Any = None) -> list[str]:
    """The SHACL violations of a parsed document, one line each, sorted (empty: conforms).

    ``ontology`` is what is mixed into the document's graph (default: :func:`_ontology`;
    the whole model, as spdx3-validate does, gives the same answer more slowly)."""
    import pyshacl
    import rdflib

    conforms, results, _ = pyshacl.validate(
        _document_graph(doc),
        shacl_graph=_shacl_graph(),
        ont_graph=_ontology() if ontology is None else ontology,
    )
    if conforms:
        return []
    sh = rdflib.Namespace(SH)
    out = []
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        component = str(results.value(r, sh.sourceConstraintComponent)).removeprefix(SH)
        out.append(
            f"shacl: {results.value(r, sh.focusNode)} {results.value(r, sh.resultPath)} "
            f"{component} (value {results.value(r, sh.value)}): "
            f"{results.value(r, sh.resultMessage)}"
        )
    return sorted(out) or ["shacl: the graph does not conform"]


def validate_spdx(text: str) -> list[str]:
    """Every way ``text`` breaks the SPDX 3.0.1 JSON schema or SHACL model (empty: valid).

    Nothing is fetched: the schema, the model and the JSON-LD context are the vendored
    copies. A document whose ``@context`` is not the 3.0.1 one is refused by the schema;
    the SHACL model is checked only on a document the schema accepts; text that is not
    JSON, or nests deeper than the parser or the schema validator go, is one error."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        return [f"json: not JSON ({exc})"]
    except RecursionError:  # json nests without limit: a text of "[" overflows the stack
        return ["json: nested too deeply to read"]
    try:
        errors = [
            f"schema: {e.instance_path or '/'}: {e.message[:300]}"
            for e in _schema_validator().iter_errors(doc)
        ]
    except ValueError as exc:  # jsonschema_rs: "Recursion limit reached" on a deep document
        return [f"schema: {exc}"]
    return errors or shacl_violations(doc)


@dataclass(frozen=True)
class Presence:
    """An SPDX ``PresenceType`` (yes, no, noAssertion) and the evidence behind it."""

    value: str
    because: str


def personal_data(report: Report | None) -> Presence:
    """Whether the assessed data holds personal data, from the report's ``data.pii`` result.

    ``no`` only when the check finished and found none; found columns make ``yes`` even in
    an unfinished run; anything else is ``noAssertion`` with the reason."""
    result = (
        None if report is None else next((r for r in report.results if r.check == "data.pii"), None)
    )
    if result is None:
        return Presence("noAssertion", "no data.pii result in the report: not scanned")
    found = sorted(
        {
            str(c)
            for key, cols in result.metrics.items()
            if key.endswith(".personal_columns") and isinstance(cols, list)
            for c in cols
        }
    )
    if found or result.findings:
        what = ", ".join(found) or "see the data.pii findings"
        return Presence("yes", f"data.pii ({result.status.value}) found personal data: {what}")
    if result.status.value == "passed":
        return Presence("no", "data.pii scanned every row and found no personal data")
    return Presence(
        "noAssertion",
        f"data.pii {result.status.value}: {result.reason or 'did not finish'}; not a clean scan",
    )


def safety_risk(report: Report | None) -> tuple[str | None, str]:
    """The SPDX ``safetyRiskAssessment`` from the worst finding, or None and why not."""
    if report is None:
        return None, "no assessment report"
    worst = report.summary()["worst"]
    unfinished = [r.check for r in report.results if r.unfinished]
    if unfinished and worst != "critical":
        return None, (
            "not stated: the assessment did not finish ("
            + ", ".join(unfinished)
            + "), so its worst finding is not known"
        )
    if worst is None and not any(r.status.value == "passed" for r in report.results):
        return None, "not stated: no check of the assessment ran to the end"
    level = RISK[str(worst)] if worst is not None else "low"
    return level, f"from the worst finding of the assessment ({worst or 'none'})"


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def build_spdx(evidence: Evidence, *, created: datetime | None = None) -> str:
    """The SPDX 3.0.1 document as JSON-LD text, validated against the schema and SHACL."""
    from spdx_python_model import v3_0_1 as spdx

    from hauberk import __version__
    from hauberk.governance._evidence import measurements
    from hauberk.governance._sections import explanations_section, fairness_section

    base = f"urn:uuid:{uuid.uuid4()}#"
    info = spdx.CreationInfo(specVersion=SPEC_VERSION, created=created or _now())
    agent = spdx.SoftwareAgent(
        spdxId=base + "hauberk", name=f"hauberk {__version__}", creationInfo=info
    )
    tool = spdx.Tool(spdxId=base + "tool", name=f"hauberk {__version__}", creationInfo=info)
    info.createdBy.append(agent)
    info.createdUsing.append(tool)
    elements: list[Any] = [agent, tool]
    relationships: list[Any] = []
    notes: list[tuple[Any, str]] = []

    def relate(kind: str, source: Any, targets: list[Any], name: str) -> None:
        relationships.append(
            spdx.Relationship(
                spdxId=base + f"rel-{name}",
                from_=source,
                to=targets,
                relationshipType=getattr(spdx.RelationshipType, kind),
                creationInfo=info,
            )
        )

    def sha256(value: str) -> Any:
        return spdx.Hash(algorithm=spdx.HashAlgorithm.sha256, hashValue=value)

    report = evidence.report
    config = evidence.config
    model = spdx.ai_AIPackage(
        spdxId=base + "model",
        name=evidence.name,
        creationInfo=info,
        software_primaryPurpose=spdx.software_SoftwarePurpose.model,
    )
    elements.append(model)
    if evidence.version:
        model.software_packageVersion = evidence.version
    if len(evidence.files) == 1:
        model.verifiedUsing.append(sha256(evidence.files[0].sha256))
    else:
        files = []
        for i, f in enumerate(evidence.files):
            files.append(
                spdx.software_File(
                    spdxId=base + f"model-file-{i}",
                    name=f.path,
                    creationInfo=info,
                    verifiedUsing=[sha256(f.sha256)],
                    software_fileKind=spdx.software_FileKindType.file,
                )
            )
        elements += files
        relate("contains", model, files, "model-files")
    profiles = ["core", "software", "ai"]
    if config is not None:
        section = config.model
        if section.description:
            model.description = section.description
        owners = [
            spdx.Agent(spdxId=base + f"owner-{i}", name=o, creationInfo=info)
            for i, o in enumerate(section.owners)
        ]
        if owners:
            elements += owners
            model.suppliedBy = owners[0]
            model.originatedBy.extend(owners)
        if section.license:
            licence = spdx.simplelicensing_LicenseExpression(
                spdxId=base + "license",
                simplelicensing_licenseExpression=section.license,
                creationInfo=info,
            )
            elements.append(licence)
            relate("hasDeclaredLicense", model, [licence], "license")
            profiles.append("simpleLicensing")
        use = config.intended_use
        parts = []
        if use.primary_uses:
            parts.append("primary uses: " + "; ".join(use.primary_uses))
        if use.primary_users:
            parts.append("primary users: " + "; ".join(use.primary_users))
        if use.out_of_scope:
            parts.append("out of scope: " + "; ".join(use.out_of_scope))
        if parts:
            model.ai_informationAboutApplication = ". ".join(parts)
    if report is not None:
        described = report.target.get("model")
        if isinstance(described, dict) and isinstance(described.get("classes"), list):
            model.ai_typeOfModel.append(
                f"classifier of {len(described['classes'])} classes "
                f"(hauberk adapter {described.get('adapter', 'not recorded')})"
            )
    limits: list[str] = []
    if config is not None:
        limits += [f"out of scope: {u}" for u in config.intended_use.out_of_scope]
        limits += list(config.considerations.caveats)
    if report is not None:
        found, missing = measurements(report)
        for m in found:
            n = f"n={m.n}" if m.n is not None else "n not recorded"
            method = f", {m.method}" if m.method else ""
            model.ai_metric.append(
                spdx.DictionaryEntry(
                    key=f"{m.check}:{m.name}",
                    value=f"{m.value!r} ({round(m.confidence * 100)}% CI {m.low!r} to "
                    f"{m.high!r}, {n}{method})",
                )
            )
        limits += [f"finding {f.id} ({f.severity.label}): {f.title}" for f in report.findings]
        limits += [
            f"check {r.check} {r.status.value}: {r.reason or 'did not finish'}; not a pass"
            for r in report.results
            if r.unfinished
        ]
        limits += [f"{m.check}: {m.name} {m.reason}" for m in missing]
        fair = fairness_section(report)
        if fair["gap"] is None:
            limits.append(
                f"fairness over {fair['sensitive']}: demographic parity difference "
                f"{fair['demographic_parity']}, equalised odds difference "
                f"{fair['equalized_odds']}"
            )
        explained = explanations_section(report)
        if explained["gap"] is None:
            model.ai_modelExplainability.append(
                f"SHAP {explained['explainer']} global importance and local explanations; "
                f"stability under noise {explained['noise']} x std: mean rank correlation "
                f"{explained['rank_correlation']}, unstable rows {explained['unstable_share']}"
            )
    limits += [f"evidence missing: {m}" for m in evidence.missing]
    if limits:
        model.ai_limitation = "\n".join(limits)
    risk, why = safety_risk(report)
    if risk is not None:
        model.ai_safetyRiskAssessment = getattr(spdx.ai_SafetyRiskAssessmentType, risk)
    notes.append((model, f"safetyRiskAssessment: {why}"))
    pii = personal_data(report)
    model.ai_useSensitivePersonalInformation = getattr(spdx.PresenceType, pii.value)
    notes.append((model, f"useSensitivePersonalInformation {pii.value}: {pii.because}"))
    model.ai_autonomyType = spdx.PresenceType.noAssertion
    notes.append((model, "autonomyType: not assessed by hauberk (noAssertion)"))
    notes.append((model, "energyConsumption: not measured by hauberk"))
    if evidence.report_sha256 is not None:
        notes.append((model, f"assessment report SHA-256 {evidence.report_sha256}"))
    if report is not None:
        for key in ("ledger", "signature"):
            cited = report.target.get(key)
            if cited is not None:
                notes.append((model, f"{key}: {json.dumps(cited, sort_keys=True)}"))

    manifest = evidence.manifest
    if manifest is not None:
        profiles.append("dataset")
        tables = all(f.columns is not None for f in manifest.files)
        data = spdx.dataset_DatasetPackage(
            spdxId=base + "dataset",
            name=manifest.dataset,
            creationInfo=info,
            software_primaryPurpose=spdx.software_SoftwarePurpose.data,
            dataset_datasetType=[
                spdx.dataset_DatasetType.structured
                if tables
                else spdx.dataset_DatasetType.noAssertion
            ],
            dataset_datasetSize=sum(f.size for f in manifest.files),
            dataset_dataCollectionProcess=(
                f"ingested with `hauberk data ingest` by {manifest.principal} from source "
                f"{manifest.source!r} ({manifest.location}) at {manifest.ingested_at}"
            ),
            description=(
                f"{manifest.rows} rows in {len(manifest.files)} files; manifest "
                f"{manifest.id}; root digest (SHA-256 over sorted path and digest pairs) "
                f"{manifest.root_digest}"
            ),
            dataset_hasSensitivePersonalInformation=getattr(spdx.PresenceType, pii.value),
        )
        notes.append((data, f"hasSensitivePersonalInformation {pii.value}: {pii.because}"))
        files = []
        for i, record in enumerate(manifest.files):
            file = spdx.software_File(
                spdxId=base + f"dataset-file-{i}",
                name=record.path,
                creationInfo=info,
                verifiedUsing=[sha256(record.sha256)],
                software_fileKind=spdx.software_FileKindType.file,
            )
            if record.rows is not None:
                file.description = f"{record.rows} rows, {record.size} bytes"
            files.append(file)
        elements += [data, *files]
        relate("contains", data, files, "dataset-files")
        relate("trainedOn", model, [data], "trained-on")
    if report is not None:
        splits = report.target.get("data")
        if isinstance(splits, dict):
            evaluation = splits.get("test") or splits.get("data")
            if isinstance(evaluation, dict) and "rows" in evaluation:
                profiles.append("dataset")
                tested = spdx.dataset_DatasetPackage(
                    spdxId=base + "evaluation-data",
                    name=f"evaluation data of the assessment of {evidence.name}",
                    creationInfo=info,
                    software_primaryPurpose=spdx.software_SoftwarePurpose.data,
                    dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
                    description=(
                        f"{evaluation['rows']} rows (shape of a row "
                        f"{evaluation.get('shape', 'not recorded')}), as the assessment "
                        "report records them"
                    ),
                    dataset_hasSensitivePersonalInformation=getattr(spdx.PresenceType, pii.value),
                )
                notes.append((tested, "no file digests recorded: the report describes the "
                              "split it was given, not its files"))  # fmt: skip
                elements.append(tested)
                relate("testedOn", model, [tested], "tested-on")

    packages, origin = _packages(evidence)
    libraries = [
        spdx.software_Package(
            spdxId=base + f"pypi-{i}",
            name=name,
            software_packageVersion=version,
            software_packageUrl=_purl(name, version),
            software_primaryPurpose=spdx.software_SoftwarePurpose.library,
            creationInfo=info,
        )
        for i, (name, version) in enumerate(sorted(packages.items()))
    ]
    elements += libraries
    if libraries:
        relate("dependsOn", model, libraries, "depends-on")
    notes.append((model, f"dependencies from the {origin}"))
    for i, (subject, statement) in enumerate(notes):
        elements.append(
            spdx.Annotation(
                spdxId=base + f"note-{i}",
                subject=subject,
                statement=statement,
                annotationType=spdx.AnnotationType.other,
                creationInfo=info,
            )
        )
    elements += relationships
    document = spdx.SpdxDocument(
        spdxId=base + "document",
        name=f"SPDX {SPEC_VERSION} AI BOM of {evidence.name}",
        creationInfo=info,
        rootElement=[model],
        element=elements,
        profileConformance=[
            getattr(spdx.ProfileIdentifierType, p) for p in dict.fromkeys(profiles)
        ],
    )
    objects = spdx.SHACLObjectSet([document, *elements])
    data_out = spdx.JSONLDSerializer().serialize_data(objects)
    text = json.dumps(data_out, indent=2, sort_keys=False) + "\n"
    errors = validate_spdx(text)
    if errors:
        shown = "; ".join(errors[:MAX_ERRORS_SHOWN])
        more = f" (and {len(errors) - MAX_ERRORS_SHOWN} more)" if len(errors) > 3 else ""
        raise BomInvalid(f"the SPDX document does not validate against SPDX 3.0.1: {shown}{more}")
    return text


def _purl(name: str, version: str) -> str:
    from packageurl import PackageURL

    return str(PackageURL(type="pypi", name=name, version=version).to_string())
