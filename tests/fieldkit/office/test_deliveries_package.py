"""The office's card deliveries reach the laptop in its package (issue 49 §2): each field
checked, a bad one refusing the whole package; kept in the store, replaced whole by each
newer package that carries them, left alone by one that does not."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from fieldkit import office
from fieldkit.handover import deliveries
from fieldkit.handover.models import CardDelivery, CardDeliveryCard
from fieldkit.office.package import (
    MAX_DELIVERIES,
    OfficePackageInvalid,
    PackageDelivery,
    PackageDeliveryCard,
)
from fieldkit.store import database
from fieldkit.workspace import Workspace
from tests.fieldkit.office.office_support import ISSUED, document

REVISION_FIXTURES = Path(__file__).parents[1] / "store" / "fixtures"
FIXTURE_PASSWORD = "fixture-password"  # tests/fieldkit/store/make_revision_fixture.py

DELIVERY_ID = "0123456789abcdef0123456789abcdef"


def delivery(**fields: Any) -> dict[str, Any]:
    """A valid delivery of two cards (the first with the UID the office printed)."""
    value: dict[str, Any] = {
        "id": DELIVERY_ID,
        "number": "DST-2026-0001",
        "delivery_date": "2026-12-01",
        "desa_code": "3505012001",
        "desa_name": "Kalipucung",
        "kecamatan_code": "350501",
        "team": "Tim 2",
        "cards": [
            {"record_id": "rec-0001", "card_uid": "04:a1:b2:c3"},
            {"record_id": "rec-0002", "card_uid": None},
        ],
    }
    value.update(fields)
    return value


def _doc(version: int = 3, deliveries: object = None, **parts: Any) -> dict[str, Any]:
    doc = document(version=version, issued_at=ISSUED + dt.timedelta(minutes=version), **parts)
    if deliveries is not None:
        doc["deliveries"] = copy.deepcopy(deliveries)
    return doc


def _refused_field(deliveries: object) -> str:
    with pytest.raises(OfficePackageInvalid) as refused:
        office.OfficePackage.from_document(_doc(deliveries=deliveries))
    return str(refused.value.params["field"])


def test_deliveries_are_read_typed_and_a_package_without_them_is_read_too() -> None:
    package = office.OfficePackage.from_document(_doc(deliveries=[delivery()]))
    assert package.deliveries == (
        PackageDelivery(
            id=DELIVERY_ID,
            number="DST-2026-0001",
            delivery_date=dt.date(2026, 12, 1),
            desa_code="3505012001",
            desa_name="Kalipucung",
            kecamatan_code="350501",
            team="Tim 2",
            cards=(
                PackageDeliveryCard("rec-0001", "04A1B2C3"),
                PackageDeliveryCard("rec-0002", None),
            ),
        ),
    )
    assert office.OfficePackage.from_document(_doc()).deliveries is None
    dotted = delivery(desa_code="35.05.01.2001", kecamatan_code="35.05.01")
    read = office.OfficePackage.from_document(_doc(deliveries=[dotted])).deliveries
    assert read is not None
    assert (read[0].desa_code, read[0].kecamatan_code) == ("3505012001", "350501")


@pytest.mark.parametrize(
    ("deliveries", "field"),
    [
        ("DST-2026-0001", "deliveries"),
        ([delivery()] * (MAX_DELIVERIES + 1), "deliveries"),
        ([delivery(), "DST"], "deliveries[1]"),
        ([delivery(id=None)], "deliveries[0].id"),
        ([delivery(id="0123456789ABCDEF0123456789ABCDEF")], "deliveries[0].id"),
        ([delivery(id="0123456789abcdef")], "deliveries[0].id"),
        ([delivery(), delivery()], "deliveries[1].id"),
        ([delivery(number=None)], "deliveries[0].number"),
        ([delivery(number="DST-" + "9" * 29)], "deliveries[0].number"),
        ([delivery(number=17)], "deliveries[0].number"),
        ([delivery(delivery_date=None)], "deliveries[0].delivery_date"),
        ([delivery(delivery_date="2026-13-01")], "deliveries[0].delivery_date"),
        ([delivery(delivery_date="01-12-2026")], "deliveries[0].delivery_date"),
        ([delivery(delivery_date=20261201)], "deliveries[0].delivery_date"),
        ([delivery(desa_code=None)], "deliveries[0].desa_code"),
        ([delivery(desa_code="350501200")], "deliveries[0].desa_code"),
        ([delivery(desa_code="350501200x")], "deliveries[0].desa_code"),
        ([delivery(desa_code="3505022001")], "deliveries[0].desa_code"),  # another kecamatan
        ([delivery(kecamatan_code="3505")], "deliveries[0].kecamatan_code"),
        ([delivery(kecamatan_code=None)], "deliveries[0].kecamatan_code"),
        ([delivery(desa_name=None)], "deliveries[0].desa_name"),
        ([delivery(desa_name="  ")], "deliveries[0].desa_name"),
        ([delivery(team=None)], "deliveries[0].team"),
        ([delivery(team="T" * 65)], "deliveries[0].team"),
        ([delivery(cards=None)], "deliveries[0].cards"),
        ([delivery(cards={"record_id": "rec-0001"})], "deliveries[0].cards"),
        ([delivery(cards=["rec-0001"])], "deliveries[0].cards[0]"),
        ([delivery(cards=[{"card_uid": "04A1B2C3"}])], "deliveries[0].cards[0].record_id"),
        ([delivery(cards=[{"record_id": "r" * 129}])], "deliveries[0].cards[0].record_id"),
        ([delivery(cards=[{"record_id": 7}])], "deliveries[0].cards[0].record_id"),
        (
            [delivery(cards=[{"record_id": "a"}, {"record_id": "a"}])],
            "deliveries[0].cards[1].record_id",
        ),
        (
            [delivery(cards=[{"record_id": "a", "card_uid": "04A1B2"}])],
            "deliveries[0].cards[0].card_uid",
        ),
        (
            [delivery(cards=[{"record_id": "a", "card_uid": "04A1B2CZ"}])],
            "deliveries[0].cards[0].card_uid",
        ),
        (
            [delivery(cards=[{"record_id": "a", "card_uid": 4}])],
            "deliveries[0].cards[0].card_uid",
        ),
        (
            [
                delivery(
                    cards=[
                        {"record_id": "a", "card_uid": "04A1B2C3"},
                        {"record_id": "b", "card_uid": "04 a1 b2 c3"},
                    ]
                )
            ],
            "deliveries[0].cards[1].card_uid",
        ),
    ],
)
def test_a_bad_delivery_field_refuses_the_whole_package(deliveries: object, field: str) -> None:
    assert _refused_field(deliveries) == field


def test_the_third_delivery_s_bad_date_is_named_by_its_place() -> None:
    three = [delivery(id=f"{n:032x}", number=f"DST-2026-000{n}") for n in range(1, 3)] + [
        delivery(id=f"{3:032x}", delivery_date="2026-02-30")
    ]
    assert _refused_field(three) == "deliveries[2].delivery_date"


def _stored(ws: Workspace) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, str | None]]]:
    with ws.transaction() as session:
        rows = [
            (d.number, d.team, d.package_version)
            for d in session.scalars(sa.select(CardDelivery).order_by(CardDelivery.number))
        ]
        cards = [
            (c.delivery_id, c.record_id, c.card_uid)
            for c in session.scalars(
                sa.select(CardDeliveryCard).order_by(
                    CardDeliveryCard.delivery_id, CardDeliveryCard.position
                )
            )
        ]
    return rows, cards


def _apply(ws: Workspace, doc: dict[str, Any]) -> office.ApplySummary:
    return office.apply_package(ws, office.OfficePackage.from_document(doc))


def test_each_newer_package_replaces_the_deliveries_and_one_without_them_leaves_them(
    workspace: Workspace,
) -> None:
    second = delivery(
        id="f" * 32, number="DST-2026-0002", team="Tim 3", cards=[{"record_id": "rec-0009"}]
    )
    summary = _apply(workspace, _doc(3, [delivery(), second]))
    assert "2 card deliveries" in [c.message for c in summary.changes]
    listed = deliveries.list_deliveries(workspace)
    assert [d.number for d in listed] == ["DST-2026-0001", "DST-2026-0002"]
    assert [c.item for d in listed for c in d.cards] == [None, None, None]  # not on this laptop
    assert _stored(workspace) == (
        [("DST-2026-0001", "Tim 2", 3), ("DST-2026-0002", "Tim 3", 3)],
        [
            (DELIVERY_ID, "rec-0001", "04A1B2C3"),
            (DELIVERY_ID, "rec-0002", None),
            ("f" * 32, "rec-0009", None),
        ],
    )
    # The same deliveries again: nothing new to say.
    again = _apply(workspace, _doc(4, [delivery(), second]))
    assert not any(c.code == "deliveries" for c in again.changes)
    # A package from a data center before deliveries: the laptop keeps them.
    _apply(workspace, _doc(5))
    assert len(_stored(workspace)[0]) == 2
    # The office moved the first to Tim 4 and dropped the second: replaced whole.
    moved = _apply(workspace, _doc(6, [delivery(team="Tim 4", cards=[{"record_id": "rec-0002"}])]))
    assert "1 card delivery" in [c.message for c in moved.changes]
    assert _stored(workspace) == (
        [("DST-2026-0001", "Tim 4", 6)],
        [(DELIVERY_ID, "rec-0002", None)],
    )
    _apply(workspace, _doc(7, []))  # every delivery done at the office: none left
    assert _stored(workspace) == ([], [])
    assert deliveries.list_deliveries(workspace) == []


def test_a_refused_package_leaves_the_deliveries_as_they_were(workspace: Workspace) -> None:
    _apply(workspace, _doc(3, [delivery()]))
    before = _stored(workspace)
    with pytest.raises(OfficePackageInvalid):
        _apply(workspace, _doc(4, [delivery(team="")]))
    assert _stored(workspace) == before


def test_a_store_from_before_deliveries_takes_them_after_its_upgrade(tmp_path: Path) -> None:
    """Revision 0012's store (its frozen fixture) is upgraded, empty of deliveries, and
    keeps the first package's."""
    home = tmp_path / "home"
    shutil.copytree(REVISION_FIXTURES / "rev-0012", home)
    with Workspace.login(home, "admin", FIXTURE_PASSWORD) as ws:
        assert ws.store.revision() == database.head_revision()
        assert _stored(ws) == ([], [])
        _apply(ws, _doc(3, [delivery()], office_code="3505"))
        assert _stored(ws)[0] == [("DST-2026-0001", "Tim 2", 3)]
