"""The office's settings for its laptops and the office package made from them (§14).

The office keeps here its identity, officers, rules, region table, plan and minimum
FieldKit version.  Every change raises the settings revision ``version`` by one in
its own transaction, and is logged without personal data.  A laptop's package is
built from them in memory (target lists opened from their seal only then), signed
with the receipt key and sealed to the laptop's package key (``sync.office_package``).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import logging
import math
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import sqlalchemy as sa

from fieldkit import kdf as argon2
from fieldkit import paths, promise, recorded_list, regions, safejson
from fieldkit.enrollment import consent_words
from fieldkit.enrollment.autocapture_rule import AutoCaptureRule
from fieldkit.errors import InvalidInput
from fieldkit.office.package import (
    FORMAT,
    FORMAT_VERSION,
    OfficePackage,
    OfficePackageInvalid,
    Part,
    check_part,
)
from fieldkit.officers import Role as OfficerRole
from fieldkit.officers import (
    check_full_name,
    check_nip,
    check_rank,
    check_username,
    normalise_first_login_code,
    parse_role,
)
from fieldkit.planning.kinds import (
    PlaceType,
    TeamRole,
    Terrain,
    check_region_code,
    check_time,
    parse_requester_type,
)
from fieldkit.planning.target_import_types import FileRefused
from fieldkit.planning.target_reading import guarded, open_sheet
from fieldkit.planning.target_rows import parse_row
from fieldkit.promise import (
    PROMISE_DAYS_RANGE,
    Holiday,
    HolidayCalendar,
    HolidayKind,
    YearSource,
    load_holidays,
)
from fieldkit.quality.result import QualityModality
from fieldkit.reports.letter_numbers import LetterType, render_number
from fieldkit.safejson import canonical_json
from fieldkit.sealing import SealError, open_from, seal_to
from sync.office_package import MAX_PACKAGE_BYTES, seal_package, sign_package
from sync.protocol import parse_version
from sync.server.accounts.roles import Actor, Role
from sync.server.accounts.trail import write_audit
from sync.server.office.delivery_book import package_deliveries, package_printed_cards
from sync.server.office.holiday_import import HolidayImport, apply_file
from sync.server.office.laptop_labels import labels
from sync.server.office.releases import current_offer
from sync.server.store.database import (
    laptop_health,
    office_holiday_years,
    office_holidays,
    office_officers,
    office_regions,
    office_settings,
    plan_requests,
    plan_targets,
    plan_visits,
    recorded_niks,
)
from sync.server.store.stamps import parse_stamp

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from sqlalchemy.engine import Connection

    from sync.server.keys import DataCenterKeys
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

#: The first-login code's Argon2id parameters (the laptop checks the code with these).
CODE_MEMORY_KIB = 65536
CODE_ITERATIONS = 3
CODE_LANES = 4
CODE_TTL = dt.timedelta(days=14)
#: Unambiguous letters and digits: no 0/O, 1/I/L; read out over a phone.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_GROUPS = 3
_CODE_GROUP_LENGTH = 4
#: The quality policy's attempt limit (``fieldkit/quality/policy.py``), idle lock's range
#: (``Workspace.set_idle_timeout``), every threshold's 0-100 scale: the laptop refuses the
#: same values.  Public, so the console's rules form says the ranges these checks keep.
MAX_ATTEMPTS_LIMIT = 10
IDLE_LOCK_RANGE = range(1, 121)
THRESHOLD_MAX = 100
_LETTERHEAD_FIELDS = ("address", "contact", "head_name", "head_rank", "head_nip")
_MAX_LETTERHEAD_TEXT = 200
_MAX_REGION_ROWS = 100_000
RECORDED_KEY_FILE = "recorded.key"
#: The largest sealed package the data center builds: half the laptop's cap
#: (``MAX_PACKAGE_BYTES``), so a list that grows between two builds never reaches it.
PACKAGE_BUDGET_BYTES = MAX_PACKAGE_BYTES // 2
_RECORDED_KEY_BYTES = 32
#: Years of days off a package carries from this year on (and last year's, for a late sync).
PACKAGE_HOLIDAY_YEARS = 3


class AdminOfficerRefused(InvalidInput):
    """An admin-role officer's first login given by someone who is not an administrator.

    A first-login code for an officer whose role is admin makes whoever holds it the
    administrator of every laptop that takes the next package, so adding such an
    officer, giving one a new code and enabling one again are administrators' acts
    (the console's and the CLI's alike: :class:`Office` refuses them).
    """

    code = "datacenter_officer_admin_only"


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


#: A kept health report's time this far ahead of the data center's clock cannot be true.
HEALTH_FUTURE = dt.timedelta(days=1)


@dataclass(frozen=True)
class HealthKept:
    """What :meth:`Office.store_health` did with a report.

    ``why``: ``stored``; ``same`` (this very report is kept already: nothing written);
    ``older`` (signed before the one kept: refused, ``kept_at`` says when that was);
    ``too_soon`` (another was kept less than the limit ago: ``retry_after_s``).
    """

    why: str
    kept_at: str | None = None
    retry_after_s: int = 0


def health_refusal(
    kept: tuple[str, str], report: str, now: dt.datetime, every_s: float
) -> HealthKept | None:
    """Why ``report`` (canonical JSON) does not replace the one kept; None when it does.

    ``kept``: the kept report (canonical JSON) and when it arrived.
    """
    kept_report, received_at = kept
    if report == kept_report:
        return HealthKept("same")
    kept_at = json.loads(kept_report).get("reported_at")
    kept_time, signed = parse_stamp(kept_at), parse_stamp(json.loads(report)["reported_at"])
    # A kept time from the future is not believed: it holds no later report back.
    believed = kept_time is not None and kept_time <= now + HEALTH_FUTURE
    if believed and signed is not None and kept_time is not None and signed < kept_time:
        return HealthKept("older", kept_at=kept_at)
    arrived = parse_stamp(received_at)
    if every_s > 0 and arrived is not None:
        wait = every_s - (now - arrived).total_seconds()
        if wait > 0:
            return HealthKept("too_soon", retry_after_s=max(1, math.ceil(wait)))
    return None


# --- the first-login code ------------------------------------------------------------


def new_first_login_code() -> str:
    """A one-time code like ``K7QM-3XPA-HW9N``, handed to the officer once."""
    groups = (
        "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUP_LENGTH))
        for _ in range(_CODE_GROUPS)
    )
    return "-".join(groups)


def hash_first_login_code(code: str, salt: bytes) -> bytes:
    """The code's Argon2id hash; through :mod:`fieldkit.kdf`, one derivation at a time."""
    return argon2.derive(
        normalise_first_login_code(code).encode("utf-8"),
        salt=salt,
        length=32,
        iterations=CODE_ITERATIONS,
        lanes=CODE_LANES,
        memory_kib=CODE_MEMORY_KIB,
    )


def first_login(code: str, now: dt.datetime) -> dict[str, Any]:
    """The package's ``first_login`` for ``code``: its hash and parameters, never the code."""
    salt = secrets.token_bytes(16)
    return {
        "kdf": "argon2id",
        "salt": base64.b64encode(salt).decode("ascii"),
        "hash": base64.b64encode(hash_first_login_code(code, salt)).decode("ascii"),
        "memory_kib": CODE_MEMORY_KIB,
        "iterations": CODE_ITERATIONS,
        "lanes": CODE_LANES,
        "expires_at": (now + CODE_TTL).replace(microsecond=0).isoformat(),
    }


# --- the recorded key ----------------------------------------------------------------


def recorded_key(keys: DataCenterKeys) -> bytes:
    """The 32-byte HMAC key of ``recorded_niks``, made on first use in ``DATA/keys``.

    Kept sealed to the data center's active encryption key (``{"kid", "sealed"}``), so
    it is as protected as that key (passphrase-encrypted when the keys are); 0600.
    """
    path = keys.directory / RECORDED_KEY_FILE
    if not path.exists():
        kid = keys.active_kid
        key = secrets.token_bytes(_RECORDED_KEY_BYTES)
        public = keys.encryption_keys[kid].public_key().public_bytes_raw()
        sealed = seal_to(public, key, info=_recorded_info(kid))
        blob = canonical_json({"kid": kid, "sealed": base64.b64encode(sealed).decode("ascii")})
        temp = path.with_name(f".{RECORDED_KEY_FILE}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            os.write(fd, blob)
            os.fsync(fd)
        finally:
            os.close(fd)
        paths.make_private(temp)
        try:
            os.link(temp, path)  # never replaces one another process made meanwhile
            log.info("created the recorded-NIK key")
        except FileExistsError:
            pass
        finally:
            temp.unlink()
    value = safejson.loads(path.read_bytes(), max_bytes=4096)
    if not isinstance(value, dict):
        raise SealError(params={"problem": "recorded_key"})
    kid = str(value.get("kid"))
    private = keys.encryption_keys.get(kid)
    if private is None:
        raise SealError(params={"problem": "recorded_key"})
    return open_from(private, base64.b64decode(str(value.get("sealed"))), info=_recorded_info(kid))


def _recorded_info(kid: str) -> bytes:
    return f"fieldkit-dc-recorded-key-v1|{kid}".encode()


def nik_mac(key: bytes, nik: str) -> str:
    """``HMAC-SHA256(recorded_key, NIK)`` in hex: what the package's ``recorded`` lists."""
    return hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()


# --- the laptop's own checks ----------------------------------------------------------


def laptop_check(part: Part, value: object, *, index: int = 0) -> None:
    """Refuse what every laptop would refuse in a package, in the laptop's own words.

    One check, the laptop's (:func:`fieldkit.office.package.check_part`): a value it
    refuses would make it refuse every package whole, and an officer disabled after
    that could still log in.  The refusal is the laptop's ``package_malformed``
    sentence naming the field, raised as :class:`InvalidInput` as every other
    refusal of the office's settings is.
    """
    try:
        check_part(part, value, index=index)
    except OfficePackageInvalid as refused:
        raise InvalidInput(code="package_malformed", params=refused.params) from None


# --- rules ---------------------------------------------------------------------------


def check_letterhead(value: object) -> dict[str, str | None]:
    """The laptop's ``office.profile`` (``fieldkit/reports/letters.py``) fields, checked."""
    if not isinstance(value, dict) or not set(value) <= set(_LETTERHEAD_FIELDS):
        raise InvalidInput(
            code="datacenter_letterhead_invalid", params={"fields": ", ".join(_LETTERHEAD_FIELDS)}
        )
    checked: dict[str, str | None] = {}
    for name in _LETTERHEAD_FIELDS:
        text = value.get(name)
        if text is not None and (not isinstance(text, str) or len(text) > _MAX_LETTERHEAD_TEXT):
            raise InvalidInput(
                code="datacenter_letterhead_invalid",
                params={"fields": ", ".join(_LETTERHEAD_FIELDS)},
            )
        checked[name] = (" ".join(text.split()) or None) if isinstance(text, str) else None
    if checked["head_nip"] is not None:
        checked["head_nip"] = check_nip(checked["head_nip"])
    return checked


def check_rules(  # noqa: C901, PLR0912 - one check per rule, in the laptop's words
    *,
    thresholds: dict[str, float] | None = None,
    max_attempts: int | None = None,
    freeze_days: int | None = None,
    freeze_max_waiting: int | None = None,
    idle_lock_minutes: int | None = None,
    letterhead: object = None,
    number_pattern: str | None = None,
    cosign_on_spot: bool | None = None,
    autocapture: bool | None = None,
    autocapture_steady_s: float | None = None,
    consent_text: str | None = None,
    promise_days: int | None = None,
) -> dict[str, Any]:
    """The rules given, checked as the laptop checks them; what was not given is absent.

    ``consent_text=""`` is given: it takes the office's consent words away (stored as
    None), and each laptop shows the catalogue's default again.
    """
    rules: dict[str, Any] = {}
    if thresholds:
        checked: dict[str, float] = {}
        for name, value in thresholds.items():
            try:
                modality = QualityModality(name.strip().lower())
            except ValueError:
                raise InvalidInput(
                    code="datacenter_modality_unknown",
                    params={
                        "modality": name,
                        "choices": ", ".join(m.value for m in QualityModality),
                    },
                ) from None
            if not 0 <= value <= THRESHOLD_MAX:
                raise InvalidInput(code="threshold_range", params={"modality": modality.value})
            checked[modality.value] = value
        rules["thresholds"] = checked
    if max_attempts is not None:
        if not 1 <= max_attempts <= MAX_ATTEMPTS_LIMIT:
            raise InvalidInput(code="attempts_range", params={"max": MAX_ATTEMPTS_LIMIT})
        rules["max_attempts"] = max_attempts
    if freeze_days is not None:
        if freeze_days < 1:
            raise InvalidInput(code="freeze_days_too_small")
        rules["freeze_days"] = freeze_days
    if freeze_max_waiting is not None:
        if freeze_max_waiting < 1:
            raise InvalidInput(code="freeze_waiting_too_small")
        rules["freeze_max_waiting"] = freeze_max_waiting
    if idle_lock_minutes is not None:
        if idle_lock_minutes not in IDLE_LOCK_RANGE:
            raise InvalidInput(code="idle_lock_range")
        rules["idle_lock_minutes"] = idle_lock_minutes
    if letterhead is not None:
        rules["letterhead"] = check_letterhead(letterhead)
    if number_pattern is not None:
        pattern = number_pattern.strip()
        render_number(pattern, 1, dt.date(2026, 1, 1), LetterType.SURAT_TUGAS)
        rules["number_pattern"] = pattern
    if cosign_on_spot is not None:
        rules["cosign_on_spot"] = bool(cosign_on_spot)  # the laptop takes a JSON boolean only
    if autocapture is not None:
        rules["autocapture"] = bool(autocapture)
    if autocapture_steady_s is not None:
        # The laptop's own check (its range, its refusal): a value it would refuse never
        # reaches a package, which the laptop would refuse whole.
        rules["autocapture_steady_s"] = AutoCaptureRule(steady_s=autocapture_steady_s).steady_s
    if consent_text is not None:
        rules[consent_words.PACKAGE_NAME] = check_consent_text(consent_text)
    if promise_days is not None:
        # The working days from a complete recording to the card (SOP 004: 14).
        if isinstance(promise_days, bool) or promise_days not in PROMISE_DAYS_RANGE:
            raise InvalidInput(
                code="promise_days_range",
                params={"low": PROMISE_DAYS_RANGE.start, "high": PROMISE_DAYS_RANGE.stop - 1},
            )
        rules["promise_days"] = promise_days
    return rules


def check_consent_text(text: object) -> str | None:
    """The office's consent words as stored (:func:`consent_words.clean`), or refused.

    The laptop's own check (:func:`consent_words.fault`) decides; the refusal says which
    limit in the office's words rather than the package's field name.  Empty is None.
    """
    if not isinstance(text, str):  # from code, never typed: the laptop's own refusal
        raise InvalidInput(
            code="package_malformed", params={"field": f"rules.{consent_words.PACKAGE_NAME}"}
        )
    cleaned = consent_words.clean(text)
    found = consent_words.fault(cleaned or "")
    if found is None:
        return cleaned
    if found.fault is consent_words.Fault.TOO_LONG:
        raise InvalidInput(
            code="datacenter_consent_text_too_long",
            params={"length": found.length, "max": consent_words.MAX_CHARS},
        )
    raise InvalidInput(
        code="datacenter_consent_text_character",
        params={"codepoint": found.codepoint, "position": found.position},
    )


_RULE_FIELDS = (
    "thresholds",
    "max_attempts",
    "freeze_days",
    "freeze_max_waiting",
    "idle_lock_minutes",
    "letterhead",
    "number_pattern",
    "cosign_on_spot",
    "autocapture",
    "autocapture_steady_s",
    consent_words.PACKAGE_NAME,
    "promise_days",
)


# --- target lists --------------------------------------------------------------------


@dataclass
class TargetsRead:
    """A target file read with the laptop's reader: its rows, or why it was refused."""

    rows: list[dict[str, Any]]
    #: ``(row number, code)`` of each row's first error; no cell's content (personal data).
    errors: list[tuple[int, str]]
    refused: str | None = None


def read_targets(path: Path, visit_id: str) -> TargetsRead:
    """Every row of a CSV/XLSX target list, checked by ``fieldkit.planning`` as the laptop does."""
    try:
        sheet = open_sheet(path)
    except FileRefused as refused:
        return TargetsRead([], [], refused.detail.code)
    rows: list[dict[str, Any]] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    try:
        for number, cells in guarded(sheet.rows):
            row = parse_row(number, cells, sheet.columns)
            if row is None:
                continue
            if row.nik is not None and not row.errors:
                first = seen.setdefault(row.nik, row.number)
                if first != row.number:
                    row.error("nik.duplicate_in_file", {"row": str(first)})
            if row.errors:
                errors.append((row.number, row.errors[0].code))
                continue
            rows.append(
                {
                    "id": str(uuid.uuid4()),
                    "visit_id": visit_id,
                    "nik": row.nik,
                    "kk": row.kk,
                    "name": row.name,
                    "birth_place": row.birth_place,
                    "birth_date": row.birth_date.isoformat() if row.birth_date else None,
                    "sex": row.sex.value if row.sex else None,
                    "address": row.address,
                    "rt": row.rt,
                    "rw": row.rw,
                    "desa": row.desa,
                    "kecamatan": row.kecamatan,
                    "categories": [c.value for c in row.categories],
                    "disability_kind": row.disability_kind,
                    "note": row.note,
                }
            )
    except FileRefused as refused:
        return TargetsRead([], [], refused.detail.code)
    finally:
        sheet.close()
    if not rows and not errors:
        return TargetsRead([], [], "file.no_rows")
    return TargetsRead(rows, errors)


def _targets_info(visit_id: str, kid: str) -> bytes:
    return f"fieldkit-dc-targets-v1|{visit_id}|{kid}".encode()


# --- the office ----------------------------------------------------------------------


class Office:
    """The office's settings in the data center's store; each change one transaction."""

    def __init__(
        self,
        store: SqlStore,
        *,
        on_change: Callable[[Connection, str, int], None] | None = None,
        on_refused: Callable[[Connection, str, InvalidInput], None] | None = None,
    ) -> None:
        """Keep the store; ``on_change`` is called inside each change's own transaction.

        It gets the connection, what changed and the new package version: the console
        writes its audit line there, so a change and its line are stored together.
        ``on_refused`` gets a transaction of its own when :class:`AdminOfficerRefused`
        stops a change (whose own transaction is rolled back): the console's audit
        keeps the attempt too.
        """
        self.store = store
        self.on_change = on_change
        self.on_refused = on_refused

    # --- the revision --------------------------------------------------------------

    def _bump(self, conn: Connection, what: str, **changes: Any) -> int:
        """Raise ``version`` by one (making the row at 0 first); log ``what``, no personal data."""
        now = utc_now()
        conn.execute(
            self.store.upsert(office_settings)
            .values(id=1, version=0, changed_at=now)
            .on_conflict_do_nothing(index_elements=[office_settings.c.id])
        )
        conn.execute(
            office_settings.update()
            .where(office_settings.c.id == 1)
            .values(version=office_settings.c.version + 1, changed_at=now, **changes)
        )
        version = int(
            conn.execute(
                sa.select(office_settings.c.version).where(office_settings.c.id == 1)
            ).scalar_one()
        )
        log.info("office settings version %d: %s", version, what)
        if self.on_change is not None:
            self.on_change(conn, what, version)
        return version

    def changed_in(self, conn: Connection, what: str) -> int:
        """Raise ``version`` in the caller's transaction, for a change stored beside it.

        The distribution schedule (``sync.server.cards.deliveries``) stores its deliveries in its
        own tables; a laptop must still receive them, so the package's version goes up
        with them.  The settings' row stays locked until that transaction ends.
        """
        return self._bump(conn, what)

    def settings(self) -> dict[str, Any]:
        """version, office_code, office_name, rules (dict or None), min_version, training."""
        with self.store.reading() as conn:
            row = conn.execute(sa.select(office_settings)).mappings().first()
        if row is None:
            return {
                "version": 0,
                "office_code": None,
                "office_name": None,
                "rules": None,
                "min_version": None,
                "training": False,
            }
        return {
            "version": int(row["version"]),
            "office_code": row["office_code"],
            "office_name": row["office_name"],
            "rules": json.loads(row["rules"]) if row["rules"] else None,
            "min_version": row["min_version"],
            "training": bool(row["training"]),
        }

    def training(self) -> bool:
        """Whether this data center is a training one (:meth:`set_training`)."""
        return bool(self.settings()["training"])

    def set_training(self, training: bool) -> int:
        """Run this data center as a training one, or as a real office again (issue 56.2).

        Only a training data center prints a record whose prints came from a simulator
        (``sync.server.cards.prints.mark_printed``): on a real office such a card would carry
        synthetic fingerprints.  Changed only on purpose, audited, and shown on Beranda.
        """
        with self.store.writing() as conn:
            what = "training data center" if training else "real office (not training)"
            return self._bump(conn, what, training=training)

    # --- identity, rules, release --------------------------------------------------

    def set_office(self, code: str, name: str | None = None) -> int:
        code = regions.check_office_code(code)
        laptop_check(Part.OFFICE_CODE, code)
        changes: dict[str, Any] = {"office_code": code}
        if name is not None:
            changes["office_name"] = " ".join(name.split()) or None
        with self.store.writing() as conn:
            return self._bump(conn, f"office code set to {code}", **changes)

    def set_rules(self, **given: Any) -> dict[str, Any]:
        """Merge the rules given (checked) into the office's; returns them all."""
        checked = check_rules(**given)
        if not checked:
            raise InvalidInput(code="datacenter_rules_nothing")
        with self.store.writing() as conn:
            # Read, merge, write, with the row held until the commit (:meth:`_serialise`), or
            # a second save at the same moment merges into what it read before the first
            # committed and drops that rule.  Locking the row alone was not enough: on a
            # data center whose settings row did not exist yet, ``FOR UPDATE`` found
            # nothing to lock, both saves merged into no rules, and the second's write
            # dropped the first's consent text (PostgreSQL, seen in a test run).
            self._serialise(conn)
            current = conn.execute(
                sa.select(office_settings.c.rules).where(office_settings.c.id == 1)
            ).scalar()
            rules: dict[str, Any] = dict.fromkeys(_RULE_FIELDS)
            if current:
                rules.update(json.loads(current))
            if "thresholds" in checked and rules.get("thresholds"):
                checked["thresholds"] = {**rules["thresholds"], **checked["thresholds"]}
            rules.update(checked)
            laptop_check(Part.RULES, rules)  # merged: what every package will carry
            self._bump(
                conn,
                "rules changed: " + ", ".join(sorted(checked)),
                rules=canonical_json(rules).decode(),
            )
        return rules

    def set_min_version(self, version: str) -> int:
        version = version.strip()
        if parse_version(version) is None:
            raise InvalidInput(code="datacenter_version_invalid", params={"version": version})
        laptop_check(Part.RELEASE, {"min_version": version, "offered_version": None})
        with self.store.writing() as conn:
            return self._bump(conn, f"minimum FieldKit version {version}", min_version=version)

    # --- officers -------------------------------------------------------------------

    def add_officer(
        self,
        username: str,
        *,
        role: str,
        full_name: str,
        nip: str | None = None,
        rank: str | None = None,
        by: Actor,
    ) -> tuple[str, int]:
        """A new officer with a one-time first-login code; returns the code (shown once).

        An admin-role officer is added by an administrator only (:class:`AdminOfficerRefused`).
        """
        username = check_username(username)
        if parse_role(role) is OfficerRole.ADMIN and by.role is not Role.ADMIN:
            self._refuse(by, username, "added (admin)")
        values = {
            "username": username,
            "role": parse_role(role).value,
            "full_name": check_full_name(full_name),
            "nip": check_nip(nip) if nip else None,
            "rank": check_rank(rank) if rank else None,
            "state": "active",
        }
        code = new_first_login_code()
        now = dt.datetime.now(dt.UTC)
        stamp = now.replace(microsecond=0).isoformat()
        login_document = first_login(code, now)
        laptop_check(Part.OFFICER, {**values, "first_login": login_document})
        login = canonical_json(login_document).decode()
        with self.store.writing() as conn:
            exists = conn.execute(
                sa.select(office_officers.c.username).where(office_officers.c.username == username)
            ).first()
            if exists is not None:
                raise InvalidInput(code="datacenter_officer_exists", params={"username": username})
            conn.execute(
                office_officers.insert().values(
                    **values, first_login=login, created_at=stamp, changed_at=stamp
                )
            )
            version = self._bump(conn, f"officer {username} added ({values['role']})")
        return code, version

    def new_code(self, username: str, *, by: Actor) -> tuple[str, int]:
        """A new first-login code for an officer who has not logged in yet, or for another laptop.

        A code is used up by one first login (issue 56.4): an officer who needs another
        laptop gets a new code for it; the laptops where they logged in keep their account.
        For an admin-role officer, an administrator's act only (:class:`AdminOfficerRefused`).
        """

        def check(row: Any) -> None:
            if row["state"] != "active":
                raise InvalidInput(
                    code="datacenter_officer_disabled", params={"username": username}
                )
            if row["first_login"] is None and row["first_login_used_on"] is None:
                raise InvalidInput(
                    code="datacenter_officer_logged_in", params={"username": username}
                )

        return self._issue_code(username, check, "new first-login code", by=by)

    def enable_officer(self, username: str, *, by: Actor) -> tuple[str, int]:
        """A disabled officer active again, with a new first-login code (shown once).

        Each laptop dropped the officer's key slot when it applied the disable, so the
        officer comes back as a newcomer there: waiting for a first login with this code.
        For an admin-role officer, an administrator's act only (:class:`AdminOfficerRefused`).
        """

        def check(row: Any) -> None:
            if row["state"] != "disabled":
                raise InvalidInput(code="datacenter_officer_active", params={"username": username})

        return self._issue_code(username, check, "enabled again", by=by)

    def _issue_code(
        self, username: str, check: Callable[[Any], None], what: str, *, by: Actor
    ) -> tuple[str, int]:
        """Give ``username`` (active from now on) a new first-login code, once ``check`` passes.

        The role is checked before the code is hashed (a refused act costs no Argon2 work)
        and again where the code is written, in the change's own transaction.
        """
        with self.store.reading() as conn:
            refused = self._admin_only(self._officer(conn, username), by)
        version: int | None = None
        if not refused:
            code = new_first_login_code()
            now = dt.datetime.now(dt.UTC)
            login = canonical_json(first_login(code, now)).decode()
            with self.store.writing() as conn:
                row = self._officer(conn, username)
                if not self._admin_only(row, by):
                    check(row)
                    version = self._write_code(conn, row["username"], login, now, what)
        if version is None:  # an admin-role officer, and not an administrator acting
            self._refuse(by, username, f"{what} (admin)")
        return code, version

    @staticmethod
    def _admin_only(row: Any, by: Actor) -> bool:
        """Whether ``row`` is an admin-role officer and ``by`` not an administrator."""
        return bool(row["role"] == OfficerRole.ADMIN.value and by.role is not Role.ADMIN)

    def _write_code(
        self, conn: Connection, username: str, login: str, now: dt.datetime, what: str
    ) -> int:
        conn.execute(
            office_officers.update()
            .where(office_officers.c.username == username)
            .values(
                state="active",
                first_login=login,
                first_login_used_on=None,
                first_login_used_at=None,
                changed_at=now.replace(microsecond=0).isoformat(),
            )
        )
        return self._bump(conn, f"officer {username}: {what}")

    def _refuse(self, by: Actor, username: str, what: str) -> NoReturn:
        """Record a refused admin-role act (its own transaction), then refuse it.

        The change's own transaction, if any, is already rolled back: the attempt is
        kept, the change is not.  The log names the account, never a code.
        """
        refused = AdminOfficerRefused(params={"username": username.strip().lower()[:32]})
        log.warning(
            "office: refused officer %s: %s, by %s (administrators only)", username, what, by.name
        )
        if self.on_refused is not None:
            with self.store.writing() as conn:
                self.on_refused(conn, what, refused)
        raise refused

    def disable_officer(self, username: str) -> int:
        with self.store.writing() as conn:
            row = self._officer(conn, username)
            if row["state"] == "disabled":
                raise InvalidInput(
                    code="datacenter_officer_disabled", params={"username": username}
                )
            conn.execute(
                office_officers.update()
                .where(office_officers.c.username == row["username"])
                .values(state="disabled", first_login=None, changed_at=utc_now())
            )
            return self._bump(conn, f"officer {row['username']} disabled")

    def first_logins_reported(
        self, device_id: str, reported: Sequence[Mapping[str, Any]]
    ) -> list[str]:
        """A laptop's health report named first logins made there (issue 56.4).

        A first-login code is good for one first login on one laptop: each code reported
        used is dropped from every laptop's package (``first_login`` NULL), with where and
        when it was used, and any laptop still holding it refuses it from its next sync.
        The settings' version stays: nothing changed at the office, and the laptop that
        reported would otherwise be one version behind until its next sync; every laptop
        applies a newer copy of the same version all the same (sync-protocol §14).
        Only the code the office issued last counts (its salt): a report of a code the
        office has replaced since changes nothing.  The update is conditional on the code
        still being there, so two laptops reporting the same officer at once mark it once
        (the first).  Returns the officers marked now.
        """
        marked: list[str] = []
        if not reported:  # nearly every report: no write transaction for nothing
            return marked
        with self.store.writing() as conn:
            for entry in reported:
                row = (
                    conn.execute(
                        sa.select(office_officers.c.username, office_officers.c.first_login).where(
                            office_officers.c.username == str(entry["username"])
                        )
                    )
                    .mappings()
                    .first()
                )
                if row is None or row["first_login"] is None:
                    continue
                if json.loads(row["first_login"]).get("salt") != entry["code"]:
                    continue
                done = conn.execute(
                    office_officers.update()
                    .where(
                        office_officers.c.username == row["username"],
                        office_officers.c.first_login == row["first_login"],
                    )
                    .values(
                        first_login=None,
                        first_login_used_on=device_id,
                        first_login_used_at=str(entry["at"]),
                        changed_at=utc_now(),
                    )
                )
                if done.rowcount:
                    marked.append(str(row["username"]))
        for username in marked:
            log.info("office: %s's first-login code was used on %s", username, device_id)
        return marked

    def first_logins_used(self) -> dict[str, tuple[str, str]]:
        """Where and when each officer's last code was used: (device id, moment)."""
        with self.store.reading() as conn:
            rows = conn.execute(
                sa.select(
                    office_officers.c.username,
                    office_officers.c.first_login_used_on,
                    office_officers.c.first_login_used_at,
                ).where(office_officers.c.first_login_used_on.is_not(None))
            )
            return {str(r[0]): (str(r[1]), str(r[2] or "")) for r in rows}

    @staticmethod
    def _officer(conn: Connection, username: str) -> Any:
        row = (
            conn.execute(
                sa.select(office_officers).where(
                    office_officers.c.username == username.strip().lower()
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise InvalidInput(code="datacenter_officer_unknown", params={"username": username})
        return row

    def officers(self) -> list[dict[str, Any]]:
        """Every officer as the package carries them (``first_login`` the hash, if any)."""
        with self.store.reading() as conn:
            rows = conn.execute(
                sa.select(office_officers).order_by(office_officers.c.username)
            ).mappings()
            return [
                {
                    "username": r["username"],
                    "full_name": r["full_name"],
                    "role": r["role"],
                    "nip": r["nip"],
                    "rank": r["rank"],
                    "state": r["state"],
                    "first_login": json.loads(r["first_login"]) if r["first_login"] else None,
                }
                for r in rows
            ]

    # --- regions --------------------------------------------------------------------

    def import_regions(self, path: Path) -> tuple[int, int]:
        """Replace the region table with a CSV of ``code,name`` rows; all or nothing."""
        try:
            data = path.read_bytes()
            text = data.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raise InvalidInput(
                code="datacenter_regions_unreadable", params={"file": path.name}
            ) from None
        rows: dict[str, str] = {}
        for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
            if not cells or not "".join(cells).strip():
                continue
            if number == 1 and cells[0].strip().lower() == "code":
                continue
            if len(cells) != 2 or len(rows) >= _MAX_REGION_ROWS:  # noqa: PLR2004 - code,name
                raise InvalidInput(code="datacenter_regions_row_invalid", params={"row": number})
            code = check_region_code(cells[0])
            name = " ".join(cells[1].split())
            if not name:
                raise InvalidInput(code="datacenter_regions_row_invalid", params={"row": number})
            laptop_check(Part.REGION, {"code": code, "name": name}, index=len(rows))
            rows[code] = name
        if not rows:
            raise InvalidInput(code="datacenter_regions_row_invalid", params={"row": 0})
        with self.store.writing() as conn:
            conn.execute(office_regions.delete())
            conn.execute(office_regions.insert(), [{"code": c, "name": n} for c, n in rows.items()])
            version = self._bump(conn, f"region table replaced ({len(rows)} regions)")
        return len(rows), version

    def regions(self) -> list[dict[str, str]]:
        with self.store.reading() as conn:
            rows = conn.execute(sa.select(office_regions).order_by(office_regions.c.code))
            return [{"code": r.code, "name": r.name} for r in rows]

    # --- days off and the promise -----------------------------------------------------

    def _serialise(self, conn: Connection) -> None:
        """Hold the settings row until the commit: two such changes run one after the other.

        The row is made first if missing (``INSERT ... ON CONFLICT DO NOTHING`` waits for
        a concurrent insert of it to commit), then locked (PostgreSQL ``FOR UPDATE``;
        SQLite's one writer already serialises from that first write on).
        """
        conn.execute(
            self.store.upsert(office_settings)
            .values(id=1, version=0, changed_at=utc_now())
            .on_conflict_do_nothing(index_elements=[office_settings.c.id])
        )
        conn.execute(
            sa.select(office_settings.c.id).where(office_settings.c.id == 1).with_for_update()
        )

    def import_holidays(self, path: Path, *, replace: bool = False) -> HolidayImport:
        """Merge the file's days into each year it names, or replace those years' lists.

        Without ``replace`` a day the file names is added (or takes the file's name and
        kind) and every other day of the year stays: a one-line file had erased the
        year's national holidays and moved every promise date (issue 59 §4).  The
        result reports each year's days added, changed and removed
        (:mod:`sync.server.office.holiday_import`).  The file is checked whole first
        (:func:`fieldkit.promise.load_holidays`), then the result, as the laptops would
        read it; all or nothing.  A year the file does not name keeps what it had (the
        office's earlier import, or the shipped list).  Two imports at once run one
        after the other (:meth:`_serialise`): the second works on what the first
        committed, never on half of it.
        """
        given = load_holidays(path)
        now = utc_now()
        years = [y.year for y in given.years]
        with self.store.writing() as conn:
            self._serialise(conn)
            imported = self._imported_in(conn)
            counted = promise.default_calendar().over(imported)
            calendar, changes = apply_file(
                counted, given, replace=replace, file_name=path.name[:200]
            )
            # Each file is valid alone; what the laptops read is the combined calendar.
            self._check_package_windows(counted.over(calendar))
            conn.execute(office_holidays.delete().where(office_holidays.c.year.in_(years)))
            conn.execute(
                office_holiday_years.delete().where(office_holiday_years.c.year.in_(years))
            )
            conn.execute(
                office_holiday_years.insert(),
                [
                    {
                        "year": y.year,
                        "source": y.source,
                        "complete": y.complete,
                        "imported_at": now,
                    }
                    for y in calendar.years
                ],
            )
            conn.execute(
                office_holidays.insert(),
                [
                    {
                        "day": h.day.isoformat(),
                        "year": h.day.year,
                        "name": h.name,
                        "kind": h.kind.value,
                    }
                    for h in calendar.holidays
                ],
            )
            version = self._bump(
                conn,
                "holiday list imported: "
                + ", ".join(
                    f"{c.year} {'replaced' if c.replaced else 'merged'} "
                    f"(+{len(c.added)} ~{len(c.changed)} -{len(c.removed)}: {c.days} days)"
                    for c in changes
                ),
            )
        return HolidayImport(calendar, version, changes)

    def _check_package_windows(self, combined: HolidayCalendar) -> None:
        """Refuse a calendar whose part of some package the laptop's reader would refuse.

        A package carries the days off of last year to two years on
        (:func:`package_window`), so each window from this year to the last year named
        is checked, in the laptop's words (``package_malformed`` naming ``holidays``):
        four full years, each valid alone, had outgrown the laptop's holiday reader and
        stopped every package (issue 57 §5).
        """
        named = [y.year for y in combined.years] + [h.day.year for h in combined.holidays]
        this_year = dt.datetime.now(dt.UTC).year
        for year in range(this_year, max([this_year, *named]) + 2):
            part = package_window(combined, year)
            if part is not None:
                laptop_check(Part.HOLIDAYS, part)

    @staticmethod
    def _imported_in(conn: Connection) -> HolidayCalendar:
        years = conn.execute(
            sa.select(office_holiday_years).order_by(office_holiday_years.c.year)
        ).all()
        days = conn.execute(sa.select(office_holidays).order_by(office_holidays.c.day)).all()
        return HolidayCalendar(
            holidays=tuple(
                Holiday(dt.date.fromisoformat(d.day), d.name, HolidayKind(d.kind)) for d in days
            ),
            years=tuple(YearSource(y.year, y.source, bool(y.complete)) for y in years),
        )

    def imported_holidays(self) -> tuple[HolidayCalendar, dict[int, str]]:
        """The years the office imported, as a calendar, and when each was imported."""
        with self.store.reading() as conn:
            calendar = self._imported_in(conn)
            years = conn.execute(sa.select(office_holiday_years)).all()
        return calendar, {y.year: y.imported_at for y in years}

    def holidays(self) -> HolidayCalendar:
        """The days off the office counts with: its imports over the shipped list."""
        imported, _when = self.imported_holidays()
        return promise.default_calendar().over(imported)

    def package_holidays(self, today: dt.date | None = None) -> dict[str, Any] | None:
        """The days off a laptop's receipt counts with: last year to two years on.

        The whole calendar the office counts with (its imports over the list this data
        center ships), so a laptop of an older release names the console's date too.  A
        laptop from before issue 49 ignores the part; None when no year is in reach.
        """
        year = (today or dt.datetime.now(dt.UTC).date()).year
        return package_window(self.holidays(), year)

    def promise_days(self) -> int:
        """The working days the office promises (``rules set --promise-days``), else SOP 004's."""
        rules = self.settings()["rules"] or {}
        days = rules.get("promise_days")
        return int(days) if isinstance(days, int) else promise.DEFAULT_PROMISE_DAYS

    # --- the plan -------------------------------------------------------------------

    def add_request(
        self,
        *,
        number: str,
        letter_date: str,
        requester_type: str,
        requester_name: str,
        region_code: str,
        subject: str | None = None,
    ) -> tuple[str, int]:
        number = " ".join(number.split())
        name = " ".join(requester_name.split())
        if not number:
            raise InvalidInput(code="datacenter_plan_field_invalid", params={"field": "number"})
        if not name:
            raise InvalidInput(
                code="datacenter_plan_field_invalid", params={"field": "requester_name"}
            )
        if subject is not None and len(subject) > _MAX_LETTERHEAD_TEXT:
            raise InvalidInput(code="datacenter_plan_field_invalid", params={"field": "subject"})
        request_id = str(uuid.uuid4())
        document = {
            "id": request_id,
            "number": number,
            "letter_date": _check_date(letter_date, "date"),
            "requester_type": parse_requester_type(requester_type).value,
            "requester_name": name,
            "region_code": check_region_code(region_code),
            "subject": " ".join(subject.split()) or None if subject else None,
        }
        laptop_check(Part.REQUEST, document)
        with self.store.writing() as conn:
            conn.execute(
                plan_requests.insert().values(
                    id=request_id,
                    document=canonical_json(document).decode(),
                    created_at=utc_now(),
                )
            )
            version = self._bump(conn, f"plan request {request_id} added")
        return request_id, version

    def add_visit(
        self,
        *,
        request_id: str,
        visit_date: str,
        start_time: str,
        place_type: str,
        desa_name: str,
        kecamatan_code: str,
        terrain: str,
        team: list[str],
        place_name: str | None = None,
        desa_code: str | None = None,
        laptop: str | None = None,
        duty_letter_number: str | None = None,
    ) -> tuple[str, int]:
        desa = " ".join(desa_name.split())
        if not desa:
            raise InvalidInput(code="datacenter_plan_field_invalid", params={"field": "desa_name"})
        kecamatan = check_region_code(kecamatan_code)
        if len(kecamatan) != 6:  # noqa: PLR2004 - a kecamatan code's digits
            raise InvalidInput(
                code="datacenter_plan_field_invalid", params={"field": "kecamatan_code"}
            )
        desa_digits = check_region_code(desa_code) if desa_code else None
        if desa_digits is not None and (len(desa_digits) != 10 or desa_digits[:6] != kecamatan):  # noqa: PLR2004
            raise InvalidInput(code="datacenter_plan_field_invalid", params={"field": "desa_code"})
        members = [_team_member(m) for m in team]
        if not members:
            raise InvalidInput(code="datacenter_plan_field_invalid", params={"field": "team"})
        visit_id = str(uuid.uuid4())
        document = {
            "id": visit_id,
            "request_id": request_id,
            "visit_date": _check_date(visit_date, "date"),
            "start_time": check_time(start_time),
            "place_type": _enum(PlaceType, place_type, "place_type"),
            "place_name": " ".join(place_name.split()) or None if place_name else None,
            "desa_name": desa,
            "desa_code": desa_digits,
            "kecamatan_code": kecamatan,
            "terrain": _enum(Terrain, terrain, "terrain"),
            "team": [{"username": u, "team_role": r} for u, r in members],
            "duty_letter_number": duty_letter_number or None,
        }
        laptop_check(Part.VISIT, document)
        device_id = device_for(self.store, laptop) if laptop else None
        with self.store.writing() as conn:
            if (
                conn.execute(
                    sa.select(plan_requests.c.id).where(plan_requests.c.id == request_id)
                ).first()
                is None
            ):
                raise InvalidInput(
                    code="datacenter_request_unknown", params={"request": request_id}
                )
            known = {
                r.username: r.state
                for r in conn.execute(
                    sa.select(office_officers.c.username, office_officers.c.state)
                )
            }
            for username, _role in members:
                if known.get(username) != "active":
                    raise InvalidInput(
                        code="datacenter_officer_unknown", params={"username": username}
                    )
            conn.execute(
                plan_visits.insert().values(
                    id=visit_id,
                    request_id=request_id,
                    device_id=device_id,
                    document=canonical_json(document).decode(),
                    created_at=utc_now(),
                )
            )
            version = self._bump(conn, f"plan visit {visit_id} added")
        return visit_id, version

    def import_targets(self, visit_id: str, path: Path, keys: DataCenterKeys) -> TargetsRead:
        """A visit's target list, read by the laptop's reader, sealed; all or nothing.

        A file with any bad row stores nothing and the result names the rows and their
        error codes.  A list imported again replaces the visit's earlier one.
        """
        with self.store.reading() as conn:
            if (
                conn.execute(
                    sa.select(plan_visits.c.id).where(plan_visits.c.id == visit_id)
                ).first()
                is None
            ):
                raise InvalidInput(code="datacenter_visit_unknown", params={"visit": visit_id})
        read = read_targets(path, visit_id)
        if read.refused is not None or read.errors:
            return read
        for index, row in enumerate(read.rows):
            laptop_check(Part.TARGET, row, index=index)
        kid = keys.active_kid
        public = keys.encryption_keys[kid].public_key().public_bytes_raw()
        sealed = seal_to(public, canonical_json(read.rows), info=_targets_info(visit_id, kid))
        values = {
            "count": len(read.rows),
            "kid": kid,
            "sealed": base64.b64encode(sealed).decode("ascii"),
            "imported_at": utc_now(),
        }
        with self.store.writing() as conn:
            conn.execute(
                self.store.upsert(plan_targets)
                .values(visit_id=visit_id, **values)
                .on_conflict_do_update(index_elements=[plan_targets.c.visit_id], set_=values)
            )
            self._bump(conn, f"plan visit {visit_id}: {len(read.rows)} targets imported")
        return read

    def desa_names(self) -> dict[str, str]:
        """Desa names as the console shows them: the office's region table, else its plan's."""
        names = {region["code"]: region["name"] for region in self.regions()}
        for visit in self.plan()["visits"]:
            code, name = visit.get("desa_code"), visit.get("desa_name")
            if code and name and code not in names:
                names[str(code)] = str(name)
        return names

    def plan(self, device_id: str | None = None) -> dict[str, Any]:
        """Requests, visits (all, or those for ``device_id`` and every laptop), target counts."""
        with self.store.reading() as conn:
            requests = [
                json.loads(r.document)
                for r in conn.execute(sa.select(plan_requests).order_by(plan_requests.c.created_at))
            ]
            visits = []
            for r in conn.execute(sa.select(plan_visits).order_by(plan_visits.c.created_at)):
                if device_id is not None and r.device_id not in {None, device_id}:
                    continue
                visits.append({**json.loads(r.document), "laptop": r.device_id})
            counts = {
                r["visit_id"]: int(r["count"])
                for r in conn.execute(sa.select(plan_targets)).mappings()
            }
        for visit in visits:
            visit["targets"] = counts.get(visit["id"], 0)
        return {"requests": requests, "visits": visits}

    def _targets(self, visit_ids: list[str], keys: DataCenterKeys) -> list[dict[str, Any]]:
        """The visits' target rows, opened from their seal in memory."""
        if not visit_ids:
            return []
        with self.store.reading() as conn:
            kept = list(
                conn.execute(sa.select(plan_targets).where(plan_targets.c.visit_id.in_(visit_ids)))
            )
        targets: list[dict[str, Any]] = []
        for row in kept:
            private = keys.encryption_keys.get(row.kid)
            if private is None:
                raise InvalidInput(code="datacenter_kid_not_held", params={"kid": row.kid})
            opened = open_from(
                private, base64.b64decode(row.sealed), info=_targets_info(row.visit_id, row.kid)
            )
            targets.extend(json.loads(opened))
        return targets

    # --- recorded NIKs and health ---------------------------------------------------

    def record_nik(self, mac: str, recorded_on: str) -> None:
        """Keep a recorded NIK's MAC with the earliest date it was accepted."""
        with self.store.writing() as conn:
            conn.execute(
                self.store.upsert(recorded_niks)
                .values(mac=mac, recorded_on=recorded_on)
                .on_conflict_do_update(
                    index_elements=[recorded_niks.c.mac],
                    set_={"recorded_on": recorded_on},
                    where=recorded_niks.c.recorded_on > recorded_on,
                )
            )

    def recorded_packed(self) -> tuple[bytes, int]:
        """The compact already-recorded list (``fieldkit.recorded_list``) and its length."""
        with self.store.reading() as conn:
            rows = conn.execute(sa.select(recorded_niks.c.mac, recorded_niks.c.recorded_on))
            blob = recorded_list.pack(
                (recorded_list.digest_of_mac(mac), dt.date.fromisoformat(day)) for mac, day in rows
            )
        return blob, len(blob) // recorded_list.RECORD_BYTES

    def recorded(self) -> list[dict[str, str]]:
        with self.store.reading() as conn:
            rows = conn.execute(sa.select(recorded_niks).order_by(recorded_niks.c.mac))
            return [{"mac": r.mac, "recorded_on": r.recorded_on} for r in rows]

    def store_health(
        self, device_id: str, report: dict[str, Any], *, via: str, every_s: float = 0
    ) -> HealthKept:
        """Keep a laptop's health report if it is newer than the one kept (and not too soon).

        Newer by the time the laptop signed in it (``reported_at``), not by when it
        arrived: Monday's stick imported after Tuesday's would otherwise put Monday's
        unsent records and a fresh "last seen" back (issue 46).  The very report kept
        already (a re-imported stick, a retried request) is answered as kept, and nothing
        is written.  A kept time more than a day ahead of this clock cannot be true (a laptop
        whose clock was wrong, since put right) and holds nothing back.

        ``every_s``: at most one report of a laptop kept per that many seconds (the
        network's limit; a stick's reports are the operator's to import).  Read and
        written under the device's lock, so two at once decide one after the other.
        """
        now = dt.datetime.now(dt.UTC)
        values = {
            "package_key": report["package_key"],
            "report": canonical_json(report).decode(),
            "via": via,
            "received_at": now.replace(microsecond=0).isoformat(),
        }
        with self.store.writing_alone(device_id) as conn:
            kept = conn.execute(
                sa.select(laptop_health.c.report, laptop_health.c.received_at).where(
                    laptop_health.c.device_id == device_id
                )
            ).first()
            if kept is not None:
                refusal = health_refusal(
                    (kept.report, kept.received_at), values["report"], now, every_s
                )
                if refusal is not None:
                    log.info("health report of %s (%s) not kept: %s", device_id, via, refusal.why)
                    return refusal
            conn.execute(
                self.store.upsert(laptop_health)
                .values(device_id=device_id, **values)
                .on_conflict_do_update(index_elements=[laptop_health.c.device_id], set_=values)
            )
        log.info("stored the health report of %s (%s)", device_id, via)
        return HealthKept("stored")

    def health(self) -> dict[str, dict[str, Any]]:
        """Each laptop's last report, with ``received_at`` and ``via``."""
        with self.store.reading() as conn:
            return {
                r.device_id: {
                    **json.loads(r.report),
                    "received_at": r.received_at,
                    "via": r.via,
                }
                for r in conn.execute(sa.select(laptop_health))
            }

    # --- the package ----------------------------------------------------------------

    def document(
        self, device_id: str, keys: DataCenterKeys, *, issued_at: str | None = None
    ) -> dict[str, Any] | None:
        """The package document for a laptop, or None when the office has set no code."""
        settings = self.settings()
        if settings["office_code"] is None:
            return None
        plan = self.plan(device_id)
        visits = [
            {k: v for k, v in visit.items() if k not in {"laptop", "targets"}}
            for visit in plan["visits"]
        ]
        key = recorded_key(keys)
        listed, count = self.recorded_packed()
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "office_code": settings["office_code"],
            "device_id": device_id,
            "version": settings["version"],
            "issued_at": issued_at or utc_now(),
            "officers": self.officers(),
            "rules": settings["rules"],
            "regions": self.regions(),
            "plan": {
                "requests": plan["requests"],
                "visits": visits,
                "targets": self._targets([v["id"] for v in visits], keys),
            },
            "recorded": {
                "key": base64.b64encode(key).decode("ascii"),
                "scheme": recorded_list.SCHEME,
                "count": count,
                "entries": base64.b64encode(listed).decode("ascii"),
            },
            # The installer offered now (``sync.server.office.releases``), beside the keys' folder.
            "release": {
                "min_version": settings["min_version"],
                "offered_version": _offered_version(keys),
            },
            "holidays": self.package_holidays(),
            # The cards this laptop's team takes to a desa (issue 49 §2, optional to read).
            "deliveries": package_deliveries(self.store, device_id, desa_names=self.desa_names),
            # Every card printed for its records and not yet handed over (issue 56.1).
            "printed_cards": package_printed_cards(self.store, device_id),
        }

    def package_key(self, device_id: str) -> bytes | None:
        with self.store.reading() as conn:
            text = conn.execute(
                sa.select(laptop_health.c.package_key).where(laptop_health.c.device_id == device_id)
            ).scalar()
        return base64.b64decode(text) if text else None

    def sealed_package(self, device_id: str, keys: DataCenterKeys) -> dict[str, Any] | None:
        """The sealed package for a laptop (§14.2), or None: no office code, or no package key."""
        public = self.package_key(device_id)
        if public is None:
            return None
        document = self.document(device_id, keys)
        if document is None:
            return None
        check_package(document)
        signed = sign_package(document, keys.receipt_key)
        sealed = seal_package(document, signed, public)
        check_budget(document, sealed)
        return sealed


def package_window(calendar: HolidayCalendar, year: int) -> dict[str, Any] | None:
    """The holidays part a package built in ``year`` carries: last year to two years on."""
    wanted = range(year - 1, year + PACKAGE_HOLIDAY_YEARS)
    kept = HolidayCalendar(
        holidays=tuple(h for h in calendar.holidays if h.day.year in wanted),
        years=tuple(y for y in calendar.years if y.year in wanted),
    )
    return kept.as_json() if kept.holidays else None


def check_package(document: dict[str, Any]) -> None:
    """The whole document read by the laptop's reader: what it would refuse is never sent.

    Each change was checked when it was stored (:func:`laptop_check`); this also
    catches what was stored before those checks, or what came from elsewhere (the
    offered release).  The refusal is the laptop's, naming the field.
    """
    try:
        OfficePackage.from_document(document)
    except OfficePackageInvalid as refused:
        field = refused.params.get("field")
        device = document.get("device_id")
        log.error("office package for %s refused by the laptop's checks: %s", device, field)  # noqa: TRY400 - a refusal, not a crash
        raise InvalidInput(code="package_malformed", params=refused.params) from None


def check_budget(document: dict[str, Any], sealed: dict[str, Any]) -> None:
    """Refuse a sealed package over :data:`PACKAGE_BUDGET_BYTES`, saying what fills it."""
    size = len(canonical_json(sealed))
    if size <= PACKAGE_BUDGET_BYTES:
        return
    mib = 1024 * 1024
    log.error(
        "office package for %s: %d bytes, over the %d-byte budget",
        document["device_id"],
        size,
        PACKAGE_BUDGET_BYTES,
    )
    raise InvalidInput(
        code="datacenter_package_too_large",
        params={
            "device": document["device_id"],
            "size": f"{size / mib:.1f}",
            "budget": f"{PACKAGE_BUDGET_BYTES // mib}",
            "cap": f"{MAX_PACKAGE_BYTES // mib}",
            "recorded": document["recorded"]["count"],
            "targets": len(document["plan"]["targets"]),
        },
    )


def _offered_version(keys: DataCenterKeys) -> str | None:
    """The version ``release offer`` put up for the laptops, if any (DATA/releases)."""
    offer = current_offer(keys.directory.parent)
    return offer.version if offer is not None else None


def _check_date(text: str, field: str) -> str:
    """An ISO day inside the range FieldKit takes (issue 57.2: 9999-12-31 was planned)."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(code="datacenter_plan_field_invalid", params={"field": field}) from None
    return promise.check_in_range(day).isoformat()


def _enum(kind: Any, text: str, field: str) -> str:
    try:
        return str(kind(text.strip().lower()).value)
    except ValueError:
        raise InvalidInput(
            code="datacenter_plan_choice_invalid",
            params={"field": field, "choices": ", ".join(str(k.value) for k in kind)},
        ) from None


def _team_member(text: str) -> tuple[str, str]:
    username, _, role = text.partition(":")
    return check_username(username.strip().lower()), _enum(TeamRole, role, "team")


def device_for(store: SqlStore, laptop: str) -> str:
    """The one laptop ``laptop`` names: a device id, a hostname, or the office's name for it.

    The hostname is enrollment's or the laptop's last health report's; the office's name
    is ``laptops name``'s.  Refused unless exactly one enrolled laptop answers.
    """
    matches: list[str] = []
    health_names = {
        device: str(report.get("hostname")) for device, report in Office(store).health().items()
    }
    named = labels(store)
    for device in store.devices():
        if device.revoked_at is not None:
            continue
        label = named.get(device.device_id)
        names = {device.device_id, device.info.get("hostname"), health_names.get(device.device_id)}
        if label is not None:
            names.add(label.name)
        if laptop in names:
            matches.append(device.device_id)
    if len(matches) != 1:
        raise InvalidInput(code="datacenter_laptop_unknown", params={"laptop": laptop})
    return matches[0]


def audited_office(store: SqlStore, *, actor: str, action: str, subject: str) -> Office:
    """An :class:`Office` whose every change also writes its ``console_audit`` line.

    The console's changes (``console.officers``) and the CLI's audited ones
    (``holidays import``, with :meth:`Actor.shell`'s name) are made through it.

    Office calls ``on_change`` inside each change's own transaction; the audit line joins
    it there, so no change is stored without its line and no line names a change that
    was rolled back.  A change refused to this account's role is written too, as
    ``<action>_refused`` (its own transaction: the change itself is not stored).
    """

    def audit(conn: Connection, what: str, version: int) -> None:
        write_audit(
            conn,
            time.time(),
            actor=actor,
            action=action,
            account=subject[:32],
            detail=f"{what}; office package version {version}",
        )

    def refused(conn: Connection, what: str, error: InvalidInput) -> None:
        write_audit(
            conn,
            time.time(),
            actor=actor,
            action=f"{action}_refused",
            account=subject[:32],
            detail=f"refused: {what} ({error.code})",
        )

    return Office(store, on_change=audit, on_refused=refused)
