"""A whole visit end to end: five people, the simulators over their real transports.

Slaps and iris over SBI on loopback HTTP, the thumbprint on the ZFM emulator's
pty, the signature on the ISDV4 emulator's pty, the face through OpenCV.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fieldkit import demo, finish
from fieldkit.enrollment import capture, exceptions, flow, intake, outcomes
from fieldkit.enrollment.errors import (
    ConsentRequired,
    InvalidNik,
    ProofRequired,
    UnknownVisit,
    VisitClosed,
    VisitHasOpenTargets,
)
from fieldkit.enrollment.exceptions import ExceptionReason, Permanence
from fieldkit.enrollment.machine import FingerMode, SignatureMode, Step, slots_for
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.errors import InvalidInput
from fieldkit.planning import targets_import
from fieldkit.records import container, outbox
from fieldkit.records import demo as demo_dc
from fieldkit.sealing import open_sealed
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import person, photo, walk_in_visit


def _record(ws: Workspace, kit: demo.SimKit, draft: str) -> finish.FinishedRecord:
    view = finish.review(ws, draft)
    for state in view.progress.slots:
        if not state.resolved:
            demo.capture_best(ws, draft, state.slot, kit.device_for(state.slot))
    return finish.finish_enrollment(ws, draft)


def _payload(ws: Workspace, record_id: str) -> dict[str, object]:
    with ws.transaction() as session:
        sealed = outbox.sealed(session, record_id)
        public = outbox.device_public_key(session)
    return container.unpack(open_sealed(sealed, demo_dc.demo_private_key(), public))[0]


def test_a_visit_of_five_ends_with_three_records_and_five_outcomes(workspace: Workspace) -> None:
    ws = workspace
    visit = walk_in_visit(ws)
    targets = [intake.add_person(ws, visit, person(i)) for i in range(5)]
    consent = intake.ConsentInput(intake.ConsentGiver.PERSON)
    with demo.SimKit(slaps=True) as kit:
        # 1: two amputated fingers of the left hand; the slap is taken without them.
        amputee = intake.start_enrollment(ws, visit, target_ref=targets[0]).id
        intake.record_consent(ws, amputee, consent)
        for part in ("finger:8", "finger:9"):
            exceptions.record_exception(
                ws, amputee, part, ExceptionReason.AMPUTATED, Permanence.PERMANENT, photo(1)
            )
        slap = capture.capture(
            ws,
            amputee,
            "finger:14",
            kit.device_for(slots_for(FingerMode.SLAPS, SignatureMode.SIGNATURE)[1]),
        )
        assert set(slap.parts) == {"7", "10"}
        first = _record(ws, kit, amputee)

        # 2: blind; both eyes excepted, and the face photo taken first (order changed).
        blind = intake.start_enrollment(ws, visit, target_ref=targets[1]).id
        intake.record_consent(ws, blind, consent)
        demo.capture_best(
            ws, blind, demo.slots_for(FingerMode.SLAPS, SignatureMode.SIGNATURE)[0], kit.face
        )
        for eye in ("eye:right", "eye:left"):
            exceptions.record_exception(
                ws,
                blind,
                eye,
                ExceptionReason.BLIND_OR_EYE_DISEASE,
                Permanence.PERMANENT,
                photo(2),
                text="katarak kedua mata",
            )
        second = _record(ws, kit, blind)

        # 3: cannot sign; a thumbprint on the ZFM scanner instead.
        no_sign = intake.start_enrollment(ws, visit, target_ref=targets[2]).id
        intake.record_consent(
            ws,
            no_sign,
            intake.ConsentInput(intake.ConsentGiver.CARETAKER, "Perawat Uji", "perawat"),
        )
        capture.set_signature_mode(
            ws, no_sign, SignatureMode.THUMBPRINT, "tremor, tidak bisa menulis"
        )
        third = _record(ws, kit, no_sign)

    # 4 and 5: nobody recorded.
    finish.record_outcome(ws, visit, targets[3], Outcome.NOT_AT_HOME)
    with pytest.raises(VisitHasOpenTargets) as open_targets:
        outcomes.close_visit(ws, visit)
    assert open_targets.value.target_ids == [targets[4]]
    finish.record_outcome(ws, visit, targets[4], Outcome.REFUSED, reason="keluarga menolak")

    closed = outcomes.close_visit(ws, visit)
    assert {t: o.outcome for t, o in closed.items()} == {
        targets[0]: Outcome.RECORDED,
        targets[1]: Outcome.RECORDED,
        targets[2]: Outcome.RECORDED,
        targets[3]: Outcome.NOT_AT_HOME,
        targets[4]: Outcome.REFUSED,
    }
    with ws.transaction() as session:
        records = outbox.list_records(session)
        assert outbox.verify_records(session) == []
    assert [r.record_id for r in records] == [first.record_id, second.record_id, third.record_id]
    assert {
        "exception:finger:8:amputated:permanent",
        "exception:finger:9:amputated:permanent",
    } <= set(first.review_flags)
    assert "exception:eye:left:blind_or_eye_disease:permanent" in second.review_flags
    assert "thumbprint_for_signature" in third.review_flags
    assert {o.target_id for o in outcomes.review_queue(ws, visit)} == set(targets[:3])

    one = _payload(ws, first.record_id)
    slap14 = next(c for c in one["captures"] if c["slot"] == "finger:14")  # type: ignore[union-attr]
    kept = next(a for a in slap14["attempts"] if a["kept"])
    assert {i["part"] for i in kept["images"]} == {"7", "10"}
    assert {e["part"] for e in one["exceptions"]} == {"finger:8", "finger:9"}  # type: ignore[union-attr]
    assert all(e["proof"]["media_type"] == "image/jpeg" for e in one["exceptions"])  # type: ignore[union-attr]
    two = _payload(ws, second.record_id)
    iris = next(c for c in two["captures"] if c["slot"] == "iris")  # type: ignore[union-attr]
    assert (iris["state"], iris["attempts"]) == ("excepted", [])
    three = _payload(ws, third.record_id)
    assert three["signature_mode"]["mode"] == "thumbprint"  # type: ignore[index]
    assert any(c["slot"] == "thumbprint" for c in three["captures"])  # type: ignore[union-attr]

    with pytest.raises(VisitClosed):
        intake.start_enrollment(ws, visit, person=person(9))


def test_bad_input_gets_a_clear_error_and_changes_nothing(workspace: Workspace) -> None:
    ws = workspace
    visit = walk_in_visit(ws)
    with pytest.raises(InvalidNik, match="NIK is not valid"):
        intake.start_enrollment(ws, visit, person=person(1, nik="3315010000009001"))
    with pytest.raises(UnknownVisit) as unknown:
        intake.start_enrollment(ws, "0000ffff", person=person(1))
    assert (unknown.value.code, unknown.value.params) == ("unknown_visit", {"visit": "0000ffff"})
    with pytest.raises(InvalidInput, match="which disability"):
        intake.start_enrollment(
            ws, visit, person=person(1, categories=(demo.Category.DISABILITAS,))
        )
    # A NIK that disagrees with the form stops the start (issue 47), and changes nothing:
    # no draft, no walk-in on the list.  With a reason it is kept, as a warning.
    born = dt.date(1951, 3, 3)
    targets_before = len(targets_import.list_targets(ws, visit))
    for reason in (None, "  ", "ok"):
        with pytest.raises(intake.NikDisagreesWithForm) as disagrees:
            intake.start_enrollment(
                ws, visit, person=person(2, birth_date=born), disagreement_reason=reason
            )
    assert [f["code"] for f in json.loads(disagrees.value.params["findings"])] == [
        "nik.birth_date_mismatch"
    ]
    assert len(targets_import.list_targets(ws, visit)) == targets_before
    assert flow.list_drafts(ws, visit) == []
    mismatched = intake.start_enrollment(
        ws,
        visit,
        person=person(2, birth_date=born),
        disagreement_reason="Tanggal lahir di KK sudah dibetulkan",
    )
    assert "nik_birth_date_mismatch" in mismatched.warnings or any(
        "birth_date" in w for w in mismatched.warnings
    )
    draft = mismatched.id
    with pytest.raises(ConsentRequired):
        capture.capture(ws, draft, "face", None)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="name and their relation"):
        intake.record_consent(ws, draft, intake.ConsentInput(intake.ConsentGiver.GUARDIAN))
    intake.record_consent(ws, draft, intake.ConsentInput(intake.ConsentGiver.PERSON))
    with pytest.raises(ProofRequired, match="proof photo"):
        exceptions.record_exception(
            ws, draft, "finger:3", ExceptionReason.BANDAGED_OR_INJURED, Permanence.TEMPORARY, None
        )
    with pytest.raises(InvalidInput, match="not a finger or eye"):
        exceptions.record_exception(
            ws, draft, "toe:1", ExceptionReason.OTHER, Permanence.TEMPORARY, photo()
        )
    with pytest.raises(InvalidInput, match="not a readable image"):
        exceptions.record_exception(
            ws, draft, "finger:3", ExceptionReason.TREMOR, Permanence.TEMPORARY, b"not a photo"
        )
    assert exceptions.list_exceptions(ws, draft) == []
    with pytest.raises(InvalidInput, match="needs a reason"):
        finish.record_outcome(ws, visit, mismatched.target_id, Outcome.UNABLE)
    with pytest.raises(InvalidInput, match="suggested date"):
        finish.record_outcome(ws, visit, mismatched.target_id, Outcome.REVISIT)
    with pytest.raises(InvalidInput, match="set by finishing"):
        finish.record_outcome(ws, visit, mismatched.target_id, Outcome.RECORDED)
    revisit = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7)
    # A date beside an outcome that does not keep one is refused, not dropped.
    with pytest.raises(InvalidInput) as dropped:
        finish.record_outcome(
            ws, visit, mismatched.target_id, Outcome.DECEASED, revisit_date=revisit
        )
    assert dropped.value.code == "revisit_date_not_for_outcome"
    info = finish.record_outcome(
        ws, visit, mismatched.target_id, Outcome.REVISIT, revisit_date=revisit
    )
    assert info.revisit_date == revisit
    assert finish.review(ws, draft).progress.current is Step.REVIEW
