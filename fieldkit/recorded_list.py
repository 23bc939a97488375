"""The office's already-recorded list in its compact form (office package format 2).

Format 1 carried each recorded NIK as a full HMAC-SHA256 in hex with its date, about
136 bytes a NIK once sealed: a district of 520,000 recorded people made a 70 MB
package, over the laptop's 64 MiB cap, and every laptop then refused every package
(officer disables included).  Format 2 carries, per NIK, the first
:data:`DIGEST_BYTES` bytes of the same keyed HMAC and the day it was recorded, as
fixed-width records sorted by digest: :data:`RECORD_BYTES` bytes a NIK, about 14 once
base64'd twice (document, then sealed package), so a whole regency's million NIKs
make a 14 MB package.

A shorter digest answers "maybe" for a NIK that is not listed with the chance
``count / 2**48`` per lookup (:func:`false_positive_rate`; one in 280 million at a
million NIKs).  The laptop's answer to a hit is the same as before: it asks the officer
to check and to give a reason before recording again, never a refusal; a listed NIK
is always found (no false negatives).  Two NIKs whose digests collide are kept once,
with the earlier day.

The data center and the laptop both use this module: the data center to build the
list from the MACs it keeps, the laptop to check it when it reads a package.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import hmac
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

#: The bytes of HMAC-SHA256(key, NIK) kept per NIK.
DIGEST_BYTES = 6
#: A record: the digest, then the day as big-endian days since :data:`DAY_ZERO`.
DAY_BYTES = 2
RECORD_BYTES = DIGEST_BYTES + DAY_BYTES
DAY_ZERO = dt.date(2000, 1, 1)
#: The name of this layout in the package (``recorded.scheme``).
SCHEME = "hmac-sha256-48-day16"


class RecordedListInvalid(ValueError):
    """The packed list is not sorted, unique, whole records (the package refuses it)."""


def digest(key: bytes, nik: str) -> bytes:
    """The truncated keyed digest the list holds for ``nik`` (the NIK stripped)."""
    mac = hmac.new(key, nik.strip().encode("ascii", "replace"), hashlib.sha256).digest()
    return mac[:DIGEST_BYTES]


def digest_of_mac(mac_hex: str) -> bytes:
    """The digest of a full HMAC-SHA256 kept in hex (what the data center stores)."""
    return bytes.fromhex(mac_hex[: DIGEST_BYTES * 2])


def _day_number(day: dt.date) -> int:
    number = (day - DAY_ZERO).days
    if not 0 <= number < 1 << (8 * DAY_BYTES):
        raise RecordedListInvalid("day")
    return number


def pack(entries: Iterable[tuple[bytes, dt.date]]) -> bytes:
    """The sorted fixed-width records of ``(digest, day)``; a repeated digest keeps its earliest."""
    earliest: dict[bytes, dt.date] = {}
    for key, day in entries:
        if len(key) != DIGEST_BYTES:
            raise RecordedListInvalid("digest")
        kept = earliest.get(key)
        if kept is None or day < kept:
            earliest[key] = day
    out = bytearray()
    for key in sorted(earliest):
        out += key + _day_number(earliest[key]).to_bytes(DAY_BYTES, "big")
    return bytes(out)


def check(blob: bytes) -> int:
    """The number of records in ``blob``, or :class:`RecordedListInvalid`.

    Whole records, digests strictly increasing (so unique: the laptop's table keys on
    them and a binary search needs the order).  Every day fits two bytes by layout.
    """
    if len(blob) % RECORD_BYTES:
        raise RecordedListInvalid("length")
    count = len(blob) // RECORD_BYTES
    previous = b""
    view = memoryview(blob)
    for start in range(0, len(blob), RECORD_BYTES):
        key = bytes(view[start : start + DIGEST_BYTES])
        if key <= previous:
            raise RecordedListInvalid("order")
        previous = key
    return count


def entries(blob: bytes) -> list[tuple[str, dt.date]]:
    """Each record as ``(digest in hex, day)``: the rows the laptop keeps."""
    out = []
    for start in range(0, len(blob), RECORD_BYTES):
        key = blob[start : start + DIGEST_BYTES].hex()
        days = int.from_bytes(blob[start + DIGEST_BYTES : start + RECORD_BYTES], "big")
        out.append((key, DAY_ZERO + dt.timedelta(days=days)))
    return out


def lookup(blob: bytes, key: bytes) -> dt.date | None:
    """The day listed for ``key`` in a checked ``blob`` (binary search), or None."""
    count = len(blob) // RECORD_BYTES
    index = bisect.bisect_left(
        range(count), key, key=lambda i: blob[i * RECORD_BYTES : i * RECORD_BYTES + DIGEST_BYTES]
    )
    start = index * RECORD_BYTES
    if index < count and blob[start : start + DIGEST_BYTES] == key:
        days = int.from_bytes(blob[start + DIGEST_BYTES : start + RECORD_BYTES], "big")
        return DAY_ZERO + dt.timedelta(days=days)
    return None


def false_positive_rate(count: int) -> float:
    """The chance one lookup of an unlisted NIK hits one of ``count`` digests."""
    return count / float(1 << (8 * DIGEST_BYTES))
