"""Layer 1: an append-only, tamper-evident ledger (a transparency log) for models, data and audit.

RFC 9162 Merkle tree with inclusion and consistency proofs, C2SP signed checkpoints, RFC 8785
canonical entries; SQLite by default (WAL, group commit), PostgreSQL for many writers::

    from hauberk.ledger import Entry, open_ledger

    with open_ledger("ledger.db", create=True) as ledger:
        index = ledger.append(Entry.create("model.sign", {"sha256": "..."}, principal="ci"))
        proof = ledger.inclusion_proof(index)
        proof.verify()
"""

from hauberk.ledger._audit import AuditReport, Problem
from hauberk.ledger._checkpoint import (
    Checkpoint,
    load_private_key,
    load_public_key,
    note_key_id,
    parse_checkpoint_text,
    parse_verifier_key,
    sign_checkpoint,
    verifier_key,
    verify_checkpoint,
)
from hauberk.ledger._entry import Entry
from hauberk.ledger._jcs import canonical_json, format_number, parse_json
from hauberk.ledger._ledger import Ledger, default_origin, open_ledger, open_store
from hauberk.ledger._merkle import (
    EMPTY_ROOT,
    Frontier,
    leaf_hash,
    node_hash,
    root_from_inclusion,
    verify_consistency,
    verify_inclusion,
)
from hauberk.ledger._mldsa import (
    add_mldsa_signature,
    load_mldsa_private_key,
    load_mldsa_public_key,
    mldsa_fingerprint,
    mldsa_key_id,
    sign_hybrid_checkpoint,
    verify_hybrid_checkpoint,
)
from hauberk.ledger._pgserver import LocalPostgres
from hauberk.ledger._policy import AccessDenied, LedgerPolicy, PolicyPrincipal
from hauberk.ledger._postgres import PostgresStore
from hauberk.ledger._proof import ConsistencyProof, InclusionProof
from hauberk.ledger._signed import SignatureCheck, Signer, check_signature
from hauberk.ledger._sqlite import SQLiteStore
from hauberk.ledger._store import LedgerStore, TreeHead

__all__ = [
    "EMPTY_ROOT",
    "AccessDenied",
    "AuditReport",
    "Checkpoint",
    "ConsistencyProof",
    "Entry",
    "Frontier",
    "InclusionProof",
    "Ledger",
    "LedgerPolicy",
    "LedgerStore",
    "LocalPostgres",
    "PolicyPrincipal",
    "PostgresStore",
    "Problem",
    "SQLiteStore",
    "SignatureCheck",
    "Signer",
    "TreeHead",
    "add_mldsa_signature",
    "canonical_json",
    "check_signature",
    "default_origin",
    "format_number",
    "leaf_hash",
    "load_mldsa_private_key",
    "load_mldsa_public_key",
    "load_private_key",
    "load_public_key",
    "mldsa_fingerprint",
    "mldsa_key_id",
    "node_hash",
    "note_key_id",
    "open_ledger",
    "open_store",
    "parse_checkpoint_text",
    "parse_json",
    "parse_verifier_key",
    "root_from_inclusion",
    "sign_checkpoint",
    "sign_hybrid_checkpoint",
    "verifier_key",
    "verify_checkpoint",
    "verify_consistency",
    "verify_hybrid_checkpoint",
    "verify_inclusion",
]
