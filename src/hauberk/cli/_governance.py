"""``hauberk bom | card``: an ML-BOM (CycloneDX 1.6 or SPDX 3.0.1) and a model card built from
measurements.

Both read the model file(s), the assessment's ``report.json`` (refused when it assessed other
model files), an optional ``hauberk data ingest`` manifest and, for the card, the owner's
intended-use TOML. Exit 0 written, 2 bad input (nothing is written).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hauberk.cli._common import Quiet

ModelArg = Annotated[Path, typer.Argument(help="The model file or folder.")]
ManifestOpt = Annotated[
    Path | None,
    typer.Option("--data-manifest", help="Dataset manifest written by `hauberk data ingest`."),
]
IntendedUseOpt = Annotated[
    Path | None,
    typer.Option("--intended-use", help="TOML with [model], [intended_use], [considerations]."),
]
Output = Annotated[Path, typer.Option("--output", "-o", help="The file to write.")]


class BomFormat(StrEnum):
    cyclonedx = "cyclonedx"
    spdx3 = "spdx3"


BomFormatOpt = Annotated[
    BomFormat,
    typer.Option(
        "--format",
        "-f",
        help="cyclonedx (CycloneDX 1.6 ML-BOM) or spdx3 (SPDX 3.0.1 JSON-LD, AI and Dataset "
        "profiles).",
    ),
]


def bom_command(
    model: ModelArg,
    output: Output,
    report: Annotated[
        Path | None, typer.Option("--report", help="report.json of `hauberk assess`.")
    ] = None,
    data_manifest: ManifestOpt = None,
    intended_use: IntendedUseOpt = None,
    fmt: BomFormatOpt = BomFormat.cyclonedx,
    quiet: Quiet = False,
) -> None:
    """Write a machine-learning BOM (CycloneDX 1.6 or SPDX 3.0.1), validated against the
    official schema (and, for SPDX, the SHACL model) before it is written."""
    from hauberk.core import write_atomic
    from hauberk.governance import build_bom, build_spdx, gather

    evidence = gather(model, report=report, manifest=data_manifest, intended_use=intended_use)
    build = build_spdx if fmt is BomFormat.spdx3 else build_bom
    write_atomic(output, build(evidence))
    _say(output, evidence.missing, quiet)


def card_command(
    model: ModelArg,
    report: Annotated[Path, typer.Option("--report", help="report.json of `hauberk assess`.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="card.md (Markdown) or card.html (HTML).")
    ],
    data_manifest: ManifestOpt = None,
    intended_use: IntendedUseOpt = None,
    quiet: Quiet = False,
) -> None:
    """Write a model card (Mitchell et al. 2019 sections) from the report's measurements."""
    from hauberk.core import ConfigError, write_atomic
    from hauberk.governance import gather, render_card

    fmt = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(
        output.suffix.lower()
    )
    if fmt is None:
        raise ConfigError(f"--output {output}: name it .md or .html to choose the card format")
    evidence = gather(model, report=report, manifest=data_manifest, intended_use=intended_use)
    write_atomic(output, render_card(evidence, fmt))
    _say(output, evidence.missing, quiet)


def _say(output: Path, missing: list[str], quiet: bool) -> None:
    if quiet:
        return
    typer.echo(f"wrote {output}")
    for line in missing:
        typer.echo(f"hauberk: note: {line}", err=True)


def register(app: typer.Typer) -> None:
    app.command("bom")(bom_command)
    app.command("card")(card_command)
