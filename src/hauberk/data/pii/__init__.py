"""Personal data in tables and text: find it, report it per column, mask, pseudonymise or
tokenise it.

>>> from hauberk.data.pii import find
>>> [(e.type, e.text) for e in find("mail ada@example.com, card 4111 1111 1111 1111")]
[('EMAIL_ADDRESS', 'ada@example.com'), ('CREDIT_CARD', '4111 1111 1111 1111')]

Nothing here imports Presidio, spaCy or torch: the patterns are Presidio's, the validators
ours and ``phonenumbers``' (see ``_patterns`` and ``_checksums``).
"""

from hauberk.data.pii._check import PersonalData
from hauberk.data.pii._columns import ColumnReport, TableReport, flag_rows, scan_frame
from hauberk.data.pii._detect import Entity, find
from hauberk.data.pii._keys import load_key, new_key_file
from hauberk.data.pii._patterns import ENTITY_TYPES
from hauberk.data.pii._pseudonym import CaptureMasker, Pseudonymizer, capture_masker, mask, redact
from hauberk.data.pii._table import Table, read_table, write_table
from hauberk.data.pii._vault import Vault

__all__ = [
    "ENTITY_TYPES",
    "CaptureMasker",
    "ColumnReport",
    "Entity",
    "PersonalData",
    "Pseudonymizer",
    "Table",
    "TableReport",
    "Vault",
    "capture_masker",
    "find",
    "flag_rows",
    "load_key",
    "mask",
    "new_key_file",
    "read_table",
    "redact",
    "scan_frame",
    "write_table",
]
