"""Rules (what a finding means) and findings (one observation, with its evidence)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from hauberk.core._errors import RegistryError
from hauberk.core._severity import Severity

JSON = Any
RULE_ID = re.compile(r"^HB(-[A-Z0-9]+){2,}$")
ATLAS_ID = re.compile(r"^AML\.T\d{4}(\.\d{3})?$")
#: OWASP Machine Learning Security Top 10 (2023) or OWASP Top 10 for LLM Applications (2025).
OWASP_ML_ID = re.compile(r"^(ML(0[1-9]|10):2023|LLM(0[1-9]|10):2025)$")


@dataclass(frozen=True)
class Rule:
    """What a rule id means: the same for every finding that carries it.

    ``atlas`` holds MITRE ATLAS technique ids (``AML.T0010``); ``owasp`` holds OWASP Machine
    Learning Security Top 10 ids (``ML06:2023``); ``papers`` holds citations or URLs.
    ``also`` lists the other severities a finding of this rule may carry, each with the
    condition that sets it (a strong attack raises, an inconclusive sample lowers to info).
    The catalog is the one source of severities: ``finding`` refuses any other.
    """

    id: str
    title: str
    severity: Severity
    description: str
    remediation: str
    atlas: tuple[str, ...]
    owasp: tuple[str, ...]
    papers: tuple[str, ...] = ()
    also: tuple[tuple[Severity, str], ...] = ()

    def __post_init__(self) -> None:
        if not RULE_ID.match(self.id):
            raise RegistryError(f"rule id {self.id!r} must look like HB-AREA-NAME")
        if not self.atlas or not self.owasp:
            raise RegistryError(f"rule {self.id} needs at least one ATLAS and one OWASP ML id")
        bad = [a for a in self.atlas if not ATLAS_ID.match(a)]
        bad += [o for o in self.owasp if not OWASP_ML_ID.match(o)]
        if bad:
            raise RegistryError(f"rule {self.id}: malformed reference ids {bad}")
        if any(sev == self.severity or not when.strip() for sev, when in self.also):
            raise RegistryError(
                f"rule {self.id}: each 'also' severity must differ from the rule's own and "
                "say when it applies"
            )

    @property
    def severities(self) -> frozenset[Severity]:
        """Every severity a finding of this rule may carry."""
        return frozenset({self.severity, *(sev for sev, _ in self.also)})

    @property
    def references(self) -> tuple[str, ...]:
        return self.atlas + self.owasp + self.papers

    def finding(
        self,
        target: str,
        detail: str,
        evidence: Mapping[str, JSON] | None = None,
        *,
        severity: Severity | None = None,
        title: str | None = None,
    ) -> Finding:
        """A finding of this rule; severity and title default to the rule's own. A severity the
        catalog does not list for this rule is a bug in the check: refused."""
        if severity is not None and severity not in self.severities:
            allowed = ", ".join(s.label for s in sorted(self.severities))
            raise RegistryError(
                f"rule {self.id}: severity {severity.label} is not in the catalog ({allowed}); "
                "add it to the rule's 'also' with the condition that sets it"
            )
        return Finding(
            id=self.id,
            title=title or self.title,
            severity=self.severity if severity is None else severity,
            target=target,
            detail=detail,
            evidence=dict(evidence or {}),
            remediation=self.remediation,
            references=self.references,
        )


def _jsonable(value: JSON, where: str) -> JSON:
    """Copy ``value`` into plain JSON types; NaN and infinity become strings, as JSON has none."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, where) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v, where) for v in value]
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars
    if callable(tolist):
        return _jsonable(tolist(), where)
    raise TypeError(f"{where}: {type(value).__name__} is not JSON-able")


@dataclass(frozen=True)
class Finding:
    """One thing found wrong: stable rule id, how bad, where, why we think so, how to fix it."""

    id: str
    title: str
    severity: Severity
    target: str
    detail: str
    evidence: Mapping[str, JSON] = field(default_factory=dict)
    remediation: str = ""
    references: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        clean = _jsonable(dict(self.evidence), f"evidence of {self.id}")
        object.__setattr__(self, "evidence", MappingProxyType(clean))
        object.__setattr__(self, "references", tuple(self.references))

    def to_dict(self) -> dict[str, JSON]:
        return {
            "id": self.id,
            "title": self.title,
            "severity": self.severity.label,
            "target": self.target,
            "detail": self.detail,
            "evidence": dict(self.evidence),
            "remediation": self.remediation,
            "references": list(self.references),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, JSON]) -> Finding:
        return cls(
            id=data["id"],
            title=data["title"],
            severity=Severity.parse(data["severity"]),
            target=data["target"],
            detail=data["detail"],
            evidence=data.get("evidence", {}),
            remediation=data.get("remediation", ""),
            references=tuple(data.get("references", ())),
        )


def jsonable(value: JSON, where: str = "value") -> JSON:
    """Public form of the JSON cleaner for metrics and plots."""
    return _jsonable(value, where)
