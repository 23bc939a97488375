"""The reference data-center service: enrollment, manifest-then-upload, receipts, status.

Importing the package registers every room's sentences (the catalogue the CLI, the
console and ``--json`` read): each room writes its own in its ``sentences`` modules.
"""

from sync.server.cards import sentences as cards_sentences
from sync.server.dedup import interchange_sentences as interchange_sentences
from sync.server.dedup.abis import sentences as abis_sentences
from sync.server.intake import sentences as intake_sentences
from sync.server.office import sentences as office_sentences
from sync.server.operations import sentences as operations_sentences

__all__ = [
    "abis_sentences",
    "cards_sentences",
    "intake_sentences",
    "interchange_sentences",
    "office_sentences",
    "operations_sentences",
]
