"""The ketua tim countersigns on the spot: real store, real keyring, the simulated card reader.

Each officer binds their own staff card on the laptop as the app does (Settings, with
their password); the countersign then reads a card on ``SimCardReader``, which runs
the same ``VirtualCard`` (PIN counter included) the vpcd simulator puts into pcscd.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from drivers.cardreader.sim import SimCardReader
from drivers.cardreader.vpcd_card import VirtualCard
from drivers.errors import WrongPin
from drivers.staff_card import StaffCard
from fieldkit import demo, finish, staffcard
from fieldkit.accounts import Accounts
from fieldkit.devices import DeviceError
from fieldkit.enrollment import canonical_record, capture, cosign, drafts, exceptions, intake
from fieldkit.enrollment.cosign import CosignSubject
from fieldkit.enrollment.machine import FingerMode
from fieldkit.errors import AuthError, AuthReason
from fieldkit.officers import Role
from fieldkit.quality.policy import ForceReason, store_policy
from fieldkit.quality.result import QualityModality
from fieldkit.records import container
from fieldkit.review import queue
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import consented, open_zfm, photo
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace

PASSWORD = "kata-sandi-uji"
PIN = "135790"
KETUA, KETUA2, PETUGAS, OPERATOR = "ketua1", "ketua2", "petugas1", "operator1"
ROLES = {
    KETUA: Role.KETUA_TIM,
    KETUA2: Role.KETUA_TIM,
    PETUGAS: Role.PETUGAS,
    OPERATOR: Role.OPERATOR,
}
PASSWORDS = {ADMIN: ADMIN_PASSWORD} | dict.fromkeys(ROLES, PASSWORD)
SLOT = "finger:2"  # right index, in the one-finger mode
FINGER = "finger:7"
REASON = ForceReason.parse("cannot_cooperate", "tangan gemetar")


def _uid(username: str) -> bytes:
    return username.encode().ljust(7, b"\0")[:7]


def _secret(username: str) -> bytes:
    return (username.encode() * 32)[:32]


def _card(username: str, pin: str = PIN) -> VirtualCard:
    """``username``'s staff card: its UID and login secret are theirs alone."""
    secret = _secret(username)
    return VirtualCard(
        _uid(username), StaffCard(f"ID-{username}", "3315"), pin=pin, login_secret=secret
    )


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    """A training store with two ketua tim, a petugas and an operator, each with a bound card.

    The petugas is at the keyboard when the fixture hands it over.
    """
    ws = init_workspace(home, training=True)
    for username, role in ROLES.items():
        Accounts(ws).add_officer(username, f"Nama {username}", role, PASSWORD, kdf=TEST_KDF)
    for username in (ADMIN, *ROLES):
        ws.switch_officer(username, PASSWORDS[username])
        Accounts(ws).bind_card(PASSWORDS[username], _uid(username), _secret(username))
    ws.switch_officer(PETUGAS, PASSWORD)
    yield ws
    ws.close()


def _with_rule(ws: Workspace, *, on: bool = True) -> None:
    me = ws.officer.username
    ws.switch_officer(ADMIN, ADMIN_PASSWORD)
    cosign.set_rule(ws, on=on)
    ws.switch_officer(me, PASSWORDS[me])


def _draft_with_flags(ws: Workspace) -> str:
    """A draft with a finger capture kept below the threshold and an excepted finger."""
    visit = demo.demo_visit(ws)
    draft = consented(ws, visit, 3, finger_mode=FingerMode.SINGLE)
    with ws.transaction() as session:
        store_policy(session, thresholds={QualityModality.FINGER: 99})
    scanner = open_zfm()
    try:
        capture.capture(ws, draft, SLOT, scanner)
    finally:
        scanner.close()
    capture.force_accept(ws, draft, SLOT, REASON)
    exceptions.record_exception(
        ws,
        draft,
        FINGER,
        exceptions.ExceptionReason.AMPUTATED,
        exceptions.Permanence.PERMANENT,
        photo(7),
    )
    return draft


def _sign(
    ws: Workspace, draft: str, subject: CosignSubject, card: VirtualCard, pin: str = PIN
) -> list[cosign.Cosign]:
    with SimCardReader(inserted=False) as reader:
        reader.insert_card(card)
        return staffcard.countersign(ws, draft, subject, reader, pin, timeout_s=2.0)


def _flags(ws: Workspace, draft: str) -> list[str]:
    with ws.transaction() as session:
        row = drafts.load(session, draft)
        return canonical_record.review_flags(session, row, drafts.progress_of(session, row))


def _audit(ws: Workspace, action: str) -> list[AuditEvent]:
    with ws.transaction() as session:
        return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_the_rule_is_off_by_default_and_no_pin_is_spent(workspace: Workspace) -> None:
    draft = _draft_with_flags(workspace)
    assert not cosign.offered(workspace)
    card = _card(KETUA)
    with pytest.raises(cosign.CosignNotOffered):
        _sign(workspace, draft, CosignSubject.forced(SLOT), card)
    assert card.pin_tries_left == 3
    assert len(_flags(workspace, draft)) == 2


@pytest.mark.parametrize(
    ("signer", "allowed"),
    [(KETUA, True), (PETUGAS, False), (OPERATOR, False), (ADMIN, False)],
    ids=["ketua_tim", "petugas", "operator", "admin"],
)
def test_only_a_ketua_tim_may_countersign(
    workspace: Workspace, signer: str, *, allowed: bool
) -> None:
    ws = workspace
    _with_rule(ws)
    draft = _draft_with_flags(ws)
    before = _flags(ws, draft)
    assert any(f.startswith(f"forced:{SLOT}:") for f in before)
    subject = CosignSubject.forced(SLOT)
    if allowed:
        (signed,) = _sign(ws, draft, subject, _card(signer))
        assert signed.ketua == signer
        assert signed.ketua_name == f"Nama {signer}"
        assert _flags(ws, draft) == [f for f in before if f != signed.flag]
        (event,) = _audit(ws, "enrollment.cosign")
        assert event.actor == PETUGAS  # the session stays the petugas's
        assert ws.officer.username == PETUGAS
    else:
        with pytest.raises(cosign.CosignNotTeamLead):
            _sign(ws, draft, subject, _card(signer))
        assert _flags(ws, draft) == before
        assert _audit(ws, "enrollment.cosign") == []
        assert len(_audit(ws, "enrollment.cosign_refused")) == 1


def test_every_role_is_tried(workspace: Workspace) -> None:
    """The parametrised test above names every role there is: a new role must be added."""
    del workspace
    assert {Role.KETUA_TIM, Role.PETUGAS, Role.OPERATOR, Role.ADMIN} == set(Role)


def test_a_wrong_pin_is_the_cards_refusal_and_signs_nothing(workspace: Workspace) -> None:
    ws = workspace
    _with_rule(ws)
    draft = _draft_with_flags(ws)
    card = _card(KETUA)
    with pytest.raises(DeviceError) as refused:
        _sign(ws, draft, CosignSubject.exception(FINGER), card, pin="999999")
    assert isinstance(refused.value.driver_error, WrongPin)
    assert refused.value.driver_error.tries_left == 2
    assert card.pin_tries_left == 2
    assert len(_flags(ws, draft)) == 2
    _sign(ws, draft, CosignSubject.exception(FINGER), card)  # the right PIN still works
    assert card.pin_tries_left == 3


def test_a_card_not_bound_on_this_laptop_is_refused(workspace: Workspace) -> None:
    ws = workspace
    _with_rule(ws)
    draft = _draft_with_flags(ws)
    stranger = VirtualCard(
        b"\x01\x02\x03\x04", StaffCard("ID-x", "3315"), pin=PIN, login_secret=bytes(32)
    )
    with pytest.raises(AuthError) as refused:
        _sign(ws, draft, CosignSubject.forced(SLOT), stranger)
    assert refused.value.reason is AuthReason.CARD_NOT_BOUND


def test_a_disabled_ketua_cannot_countersign(workspace: Workspace) -> None:
    ws = workspace
    _with_rule(ws)
    draft = _draft_with_flags(ws)
    ws.switch_officer(ADMIN, ADMIN_PASSWORD)
    Accounts(ws).disable_officer(KETUA2)
    ws.switch_officer(PETUGAS, PASSWORD)
    with pytest.raises(AuthError):
        _sign(ws, draft, CosignSubject.forced(SLOT), _card(KETUA2))
    assert len(_flags(ws, draft)) == 2


def test_the_ketua_who_recorded_cannot_countersign_their_own_work(workspace: Workspace) -> None:
    ws = workspace
    _with_rule(ws)
    ws.switch_officer(KETUA, PASSWORD)  # a small team: the ketua records this person
    draft = _draft_with_flags(ws)
    with pytest.raises(cosign.CosignOwnWork):
        _sign(ws, draft, CosignSubject.forced(SLOT), _card(KETUA))
    (signed,) = _sign(ws, draft, CosignSubject.forced(SLOT), _card(KETUA2))  # the other ketua
    assert signed.ketua == KETUA2


def test_twice_is_refused_and_a_flag_recorded_again_needs_a_new_countersign(
    workspace: Workspace,
) -> None:
    ws = workspace
    _with_rule(ws)
    draft = _draft_with_flags(ws)
    subject = CosignSubject.exception(FINGER)
    _sign(ws, draft, subject, _card(KETUA))
    with pytest.raises(cosign.NothingToCosign):
        _sign(ws, draft, subject, _card(KETUA))
    assert not any(f.startswith("exception:") for f in _flags(ws, draft))
    exceptions.remove_exception(ws, draft, FINGER)
    exceptions.record_exception(
        ws,
        draft,
        FINGER,
        exceptions.ExceptionReason.BANDAGED_OR_INJURED,
        exceptions.Permanence.TEMPORARY,
        photo(8),
    )
    assert "exception:finger:7:bandaged_or_injured:temporary" in _flags(ws, draft)


def test_an_office_floor_keeps_the_rule_off(workspace: Workspace) -> None:
    from fieldkit.office_sent import OfficeRule, RuleSetByOffice

    ws = workspace
    with ws.transaction() as session:
        session.add(OfficeRule(key=cosign.RULE_KEY, value="false", version=1))
    ws.switch_officer(ADMIN, ADMIN_PASSWORD)
    with pytest.raises(RuleSetByOffice):
        cosign.set_rule(ws, on=True)
    cosign.set_rule(ws, on=False)
    assert not cosign.offered(ws)


def _seal_person(
    ws: Workspace, kit: demo.SimKit, visit: str, index: int, *, sign: bool
) -> finish.FinishedRecord:
    """A whole person with the simulators: the face kept below the threshold, a finger excepted."""
    region = demo.demo_region(ws)
    view = intake.start_enrollment(
        ws, visit, person=demo.synthetic_person(index, region), finger_mode=FingerMode.SINGLE
    )
    intake.record_consent(ws, view.id, intake.ConsentInput(intake.ConsentGiver.PERSON))
    exceptions.record_exception(
        ws,
        view.id,
        "finger:10",
        exceptions.ExceptionReason.AMPUTATED,
        exceptions.Permanence.PERMANENT,
        photo(index),
    )
    for state in finish.review(ws, view.id).progress.slots:
        if state.slot.exception_parts() and set(state.slot.exception_parts()) <= {"finger:10"}:
            continue
        demo.capture_best(ws, view.id, state.slot, kit.device_for(state.slot))
    if sign:
        _sign(ws, view.id, CosignSubject.forced("face"), _card(KETUA))
        _sign(ws, view.id, CosignSubject.exception("finger:10"), _card(KETUA))
    with ws.transaction() as session:
        row = drafts.load(session, view.id)
        header = container.checked_header(
            canonical_record.build_record(session, row, finished_at=dt.datetime.now(dt.UTC)).payload
        )
    sealed = finish.finish_enrollment(ws, view.id)
    assert header["review_flags"] == list(sealed.review_flags)
    traces = {c["flag"]: c for c in header["cosigns"]}
    if sign:
        assert set(traces) == {"exception:finger:10:amputated:permanent"} | {
            f for f in traces if f.startswith("forced:face:")
        }
        assert len(traces) == 2
        assert all(c["ketua"] == KETUA and c["role"] == "ketua_tim" for c in traces.values())
    else:
        assert traces == {}
    return sealed


def test_a_sealed_record_countersigned_on_the_spot_does_not_wait_for_review(
    workspace: Workspace,
) -> None:
    ws = workspace
    _with_rule(ws)
    ws.switch_officer(ADMIN, ADMIN_PASSWORD)
    visit = demo.demo_visit(ws)
    demo.prepare_sarpras(ws, visit)
    with ws.transaction() as session:
        store_policy(session, thresholds={QualityModality.FACE: 100})
    ws.switch_officer(PETUGAS, PASSWORD)
    with demo.SimKit() as kit:
        signed = _seal_person(ws, kit, visit, 0, sign=True)
        unsigned = _seal_person(ws, kit, visit, 1, sign=False)
    assert not any(f.startswith(("forced:", "exception:")) for f in signed.review_flags)
    assert any(f.startswith("forced:face:") for f in unsigned.review_flags)
    assert "exception:finger:10:amputated:permanent" in unsigned.review_flags
    ws.switch_officer(KETUA, PASSWORD)
    waiting = [item.record_id for item in queue.list_reviews(ws)]
    assert unsigned.record_id in waiting
    assert signed.record_id not in waiting
