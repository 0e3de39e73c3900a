"""``hauberk encrypted bench``: encrypted inference against the plain model on a bundled set.

Trains a model on scikit-learn's breast-cancer or digits data (logistic regression, or an MLP
with a square activation), scores held-out rows in plaintext and under CKKS (TenSEAL) and/or
three MPyC parties, and prints accuracy, agreement, latency per sample and bytes per sample.
Exit codes: 0 the encrypted accuracy is within ``--max-difference`` points of the plain one,
1 it is not, 2 usage or input error.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from hauberk.cli._common import OutputFile, Quiet

encrypted_app = typer.Typer(
    help="Encrypted inference: CKKS (TenSEAL) and secure multi-party computation (MPyC).",
    no_args_is_help=True,
)


class Dataset(StrEnum):
    breast_cancer = "breast-cancer"
    digits = "digits"


class ModelKind(StrEnum):
    linear = "linear"
    mlp = "mlp"


class BackendName(StrEnum):
    tenseal = "tenseal"
    mpyc = "mpyc"
    both = "both"


class Fmt(StrEnum):
    text = "text"
    json = "json"


@encrypted_app.command("bench")
def bench_command(
    dataset: Annotated[Dataset, typer.Option(help="Bundled scikit-learn data set.")] = (
        Dataset.breast_cancer
    ),
    model: Annotated[
        ModelKind, typer.Option(help="linear (logistic regression) or mlp (square activation).")
    ] = ModelKind.linear,
    backend: Annotated[
        BackendName, typer.Option(help="tenseal (CKKS), mpyc (3 parties) or both.")
    ] = BackendName.both,
    samples: Annotated[
        int, typer.Option(min=1, max=2000, help="Held-out rows scored encrypted.")
    ] = 50,
    seed: Annotated[int, typer.Option(help="Split and training seed.")] = 0,
    max_difference: Annotated[
        float,
        typer.Option(help="Largest plain minus encrypted accuracy, in points, for exit 0."),
    ] = 0.5,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="text or json.")] = Fmt.text,
    output: OutputFile = None,
    quiet: Quiet = False,
) -> None:
    """Score held-out rows encrypted and in plaintext; compare accuracy, latency and size."""
    from hauberk.core import write_atomic
    from hauberk.encrypted import demo_model, evaluate

    poly, x, y = demo_model(dataset.value, model.value, seed=seed)
    x, y = x[:samples], y[:samples]
    names = ["tenseal", "mpyc"] if backend is BackendName.both else [backend.value]
    results = [evaluate(poly, x, y, backend=name) for name in names]  # type: ignore[arg-type]
    worst = max(r.accuracy_difference_points for r in results)
    if fmt is Fmt.json:
        body = json.dumps(
            {
                "dataset": dataset.value,
                "model": model.value,
                "max_difference_points": max_difference,
                "results": [r.to_dict() for r in results],
            },
            indent=2,
        )
    else:
        lines = [
            f"{dataset.value} {model.value}, {len(y)} held-out rows",
            f"{'backend':8} {'plain':>6} {'encrypted':>9} {'diff pts':>8} {'agree':>6} "
            f"{'ms/sample':>10} {'KiB/sample':>10}",
        ]
        for r in results:
            lines.append(
                f"{r.backend:8} {r.plain_accuracy.value:6.3f} {r.encrypted_accuracy.value:9.3f} "
                f"{r.accuracy_difference_points:8.2f} {r.agreement.value:6.3f} "
                f"{1000 * r.latency_per_sample:10.1f} {r.bytes_per_sample / 1024:10.1f}"
            )
        body = "\n".join(lines)
    if output is not None and str(output) != "-":
        write_atomic(output, body + "\n")
    elif not quiet:
        typer.echo(body)
    if worst > max_difference:
        typer.echo(
            f"hauberk: encrypted accuracy is {worst:.2f} points below plaintext "
            f"(limit {max_difference})",
            err=True,
        )
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``encrypted`` command group to ``app``."""
    app.add_typer(encrypted_app, name="encrypted")
