"""Who may append what to a ledger, and who may read it: a role policy kept in the ledger itself.

A policy names principals, the Ed25519 public keys that speak for them and their roles, and
maps entry kinds to the roles allowed to append them (``roles.toml``'s ``[ledger]`` table, see
:func:`hauberk.governance.load_roles`)::

    {"v": 1,
     "principals": {"gw": {"keys": ["<base64 raw key>"], "roles": ["deploy"]}, ...},
     "append": {"serve.*": ["deploy"], "registry.register": ["sign", "release"], ...},
     "on_behalf": ["serve.*", "monitor.alert"],
     "read": ["read-audit"],
     "admin": ["ledger-admin"]}

Once set (:meth:`hauberk.ledger.Ledger.set_policy`), every append must be a signed entry
(:mod:`hauberk.ledger._signed`) whose key belongs to a principal holding one of the roles the
entry's kind needs; the entry's ``principal`` must be that key's principal, except for the
``on_behalf`` kinds (a gateway records its callers). Kinds are matched exactly first, then by
the longest ``prefix.*`` pattern, then ``*``; a kind that matches nothing is refused (fail
closed). Reading entries through :meth:`~hauberk.ledger.Ledger.read_audit` needs a key of a
``read`` role.

The policy is itself a signed ``ledger.policy`` entry: the first one by a key its own
``admin`` roles name, every later one by an admin of the policy before it. ``ledger_meta``
holds the current policy and its entry index, so opening a ledger costs no scan;
:func:`policy_problems` (run by ``verify``) replays the log, checks every entry appended after
the first policy against the policy in force at the time, and names each entry that breaks it.
What this cannot stop is said in docs/ledger.md: the database's owner can still write rows
directly; verify then names them.
"""

from __future__ import annotations

import base64
import fnmatch
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from hauberk.core import ConfigError, InputError
from hauberk.ledger._entry import KIND, Entry
from hauberk.ledger._jcs import canonical_text
from hauberk.ledger._signed import SignatureCheck, check_signature, key_id, raw_public_key
from hauberk.ledger._store import EntryRow

POLICY_KIND = "ledger.policy"
POLICY_VERSION = 1
ROLE_NAME = r"^[a-z][a-z0-9_-]{0,31}$"
#: Who may append each kind unless roles.toml's ``[ledger.append]`` says otherwise.
DEFAULT_APPEND: dict[str, tuple[str, ...]] = {
    "registry.register": ("sign", "release"),
    "registry.*": ("promote",),
    "model.*": ("sign", "release"),
    "incident.*": ("respond",),
    "assess.report": ("respond", "release", "promote"),
    "data.*": ("ingest", "respond"),
    "serve.*": ("deploy",),
    "monitor.alert": ("deploy", "respond"),
}
#: Kinds whose signer records someone else as the entry's principal (the gateway's callers).
DEFAULT_ON_BEHALF = ("serve.*", "monitor.alert")
DEFAULT_READ = ("read-audit",)
DEFAULT_ADMIN = ("ledger-admin",)
MAX_PROBLEMS = 50  # entries named one by one in a verify report; the rest are counted


class AccessDenied(ConfigError):
    """An append or a read the ledger's role policy does not allow (exit 2)."""


@dataclass(frozen=True)
class PolicyPrincipal:
    name: str
    roles: frozenset[str]
    keys: tuple[bytes, ...]  # raw 32-byte Ed25519 public keys


def _pattern_ok(pattern: str) -> bool:
    if pattern == "*":
        return True
    base = pattern[:-2] if pattern.endswith(".*") else pattern
    return bool(KIND.match(base))


@dataclass(frozen=True)
class LedgerPolicy:
    """Principals, their keys and roles; which roles append which kinds, read, administer."""

    principals: Mapping[str, PolicyPrincipal]
    append: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_APPEND))
    on_behalf: tuple[str, ...] = DEFAULT_ON_BEHALF
    read: tuple[str, ...] = DEFAULT_READ
    admin: tuple[str, ...] = DEFAULT_ADMIN

    def __post_init__(self) -> None:
        import re

        owner: dict[bytes, str] = {}
        for p in self.principals.values():
            for raw in p.keys:
                if len(raw) != 32:
                    raise InputError(f"policy: principal {p.name!r} has a key that is not 32 bytes")
                if raw in owner and owner[raw] != p.name:
                    raise InputError(
                        f"policy: a key is listed under both {owner[raw]!r} and {p.name!r}"
                    )
                owner[raw] = p.name
            for role in p.roles:
                if not re.match(ROLE_NAME, role):
                    raise InputError(f"policy: role {role!r} of {p.name!r} is not a role name")
        for pattern in (*self.append, *self.on_behalf):
            if not _pattern_ok(pattern):
                raise InputError(
                    f"policy: entry kind pattern {pattern!r} must be a kind, 'prefix.*' or '*'"
                )
        if POLICY_KIND in self.append:
            raise InputError(f"policy: {POLICY_KIND} is appended by the admin roles, not [append]")
        object.__setattr__(self, "_owner", owner)

    # -- lookups -----------------------------------------------------------------------------

    def owner(self, raw: bytes) -> PolicyPrincipal | None:
        name = self._owner.get(raw)  # type: ignore[attr-defined]
        return None if name is None else self.principals[name]

    def roles_for(self, kind: str) -> tuple[str, ...] | None:
        """The roles that may append ``kind`` (``None``: no pattern matches it)."""
        if kind == POLICY_KIND:
            return self.admin
        found = _match(kind, self.append)
        return None if found is None else self.append[found]

    def _on_behalf(self, kind: str) -> bool:
        return _match(kind, dict.fromkeys(self.on_behalf, ())) is not None

    def authorise(self, raw: bytes, kind: str, principal: str) -> str | None:
        """Why the key ``raw`` may not append an entry of ``kind`` for ``principal`` (or None)."""
        roles = self.roles_for(kind)
        if roles is None:
            return (
                f"no role may append entry kind {kind!r}; add it to [ledger.append] in "
                "roles.toml and set the policy again"
            )
        owner = self.owner(raw)
        kid = key_id(Ed25519PublicKey.from_public_bytes(raw))
        if owner is None:
            return f"key {kid} belongs to no principal of the ledger's role policy"
        if not owner.roles & set(roles):
            return (
                f"{owner.name} (key {kid}) holds {sorted(owner.roles)}; "
                f"{kind} needs one of {list(roles)}"
            )
        if principal != owner.name and not self._on_behalf(kind):
            return (
                f"the entry names principal {principal!r:.60} but is signed by {owner.name}'s key "
                f"{kid}; only {list(self.on_behalf)} may be written on someone's behalf"
            )
        return None

    def entry_problem(self, entry: Entry, check: SignatureCheck | None = None) -> str | None:
        """Why ``entry`` may not be in a ledger under this policy (``None``: it may)."""
        check = check or check_signature(entry)
        if not check.ok or check.raw is None:
            return f"{check.reason}; {entry.kind} needs a signature by one of " + str(
                list(self.roles_for(entry.kind) or ())
            )
        return self.authorise(check.raw, entry.kind, entry.principal)

    def reader(self, key: Ed25519PrivateKey) -> str:
        """The principal that ``key`` proves to hold a ``read`` role; :class:`AccessDenied`
        otherwise. The key signs a fresh random challenge which is verified with the public
        key the policy holds, so a key file whose private half does not match is refused."""
        raw = raw_public_key(key.public_key())
        owner = self.owner(raw)
        kid = key_id(key.public_key())
        if owner is None:
            raise AccessDenied(
                f"reading this ledger needs a key of a principal holding {list(self.read)}; "
                f"key {kid} is not in its role policy"
            )
        challenge = b"hauberk-ledger-read\x00" + secrets.token_bytes(32)
        try:
            Ed25519PublicKey.from_public_bytes(raw).verify(key.sign(challenge), challenge)
        except InvalidSignature:  # pragma: no cover - a key always verifies its own signature
            raise AccessDenied(f"key {kid} did not prove possession") from None
        if not owner.roles & set(self.read):
            raise AccessDenied(
                f"{owner.name} holds {sorted(owner.roles)}; reading this ledger's entries needs "
                f"one of {list(self.read)}"
            )
        return owner.name

    # -- JSON --------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "v": POLICY_VERSION,
            "principals": {
                p.name: {
                    "keys": [base64.b64encode(k).decode() for k in p.keys],
                    "roles": sorted(p.roles),
                }
                for p in sorted(self.principals.values(), key=lambda p: p.name)
            },
            "append": {k: list(v) for k, v in sorted(self.append.items())},
            "on_behalf": sorted(self.on_behalf),
            "read": sorted(self.read),
            "admin": sorted(self.admin),
        }

    def canonical(self) -> str:
        return canonical_text(self.to_json())

    @classmethod
    def from_json(cls, data: Any, *, where: str = "policy") -> LedgerPolicy:
        """Parse a stored policy; :class:`InputError` naming ``where`` when it is malformed."""
        try:
            if not isinstance(data, dict) or data.get("v") != POLICY_VERSION:
                raise ValueError(f"not a version-{POLICY_VERSION} policy")
            principals = {}
            for name, raw in dict(data["principals"]).items():
                keys = tuple(base64.b64decode(str(k), validate=True) for k in raw["keys"])
                principals[str(name)] = PolicyPrincipal(
                    str(name), frozenset(str(r) for r in raw["roles"]), keys
                )
            return cls(
                principals=principals,
                append={str(k): _roles(v) for k, v in dict(data["append"]).items()},
                on_behalf=_roles(data["on_behalf"]),
                read=_roles(data["read"]),
                admin=_roles(data["admin"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{where} is malformed ({exc})") from None


def _roles(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of names, got {value!r:.60}")
    return tuple(value)


def _match(kind: str, patterns: Mapping[str, Any]) -> str | None:
    if kind in patterns:
        return kind
    best: str | None = None
    for pattern in patterns:
        if (
            pattern.endswith(".*")
            and fnmatch.fnmatchcase(kind, pattern)
            and (best is None or len(pattern) > len(best))
        ):
            best = pattern
    if best is None and "*" in patterns:
        return "*"
    return best


def policy_of(entry: Entry, index: int) -> LedgerPolicy:
    body = entry.body
    return LedgerPolicy.from_json(
        body.get("policy") if isinstance(body, dict) else None,
        where=f"the role policy in ledger entry {index}",
    )


def check_policy_entry(entry: Entry, index: int, current: LedgerPolicy | None) -> str | None:
    """Why the ``ledger.policy`` entry at ``index`` may not replace ``current`` (or None).

    The first policy must be signed by an admin of itself; every later one by an admin of the
    policy in force before it.
    """
    try:
        new = policy_of(entry, index)
    except InputError as exc:
        return str(exc)
    judge = current if current is not None else new
    problem = judge.entry_problem(entry)
    if problem is None:
        return None
    whose = "the policy before it" if current is not None else "itself (the first policy)"
    return f"role policy not signed by an admin of {whose}: {problem}"


@dataclass
class PolicyScan:
    """What :func:`policy_problems` found."""

    problems: list[tuple[int | None, str]] = field(default_factory=list)
    checked: int = 0
    before_policy: int = 0
    last_policy: int | None = None
    denied: int = 0


def policy_problems(
    rows: Iterable[EntryRow],
    *,
    stored: tuple[str | None, str | None],
    anchor: LedgerPolicy | None = None,
) -> PolicyScan:
    """Replay ``rows`` (every entry, in order): policy changes and every entry against the
    policy in force. ``stored`` is ``ledger_meta``'s (policy JSON, policy index); ``anchor`` a
    policy the caller trusts (from its own roles.toml) that the latest one must equal."""
    scan = PolicyScan()
    current: LedgerPolicy | None = None

    def problem(index: int | None, message: str) -> None:
        if index is not None:
            scan.denied += 1
        if index is None or scan.denied <= MAX_PROBLEMS:
            scan.problems.append((index, message))

    for row in rows:
        index = row.index
        if current is None and row.kind != POLICY_KIND:
            scan.before_policy += 1  # nothing to check: no entry is built (a cheap scan)
            continue
        try:
            entry = row.entry()
        except InputError:
            break  # the hash audit names a malformed row
        if entry.kind == POLICY_KIND:
            why = check_policy_entry(entry, index, current)
            if why is not None:
                problem(index, why)
                continue  # the policy in force stays in force
            current = policy_of(entry, index)
            scan.last_policy = index
            continue
        assert current is not None  # rows before the first policy were skipped above
        scan.checked += 1
        why = current.entry_problem(entry)
        if why is not None:
            problem(
                index,
                f"appended against the ledger's role policy ({entry.kind}, principal "
                f"{entry.principal!r:.60}): {why}",
            )
    if scan.denied > MAX_PROBLEMS:
        problem(None, f"{scan.denied - MAX_PROBLEMS} more entries break the role policy")
    text, pointer = stored
    if scan.last_policy is not None:
        if pointer != str(scan.last_policy) or text is None:
            problem(
                None,
                f"the ledger's settings do not point at its role policy (entry "
                f"{scan.last_policy}): enforcement of appends was switched off or altered "
                "outside hauberk",
            )
        elif current is not None and text != current.canonical():
            problem(None, "the stored role policy differs from the signed ledger.policy entry")
    elif pointer is not None or text is not None:
        problem(None, "the ledger's settings name a role policy that no valid entry holds")
    if anchor is not None:
        if current is None:
            problem(None, "the ledger has no role policy, so no append was role-checked")
        elif current.canonical() != anchor.canonical():
            problem(
                None,
                f"the ledger's role policy (entry {scan.last_policy}) is not the one in the "
                "given roles file; set it with `hauberk ledger policy` or check who changed it",
            )
    return scan


def iter_rows(store: Any, chunk: int = 4096) -> Iterator[EntryRow]:
    """Every stored entry row of ``store`` in index order, not yet parsed."""
    end = store.head().size
    for low in range(0, end, chunk):
        yield from store.read_entries(low, min(end, low + chunk))


def load_stored_policy(store: Any) -> LedgerPolicy | None:
    """The policy ``ledger_meta`` holds (``None``: appends are not role-checked)."""
    text = store.meta("policy")
    if text is None:
        return None
    from hauberk.ledger._jcs import parse_json

    try:
        data = parse_json(text)
    except InputError as exc:
        raise InputError(f"the ledger's stored role policy is not JSON ({exc})") from None
    return LedgerPolicy.from_json(data, where="the ledger's stored role policy")
