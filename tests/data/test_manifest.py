"""Dataset manifests, the content-addressed store, diffs, attestation and rollback."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from hauberk.core import InputError, VerificationError
from hauberk.data import (
    DataStore,
    FileRecord,
    attest,
    changes_since,
    diff_manifests,
    ingest,
    load_manifest,
    rollback,
    verify_attestation,
)
from hauberk.data._manifest import diff_files, signed_problems
from tests.data.support import data_folder


def _ingest(folder: Path, store: DataStore):  # type: ignore[no-untyped-def]
    return ingest(folder, store=store, source="census", principal="ci")


def test_manifest_records_digests_rows_and_schema(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    store = DataStore(tmp_path / "store")
    m = _ingest(folder, store)
    files = m.by_path()
    assert sorted(files) == ["README.txt", "test.csv", "train.csv"]
    raw = (folder / "train.csv").read_bytes()
    assert files["train.csv"].sha256 == hashlib.sha256(raw).hexdigest()
    assert (files["train.csv"].rows, files["test.csv"].rows, files["README.txt"].rows) == (
        200,
        100,
        None,
    )
    assert m.rows == 300
    assert [c for c, _ in files["train.csv"].columns or ()] == [
        "id", "age", "income", "colour", "label"
    ]  # fmt: skip
    assert store.object_path(files["train.csv"].sha256).read_bytes() == raw
    # the id pins every field: same content ingested later differs only in time
    again = _ingest(folder, store)
    assert again.root_digest == m.root_digest and again.schema_digest == m.schema_digest
    assert again.id != m.id


def test_edited_manifest_is_caught(tmp_path: Path) -> None:
    store = DataStore(tmp_path / "store")
    m = _ingest(data_folder(tmp_path), store)
    path = store.save_manifest(m)
    assert load_manifest(path) == m
    data = json.loads(path.read_text())
    by_path = {f["path"]: f for f in data["files"]}
    assert by_path["train.csv"]["schema_digest"] == m.by_path()["train.csv"].schema_digest
    assert by_path["README.txt"]["schema_digest"] is None
    edited = json.loads(json.dumps(data))
    edited["files"][1]["schema_digest"] = "0" * 64
    path.write_text(json.dumps(edited))
    with pytest.raises(VerificationError, match="schema digest of"):
        load_manifest(path)
    data["files"][0]["rows"] = 7
    path.write_text(json.dumps(data))
    with pytest.raises(VerificationError, match="does not match its content"):
        load_manifest(path)
    path.write_text("{not json")
    with pytest.raises(InputError, match="not a JSON manifest"):
        load_manifest(path)


def test_diff_names_added_removed_changed_rows_and_schema(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    store = DataStore(tmp_path / "store")
    old = _ingest(folder, store)
    with (folder / "train.csv").open("a") as fh:
        fh.write("999,20,1.5,red,1\n")
    text = (folder / "test.csv").read_text().replace("label", "target", 1)
    (folder / "test.csv").write_text(text)
    (folder / "README.txt").unlink()
    (folder / "new.txt").write_text("x")
    diff = diff_manifests(old, _ingest(folder, store))
    d = diff.to_dict()
    assert (d["added"], d["removed"], d["changed"]) == (
        ["new.txt"], ["README.txt"], ["test.csv", "train.csv"]
    )  # fmt: skip
    by = {f["path"]: f for f in d["files"]}
    assert by["train.csv"]["before"]["rows"] == 200 and by["train.csv"]["after"]["rows"] == 201
    assert by["test.csv"]["schema"] == {"added": ["target"], "removed": ["label"], "retyped": {}}
    assert d["schema_changed"] and d["rows"] == [300, 301]
    assert "rows 200 -> 201" in diff.to_text() and "+target, -label" in diff.to_text()
    assert diff_manifests(old, old).same


RECORDS = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d/e"]),
    st.sampled_from(["0" * 64, "1" * 64, "2" * 64]),
    max_size=4,
)


@given(RECORDS, RECORDS)
def test_diff_is_a_partition_of_the_union(a: dict[str, str], b: dict[str, str]) -> None:
    def recs(d: dict[str, str]) -> dict[str, FileRecord]:
        return {p: FileRecord(path=p, size=1, sha256=h) for p, h in d.items()}

    changes = diff_files(recs(a), recs(b))
    kinds = {c.path: c.change for c in changes}
    for path in set(a) | set(b):
        want = (
            "added" if path not in a else "removed" if path not in b
            else "changed" if a[path] != b[path] else None
        )  # fmt: skip
        assert kinds.get(path) == want
    back = {c.path: c.change for c in diff_files(recs(b), recs(a))}
    swap = {"added": "removed", "removed": "added", "changed": "changed"}
    assert back == {p: swap[k] for p, k in kinds.items()}


def test_attestation_binds_the_key_to_the_manifest(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    m = attest(_ingest(data_folder(tmp_path), DataStore(tmp_path / "s")), key)
    verify_attestation(m, key.public_key())
    with pytest.raises(VerificationError, match="another key"):
        verify_attestation(m, Ed25519PrivateKey.generate().public_key())
    forged = m.model_copy(update={"principal": "mallory"})
    with pytest.raises(VerificationError, match="does not verify"):
        verify_attestation(forged, key.public_key())


def test_signed_problems_compare_sha256_files(tmp_path: Path) -> None:
    m = _ingest(data_folder(tmp_path), DataStore(tmp_path / "s"))
    resources = {f.path: ("sha256", f.sha256) for f in m.files}
    assert signed_problems(m, resources) == []
    resources["train.csv"] = ("sha256", "0" * 64)
    resources["gone.csv"] = ("sha256", "1" * 64)
    del resources["README.txt"]
    assert signed_problems(m, resources) == [
        ("gone.csv", "removed: signed but missing"),
        ("train.csv", "changed: content differs from the signed digest"),
        ("README.txt", "added: present but not signed"),
    ]


def test_rollback_restores_and_keeps_what_it_replaced(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    store = DataStore(tmp_path / "store")
    good = _ingest(folder, store)
    original = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / "train.csv").write_text("poisoned\n")
    (folder / "README.txt").unlink()
    (folder / "extra.bin").write_bytes(b"\0")
    assert changes_since(good, folder) == (["train.csv"], ["extra.bin"], ["README.txt"])
    done = rollback(good, folder, store)
    assert (done.changed, done.added, done.removed) == (
        ("train.csv",), ("extra.bin",), ("README.txt",)
    )  # fmt: skip
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == original
    assert done.displaced is not None
    assert (done.displaced / "train.csv").read_text() == "poisoned\n"
    assert (done.displaced / "extra.bin").exists()
    assert changes_since(good, folder) == ([], [], [])
    assert not rollback(good, folder, store).restored


def test_rollback_touches_nothing_when_the_store_is_corrupt(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    store = DataStore(tmp_path / "store")
    good = _ingest(folder, store)
    (folder / "train.csv").write_text("changed\n")
    obj = store.object_path(good.by_path()["test.csv"].sha256)
    os.chmod(obj, 0o644)
    obj.write_text("rotted")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(VerificationError, match="no longer hashes"):
        rollback(good, folder, store)
    assert (folder / "train.csv").read_text() == "changed\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_rollback_of_a_single_file(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("x\n1\n2\n")
    store = DataStore(tmp_path / "store")
    good = ingest(path, store=store, source="s", principal="ci")
    assert good.kind == "file" and good.rows == 2
    path.write_text("x\n666\n")
    done = rollback(good, path, store)
    assert done.changed == ("rows.csv",) and path.read_text() == "x\n1\n2\n"
    assert done.displaced is not None and done.displaced.read_text() == "x\n666\n"


def test_folder_with_a_link_or_no_files_is_refused(tmp_path: Path) -> None:
    store = DataStore(tmp_path / "store")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no files to ingest"):
        ingest(tmp_path / "empty", store=store, source="s", principal="ci")
    folder = data_folder(tmp_path)
    (folder / "link.csv").symlink_to(folder / "train.csv")
    with pytest.raises(InputError, match=r"link.csv is a symbolic link"):
        ingest(folder, store=store, source="s", principal="ci")


def test_store_refuses_a_link_swapped_in_after_listing(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("s")
    (tmp_path / "a.csv").symlink_to(tmp_path / "secret")
    with pytest.raises(InputError, match=r"a\.csv: cannot read"):
        DataStore(tmp_path / "store").put(tmp_path / "a.csv")


def test_provenance_api_loads_on_first_use() -> None:
    import hauberk.data as data

    assert data.quarantine.__module__ == "hauberk.data._provenance"


def test_rollback_replaces_planted_links(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    store = DataStore(tmp_path / "store")
    good = _ingest(folder, store)
    original = (folder / "train.csv").read_bytes()
    (tmp_path / "evil.csv").write_text("evil\n")
    (folder / "train.csv").unlink()
    (folder / "train.csv").symlink_to(tmp_path / "evil.csv")
    (folder / "more").symlink_to(tmp_path)
    assert changes_since(good, folder) == (["train.csv"], ["more"], [])
    rollback(good, folder, store)
    assert not (folder / "train.csv").is_symlink()
    assert (folder / "train.csv").read_bytes() == original
    assert not (folder / "more").exists()
    assert (tmp_path / "evil.csv").read_text() == "evil\n"  # links are never followed


def test_manifest_nested_deeper_than_json_goes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"  # round 28: escaped as a RecursionError
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(InputError, match="nested too deeply"):
        load_manifest(path)
