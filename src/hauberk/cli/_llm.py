"""``hauberk llm guard FILE|-``: run the prompt guard (or, with ``--output-guard``, the leakage
guard) over JSON Lines and print one verdict per line.

Input: one JSON object per line with ``text`` (and optional ``id``, ``context`` and
``history`` lists for the prompt guard). Output: ``{"id", "flagged", "score", "signals"}`` per
line, in input order. A line that cannot be read as text (binary, invalid UTF-8, over
``--max-line-bytes``) is never passed: it is printed flagged with the signal ``unreadable`` or
``oversize``. A line that is not a JSON object with a string ``text`` is a usage error naming
the line: exit 2, nothing printed. Exit 0 when no line is flagged, 1 when one is.

``hauberk llm calibrate FILE -o OUT``: fit the prompt guard's thresholds to a sample of the
user's benign traffic in the same schema (``hauberk.llm._calibration``); ``guard
--calibration OUT`` uses them. A sample it cannot vouch for (too few rows for ``--fpr``, a
line it cannot read, rows labelled attacks) is exit 2 with nothing written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from hauberk.cli._common import OutputFile

llm_app = typer.Typer(help="Guards for language-model prompts and responses.", no_args_is_help=True)

MAX_LINE_BYTES = 1_000_000


def _read_lines(path: str, max_bytes: int) -> list[tuple[int, bytes | None]]:
    """(line number, raw bytes) per non-blank line; ``None`` bytes for an oversize line."""
    from hauberk.core import InputError

    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    out: list[tuple[int, bytes | None]] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        out.append((number, None if len(raw) > max_bytes else raw))
    if not out:
        raise InputError(f"{path}: no lines; expected JSON Lines with a 'text' field per line")
    return out


def _parse(path: str, number: int, raw: bytes) -> dict[str, Any] | None:
    """The record, or ``None`` if the line is not UTF-8 text (flagged unreadable)."""
    from hauberk.core import InputError

    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in line:
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: line {number}: not JSON ({exc.msg} at column {exc.colno}); "
            'expected one object per line like {"id": "1", "text": "..."}'
        ) from exc
    except RecursionError as exc:  # json nests without limit: a line of "[" overflows the stack
        raise InputError(
            f"{path}: line {number}: JSON nested too deeply to read; "
            'expected one object per line like {"id": "1", "text": "..."}'
        ) from exc
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(
            f"{path}: line {number}: no string field 'text'; "
            'expected one object per line like {"id": "1", "text": "..."}'
        )
    for key in ("context", "history"):
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{path}: line {number}: '{key}' must be a list of strings")
    return record


def guard_command(
    path: Annotated[str, typer.Argument(help="JSON Lines file, or - for standard input.")],
    output_guard: Annotated[
        bool,
        typer.Option("--output-guard", help="Check model responses for leaks instead of prompts."),
    ] = False,
    fpr: Annotated[
        float | None,
        typer.Option(
            "--fpr", min=0.0001, max=0.5, help="Prompt guard false-positive rate [default: 0.01]."
        ),
    ] = None,
    calibration: Annotated[
        Path | None,
        typer.Option(
            "--calibration",
            help="Prompt guard: thresholds from `hauberk llm calibrate` (not with --fpr).",
        ),
    ] = None,
    system_prompt: Annotated[
        Path | None,
        typer.Option("--system-prompt", help="Output guard: file holding the system prompt."),
    ] = None,
    canary: Annotated[
        list[str] | None,
        typer.Option("--canary", help="Output guard: a canary token (repeatable)."),
    ] = None,
    max_line_bytes: Annotated[
        int, typer.Option("--max-line-bytes", min=1, help="Longer lines are flagged oversize.")
    ] = MAX_LINE_BYTES,
    output: OutputFile = None,
) -> None:
    """Flag prompt injections and jailbreaks (or, with --output-guard, leaked secrets, personal
    data, canaries and system-prompt echoes): one JSON verdict per input line."""
    from hauberk.core import EXIT_FINDINGS, EXIT_OK, InputError, write_atomic
    from hauberk.llm import GuardVerdict, InputGuard, OutputGuard

    lines = _read_lines(path, max_line_bytes)
    records = [(n, None if raw is None else _parse(path, n, raw), raw is None) for n, raw in lines]
    if output_guard and (calibration is not None or fpr is not None):
        raise InputError("--fpr and --calibration set the prompt guard; not with --output-guard")
    if output_guard:
        prompt = None
        if system_prompt is not None:
            try:
                prompt = system_prompt.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{system_prompt}: cannot read the system prompt ({exc})") from exc
        out_guard = OutputGuard(system_prompt=prompt, canaries=canary or ())
    else:
        in_guard = InputGuard.load(fpr=fpr, calibration=calibration)
    rendered: list[str] = []
    flagged = False
    for number, record, oversize in records:
        if oversize:
            verdict = GuardVerdict(True, 1.0, ("oversize",))
            ident: Any = number
        elif record is None:
            verdict = GuardVerdict(True, 1.0, ("unreadable",))
            ident = number
        else:
            ident = record.get("id", number)
            try:
                if output_guard:
                    verdict = out_guard.check(record["text"])
                else:
                    verdict = in_guard.check(
                        record["text"],
                        context=record.get("context", ()),
                        history=record.get("history", ()),
                    )
            except Exception as exc:
                # as the gateway does: a guard that fails on a line flags it, and the other
                # lines still get their verdicts (round 11: a surrogate pair escaped in a
                # document made the input guard raise, and the whole batch stopped)
                verdict = GuardVerdict(True, 1.0, (f"guard_error:{type(exc).__name__}",))
        flagged = flagged or verdict.flagged
        rendered.append(json.dumps({"id": ident, **verdict.to_dict()}, ensure_ascii=False))
    text = "\n".join(rendered) + "\n"
    if output is not None:
        write_atomic(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    raise typer.Exit(EXIT_FINDINGS if flagged else EXIT_OK)


llm_app.command("guard")(guard_command)


def _sample(path: str, max_bytes: int) -> list[Any]:
    """The benign rows of a calibration sample; an ``InputError`` naming the first line that
    is unreadable, oversize, not in ``guard``'s schema, or labelled an attack."""
    from hauberk.core import InputError
    from hauberk.llm._calibration import Row

    rows, attacks = [], []
    for number, raw in _read_lines(path, max_bytes):
        if raw is None:
            raise InputError(
                f"{path}: line {number}: over {max_bytes} bytes; a calibration sample must be "
                "rows the guard reads (raise --max-line-bytes, or leave the line out)"
            )
        record = _parse(path, number, raw)
        if record is None:
            raise InputError(f"{path}: line {number}: not UTF-8 text; leave the line out")
        label = record.get("label", 0)
        if label not in (0, 1):
            raise InputError(f"{path}: line {number}: 'label' must be 0 (benign) or 1 (attack)")
        if label == 1:
            attacks.append(number)
            continue
        ident = record.get("id", number)
        context, history = record.get("context", []), record.get("history", [])
        rows.append(Row(ident, record["text"], tuple(context), tuple(history)))
    if attacks:
        # dropped silently, they would hide that the sample is not what its owner took it for
        raise InputError(
            f"{path}: {len(attacks)} rows are labelled attacks (label 1; first on line "
            f"{attacks[0]}); calibrate on benign traffic only: leave them out, e.g. with "
            "jq -c 'select(.label != 1)'"
        )
    return rows


def calibrate_command(
    path: Annotated[str, typer.Argument(help="Benign JSON Lines sample, or - for stdin.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the calibration (JSON).")
    ],
    fpr: Annotated[
        float,
        typer.Option("--fpr", min=0.0001, max=0.5, help="Share of the sample that may flag."),
    ] = 0.01,
    max_line_bytes: Annotated[
        int, typer.Option("--max-line-bytes", min=1, help="Longer lines are refused.")
    ] = MAX_LINE_BYTES,
) -> None:
    """Fit the prompt guard's thresholds to a sample of your own benign traffic, so that at
    most --fpr of it is flagged; `guard --calibration FILE` and the gateway's
    guard_calibration then use them."""
    from hauberk.core import ConfigError, InputError, write_atomic
    from hauberk.llm._calibration import calibrate

    rows = _sample(path, max_line_bytes)
    try:
        result = calibrate(rows, fpr)
    except ConfigError as exc:
        raise InputError(f"{path}: {exc}") from exc
    data = result.to_dict()
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    # 0644 whatever the umask: the guard refuses a calibration that group or others can change
    write_atomic(output, text.encode(), mode=0o644)
    attacks = result.attacks
    sys.stdout.write(
        f"{output}: thresholds {result.threshold:.4f} (prompts), {result.context_threshold:.4f}"
        f" (documents); {result.flagged} of {result.rows} rows flagged "
        f"({data['flagged_share']:.4f}, 95% upper bound {result.flagged_share_ci95_high:.4f}; "
        f"{result.shipped['flagged']} at the shipped thresholds); built-in attacks flagged "
        f"{attacks['flagged_calibrated']:.3f} (shipped {attacks['flagged_shipped']:.3f})\n"
    )
    if result.rule_flagged_ids:
        sys.stdout.write(
            f"flagged at any threshold (review them): {list(result.rule_flagged_ids)}\n"
        )


llm_app.command("calibrate")(calibrate_command)


def register(app: typer.Typer) -> None:
    app.add_typer(llm_app, name="llm")
