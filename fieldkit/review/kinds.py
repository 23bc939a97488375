"""How a contact with a family to revisit ended, without the revisit list's tables.

Its own module so that ``fieldkit revisit --help`` names the choices without the ORM.
"""

from __future__ import annotations

import enum


class ContactResult(enum.StrEnum):
    NOTIFIED = "notified"  # diberi tahu
    UNREACHABLE = "unreachable"  # tidak dapat dihubungi
