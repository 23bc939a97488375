"""The compact already-recorded list (office package format 2) on the laptop.

No listed NIK is ever missed; an unlisted one hits only at the stated rate; the
laptop that applies a format-2 package warns before recording a listed person with
the same words as before; a list out of order is refused whole.
"""

from __future__ import annotations

import base64
import datetime as dt
import random

import pytest
import sqlalchemy as sa

from fieldkit import office
from fieldkit import recorded_list as recorded
from fieldkit.enrollment import intake
from fieldkit.errors import InvalidInput
from fieldkit.office.package import OfficePackage, OfficePackageInvalid
from fieldkit.office_sent import RecordedList, RecordedPerson
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import make_nik, person, walk_in_visit
from tests.fieldkit.office.office_support import RECORDED_KEY, document

#: The sealed package's bytes per NIK the data center budgets (two base64 layers of 8).
BUDGET_BYTES_PER_NIK = 16


def synthetic_niks(count: int, seed: int = 46) -> list[str]:
    """Distinct well-formed NIKs of one regency (3315), like a district's recordings."""
    rng = random.Random(seed)  # noqa: S311 - synthetic NIKs, repeatable
    out: set[str] = set()
    while len(out) < count:
        district = rng.randint(1, 20)
        day = rng.randint(1, 28) + rng.choice((0, 40))
        out.add(
            f"3315{district:02d}{day:02d}{rng.randint(1, 12):02d}"
            f"{rng.randint(40, 99):02d}{rng.randint(1, 9999):04d}"
        )
    return sorted(out)


def _compact(entries: list[tuple[str, dt.date]]) -> dict[str, object]:
    blob = recorded.pack((recorded.digest(RECORDED_KEY, nik), day) for nik, day in entries)
    return {
        "key": base64.b64encode(RECORDED_KEY).decode(),
        "scheme": recorded.SCHEME,
        "count": len(blob) // recorded.RECORD_BYTES,
        "entries": base64.b64encode(blob).decode(),
    }


def test_every_listed_nik_is_found_and_the_size_is_within_budget() -> None:
    niks = synthetic_niks(100_000)
    listed, unlisted = niks[:50_000], niks[50_000:]
    day = dt.date(2026, 11, 12)
    blob = recorded.pack((recorded.digest(RECORDED_KEY, n), day) for n in listed)
    assert recorded.check(blob) == len(listed)  # no two synthetic NIKs collide here
    assert all(recorded.lookup(blob, recorded.digest(RECORDED_KEY, n)) == day for n in listed)
    hits = sum(
        recorded.lookup(blob, recorded.digest(RECORDED_KEY, n)) is not None for n in unlisted
    )
    # Expected 50,000 x 50,000 / 2**48 = 9e-6 false hits; more than one is not this scheme.
    assert hits <= 1
    assert recorded.false_positive_rate(1_000_000) < 1e-8
    # 8 bytes a NIK, base64 in the document and again in the sealed package.
    assert len(blob) / len(listed) == recorded.RECORD_BYTES
    assert recorded.RECORD_BYTES * (4 / 3) ** 2 < BUDGET_BYTES_PER_NIK


def test_a_shared_digest_keeps_the_earliest_day() -> None:
    first, later = dt.date(2026, 1, 5), dt.date(2026, 3, 1)
    key = b"\x01" * recorded.DIGEST_BYTES
    blob = recorded.pack([(key, later), (key, first), (b"\x00" * recorded.DIGEST_BYTES, later)])
    assert recorded.check(blob) == 2
    assert recorded.lookup(blob, key) == first


def test_a_format_2_list_warns_before_recording_in_the_same_words(workspace: Workspace) -> None:
    listed = make_nik(302)
    package = OfficePackage.from_document(
        document(format_version=2, recorded=_compact([(listed, dt.date(2026, 11, 12))]))
    )
    summary = office.apply_package(workspace, package)
    assert any(change.code == "recorded" for change in summary.changes)
    with workspace.transaction() as session:  # one row, not a row per NIK
        assert session.execute(sa.select(sa.func.count()).select_from(RecordedPerson)).scalar() == 0
        assert session.get(RecordedList, 1) is not None
    assert office.already_recorded(workspace, listed) == dt.date(2026, 11, 12)
    assert office.already_recorded(workspace, make_nik(303)) is None
    visit = walk_in_visit(workspace)
    with pytest.raises(InvalidInput) as caught:
        intake.start_enrollment(workspace, visit, person=person(302, nik=listed))
    assert caught.value.code == "already_recorded_at_office"
    assert caught.value.params == {"date": "2026-11-12"}
    assert (
        caught.value.message
        == InvalidInput(code="already_recorded_at_office", params={"date": "2026-11-12"}).message
    )
    # A hit is a question, never a refusal: a reason records the person again.
    assert intake.start_enrollment(
        workspace, visit, person=person(302, nik=listed), recapture_reason="Periksa: KTP-el rusak"
    ).id


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scheme": "bloom"}, "recorded.scheme"),
        ({"count": 3}, "recorded.count"),
        ({"entries": "not base64!"}, "recorded.entries"),
        ({"entries": base64.b64encode(b"\x00" * 7).decode()}, "recorded.entries"),
        (
            {"entries": base64.b64encode(b"\x02" * 8 + b"\x01" * 8).decode(), "count": 2},
            "recorded.entries",
        ),
    ],
)
def test_a_broken_format_2_list_refuses_the_package(change: dict[str, object], field: str) -> None:
    part = _compact([(make_nik(302), dt.date(2026, 11, 12))]) | change
    with pytest.raises(OfficePackageInvalid) as caught:
        OfficePackage.from_document(document(format_version=2, recorded=part))
    assert caught.value.params == {"field": field}


def test_a_format_1_package_after_a_format_2_one_replaces_its_list(workspace: Workspace) -> None:
    """An older data center's package still reads and applies; its list replaces the other."""
    listed = make_nik(302)
    office.apply_package(
        workspace,
        OfficePackage.from_document(
            document(format_version=2, recorded=_compact([(make_nik(303), dt.date(2026, 1, 2))]))
        ),
    )
    office.apply_package(workspace, OfficePackage.from_document(document(version=4)))
    assert office.already_recorded(workspace, listed) == dt.date(2026, 11, 12)
    assert office.already_recorded(workspace, make_nik(303)) is None
