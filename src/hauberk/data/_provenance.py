"""The ledger side of data provenance: ingests, good marks, quarantines and rollbacks.

Each is one ledger entry, so the history of a data set is tamper-evident and provable:

- ``data.ingest``: the manifest (whole when it fits in an entry, else its summary and id);
- ``data.mark-good``: a manifest reviewed and fit for training;
- ``data.quarantine``: a manifest withdrawn, with the reason (incident playbooks call it);
- ``data.rollback``: which manifest a folder was restored to and which files had changed;
- ``data.refuse``: a delivery whose signature did not verify (or was missing where required).

"The last good manifest" of a data set is the newest ``data.mark-good`` whose manifest has
no ``data.quarantine`` entry, read from the ledger (not from a file a user could edit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hauberk.core import ConfigError, InputError
from hauberk.data._manifest import DatasetManifest
from hauberk.ledger import Entry, Ledger, canonical_json
from hauberk.ledger._entry import MAX_BODY_BYTES

INGEST = "data.ingest"
MARK_GOOD = "data.mark-good"
QUARANTINE = "data.quarantine"
ROLLBACK = "data.rollback"
REFUSE = "data.refuse"
MAX_SCAN = 1_000_000
MAX_REASON = 2000
KINDS = (INGEST, MARK_GOOD, QUARANTINE, ROLLBACK, REFUSE)

if TYPE_CHECKING:
    from hauberk.ledger import Signer


def append(
    ledger: Ledger, kind: str, body: dict[str, Any], *, principal: str, signer: Signer | None
) -> int:
    """Append one ``data.*`` entry: signed by ``signer`` (its principal names the entry) when
    given, which a ledger with a role policy requires (``data.*`` needs ingest or respond),
    else unsigned under ``principal``."""
    if signer is not None:
        return ledger.submit_signed(signer, kind, body).result()
    return ledger.append(Entry.create(kind, body, principal=principal))


def ingest_body(manifest: DatasetManifest) -> dict[str, Any]:
    body: dict[str, Any] = manifest.summary()
    full = manifest.model_dump(mode="json")
    if len(canonical_json({**body, "manifest_json": full})) < MAX_BODY_BYTES - 4096:
        body["manifest_json"] = full
    return body


def record_ingest(
    ledger: Ledger, manifest: DatasetManifest, *, principal: str, signer: Signer | None = None
) -> int:
    return append(ledger, INGEST, ingest_body(manifest), principal=principal, signer=signer)


def quarantined(ledger: Ledger, dataset: str) -> dict[str, str]:
    """Manifest id -> reason, for every quarantined manifest of ``dataset``."""
    found = ledger.find(QUARANTINE, limit=10_000, scan=MAX_SCAN, dataset=dataset)
    out: dict[str, str] = {}
    for index in reversed(found):
        body = ledger.entry(index).body
        out[str(body["manifest"])] = str(body.get("reason", ""))
    return out


def mark_good(
    ledger: Ledger, manifest: DatasetManifest, *, principal: str, signer: Signer | None = None
) -> int:
    """Record ``manifest`` as good; a quarantined manifest is refused."""
    reason = quarantined(ledger, manifest.dataset).get(manifest.id)
    if reason is not None:
        raise ConfigError(
            f"manifest {manifest.id} of {manifest.dataset!r} is quarantined ({reason}); "
            "it cannot be marked good"
        )
    if not ledger.find(INGEST, scan=MAX_SCAN, manifest=manifest.id):
        raise InputError(
            f"manifest {manifest.id} was never recorded in this ledger by an ingest; "
            "ingest it with --ledger first"
        )
    body = {
        "manifest": manifest.id,
        "dataset": manifest.dataset,
        "root_digest": manifest.root_digest,
    }
    return append(ledger, MARK_GOOD, body, principal=principal, signer=signer)


def quarantine(
    ledger: Ledger,
    manifest: DatasetManifest,
    *,
    reason: str,
    principal: str,
    signer: Signer | None = None,
) -> int:
    reason = " ".join(reason.split())
    if not reason:
        raise ConfigError("a quarantine needs --reason: say why the data is withdrawn")
    if len(reason) > MAX_REASON:
        raise ConfigError(f"--reason is longer than {MAX_REASON} characters")
    body = {
        "manifest": manifest.id,
        "dataset": manifest.dataset,
        "root_digest": manifest.root_digest,
        "reason": reason,
    }
    return append(ledger, QUARANTINE, body, principal=principal, signer=signer)


def last_good(ledger: Ledger, dataset: str) -> tuple[str, int]:
    """The newest good, not quarantined manifest id of ``dataset`` and its mark's index."""
    bad = quarantined(ledger, dataset)
    for index in ledger.find(MARK_GOOD, limit=10_000, scan=MAX_SCAN, dataset=dataset):
        manifest = str(ledger.entry(index).body["manifest"])
        if manifest not in bad:
            return manifest, index
    raise InputError(
        f"no manifest of data set {dataset!r} is marked good (and not quarantined) in the "
        "ledger; run `hauberk data mark-good MANIFEST` after review"
    )


def record_rollback(
    ledger: Ledger, body: dict[str, Any], *, principal: str, signer: Signer | None = None
) -> int:
    return append(ledger, ROLLBACK, body, principal=principal, signer=signer)
