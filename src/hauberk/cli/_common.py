"""Options that behave the same on every command, and the terminal progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from hauberk.cli import _options as opt

FORMAT_HELP = opt.FORMAT.help
# One meaning everywhere: --output-dir is a folder for multi-file reports (report.<ext>),
# --output/-o is one file ('-' or omitted: standard output), --format/-f the format(s).
# The flags and help live in _options (no typer) so that `hauberk scan`'s lean parser uses them.
OutputDir = Annotated[Path, typer.Option(*opt.OUTPUT_DIR.flags, help=opt.OUTPUT_DIR.help)]
OutputFile = Annotated[Path | None, typer.Option(*opt.OUTPUT_FILE.flags, help=opt.OUTPUT_FILE.help)]
Format = Annotated[str, typer.Option(*opt.FORMAT.flags, help=opt.FORMAT.help)]
FailOn = Annotated[str | None, typer.Option(*opt.FAIL_ON.flags, help=opt.FAIL_ON.help)]
# `assess` and `report convert` took the folder as --output/-o before: still read, hidden,
# with a note, so existing CI scripts keep working.
LegacyOutput = Annotated[Path | None, typer.Option("--output", "-o", hidden=True)]


def output_dir(folder: Path, legacy: Path | None) -> Path:
    """The report folder from ``--output-dir``, or from the old ``--output`` with a note."""
    if legacy is None:
        return folder
    if folder != Path():
        from hauberk.core import ConfigError

        raise ConfigError("give the report folder once, as --output-dir")
    typer.echo("hauberk: note: --output is --output-dir for multi-file reports now", err=True)
    return legacy


AllowIncomplete = Annotated[
    bool, typer.Option(*opt.ALLOW_INCOMPLETE.flags, help=opt.ALLOW_INCOMPLETE.help)
]
Quiet = Annotated[bool, typer.Option(*opt.QUIET.flags, help=opt.QUIET.help)]


def check_output_dir(path: Path, flag: str = "--output-dir") -> None:
    """Refuse, before any work, a report folder that cannot be one (a file, or under a file)."""
    from hauberk.core import ConfigError

    for part in (path, *path.resolve().parents):
        if part.exists() and not part.is_dir():
            what = "is a file" if part == path else f"is under {part}, which is a file"
            raise ConfigError(f"{flag} {path} {what}; give a folder for the report files")
        if part.exists():
            return


class RichProgress:
    """The core ``Progress`` interface drawn with rich on stderr: one bar for the run (checks
    done of the total, elapsed, ETA) and one for the running check's current phase."""

    def __init__(self, *, enabled: bool) -> None:
        self._bar: Any = None
        self._run: Any = None
        self._task: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )

    def __enter__(self) -> RichProgress:
        if self._bar is not None:
            self._bar.start()
            self._run = self._bar.add_task("checks", total=None)
            self._task = self._bar.add_task("starting", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def check_started(self, check: str, index: int, total: int) -> None:
        if self._bar is not None:
            self._bar.update(self._run, description=f"checks ({check})", total=total)

    def check_finished(self, result: Any, index: int, total: int) -> None:
        if self._bar is not None:
            self._bar.update(self._run, completed=index, total=total)

    def start(self, label: str, total: int | None = None) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=label, total=total, completed=0)

    def advance(self, amount: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, amount)


def terminal_progress(*, quiet: bool) -> Any:
    """A bar with totals and ETA on a terminal, one line per check on stderr otherwise,
    nothing with ``--quiet``."""
    import sys

    from hauberk.core._progress import LineProgress

    if quiet:
        return RichProgress(enabled=False)
    if sys.stderr.isatty():
        return RichProgress(enabled=True)
    return _Lines(LineProgress())


class _Lines:
    """``LineProgress`` as a context manager, like the bar."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __enter__(self) -> Any:
        return self.inner

    def __exit__(self, *exc: object) -> None:
        return None
