"""The sarpras (equipment) checklist: taken out before the trip, handed back after it.

SOP 004 step 6 has the team collect the vehicle, the recording set and the
consumables with the goods keeper's permission; step 11 has them return it
all "dalam kondisi baik, lengkap dan bersih".  Here each phase is a checklist
copied from a template, every device row is filled by that device's live
self-test (not by someone ticking a box), and the ketua tim signs it off.
Recording on a visit is refused until its check-out list is signed, unless an
admin overrides that with a written reason.

What counts as done, per row:

* check-out: a status (ok, faulty, missing); anything but ok needs a note;
  consumables need the quantity taken; devices are ok only by self-test;
* check-in: baik, lengkap and bersih answered; any "no" needs a note;
  consumables need the quantity brought back instead; a device that failed
  its self-test cannot be called baik; an item that was rusak (faulty) at
  check-out is called baik only with a note saying why (it was repaired, say).

The check-in ends when the pengurus barang takes the equipment back: their
name and acceptance are recorded on the check-in list (SOP 004 step 11).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from drivers import Modality
from fieldkit import audit, devices
from fieldkit.errors import BugError, InvalidInput, KnownError
from fieldkit.events import SarprasSigned
from fieldkit.officers import require_role
from fieldkit.paths import assets_dir
from fieldkit.permissions import ADMINISTRATORS, EQUIPMENT_RECEIVERS, TEAM_LEADS
from fieldkit.planning.models import (
    RecordingOverride,
    SarprasChecklist,
    SarprasItem,
    SarprasPhoto,
    Visit,
)
from fieldkit.planning.requests import resolve_row
from fieldkit.sarpras import kinds

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sqlalchemy.orm import Session

    from fieldkit.devices import SelfTestReport
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

TEMPLATE_FILE = "sarpras_default.json"
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MIN_OVERRIDE_REASON = 10
_PHOTO_TYPES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


#: Defined without the tables (``kinds.py``) for the command line's parser; named here too.
Phase = kinds.Phase
ItemKind = kinds.ItemKind
ItemStatus = kinds.ItemStatus


class RecordingBlocked(KnownError):
    """The visit's check-out list is not started, incomplete, or not signed.

    Each has its own code, since each asks the team to do something else.
    """

    code = "recording_blocked"


class RowTodo(enum.StrEnum):
    """Why a checklist row is not done yet: a code the screens and the CLI word."""

    SELF_TEST_NOT_RUN = "self_test_not_run"
    NOT_CHECKED = "not_checked"
    QUANTITY_NOT_ENTERED = "quantity_not_entered"
    QUANTITY_RETURNED_NOT_ENTERED = "quantity_returned_not_entered"
    CONDITION_NOT_ANSWERED = "condition_not_answered"  # baik / lengkap / bersih
    NOTE_NEEDED = "note_needed"
    #: A check-in row rusak at check-out and now called baik: say what changed.
    NOTE_FOR_RUSAK = "note_for_rusak"


MAX_KEEPER_NAME = 120


# --- the template -----------------------------------------------------------------


@dataclass(frozen=True)
class TemplateItem:
    key: str
    section: str
    label: str
    kind: ItemKind
    modality: Modality | None
    quantity: int | None
    unit: str | None


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    title: str
    sections: dict[str, str]
    items: tuple[TemplateItem, ...]


def _parse_item(section: str, raw: dict[str, object]) -> TemplateItem:
    kind = ItemKind(str(raw["kind"]))
    modality = Modality(str(raw["modality"])) if raw.get("modality") else None
    if (kind is ItemKind.DEVICE) != (modality is not None):
        raise ValueError(f"item {raw['key']}: only a device row names a modality")
    quantity = raw.get("quantity")
    if (kind is ItemKind.CONSUMABLE) != (quantity is not None):
        raise ValueError(f"item {raw['key']}: only a consumable row has a quantity")
    return TemplateItem(
        str(raw["key"]),
        section,
        str(raw["label"]),
        kind,
        modality,
        int(str(quantity)) if quantity is not None else None,
        str(raw["unit"]) if raw.get("unit") else None,
    )


def parse_template(data: Any) -> Template:
    """Check a template's shape; a broken shipped template is a packaging bug."""
    try:
        sections = {str(s["key"]): str(s["label"]) for s in data["sections"]}
        items = tuple(
            _parse_item(str(s["key"]), raw) for s in data["sections"] for raw in s["items"]
        )
        template = Template(
            str(data["id"]), int(data["version"]), str(data["title"]), sections, items
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BugError(f"sarpras template is malformed: {exc}") from exc
    keys = [i.key for i in items]
    if len(set(keys)) != len(keys):
        raise BugError("sarpras template is malformed: item keys repeat")
    return template


@functools.cache
def default_template() -> Template:
    path = assets_dir() / "templates" / TEMPLATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BugError(f"sarpras template missing or unreadable: {path}") from exc
    return parse_template(data)


# --- views ------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    key: str
    section: str
    label: str
    kind: ItemKind
    modality: str | None
    unit: str | None
    expected_quantity: int | None
    status: ItemStatus | None
    quantity: int | None
    baik: bool | None
    lengkap: bool | None
    bersih: bool | None
    self_test_ok: bool | None
    self_test_message: str | None
    notes: str | None
    photos: int
    checked_by: str | None
    #: Check-in rows: how the same item left (None before the check-out was made).
    checkout_status: ItemStatus | None = None

    @property
    def rusak_at_checkout(self) -> bool:
        return self.checkout_status is ItemStatus.FAULTY

    def missing(self, phase: Phase) -> RowTodo | None:
        """Why this row is not done yet, or None when it is."""
        if self.kind is ItemKind.DEVICE and self.self_test_ok is None:
            return RowTodo.SELF_TEST_NOT_RUN
        if phase is Phase.CHECKOUT:
            return self._missing_at_checkout()
        if self.kind is ItemKind.CONSUMABLE:
            return None if self.quantity is not None else RowTodo.QUANTITY_RETURNED_NOT_ENTERED
        answers = (self.baik, self.lengkap, self.bersih)
        if any(a is None for a in answers):
            return RowTodo.CONDITION_NOT_ANSWERED
        if self.baik and self.rusak_at_checkout and not self.notes:
            return RowTodo.NOTE_FOR_RUSAK
        return None if all(answers) or self.notes else RowTodo.NOTE_NEEDED

    def _missing_at_checkout(self) -> RowTodo | None:
        if self.status is None:
            return RowTodo.NOT_CHECKED
        if self.kind is ItemKind.CONSUMABLE and self.status is ItemStatus.OK:
            return None if self.quantity is not None else RowTodo.QUANTITY_NOT_ENTERED
        return None if self.status is ItemStatus.OK or self.notes else RowTodo.NOTE_NEEDED

    def as_json(self, phase: Phase) -> dict[str, object]:
        return {
            "key": self.key,
            "section": self.section,
            "label": self.label,
            "kind": self.kind.value,
            "modality": self.modality,
            "unit": self.unit,
            "expected_quantity": self.expected_quantity,
            "status": self.status.value if self.status else None,
            "quantity": self.quantity,
            "baik": self.baik,
            "lengkap": self.lengkap,
            "bersih": self.bersih,
            "self_test_ok": self.self_test_ok,
            "self_test_message": self.self_test_message,
            "notes": self.notes,
            "photos": self.photos,
            "checked_by": self.checked_by,
            "checkout_status": self.checkout_status.value if self.checkout_status else None,
            "missing": self.missing(phase),
        }


@dataclass(frozen=True)
class ChecklistView:
    id: str
    visit_id: str
    phase: Phase
    template_id: str
    template_version: int
    items: tuple[ItemView, ...]
    self_test_at: dt.datetime | None
    self_test_sim: bool | None
    signed_by: str | None
    signed_at: dt.datetime | None
    #: Check-in only: the pengurus barang who took the equipment back, and when.
    accepted_by_name: str | None = None
    accepted_at: dt.datetime | None = None
    accepted_recorded_by: str | None = None

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def incomplete(self) -> dict[str, RowTodo]:
        return {i.key: why for i in self.items if (why := i.missing(self.phase)) is not None}

    @property
    def complete(self) -> bool:
        return not self.incomplete

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    def item(self, key: str) -> ItemView:
        for item in self.items:
            if item.key == key:
                return item
        raise InvalidInput(code="checklist_row_unknown", params={"key": key})

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "visit_id": self.visit_id,
            "phase": self.phase.value,
            "template": {"id": self.template_id, "version": self.template_version},
            "complete": self.complete,
            "incomplete": self.incomplete,
            "signed": self.signed,
            "signed_by": self.signed_by,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "self_test_at": self.self_test_at.isoformat() if self.self_test_at else None,
            "self_test_sim": self.self_test_sim,
            "accepted": self.accepted,
            "accepted_by_name": self.accepted_by_name,
            "accepted_at": self.accepted_at.isoformat() if self.accepted_at else None,
            "accepted_recorded_by": self.accepted_recorded_by,
            "items": [i.as_json(self.phase) for i in self.items],
        }


def _view(session: Session, checklist: SarprasChecklist) -> ChecklistView:
    rows = session.execute(
        sa.select(SarprasItem)
        .where(SarprasItem.checklist_id == checklist.id)
        .order_by(SarprasItem.position)
    ).scalars()
    photo_counts = dict(
        session.execute(
            sa.select(SarprasPhoto.item_id, sa.func.count())
            .join(SarprasItem, SarprasItem.id == SarprasPhoto.item_id)
            .where(SarprasItem.checklist_id == checklist.id)
            .group_by(SarprasPhoto.item_id)
        ).all()
    )
    left = _checkout_statuses(session, checklist)
    items = tuple(
        ItemView(
            r.key,
            r.section,
            r.label,
            ItemKind(r.kind),
            r.modality,
            r.unit,
            r.expected_quantity,
            ItemStatus(r.status) if r.status else None,
            r.quantity,
            r.baik,
            r.lengkap,
            r.bersih,
            r.self_test_ok,
            r.self_test_message,
            r.notes,
            photo_counts.get(r.id, 0),
            r.checked_by,
            left.get(r.key),
        )
        for r in rows
    )
    return ChecklistView(
        checklist.id,
        checklist.visit_id,
        Phase(checklist.phase),
        checklist.template_id,
        checklist.template_version,
        items,
        checklist.self_test_at,
        checklist.self_test_sim,
        checklist.signed_by,
        checklist.signed_at,
        checklist.accepted_by_name,
        checklist.accepted_at,
        checklist.accepted_recorded_by,
    )


def _checkout_statuses(session: Session, checklist: SarprasChecklist) -> dict[str, ItemStatus]:
    """For a check-in list: how each item left on the same visit's check-out list."""
    if checklist.phase != Phase.CHECKIN.value:
        return {}
    rows = session.execute(
        sa.select(SarprasItem.key, SarprasItem.status)
        .join(SarprasChecklist, SarprasChecklist.id == SarprasItem.checklist_id)
        .where(SarprasChecklist.visit_id == checklist.visit_id)
        .where(SarprasChecklist.phase == Phase.CHECKOUT.value)
        .where(SarprasItem.status.is_not(None))
    ).all()
    return {key: ItemStatus(str(status)) for key, status in rows}


# --- opening and filling ----------------------------------------------------------


def _find(session: Session, visit_id: str, phase: Phase) -> SarprasChecklist | None:
    return session.execute(
        sa.select(SarprasChecklist)
        .where(SarprasChecklist.visit_id == visit_id)
        .where(SarprasChecklist.phase == phase.value)
    ).scalar_one_or_none()


def _open(session: Session, ws: Workspace, visit_id: str, phase: Phase) -> SarprasChecklist:
    """The visit's checklist for ``phase``, copied from the template the first time."""
    existing = _find(session, visit_id, phase)
    if existing is not None:
        return existing
    template = default_template()
    now = dt.datetime.now(dt.UTC)
    checklist = SarprasChecklist(
        id=str(uuid.uuid4()),
        visit_id=visit_id,
        phase=phase.value,
        template_id=template.id,
        template_version=template.version,
        created_by=ws.officer.username,
        created_at=now,
    )
    session.add(checklist)
    session.add_all(
        SarprasItem(
            id=str(uuid.uuid4()),
            checklist_id=checklist.id,
            position=position,
            key=item.key,
            section=template.sections[item.section],
            label=item.label,
            kind=item.kind.value,
            modality=item.modality.value if item.modality else None,
            unit=item.unit,
            expected_quantity=item.quantity,
        )
        for position, item in enumerate(template.items)
    )
    session.flush()
    audit.append(
        session,
        ws.officer.username,
        "sarpras.opened",
        checklist.id,
        {"visit_id": visit_id, "phase": phase.value, "template_version": template.version},
    )
    return checklist


def _unsigned(session: Session, ws: Workspace, visit_ref: str, phase: Phase) -> SarprasChecklist:
    visit = resolve_row(session, Visit, visit_ref, "visit")
    checklist = _open(session, ws, visit.id, phase)
    if checklist.signed_at is not None:
        raise InvalidInput(
            code="checklist_signed",
            params={"phase": phase.value, "by": checklist.signed_by},
        )
    return checklist


def _item(session: Session, checklist: SarprasChecklist, key: str) -> SarprasItem:
    row = session.execute(
        sa.select(SarprasItem)
        .where(SarprasItem.checklist_id == checklist.id)
        .where(SarprasItem.key == key)
    ).scalar_one_or_none()
    if row is None:
        raise InvalidInput(code="checklist_row_unknown", params={"key": key})
    return row


def open_checklist(ws: Workspace, visit_ref: str, phase: Phase) -> ChecklistView:
    with ws.transaction() as session:
        visit = resolve_row(session, Visit, visit_ref, "visit")
        return _view(session, _open(session, ws, visit.id, phase))


def template_view(phase: Phase, visit_id: str = "") -> ChecklistView:
    """The checklist as it will be when opened: every template row, none checked yet.

    Screens show it before the first change (which opens the real one), so a
    checklist nobody has touched lists its items instead of reading as broken.
    Its ``id`` is empty: nothing is stored until a row is saved.
    """
    template = default_template()
    items = tuple(
        ItemView(
            item.key,
            template.sections[item.section],
            item.label,
            item.kind,
            item.modality.value if item.modality else None,
            item.unit,
            item.quantity,
            status=None,
            quantity=None,
            baik=None,
            lengkap=None,
            bersih=None,
            self_test_ok=None,
            self_test_message=None,
            notes=None,
            photos=0,
            checked_by=None,
        )
        for item in template.items
    )
    return ChecklistView(
        "", visit_id, phase, template.id, template.version, items, None, None, None, None
    )


def get_checklist(ws: Workspace, visit_ref: str, phase: Phase) -> ChecklistView | None:
    with ws.transaction() as session:
        visit = resolve_row(session, Visit, visit_ref, "visit")
        checklist = _find(session, visit.id, phase)
        return _view(session, checklist) if checklist else None


def apply_self_tests(
    ws: Workspace, visit_ref: str, phase: Phase, reports: Sequence[SelfTestReport], *, sim: bool
) -> ChecklistView:
    """Fill every device row from a self-test run; a device with no report has failed."""
    by_kind = {r.kind.value: r for r in reports}
    now = dt.datetime.now(dt.UTC)
    with ws.transaction() as session:
        checklist = _unsigned(session, ws, visit_ref, phase)
        passed = failed = 0
        rows = session.execute(
            sa.select(SarprasItem)
            .where(SarprasItem.checklist_id == checklist.id)
            .where(SarprasItem.kind == ItemKind.DEVICE.value)
        ).scalars()
        for row in rows:
            report = by_kind.get(row.modality or "")
            ok = report is not None and report.backend is not None and report.ok
            row.self_test_ok = ok
            row.self_test_backend = report.backend if report else None
            row.self_test_message = report.message if report else "no self-test report"
            row.checked_by, row.checked_at = ws.officer.username, now
            if phase is Phase.CHECKOUT:
                row.status = ItemStatus.OK.value if ok else ItemStatus.FAULTY.value
            elif not ok:
                row.baik = False
            passed, failed = passed + ok, failed + (not ok)
        checklist.self_test_at, checklist.self_test_sim = now, sim
        audit.append(
            session,
            ws.officer.username,
            "sarpras.self_tested",
            checklist.id,
            {"phase": phase.value, "passed": passed, "failed": failed, "sim": sim},
        )
        view = _view(session, checklist)
    log.info("sarpras self-test recorded: %d passed, %d failed", passed, failed)
    return view


def run_self_tests(ws: Workspace, visit_ref: str, phase: Phase, *, sim: bool) -> ChecklistView:
    """Test every attached device now (outside any transaction: it takes seconds)."""
    reports = devices.self_test_devices(sim=sim, config=devices.DeviceConfig.load(ws.directory))
    return apply_self_tests(ws, visit_ref, phase, reports, sim=sim)


def _clean_note(notes: str | None) -> str | None:
    return (notes or "").strip() or None


def record_checkout_item(
    ws: Workspace,
    visit_ref: str,
    key: str,
    *,
    status: ItemStatus,
    quantity: int | None = None,
    notes: str | None = None,
) -> ChecklistView:
    with ws.transaction() as session:
        checklist = _unsigned(session, ws, visit_ref, Phase.CHECKOUT)
        row = _item(session, checklist, key)
        if row.kind == ItemKind.DEVICE.value and status is ItemStatus.OK:
            raise InvalidInput(
                code="device_ok_only_by_self_test",
                params={"item": row.label},
            )
        if quantity is not None and quantity < 0:
            raise InvalidInput(code="quantity_negative")
        if row.kind != ItemKind.CONSUMABLE.value and quantity is not None:
            raise InvalidInput(
                code="item_not_counted",
                params={"item": row.label},
            )
        note = _clean_note(notes)
        if status is not ItemStatus.OK and not (note or row.notes):
            raise InvalidInput(
                code="checkout_note_required",
                params={"item": row.label},
            )
        row.status = status.value
        if quantity is not None:
            row.quantity = quantity
        if note:
            row.notes = note
        row.checked_by, row.checked_at = ws.officer.username, dt.datetime.now(dt.UTC)
        audit.append(
            session,
            ws.officer.username,
            "sarpras.item_checked",
            checklist.id,
            {"phase": "checkout", "key": key, "status": status.value},
        )
        return _view(session, checklist)


def _photo_type(photo: bytes) -> str:
    if len(photo) > MAX_PHOTO_BYTES:
        raise InvalidInput(
            code="photo_too_large",
            params={"max_mib": MAX_PHOTO_BYTES // 2**20},
        )
    for magic, media_type in _PHOTO_TYPES:
        if photo.startswith(magic):
            return media_type
    raise InvalidInput(code="photo_type")


def _check_checkin_row(
    session: Session,
    checklist: SarprasChecklist,
    row: SarprasItem,
    *,
    baik: bool | None,
    quantity: int | None,
    note: str | None,
) -> None:
    """Refuse a check-in answer the rules forbid, before anything changes."""
    if baik and row.kind == ItemKind.DEVICE.value and row.self_test_ok is False:
        raise InvalidInput(
            code="checkin_failed_self_test",
            params={"item": row.label},
        )
    if quantity is not None and (quantity < 0 or row.kind != ItemKind.CONSUMABLE.value):
        raise InvalidInput(
            code="checkin_quantity_invalid",
            params={"item": row.label},
        )
    if baik and not (note or row.notes):
        left = _checkout_statuses(session, checklist).get(row.key)
        if left is ItemStatus.FAULTY:
            raise InvalidInput(
                code="checkin_baik_after_rusak",
                params={"item": row.label},
            )


def record_checkin_item(
    ws: Workspace,
    visit_ref: str,
    key: str,
    *,
    baik: bool | None = None,
    lengkap: bool | None = None,
    bersih: bool | None = None,
    quantity: int | None = None,
    notes: str | None = None,
    photo: bytes | None = None,
) -> ChecklistView:
    """Record how one row came back; a damage photo is kept only in the encrypted store."""
    media_type = _photo_type(photo) if photo is not None else None
    with ws.transaction() as session:
        checklist = _unsigned(session, ws, visit_ref, Phase.CHECKIN)
        row = _item(session, checklist, key)
        note = _clean_note(notes)
        _check_checkin_row(session, checklist, row, baik=baik, quantity=quantity, note=note)
        answers = {"baik": baik, "lengkap": lengkap, "bersih": bersih}
        if False in answers.values() and not (note or row.notes):
            raise InvalidInput(
                code="checkin_note_required",
                params={"item": row.label},
            )
        for name, value in answers.items():
            if value is not None:
                setattr(row, name, value)
        if quantity is not None:
            row.quantity = quantity
        if note:
            row.notes = note
        now = dt.datetime.now(dt.UTC)
        row.checked_by, row.checked_at = ws.officer.username, now
        if photo is not None and media_type is not None:
            session.add(
                SarprasPhoto(
                    id=str(uuid.uuid4()),
                    item_id=row.id,
                    media_type=media_type,
                    data=photo,
                    added_by=ws.officer.username,
                    added_at=now,
                )
            )
        audit.append(
            session,
            ws.officer.username,
            "sarpras.item_checked",
            checklist.id,
            {
                "phase": "checkin",
                "key": key,
                "baik": row.baik,
                "lengkap": row.lengkap,
                "bersih": row.bersih,
                "photo_bytes": len(photo) if photo is not None else 0,
            },
        )
        return _view(session, checklist)


def mark_rest_ok(ws: Workspace, visit_ref: str, phase: Phase) -> ChecklistView:
    """Every unanswered non-device row is fine: the common case, in one step.

    Consumables are taken at the template's quantity on check-out; on check-in
    their returned quantity must still be counted, so they are left alone.
    A device's condition is its self-test's to say: on check-out devices are
    left alone, and on check-in only a device that passed is marked baik.
    An item that left rusak is left alone on check-in too: someone must say
    how it came back, and with a note if it is baik now.
    """
    now = dt.datetime.now(dt.UTC)
    with ws.transaction() as session:
        checklist = _unsigned(session, ws, visit_ref, phase)
        rusak = {
            key
            for key, status in _checkout_statuses(session, checklist).items()
            if status is ItemStatus.FAULTY
        }
        rows = session.execute(
            sa.select(SarprasItem).where(SarprasItem.checklist_id == checklist.id)
        ).scalars()
        marked = 0
        for row in rows:
            if row.kind == ItemKind.DEVICE.value and (
                phase is Phase.CHECKOUT or row.self_test_ok is not True
            ):
                continue
            if phase is Phase.CHECKOUT and row.status is None:
                row.status = ItemStatus.OK.value
                if row.kind == ItemKind.CONSUMABLE.value and row.quantity is None:
                    row.quantity = row.expected_quantity
            elif phase is Phase.CHECKIN and row.kind != ItemKind.CONSUMABLE.value:
                answered = row.baik is not None or row.lengkap is not None or row.bersih is not None
                if answered or row.key in rusak:
                    continue
                row.baik = row.lengkap = row.bersih = True
            else:
                continue
            row.checked_by, row.checked_at = ws.officer.username, now
            marked += 1
        audit.append(
            session,
            ws.officer.username,
            "sarpras.rest_marked_ok",
            checklist.id,
            {"phase": phase.value, "rows": marked},
        )
        return _view(session, checklist)


def sign_checklist(ws: Workspace, visit_ref: str, phase: Phase) -> ChecklistView:
    """The ketua tim's sign-off; only a complete checklist can be signed, and only once."""
    require_role(ws.officer, *TEAM_LEADS)
    with ws.transaction() as session:
        checklist = _unsigned(session, ws, visit_ref, phase)
        view = _view(session, checklist)
        if not view.complete:
            rows = "; ".join(f"{k}: {why}" for k, why in view.incomplete.items())
            raise InvalidInput(
                code="checklist_incomplete",
                params={"phase": phase.value, "rows": rows, "count": len(view.incomplete)},
            )
        checklist.signed_by = ws.officer.username
        checklist.signed_at = dt.datetime.now(dt.UTC)
        audit.append(
            session, ws.officer.username, "sarpras.signed", checklist.id, {"phase": phase.value}
        )
        view = _view(session, checklist)
    ws.events.emit(SarprasSigned(view.visit_id, phase.value))
    return view


def record_acceptance(ws: Workspace, visit_ref: str, keeper_name: str) -> ChecklistView:
    """The pengurus barang took the equipment back (SOP 004 step 11): who, and when.

    Only a complete check-in list can be accepted, and only once; it may be
    signed by the ketua tim before or after.  The keeper's name stays in the
    encrypted store; the audit log says only that it happened.
    """
    require_role(ws.officer, *EQUIPMENT_RECEIVERS)
    name = " ".join(keeper_name.split())
    if not name:
        raise InvalidInput(
            code="keeper_name_required",
        )
    if len(name) > MAX_KEEPER_NAME:
        raise InvalidInput(
            code="keeper_name_too_long",
            params={"max": str(MAX_KEEPER_NAME)},
        )
    with ws.transaction() as session:
        visit = resolve_row(session, Visit, visit_ref, "visit")
        checklist = _find(session, visit.id, Phase.CHECKIN)
        view = _view(session, checklist) if checklist is not None else None
        if checklist is None or view is None or not view.complete:
            count = len(view.incomplete) if view is not None else len(default_template().items)
            raise InvalidInput(
                code="acceptance_incomplete",
                params={"count": str(count)},
            )
        if checklist.accepted_at is not None:
            raise InvalidInput(
                code="already_accepted",
            )
        checklist.accepted_by_name = name
        checklist.accepted_at = dt.datetime.now(dt.UTC)
        checklist.accepted_recorded_by = ws.officer.username
        audit.append(session, ws.officer.username, "sarpras.accepted", checklist.id)
        return _view(session, checklist)


def photos(ws: Workspace, visit_ref: str, key: str) -> list[bytes]:
    """A check-in row's damage photos, for the screen that shows them."""
    with ws.transaction() as session:
        visit = resolve_row(session, Visit, visit_ref, "visit")
        checklist = _find(session, visit.id, Phase.CHECKIN)
        if checklist is None:
            return []
        row = _item(session, checklist, key)
        return list(
            session.execute(
                sa.select(SarprasPhoto.data)
                .where(SarprasPhoto.item_id == row.id)
                .order_by(SarprasPhoto.added_at)
            ).scalars()
        )


# --- the guard ----------------------------------------------------------------------


@dataclass(frozen=True)
class OverrideInfo:
    id: str
    visit_id: str
    reason: str
    granted_by: str
    granted_at: dt.datetime

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "visit_id": self.visit_id,
            "reason": self.reason,
            "granted_by": self.granted_by,
            "granted_at": self.granted_at.isoformat(),
        }


def grant_recording_override(ws: Workspace, visit_ref: str, reason: str) -> OverrideInfo:
    """An admin lets a visit record without a signed check-out list; the reason is kept."""
    require_role(ws.officer, *ADMINISTRATORS)
    reason = " ".join(reason.split())
    if len(reason) < MIN_OVERRIDE_REASON:
        raise InvalidInput(
            code="override_reason_too_short",
            params={"min": MIN_OVERRIDE_REASON},
        )
    with ws.transaction() as session:
        visit = resolve_row(session, Visit, visit_ref, "visit")
        row = RecordingOverride(
            id=str(uuid.uuid4()),
            visit_id=visit.id,
            reason=reason,
            granted_by=ws.officer.username,
            granted_at=dt.datetime.now(dt.UTC),
        )
        session.add(row)
        # The reason is free text and may name people, so it stays out of the audit log.
        audit.append(
            session,
            ws.officer.username,
            "sarpras.override_granted",
            visit.id,
            {"override_id": row.id, "reason_chars": len(reason)},
        )
    log.warning("recording override granted for a visit without a signed checklist")
    return OverrideInfo(row.id, row.visit_id, row.reason, row.granted_by, row.granted_at)


def _latest_override(session: Session, visit_id: str) -> OverrideInfo | None:
    override = session.execute(
        sa.select(RecordingOverride)
        .where(RecordingOverride.visit_id == visit_id)
        .order_by(RecordingOverride.granted_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    if override is None:
        return None
    return OverrideInfo(
        override.id, override.visit_id, override.reason, override.granted_by, override.granted_at
    )


def recording_override(ws: Workspace, visit_id: str) -> OverrideInfo | None:
    """The admin's leave to record this visit without a signed check-out list, if any.

    Tinjauan says it: with it a team records while the check-out says "not started".
    """
    with ws.transaction() as session:
        return _latest_override(session, visit_id)


def ensure_recording_allowed(ws: Workspace, visit_ref: str) -> OverrideInfo | None:
    """Raise :class:`RecordingBlocked` unless the visit's check-out list is complete and signed.

    Returns the admin override that allowed it, if that is why.
    """
    with ws.transaction() as session:
        visit = resolve_row(session, Visit, visit_ref, "visit")
        checklist = _find(session, visit.id, Phase.CHECKOUT)
        if checklist is not None and checklist.signed_at is not None:
            return None
        override = _latest_override(session, visit.id)
        if override is not None:
            return override
        short = visit.id[:8]
        if checklist is None:
            raise RecordingBlocked(params={"visit": short, "state": "not_started", "missing": "-"})
        view = _view(session, checklist)
        if view.complete:
            raise RecordingBlocked(
                code="recording_blocked_unsigned",
                params={"visit": short, "state": "unsigned", "missing": "-"},
            )
        raise RecordingBlocked(
            code="recording_blocked_incomplete",
            params={
                "visit": short,
                "state": "incomplete",
                "missing": ", ".join(sorted(view.incomplete)),
            },
        )


def template_path() -> Path:
    return assets_dir() / "templates" / TEMPLATE_FILE
