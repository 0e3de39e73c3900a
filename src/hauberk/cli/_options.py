"""The shared options as data: flags and help, with no Typer import.

:mod:`hauberk.cli._common` turns them into Typer options for the Typer commands, and
``hauberk scan``'s lean parser (:mod:`hauberk.cli._scan`) into argparse arguments, so both
spell and explain an option the same way (a test compares them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Opt:
    """One command-line option: its flags (long first) and its help text."""

    flags: tuple[str, ...]
    help: str


FORMAT = Opt(("--format", "-f"), "Output format(s), comma-separated.")
OUTPUT_DIR = Opt(("--output-dir",), "Folder to write report.<ext> files into.")
OUTPUT_FILE = Opt(("--output", "-o"), "Write the result to this file (default: stdout).")
FAIL_ON = Opt(
    ("--fail-on",),
    "Exit 1 if any finding is at or above: info, low, medium, high, critical [default: high].",
)
ALLOW_INCOMPLETE = Opt(
    ("--allow-incomplete",),
    "Exit 0 even if a check errored or was cut short by a budget or limit "
    "(it is still graded 'incomplete' in every report).",
)
QUIET = Opt(("--quiet", "-q"), "Print nothing but errors.")
