"""Captures: every attempt is kept (encrypted, in the store) until the record is sealed.

A device's :class:`~drivers.base.CaptureResult` goes in; out comes a verdict
per finger or eye, the slot's new state, and how many attempts are left.
Quality is judged outside any transaction (NFIQ 2 takes tens of
milliseconds per finger), then the attempt is written in one transaction, so
a crash leaves either the whole attempt or none of it.

Images are stored as lossless JPEG 2000 bytes inside the SQLCipher store;
nothing touches a temp file.  Every capture is a link of the enrollment's
hash chain (``drivers.chain``): its previous hash must be the draft's head,
so a capture cannot be slipped into, or dropped from, a record unnoticed.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from drivers.base import CaptureRequest, CaptureResult
from drivers.chain import CaptureChain, ChainLink, image_payload
from drivers.interfaces import FingerprintScanner, IrisCamera
from fieldkit import audit, devices
from fieldkit.enrollment import assess, capture_rules, drafts, timing
from fieldkit.enrollment.errors import ConsentRequired, StepNotAllowed
from fieldkit.enrollment.machine import (
    FingerMode,
    SignatureMode,
    Slot,
    SlotProgress,
    Step,
    slot_named,
)
from fieldkit.enrollment.models import CaptureAttempt, CaptureImage, Enrollment
from fieldkit.errors import InvalidInput
from fieldkit.formats.positions import FingerPosition
from fieldkit.quality.face import expected_background
from fieldkit.quality.imageio import jp2_bytes
from fieldkit.quality.policy import ForceReason, QualityPolicy, load_policy
from fieldkit.quality.result import Instruction, QualityModality
from fieldkit.quality.slap import segment_slap

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    from numpy.typing import NDArray
    from sqlalchemy.orm import Session

    from drivers.base import CancelToken, ImageDevice
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

JP2 = "image/jp2"
PEN_SAMPLES = "application/vnd.fieldkit.pen-samples+json"


@dataclass(frozen=True)
class CaptureOutcome:
    """What the officer sees after pressing capture."""

    slot: str
    attempt: int
    score: float | None
    passed: bool
    parts: dict[str, assess.PartVerdict]
    kept: bool  # this attempt is now the slot's best
    attempts_left: int
    slot_state: SlotProgress
    #: The draft after this attempt, moved on to the next step when this one is done
    #: (:func:`drafts.step_after_done`), from the transaction that wrote the attempt:
    #: the screen shows it as it is, with no second read of the draft or the policy.
    view: drafts.EnrollmentView

    @property
    def reasons(self) -> list[Instruction]:
        """Why it failed, in both languages: never a bare "score 0" (issue 14)."""
        return assess.failure_reasons(self.parts.values())

    def as_json(self) -> dict[str, object]:
        return {
            "slot": self.slot,
            "attempt": self.attempt,
            "score": self.score,
            "passed": self.passed,
            "parts": {p: v.as_json() for p, v in self.parts.items()},
            "kept": self.kept,
            "attempts_left": self.attempts_left,
            "slot_state": self.slot_state.as_json(),
            "current_step": self.view.progress.current.value,
        }


class StillNotGood(StepNotAllowed):
    """Auto-capture's still was judged bad, so nothing was recorded (``only_if_good``).

    The live verdict said good, then the person blinked or lifted the finger before the
    shutter, or the pen never left the pad: no attempt is used up for it.
    """

    code = "capture_still_not_good"


@dataclass(frozen=True)
class _Plan:
    """What a capture into a slot needs to know, read in one short transaction.

    One press plans once: the policy it holds judges the attempt, counts the
    attempts left and allowed the attempt, so one capture is never judged by two
    policies (an office may change the policy while the device is capturing).
    """

    enrollment_id: str
    slot: Slot
    attempts: int
    excepted: frozenset[str]
    chain_head: str
    chain_length: int
    birth_year: int | None
    policy: QualityPolicy


def find_slot(row: Enrollment, slot_name: str) -> Slot:
    return slot_named(FingerMode(row.finger_mode), SignatureMode(row.signature_mode), slot_name)


def _plan(ws: Workspace, enrollment_ref: str, slot_name: str, force: ForceReason | None) -> _Plan:
    """Read the draft, the slot's attempts and the policy; refuse an attempt beyond it."""
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        if row.consent_at is None:
            raise ConsentRequired
        slot = find_slot(row, slot_name)
        count = session.scalar(
            sa.select(sa.func.count())
            .select_from(CaptureAttempt)
            .where(CaptureAttempt.enrollment_id == row.id, CaptureAttempt.slot == slot.name)
        )
        policy = load_policy(session)
        attempts = int(count or 0)
        policy.check_attempt(attempts, force)
        return _Plan(
            row.id,
            slot,
            attempts,
            frozenset(drafts.excepted_parts(session, row.id)),
            row.chain_head,
            row.chain_length,
            drafts.birth_year(row),
            policy,
        )


def _wanted_parts(plan: _Plan) -> tuple[str, ...]:
    excepted = set(plan.excepted)
    codes = dict(zip(plan.slot.parts, plan.slot.exception_parts(), strict=False))
    wanted = tuple(p for p in plan.slot.parts if codes.get(p) not in excepted)
    if not wanted:
        raise StepNotAllowed(
            code="slot_fully_excepted",
            params={"slot": plan.slot.name},
        )
    return wanted


def request_position(plan: _Plan) -> str:
    """The device position: an iris camera asked for the one eye that can be captured."""
    wanted = _wanted_parts(plan)
    if plan.slot.modality is QualityModality.IRIS and len(wanted) == 1:
        return wanted[0]
    return plan.slot.position


def _images_by_part(plan: _Plan, result: CaptureResult) -> dict[str, NDArray[np.uint8]]:
    """Which image is which finger or eye, from the device's labels or the slot's layout."""
    wanted = _wanted_parts(plan)
    images = list(result.images)
    if not images:
        raise InvalidInput(
            code="capture_no_image",
            params={"slot": plan.slot.name},
        )
    if plan.slot.modality is QualityModality.SIGNATURE:
        return {"signature": images[0]}
    labels = [n.strip() for n in result.metadata.get("parts", "").split(",") if n.strip()]
    if labels and len(labels) == len(images):
        return dict(zip(labels, images, strict=True))
    slot_code = int(plan.slot.position) if plan.slot.position.isdigit() else 0
    if len(images) == 1 and len(wanted) > 1 and slot_code in {13, 14, 15}:
        missing = [FingerPosition(int(p)) for p in plan.slot.parts if p not in wanted]
        seg = segment_slap(images[0], FingerPosition(slot_code), missing=missing)
        found = {str(pos.value): image for pos, image in seg.by_position().items()}
        if seg.ok and found:
            return found
        raise InvalidInput(
            code="capture_slap_not_split",
            params={"fingers": len(wanted), "problems": ", ".join(seg.problems)},
        )
    if len(images) == len(wanted):
        return dict(zip(wanted, images, strict=True))
    raise InvalidInput(
        code="capture_image_count",
        params={"got": len(images), "slot": plan.slot.name, "expected": len(wanted)},
    )


def _verdicts(
    plan: _Plan, result: CaptureResult, images: dict[str, NDArray[np.uint8]]
) -> list[assess.PartVerdict]:
    policy = plan.policy
    modality = plan.slot.modality
    if modality is QualityModality.FACE:
        return [assess.assess_face(images["face"], policy, plan.birth_year)]
    if modality is QualityModality.FINGER:
        return assess.assess_fingers(images, policy)
    if modality is QualityModality.IRIS:
        return assess.assess_irises(images, policy)
    return [assess.assess_signature(result.pen_samples, policy)]


def _link(plan: _Plan, result: CaptureResult) -> ChainLink:
    """The capture's chain link: the device's, which must follow the draft's head, or ours."""
    if result.link is not None:
        if result.link.previous_hash != plan.chain_head or result.link.index != plan.chain_length:
            raise StepNotAllowed(
                code="capture_chain_broken",
            )
        return result.link
    chain = CaptureChain(plan.chain_head, plan.chain_length)
    payload = image_payload(result.images) + b"".join(
        f"{s.x:.3f},{s.y:.3f},{s.pressure:.4f},{s.t_ms};".encode() for s in result.pen_samples
    )
    return chain.append(payload, dict(result.metadata))


def _device_json(result: CaptureResult) -> str:
    info = result.device
    return json.dumps(
        {
            "modality": info.modality.value,
            "vendor": info.vendor,
            "model": info.model,
            "serial": info.serial,
            "firmware": info.firmware,
            "backend": info.backend,
            "simulated": "simulated" in info.capabilities or info.backend == "sim",
        },
        sort_keys=True,
    )


def _encoded(
    images: dict[str, NDArray[np.uint8]], result: CaptureResult
) -> list[tuple[str, str, bytes]]:
    """(part, media type, bytes): lossless JPEG 2000 per image, pen samples as JSON."""
    out = [(part, JP2, jp2_bytes(image)) for part, image in images.items()]
    if result.pen_samples:
        samples = [[s.x, s.y, s.pressure, s.t_ms] for s in result.pen_samples]
        out.append(("pen_samples", PEN_SAMPLES, json.dumps(samples).encode()))
    return out


def record_capture(
    ws: Workspace,
    enrollment_ref: str,
    slot_name: str,
    result: CaptureResult,
    *,
    force: ForceReason | None = None,
) -> CaptureOutcome:
    """Judge and keep one attempt; beyond the attempt limit only with ``force``."""
    return _record(ws, _plan(ws, enrollment_ref, slot_name, force), result, force)


def _record(
    ws: Workspace,
    plan: _Plan,
    result: CaptureResult,
    force: ForceReason | None,
    *,
    verdicts: list[assess.PartVerdict] | None = None,
) -> CaptureOutcome:
    """Judge and keep an attempt planned (and allowed) by ``plan``.

    The draft must not have moved since the plan: its chain head is checked again
    in the transaction that writes the attempt.  ``verdicts``: judged already (by
    :func:`_judged_first`), not judged twice.
    """
    link = _link(plan, result)
    images = _images_by_part(plan, result)
    # JPEG 2000 encoding and NFIQ 2 both run outside the GIL: overlap them.
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="jp2") as pool:
        encoding = pool.submit(_encoded, images, result)
        if verdicts is None:
            verdicts = _verdicts(plan, result, images)
        encoded = encoding.result()
    scores = [v.score for v in verdicts]
    score = None if any(s is None for s in scores) else min(s for s in scores if s is not None)
    passed = all(v.passed for v in verdicts)
    now = timing.now()
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, plan.enrollment_id)
        if row.chain_head != plan.chain_head:
            raise StepNotAllowed(
                code="capture_saved_meanwhile",
            )
        attempt_no = plan.attempts + 1
        attempt = CaptureAttempt(
            id=str(uuid.uuid4()),
            enrollment_id=row.id,
            slot=plan.slot.name,
            attempt=attempt_no,
            score=score,
            passed=passed,
            quality=json.dumps(
                {"parts": {v.part: v.as_json() for v in verdicts}}, sort_keys=True, default=str
            ),
            device=_device_json(result),
            chain_index=link.index,
            previous_hash=link.previous_hash,
            payload_hash=link.payload_hash,
            link_hash=link.hash,
            link_metadata=json.dumps(dict(link.metadata), sort_keys=True),
            forced_code=force.code.value if force else None,
            forced_text=force.text if force else None,
            captured_at=now,
        )
        session.add(attempt)
        session.flush()
        session.add_all(
            CaptureImage(
                id=str(uuid.uuid4()),
                attempt_id=attempt.id,
                part=part,
                media_type=media,
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
            )
            for part, media, data in encoded
        )
        row.chain_head, row.chain_length = link.hash, link.index + 1
        drafts.move_to(row, plan.slot.step, now)
        audit.append(
            session,
            ws.officer.username,
            "enrollment.capture",
            row.id,
            {
                "slot": plan.slot.name,
                "attempt": attempt_no,
                "score": score,
                "passed": passed,
                "forced": force is not None,
            },
        )
        view = drafts.advanced_view(session, row, now, plan.policy)
        state = next(s for s in view.progress.slots if s.slot.name == plan.slot.name)
        return CaptureOutcome(
            slot=plan.slot.name,
            attempt=attempt_no,
            score=score,
            passed=passed,
            parts={v.part: v for v in verdicts},
            kept=state.best_attempt == attempt_no,
            attempts_left=max(0, plan.policy.max_attempts - attempt_no),
            slot_state=state,
            view=view,
        )


def shots_for(slot: Slot, device: object, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The device positions one press of Rekam takes for ``slot``, in order.

    A one-eye iris camera (a UVC module that sees one eye per shot) takes "both
    irises" as two shots, right then left, so the officer is never asked for what
    the device cannot give; every other device takes the slot in one shot, ``("",)``.
    """
    if (
        slot.modality is QualityModality.IRIS
        and isinstance(device, IrisCamera)
        and device.eyes_per_capture < len(wanted)
    ):
        return wanted
    return ("",)


def _one_result(shots: tuple[str, ...], results: list[CaptureResult]) -> CaptureResult:
    """One eye per shot, labelled as the eye it was taken for; the core chains them."""
    first, last = results[0], results[-1]
    metadata = dict(first.metadata)
    metadata["parts"] = ",".join(shots)
    metadata["shots"] = str(len(results))
    return CaptureResult(
        modality=first.modality,
        device=first.device,
        started_at=first.started_at,
        finished_at=last.finished_at,
        images=tuple(image for result in results for image in result.images[:1]),
        position="both",
        metadata=metadata,
    )


def capture(
    ws: Workspace,
    enrollment_ref: str,
    slot_name: str,
    device: ImageDevice,
    *,
    timeout_s: float = 15.0,
    cancel: CancelToken | None = None,
    force: ForceReason | None = None,
    on_shot: Callable[[str], None] | None = None,
    only_if_good: bool = False,
) -> CaptureOutcome:
    """Capture from an open device into a slot, chained to the draft, then keep it.

    ``on_shot`` hears each eye before its shot when a one-eye camera takes both
    eyes in turn, so the screen can tell the officer where to hold it.
    ``only_if_good`` (auto-capture): judge the still first and record nothing when it
    is bad, raising :class:`StillNotGood`; a press of Rekam records every attempt.
    """
    plan = _plan(ws, enrollment_ref, slot_name, force)
    # A device that captures by itself (SBI) waits for the pass mark this attempt is
    # judged by, not a vendor default.
    options: dict[str, object] = {
        "timeout_s": timeout_s,
        "requested_score": plan.policy.threshold(plan.slot.modality),
    }
    if cancel is not None:
        options["cancel"] = cancel
    wanted = _wanted_parts(plan)
    skipped = tuple(p for p in plan.slot.parts if p not in wanted)
    shots = shots_for(plan.slot, device, wanted)
    with devices.converted(capture_rules.device_kind(plan.slot)):
        if shots == ("",):
            chain = CaptureChain(plan.chain_head, plan.chain_length)
            request = CaptureRequest(
                position=request_position(plan),
                exceptions=skipped,
                chain=chain,
                **options,  # type: ignore[arg-type]
            )
            result = device.capture(request)
        else:
            results = []
            for part in shots:
                if on_shot is not None:
                    on_shot(part)
                results.append(device.capture(CaptureRequest(position=part, **options)))  # type: ignore[arg-type]
            result = _one_result(shots, results)
    if only_if_good:
        return _record(ws, plan, result, force, verdicts=_judged_first(plan, result))
    return _record(ws, plan, result, force)


def _judged_first(plan: _Plan, result: CaptureResult) -> list[assess.PartVerdict]:
    """Auto-capture's check before anything is written: a bad still is refused whole.

    A signature pad that ended on its timeout had a pen that never left the pad: the
    signer has not finished, so that is no signature to keep either.
    """
    if plan.slot.modality is QualityModality.SIGNATURE and (
        result.metadata.get("end_reason") == "timeout"
    ):
        raise StillNotGood(params={"slot": plan.slot.name})
    try:
        images = _images_by_part(plan, result)
    except InvalidInput as error:  # a slap that cannot be split: a hand lifted early
        raise StillNotGood(params={"slot": plan.slot.name}) from error
    verdicts = _verdicts(plan, result, images)
    if not all(v.passed for v in verdicts):
        raise StillNotGood(params={"slot": plan.slot.name})
    return verdicts


def force_accept(
    ws: Workspace, enrollment_ref: str, slot_name: str, reason: ForceReason
) -> SlotProgress:
    """Keep a slot's best below-threshold attempt, with a reason; flagged for the ketua tim."""
    if not isinstance(reason, ForceReason):
        raise InvalidInput(
            code="capture_force_reason_required",
        )
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        slot = find_slot(row, slot_name)
        policy = load_policy(session)  # once, for the state before and after
        progress = drafts.progress_of(session, row, policy)
        state = next(s for s in progress.slots if s.slot.name == slot.name)
        if state.best_attempt is None:
            raise StepNotAllowed(
                code="nothing_to_keep",
                params={"slot": slot.name},
            )
        if state.state.value == "ok":
            raise StepNotAllowed(
                code="already_passed",
                params={"slot": slot.name},
            )
        attempts = session.scalars(
            sa.select(CaptureAttempt).where(
                CaptureAttempt.enrollment_id == row.id, CaptureAttempt.slot == slot.name
            )
        ).all()
        best = max(attempts, key=lambda a: (-1.0 if a.score is None else a.score, -a.attempt))
        best.forced_code, best.forced_text = reason.code.value, reason.text
        row.updated_at = timing.now()
        audit.append(
            session,
            ws.officer.username,
            "enrollment.forced",
            row.id,
            {"slot": slot.name, "attempt": best.attempt, "reason": reason.code.value},
        )
        session.flush()
        after = drafts.progress_of(session, row, policy)
        return next(s for s in after.slots if s.slot.name == slot.name)


def set_signature_mode(
    ws: Workspace, enrollment_ref: str, mode: SignatureMode, reason: str | None = None
) -> drafts.EnrollmentView:
    """A person who cannot sign gives a thumbprint (cap jempol) instead; say why."""
    words = (reason or "").strip() or None
    if mode is SignatureMode.THUMBPRINT and words is None:
        raise InvalidInput(
            code="signature_reason_required",
        )
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        row.signature_mode = mode.value
        row.signature_mode_reason = words if mode is SignatureMode.THUMBPRINT else None
        drafts.move_to(row, Step.SIGNATURE, timing.now())
        audit.append(
            session, ws.officer.username, "enrollment.signature_mode", row.id, {"mode": mode.value}
        )
        return drafts.view_of(session, row)


def training_backdrop(birth_year: int | None, chosen: str | None = None) -> str | None:
    """The cloth a training camera should show: the trainer's choice, else the right one.

    A simulated face camera offers a red and a blue backdrop; by default it shows the
    colour the person's birth year calls for (red odd, blue even), and a trainer can
    hang the wrong one on purpose to show the refusal and its reason.
    """
    return chosen or expected_background(birth_year)


def finger_mode_for(device: object | None, wanted: FingerMode) -> FingerMode:
    """The finger mode the attached scanner can do: slaps only on a four-finger platen.

    A single-finger sensor (a ZFM module) asked for a slap returns one print, which no
    segmentation can turn into four; so with such a scanner the officer records one
    finger at a time instead of meeting a refusal on every slap.  With no scanner
    attached yet nothing is decided: the officer's choice stands.
    """
    if (
        wanted is FingerMode.SLAPS
        and isinstance(device, FingerprintScanner)
        and not device.takes_slaps
    ):
        return FingerMode.SINGLE
    return wanted


def set_finger_mode(ws: Workspace, enrollment_ref: str, mode: FingerMode) -> drafts.EnrollmentView:
    """Switch between 4-4-2 slaps and one finger at a time (a hand that cannot lie flat)."""
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        row.finger_mode = mode.value
        drafts.move_to(row, Step.FINGERS, timing.now())
        audit.append(
            session, ws.officer.username, "enrollment.finger_mode", row.id, {"mode": mode.value}
        )
        return drafts.view_of(session, row)


def kept_images(session: Session, enrollment_id: str) -> dict[str, list[CaptureImage]]:
    """The images of each slot's kept attempt, less those an exception replaced."""
    row = drafts.load(session, enrollment_id)
    progress = drafts.progress_of(session, row)
    kept: dict[str, list[CaptureImage]] = {}
    for state in progress.slots:
        if state.best_attempt is None:
            continue
        attempt = session.scalars(
            sa.select(CaptureAttempt).where(
                CaptureAttempt.enrollment_id == row.id,
                CaptureAttempt.slot == state.slot.name,
                CaptureAttempt.attempt == state.best_attempt,
            )
        ).one()
        images = session.scalars(
            sa.select(CaptureImage).where(CaptureImage.attempt_id == attempt.id)
        )
        kept[state.slot.name] = [i for i in images if not state.replaced_by_exception(i.part)]
    return kept


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()
