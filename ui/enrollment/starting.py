"""Starting a person's draft, and the questions a refused start asks before it goes on.

The core refuses a start that needs a reason (``fieldkit.enrollment.intake``): a person
the office's list says the data center has already recorded, one whose record waits for
the office's decision on a possible duplicate (issue 48), or a NIK whose birth date
or sex disagrees with the form.  Each refusal opens its question; the reason given is
kept, and the start is tried again with every reason given so far, so a person who is
both recorded and disagreeing is asked twice, once each, never the same thing again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit.enrollment import intake, recorded_again
from fieldkit.errors import KnownError
from ui.dates import date_text
from ui.design import show_field_error
from ui.enrollment.dialogs import AwaitsDecisionDialog, KeepDisagreementDialog, RecordAgainDialog
from ui.messages import explain
from ui.nik_catalogue import stored_finding_text
from ui.target_completion import DisabilityKindDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QDialog, QWidget

    from fieldkit.enrollment.drafts import EnrollmentView
    from fieldkit.enrollment.machine import FingerMode, SignatureMode
    from ui.common import ReasonDialog
    from ui.enrollment.host import EnrollmentHost

#: The core's refusal of a person the office's list says the data center has recorded.
RECORDED_AT_OFFICE = recorded_again.RECORDED_AT_OFFICE
#: The core's refusal of a person whose record waits for the office's decision (issue 48).
AWAITS_DECISION = recorded_again.AWAITS_DECISION
#: The core's refusal of a NIK whose birth date or sex disagrees with the person's data.
NIK_DISAGREES = intake.NikDisagreesWithForm.code
#: A listed disabilitas person whose kind the list left empty: asked, then started.
KIND_MISSING = "disability_kind_required"
#: A walk-in whose NIK the visit's list already holds: said under the NIK, by name.
ALREADY_ON_THE_LIST = intake.AlreadyOnTheList.code


@dataclass(frozen=True)
class Starting:
    """Who is started, and how: a listed person (``target_ref``) or one met on the spot."""

    target_ref: str | None
    person: intake.PersonInput | None
    name: str
    finger_mode: FingerMode
    signature_mode: SignatureMode
    #: What to tell the petugas once the draft is on screen (a mode changed for them).
    note: str | None


def _stored_json(error: KnownError) -> list[dict[str, object]]:
    try:
        found = json.loads(error.params.get("findings", "[]"))
    except ValueError:
        return []
    return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []


def stored_findings(error: KnownError) -> list[tuple[str, str, str]]:
    """The refusal's findings as (code, catalogue entry, params as JSON), to word them here."""
    return [
        (
            str(f.get("code", "")),
            str(f.get("wording", "")),
            json.dumps(f.get("params", {}), ensure_ascii=False),
        )
        for f in _stored_json(error)
    ]


def begin_asking(
    host: EnrollmentHost,
    form: QWidget,
    visit_id: str,
    starting: Starting,
    *,
    fields: Callable[[], dict[str, QWidget]],
    asked: Callable[[QDialog], None],
) -> None:
    """Start the draft; a refusal that asks a reason opens its question, then tries again.

    ``form`` is the widget the questions open over, ``fields`` the form field each
    NIK finding is about, ``asked`` is told of each question opened (the screen keeps it).
    """
    refused: list[KnownError] = []
    #: The reasons the petugas gave for each refusal that asks one (by its code).
    reasons: dict[str, str] = {}

    def begin() -> EnrollmentView:
        refused.clear()
        try:
            return intake.start_enrollment(
                host.workspace,
                visit_id,
                target_ref=starting.target_ref,
                person=starting.person,
                finger_mode=starting.finger_mode,
                signature_mode=starting.signature_mode,
                # One reason answers both: recording again is one decision, audited once.
                recapture_reason=reasons.get(AWAITS_DECISION) or reasons.get(RECORDED_AT_OFFICE),
                disagreement_reason=reasons.get(NIK_DISAGREES),
            )
        except KnownError as error:
            refused.append(error)
            raise

    def attempt() -> None:
        started = host.run(begin)
        if started and starting.note:
            host.status.info(starting.note)
        if not refused:
            return
        error = refused[0]
        if error.code == KIND_MISSING and starting.target_ref is not None:
            # The list left the kind empty: asked here, stored on the list, then started
            # (issue 59 §2); the petugas sees the person, nobody need re-import the list.
            completion = DisabilityKindDialog(
                host.workspace, starting.target_ref, starting.name, form
            )
            asked(completion)
            completion.completed.connect(lambda _info: attempt())
            completion.open()
            return
        dialog = _question(error, starting.name, form, fields())
        if dialog is None:
            return
        asked(dialog)

        def given() -> None:
            reasons[error.code] = dialog.reason.text()
            attempt()

        dialog.accepted.connect(given)
        dialog.open()

    attempt()


def _question(
    error: KnownError, name: str, form: QWidget, fields: dict[str, QWidget]
) -> ReasonDialog | None:
    """The question a refusal asks before trying again; None where it only says why.

    A NIK already on the list is said under the NIK field, by the listed person's name:
    the petugas picks that person from the list, there is nothing to answer.
    """
    if error.code == ALREADY_ON_THE_LIST:
        if error.code in fields:
            show_field_error(fields[error.code], explain(error))
        return None
    if error.code == NIK_DISAGREES:
        show_disagreement(fields, error)
        words = [stored_finding_text(w, p) for _c, w, p in stored_findings(error)]
        return KeepDisagreementDialog(name, words, form)
    if error.code == RECORDED_AT_OFFICE:
        return RecordAgainDialog(name, _recorded_on(error), form)
    if error.code == AWAITS_DECISION:
        return AwaitsDecisionDialog(name, explain(error), form)
    return None


def _recorded_on(error: KnownError) -> str:
    """The day the office's list says the person was recorded, as screens write a day."""
    day = str(error.params.get("date", ""))
    try:
        return date_text(dt.date.fromisoformat(day))
    except ValueError:
        return day


def show_disagreement(fields: dict[str, QWidget], error: KnownError) -> None:
    """Under the birth date or sex of the walk-in form, what the NIK says instead.

    The petugas who cancels the question is left on the form with the disagreement in
    words where it is, not on a label of a page that has been left (issue 47).
    """
    for code, wording, params in stored_findings(error):
        field = fields.get(code)
        if field is not None:
            show_field_error(field, stored_finding_text(wording, params))
