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
        quiet: QuietOpt = False,
    ) -> None:
        """Create a ledger (no-op if it exists); print its origin.

        A database that already holds other tables is refused unless --allow-foreign-tables.
        """
        from hauberk.ledger import open_ledger

        with open_ledger(
            db, create=True, origin=origin, allow_foreign_tables=allow_foreign_tables
        ) as ledger:
            _emit(ledger.origin(), None, quiet)

    @ledger_app.command("append")
    def append(
        db: DbArg,
        file: Annotated[str, typer.Argument(help="JSON body file, or - for stdin.")],
        kind: Annotated[str, typer.Option(help="Entry kind, like model.sign or data.ingest.")],
        principal: Annotated[
            str | None, typer.Option(help="Who records the entry (default: the OS user).")
        ] = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Append one entry whose body is the JSON in FILE; print its index."""
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
        entry = Entry.create(kind, parse_json(raw), principal=_principal(principal))
        with open_ledger(db) as ledger:
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
        fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
        output: OutputOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Recompute every hash; exit 1 naming the first entry that does not match."""
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
        with open_ledger(db, read_only=True) as ledger:
            report = ledger.verify(
                checkpoint=note,
                public_key=public,
                key_name=name,
                pq_keys=trusted,
                require=policy,
            )
        if fmt is Format.json:
            _emit(_json(report.to_json()), output)
        elif report.ok:
            lines = [f"ok: {report.size} entries verified, root {report.root.hex()}"]
            if report.checkpoint is not None:
                lines.append(f"ok: matches the signed checkpoint of size {report.checkpoint.size}")
            _emit("\n".join(lines), output, quiet)
        else:
            _emit("\n".join(f"FAIL {p}" for p in report.problems), output)
        if not report.ok:
            raise typer.Exit(code=1)

    app.add_typer(ledger_app)
