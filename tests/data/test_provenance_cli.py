"""``hauberk data ...`` as a user runs it: allowlist, signatures, ledger, rollback, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hauberk.ledger import open_ledger
from tests.data.support import census, config, data_folder, run_cli
from tests.data.test_sources import server  # noqa: F401 - the loopback HTTP server fixture

Cli = tuple[pytest.CaptureFixture[str], pytest.MonkeyPatch]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HAUBERK_KEY_PASSWORD", raising=False)
    return capsys, monkeypatch


def hb(cli: Cli, *args: str) -> tuple[int, str, str]:
    return run_cli(cli[0], cli[1], *args)


def _kinds(db: Path) -> list[str]:
    with open_ledger(db, read_only=True) as log:
        return [log.entry(i).kind for i in range(log.head().size)]


def test_ingest_diff_mark_good_quarantine_rollback(cli: Cli, tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    config(tmp_path)
    code, out, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census",
                        "-o", "m1.json", "--principal", "alice")  # fmt: skip
    assert code == 0, err
    assert "ingested 3 file(s), 300 row(s)" in out
    m1 = json.loads((tmp_path / "m1.json").read_text())
    assert m1["principal"] == "alice" and m1["rows"] == 300
    assert (tmp_path / "store" / "manifests" / f"{m1['id']}.json").is_file()
    assert hb(cli, "data", "mark-good", "m1.json")[0] == 0

    (folder / "train.csv").write_text((folder / "train.csv").read_text() + "999,20,1.5,red,1\n")
    (folder / "README.txt").unlink()
    (folder / "extra.txt").write_text("x")
    code, out, _ = hb(cli, "data", "ingest", "incoming/census", "--source", "census",
                      "-o", "m2.json", "-f", "json")  # fmt: skip
    assert code == 0 and json.loads(out)["rows"] == 301
    code, out, _ = hb(cli, "data", "diff", "m1.json", "m2.json", "-f", "json")
    assert code == 1
    diff = json.loads(out)
    assert (diff["added"], diff["removed"], diff["changed"]) == (
        ["extra.txt"], ["README.txt"], ["train.csv"]
    )  # fmt: skip
    assert hb(cli, "data", "diff", "m1.json", m1["id"][:12])[0] == 0  # an id prefix works too

    code, out, _ = hb(cli, "data", "quarantine", "m2.json", "--reason", "vendor feed poisoned")
    assert code == 0
    code, _, err = hb(cli, "data", "mark-good", "m2.json")
    assert code == 2 and "is quarantined (vendor feed poisoned)" in err

    code, out, _ = hb(cli, "data", "rollback", "--dataset", "census", "--check")
    assert code == 0 and "changed  train.csv" in out and "not restored" in out
    assert (folder / "extra.txt").exists()
    code, out, _ = hb(cli, "data", "rollback", "--dataset", "census", "-f", "json")
    assert code == 0
    done = json.loads(out)
    assert done["restored"] and done["changed"] == ["train.csv"]
    assert done["added"] == ["extra.txt"] and done["removed"] == ["README.txt"]
    assert not (folder / "extra.txt").exists() and (folder / "README.txt").exists()
    assert Path(done["displaced"], "extra.txt").exists()
    assert _kinds(tmp_path / "ledger.db") == [
        "data.ingest", "data.mark-good", "data.ingest", "data.quarantine", "data.rollback"
    ]  # fmt: skip
    assert hb(cli, "ledger", "verify", "ledger.db")[0] == 0


def test_quarantine_of_the_good_manifest_leaves_no_rollback(cli: Cli, tmp_path: Path) -> None:
    data_folder(tmp_path)
    config(tmp_path)
    hb(cli, "data", "ingest", "incoming/census", "--source", "census", "-o", "m.json")
    hb(cli, "data", "mark-good", "m.json")
    hb(cli, "data", "quarantine", "m.json", "--reason", "label flips found")
    code, _, err = hb(cli, "data", "rollback", "--dataset", "census")
    assert code == 2 and "no manifest of data set 'census' is marked good" in err


def test_outside_the_allowlist_is_refused_and_nothing_written(cli: Cli, tmp_path: Path) -> None:
    data_folder(tmp_path)
    config(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.csv").write_text("x\n1\n")
    code, out, err = hb(cli, "data", "ingest", "elsewhere", "--source", "census")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "outside the allowlist of source 'census'" in err
    code, _, err = hb(cli, "data", "ingest", "incoming/census", "--source", "nope")
    assert code == 2 and "source 'nope' is not in the allowlist" in err
    assert not (tmp_path / "store").exists() and not (tmp_path / "ledger.db").exists()


def test_signed_folder_verifies_and_a_tampered_file_fails(cli: Cli, tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    config(tmp_path, 'public_key = "census.pub"\nrequire_signature = true\n')
    assert hb(cli, "keygen", "census", "-q")[0] == 0
    code, _, err = hb(cli, "sign", "incoming/census", "--key", "census.key",
                      "--signature", "incoming/census.sig")  # fmt: skip
    assert code == 0, err
    code, out, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census",
                        "-f", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["signature_verified"]
    # the signature also verifies with hauberk verify: one format for models and data
    assert hb(cli, "verify", "incoming/census", "--key", "census.pub",
              "--signature", "incoming/census.sig")[0] == 0  # fmt: skip

    (folder / "test.csv").write_text((folder / "test.csv").read_text() + "1,2,3.0,red,1\n")
    manifests = sorted((tmp_path / "store" / "manifests").iterdir())
    code, out, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census")
    assert code == 1 and out == ""
    assert "test.csv: changed: content differs from the signed digest" in err
    assert sorted((tmp_path / "store" / "manifests").iterdir()) == manifests
    assert _kinds(tmp_path / "ledger.db") == ["data.ingest", "data.refuse"]

    (tmp_path / "incoming" / "census.sig").unlink()
    code, _, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census")
    assert code == 1 and "requires a signature" in err
    with open_ledger(tmp_path / "ledger.db", read_only=True) as log:
        refused = log.entry(2)
    assert refused.kind == "data.refuse" and "requires a signature" in refused.body["reason"]


def test_signature_without_a_key_in_config_is_an_error(cli: Cli, tmp_path: Path) -> None:
    data_folder(tmp_path)
    config(tmp_path)
    hb(cli, "keygen", "k", "-q")
    hb(cli, "sign", "incoming/census", "--key", "k.key", "--signature", "incoming/census.sig")
    code, _, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census")
    assert code == 2 and "has no public_key to verify it" in err


def test_attested_manifest_names_the_key(cli: Cli, tmp_path: Path) -> None:
    data_folder(tmp_path)
    config(tmp_path)
    hb(cli, "keygen", "ingest", "--type", "ed25519", "-q")
    code, _, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census",
                      "--key", "ingest.key", "-o", "m.json", "-q")  # fmt: skip
    assert code == 0, err
    from hauberk.data import load_manifest, verify_attestation
    from hauberk.ledger import load_public_key

    manifest = load_manifest(tmp_path / "m.json")
    assert manifest.key_id is not None
    verify_attestation(manifest, load_public_key(tmp_path / "ingest.pub"))


def test_schema_infer_and_validate_with_drift(cli: Cli, tmp_path: Path) -> None:
    census(300, seed=0).to_csv("snapshot.csv", index=False)
    batch = census(200, seed=1)
    batch["id"] += 1000
    batch["income"] += 8000  # a shifted feature
    batch = batch.astype({"age": object})
    batch.loc[4, "age"] = "old"
    batch.loc[6, "colour"] = "purple"
    batch.to_csv("batch.csv", index=False)
    code, out, _ = hb(cli, "data", "schema", "infer", "snapshot.csv", "-o", "schema.yaml")
    assert code == 0 and "wrote schema.yaml (5 columns)" in out
    code, out, err = hb(
        cli, "data", "validate", "batch.csv", "--schema", "schema.yaml",
        "--reference", "snapshot.csv", "--output-dir", "rep", "-f", "json,html",
    )  # fmt: skip
    assert code == 1, err
    assert "row 4, column age: coerce_dtype('int64') (value old)" in out
    assert "row 6, column colour: isin" in out
    report = json.loads((tmp_path / "rep" / "report.json").read_text())
    results = {r["check"]: r for r in report["results"]}
    assert results["data.schema"]["status"] == "failed"
    drift = results["monitor.drift"]
    features = drift["metrics"]["features"]
    assert set(features) == {"age", "income", "colour", "label"}  # the id column is left out
    assert features["income"]["drifted"] and not features["label"]["drifted"]
    assert (tmp_path / "rep" / "report.html").is_file()

    # without a schema, it is inferred from the reference; a clean batch exits 0
    clean = census(200, seed=2)
    clean["id"] += 5000
    clean.to_csv("clean.csv", index=False)
    code, out, err = hb(cli, "data", "validate", "clean.csv", "--reference", "snapshot.csv",
                        "--output-dir", "rep2")  # fmt: skip
    assert code == 0, out + err
    assert "0 violation(s) in 0 of 200 rows" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "batch.csv: empty file"),
        (b"id,age\n1,2\n", "batch.csv: column 'income' of the schema is missing"),
        (b"id,age,income,colour,label\n1,2,3,\xe9t\xe9,1\n", "batch.csv: line 2: byte"),
        (b"id,age,income,colour,label\n", "batch.csv: no rows"),
    ],
)
def test_validate_bad_input_is_exit_2_and_writes_nothing(
    cli: Cli, tmp_path: Path, content: bytes, message: str
) -> None:
    census().to_csv("snapshot.csv", index=False)
    assert hb(cli, "data", "schema", "infer", "snapshot.csv", "-o", "schema.json")[0] == 0
    (tmp_path / "batch.csv").write_bytes(content)
    code, out, err = hb(cli, "data", "validate", "batch.csv", "--schema", "schema.json",
                        "--output-dir", "rep")  # fmt: skip
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err
    assert not (tmp_path / "rep").exists()


def test_ingest_of_an_unreadable_table_names_the_file(cli: Cli, tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    config(tmp_path)
    (folder / "broken.csv").write_bytes(b"a,b\n1,2\n1,2,3\n")
    code, out, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census")
    assert code == 2 and out == ""
    assert "broken.csv: not a readable CSV file" in err and str(tmp_path / "store") not in err
    assert not (tmp_path / "store" / "manifests").exists() and not (tmp_path / "ledger.db").exists()


def test_ingest_from_an_allowed_url(cli: Cli, tmp_path: Path, server: str) -> None:  # noqa: F811
    (tmp_path / "data.toml").write_text(
        f'[data]\nstore = "store"\n\n[data.sources.feed]\nurls = ["{server}/data/"]\n'
    )
    code, out, err = hb(cli, "data", "ingest", f"{server}/data/a.csv", "--source", "feed",
                        "-f", "json")  # fmt: skip
    assert code == 0, err
    got = json.loads(out)
    assert got["location"] == f"{server}/data/a.csv" and got["rows"] == 3
    assert not list((tmp_path / "store" / "incoming").iterdir())  # the download is cleaned up
    code, _, err = hb(cli, "data", "ingest", f"{server}/elsewhere/a.csv", "--source", "feed")
    assert code == 2 and "outside the allowlist of source 'feed'" in err
