"""Officers, their roles, and what each role may do."""

from __future__ import annotations

import enum
import functools
import gzip
import re
from dataclasses import dataclass
from datetime import date as dt_date
from typing import TYPE_CHECKING

from fieldkit import paths
from fieldkit.errors import AuthError, AuthReason, InvalidInput

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from fieldkit.store.models import Officer

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
NIP_LENGTH = 18
MAX_RANK_LENGTH = 80
#: Names with every title (Prof. Dr. Ir. H. ..., S.H., M.Hum.) stay well under this; the
#: surat tugas prints a longer one over many lines of its team table.
MAX_NAME_LENGTH = 100
_FIRST_NIP_BIRTH_YEAR = 1900
_MONTHS = range(1, 13)
#: Long enough to resist guessing offline against a stolen laptop's keyring, short enough
#: to type on a field laptop: a phrase like ``kopi-pagi-2026`` is 14.
MIN_PASSWORD_LENGTH = 10
_COMMON_PASSWORD_FILES = ("common-passwords.txt.gz", "common-passwords-id.txt")
_TRAILING_DIGITS_AND_PUNCTUATION = re.compile(r"[\W\d_]+$")
_MIN_DISTINCT_CHARACTERS = 4


class WeakPassword(InvalidInput):
    """A new password the rule refuses: ``code`` says which part of the rule."""

    def __init__(self, *, code: str, params: Mapping[str, object] | None = None) -> None:
        super().__init__(code=code, params={"min": MIN_PASSWORD_LENGTH, **(params or {})})


class Role(enum.StrEnum):
    PETUGAS = "petugas"  # petugas perekaman: records people in the field
    KETUA_TIM = "ketua_tim"  # team lead: signs off equipment and reports
    OPERATOR = "operator"  # office operator: planning, sync, reports, handover
    ADMIN = "admin"  # manages officers and settings


@dataclass(frozen=True)
class OfficerInfo:
    username: str
    full_name: str
    role: Role
    active: bool
    created_at: dt.datetime
    nip: str | None = None  # 18 digits, no spaces
    rank: str | None = None  # pangkat/golongan: "Penata Muda, III/a"
    source: str = "local"  # "local" (added here) or "office" (the office package)
    state: str = "active"  # "active", "pending" (first login to do) or "disabled"

    @classmethod
    def from_row(cls, row: Officer) -> OfficerInfo:
        pending = bool(row.pending)
        state = "pending" if pending else ("active" if row.active else "disabled")
        return cls(
            row.username,
            row.full_name,
            Role(row.role),
            row.active,
            row.created_at,
            row.nip,
            row.rank,
            row.source or "local",
            state,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "username": self.username,
            "full_name": self.full_name,
            "role": self.role.value,
            "active": self.active,
            "created_at": self.created_at.isoformat(),
            "nip": self.nip,
            "rank": self.rank,
            "source": self.source,
            "state": self.state,
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
            code="role_unknown",
            params={"role": text, "choices": choices},
        ) from None


def check_username(username: str) -> str:
    if not USERNAME_PATTERN.fullmatch(username):
        raise InvalidInput(
            code="username_invalid",
            params={"username": username},
        )
    return username


def check_nip(text: str) -> str:
    """A civil servant's NIP: 18 digits, ``YYYYMMDD YYYYMM S NNN`` (spaces allowed in input).

    The birth date, the month of appointment and the sex digit (1 or 2) are
    checked too: a NIP typed with a digit missing or swapped rarely passes.
    """
    digits = "".join(text.split())
    if len(digits) != NIP_LENGTH or not digits.isascii() or not digits.isdigit():
        raise InvalidInput(
            code="nip_length",
            params={"length": str(len(digits))},
        )
    try:
        born = dt_date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        born = None
    appointed_month = int(digits[12:14])
    if (
        born is None
        or born.year < _FIRST_NIP_BIRTH_YEAR
        or appointed_month not in _MONTHS
        or digits[14] not in "12"
    ):
        raise InvalidInput(
            code="nip_invalid",
        )
    return digits


def format_nip(nip: str) -> str:
    """``19650530 198607 1 001``, as letters print it."""
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if len(nip) == NIP_LENGTH else nip


def check_full_name(text: str) -> str:
    """An officer's full name as the letters print it: spaces tidied, given, not too long."""
    name = " ".join(text.split())
    if not name:
        raise InvalidInput(code="officer_name_required")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            code="officer_name_too_long",
            params={"max": str(MAX_NAME_LENGTH), "length": str(len(name))},
        )
    return name


def check_rank(text: str) -> str | None:
    """Pangkat/golongan as typed, spaces tidied; empty means none."""
    rank = " ".join(text.split())
    if len(rank) > MAX_RANK_LENGTH:
        raise InvalidInput(
            code="rank_too_long",
            params={"max": str(MAX_RANK_LENGTH)},
        )
    return rank or None


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped lists (``assets/passwords``), loaded once, in lower case."""
    words: set[str] = set()
    folder = paths.assets_dir() / "passwords"
    for name in _COMMON_PASSWORD_FILES:
        raw = (folder / name).read_bytes()
        text = gzip.decompress(raw) if name.endswith(".gz") else raw
        words.update(
            line.strip().lower()
            for line in text.decode("utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        )
    return frozenset(words)


def check_new_password(password: str) -> str:
    """The officers' password rule (docs/security.md): length, and not a common password.

    Applies when a password is set or changed; an existing password still logs in.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(
            code="password_too_short",
            params={"min": MIN_PASSWORD_LENGTH},
        )
    if password.strip() != password:
        raise InvalidInput(code="password_spaces")
    lowered = password.lower()
    stem = _TRAILING_DIGITS_AND_PUNCTUATION.sub("", lowered)
    common = common_passwords()
    if lowered in common or stem in common or len(set(lowered)) < _MIN_DISTINCT_CHARACTERS:
        raise WeakPassword(
            code="password_too_common",
        )
    return password


def require_role(officer: OfficerInfo, *allowed: Role) -> None:
    if officer.role not in allowed:
        raise AuthError(
            AuthReason.FORBIDDEN,
            params={"role": officer.role.value, "allowed": ", ".join(r.value for r in allowed)},
        )


def normalise_first_login_code(code: str) -> str:
    """What the office hashes and the laptop checks: letters and digits, upper case.

    The office prints ``K7QM-3XPA-HW9N``; an officer may type it in lower case, with
    spaces or without the dashes, and it is still their code (sync-protocol §14.2).
    """
    return "".join(ch for ch in code.upper() if ch.isalnum())
