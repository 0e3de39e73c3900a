"""``hauberk init``: a commented starter ``assess.toml`` for the model and data given."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

LABELS = ("label", "target", "y", "class")


def _model_lines(model: str | None, python: str | None) -> list[str]:
    if python is not None:
        return [
            "[model]",
            f'python = "{python}"          # a function returning the model (torch module,',
            "                                # fitted scikit-learn classifier, ONNX session)",
            "# classes = [0, 1]              # needed for a plain function",
        ]
    if model is None:
        return [
            "[model]",
            '# path = "model.onnx"           # ONNX, safetensors, torch state_dict, joblib',
            '# python = "mypkg.models:build" # or a function returning the model',
            '# url = "http://127.0.0.1:8000/v1/predict"  # or a running service',
        ]
    from hauberk.models import sniff_model_format

    path = Path(model)
    kind = sniff_model_format(path) if path.is_file() else "unknown"
    lines = ["[model]", f'path = "{model}"' + f"  # read as {kind}" * (kind != "unknown")]
    if kind == "pickle":
        lines += [
            "allow_pickle = true             # pickle/joblib runs code when loaded: it is",
            "                                # loaded only after the artifact scan passes it",
        ]
    if kind in ("safetensors", "torch-zip"):
        lines += [
            'architecture = "mypkg.nets:build"  # weights only: a function returning the',
            "                                   # nn.Module they load into",
            "# input_shape = [1, 28, 28]        # per sample; default: the data's",
        ]
    lines += [
        "# lower = 0.0                     # valid input range (attacks stay inside it);",
        "# upper = 1.0                     # default: the range the data spans",
        '# sha256 = "..."                  # refuse a file that does not match',
        '# trainer = "mypkg.train:fit"     # (x, y) -> fresh model, for shadow models',
    ]
    return lines


def _data_lines(data: str | None, train: str | None, test: str | None) -> list[str]:
    if train is not None and test is not None:
        lines = ["[data]", f'train = "{train}"   # rows the model was trained on',
                 f'test = "{test}"     # held-out rows (the privacy stage needs both)']  # fmt: skip
        first = train
    elif data is not None:
        lines = [
            "[data]",
            f'path = "{data}"',
            '# train = "train.csv"           # instead of path: training rows and held-out',
            '# test = "test.csv"             # rows, so that the privacy stage runs',
        ]
        first = data
    else:
        return [
            "[data]",
            '# path = "data.csv"             # .csv, .npz or .parquet',
            '# train = "train.csv"           # or training and held-out rows',
            '# test = "test.csv"',
        ]
    label = _guess_label(Path(first))
    if label is not None:
        lines.append(f'label = "{label}"   # the label column')
    elif first.endswith(".csv"):
        lines.append('# label = "target"            # the label column of a CSV')
    return lines


def _guess_label(path: Path) -> str | None:
    if path.suffix.lower() != ".csv" or not path.is_file():
        return None
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        header = next(csv.reader(fh), [])
    names = [h.strip() for h in header]
    return next((n for n in names if n.lower() in LABELS), None)


def starter(
    *,
    model: str | None,
    python: str | None,
    data: str | None,
    train: str | None,
    test: str | None,
    name: str,
) -> str:
    lines = [
        "# hauberk assess configuration. Run: hauberk assess -c assess.toml",
        "# Every key: docs/assess.md; every check and its rules: hauberk checks",
        "",
        *_model_lines(model, python),
        "",
        *_data_lines(data, train, test),
        "",
        "[assess]",
        f'name = "{name}"',
        '# stages = ["artifact", "ingestion", "performance"]  # default: all the target allows',
        "seed = 0",
        'fail_on = "high"                 # exit 1 on findings at or above this',
        "max_seconds = 600                # per check",
        "",
        "# [evasion]",
        "# epsilons = [0.03, 0.1]         # perturbation sizes, in input units",
        "# [performance]",
        "# min_accuracy = 0.9",
        "",
    ]
    return "\n".join(lines)


def init_command(
    model: Annotated[
        str | None, typer.Option("--model", help="Model file to assess ([model] path).")
    ] = None,
    python: Annotated[
        str | None, typer.Option("--python", help="module:function returning the model.")
    ] = None,
    data: Annotated[str | None, typer.Option("--data", help="Data file ([data] path).")] = None,
    train: Annotated[str | None, typer.Option("--train", help="Training rows file.")] = None,
    test: Annotated[str | None, typer.Option("--test", help="Held-out rows file.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "assess.toml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Write a commented starter assess.toml for the model and data given."""
    from hauberk.core import ConfigError, write_atomic

    if model is not None and python is not None:
        raise ConfigError("give --model or --python, not both")
    if (train is None) != (test is None):
        raise ConfigError("--train and --test go together")
    if data is not None and train is not None:
        raise ConfigError("give --data, or --train and --test, not both")
    if output.is_dir():
        raise ConfigError(f"--output {output} is a folder; give a file name such as assess.toml")
    if output.exists() and not force:
        raise ConfigError(f"{output} exists; pass --force to overwrite it")
    name = Path(model).stem if model else (python or "model").split(":")[-1]
    write_atomic(output, starter(model=model, python=python, data=data, train=train,
                                 test=test, name=name))  # fmt: skip
    if not quiet:
        typer.echo(f"wrote {output.resolve()}; next: hauberk assess -c {output}")
