"""The office's promise reaches the laptop in its package (issue 49 §1): the working days
and the days off, kept whole, read by the family's receipt; a bad part refuses the package."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest

from fieldkit import office, promise
from fieldkit.office.package import OfficePackageInvalid
from tests.fieldkit.office.office_support import ISSUED, document

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

OFFICE_DAYS = {
    "format": "fieldkit-holidays",
    "format_version": 1,
    "years": [{"year": 2027, "complete": True, "source": "SKB 2027 (kantor)"}],
    "holidays": [
        {"date": "2027-01-01", "kind": "libur_nasional", "name": "Tahun Baru 2027 Masehi"},
        {"date": "2027-01-05", "kind": "libur_nasional", "name": "Isra Mikraj"},
        {"date": "2027-01-04", "kind": "cuti_bersama", "name": "Cuti bersama"},
    ],
}


def _with(version: int, rules: dict[str, Any] | None = None, **parts: Any) -> dict[str, Any]:
    doc = document(version=version, issued_at=ISSUED + dt.timedelta(minutes=version), **parts)
    if rules is not None:
        doc["rules"] = {**doc["rules"], **rules}
    return doc


def _apply(ws: Workspace, doc: dict[str, Any]) -> office.ApplySummary:
    return office.apply_package(ws, office.OfficePackage.from_document(doc))


def _promise(ws: Workspace) -> tuple[int, promise.HolidayCalendar]:
    with ws.transaction() as session:
        return promise.office_promise_in(session)


def test_without_a_package_the_receipt_counts_14_days_and_the_shipped_list(
    workspace: Workspace,
) -> None:
    days, calendar = _promise(workspace)
    assert days == 14
    assert calendar == promise.default_calendar()


def test_the_package_s_days_and_days_off_reach_the_receipt_and_go_again(
    workspace: Workspace,
) -> None:
    summary = _apply(workspace, _with(3, {"promise_days": 10}, holidays=OFFICE_DAYS))
    said = [change.message for change in summary.changes]
    assert "the card promised within 10 working days" in said
    assert "days off for 2027" in said
    days, calendar = _promise(workspace)
    assert days == 10
    assert calendar.complete_for(2027)
    assert dt.date(2027, 1, 4) in calendar  # the office's cuti bersama
    assert dt.date(2027, 3, 26) not in calendar  # the shipped 2027 gave way whole
    assert dt.date(2026, 12, 25) in calendar  # the shipped 2026 stays
    # Recorded Wednesday 23 December 2026: 24-25 Dec, 1, 4 and 5 Jan off; 10 days -> 13 Jan.
    assert promise.add_working_days(dt.date(2026, 12, 23), days, calendar) == dt.date(2027, 1, 13)

    again = _apply(workspace, _with(4, {"promise_days": 10}, holidays=OFFICE_DAYS))
    assert not any(change.code in {"holidays", "promise_days"} for change in again.changes)
    _apply(workspace, _with(5, {"promise_days": 10}))  # the office's list is no longer sent
    assert _promise(workspace) == (10, promise.default_calendar())


@pytest.mark.parametrize(
    ("parts", "field"),
    [
        ({"rules": {"promise_days": 61}}, "rules.promise_days"),
        ({"rules": {"promise_days": True}}, "rules.promise_days"),
        ({"holidays": {**OFFICE_DAYS, "holidays": []}}, "holidays"),
        ({"holidays": {**OFFICE_DAYS, "format": "other"}}, "holidays"),
        ({"holidays": "2027-01-01"}, "holidays"),
    ],
)
def test_a_bad_promise_refuses_the_whole_package(
    workspace: Workspace, parts: dict[str, Any], field: str
) -> None:
    rules = parts.pop("rules", None)
    with pytest.raises(OfficePackageInvalid) as refused:
        office.OfficePackage.from_document(_with(3, rules, **parts))
    assert refused.value.params == {"field": field}
    assert _promise(workspace) == (14, promise.default_calendar())
