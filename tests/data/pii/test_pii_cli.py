"""`hauberk data pii|mask|unmask` on CSV, Parquet and JSON Lines: exit codes, atomic output."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hauberk.cli import main
from hauberk.data.pii import new_key_file

ROWS = [
    {"id": "1", "name": "Ada", "email": "ada@example.com", "note": "card 4111 1111 1111 1111"},
    {"id": "2", "name": "Alan", "email": "alan@example.org", "note": "SSN 123-45-6788"},
    {"id": "3", "name": "Grace", "email": "", "note": "nothing here 12345"},
]


def write_csv(path: Path, rows: list[dict[str, str]] = ROWS) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(autouse=True)
def _capture(capsys: pytest.CaptureFixture[str]) -> None:
    global CAPTURE
    CAPTURE = capsys


CAPTURE: pytest.CaptureFixture[str]


def invoke(*args: str) -> tuple[int, str]:
    """``hauberk ARGS`` in this process through the real entry point (errors exit 2)."""
    argv = sys.argv
    sys.argv = ["hauberk", *args]
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = argv
    out = CAPTURE.readouterr()
    return code, out.out + out.err


def test_pii_reports_columns_and_gates_on_high(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "people.csv")
    code, out = invoke("data", "pii", str(src), "--output-dir", str(tmp_path / "r"), "-f", "json")
    assert code == 1, out  # a card number is a high finding
    assert "email: 2/2 cells" in out and "name: named like PERSON" in out
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    (result,) = report["results"]
    assert result["check"] == "data.pii" and result["status"] == "failed"
    assert {f["id"] for f in result["findings"]} >= {"HB-DA-PII-IDENTIFIER", "HB-DA-PII-CONTACT"}
    assert "ada@example.com" not in (tmp_path / "r" / "report.json").read_text()
    code, _ = invoke("data", "pii", str(src), "--columns", "email", "--output-dir",
                     str(tmp_path / "r2"), "-f", "json")  # fmt: skip
    assert code == 0  # contact data is medium: below the default --fail-on high


def test_pii_sampled_scan_is_incomplete(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p.csv", [{"a": "x"}] * 10)
    code, _out = invoke("data", "pii", str(src), "--sample", "3", "--output-dir", str(tmp_path))
    assert code == 1
    code, _ = invoke("data", "pii", str(src), "--sample", "3", "--allow-incomplete",
                     "--output-dir", str(tmp_path))  # fmt: skip
    assert code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"a,b\n1\n", "row 0: 1 values"),
        (b"a,a\n1,2\n", "appears more than once"),
        (b"a\n\xff\xfe\n", "not UTF-8"),
        (b"a,b\n", "no data rows"),
        (b"a\n" + b"x" * ((1 << 20) + 10) + b"\n", "field larger than field limit"),
    ],
)
def test_bad_csv_exits_2_naming_the_file_and_row(
    tmp_path: Path, content: bytes, message: str
) -> None:
    src = tmp_path / "bad.csv"
    src.write_bytes(content)
    code, out = invoke("data", "mask", str(src), "-o", str(tmp_path / "out.csv"))
    assert code == 2 and message in out and "bad.csv" in out
    assert not (tmp_path / "out.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.csv"]  # nothing half-written


def test_mask_modes_on_csv(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "people.csv")
    key = tmp_path / "pii.key"
    new_key_file(key)
    code, out = invoke("data", "mask", str(src), "-o", str(tmp_path / "m.csv"), "--keep-last", "4")
    assert code == 0, out
    masked = read_csv(tmp_path / "m.csv")
    assert masked[0]["note"] == "card **** **** **** 1111" and masked[0]["name"] == "Ada"
    assert masked[1]["note"] == "SSN ***-**-6788"

    code, out = invoke("data", "mask", str(src), "-o", str(tmp_path / "p1.csv"), "--mode",
                       "pseudonymise", "--key", str(key), "--keep-email-domain")  # fmt: skip
    assert code == 0, out
    invoke("data", "mask", str(src), "-o", str(tmp_path / "p2.csv"), "--mode", "pseudonymise",
           "--key", str(key), "--keep-email-domain")  # fmt: skip
    p1, p2 = read_csv(tmp_path / "p1.csv"), read_csv(tmp_path / "p2.csv")
    assert p1 == p2  # stable across batches
    assert p1[0]["email"].endswith("@example.com") and p1[0]["email"] != "ada@example.com"

    vault = tmp_path / "v.vault"
    code, out = invoke("data", "mask", str(src), "-o", str(tmp_path / "t.csv"), "--mode",
                       "tokenise", "--key", str(key), "--vault", str(vault),
                       "--whole-columns", "name")  # fmt: skip
    assert code == 0, out
    tok = read_csv(tmp_path / "t.csv")
    assert tok[0]["name"].startswith("[tok:COLUMN_VALUE:") and "4111" not in tok[0]["note"]
    code, out = invoke("data", "unmask", str(tmp_path / "t.csv"), "-o", str(tmp_path / "back.csv"),
                       "--key", str(key), "--vault", str(vault))  # fmt: skip
    assert code == 0, out
    assert read_csv(tmp_path / "back.csv") == ROWS


def test_mask_refusals_exit_2(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "people.csv")
    out_path = str(tmp_path / "o.csv")
    assert invoke("data", "mask", str(src), "-o", out_path, "--mode", "pseudonymise")[0] == 2
    key = tmp_path / "k"
    new_key_file(key)
    assert invoke("data", "mask", str(src), "-o", out_path, "--mode", "tokenise",
                  "--key", str(key))[0] == 2  # fmt: skip
    assert invoke("data", "mask", str(src), "-o", str(src))[0] == 2
    assert invoke("data", "mask", str(src), "-o", str(tmp_path / "o.parquet"))[0] == 2
    assert invoke("data", "mask", str(src), "-o", out_path, "--columns", "nope")[0] == 2
    os.chmod(key, 0o644)
    code, out = invoke("data", "mask", str(src), "-o", out_path, "--mode", "pseudonymise",
                       "--key", str(key))  # fmt: skip
    assert code == 2 and "chmod 600" in out
    assert not Path(out_path).exists()


def test_mask_parquet_keeps_types_of_untouched_columns(tmp_path: Path) -> None:
    src = tmp_path / "p.parquet"
    pq.write_table(pa.table({"id": [1, 2], "ssn": [123456788, 234567890],
                             "email": ["ada@example.com", None]}), src)  # fmt: skip
    code, out = invoke("data", "mask", str(src), "-o", str(tmp_path / "m.parquet"))
    assert code == 0, out
    table = pq.read_table(tmp_path / "m.parquet")
    assert table.schema.field("id").type == pa.int64()
    assert table.column("ssn").to_pylist() == ["*********", "*********"]
    assert table.column("email").to_pylist() == ["***@*******.***", None]


def test_mask_jsonl_text_field(tmp_path: Path) -> None:
    src = tmp_path / "chat.jsonl"
    src.write_text(
        json.dumps({"id": 1, "text": "reach me at ada@example.com", "meta": {"k": 1}}) + "\n"
        + json.dumps({"id": 2, "text": "nothing"}) + "\n"
    )  # fmt: skip
    code, out = invoke(
        "data", "mask", str(src), "-o", str(tmp_path / "m.jsonl"), "--columns", "text"
    )
    assert code == 0, out
    rows = [json.loads(line) for line in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert rows[0] == {"id": 1, "text": "reach me at ***@*******.***", "meta": {"k": 1}}
    assert rows[1] == {"id": 2, "text": "nothing"}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a": 1}\n[1, 2]\n')
    code, out = invoke("data", "pii", str(bad), "--output-dir", str(tmp_path / "r"))
    assert code == 2 and "line 2 is not a JSON object" in out


def test_real_process_exit_code_and_message(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("a,b\n1\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3] / "src")}
    run = subprocess.run([sys.executable, "-m", "hauberk", "data", "pii", str(src)],
                         capture_output=True, text=True, env=env, cwd=tmp_path)  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.strip().startswith("hauberk: error:") and "row 0" in run.stderr
