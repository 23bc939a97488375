"""Who makes a change at the data center, and what that person may do.

Every room that records a change names its :class:`Actor` in ``console_audit``: an
account of the console, or the host's shell.  Kept apart from the accounts' passwords
so a room that only needs a name and a role imports no password hashing.
"""

from __future__ import annotations

import enum
import getpass
from dataclasses import dataclass

from fieldkit.errors import InvalidInput
from sync.server.accounts import sentences  # noqa: F401 - registers the refusals' words


class Role(enum.StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InvalidInput(
            code="console_role_unknown",
            params={"role": text, "choices": ", ".join(r.value for r in Role)},
        ) from None


@dataclass(frozen=True)
class Actor:
    """Who makes a change: an account of the console, or the host's shell (an admin)."""

    name: str
    role: Role

    @classmethod
    def shell(cls) -> Actor:
        """The person at the data center's terminal: who may run the CLI holds its data."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no name for this uid (a bare container)
            user = "?"
        return cls(f"cli:{user}"[:64], Role.ADMIN)
