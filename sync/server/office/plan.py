"""The office's plan: the region table, requests, visits and their target lists.

A part of :class:`~sync.server.office.steering.Office`.  Target lists are sealed at
rest and opened only to build a laptop's package.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import promise
from fieldkit.errors import InvalidInput
from fieldkit.office.package import (
    Part,
)
from fieldkit.officers import (
    check_username,
)
from fieldkit.planning.kinds import (
    PlaceType,
    TeamRole,
    Terrain,
    check_region_code,
    check_time,
    parse_requester_type,
)
from fieldkit.planning.target_import_types import FileRefused, Message, Note
from fieldkit.planning.target_reading import guarded, open_sheet
from fieldkit.planning.target_rows import parse_row
from fieldkit.safejson import canonical_json
from fieldkit.sealing import open_from, seal_to
from sync.server.office.core import OfficeCore, utc_now
from sync.server.office.health import device_for
from sync.server.office.places import Desa, find_desa
from sync.server.office.rules import MAX_LETTERHEAD_TEXT, laptop_check
from sync.server.store.tables import (
    office_officers,
    office_regions,
    plan_requests,
    plan_targets,
    plan_visits,
)

if TYPE_CHECKING:
    from pathlib import Path

    from sync.server.keys import DataCenterKeys


_MAX_REGION_ROWS = 100_000


@dataclass
class TargetsRead:
    """A target file read with the laptop's reader: its rows, or why it was refused."""

    rows: list[dict[str, Any]]
    #: ``(row number, code)`` of each row's first error; no cell's content (personal data).
    errors: list[tuple[int, str]]
    refused: str | None = None
    #: Each row with something to say, as the laptop's import report has it: its number,
    #: ``"error"`` or ``"warning"``, and its notes (each naming its column; issue 59 §2:
    #: a "disabilitas" row with no Jenis was imported with nothing said).
    problems: list[tuple[int, str, list[Note]]] = field(default_factory=list)
    #: Why the whole file was refused, in the laptop's own sentence (``refused`` its code):
    #: the command said only the code ("file.not_csv_or_xlsx").
    refusal: Message | None = None

    @property
    def warned(self) -> int:
        """The rows imported with a warning."""
        return sum(1 for _row, status, _notes in self.problems if status == "warning")


def read_targets(path: Path, visit_id: str) -> TargetsRead:
    """Every row of a CSV/XLSX target list, checked by ``fieldkit.planning`` as the laptop does."""
    try:
        sheet = open_sheet(path)
    except FileRefused as refused:
        return TargetsRead([], [], refused.detail.code, refusal=refused.detail)
    rows: list[dict[str, Any]] = []
    errors: list[tuple[int, str]] = []
    problems: list[tuple[int, str, list[Note]]] = []
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
                problems.append((row.number, "error", [*row.errors, *row.warnings]))
                continue
            if row.warnings:
                problems.append((row.number, "warning", list(row.warnings)))
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
        return TargetsRead([], [], refused.detail.code, refusal=refused.detail)
    finally:
        sheet.close()
    if not rows and not errors:
        return TargetsRead([], [], "file.no_rows", refusal=Message("file.no_rows"))
    return TargetsRead(rows, errors, problems=problems)


def _targets_info(visit_id: str, kid: str) -> bytes:
    return f"fieldkit-dc-targets-v1|{visit_id}|{kid}".encode()


class OfficePlan(OfficeCore):
    """The plan's part of the office: regions, requests, visits, target lists."""

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

    def find_desa(self, typed: str) -> Desa:
        """The desa of the office's region table that ``typed`` names (name or code)."""
        return find_desa(self.regions(), typed)

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
        if subject is not None and len(subject) > MAX_LETTERHEAD_TEXT:
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
