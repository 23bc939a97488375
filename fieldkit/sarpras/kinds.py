"""The checklist's phases, item kinds and statuses, without its tables.

Its own module so that ``fieldkit sarpras --help`` names the choices without the ORM
(``fieldkit.cli.deferred``).
"""

from __future__ import annotations

import enum


class Phase(enum.StrEnum):
    CHECKOUT = "checkout"  # before the trip
    CHECKIN = "checkin"  # after it


class ItemKind(enum.StrEnum):
    VEHICLE = "vehicle"
    DEVICE = "device"
    EQUIPMENT = "equipment"
    CONSUMABLE = "consumable"
    DOCUMENT = "document"


class ItemStatus(enum.StrEnum):
    OK = "ok"
    FAULTY = "faulty"  # rusak / tidak berfungsi
    MISSING = "missing"  # tidak ada
