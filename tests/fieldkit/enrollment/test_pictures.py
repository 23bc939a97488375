"""The photos taken as evidence, small, for the petugas's check step (issue 36, finding 8)."""

from __future__ import annotations

from fieldkit.enrollment import exceptions, intake, pictures
from fieldkit.enrollment.exceptions import ExceptionReason, Permanence
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import person, photo, walk_in_visit

HEIGHT = 40


def test_the_letter_and_each_proof_photo_once_in_the_order_taken(workspace: Workspace) -> None:
    view = intake.start_enrollment(workspace, walk_in_visit(workspace), person=person(1))
    assert pictures.document_thumbnails(workspace, view.id, HEIGHT) == []
    letter = intake.ConsentInput(intake.ConsentGiver.GUARDIAN, "Wali Uji", "anak", photo=photo(1))
    intake.record_consent(workspace, view.id, letter)
    blind = photo(2)
    for eye in ("eye:right", "eye:left"):  # one photo for both eyes, as the dialog does
        exceptions.record_exception(
            workspace,
            view.id,
            eye,
            ExceptionReason.BLIND_OR_EYE_DISEASE,
            Permanence.PERMANENT,
            blind,
        )
    exceptions.record_exception(
        workspace, view.id, "finger:9", ExceptionReason.AMPUTATED, Permanence.PERMANENT, photo(3)
    )
    shown = pictures.document_thumbnails(workspace, view.id, HEIGHT)
    assert [(d.kind, d.parts) for d in shown] == [
        ("consent", ()),
        ("proof", ("eye:left", "eye:right")),
        ("proof", ("finger:9",)),
    ]
    for document in shown:
        assert document.pixels.shape[0] == HEIGHT
        assert document.pixels.shape[1] > HEIGHT  # the photos are wider than tall
