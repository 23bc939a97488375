"""The office package document (docs/sync-protocol.md §14.2), read into typed values.

Every field is checked here, before anything is applied: a bad one refuses the whole
package with :class:`OfficePackageInvalid` naming the field (``officers[2].nip``).
The signature and the sealing are checked earlier, in ``sync/office_package.py``;
this module reads the document it hands over.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from fieldkit import nik as niks
from fieldkit import recorded_list
from fieldkit.card_uid import normalise_uid
from fieldkit.enrollment import consent_words
from fieldkit.enrollment.autocapture_rule import STEADY_RANGE_S
from fieldkit.errors import KnownError
from fieldkit.office import sentences  # noqa: F401 - registers this package's sentences
from fieldkit.officers import (
    Role,
    check_full_name,
    check_nip,
    check_rank,
    check_username,
    parse_role,
)
from fieldkit.planning.kinds import (
    ID_LENGTH,
    Category,
    PlaceType,
    RequesterType,
    TeamRole,
    Terrain,
    check_region_code,
    check_time,
    parse_requester_type,
)
from fieldkit.promise import PROMISE_DAYS_RANGE, HolidayCalendar, HolidaysRefused, read_holidays
from fieldkit.quality.result import QualityModality
from fieldkit.reports import letter_numbers
from fieldkit.safejson import canonical_json
from fieldkit.update.versions import MAX_VERSION_CHARS, RELEASE_VERSION

if TYPE_CHECKING:
    from collections.abc import Callable

_T = TypeVar("_T")

FORMAT = "fieldkit-office-package"
#: The format the data center writes: 2 carries the already-recorded list compact
#: (:mod:`fieldkit.recorded_list`); 1 (a full MAC per NIK) is still read.
FORMAT_VERSION = 2
READABLE_FORMAT_VERSIONS = (1, 2)
_NIK_DIGITS = 16
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_REGION_DIGITS = (2, 4, 6, 10)
_MAX_ATTEMPTS = 20
_MAX_IDLE = 120
_KDF_MEMORY = (8 * 1024, 1024 * 1024)
_KDF_ITERATIONS = (1, 10)
_KDF_LANES = (1, 16)
#: A card delivery (issue 49 §2): the data center's id, and the limits it writes within.
_DELIVERY_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_DELIVERIES = 200
MAX_DELIVERY_CARDS = 1000
#: The printed cards not yet handed over one package carries at most (issue 56.1).
MAX_PRINTED_CARDS = 5000
_DELIVERY_NUMBER_CHARS = 32
_DELIVERY_TEAM_CHARS = 64
_RECORD_ID_CHARS = 128


class OfficePackageInvalid(KnownError):
    """A field of the office package fails its check; ``params["field"]`` names it."""

    code = "package_malformed"


@dataclass(frozen=True)
class FirstLogin:
    salt: bytes
    hash: bytes
    memory_kib: int
    iterations: int
    lanes: int
    expires_at: dt.datetime | None


@dataclass(frozen=True)
class PackageOfficer:
    username: str
    full_name: str
    role: Role
    nip: str | None
    rank: str | None
    disabled: bool
    first_login: FirstLogin | None


@dataclass(frozen=True)
class PackageRules:
    thresholds: dict[QualityModality, float] = field(default_factory=dict)
    max_attempts: int | None = None
    freeze_days: int | None = None
    freeze_max_waiting: int | None = None
    idle_lock_minutes: int | None = None
    letterhead: dict[str, Any] | None = None
    number_pattern: str | None = None
    #: The ketua tim may countersign a forced capture or an exception on the spot.
    cosign_on_spot: bool | None = None
    #: Hands-free capture on or off, and its steady spell in seconds.
    autocapture: bool | None = None
    autocapture_steady_s: float | None = None
    #: The words read to the person before consent (None: the catalogue's default).
    consent_text: str | None = None
    #: Working days from a complete recording to the card (None: SOP 004's 14).
    promise_days: int | None = None


@dataclass(frozen=True)
class PackageRequest:
    id: str
    number: str
    letter_date: dt.date
    requester_type: RequesterType
    requester_name: str
    region_code: str
    subject: str | None


@dataclass(frozen=True)
class PackageVisit:
    id: str
    request_id: str
    visit_date: dt.date
    start_time: str
    place_type: PlaceType
    place_name: str | None
    desa_name: str
    desa_code: str | None
    kecamatan_code: str
    terrain: Terrain
    team: tuple[tuple[str, TeamRole], ...]
    duty_letter_number: str | None


@dataclass(frozen=True)
class PackageTarget:
    id: str
    visit_id: str
    nik: str
    kk: str | None
    name: str
    birth_place: str | None
    birth_date: dt.date | None
    sex: str | None
    address: str | None
    rt: str | None
    rw: str | None
    desa: str | None
    kecamatan: str | None
    categories: tuple[Category, ...]
    disability_kind: str | None
    note: str | None


@dataclass(frozen=True)
class PackagePlan:
    requests: tuple[PackageRequest, ...] = ()
    visits: tuple[PackageVisit, ...] = ()
    targets: tuple[PackageTarget, ...] = ()


@dataclass(frozen=True)
class PackageRecorded:
    """The already-recorded list: format 1's full MACs, or format 2's packed records."""

    key: bytes
    entries: tuple[tuple[str, dt.date], ...] = ()
    #: Format 2 (:mod:`fieldkit.recorded_list`), checked; None for format 1.
    packed: bytes | None = None

    @property
    def count(self) -> int:
        if self.packed is not None:
            return len(self.packed) // recorded_list.RECORD_BYTES
        return len(self.entries)


@dataclass(frozen=True)
class PackageRelease:
    min_version: str | None
    offered_version: str | None


@dataclass(frozen=True)
class PackageDeliveryCard:
    """One printed card in a delivery: this laptop's record, and its chip's UID if known."""

    record_id: str
    #: The UID the office recorded when it printed the card (``fieldkit.card_uid``); None:
    #: none recorded, so the first read binds whatever card is on the reader, as before.
    card_uid: str | None


@dataclass(frozen=True)
class PackageDelivery:
    """Printed cards of one desa the office sends out with a team on a day (issue 49 §2).

    No names or NIKs: the cards' people are this laptop's own records already.
    """

    id: str
    number: str
    delivery_date: dt.date
    desa_code: str
    desa_name: str
    kecamatan_code: str
    team: str
    cards: tuple[PackageDeliveryCard, ...]


@dataclass(frozen=True)
class OfficePackage:
    office_code: str
    device_id: str
    version: int
    issued_at: dt.datetime
    officers: tuple[PackageOfficer, ...]
    rules: PackageRules | None
    regions: tuple[tuple[str, str], ...]
    plan: PackagePlan | None
    recorded: PackageRecorded | None
    release: PackageRelease | None
    #: The days off the office counts with (issue 49 §1); None: the shipped list alone.
    holidays: HolidayCalendar | None = None
    #: The card deliveries this laptop's team makes (issue 49 §2); None: the package
    #: carries none (a data center from before), so the laptop keeps what it has.
    deliveries: tuple[PackageDelivery, ...] | None = None
    #: Every card the office printed for this laptop's records and no handover was
    #: reported for, with its UID (issue 56.1); None: the package carries none (a data
    #: center from before), so a first read binds as it did.
    printed_cards: tuple[PackageDeliveryCard, ...] | None = None

    @classmethod
    def from_document(cls, doc: object) -> OfficePackage:
        """The checked package, or :class:`OfficePackageInvalid` naming the first bad field."""
        d = _obj(doc, "document")
        if d.get("format") != FORMAT:
            raise _bad("format")
        format_version = d.get("format_version")
        if format_version not in READABLE_FORMAT_VERSIONS:
            raise _bad("format_version")
        return cls(
            office_code=_office_code(d.get("office_code")),
            device_id=_text(d, "device_id", "device_id", 80),
            version=_int(d, "version", "version", 0, 2**31),
            issued_at=_moment(d.get("issued_at"), "issued_at"),
            officers=_officers(_list(d, "officers", "officers")),
            rules=_rules(d.get("rules")),
            regions=_regions(_list(d, "regions", "regions", optional=True)),
            plan=_plan(d.get("plan")),
            recorded=_recorded(d.get("recorded"), compact=format_version != 1),
            release=_release(d.get("release")),
            holidays=_holidays(d.get("holidays")),
            deliveries=_deliveries(d.get("deliveries")),
            printed_cards=_printed_cards(d.get("printed_cards")),
        )


class Part(StrEnum):
    """A kind of item the package carries, named as the package names its place."""

    OFFICE_CODE = "office_code"
    RULES = "rules"
    OFFICER = "officers"
    REGION = "regions"
    REQUEST = "plan.requests"
    VISIT = "plan.visits"
    TARGET = "plan.targets"
    RELEASE = "release"
    DELIVERY = "deliveries"
    HOLIDAYS = "holidays"


def check_part(part: Part, value: object, *, index: int = 0) -> object:  # noqa: C901 - a case a part
    """One item as the package would carry it, checked exactly as the laptop reads it.

    The data center calls this before it stores a change (``sync.server.office.steering``), so
    a value every laptop would refuse (and with it the whole package, officer disables
    included) is refused at the office instead, with the laptop's own words:
    :class:`OfficePackageInvalid` naming the field, ``index`` standing for the item's
    place in its list.  A visit's request and a target's visit are taken as known: the
    data center checks those against its own tables.  Returns the typed value.
    """
    where = f"{part.value}[{index}]"
    result: object
    match part:
        case Part.OFFICE_CODE:
            result = _office_code(value)
        case Part.RULES:
            result = _rules(value)
        case Part.OFFICER:
            result = _officer(value, where)
        case Part.REGION:
            result = _region(value, where)
        case Part.REQUEST:
            result = _request(_obj(value, where), where)
        case Part.VISIT:
            v = _obj(value, where)
            result = _visit(v, where, {str(v.get("request_id"))})
        case Part.TARGET:
            t = _obj(value, where)
            result = _target(t, where, {str(t.get("visit_id"))})
        case Part.RELEASE:
            result = _release(value)
        case Part.DELIVERY:
            result = _delivery(_obj(value, where), where)
        case Part.HOLIDAYS:  # the whole part, combined, as the laptop reads it (issue 57 §5)
            result = _holidays(value)
    return result


# --- the parts --------------------------------------------------------------------


def _office_code(raw: object) -> str:
    office = _text({"office_code": raw}, "office_code", "office_code", 4)
    if not office.isdigit() or len(office) != 4:  # noqa: PLR2004 - a regency code
        raise _bad("office_code")
    return office


def _officers(items: list[Any]) -> tuple[PackageOfficer, ...]:
    seen: set[str] = set()
    out = []
    for i, item in enumerate(items):
        officer = _officer(item, f"officers[{i}]")
        if officer.username in seen:
            raise _bad(f"officers[{i}].username")
        seen.add(officer.username)
        out.append(officer)
    return tuple(out)


def _officer(item: object, where: str) -> PackageOfficer:
    o = _obj(item, where)
    username = _checked(check_username, _text(o, "username", where), f"{where}.username")
    state = o.get("state")
    if state not in {"active", "disabled"}:
        raise _bad(f"{where}.state")
    nip = _opt_text(o, "nip", where, 40)
    rank = _opt_text(o, "rank", where, 200)
    return PackageOfficer(
        username=username,
        full_name=_checked(
            check_full_name, _text(o, "full_name", where, 200), f"{where}.full_name"
        ),
        role=_checked(parse_role, _text(o, "role", where), f"{where}.role"),
        nip=_checked(check_nip, nip, f"{where}.nip") if nip else None,
        rank=_checked(check_rank, rank, f"{where}.rank") if rank else None,
        disabled=state == "disabled",
        first_login=_first_login(o.get("first_login"), f"{where}.first_login"),
    )


def _first_login(raw: object, where: str) -> FirstLogin | None:
    if raw is None:
        return None
    f = _obj(raw, where)
    if f.get("kdf") != "argon2id":
        raise _bad(f"{where}.kdf")
    expires = f.get("expires_at")
    return FirstLogin(
        salt=_b64(f.get("salt"), f"{where}.salt", 16),
        hash=_b64(f.get("hash"), f"{where}.hash", 32),
        memory_kib=_int(f, "memory_kib", where, *_KDF_MEMORY),
        iterations=_int(f, "iterations", where, *_KDF_ITERATIONS),
        lanes=_int(f, "lanes", where, *_KDF_LANES),
        expires_at=None if expires is None else _moment(expires, f"{where}.expires_at"),
    )


def _rules(raw: object) -> PackageRules | None:  # noqa: C901, PLR0912 - one check per rule
    if raw is None:
        return None
    r = _obj(raw, "rules")
    thresholds: dict[QualityModality, float] = {}
    raw_thresholds = r.get("thresholds")
    if raw_thresholds is not None:
        for name, value in _obj(raw_thresholds, "rules.thresholds").items():
            where = f"rules.thresholds.{name}"
            try:
                modality = QualityModality(name)
            except ValueError:
                raise _bad(where) from None
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _bad(where)
            if not 0 <= value <= 100:  # noqa: PLR2004 - every scale here is 0-100
                raise _bad(where)
            thresholds[modality] = float(value)
    letterhead = r.get("letterhead")
    if letterhead is not None:
        letterhead = dict(_obj(letterhead, "rules.letterhead"))
        if not all(isinstance(v, str | None) for v in letterhead.values()):
            raise _bad("rules.letterhead")
    pattern = _opt_text(r, "number_pattern", "rules", 120)
    if pattern is not None:
        _checked(
            lambda p: letter_numbers.render_number(
                p, 1, dt.date(2026, 1, 1), letter_numbers.LetterType.SURAT_TUGAS
            ),
            pattern,
            "rules.number_pattern",
        )
    switches = {name: r.get(name) for name in ("cosign_on_spot", "autocapture")}
    for name, switch in switches.items():
        if switch is not None and not isinstance(switch, bool):
            raise _bad(f"rules.{name}")
    steady = _steady(r.get("autocapture_steady_s"))
    consent_text = r.get(consent_words.PACKAGE_NAME)
    if consent_text is not None and consent_words.fault(consent_text) is not None:
        raise _bad(f"rules.{consent_words.PACKAGE_NAME}")
    return PackageRules(
        thresholds=thresholds,
        max_attempts=_opt_int(r, "max_attempts", "rules", 1, _MAX_ATTEMPTS),
        freeze_days=_opt_int(r, "freeze_days", "rules", 1, 3650),
        freeze_max_waiting=_opt_int(r, "freeze_max_waiting", "rules", 1, 1_000_000),
        idle_lock_minutes=_opt_int(r, "idle_lock_minutes", "rules", 1, _MAX_IDLE),
        letterhead=letterhead,
        number_pattern=pattern,
        cosign_on_spot=switches["cosign_on_spot"],
        autocapture=switches["autocapture"],
        autocapture_steady_s=steady,
        consent_text=consent_text,
        promise_days=_opt_int(
            r, "promise_days", "rules", PROMISE_DAYS_RANGE.start, PROMISE_DAYS_RANGE.stop - 1
        ),
    )


def _holidays(raw: object) -> HolidayCalendar | None:
    """The office's days off: the holiday list's own checks (``fieldkit.promise``), whole."""
    if raw is None:
        return None
    try:
        return read_holidays(canonical_json(raw))
    except HolidaysRefused:
        raise _bad("holidays") from None


def _deliveries(raw: object) -> tuple[PackageDelivery, ...] | None:
    """The card deliveries, each field checked; one id twice refuses the package."""
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) > MAX_DELIVERIES:
        raise _bad("deliveries")
    out = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        delivery = _delivery(_obj(item, f"deliveries[{i}]"), f"deliveries[{i}]")
        if delivery.id in seen:
            raise _bad(f"deliveries[{i}].id")
        seen.add(delivery.id)
        out.append(delivery)
    return tuple(out)


def _printed_cards(raw: object) -> tuple[PackageDeliveryCard, ...] | None:
    """The office's printed cards, each with its UID; a record or a UID twice refuses."""
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) > MAX_PRINTED_CARDS:
        raise _bad("printed_cards")
    return _cards(raw, "printed_cards", uid_required=True)


def _cards(items: list[Any], where: str, *, uid_required: bool) -> tuple[PackageDeliveryCard, ...]:
    """Cards of this laptop's records (``where[i]``): a record or a UID twice refuses."""
    cards: list[PackageDeliveryCard] = []
    records: set[str] = set()
    uids: set[str] = set()
    for i, item in enumerate(items):
        cw = f"{where}[{i}]"
        c = _obj(item, cw)
        record_id = _text(c, "record_id", cw, _RECORD_ID_CHARS)
        text = _text(c, "card_uid", cw, 64) if uid_required else _opt_text(c, "card_uid", cw, 64)
        uid = None if text is None else _checked(normalise_uid, text, f"{cw}.card_uid")
        if record_id in records:
            raise _bad(f"{cw}.record_id")
        if uid is not None and uid in uids:
            raise _bad(f"{cw}.card_uid")
        records.add(record_id)
        if uid is not None:
            uids.add(uid)
        cards.append(PackageDeliveryCard(record_id=record_id, card_uid=uid))
    return tuple(cards)


def _delivery(d: dict[str, Any], where: str) -> PackageDelivery:
    delivery_id = _text(d, "id", where, 32)
    if not _DELIVERY_ID.fullmatch(delivery_id):
        raise _bad(f"{where}.id")
    kecamatan = _digits(_text(d, "kecamatan_code", where, 8), 6, f"{where}.kecamatan_code")
    desa = _digits(_text(d, "desa_code", where, 16), 10, f"{where}.desa_code")
    if not desa.startswith(kecamatan):
        raise _bad(f"{where}.desa_code")  # a desa of another kecamatan
    items = _list(d, "cards", where)
    if len(items) > MAX_DELIVERY_CARDS:
        raise _bad(f"{where}.cards")
    cards = _cards(items, f"{where}.cards", uid_required=False)
    return PackageDelivery(
        id=delivery_id,
        number=_text(d, "number", where, _DELIVERY_NUMBER_CHARS),
        delivery_date=_date(d.get("delivery_date"), f"{where}.delivery_date"),
        desa_code=desa,
        desa_name=_text(d, "desa_name", where, 120),
        kecamatan_code=kecamatan,
        team=_text(d, "team", where, _DELIVERY_TEAM_CHARS),
        cards=cards,
    )


def _digits(text: str, count: int, where: str) -> str:
    """A region code as the package's others are read: dots allowed, ``count`` digits."""
    code = text.replace(".", "")
    if len(code) != count or not code.isascii() or not code.isdigit():
        raise _bad(where)
    return code


def _steady(raw: object) -> float | None:
    """Auto-capture's steady spell: seconds, in the laptop's range (``autocapture``)."""
    if raw is None:
        return None
    low, high = STEADY_RANGE_S
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not low <= raw <= high:
        raise _bad("rules.autocapture_steady_s")
    return float(raw)


def _regions(items: list[Any]) -> tuple[tuple[str, str], ...]:
    return tuple(_region(item, f"regions[{i}]") for i, item in enumerate(items))


def _region(item: object, where: str) -> tuple[str, str]:
    r = _obj(item, where)
    code = _text(r, "code", where, 16).replace(".", "")
    if not code.isdigit() or len(code) not in _REGION_DIGITS:
        raise _bad(f"{where}.code")
    return code, _text(r, "name", where, 120)


def _plan(raw: object) -> PackagePlan | None:
    if raw is None:
        return None
    p = _obj(raw, "plan")
    requests = tuple(
        _request(_obj(item, f"plan.requests[{i}]"), f"plan.requests[{i}]")
        for i, item in enumerate(_list(p, "requests", "plan"))
    )
    request_ids = {r.id for r in requests}
    visits = tuple(
        _visit(_obj(item, f"plan.visits[{i}]"), f"plan.visits[{i}]", request_ids)
        for i, item in enumerate(_list(p, "visits", "plan"))
    )
    visit_ids = {v.id for v in visits}
    targets = tuple(
        _target(_obj(item, f"plan.targets[{i}]"), f"plan.targets[{i}]", visit_ids)
        for i, item in enumerate(_list(p, "targets", "plan"))
    )
    for name, rows in (("requests", requests), ("visits", visits), ("targets", targets)):
        ids = [row.id for row in rows]
        if len(set(ids)) != len(ids):
            raise _bad(f"plan.{name}")
    return PackagePlan(requests, visits, targets)


def _request(r: dict[str, Any], where: str) -> PackageRequest:
    return PackageRequest(
        id=_text(r, "id", where, ID_LENGTH),
        number=_text(r, "number", where, 80),
        letter_date=_date(r.get("letter_date"), f"{where}.letter_date"),
        requester_type=_checked(
            parse_requester_type, _text(r, "requester_type", where), f"{where}.requester_type"
        ),
        requester_name=_text(r, "requester_name", where, 160),
        region_code=_checked(
            check_region_code, _text(r, "region_code", where, 16), f"{where}.region_code"
        ),
        subject=_opt_text(r, "subject", where, 2000),
    )


def _visit(v: dict[str, Any], where: str, request_ids: set[str]) -> PackageVisit:
    request_id = _text(v, "request_id", where, ID_LENGTH)
    if request_id not in request_ids:
        raise _bad(f"{where}.request_id")
    kecamatan = _text(v, "kecamatan_code", where, 8).replace(".", "")
    if len(kecamatan) != 6 or not kecamatan.isdigit():  # noqa: PLR2004 - a kecamatan code
        raise _bad(f"{where}.kecamatan_code")
    desa_code = _opt_text(v, "desa_code", where, 16)
    if desa_code is not None:
        desa_code = desa_code.replace(".", "")
        if len(desa_code) != 10 or not desa_code.isdigit():  # noqa: PLR2004 - a desa code
            raise _bad(f"{where}.desa_code")
    team = []
    for j, member in enumerate(_list(v, "team", where)):
        mw = f"{where}.team[{j}]"
        m = _obj(member, mw)
        team.append(
            (
                _checked(check_username, _text(m, "username", mw), f"{mw}.username"),
                _enum(TeamRole, m.get("team_role"), f"{mw}.team_role"),
            )
        )
    return PackageVisit(
        id=_text(v, "id", where, ID_LENGTH),
        request_id=request_id,
        visit_date=_date(v.get("visit_date"), f"{where}.visit_date"),
        start_time=_checked(check_time, _text(v, "start_time", where, 8), f"{where}.start_time"),
        place_type=_enum(PlaceType, v.get("place_type"), f"{where}.place_type"),
        place_name=_opt_text(v, "place_name", where, 160),
        desa_name=_text(v, "desa_name", where, 120),
        desa_code=desa_code,
        kecamatan_code=kecamatan,
        terrain=_enum(Terrain, v.get("terrain"), f"{where}.terrain"),
        team=tuple(team),
        duty_letter_number=_opt_text(v, "duty_letter_number", where, 120),
    )


def _target(t: dict[str, Any], where: str, visit_ids: set[str]) -> PackageTarget:
    visit_id = _text(t, "visit_id", where, ID_LENGTH)
    if visit_id not in visit_ids:
        raise _bad(f"{where}.visit_id")
    nik = _text(t, "nik", where, 16)
    if len(nik) != _NIK_DIGITS or not niks.check_nik(nik).valid:
        raise _bad(f"{where}.nik")
    kk = _opt_text(t, "kk", where, 16)
    if kk is not None and (len(kk) != _NIK_DIGITS or not kk.isascii() or not kk.isdigit()):
        raise _bad(f"{where}.kk")
    sex = _opt_text(t, "sex", where, 1)
    if sex is not None:
        sex = _enum(niks.Sex, sex, f"{where}.sex").value
    birth = t.get("birth_date")
    categories = tuple(
        _enum(Category, c, f"{where}.categories") for c in _list(t, "categories", where)
    )
    rt, rw = _opt_text(t, "rt", where, 3), _opt_text(t, "rw", where, 3)
    for name, value in (("rt", rt), ("rw", rw)):
        if value is not None and not value.isdigit():
            raise _bad(f"{where}.{name}")
    return PackageTarget(
        id=_text(t, "id", where, ID_LENGTH),
        visit_id=visit_id,
        nik=nik,
        kk=kk,
        name=_text(t, "name", where, 160),
        birth_place=_opt_text(t, "birth_place", where, 80),
        birth_date=None if birth is None else _date(birth, f"{where}.birth_date"),
        sex=sex,
        address=_opt_text(t, "address", where, 500),
        rt=rt,
        rw=rw,
        desa=_opt_text(t, "desa", where, 120),
        kecamatan=_opt_text(t, "kecamatan", where, 120),
        categories=categories,
        disability_kind=_opt_text(t, "disability_kind", where, 80),
        note=_opt_text(t, "note", where, 2000),
    )


def _recorded(raw: object, *, compact: bool) -> PackageRecorded | None:
    if raw is None:
        return None
    r = _obj(raw, "recorded")
    key = _b64(r.get("key"), "recorded.key", 32)
    if compact:
        return _compact_recorded(r, key)
    entries = []
    for i, item in enumerate(_list(r, "entries", "recorded")):
        where = f"recorded.entries[{i}]"
        e = _obj(item, where)
        mac = e.get("mac")
        if not isinstance(mac, str) or not _HEX64.fullmatch(mac):
            raise _bad(f"{where}.mac")
        entries.append((mac, _date(e.get("recorded_on"), f"{where}.recorded_on")))
    return PackageRecorded(key, tuple(entries))


def _compact_recorded(r: dict[str, Any], key: bytes) -> PackageRecorded:
    """Format 2's list: sorted truncated digests and days (:mod:`fieldkit.recorded_list`)."""
    if r.get("scheme") != recorded_list.SCHEME:
        raise _bad("recorded.scheme")
    raw = r.get("entries")
    if not isinstance(raw, str):
        raise _bad("recorded.entries")
    try:
        blob = base64.b64decode(raw, validate=True)
        count = recorded_list.check(blob)
    except (binascii.Error, ValueError):
        raise _bad("recorded.entries") from None
    if _int(r, "count", "recorded", 0, 2**31) != count:
        raise _bad("recorded.count")
    return PackageRecorded(key, packed=blob)


def _release(raw: object) -> PackageRelease | None:
    if raw is None:
        return None
    r = _obj(raw, "release")
    out = []
    for name in ("min_version", "offered_version"):
        # The laptop's own release names (``fieldkit.update.versions``), pre-releases too.
        value = _opt_text(r, name, "release", MAX_VERSION_CHARS)
        if value is not None and not RELEASE_VERSION.fullmatch(value):
            raise _bad(f"release.{name}")
        out.append(value)
    return PackageRelease(out[0], out[1])


# --- small checks -----------------------------------------------------------------


def _bad(where: str) -> OfficePackageInvalid:
    return OfficePackageInvalid(params={"field": where})


def _checked(check: Callable[[str], _T], value: str, where: str) -> _T:
    try:
        return check(value)
    except KnownError:
        raise _bad(where) from None


def _obj(raw: object, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _bad(where)
    return raw


def _list(d: dict[str, Any], key: str, where: str, *, optional: bool = False) -> list[Any]:
    value = d.get(key)
    if value is None and optional:
        return []
    if not isinstance(value, list):
        raise _bad(f"{where}.{key}" if where != key else key)
    return value


def _text(d: dict[str, Any], key: str, where: str, limit: int = 64) -> str:
    value = d.get(key)
    name = key if where == key else f"{where}.{key}"
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _bad(name)
    return value.strip()


def _opt_text(d: dict[str, Any], key: str, where: str, limit: int = 64) -> str | None:
    if d.get(key) is None:
        return None
    return _text(d, key, where, limit)


def _int(d: dict[str, Any], key: str, where: str, low: int, high: int) -> int:
    value = d.get(key)
    name = key if where == key else f"{where}.{key}"
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(name)
    return value


def _opt_int(d: dict[str, Any], key: str, where: str, low: int, high: int) -> int | None:
    return None if d.get(key) is None else _int(d, key, where, low, high)


def _moment(raw: object, where: str) -> dt.datetime:
    if not isinstance(raw, str):
        raise _bad(where)
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise _bad(where) from None
    if moment.tzinfo is None:
        raise _bad(where)
    return moment.astimezone(dt.UTC)


def _date(raw: object, where: str) -> dt.date:
    if not isinstance(raw, str):
        raise _bad(where)
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise _bad(where) from None


def _b64(raw: object, where: str, size: int) -> bytes:
    if not isinstance(raw, str):
        raise _bad(where)
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise _bad(where) from None
    if len(data) != size:
        raise _bad(where)
    return data


def _enum(kind: Callable[[str], _T], raw: object, where: str) -> _T:
    if not isinstance(raw, str):
        raise _bad(where)
    try:
        return kind(raw)
    except ValueError:
        raise _bad(where) from None
