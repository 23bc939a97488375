"""The FieldKit staff card as the card holds it: application, files, PIN reference.

The simulated card (``drivers.cardreader.vpcd_card``) answers by this layout and
``fieldkit.staffcard`` reads by it, so both agree on one definition.  The login
itself (the PIN rule, the unlock sequence, the login secret's use) is
``fieldkit.staffcard``'s; a reader only carries out ``CardReader``'s operations.

Staff card (officers' cards, never citizens' KTP-el):

* application AID ``F0 46 4B 53 54 46 01``: category ``F`` is ISO 7816-5's
  proprietary, unregistered range; then ASCII ``FKSTF`` and a version byte;
* inside it, EF ``0101`` holds a small BER-TLV record:
  ``C0 01 <format version>``, ``C1 <len> <officer id, ASCII>``,
  ``C2 <len> <office region code, ASCII>``;
* EF ``0102`` holds the officer's 32-byte login secret.  The card answers
  ``6982`` to reading it until the officer's PIN (reference ``81``, 4-12 ASCII
  digits) is verified with ISO 7816-4 VERIFY; a wrong PIN answers ``63Cx``
  with ``x`` tries left, and after three the card answers ``6983`` (blocked).
  The secret, never the PIN, is what unlocks the officer's key slot, so a
  laptop thief without the card has nothing to guess, and a thief with the
  card gets three tries, counted by the card and not by software.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.errors import ProtocolError, ProtocolReason
from drivers.iso7816 import parse_tlv, tlv

STAFF_AID = bytes.fromhex("F0464B53544601")
STAFF_EF = 0x0101
STAFF_FORMAT_VERSION = 1
STAFF_SECRET_EF = 0x0102
STAFF_SECRET_LEN = 32
STAFF_PIN_REF = 0x81
STAFF_PIN_TRIES = 3


@dataclass(frozen=True, slots=True)
class StaffCard:
    officer_id: str
    office_code: str
    format_version: int = STAFF_FORMAT_VERSION

    def encode(self) -> bytes:
        return (
            tlv(0xC0, bytes([self.format_version]))
            + tlv(0xC1, self.officer_id.encode("ascii"))
            + tlv(0xC2, self.office_code.encode("ascii"))
        )

    @classmethod
    def decode(cls, data: bytes) -> StaffCard:
        fields = parse_tlv(data)
        try:
            version = fields[0xC0][0]
            officer = fields[0xC1].decode("ascii")
            office = fields[0xC2].decode("ascii")
        except (KeyError, IndexError, UnicodeDecodeError) as exc:
            raise ProtocolError(
                "The staff-card record is incomplete or not ASCII.",
                reason=ProtocolReason.UNEXPECTED_PACKET,
            ) from exc
        return cls(officer_id=officer, office_code=office, format_version=version)
