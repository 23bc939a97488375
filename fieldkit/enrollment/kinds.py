"""How a target's visit ended, without the outcome table and the visit's rules.

Its own module so that ``fieldkit visit outcome --help`` names the choices without the
ORM (``fieldkit.cli.deferred``).
"""

from __future__ import annotations

import enum


class Outcome(enum.StrEnum):
    RECORDED = "recorded"
    NOT_AT_HOME = "not_at_home"
    REFUSED = "refused"
    DECEASED = "deceased"
    MOVED = "moved"
    UNABLE = "unable"  # with a reason
    REVISIT = "revisit"  # with a suggested date
