"""The role store: which principal holds which lifecycle roles, and the keys that prove it.

One TOML file names each principal, the public keys and gateway API key ids it owns, and its
roles::

    [principals.alice]
    keys = ["alice-sign.pub", "alice-ledger.pub"]   # ECDSA (model signing), Ed25519 (ledger)
    roles = ["sign", "release"]

    [principals.gateway-ci]
    api_keys = ["0123456789abcdef"]                  # ids from `hauberk keys list`
    roles = ["deploy"]

Role names follow the gateway's rule (``^[a-z][a-z0-9_-]{0,31}$``, the same names a
``hauberk keys create --role`` key or a ``[roles]`` route table in serve.toml uses). The
lifecycle roles the registry enforces are in :data:`LIFECYCLE_ROLES`; a principal may hold
others (gateway route roles such as ``predict``) which the registry ignores.

An optional ``[ledger]`` table says who may append which entry kinds to a ledger, who may read
it and who may change that policy (defaults in :mod:`hauberk.ledger._policy`); ``hauberk
ledger policy`` writes it into a ledger, which from then on refuses appends it does not allow::

    [ledger]
    append = { "serve.*" = ["deploy"], "registry.*" = ["promote"], "incident.*" = ["respond"] }
    read = ["read-audit"]
    admin = ["ledger-admin"]

A principal is found from what it presents: an Ed25519 public key that signed a ledger entry
(matched on its raw bytes), an ECDSA public key that verifies a model signature, or a gateway
API key id (``key:<id>`` in the gateway's audit trail). A key or API key id may belong to one
principal only; the file is refused otherwise, so a key can never borrow another's roles.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from hauberk.core import ConfigError, InputError
from hauberk.core._toml import parse_toml

if TYPE_CHECKING:
    from hauberk.ledger import LedgerPolicy

#: Roles the lifecycle enforces: sign models, vouch for a release, approve and move versions,
#: deploy (serve), read the audit trail; and for the ledger's default append policy: respond
#: to incidents, ingest data, change the ledger's role policy.
LIFECYCLE_ROLES = (
    "sign",
    "release",
    "promote",
    "deploy",
    "read-audit",
    "respond",
    "ingest",
    "ledger-admin",
)
ROLE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")
API_KEY_ID = re.compile(r"^[0-9a-f]{16}$")
MAX_FILE_BYTES = 1 << 20
MAX_KEY_BYTES = 1 << 16


@dataclass(frozen=True)
class Principal:
    """A named holder of roles and the keys that speak for it."""

    name: str
    roles: frozenset[str]
    ed25519: tuple[bytes, ...] = ()  # raw 32-byte public keys (signed ledger entries)
    ecdsa: tuple[Path, ...] = ()  # PEM files (model signatures are verified with a path)
    api_keys: tuple[str, ...] = ()

    def holds(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class RoleStore:
    """Principals by name; built with :func:`load_roles` (or directly in tests)."""

    principals: Mapping[str, Principal] = field(default_factory=dict)
    source: str = "<roles>"
    ledger: Mapping[str, Any] = field(default_factory=dict)  # the [ledger] table, checked

    def ledger_policy(self) -> LedgerPolicy:
        """The ledger role policy of this file: its principals' Ed25519 keys and roles, and
        the ``[ledger]`` table over the defaults of :mod:`hauberk.ledger._policy`."""
        from hauberk.ledger._policy import (
            DEFAULT_ADMIN,
            DEFAULT_APPEND,
            DEFAULT_ON_BEHALF,
            DEFAULT_READ,
            LedgerPolicy,
            PolicyPrincipal,
        )

        table = self.ledger
        append = dict(DEFAULT_APPEND)
        append.update({k: tuple(v) for k, v in table.get("append", {}).items()})
        principals = {
            p.name: PolicyPrincipal(p.name, p.roles, p.ed25519)
            for p in self.principals.values()
            if p.ed25519
        }
        try:
            return LedgerPolicy(
                principals=principals,
                append=append,
                on_behalf=tuple(table.get("on_behalf", DEFAULT_ON_BEHALF)),
                read=tuple(table.get("read", DEFAULT_READ)),
                admin=tuple(table.get("admin", DEFAULT_ADMIN)),
            )
        except InputError as exc:
            raise ConfigError(f"{self.source}: [ledger]: {exc}") from None

    def by_ed25519(self, raw: bytes) -> Principal | None:
        """The principal owning the Ed25519 public key ``raw`` (32 bytes), if any."""
        return next((p for p in self.principals.values() if raw in p.ed25519), None)

    def by_api_key(self, key_id: str) -> Principal | None:
        """The principal owning gateway API key ``key_id`` (the 16-hex id), if any."""
        return next((p for p in self.principals.values() if key_id in p.api_keys), None)

    def holding(self, role: str) -> list[Principal]:
        return [p for p in self.principals.values() if p.holds(role)]

    def allows(self, principal: str | None, role: str) -> bool:
        """Whether the principal named ``principal`` holds ``role`` (deny when unknown)."""
        found = self.principals.get(principal or "")
        return found is not None and found.holds(role)

    def gateway_roles(self, key_id: str) -> frozenset[str]:
        """Roles of the principal owning gateway API key ``key_id`` (empty when unknown)."""
        found = self.by_api_key(key_id)
        return found.roles if found is not None else frozenset()


def _public_key(path: Path, where: str) -> Ed25519PublicKey | EllipticCurvePublicKey:
    if not path.is_file():
        raise ConfigError(f"{where}: public key {path} does not exist")
    if path.stat().st_size > MAX_KEY_BYTES:
        raise ConfigError(f"{where}: {path} is larger than {MAX_KEY_BYTES} bytes; not a key")
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except ValueError as exc:
        raise ConfigError(
            f"{where}: {path} is not a PEM public key ({exc}); give the .pub file that "
            "`hauberk keygen` wrote"
        ) from None
    if not isinstance(key, Ed25519PublicKey | EllipticCurvePublicKey):
        raise ConfigError(f"{where}: {path} is neither an Ed25519 nor an ECDSA public key")
    return key


def _strings(raw: Any, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ConfigError(f"{where} must be a list of strings")
    return list(raw)


def _principal(name: str, raw: Any, base: Path, source: str) -> Principal:
    where = f"{source}: [principals.{name}]"
    if not NAME.match(name):
        raise ConfigError(f"{where}: the name must be letters, digits, '.', '_', '@' or '-'")
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table with keys, api_keys and roles")
    unknown = set(raw) - {"keys", "api_keys", "roles"}
    if unknown:
        raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r}; use keys, api_keys, roles")
    roles = _strings(raw.get("roles", []), f"{where} roles")
    for role in roles:
        if not ROLE.match(role):
            raise ConfigError(f"{where}: role {role!r} must match {ROLE.pattern}")
    ed: list[bytes] = []
    ec: list[Path] = []
    for text in _strings(raw.get("keys", []), f"{where} keys"):
        path = Path(text) if Path(text).is_absolute() else base / text
        key = _public_key(path, where)
        if isinstance(key, Ed25519PublicKey):
            ed.append(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
        else:
            ec.append(path)
    api = _strings(raw.get("api_keys", []), f"{where} api_keys")
    for key_id in api:
        if not API_KEY_ID.match(key_id):
            raise ConfigError(f"{where}: api key id {key_id!r} must be 16 hex digits")
    return Principal(name, frozenset(roles), tuple(ed), tuple(ec), tuple(api))


def _ledger_table(raw: Any, source: str) -> dict[str, Any]:
    where = f"{source}: [ledger]"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table with append, on_behalf, read, admin")
    unknown = set(raw) - {"append", "on_behalf", "read", "admin"}
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {sorted(unknown)[0]!r}; use append, on_behalf, read, admin"
        )
    out: dict[str, Any] = {}
    append = raw.get("append", {})
    if not isinstance(append, dict):
        raise ConfigError(f'{where} append must be a table like {{"serve.*" = ["deploy"]}}')
    out["append"] = {}
    for kind, roles in append.items():
        out["append"][kind] = _strings(roles, f"{where} append.{kind!r}")
        for role in out["append"][kind]:
            if not ROLE.match(role):
                raise ConfigError(
                    f"{where} append.{kind!r}: role {role!r} must match {ROLE.pattern}"
                )
    for key in ("on_behalf", "read", "admin"):
        if key in raw:
            out[key] = _strings(raw[key], f"{where} {key}")
    return out


def roles_from_mapping(data: Mapping[str, Any], *, base: Path, source: str) -> RoleStore:
    unknown = set(data) - {"principals", "ledger"}
    if unknown:
        raise ConfigError(
            f"{source}: unknown table {sorted(unknown)[0]!r}; use [principals.NAME] or [ledger]"
        )
    table = data.get("principals", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [principals] must be a table of [principals.NAME]")
    principals = {name: _principal(name, raw, base, source) for name, raw in table.items()}
    _unique(principals.values(), source)
    ledger = _ledger_table(data.get("ledger", {}), source)
    store = RoleStore(principals, source, ledger)
    if "ledger" in data:
        store.ledger_policy()  # a bad kind pattern is a config error now, not at `policy`
    return store


def _unique(principals: Iterable[Principal], source: str) -> None:
    owner: dict[Any, str] = {}
    for p in principals:
        for ident in (*p.ed25519, *(path.read_bytes() for path in p.ecdsa), *p.api_keys):
            if ident in owner and owner[ident] != p.name:
                raise ConfigError(
                    f"{source}: a key is listed under both {owner[ident]!r} and {p.name!r}; "
                    "each key belongs to one principal"
                )
            owner[ident] = p.name


def load_roles(path: str | Path) -> RoleStore:
    """Read and check the role store TOML at ``path`` (key paths relative to its folder)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"role store {path} does not exist; see docs/registry.md")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ConfigError(f"role store {path} is larger than {MAX_FILE_BYTES} bytes")
    try:
        data = parse_toml(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"role store {path} is not valid TOML: {exc}") from None
    return roles_from_mapping(data, base=path.parent, source=str(path))
