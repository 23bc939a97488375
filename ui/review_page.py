"""Tinjauan: the ketua tim's day, the records waiting for review, and the revisit list.

Three tabs over ``fieldkit.review`` (the same functions as ``fieldkit review``
and ``fieldkit revisit``):

- *Hari ini*: today's people with their state, what waits for review, the
  revisit list's length and each visit's sarpras state, on one screen;
- *Tinjauan* (ketua tim): each flagged record with its flags in words and the
  pictures to judge them by (proof photos, the thumbprint given for a signature,
  the consent letter), kept at seal time, so nothing sealed is opened; Setujui
  (with an optional note) or Kembalikan (with a reason), then Urungkan for a while;
- *Kunjungan ulang* (``ui.review_revisits``): everyone to visit again and why,
  the family's contact, and (operator) a new visit planned with the chosen people.

The core enforces who may do what; the page only hides what a role cannot use.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError
from fieldkit.events import (
    Event,
    OutcomesChanged,
    RecordSealed,
    ReviewsChanged,
    RevisitsChanged,
    SarprasSigned,
    VisitsChanged,
)
from fieldkit.permissions import may_decide_review
from fieldkit.review import day, queue
from ui.common import (
    StatusLine,
    fit_columns,
    read_only_table,
    row_key,
    tip_cells,
)
from ui.data_center_words import heading, state_pill
from ui.dates import date_text
from ui.design import mark_primary, mark_status
from ui.design.empty import empty_state
from ui.design.pill import mark_pill_cell, pill_column
from ui.messages import explain
from ui.review_photo import enlarged_photo
from ui.review_revisits import RevisitsTab, cell
from ui.review_words import ReviewWords

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)

#: A proof photo's size in the list; a click shows it as large as it was kept.
THUMB_PX = 120
TILE_MIN_PX = 110
REVIEW_TAB = 1  # the ketua tim's second tab
#: How long Urungkan stays after a decision.  The core undoes one as long as the record
#: is unsent; the button is for the slip noticed at once (the wrong row, the wrong button),
#: and a later change of mind is a new decision, not a stale button clicked by chance.
UNDO_SECONDS = 30
# The day's tiles, left to right; "other outcome" (died, moved…) is in the table only.
DAY_TILES = (
    day.TargetState.NOT_YET,
    day.TargetState.AWAITING_REVIEW,
    day.TargetState.RETURNED,
    day.TargetState.NOT_AT_HOME,
    day.TargetState.RECORDED,
)
DAY_ORDER = (
    day.TargetState.AWAITING_REVIEW,
    day.TargetState.REJECTED,
    day.TargetState.RETURNED,
    day.TargetState.NOT_YET,
    day.TargetState.NOT_AT_HOME,
    day.TargetState.OTHER,
    day.TargetState.RECORDED,
)


class ReviewPage(QWidget):
    """The ketua tim's screen (and the operator's revisit list).

    Text labels keep no accessible name of their own: a screen reader reads their text.
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setAccessibleName(self.tr("Review"))
        self.is_ketua = may_decide_review(workspace.officer)
        self.items: dict[str, queue.ReviewItem] = {}
        self.enlarged: QDialog | None = None
        self.words = ReviewWords()
        #: The last decision Urungkan takes back: the record and the words typed for it.
        self.undoable: tuple[str, QLineEdit, str] | None = None
        # The record just decided: it stays in the list, chosen and marked decided, so a
        # second press of the still-focused button acts on nobody else (issue 47).
        self.just_decided: str | None = None
        # Kembalikan's question while it is open (it names the person).
        self.return_question: QMessageBox | None = None

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Review sections"))
        self.tabs.addTab(self._build_day(), self.tr("Today"))
        if self.is_ketua:  # only the ketua tim decides: nobody else sees the queue
            self.tabs.addTab(self._build_review(), self.tr("Waiting for review"))
        self.status = StatusLine()
        self.revisits_tab = RevisitsTab(workspace, self.words, self.status)
        self.revisits_tab.changed.connect(self.refresh)
        # The tab's parts, by the names the page has always had.
        self.revisit_table = self.revisits_tab.revisit_table
        self.revisit_empty = self.revisits_tab.revisit_empty
        self.notified_button = self.revisits_tab.notified_button
        self.unreachable_button = self.revisits_tab.unreachable_button
        self.plan_date = self.revisits_tab.plan_date
        self.plan_button = self.revisits_tab.plan_button
        self.plan, self.record_contact = self.revisits_tab.plan, self.revisits_tab.record_contact
        self.tabs.addTab(self.revisits_tab, self.tr("Revisit list"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo the decision"))
        self.undo_button.clicked.connect(self.undo)
        # Its room is kept while hidden: the status line does not jump when it comes and goes.
        keep_room = self.undo_button.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)
        self.undo_button.setSizePolicy(keep_room)
        self.undo_button.setVisible(False)
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.setInterval(UNDO_SECONDS * 1000)
        self.undo_timer.timeout.connect(self._forget_undo)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.refresh()

    # --- Hari ini ---------------------------------------------------------------------

    def _build_day(self) -> QWidget:
        tab = QWidget()
        self.day_heading = QLabel()
        heading_font = self.day_heading.font()
        heading_font.setBold(True)
        self.day_heading.setFont(heading_font)

        # One tile per state: the ketua tim reads the day at a glance, zeros included,
        # so "belum: 0" is an answer and not a missing line.
        self.day_tiles: dict[day.TargetState, QLabel] = {}
        tiles = QHBoxLayout()
        for state in DAY_TILES:
            tile = QLabel()
            tile.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tile.setFrameShape(QFrame.Shape.StyledPanel)
            tile.setMinimumWidth(TILE_MIN_PX)
            tile.setMargin(4)
            self.day_tiles[state] = tile
            tiles.addWidget(tile)
        tiles.addStretch(1)

        # What is left for the ketua tim, with the way to it: the whole queue (any day),
        # not only today's people, because a record sealed yesterday waits just the same.
        self.day_summary = QLabel()
        self.day_summary.setWordWrap(True)
        self.to_review_button = QPushButton(self.tr("Review now"))
        self.to_review_button.setAccessibleName(self.tr("Review now"))
        self.to_review_button.clicked.connect(lambda: self.tabs.setCurrentIndex(REVIEW_TAB))
        self.to_review_button.setVisible(self.is_ketua)
        self.to_revisits_button = QPushButton(self.tr("Open the revisit list"))
        self.to_revisits_button.setAccessibleName(self.tr("Open the revisit list"))
        self.to_revisits_button.clicked.connect(
            lambda: self.tabs.setCurrentWidget(self.revisits_tab)
        )
        pending = QHBoxLayout()
        pending.addWidget(self.day_summary, 1)
        pending.addWidget(self.to_review_button)
        pending.addWidget(self.to_revisits_button)

        self.day_sarpras = QLabel()
        self.day_sarpras.setWordWrap(True)
        sarpras_box = QGroupBox(self.tr("Equipment (sarpras)"))
        QVBoxLayout(sarpras_box).addWidget(self.day_sarpras)

        self.day_table = QTableWidget(0, 5)
        self.day_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("NIK"), self.tr("Visit"), self.tr("State"), heading()]
        )
        self.day_table.setAccessibleName(self.tr("Today's people"))
        read_only_table(self.day_table)
        fit_columns(self.day_table, stretch=(0, 2, 4))
        pill_column(self.day_table, 3)
        pill_column(self.day_table, 4)  # the data center's state (issue 48)
        self.day_empty = empty_state(self.day_table, *self.words.empty_day)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.day_heading)
        layout.addLayout(tiles)
        layout.addLayout(pending)
        layout.addWidget(sarpras_box)
        layout.addWidget(self.day_table, 1)
        return tab

    def _show_day(self) -> None:
        view = day.day_view(self.workspace)
        self.day_heading.setText(
            self.tr("Today, %1: %2 people on %n visit(s)", "", len(view.visits))
            .replace("%1", date_text(view.date))
            .replace("%2", str(len(view.targets)))
        )
        counts = view.counts()
        for state, tile in self.day_tiles.items():
            tile.setText(f"{counts[state]}\n{self.words.states[state]}")
        waiting = str(view.awaiting_review)
        if view.awaiting_review_other_days:  # the tile counts today's people only
            waiting = self.tr(
                "%1 (%n of them from other days)", "", view.awaiting_review_other_days
            ).replace("%1", waiting)
        self.day_summary.setText(
            self.tr("Waiting for review: %1. On the revisit list: %2.")
            .replace("%1", waiting)
            .replace("%2", str(view.revisits))
        )
        self.to_review_button.setEnabled(view.awaiting_review > 0)
        self.to_revisits_button.setEnabled(view.revisits > 0)
        if view.visits:
            self.day_sarpras.setText("\n".join(self.words.sarpras_line(v) for v in view.visits))
            unchecked = any(v.unchecked_equipment for v in view.visits)
            mark_status(self.day_sarpras, "warning" if unchecked else None)
        else:
            self.day_sarpras.setText(self.tr("No visit is planned for today."))
            mark_status(self.day_sarpras, None)
        places = {v.visit_id: v.desa for v in view.visits}
        # The people who still need the team come first: those to review or to record.
        ordered = sorted(view.targets, key=lambda t: DAY_ORDER.index(t.state))
        self.day_table.setRowCount(len(ordered))
        for row, target in enumerate(ordered):
            self.day_table.setItem(row, 0, cell(target.name, target.target_id))
            self.day_table.setItem(row, 1, cell(target.nik_masked))
            self.day_table.setItem(row, 2, cell(places.get(target.visit_id, "-")))
            text, kind = self.words.state_pill(target.state)
            state_cell = cell(text)
            mark_pill_cell(state_cell, kind)
            self.day_table.setItem(row, 3, state_cell)
            said, said_kind = state_pill(target.data_center)
            self.day_table.setItem(row, 4, said_cell := cell(said))
            if said_kind is not None:
                mark_pill_cell(said_cell, said_kind)
        tip_cells(self.day_table)

    # --- Tinjauan ---------------------------------------------------------------------

    def _build_review(self) -> QWidget:
        tab = QWidget()
        self.review_table = QTableWidget(0, 3)
        self.review_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("NIK"), self.tr("Flags")]
        )
        self.review_table.setAccessibleName(self.tr("Records waiting for review"))
        read_only_table(self.review_table)
        fit_columns(self.review_table, stretch=(2,))
        self.review_empty = empty_state(self.review_table, *self.words.empty_review)
        self.review_table.itemSelectionChanged.connect(self._show_record)

        self.flags_label = QLabel(self.tr("Choose a record to see its flags."))
        self.flags_label.setWordWrap(True)
        self.thumbs = QWidget()
        self.thumbs_layout = QHBoxLayout(self.thumbs)
        self.thumbs_layout.setContentsMargins(0, 0, 0, 0)
        thumbs_scroll = QScrollArea()
        thumbs_scroll.setWidget(self.thumbs)
        thumbs_scroll.setWidgetResizable(True)
        thumbs_scroll.setFixedHeight(THUMB_PX + 56)  # the picture, its name, the scroll bar
        thumbs_scroll.setAccessibleName(self.tr("Proof photos"))

        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.note.setAccessibleName(self.tr("Approval note"))
        self.approve_button = QPushButton(self.tr("Approve"))
        mark_primary(self.approve_button)
        self.approve_button.setAccessibleName(self.tr("Approve"))
        self.approve_button.clicked.connect(self.approve)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why it must be recorded again"))
        self.reason.setAccessibleName(self.tr("Reason for return"))
        self.return_button = QPushButton(self.tr("Return for recapture"))
        self.return_button.setAccessibleName(self.tr("Return for recapture"))
        self.return_button.clicked.connect(self.send_back)

        decide = QGroupBox(self.tr("Decision"))
        decide_layout = QVBoxLayout(decide)
        approve_row = QHBoxLayout()
        approve_row.addWidget(self.note, 1)
        approve_row.addWidget(self.approve_button)
        back_row = QHBoxLayout()
        back_row.addWidget(self.reason, 1)
        back_row.addWidget(self.return_button)
        decide_layout.addLayout(approve_row)
        decide_layout.addLayout(back_row)

        details = QGroupBox(self.tr("Flags and proof photos"))
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.flags_label)
        details_layout.addWidget(thumbs_scroll)

        layout = QVBoxLayout(tab)
        layout.addWidget(self.review_table, 1)
        layout.addWidget(details)
        layout.addWidget(decide)
        return tab

    def _show_reviews(self) -> None:
        """The waiting records, and the one just decided in its place, still chosen.

        A rebuilt table kept the row number: Setujui pressed again decided for the next.
        """
        decided = self.just_decided
        listed = queue.list_reviews(self.workspace, queue.EVERY_STATE)
        self.items = {i.record_id: i for i in listed if i.waiting or i.record_id == decided}
        if decided not in self.items:
            decided = self.just_decided = None
        self.review_table.blockSignals(True)  # noqa: FBT003 - Qt's API
        self.review_table.clearSelection()
        self.review_table.setRowCount(len(self.items))
        for row, item in enumerate(self.items.values()):
            words = "; ".join(self.words.flag(d) for d in item.details)
            name = item.name or "-"
            if not item.waiting:
                name = f"{self._decided_symbol(item)} {name}"
            self.review_table.setItem(row, 0, cell(name, item.record_id))
            self.review_table.setItem(row, 1, cell(item.nik_masked or "-"))
            self.review_table.setItem(row, 2, cell(words))
            if item.record_id == decided:
                self.review_table.selectRow(row)
        self.review_table.blockSignals(False)  # noqa: FBT003
        tip_cells(self.review_table)
        self._show_record()

    @staticmethod
    def _decided_symbol(item: queue.ReviewItem) -> str:
        return "✔" if item.approved else "↩"

    def selected_record(self) -> str | None:
        return row_key(self.review_table)

    def _show_record(self) -> None:
        while self.thumbs_layout.count():
            taken = self.thumbs_layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        record_id = self.selected_record()
        if self.just_decided is not None and record_id != self.just_decided:
            self.just_decided = None  # another person chosen: the decided one may go
        item = self.items.get(record_id or "")
        enabled = item is not None and item.waiting
        self.approve_button.setEnabled(enabled)
        self.return_button.setEnabled(enabled)
        if item is None:
            self.flags_label.setText(self.tr("Choose a record to see its flags."))
            return
        lines = ["• " + self.words.flag(d, full=True) for d in item.details]
        if not item.waiting:
            lines.insert(0, self._decided_line(item))
        self.flags_label.setText("\n".join(lines))
        # Each picture under the flag it proves, so the ketua tim matches them at a glance.
        proves = {
            d.get("part"): self.words.flag(d) for d in item.details if d.get("kind") == "exception"
        }
        for detail in item.details:
            if detail.get("kind") == "signature":
                proves[queue.THUMBPRINT_PART] = self.words.flag(detail)
            elif detail.get("kind") == "consent":
                proves[queue.CONSENT_PART] = self.tr("Photo of the consent letter: %1").replace(
                    "%1", self.words.flag(detail)
                )
        # In the order of the flags above them; a picture no flag names (none today) last.
        order = list(proves)
        pictures = sorted(
            queue.proof_thumbnails(self.workspace, item.record_id),
            key=lambda p: order.index(p.part) if p.part in order else len(order),
        )
        for photo in pictures:
            pixmap = QPixmap()
            pixmap.loadFromData(photo.data)
            words = proves.get(photo.part) or self.tr("Proof photo: %1").replace(
                "%1", self.words.parts.get(photo.part, photo.part)
            )
            button = QToolButton()
            button.setIcon(QIcon(pixmap))
            button.setIconSize(QSize(THUMB_PX, THUMB_PX))
            button.setText(self.words.parts.get(photo.part, photo.part))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setAccessibleName(words)
            button.setToolTip(words + "\n" + self.tr("Click to enlarge."))
            button.clicked.connect(
                lambda _checked=False, shown=pixmap, title=words: self._enlarge(shown, title)
            )
            self.thumbs_layout.addWidget(button)
        self.thumbs_layout.addStretch(1)

    def _decided_line(self, item: queue.ReviewItem) -> str:
        """What was decided for the chosen person, and that the next one is chosen by hand."""
        name = item.name or "-"
        if item.approved:
            text = self.tr("✔ Approved: %1. Choose the next person in the list.")
        else:
            text = self.tr("↩ Returned for recapture: %1. Choose the next person in the list.")
        return text.replace("%1", name)

    def _enlarge(self, pixmap: QPixmap, title: str) -> None:
        self.enlarged = enlarged_photo(self, pixmap, title)

    def _waiting_choice(self) -> queue.ReviewItem | None:
        """The chosen record, if it still waits for a decision."""
        item = self.items.get(self.selected_record() or "")
        return item if item is not None and item.waiting else None

    def approve(self) -> None:
        item = self._waiting_choice()
        if item is None:
            return
        typed = self.note.text()
        try:
            queue.approve(self.workspace, item.record_id, typed)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.note.clear()
        self.status.ok(
            self.tr("Approved: %1. The record goes with the next sync.").replace(
                "%1", item.name or "-"
            )
        )
        self._decided(item.record_id, self.note, typed)

    def send_back(self) -> None:
        """Ask first, naming the person: a return sends them back to be recorded again."""
        item = self._waiting_choice()
        if item is None:
            return
        typed = self.reason.text()
        try:  # no reason, or too long: said before a question about nothing
            words = queue.reason_words(typed)
        except KnownError as error:
            self.status.error(explain(error))
            return
        name = item.name or "-"
        question = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Return for recapture"),
            self.tr("Return the record of %1 for recapture?").replace("%1", name),
            parent=self,
        )
        question.setInformativeText(
            self.tr(
                "It is not sent to the data center; %1 goes on the revisit list to be "
                "recorded again. Reason: %2"
            )
            .replace("%1", name)
            .replace("%2", words)
        )
        confirm = question.addButton(
            self.tr("Return %1").replace("%1", name), QMessageBox.ButtonRole.AcceptRole
        )
        cancel = question.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        question.setDefaultButton(cancel)  # Enter must not return a person by habit
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.return_question = question

        def answered() -> None:
            self.return_question = None
            if question.clickedButton() is confirm:
                self._return(item, typed)

        question.finished.connect(answered)
        question.open()

    def _return(self, item: queue.ReviewItem, typed: str) -> None:
        try:
            queue.return_for_recapture(self.workspace, item.record_id, typed)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.reason.clear()
        self.status.ok(
            self.tr(
                "Returned: %1. The record is not sent; the person is on the revisit list."
            ).replace("%1", item.name or "-")
        )
        self._decided(item.record_id, self.reason, typed)

    def _decided(self, record_id: str, field: QLineEdit, typed: str) -> None:
        """The decided person stays chosen, their buttons grey; the table takes the focus."""
        self._offer_undo(record_id, field, typed)
        self.just_decided = record_id
        self.refresh()
        self.review_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _offer_undo(self, record_id: str, field: QLineEdit, typed: str) -> None:
        """Urungkan beside the news, for the last decision only, for :data:`UNDO_SECONDS`.

        An undo rather than a question before each decision: the ketua tim decides
        record after record, a question asked every time is answered by habit, and a
        slip is seen the moment the status line says what was done.
        """
        self.undoable = (record_id, field, typed)
        self.undo_button.setToolTip(
            self.tr(
                "Undo this decision within %n second(s): the record waits for review again.",
                "",
                UNDO_SECONDS,
            )
        )
        self.undo_button.setVisible(True)
        self.undo_timer.start()

    def _forget_undo(self) -> None:
        self.undo_timer.stop()
        self.undoable = None
        self.undo_button.setVisible(False)

    def undo(self) -> None:
        """Take back the last decision in the core; the record is chosen again, its words back."""
        if self.undoable is None:
            return
        record_id, field, typed = self.undoable
        self._forget_undo()
        try:
            queue.undo_decision(self.workspace, record_id)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Decision undone: the record waits for review again."))
        self.just_decided = record_id
        self.refresh()
        for row in range(self.review_table.rowCount()):
            cell = self.review_table.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == record_id:
                self.review_table.selectRow(row)
                break
        field.setText(typed)

    # --- all --------------------------------------------------------------------------

    def follow(self, bridge: EventBridge) -> None:
        """Redraw what an event changed: a decision or a revisit, every list; else today."""
        kinds: tuple[type[Event], ...] = (ReviewsChanged, RevisitsChanged)
        for kind in kinds:
            bridge.subscribe(kind, lambda _e: self.refresh(), self)
        kinds = (RecordSealed, OutcomesChanged, SarprasSigned, VisitsChanged)
        for kind in kinds:
            bridge.subscribe(kind, lambda _e: self._show_day(), self)

    def refresh(self) -> None:
        self._show_day()
        if self.is_ketua:
            self._show_reviews()
        else:
            self.items = {}
        self.revisits_tab.show_revisits()
