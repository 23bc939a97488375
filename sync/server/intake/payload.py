"""What the data center reads of a record's payload once opened: its header, NIK and place.

A record is opened in memory only; these checks refuse a payload that is not the
laptop's JSON record, or whose visit date is out of range, and take from its header
only what the console's search, the recorded list and the place need.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Protocol

from fieldkit import safejson
from fieldkit.errors import KnownError
from fieldkit.promise import FIRST_DAY, LAST_DAY, in_range
from fieldkit.records import container
from sync.protocol import (
    Reason,
)
from sync.server.store.rows import Announcement, RecordPlace

#: The most a sealed record may hold, opened or not (its header is read within it).
MAX_RECORD_BYTES = 64 * 1024 * 1024


class PayloadInvalid(KnownError):
    code = "payload_invalid"
    #: What the REJECTED record's receipt and status feed say (the laptop words it).
    reason = Reason.PAYLOAD_INVALID


class VisitDateOutOfRange(PayloadInvalid):
    """The header's visit is dated outside :data:`fieldkit.promise.FIRST_DAY` .. ``LAST_DAY``.

    Refused on its own (issue 57.2): stored, such a date made every console page that
    listed the record fail (9999-12-31) or stall (0001-01-01).
    """

    code = "payload_visit_date_out_of_range"
    reason = Reason.VISIT_DATE_OUT_OF_RANGE


class PayloadValidator(Protocol):
    """Checks a decrypted record; raises ``PayloadInvalid`` with a reason an operator can read."""

    def __call__(self, payload: bytes, announcement: Announcement) -> None: ...


def validate_json_record(payload: bytes, announcement: Announcement) -> None:
    """The default check: a JSON object whose own ``record_id``/``seq``, if present, match.

    An enrollment record is a container (JSON header + image blobs, each checked
    against the hash its signed header lists); its header is what is validated.
    """
    if container.is_container(payload):
        try:
            value: object = container.checked_header(payload)
        except container.ContainerError as error:
            raise PayloadInvalid(
                code="payload_container_invalid", params={"problem": error.params["problem"]}
            ) from None
    else:
        try:
            value = safejson.loads(payload, max_bytes=MAX_RECORD_BYTES)
        except safejson.JsonRefused as error:
            raise PayloadInvalid(code="payload_not_json", params={"problem": error.code}) from None
    if not isinstance(value, dict):
        raise PayloadInvalid(code="payload_not_object")
    _check_visit_date(value.get("visit"))
    if "record_id" in value and value["record_id"] != announcement.record_id:
        raise PayloadInvalid(code="payload_other_record")
    if "seq" in value and value["seq"] != announcement.seq:
        raise PayloadInvalid(code="payload_other_seq")


def _check_visit_date(visit: object) -> None:
    """Refuse a visit dated outside the range; a date that is no day at all is left out later."""
    day = _iso_day(visit.get("date")) if isinstance(visit, dict) else None
    if day is not None and not in_range(day):
        raise VisitDateOutOfRange(
            params={
                "day": day.isoformat(),
                "first": FIRST_DAY.isoformat(),
                "last": LAST_DAY.isoformat(),
            }
        )


#: A NIK's digits.
NIK_DIGITS = 16


def payload_header(payload: bytes) -> dict[str, Any] | None:
    """An accepted record's JSON header (a container's) or the bare JSON record; else None."""
    try:
        if container.is_container(payload):
            head, _area = container.split(payload)
            header = safejson.loads(head, max_bytes=container.MAX_HEADER_BYTES)
        else:
            header = safejson.loads(payload, max_bytes=MAX_RECORD_BYTES)
    except (safejson.JsonRefused, container.ContainerError):
        return None
    return header if isinstance(header, dict) else None


def payload_nik(payload: bytes, header: dict[str, Any] | None = None) -> str | None:
    """The NIK in an accepted record's header, if it has a 16-digit one.

    A laptop's record is a container whose JSON header names the person under
    ``person.nik`` (``fieldkit/enrollment/canonical_record.py``); a bare JSON record may
    name one at the top (``nik``).
    """
    header = payload_header(payload) if header is None else header
    if header is None:
        return None
    person = header.get("person")
    nik = header.get("nik")
    if nik is None and isinstance(person, dict):
        nik = person.get("nik")
    if isinstance(nik, str) and len(nik) == NIK_DIGITS and nik.isascii() and nik.isdigit():
        return nik
    return None


#: A visit id as laptops and the office make them (a UUID), and a region code's digits.
_VISIT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_REGION_DIGITS = re.compile(r"[0-9]{1,16}")
#: An officer's username as the laptops' accounts are made (``fieldkit.officers``).
_USERNAME = re.compile(r"[a-z][a-z0-9._-]{1,31}")


def _iso_day(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) != len("2026-01-31"):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _visit_date(value: object) -> str | None:
    """The visit's ISO day, if it is one inside the range FieldKit takes."""
    day = _iso_day(value)
    return day.isoformat() if day is not None and in_range(day) else None


def _region_code(value: object) -> str | None:
    digits = value.replace(".", "") if isinstance(value, str) else None
    return digits if digits is not None and _REGION_DIGITS.fullmatch(digits) else None


def payload_place(header: dict[str, Any] | None) -> RecordPlace | None:
    """The visit's id, date, desa, kecamatan and officer a record's header names, if well formed.

    The officer is the recording officer's username (an office login).  Only these coarse
    facts leave the opened record (``record_places``): never the person, never the GPS.
    A missing or malformed field is left out and never fails the upload; a header that
    names none of them gives None.  Whether a simulator took a kept capture comes too
    (issue 56.2: the print queue refuses such a record on a real office).
    """
    if header is None:
        return None
    simulated = payload_simulated(header)
    visit = header.get("visit")
    if not isinstance(visit, dict):  # no place to keep; the simulator's mark still is
        return RecordPlace(simulated=True) if simulated else None
    visit_id = visit.get("id")
    officer = header.get("officer")
    username = officer.get("username") if isinstance(officer, dict) else None
    place = RecordPlace(
        visit_id=visit_id if isinstance(visit_id, str) and _VISIT_ID.fullmatch(visit_id) else None,
        visit_date=_visit_date(visit.get("date")),
        desa_code=_region_code(visit.get("desa_code")),
        kecamatan_code=_region_code(visit.get("kecamatan_code")),
        officer=username if isinstance(username, str) and _USERNAME.fullmatch(username) else None,
        simulated=simulated,
    )
    return place if simulated or place != RecordPlace(simulated=False) else None


def payload_simulated(header: dict[str, Any]) -> bool:
    """Whether a simulator took any kept capture of the record (its ``device.simulated``).

    The laptop writes each attempt's device as it answered; a simulator says so on its
    own wire (``drivers.simulation``), and nothing on the laptop can clear the flag.
    """
    for capture in header.get("captures") or []:
        for attempt in (capture.get("attempts") or []) if isinstance(capture, dict) else []:
            if not isinstance(attempt, dict) or not attempt.get("kept"):
                continue
            device = attempt.get("device")
            if isinstance(device, dict) and bool(device.get("simulated")):
                return True
    return False
