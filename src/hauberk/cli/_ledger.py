"""``hauberk ledger``: the tamper-evident ledger from the command line.

``DB`` is a SQLite file path or a ``postgresql://`` URL. Every command but ``init`` and
``append`` opens it read-only: nothing is written, so they work on a read-only copy and never
change a file that is not a ledger. Exit codes: 0 success, 1 ``verify``
found a mismatch (the first one is named), 2 usage or input error (a HauberkError).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

#: Private keys encrypted by ``hauberk keygen`` are opened with this variable.
PASSWORD_ENV = "HAUBERK_KEY_PASSWORD"  # noqa: S105 - a variable name, not a secret

DbArg = Annotated[str, typer.Argument(help="SQLite file path or postgresql:// URL.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the result to this file.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")]


class Format(StrEnum):
    text = "text"
    json = "json"


class Require(StrEnum):
    hybrid = "hybrid"
    ed25519 = "ed25519"
    ml_dsa_65 = "ml-dsa-65"


def _emit(text: str, output: Path | None, quiet: bool = False) -> None:
    if output is not None:
        from hauberk.core import write_atomic

        write_atomic(output, text if text.endswith("\n") else text + "\n")
    elif not quiet:
        typer.echo(text, nl=not text.endswith("\n"))


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True)


def _password() -> bytes | None:
    value = os.environ.get(PASSWORD_ENV)
    return value.encode("utf-8") if value else None


def _principal(value: str | None) -> str:
    if value:
        return value
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


KeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--key",
        help="Ed25519 private key PEM (hauberk keygen --type ed25519) of the principal acting: "
        "signs appends, proves a read role.",
    ),
]
RolesOpt = Annotated[
    Path | None,
    typer.Option("--roles", help="roles.toml: principals, keys, roles and its [ledger] table."),
]


def ledger_signer(key: Path, principal: str | None, policy: Any) -> Any:
    """A Signer for ``key``; its principal is the one the policy gives the key unless named."""
    from hauberk.ledger import Signer, load_private_key

    private = load_private_key(key, password=_password())
    if principal is None and policy is not None:
        signer = Signer(private, principal="-")
        owner = policy.owner(signer.public_raw)
        principal = owner.name if owner is not None else None
    return Signer(private, principal=_principal(principal))


def checked_signer(
    ledger: str, kinds: Sequence[str], key: Path | None, principal: str | None, *, create: bool
) -> Any:
    """The ledger Signer of ``key`` (``None`` without one), checked against the ledger's role
    policy for each of ``kinds`` before a command does any work, so that a record the ledger
    would refuse never leaves a signature, stored file or restored folder behind. The name
    judged is the one the entry will carry (``--principal`` may name someone other than the
    key's owner), as ``submit_signed`` judges it. A ledger file the command would create has
    no policy yet and is not created by the check."""
    from hauberk.ledger import AccessDenied, open_ledger

    if create and "://" not in ledger and not Path(ledger).exists():
        return None if key is None else ledger_signer(key, principal, None)
    with open_ledger(ledger, create=create) as log:
        signer = None if key is None else ledger_signer(key, principal, log.policy)
        who = None if signer is None else signer.principal
        for kind in kinds:
            problem = log.may_append(signer, kind, principal=who)
            if problem is not None:
                hint = "" if key is not None else " (sign it with --ledger-key KEY)"
                raise AccessDenied(f"{ledger}: a {kind} entry would be refused: {problem}{hint}")
    return signer


def _policy(roles: Path) -> Any:
    from hauberk.governance import load_roles

    return load_roles(roles).ledger_policy()


def register(app: typer.Typer) -> None:
    """Add the ``ledger`` command group to ``app``."""
    ledger_app = typer.Typer(
        name="ledger",
        help="Append-only, tamper-evident log (RFC 9162 Merkle tree, signed checkpoints).",
        no_args_is_help=True,
    )

    @ledger_app.command("init")
    def init(
        db: DbArg,
        origin: Annotated[
            str | None,
            typer.Option(
                help="Log name for checkpoints, like example.com/models (default: random)."
            ),
        ] = None,
        allow_foreign_tables: Annotated[
            bool,
            typer.Option(
                "--allow-foreign-tables",
                "--force",
                help="Add the ledger tables to a database that already holds other tables.",
            ),
        ] = False,
        postgres_roles: Annotated[
            bool,
            typer.Option(
                "--postgres-roles",
                help="PostgreSQL: create <prefix>_appender (INSERT only) and <prefix>_reader "
                "(SELECT only) roles and make the tables append-only with triggers.",
            ),
        ] = False,
        role_prefix: Annotated[
            str, typer.Option(help="Name prefix of the --postgres-roles roles.")
        ] = "hauberk_ledger",
        quiet: QuietOpt = False,
    ) -> None:
        """Create a ledger (no-op if it exists); print its origin.

        A database that already holds other tables is refused unless --allow-foreign-tables.
        """
        from hauberk.core import ConfigError
        from hauberk.ledger import PostgresStore, open_ledger

        with open_ledger(
            db, create=True, origin=origin, allow_foreign_tables=allow_foreign_tables
        ) as ledger:
            store = ledger.store
            if postgres_roles:
                if not isinstance(store, PostgresStore):
                    raise ConfigError("--postgres-roles needs a postgresql:// ledger URL")
                names = store.create_roles(role_prefix)
            _emit(ledger.origin(), None, quiet)
        if postgres_roles and not quiet:
            typer.echo(
                f"roles: {names['appender']} (append), {names['reader']} (read); "
                f"GRANT one TO a login role",
                err=True,
            )

    @ledger_app.command("append")
    def append(
        db: DbArg,
        file: Annotated[str, typer.Argument(help="JSON body file, or - for stdin.")],
        kind: Annotated[str, typer.Option(help="Entry kind, like model.sign or data.ingest.")],
        principal: Annotated[
            str | None,
            typer.Option(
                help="Who records the entry (default: the --key's principal, else the OS user)."
            ),
        ] = None,
        key: KeyOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Append one entry whose body is the JSON in FILE; print its index.

        With --key the entry is signed; a ledger with a role policy refuses unsigned entries
        and keys whose principal does not hold a role the kind needs (exit 2).
        """
        from hauberk.core import InputError
        from hauberk.ledger import Entry, open_ledger, parse_json
        from hauberk.ledger._entry import MAX_BODY_BYTES

        if file == "-":
            raw = sys.stdin.buffer.read(MAX_BODY_BYTES + 1)
        else:
            try:
                with open(file, "rb") as handle:
                    raw = handle.read(MAX_BODY_BYTES + 1)
            except OSError as exc:
                raise InputError(f"cannot read {file}: {exc.strerror}") from exc
        if len(raw) > MAX_BODY_BYTES:
            raise InputError(f"{file} is larger than {MAX_BODY_BYTES} bytes; record a digest")
        body = parse_json(raw)
        with open_ledger(db) as ledger:
            if key is not None:
                if not isinstance(body, dict):
                    raise InputError(f"{file}: a signed entry's body must be a JSON object")
                signer = ledger_signer(key, principal, ledger.policy)
                index = ledger.submit_signed(signer, kind, body).result()
            else:
                entry = Entry.create(kind, body, principal=_principal(principal))
                index = ledger.append(entry)
        _emit(str(index), None, quiet)

    @ledger_app.command("head")
    def head(
        db: DbArg,
        size: Annotated[int | None, typer.Option(help="Head of the first N entries.")] = None,
        fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
        output: OutputOpt = None,
    ) -> None:
        """Print the tree size and root hash."""
        from hauberk.ledger import open_ledger

        with open_ledger(db, read_only=True) as ledger:
            tree = ledger.head(size)
        if fmt is Format.json:
            _emit(json.dumps(tree.to_json()), output)
        else:
            _emit(f"size {tree.size}\nroot {tree.root.hex()}", output)

    @ledger_app.command("prove")
    def prove(
        db: DbArg,
        index: Annotated[int, typer.Argument(help="Entry index.")],
        size: Annotated[int | None, typer.Option(help="Tree size (default: current).")] = None,
        output: OutputOpt = None,
    ) -> None:
        """Print the JSON inclusion proof of entry INDEX."""
        from hauberk.ledger import open_ledger

        with open_ledger(db, read_only=True) as ledger:
            proof = ledger.inclusion_proof(index, size=size)
        proof.verify()
        _emit(_json(proof.to_json()), output)

    @ledger_app.command("consistency")
    def consistency(
        db: DbArg,
        old_size: Annotated[int, typer.Argument(help="The earlier tree size.")],
        size: Annotated[
            int | None, typer.Option(help="Newer tree size (default: current).")
        ] = None,
        output: OutputOpt = None,
    ) -> None:
        """Print the JSON consistency proof from OLD_SIZE to the current size."""
        from hauberk.ledger import open_ledger

        with open_ledger(db, read_only=True) as ledger:
            proof = ledger.consistency_proof(old_size, new_size=size)
        proof.verify()
        _emit(_json(proof.to_json()), output)

    @ledger_app.command("checkpoint")
    def checkpoint(
        db: DbArg,
        key: Annotated[Path, typer.Option(help="Ed25519 private key PEM (hauberk keygen).")],
        name: Annotated[
            str | None, typer.Option(help="Key name in the signature line (default: origin).")
        ] = None,
        pq_key: Annotated[
            Path | None,
            typer.Option(
                "--pq-key",
                help="ML-DSA-65 private key PEM: add a post-quantum second signature line.",
            ),
        ] = None,
        output: OutputOpt = None,
    ) -> None:
        """Print a signed checkpoint (C2SP tlog-checkpoint signed note) of the current head."""
        from hauberk.ledger import load_mldsa_private_key, load_private_key, open_ledger

        private = load_private_key(key, password=_password())
        pq = load_mldsa_private_key(pq_key, password=_password()) if pq_key else None
        with open_ledger(db, read_only=True) as ledger:
            note = ledger.checkpoint(private, name=name, pq_key=pq)
        _emit(note, output)

    @ledger_app.command("vkey")
    def vkey(
        db: DbArg,
        key: Annotated[Path, typer.Option(help="Ed25519 public or private key PEM.")],
        name: Annotated[str | None, typer.Option(help="Key name (default: origin).")] = None,
    ) -> None:
        """Print the note verifier key (name+id+key) that tlog tools and witnesses read."""
        from hauberk.ledger import load_public_key, open_ledger, verifier_key

        public = load_public_key(key, password=_password())
        with open_ledger(db, read_only=True) as ledger:
            key_name = name or ledger.origin()
        _emit(verifier_key(key_name, public), None)

    @ledger_app.command("verify")
    def verify(
        db: DbArg,
        checkpoint: Annotated[
            Path | None, typer.Option(help="Signed checkpoint the log must still match.")
        ] = None,
        key: Annotated[
            Path | None, typer.Option(help="Public key PEM that signed --checkpoint.")
        ] = None,
        name: Annotated[str | None, typer.Option(help="Key name (default: origin).")] = None,
        pq_key: Annotated[
            list[Path] | None,
            typer.Option(
                "--pq-key",
                help="ML-DSA-65 public key PEM of the checkpoint's second line (repeat to "
                "trust old and new keys while rotating); implies --require hybrid.",
            ),
        ] = None,
        require: Annotated[
            Require | None,
            typer.Option(
                "--require",
                help="Signature lines that must verify: hybrid (both), ed25519 or ml-dsa-65.",
            ),
        ] = None,
        roles: Annotated[
            Path | None,
            typer.Option(
                "--roles",
                help="roles.toml whose ledger policy the log's latest role policy must equal.",
            ),
        ] = None,
        fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
        output: OutputOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Recompute every hash; exit 1 naming the first entry that does not match.

        Every entry appended after the log's first role policy is checked against the policy
        in force (signature, key owner, role); each one that breaks it is named.
        """
        from hauberk.core import ConfigError, InputError
        from hauberk.ledger import load_mldsa_public_key, load_public_key, open_ledger

        note: str | None = None
        public = None
        policy = require.value if require is not None else ("hybrid" if pq_key else None)
        if checkpoint is not None:
            if key is None and policy in {None, "hybrid", "ed25519"}:
                raise ConfigError("--checkpoint needs --key, the public key that signed it")
            try:
                note = checkpoint.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"cannot read checkpoint {checkpoint}: {exc}") from exc
            public = load_public_key(key, password=_password()) if key is not None else None
        elif pq_key or require is not None:
            raise ConfigError("--pq-key and --require apply to a --checkpoint; give one")
        trusted = [load_mldsa_public_key(p, password=_password()) for p in pq_key or ()]
        anchor = _policy(roles) if roles is not None else None
        with open_ledger(db, read_only=True) as ledger:
            report = ledger.verify(
                checkpoint=note,
                public_key=public,
                key_name=name,
                pq_keys=trusted,
                require=policy,
                roles=anchor,
            )
        if fmt is Format.json:
            _emit(_json(report.to_json()), output)
        elif report.ok:
            lines = [f"ok: {report.size} entries verified, root {report.root.hex()}"]
            if report.checkpoint is not None:
                lines.append(f"ok: matches the signed checkpoint of size {report.checkpoint.size}")
            if report.policy_index is not None:
                lines.append(
                    f"ok: {report.roles_checked} entries signed by holders of the roles their "
                    f"kind needs (role policy: entry {report.policy_index}; "
                    f"{report.roles_unchecked} earlier entries unchecked)"
                )
            _emit("\n".join(lines), output, quiet)
        else:
            _emit("\n".join(f"FAIL {p}" for p in report.problems), output)
        if not report.ok:
            raise typer.Exit(code=1)

    @ledger_app.command("policy")
    def policy_cmd(
        db: DbArg,
        roles: Annotated[
            Path, typer.Option("--roles", help="roles.toml: principals, keys, [ledger] table.")
        ],
        key: Annotated[
            Path,
            typer.Option("--key", help="Ed25519 private key PEM of a ledger-admin principal."),
        ],
        quiet: QuietOpt = False,
    ) -> None:
        """Set the ledger's role policy from ROLES (who may append which kinds, who may read).

        The policy is a signed ledger.policy entry: the first one by a key holding an admin
        role of the new policy, later ones by an admin of the current one. Print its index.
        """
        new = _policy(roles)
        from hauberk.ledger import open_ledger

        with open_ledger(db) as ledger:
            current = ledger.policy
            signer = ledger_signer(key, None, current if current is not None else new)
            index = ledger.set_policy(new, signer)
        _emit(str(index), None, quiet)

    @ledger_app.command("entries")
    def entries(
        db: DbArg,
        start: Annotated[int, typer.Option(help="First entry index.")] = 0,
        end: Annotated[int | None, typer.Option(help="Stop before this index.")] = None,
        kind: Annotated[str | None, typer.Option(help="Only entries of this kind.")] = None,
        key: KeyOpt = None,
        fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.json,
        output: OutputOpt = None,
    ) -> None:
        """Print entries (the audit trail). A ledger with a role policy needs --key of a
        principal holding a read role (read-audit by default); exit 2 otherwise."""
        from hauberk.ledger import load_private_key, open_ledger

        private = load_private_key(key, password=_password()) if key is not None else None
        if end is not None and end - start > 100_000:
            from hauberk.core import InputError

            raise InputError("--end - --start is more than 100000 entries; read in pages")
        with open_ledger(db, read_only=True) as ledger:
            stop = end if end is not None else min(ledger.head().size, start + 100_000)
            found = ledger.read_audit(private, start, stop, kind=kind)
        if fmt is Format.json:
            _emit(_json([{"index": i, **e.to_json()} for i, e in found]), output)
        else:
            text = "\n".join(
                f"{i}\t{e.timestamp}\t{e.kind}\t{e.principal}\t{e.body_json}" for i, e in found
            )
            _emit(text, output)

    app.add_typer(ledger_app)
