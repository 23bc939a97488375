"""What the office's package left on this laptop, for the features below the office package.

:mod:`fieldkit.office` applies the office package (docs/sync-protocol.md §14); the
features it steers sit below it and read what it left here: the rules the office
set (a laptop admin may tighten one, never loosen it), the people already recorded
at the data center (a MAC of each NIK, never a name), and the first-login codes of
officers the office added.  Only tables and small reads live here, so quality,
enrollment, the workspace and the reports can import it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import Boolean, Date, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit import recorded_list
from fieldkit.errors import InvalidInput
from fieldkit.store.models import Base, Setting, UtcDateTime

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Settings keys of what the package left (values inside the encrypted store).
VERSION_KEY = "office.package_version"
ISSUED_AT_KEY = "office.package_issued_at"
PACKAGE_KEY_KEY = "office.package_key"
RECORDED_KEY_KEY = "office.recorded_key"
MIN_VERSION_KEY = "office.min_version"
OFFERED_VERSION_KEY = "office.offered_version"
#: The officers of the last applied package that were not applied, and why (JSON list).
OFFICER_CONFLICTS_KEY = "office.officer_conflicts"

#: The one row of ``office_recorded_lists``.
RECORDED_LIST_ROW = 1

#: The ``created_by`` of plan rows the office sent.
OFFICE_ACTOR = "kantor"

#: Officer sources (``officers.source``).
SOURCE_LOCAL = "local"
SOURCE_OFFICE = "office"


class OfficeRule(Base):
    """A rule the office set: the settings key it governs and the office's value (JSON)."""

    __tablename__ = "office_rules"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)


class OfficeRegion(Base):
    """A region name the office sent; :mod:`fieldkit.regions` consults these first."""

    __tablename__ = "office_regions"

    code: Mapped[str] = mapped_column(String(13), primary_key=True)  # digits only
    name: Mapped[str] = mapped_column(String(120))


class RecordedPerson(Base):
    """A NIK with an accepted record at the data center, as HMAC-SHA256 (hex) under its key."""

    __tablename__ = "office_recorded"

    mac: Mapped[str] = mapped_column(String(64), primary_key=True)
    recorded_on: Mapped[dt.date] = mapped_column(Date)


class RecordedList(Base):
    """Format 2's already-recorded list, one row: the packed records as the package sent them.

    Sorted fixed-width records (:mod:`fieldkit.recorded_list`), looked up by binary
    search: a regency's million NIKs is one 8 MB value written once per package,
    where a row per NIK took minutes to replace on every package.
    """

    __tablename__ = "office_recorded_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    entries: Mapped[bytes] = mapped_column(LargeBinary)


class FirstLoginCode(Base):
    """The Argon2id hash of a pending officer's one-time code, and its wrong tries."""

    __tablename__ = "office_first_logins"

    username: Mapped[str] = mapped_column(String(32), primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))  # base64
    hash: Mapped[str] = mapped_column(String(64))  # base64
    memory_kib: Mapped[int] = mapped_column(Integer)
    iterations: Mapped[int] = mapped_column(Integer)
    lanes: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class RuleSetByOffice(InvalidInput):
    """A laptop admin tried to loosen (or, for letters, change) a rule the office set."""

    code = "rule_set_by_office"


# --- rules ------------------------------------------------------------------------


def office_rules_in(session: Session) -> dict[str, object]:
    """Every rule the office set: settings key -> the office's value."""
    rows = session.execute(sa.select(OfficeRule)).scalars()
    return {row.key: json.loads(row.value) for row in rows}


def office_rule(session: Session, key: str) -> object | None:
    row = session.get(OfficeRule, key)
    return None if row is None else json.loads(row.value)


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def refuse_below(session: Session, key: str, value: float) -> None:
    """A value lower than the office's is looser (a quality threshold)."""
    office = office_rule(session, key)
    if isinstance(office, int | float) and value < office:
        raise RuleSetByOffice(params={"rule": key, "office_value": _shown(office)})


def refuse_above(session: Session, key: str, value: float) -> None:
    """A value higher than the office's is looser (attempts, freeze limits, idle minutes)."""
    office = office_rule(session, key)
    if isinstance(office, int | float) and value > office:
        raise RuleSetByOffice(params={"rule": key, "office_value": _shown(office)})


def refuse_change(session: Session, key: str, value: object) -> None:
    """The letterhead and the number pattern are the office's, word for word."""
    office = office_rule(session, key)
    if isinstance(office, dict) and isinstance(value, dict):
        value = {name: value.get(name) for name in office}  # the fields the office set
    if office is not None and office != value:
        raise RuleSetByOffice(params={"rule": key, "office_value": _shown(office)})


# --- already recorded -----------------------------------------------------------------


def nik_mac(key: bytes, nik: str) -> str:
    return hmac.new(key, nik.strip().encode("ascii", "replace"), hashlib.sha256).hexdigest()


def recorded_on(session: Session, nik: str) -> dt.date | None:
    """The day the data center accepted a record of this NIK, if the office's list says so."""
    row = session.get(Setting, RECORDED_KEY_KEY)
    if row is None or not nik.strip():
        return None
    key = bytes.fromhex(row.value)
    found = session.get(RecordedPerson, nik_mac(key, nik))  # a format-1 package's list
    if found is not None:
        return found.recorded_on
    packed = session.get(RecordedList, RECORDED_LIST_ROW)  # a format-2 package's list
    if packed is None:
        return None
    return recorded_list.lookup(packed.entries, recorded_list.digest(key, nik))


# --- regions ------------------------------------------------------------------------


def office_regions_in(session: Session) -> dict[str, str]:
    rows = session.execute(sa.select(OfficeRegion)).scalars()
    return {row.code: row.name for row in rows}
