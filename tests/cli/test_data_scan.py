"""``hauberk data scan``: CSV, Parquet and NPZ in, clean and quarantine sets out, exit 0/1/2;
every bad input one line naming the file, row or column, with nothing written."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hauberk.cli import main
from hauberk.core import read_report
from hauberk.data import _table

ROOT = Path(__file__).resolve().parents[2]


def run(monkeypatch: pytest.MonkeyPatch, capsys: Any, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["hauberk", "data", "scan", *args])
    code: Any = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return int(code or 0), out.out, out.err


@pytest.fixture(scope="module")
def wine() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.datasets import load_wine

    x, y = load_wine(return_X_y=True)
    rng = np.random.default_rng(0)
    flipped = np.sort(rng.choice(len(y), 12, replace=False))
    noisy = y.copy()
    noisy[flipped] = (y[flipped] + 1) % 3
    return x, noisy, flipped


def write_csv(path: Path, x: np.ndarray, y: Any, label: str = "label") -> Path:
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*(f"f{i}" for i in range(x.shape[1])), label])
        for a, b in zip(x.tolist(), list(y), strict=True):
            writer.writerow([*a, b])
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_scan_quarantines_flipped_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, wine: Any
) -> None:
    x, y, flipped = wine
    src = write_csv(tmp_path / "wine.csv", x, y)
    out = tmp_path / "out"
    code, stdout, _ = run(monkeypatch, capsys, str(src), "--label-column", "label",
                          "--output-dir", str(out), "--format", "json,sarif")  # fmt: skip
    assert code == 1
    assert "rows quarantined" in stdout
    quarantine, clean = read_rows(out / "quarantine.csv"), read_rows(out / "clean.csv")
    rows = [int(r["row"]) for r in quarantine]
    assert len(set(rows) & set(flipped.tolist())) >= 9  # most of the 12 flips
    assert sorted(rows + [int(r["row"]) for r in clean]) == list(range(len(y)))
    assert all(r["reasons"].startswith("label_flip: ") for r in quarantine)
    assert all(0 <= float(r["score_label_flip"]) <= 1 for r in quarantine)
    assert clean[0]["f0"] == repr(float(x[int(clean[0]["row"]), 0]))
    report = read_report(out / "report.json")
    assert report.findings[0].id == "HB-DA-QUARANTINED"
    assert (out / "report.sarif").is_file()


def test_parquet_and_npz_keep_their_format_and_row_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, wine: Any
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    x, y, _ = wine
    names = np.asarray(["barolo", "grignolino", "barbera"])[y]
    table = pa.table({**{f"f{i}": x[:, i] for i in range(x.shape[1])}, "cultivar": names})
    pq.write_table(table, tmp_path / "wine.parquet")
    code, *_ = run(monkeypatch, capsys, str(tmp_path / "wine.parquet"), "--label-column",
                   "cultivar", "--output-dir", str(tmp_path / "pq"))  # fmt: skip
    assert code == 1
    clean = pq.read_table(tmp_path / "pq" / "clean.parquet")
    quarantine = pq.read_table(tmp_path / "pq" / "quarantine.parquet")
    assert clean.column_names[0] == "row" and "reasons" in quarantine.column_names
    assert clean.num_rows + quarantine.num_rows == len(y)
    first = clean.column("row")[0].as_py()
    assert clean.column("cultivar")[0].as_py() == names[first]

    np.savez(tmp_path / "wine.npz", x=x, y=y)
    code, *_ = run(monkeypatch, capsys, str(tmp_path / "wine.npz"), "--label-column", "y",
                   "--output-dir", str(tmp_path / "np"))  # fmt: skip
    assert code == 1
    with np.load(tmp_path / "np" / "quarantine.npz", allow_pickle=False) as q:
        assert set(q.files) >= {"x", "y", "rows", "reasons", "score_label_flip"}
        assert np.array_equal(q["x"], x[q["rows"]])
    with np.load(tmp_path / "np" / "clean.npz", allow_pickle=False) as c:
        assert np.array_equal(c["y"], y[c["rows"]])


def test_clean_data_exits_0_and_still_writes_an_empty_quarantine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    rng = np.random.default_rng(0)
    y = np.arange(200) % 2
    x = rng.normal(size=(200, 3)) * 0.2 + y[:, None] * 5
    src = write_csv(tmp_path / "blobs.csv", x, y)
    code, *_ = run(monkeypatch, capsys, str(src), "--label-column", "label", "--output-dir",
                   str(tmp_path / "o"))  # fmt: skip
    assert code == 0
    assert read_rows(tmp_path / "o" / "quarantine.csv") == []
    assert len(read_rows(tmp_path / "o" / "clean.csv")) == 200


def test_a_given_model_is_loaded_as_assess_loads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, wine: Any
) -> None:
    x, y, flipped = wine
    clean = y.copy()
    clean[flipped] = (y[flipped] - 1) % 3
    np.savez(tmp_path / "truth.npz", x=x, y=clean)
    (tmp_path / "trusted.py").write_text(
        "import numpy as np\n"
        "from sklearn.linear_model import LogisticRegression\n"
        "from sklearn.pipeline import make_pipeline\n"
        "from sklearn.preprocessing import StandardScaler\n"
        "def model():\n"
        "    d = np.load('truth.npz')\n"
        "    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))"
        ".fit(d['x'], d['y'])\n"
    )
    src = write_csv(tmp_path / "wine.csv", x, y)
    monkeypatch.chdir(tmp_path)
    code, *_ = run(monkeypatch, capsys, str(src), "--label-column", "label", "--model",
                   "trusted:model", "--output-dir", "o")  # fmt: skip
    assert code == 1
    rows = {int(r["row"]) for r in read_rows(tmp_path / "o" / "quarantine.csv")}
    assert len(set(flipped.tolist()) & rows) >= 9  # the model trained on trusted labels
    report = json.loads((tmp_path / "o" / "report.json").read_text())
    assert report["target"]["model"] == "trusted:model"


BAD: dict[str, tuple[bytes, str, str]] = {
    # name: (file content, --label-column, what the one-line error must say)
    "not utf-8": (b"a,b,label\n1,2,0\n3,\xff,1\n", "label", r"row 1: byte 0xff"),
    "ragged": (b"a,b,label\n1,2,0\n3,1\n", "label", r"row 1: 2 values"),
    "no label": (b"a,b,y\n1,2,0\n3,4,1\n", "label", r"no label column 'label'"),
    "empty": (b"", "label", r"empty file"),
    "header only": (b"a,b,label\n", "label", r"no data rows"),
    "one class": (b"a,b,label\n1,2,0\n3,4,0\n", "label", r"column 'label': every row"),
    "text feature": (b"a,b,label\n1,2,0\n3,x,1\n", "label", r"row 1 column 'b'"),
    "nan feature": (b"a,b,label\n1,nan,0\n3,4,1\n", "label", r"row 0 column 'b'"),
    "empty label": (b"a,b,label\n1,2,0\n3,4,\n", "label", r"row 1 column 'label'"),
    "row clash": (b"row,b,label\n1,2,0\n3,4,1\n", "label", r"column 'row'"),
    "huge cell": (b"a,b,label\n1,2,0\n3," + b"9" * 5000 + b",1\n", "label", r"row 1: not valid"),
    "bad parquet": (b"PAR1 this is not parquet", "label", r"not a readable Parquet"),
    "bad npz": (b"PK\x03\x04 not a zip", "y", r"not a readable \.npz"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(_table, "MAX_CELL_CHARS", 1000)
    content, label, expected = BAD[case]
    src = tmp_path / "in.csv"
    src.write_bytes(content)
    out = tmp_path / "out"
    code, _, err = run(monkeypatch, capsys, str(src), "--label-column", label,
                       "--output-dir", str(out))  # fmt: skip
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hauberk: error: "), err
    assert str(src) in lines[0]
    import re

    assert re.search(expected, lines[0]), lines[0]
    assert not out.exists() or list(out.iterdir()) == []


def test_npz_refusals_name_the_array(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    np.savez(tmp_path / "a.npz", x=np.zeros((4, 2)), labels=np.array([0, 1, 0, 1]))
    code, _, err = run(monkeypatch, capsys, str(tmp_path / "a.npz"), "--label-column", "y")
    assert code == 2 and "no array 'y'" in err
    np.savez(tmp_path / "b.npz", x=np.zeros((4, 2)), y=np.array([0, 1, 0]))
    code, _, err = run(monkeypatch, capsys, str(tmp_path / "b.npz"), "--label-column", "y")
    assert code == 2 and "array 'y': shape (3,)" in err
    np.savez(tmp_path / "c.npz", x=np.array([[1, None]], dtype=object), y=np.array([0]))
    code, _, err = run(monkeypatch, capsys, str(tmp_path / "c.npz"), "--label-column", "y")
    assert code == 2 and "c.npz" in err
    monkeypatch.setattr(_table, "MAX_NPZ_UNCOMPRESSED", 10)
    code, _, err = run(monkeypatch, capsys, str(tmp_path / "b.npz"), "--label-column", "y")
    assert code == 2 and "above the 10 limit" in err


def test_the_installed_command_exits_1_on_flips(tmp_path: Path, wine: Any) -> None:
    """The real process, as a user runs it: exit code 1 and the three files."""
    import os
    import subprocess

    x, y, _ = wine
    src = write_csv(tmp_path / "wine.csv", x, y)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "hauberk", "data", "scan", str(src), "--label-column", "label",
         "--output-dir", str(tmp_path / "o"), "--quiet"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "clean.csv",
        "quarantine.csv",
        "report.json",
    ]
