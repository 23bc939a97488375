"""The ketua tim's countersign on the spot, offered after a force or an exception.

When the office rule is on (``fieldkit.enrollment.cosign``), keeping a capture below
the threshold or recording an exception opens this dialog: the ketua tim present puts
their staff card on the reader and types its PIN, and the record will not wait for
the review.  Enter confirms, Esc skips; skipped, the record stays flagged as before.
The card box is the login's (``ui.card_login``): the same PIN field, worker and words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from fieldkit import staffcard
from fieldkit.enrollment import cosign
from fieldkit.review import queue
from ui.card_login import CardCosignBox
from ui.enter_key import enter_presses

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from drivers.interfaces import CardReader
    from fieldkit.enrollment.cosign import Cosign, CosignSubject
    from fieldkit.staffcard import StaffUnlock
    from fieldkit.workspace import Workspace
    from ui.enrollment.host import EnrollmentHost

#: Wide enough that the explanation reads in three lines, not six.
DIALOG_WIDTH = 460

# Where the dialog finds the card reader: the first PC/SC reader, as the login and the
# idle lock do.  A test puts the simulated reader here.
open_card_reader: Callable[[], CardReader | None] = staffcard.first_reader


class CosignDialog(QDialog):
    """Countersign ``subjects`` of a draft with the ketua's card; skippable."""

    signed = Signal(object)  # the list of Cosign

    def __init__(
        self,
        workspace: Workspace,
        enrollment_id: str,
        subjects: Sequence[CosignSubject],
        what: str,
        *,
        open_reader: Callable[[], CardReader | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.enrollment_id = enrollment_id
        self.subjects = tuple(subjects)
        self.setWindowTitle(self.tr("Ketua tim countersign"))
        self.setMinimumWidth(DIALOG_WIDTH)
        intro = QLabel(
            self.tr(
                "%1\nThe ketua tim present may countersign it now, and it need not wait for"
                " the ketua tim's review. Skip, and it stays flagged for the review."
            ).replace("%1", what)
        )
        intro.setWordWrap(True)
        self.box = CardCosignBox(self._countersign, open_reader, self)
        self.box.signed.connect(self._signed)
        buttons = QDialogButtonBox()
        self.skip_button = buttons.addButton(
            self.tr("Skip (stays flagged)"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.rejected.connect(self.reject)  # Esc too
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.box)
        column.addWidget(buttons)
        enter_presses(self, self.box.button)  # Enter in the PIN field confirms
        self.box.pin.setFocus()

    def _countersign(self, card: StaffUnlock) -> list[Cosign]:
        signed: list[Cosign] = []
        for subject in self.subjects:
            signed += cosign.cosign_with_card(self.workspace, self.enrollment_id, subject, card)
        return signed

    def _signed(self, signed: object) -> None:
        self.signed.emit(signed)
        self.accept()


def offer_cosign(
    parent: QWidget, host: EnrollmentHost, enrollment_id: str, subjects: Sequence[CosignSubject]
) -> CosignDialog | None:
    """Open the countersign dialog when the office rule offers it; None when it is off."""
    if not subjects or not cosign.offered(host.workspace):
        return None
    what = QCoreApplication.translate(
        "CosignDialog", "Kept below the threshold or excepted: %1."
    ).replace("%1", ", ".join(_subject_words(host, s) for s in subjects))
    dialog = CosignDialog(
        host.workspace, enrollment_id, subjects, what, open_reader=open_card_reader, parent=parent
    )

    def signed(result: object) -> None:
        names = sorted({c.ketua_name for c in result}) if isinstance(result, list) else []
        if queue.draft_waits_for_review(host.workspace, enrollment_id):
            # Another flag (one skipped, a thumbprint...) still holds the record: say so.
            text = QCoreApplication.translate(
                "CosignDialog",
                "Countersigned by %1. The record still waits for the ketua tim's review"
                " for its other flags.",
            )
        else:
            text = QCoreApplication.translate(
                "CosignDialog", "Countersigned by %1: the record will not wait for review."
            )
        host.status.ok(text.replace("%1", ", ".join(names)))

    dialog.signed.connect(signed)
    dialog.open()
    return dialog


def _subject_words(host: EnrollmentHost, subject: CosignSubject) -> str:
    if subject.kind == "exception":
        return host.words.part(subject.name)
    states = host.view.progress.slots if host.view is not None else ()
    slot = next((s.slot for s in states if s.slot.name == subject.name), None)
    return host.words.slot(slot) if slot is not None else subject.name
