"""The office's printed cards on the laptop (issue 56.1): a card read at a handover is
compared with the UID the office printed for the record on every path, in a delivery or
not; a card printed for someone else is refused with their name; and once the office
sends its printed cards, a card it never recorded is the ketua tim's question."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit import office
from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError
from fieldkit.handover import cards
from fieldkit.handover.cards import Relation
from fieldkit.officers import Role
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.handover.handover_support import copy_of, sign
from tests.fieldkit.office.office_support import ISSUED, document

FIRST_UID = "04A1B2C3D4E5F6"
SECOND_UID = "04C1C2C3"
NEVER_PRINTED_UID = "04E0E1E2E3E4E5"
KETUA = "ketua_budi"
PASSWORD = "ketua-password-1"


def _printed_cards(ws: Workspace, cards_: list[dict[str, str]], version: int = 3) -> None:
    doc = document(version=version, issued_at=ISSUED)
    doc["printed_cards"] = cards_
    office.apply_package(ws, office.OfficePackage.from_document(doc))


@pytest.fixture
def workspace(printed_template: tuple[Path, list[str]], home: Path) -> Iterator[Workspace]:
    """Two people recorded, their cards printed: this test's own copy of the module's store."""
    ws = copy_of(printed_template[0], home)
    yield ws
    ws.close()


def test_outside_a_delivery_the_card_is_compared_with_the_uid_the_office_printed(
    workspace: Workspace, records: list[str]
) -> None:
    # "Semua kartu": neither card is in a delivery, yet the office printed both.
    first, second = records
    _printed_cards(
        workspace,
        [
            {"record_id": first, "card_uid": FIRST_UID},
            {"record_id": second, "card_uid": SECOND_UID},
        ],
    )
    with pytest.raises(cards.WrongCard) as theirs:  # the second person's card, read for the first
        cards.give_card(
            workspace,
            first,
            card_uid=SECOND_UID,
            recipient="Sasaran Uji 0",
            relation=Relation.SELF,
            signature=sign(),
        )
    assert theirs.value.code == "card_printed_for_another"
    assert theirs.value.params["name"] == "Sasaran Uji 1"
    with pytest.raises(cards.WrongCard) as other:
        cards.read_card_for(workspace, first, NEVER_PRINTED_UID)
    assert other.value.code == "not_the_printed_card"
    assert other.value.params == {
        "uid": NEVER_PRINTED_UID,
        "record": first[:8],
        "office_uid": FIRST_UID,
    }
    assert f"which has UID {FIRST_UID}" in other.value.message
    check = cards.read_card_for(workspace, first, FIRST_UID.lower())
    assert (check.first_read, check.office_uid_matched) == (False, True)


def test_a_card_the_office_never_recorded_waits_for_the_ketua_tim(
    workspace: Workspace, records: list[str]
) -> None:
    first, second = records
    _printed_cards(workspace, [{"record_id": first, "card_uid": FIRST_UID}])
    with pytest.raises(cards.UnrecordedCard) as unrecorded:
        cards.read_card_for(workspace, second, NEVER_PRINTED_UID)
    assert unrecorded.value.params == {"uid": NEVER_PRINTED_UID, "record": second[:8]}
    assert "unless the ketua tim" in unrecorded.value.message
    with pytest.raises(AuthError):  # the admin may hand cards over, not accept this one
        cards.read_card_for(workspace, second, NEVER_PRINTED_UID, accept_unrecorded=True)
    Accounts(workspace).add_officer(KETUA, "Budi Santoso", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
    workspace.switch_officer(KETUA, PASSWORD)
    check = cards.read_card_for(workspace, second, NEVER_PRINTED_UID, accept_unrecorded=True)
    assert (check.first_read, check.office_uid_matched) == (True, False)
    # Bound now: the next read compares with the binding, and nobody is asked again.
    assert not cards.read_card_for(workspace, second, NEVER_PRINTED_UID).first_read
    with workspace.transaction() as session:
        audited = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "handover.unrecorded_card_accepted")
        ).all()
    assert [(a.actor, a.record_id) for a in audited] == [(KETUA, second)]


def test_a_newer_package_replaces_the_printed_cards_and_an_older_data_center_keeps_them(
    workspace: Workspace, records: list[str]
) -> None:
    first, second = records
    _printed_cards(workspace, [{"record_id": first, "card_uid": FIRST_UID}], version=3)
    _printed_cards(workspace, [{"record_id": second, "card_uid": FIRST_UID}], version=4)
    with pytest.raises(cards.WrongCard) as moved:  # the office now lists that UID for the second
        cards.read_card_for(workspace, first, FIRST_UID)
    assert moved.value.params["name"] == "Sasaran Uji 1"
    older = document(version=5, issued_at=ISSUED)  # a data center that sends none
    office.apply_package(workspace, office.OfficePackage.from_document(older))
    assert cards.read_card_for(workspace, second, FIRST_UID).office_uid_matched


@pytest.mark.parametrize(
    ("printed", "field"),
    [
        ([{"record_id": "r1", "card_uid": "04A1"}], "printed_cards[0].card_uid"),
        ([{"record_id": "r1", "card_uid": "zz"}], "printed_cards[0].card_uid"),
        ([{"record_id": "r1"}], "printed_cards[0].card_uid"),
        (
            [
                {"record_id": "r1", "card_uid": FIRST_UID},
                {"record_id": "r2", "card_uid": FIRST_UID},
            ],
            "printed_cards[1].card_uid",
        ),
        (
            [
                {"record_id": "r1", "card_uid": FIRST_UID},
                {"record_id": "r1", "card_uid": SECOND_UID},
            ],
            "printed_cards[1].record_id",
        ),
        ({"record_id": "r1"}, "printed_cards"),
    ],
)
def test_a_package_with_a_bad_printed_card_is_refused_naming_it(
    printed: object, field: str
) -> None:
    doc = document(version=3, issued_at=ISSUED)
    doc["printed_cards"] = printed
    with pytest.raises(office.OfficePackageInvalid) as refused:
        office.OfficePackage.from_document(doc)
    assert refused.value.params["field"] == field
