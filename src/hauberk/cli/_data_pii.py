"""``hauberk data pii FILE`` and ``hauberk data mask FILE``: personal data in CSV, Parquet and
JSON Lines files.

``data pii`` writes the same report formats as ``assess`` with one ``data.pii`` result and
prints the columns holding personal data. Exit 0 nothing at or above ``--fail-on``, 1 findings
at or above it (or a sampled, incomplete scan unless ``--allow-incomplete``), 2 input error.

``data mask`` writes a copy with the personal data masked, pseudonymised (keyed HMAC, stable
across batches) or tokenised into an encrypted vault, atomically, in the input's format;
``data unmask`` puts tokenised values back (it needs the key and the vault). Exit 0 or 2.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from hauberk.cli._common import AllowIncomplete, FailOn, Format, OutputDir, Quiet

Columns = Annotated[
    str | None,
    typer.Option("--columns", help="Only these columns (or JSON Lines fields), comma-separated."),
]


class Mode(StrEnum):
    mask = "mask"
    pseudonymise = "pseudonymise"
    tokenise = "tokenise"


def _split(text: str | None) -> list[str] | None:
    names = [t.strip() for t in (text or "").split(",") if t.strip()]
    return names or None


def _only(table: Any, columns: list[str] | None, path: Path) -> list[str] | None:
    from hauberk.core import InputError

    if columns is None:
        return None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(f"{path}: no column {missing[0]!r}; columns: {', '.join(table.columns)}")
    return columns


def pii_command(
    path: Annotated[Path, typer.Argument(help="Table: .csv, .parquet or .jsonl.")],
    fmt: Format = "json,html",
    output_dir: OutputDir = Path(),
    sample: Annotated[
        int | None,
        typer.Option(
            "--sample",
            min=1,
            help="Scan at most this many rows per column "
            "(default: all; a sampled scan is incomplete).",
        ),
    ] = None,
    columns: Columns = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the row sample.")] = 0,
    fail_on: FailOn = None,
    allow_incomplete: AllowIncomplete = False,
    quiet: Quiet = False,
) -> None:
    """Find personal data per column (cards, IBANs, national ids, e-mail, phones, IPs, URLs,
    wallets) with checksum validation; report counts and shares with 95% intervals."""
    import datetime as dt
    import time

    import hauberk
    from hauberk.core import CheckResult, Policy, Report, Severity, parse_formats, write_reports
    from hauberk.data import DATA
    from hauberk.data import _rules as rules
    from hauberk.data.pii import read_table, scan_frame
    from hauberk.data.pii._columns import findings

    formats = parse_formats(fmt)
    policy = Policy(fail_on=Severity.parse(fail_on or "high"), allow_incomplete=allow_incomplete)
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    clock = time.perf_counter()
    table = read_table(path)
    only = _only(table, _split(columns), path)
    view = {k: v for k, v in table.columns.items() if only is None or k in only}
    report = scan_frame(view, sample=sample, seed=seed)
    found = findings(report, str(path))
    reason = (
        f"{sample} of {report.rows} rows scanned per column; unscanned rows may hold personal data"
        if report.sampled
        else ""
    )
    metrics: dict[str, Any] = {
        "rows": report.rows,
        "entities": report.entities,
        "columns": [c.to_dict() for c in report.columns],
    }
    result = CheckResult.of(
        "data.pii", DATA.name, found, metrics, partial=report.sampled, reason=reason
    ).timed(time.perf_counter() - clock, 0)
    out = Report(
        target={
            "name": str(path),
            "path": str(path),
            "rows": report.rows,
            "columns": list(table.columns),
            "format": table.format,
        },
        environment={
            "python": __import__("platform").python_version(),
            "hauberk": hauberk.__version__,
            "seed": seed,
        },
        results=(result,),
        stages={DATA.name: DATA.lifecycle.value},
        rules={
            r.id: r
            for r in (
                rules.PII_IDENTIFIER,
                rules.PII_CONTACT,
                rules.PII_ONLINE,
                rules.PII_COLUMN_NAME,
            )
        },
        tool={"name": "hauberk", "version": hauberk.__version__},
        created=started,
    )
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = write_reports(out, formats, output_dir)
    if not quiet:
        personal = report.personal_columns
        typer.echo(
            f"{len(personal)} of {len(report.columns)} columns hold personal data "
            f"({report.rows} rows{', sampled' if report.sampled else ''})"
        )
        for col in personal:
            kinds = ", ".join(f"{k} {v}" for k, v in col.entities.items())
            typer.echo(
                f"  {col.column}: {col.cells_with_pii}/{col.scanned} cells "
                f"[{col.share.low:.3f}, {col.share.high:.3f}]: {kinds}"
            )
        for col in report.columns:
            hints = [h for h in col.name_hints if h in ("PERSON", "LOCATION", "DATE_OF_BIRTH")]
            if hints and not col.personal:
                typer.echo(f"  {col.column}: named like {', '.join(hints)} (review)")
        if reason:
            typer.echo(f"incomplete: {reason}", err=True)
        for p in paths:
            typer.echo(f"wrote {p.resolve()}")
    raise typer.Exit(policy.exit_code(out))


def mask_command(
    path: Annotated[Path, typer.Argument(help="Table: .csv, .parquet or .jsonl.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Write the masked copy here (same format).")
    ],
    mode: Annotated[Mode, typer.Option("--mode", help="mask, pseudonymise or tokenise.")] = (
        Mode.mask
    ),
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            help="32-byte key file (hauberk keygen NAME --type aes256); "
            "needed to pseudonymise and tokenise.",
        ),
    ] = None,
    vault: Annotated[
        Path | None, typer.Option("--vault", help="Encrypted token vault (tokenise).")
    ] = None,
    columns: Columns = None,
    whole: Annotated[
        str | None,
        typer.Option(
            "--whole-columns",
            help="Treat every cell of these columns as personal "
            "data (names, addresses), comma-separated.",
        ),
    ] = None,
    keep_email_domain: Annotated[
        bool, typer.Option("--keep-email-domain", help="Pseudonyms keep the e-mail domain.")
    ] = False,
    keep_last: Annotated[
        int, typer.Option("--keep-last", min=0, help="mask: keep this many trailing characters.")
    ] = 0,
    quiet: Quiet = False,
) -> None:
    """Write a copy of a table with personal data masked, pseudonymised or tokenised."""
    from hauberk.core import ConfigError
    from hauberk.data.pii import Pseudonymizer, Vault, find, load_key, read_table
    from hauberk.data.pii._pseudonym import _replace, mask_value
    from hauberk.data.pii._table import map_cells, table_format, write_table

    if output.resolve() == path.resolve():
        raise ConfigError(f"--output {output} is the input; write the masked copy elsewhere")
    if mode is not Mode.mask and key is None:
        raise ConfigError(f"--mode {mode.value} needs --key KEYFILE")
    if mode is Mode.tokenise and vault is None:
        raise ConfigError("--mode tokenise needs --vault FILE to keep the originals in")
    secret = load_key(key) if key is not None else None
    store = Vault.open(vault, secret) if mode is Mode.tokenise and vault and secret else None
    table = read_table(path)
    if table_format(output) != table.format:
        raise ConfigError(f"--output {output}: write the same format as the input ({table.format})")
    only = _only(table, _split(columns), path)
    whole_columns = set(_only(table, _split(whole), path) or [])
    pseudo = Pseudonymizer(secret, keep_email_domain=keep_email_domain) if secret else None
    counts: dict[str, int] = {}

    def replace(entity: Any) -> str:
        counts[entity.type] = counts.get(entity.type, 0) + 1
        if mode is Mode.mask:
            return mask_value(entity.text, keep_last=keep_last)
        if mode is Mode.pseudonymise:
            assert pseudo is not None
            return pseudo.pseudonymise(entity.text, entity.type)
        assert store is not None
        return store.tokenise(entity.text, entity.type)

    def transform(column: str, text: str) -> str:
        from hauberk.data.pii import Entity

        if column in whole_columns:
            return replace(Entity(0, len(text), "COLUMN_VALUE", text, 1.0)) if text else text
        return _replace(text, find(text, column=column), replace)

    new, changed = map_cells(table, transform, only)
    if store is not None:
        store.save()  # the vault first: a masked file without its vault could not be undone
    write_table(new, output)
    if not quiet:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing found"
        typer.echo(f"{mode.value}: {changed} cells changed ({kinds}); wrote {output}")


def unmask_command(
    path: Annotated[Path, typer.Argument(help="Tokenised table: .csv, .parquet or .jsonl.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Write the restored copy here.")],
    key: Annotated[Path, typer.Option("--key", help="The key the tokens were made with.")],
    vault: Annotated[Path, typer.Option("--vault", help="The vault holding the originals.")],
    quiet: Quiet = False,
) -> None:
    """Put tokenised values back from the vault (needs the key)."""
    from hauberk.core import ConfigError
    from hauberk.data.pii import Vault, load_key, read_table
    from hauberk.data.pii._table import map_cells, table_format, write_table

    if output.resolve() == path.resolve():
        raise ConfigError(f"--output {output} is the input; write the restored copy elsewhere")
    store = Vault.open(vault, load_key(key), create=False)
    table = read_table(path)
    if table_format(output) != table.format:
        raise ConfigError(f"--output {output}: write the same format as the input ({table.format})")
    new, changed = map_cells(table, lambda _c, text: store.detokenise_text(text))
    write_table(new, output)
    if not quiet:
        typer.echo(f"unmask: {changed} cells restored; wrote {output}")


def register(data_app: typer.Typer) -> None:
    data_app.command("pii")(pii_command)
    data_app.command("mask")(mask_command)
    data_app.command("unmask")(unmask_command)
