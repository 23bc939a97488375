"""Officers, their roles, and what each role may do."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit.errors import AuthError, AuthReason, InvalidInput

if TYPE_CHECKING:
    import datetime as dt

    from fieldkit.store.models import Officer

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 8


class Role(enum.StrEnum):
    PETUGAS = "petugas"  # petugas perekaman: records people in the field
    KETUA_TIM = "ketua_tim"  # team lead: signs off equipment and reports
    OPERATOR = "operator"  # office operator: planning, sync, reports, handover
    ADMIN = "admin"  # manages officers and settings

    @property
    def label_id(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    Role.PETUGAS: ("Petugas perekaman", "Recording officer"),
    Role.KETUA_TIM: ("Ketua tim", "Team lead"),
    Role.OPERATOR: ("Operator", "Operator"),
    Role.ADMIN: ("Admin", "Admin"),
}


@dataclass(frozen=True)
class OfficerInfo:
    username: str
    full_name: str
    role: Role
    active: bool
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: Officer) -> OfficerInfo:
        return cls(row.username, row.full_name, Role(row.role), row.active, row.created_at)

    def as_json(self) -> dict[str, object]:
        return {
            "username": self.username,
            "full_name": self.full_name,
            "role": self.role.value,
            "active": self.active,
            "created_at": self.created_at.isoformat(),
        }


def parse_role(text: str) -> Role:
    normalised = text.strip().lower().replace(" ", "_").replace("-", "_")
    aliases = {
        "petugas_perekaman": Role.PETUGAS,
        "ketua": Role.KETUA_TIM,
        "team_lead": Role.KETUA_TIM,
    }
    try:
        return aliases.get(normalised) or Role(normalised)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(
            f"Unknown role {text!r}; choose one of: {choices}.",
            code="role_unknown",
            params={"role": text, "choices": choices},
        ) from None


def check_username(username: str) -> str:
    if not USERNAME_PATTERN.fullmatch(username):
        raise InvalidInput(
            f"User name {username!r} is not allowed: use 2-32 lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter.",
            code="username_invalid",
            params={"username": username},
        )
    return username


def check_new_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters.",
            code="password_too_short",
            params={"min": MIN_PASSWORD_LENGTH},
        )
    if password.strip() != password:
        raise InvalidInput(
            "The password must not start or end with a space.", code="password_spaces"
        )
    return password


def require_role(officer: OfficerInfo, *allowed: Role) -> None:
    if officer.role not in allowed:
        names = " or ".join(r.label_en for r in allowed)
        raise AuthError(
            AuthReason.FORBIDDEN,
            f"Only an officer with the role {names} may do this; you are {officer.role.label_en}.",
        )
