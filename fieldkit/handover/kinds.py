"""Who receives a card, without the handover's tables and devices.

A module of its own so that ``fieldkit handover --help`` offers the choices without
importing the card reader, the signature pad and the ORM (``fieldkit.cli.deferred``).
"""

from __future__ import annotations

import enum


class Relation(enum.StrEnum):
    """Who received the card, relative to its owner."""

    SELF = "self"
    GUARDIAN = "guardian"  # wali / pengampu (ODGJ, bed-bound)
    FAMILY = "family"
    VILLAGE_OFFICER = "village_officer"  # perangkat desa/kelurahan
    COURIER = "courier"

    @property
    def document_term(self) -> str:
        """The Indonesian term the official documents print, whatever the UI's language.

        The receipt, the letters and the berita acara are worded in Indonesian by
        regulation (``fieldkit/reports/``); a screen words this value from
        ``ui/labels_catalogue.py`` instead.
        """
        return _RELATION_LABELS[self]


_RELATION_LABELS = {
    Relation.SELF: "Pemilik KTP-el",
    Relation.GUARDIAN: "Wali/pengampu",
    Relation.FAMILY: "Keluarga",
    Relation.VILLAGE_OFFICER: "Perangkat desa/kelurahan",
    Relation.COURIER: "Kurir",
}
