"""Who is next: the visit's people, a person met on the spot, or a paused draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSignalBlocker, Signal
from PySide6.QtCore import Slot as QtSlot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit import finish, nik
from fieldkit.enrollment import capture, flow, intake, outcomes, screen
from fieldkit.enrollment.errors import InvalidKk, InvalidNik
from fieldkit.enrollment.machine import FingerMode, SignatureMode, finger_slots
from fieldkit.enrollment.outcomes import DATED_OUTCOMES, Outcome
from fieldkit.errors import KnownError
from fieldkit.planning import targets_import
from fieldkit.planning.targets_import import Category
from fieldkit.records.outbox import RecordStatus
from ui.common import date_of, read_only_table, row_key
from ui.data_center_words import heading, state_pill
from ui.dates import clear_date, date_edit, date_text, empty_date_edit
from ui.design import clear_field_error, mark_primary, mark_status, show_field_error
from ui.design.empty import empty_state
from ui.design.pill import WORD_LOOKS, PillKind, Word, pill_texts
from ui.enrollment.dialogs import AwaitsDecisionDialog, KeepDisagreementDialog, RecordAgainDialog
from ui.enrollment.drafts_tab import DraftsTab, name_and_whole_nik
from ui.enrollment.lists import (
    DATA_CENTER_COLUMN,
    OUTCOME_KINDS,
    Row,
    fill_rows,
    visit_list_columns,
)
from ui.enrollment.starting import ALREADY_ON_THE_LIST, Starting, begin_asking
from ui.enrollment.visit_day import VisitDayQuestion, start_on_its_day
from ui.labels_catalogue import categories_text
from ui.messages import explain
from ui.nik_catalogue import finding_text

if TYPE_CHECKING:
    from ui.enrollment.host import EnrollmentHost

DRAFTS_TAB = 2


class StartScreen(QWidget):
    """The first screen of Perekaman: pick a person and start, or say why not recorded."""

    #: The officer asked to go to Sinkronisasi (to enroll this laptop).
    sync_requested = Signal()

    def __init__(self, host: EnrollmentHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.target_names: dict[str, str] = {}
        self.tabs = QTabWidget()
        self.tabs.addTab(self._targets_tab(), self.tr("Visit list"))
        self.tabs.addTab(self._add_person_tab(), self.tr("Add a person on the spot"))
        self.tabs.addTab(self._drafts_tab(), self.tr("Drafts (paused)"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._enroll_prompt())
        layout.addWidget(self.tabs, 1)

    # --- building ----------------------------------------------------------------

    def _enroll_prompt(self) -> QWidget:
        """A real store not enrolled with a data center: why recording waits, and the way out."""
        self.enroll_prompt = QWidget()
        self.enroll_prompt.setObjectName("enroll_prompt")
        text = QLabel(
            "⚠ "
            + self.tr(
                "Recording cannot start: this laptop is not enrolled with a data center yet, "
                "so nothing recorded could be delivered."
            )
        )
        text.setWordWrap(True)
        self.enroll_prompt_button = QPushButton(self.tr("Open Sync to enroll"))
        self.enroll_prompt_button.clicked.connect(self.sync_requested.emit)
        row = QHBoxLayout(self.enroll_prompt)
        row.addWidget(text, 1)
        row.addWidget(self.enroll_prompt_button)
        self.show_enroll_prompt()
        return self.enroll_prompt

    def show_enroll_prompt(self) -> None:
        self.enroll_prompt.setVisible(screen.waits_for_datacenter(self.host.workspace))

    def _modes(self) -> QHBoxLayout:
        self.finger_mode = QComboBox()
        self.finger_mode.addItem(self.tr("Fingers: 4-4-2 slaps"), FingerMode.SLAPS.value)
        self.finger_mode.addItem(self.tr("Fingers: one at a time"), FingerMode.SINGLE.value)
        self.signature_mode = QComboBox()
        self.signature_mode.addItem(self.tr("Signature"), SignatureMode.SIGNATURE.value)
        self.signature_mode.addItem(
            self.tr("Thumbprint (cannot sign)"), SignatureMode.THUMBPRINT.value
        )
        row = QHBoxLayout()
        row.addWidget(self.finger_mode)
        row.addWidget(self.signature_mode)
        return row

    def _targets_tab(self) -> QWidget:
        tab = QWidget()
        self.targets = QTableWidget(0, 5)
        self.targets.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("NIK"), self.tr("Categories"), self.tr("Outcome"), heading()]
        )
        read_only_table(self.targets)
        name_and_whole_nik(self.targets)
        visit_list_columns(self.targets, outcome=3, data_center=DATA_CENTER_COLUMN)
        self.targets_empty = empty_state(
            self.targets,
            self.tr("Nobody is on this visit's list."),
            self.tr(
                "Import the desa's list in Planning → Targets, or add a person met"
                " on the spot in the next tab."
            ),
        )
        # A double click or Enter on a person starts them, as in any list of things to open.
        self.targets.activated.connect(lambda _index: self.start_selected())
        self.start_button = QPushButton(self.tr("Start enrollment of the selected person"))
        mark_primary(self.start_button)
        self.start_button.clicked.connect(self.start_selected)
        modes = self._modes()
        modes.addStretch(1)
        # The action on a line of its own: beside the two modes it made the screen wider
        # than a 1280-px window (1920 at 150 %), the button half off it (issue 47 D9).
        start = QHBoxLayout()
        start.addWidget(self.start_button)
        start.addStretch(1)
        outcome_box = QGroupBox(self.tr("Not recorded: say why"))
        self.outcome = QComboBox()
        outcome_words = {
            Outcome.NOT_AT_HOME: self.tr("Not at home"),
            Outcome.REFUSED: self.tr("Refused"),
            Outcome.DECEASED: self.tr("Deceased"),
            Outcome.MOVED: self.tr("Moved away"),
            Outcome.UNABLE: self.tr("Unable (give a reason)"),
            Outcome.REVISIT: self.tr("Revisit on a date"),
        }
        for outcome, words in outcome_words.items():
            self.outcome.addItem(words, outcome.value)
        self.outcome_reason = QLineEdit()
        self.outcome_reason.setPlaceholderText(self.tr("reason"))
        self.revisit_date = date_edit(QDate.currentDate().addDays(7))
        # Offered only where it is kept: a date beside "deceased" would be thrown away.
        self.outcome.currentIndexChanged.connect(self._offer_revisit_date)
        self._offer_revisit_date()
        self.outcome_button = QPushButton(self.tr("Record outcome"))
        self.outcome_button.clicked.connect(self.record_outcome)
        row = QHBoxLayout(outcome_box)
        row.addWidget(self.outcome)
        row.addWidget(self.outcome_reason, 1)
        row.addWidget(QLabel(self.tr("revisit")))
        row.addWidget(self.revisit_date)
        row.addWidget(self.outcome_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.targets, 1)
        layout.addLayout(modes)
        layout.addLayout(start)
        layout.addWidget(outcome_box)
        return tab

    def _add_person_tab(self) -> QWidget:  # noqa: PLR0915 - one form, field by field
        tab = QWidget()
        self.nik = QLineEdit()
        self.nik.setMaxLength(16)
        self.kk = QLineEdit()
        self.kk.setMaxLength(16)
        self.name = QLineEdit()
        self.birth_place = QLineEdit()
        # No made-up defaults (issue 36: 01-01-1950 and L were kept unnoticed): both are
        # typed or chosen, or filled from the NIK, and refused at the field when missing.
        self.birth_date = empty_date_edit(self.tr("dd-mm-yyyy"))
        self.sex = QComboBox()
        self.sex.addItem(self.tr("L (male)"), "L")
        self.sex.addItem(self.tr("P (female)"), "P")
        self.sex.setPlaceholderText(self.tr("choose L or P"))
        self.sex.setCurrentIndex(-1)
        # The NIK carries the birth date and the sex: filled from it, so the officer only
        # corrects them; what the officer set by hand is never overwritten.
        self._set_by_hand: set[str] = set()
        self.birth_date.dateChanged.connect(lambda: self._set_by_hand.add("birth_date"))
        self.sex.activated.connect(lambda: self._set_by_hand.add("sex"))
        self.nik.textChanged.connect(self._fill_from_nik)
        self.address = QLineEdit()
        self.rt = QLineEdit()
        self.rt.setMaxLength(3)
        self.rw = QLineEdit()
        self.rw.setMaxLength(3)
        rt_rw = QHBoxLayout()
        rt_rw.addWidget(QLabel(self.tr("RT")))
        rt_rw.addWidget(self.rt)
        rt_rw.addWidget(QLabel(self.tr("RW")))
        rt_rw.addWidget(self.rw)
        self.categories: dict[Category, QCheckBox] = {}
        category_words = {
            Category.LANSIA: self.tr("Elderly (lansia)"),
            Category.DISABILITAS: self.tr("Disability (disabilitas)"),
            Category.ODGJ: self.tr("Mental illness (ODGJ)"),
            Category.TERBARING: self.tr("Bed-bound (terbaring)"),
            Category.LAINNYA: self.tr("Other (lainnya)"),
        }
        categories = QHBoxLayout()
        for category, words in category_words.items():
            box = QCheckBox(words)
            self.categories[category] = box
            categories.addWidget(box)
        self.disability = QLineEdit()
        self.disability.setPlaceholderText(self.tr("which disability, or the 'other' category"))
        self.person_warnings = QLabel()
        self.person_warnings.setWordWrap(True)
        self.check_button = QPushButton(self.tr("Check NIK and KK"))
        self.check_button.clicked.connect(self.check_person)
        self.add_button = QPushButton(self.tr("Add and start enrollment"))
        mark_primary(self.add_button)  # this tab's one main action
        self.add_button.clicked.connect(self.add_and_start)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("NIK"), self.nik)
        form.addRow(self.tr("KK number"), self.kk)
        form.addRow(self.tr("Full name"), self.name)
        form.addRow(self.tr("Birth place"), self.birth_place)
        form.addRow(self.tr("Birth date"), self.birth_date)
        form.addRow(self.tr("Sex"), self.sex)
        form.addRow(self.tr("Address"), self.address)
        form.addRow("", rt_rw)
        form.addRow(self.tr("Categories"), categories)
        form.addRow("", self.disability)
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        layout.addWidget(self.person_warnings)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return tab

    def _drafts_tab(self) -> QWidget:
        self.drafts_tab = DraftsTab(self.host)
        self.drafts_tab.discarded.connect(self.load_visit)
        self.drafts = self.drafts_tab.table
        self.resume_button = self.drafts_tab.resume_button
        self.discard_button = self.drafts_tab.discard_button
        self.resume_selected = self.drafts_tab.resume_selected
        self.discard_selected = self.drafts_tab.discard_selected
        self.record_again_dialog: RecordAgainDialog | None = None
        self.awaits_decision_dialog: AwaitsDecisionDialog | None = None
        self.keep_disagreement_dialog: KeepDisagreementDialog | None = None
        self.visit_day_question: VisitDayQuestion | None = None
        return self.drafts_tab

    # --- showing -------------------------------------------------------------------

    def reset(self) -> None:
        """Each person starts clean: the last one's "cannot sign" does not carry over."""
        self.finger_mode.setCurrentIndex(0)
        self.signature_mode.setCurrentIndex(0)
        self._clear_person_form()

    def _clear_person_form(self) -> None:
        """The walk-in form is for the next person met on the spot, not the last one."""
        for field in (self.nik, self.kk, self.name, self.birth_place, self.address, self.rt):
            field.clear()
        self.rw.clear()
        self.disability.clear()
        for box in self.categories.values():
            box.setChecked(False)
        with QSignalBlocker(self.birth_date):
            clear_date(self.birth_date)
        self.sex.setCurrentIndex(-1)
        self._set_by_hand.clear()
        self.person_warnings.clear()
        for input_field in self._person_fields():
            clear_field_error(input_field)

    def _person_fields(self) -> tuple[QWidget, ...]:
        person = (self.nik, self.kk, self.name, self.birth_date, self.sex)
        return (*person, self.rt, self.rw, self.disability)

    def _field_at_fault(self, error: KnownError) -> QWidget | None:
        """The form field an error is about: its message goes under it, in red."""
        if isinstance(error, InvalidKk):  # a kind of InvalidNik: asked first
            return self.kk
        if isinstance(error, InvalidNik | intake.AlreadyOnTheList):
            return self.nik
        if error.code == "rt_rw_invalid":
            return self.rw if error.params.get("field") == "RW" else self.rt
        # By the code's first words: name_required, sex_invalid, other_category_needs_…
        fields = {"name": self.name, "sex": self.sex, "birth_date": self.birth_date}
        fields |= {"disability_kind": self.disability, "other_category": self.disability}
        return next((f for code, f in fields.items() if error.code.startswith(code)), None)

    def set_frozen(self, *, frozen: bool) -> None:
        self.start_button.setEnabled(not frozen)
        self.add_button.setEnabled(not frozen)

    def _outcome_text(
        self,
        result: outcomes.OutcomeInfo | None,
        *,
        drafted: bool,
        redo: dict[str, RecordStatus],
    ) -> tuple[str, str, PillKind]:
        """A target's outcome in words, its tooltip (the reason given), and its pill's kind."""
        again = redo.get(result.record_id or "") if result is not None else None
        if again is RecordStatus.REJECTED:
            # What the data center said, as the berita acara says it: not "terekam".
            text = "✖ " + self.tr("rejected by the data center: record again")
            return text, "", PillKind.DANGER
        if again is RecordStatus.RETURNED:
            # The ketua tim sent it back, as Tinjauan and the berita acara say: not "terekam".
            text, kind = pill_texts(Word.RETURNED)
            return text + " · " + self.tr("record again"), "", kind
        if result is not None:
            words = self.host.words.outcomes[result.outcome]
            if result.revisit_date is not None:
                words += " · " + self.tr("revisit %1").replace("%1", date_text(result.revisit_date))
            return words, result.reason or "", OUTCOME_KINDS[result.outcome]
        if drafted:
            text, kind = pill_texts(Word.DRAFT)
            return text, "", kind
        return "○ " + self.tr("no outcome yet"), "", PillKind.NEUTRAL

    @QtSlot()
    def load_visit(self) -> None:
        """The visit's people with their outcomes, and its drafts."""
        ws, visit_id = self.host.workspace, self.host.visit.visit_id()
        self.targets.setRowCount(0)
        self.drafts.setRowCount(0)
        if visit_id is None:
            return
        try:
            targets = targets_import.list_targets(ws, visit_id)
            results = outcomes.visit_outcomes(ws, visit_id)
            drafts = flow.list_drafts(ws, visit_id)
            sent = [r.record_id for r in results.values() if r is not None and r.record_id]
            redo = screen.records_to_redo(ws, sent)
            news = screen.data_center_words(ws, sent)
        except KnownError as error:
            self.host.status.error(explain(error))
            return
        self.target_names = {t.id: t.name for t in targets}
        drafted = {d.target_id for d in drafts}
        rows = []
        for target in targets:
            words, tooltip, kind = self._outcome_text(
                results.get(target.id), drafted=target.id in drafted, redo=redo
            )
            result = results.get(target.id)
            said, said_kind = state_pill(
                news.get(result.record_id or "") if result is not None else None
            )
            cells = [target.name, nik.mask(target.nik), categories_text(target.categories), words]
            more = () if said_kind is None else ((DATA_CENTER_COLUMN, said_kind),)
            rows.append(Row(target.id, [*cells, said], tooltip, (3, kind), more))
        fill_rows(self.targets, rows)
        draft_symbol = WORD_LOOKS[Word.DRAFT][1]  # ◐, as a draft is drawn everywhere
        fill_rows(
            self.drafts,
            [
                Row(
                    draft.id,
                    [
                        # The person first: officers look for a name, not a draft's id.
                        self.target_names.get(draft.target_id, "") or draft.id[:8],
                        draft.nik_masked,
                        f"{draft_symbol} "
                        + (self.tr("paused") if draft.status == "paused" else self.tr("open")),
                        "; ".join(self.host.words.missing(draft.progress)) or "✔",
                    ],
                    pill=(2, PillKind.NEUTRAL),
                )
                for draft in drafts
            ],
        )

    # --- acting --------------------------------------------------------------------

    def _modes_chosen(self) -> tuple[FingerMode, SignatureMode, str | None]:
        """The modes to start with, and what to tell the officer of a mode changed for them.

        Those words are said once the draft is on screen (:meth:`_start`): starting moves
        to the consent step, which begins with an empty status line.
        """
        wanted = FingerMode(str(self.finger_mode.currentData()))
        devices = self.host.devices
        try:
            slap = finger_slots(FingerMode.SLAPS)[0]  # the scanner a slap would be asked of
            scanner = devices.device_for(slap) if devices else None
        except KnownError:
            scanner = None  # not attached yet: the officer's choice stands
        mode = capture.finger_mode_for(scanner, wanted)
        note = None
        if mode is not wanted:
            self.finger_mode.setCurrentIndex(self.finger_mode.findData(mode.value))
            note = self.tr(
                "This scanner takes one finger at a time: the fingers are recorded one by one."
            )
        return mode, SignatureMode(str(self.signature_mode.currentData())), note

    def _start(
        self,
        visit_id: str,
        *,
        target_ref: str | None = None,
        person: intake.PersonInput | None = None,
    ) -> None:
        """Start a draft of a listed person (``target_ref``) or of one met on the spot.

        On a visit planned for another day, the officer is asked first (issue 36).
        """
        self.visit_day_question = start_on_its_day(
            self.host,
            self,
            visit_id,
            lambda: self._begin(visit_id, target_ref=target_ref, person=person),
        )

    def _begin(
        self,
        visit_id: str,
        *,
        target_ref: str | None = None,
        person: intake.PersonInput | None = None,
    ) -> None:
        finger_mode, signature_mode, note = self._modes_chosen()
        name = person.name if person is not None else self.target_names.get(target_ref or "", "")
        begin_asking(
            self.host,
            self,
            visit_id,
            Starting(target_ref, person, name, finger_mode, signature_mode, note),
            fields=self.disagreement_fields,
            asked=self._asked,
        )

    def _asked(self, dialog: QDialog) -> None:
        """Keep the question open now (tests and the screen reader find it here)."""
        if isinstance(dialog, RecordAgainDialog):
            self.record_again_dialog = dialog
        elif isinstance(dialog, KeepDisagreementDialog):
            self.keep_disagreement_dialog = dialog
        elif isinstance(dialog, AwaitsDecisionDialog):
            self.awaits_decision_dialog = dialog

    def disagreement_fields(self) -> dict[str, QWidget]:
        """The form field each NIK-versus-form finding, or a refusal of the NIK, is about."""
        findings = {"nik.birth_date_mismatch": self.birth_date, "nik.sex_mismatch": self.sex}
        return findings | {ALREADY_ON_THE_LIST: self.nik}

    def start_selected(self) -> None:
        visit_id, target_id = self.host.visit.visit_id(), row_key(self.targets)
        if visit_id is None or target_id is None:
            self.host.status.error(self.tr("Pick a person from the visit list first."))
            return
        self._start(visit_id, target_ref=target_id)

    @QtSlot(str)
    def _fill_from_nik(self, text: str) -> None:
        if len(text) != nik.LENGTH or not text.isdigit():
            return
        read = nik.check_nik(text)
        if read.birth_date is not None and "birth_date" not in self._set_by_hand:
            with QSignalBlocker(self.birth_date):
                self.birth_date.setDate(QDate(read.birth_date))
        if read.sex is not None and "sex" not in self._set_by_hand:
            self.sex.setCurrentIndex(self.sex.findData(read.sex.value))

    def person_input(self) -> intake.PersonInput:
        chosen = tuple(c for c, box in self.categories.items() if box.isChecked())
        extra = self.disability.text().strip() or None
        return intake.PersonInput(
            nik=self.nik.text(),
            name=self.name.text(),
            kk=self.kk.text() or None,
            birth_place=self.birth_place.text(),
            birth_date=date_of(self.birth_date),
            sex=self.sex.currentData() or None,  # None until chosen: the NIK is judged alone
            address=self.address.text(),
            rt=self.rt.text(),
            rw=self.rw.text(),
            categories=chosen,
            disability_kind=extra if Category.DISABILITAS in chosen else None,
            category_note=extra if Category.LAINNYA in chosen else None,
        )

    def _missing_at_field(self) -> tuple[QWidget, str] | None:
        """The birth date or sex not given yet, and what to say under it; None when both are."""
        if self.birth_date.is_empty():
            return (self.birth_date, self.tr("Type the birth date (dd-mm-yyyy) first."))
        if self.sex.currentIndex() < 0:
            return (self.sex, self.tr("Choose the sex (L or P) first."))
        return None

    def check_person(self) -> bool:
        """Validate the form; errors refuse, NIK/KK disagreements are shown as warnings."""
        for input_field in self._person_fields():
            clear_field_error(input_field)
        missing = self._missing_at_field()
        try:
            checked = intake.check_person(self.person_input())
            intake.refuse_listed(self.host.workspace, self.host.visit.visit_id(), checked.person)
        except KnownError as error:
            at_fault = self._field_at_fault(error)
            if missing is not None and not self._above(at_fault, missing[0]):
                return self._refuse_missing(missing)
            if at_fault is not None:  # at the field that caused it: a red border, words under it
                show_field_error(at_fault, explain(error))
                self.person_warnings.clear()
            else:
                self.person_warnings.setText("✖ " + explain(error))
                mark_status(self.person_warnings, "error")
            return False
        if missing is not None:
            return self._refuse_missing(missing)
        at_field = self.disagreement_fields()
        for finding in checked.warnings:  # the birth date's or sex's, said at that field
            if finding.code in at_field:
                show_field_error(at_field[finding.code], finding_text(finding))
        others = [w for w in checked.warnings if w.code not in at_field]
        if others:
            lines = [f"⚠ {finding_text(w)}" for w in others]
            self.person_warnings.setText("\n".join(lines))
            mark_status(self.person_warnings, "warning")
        elif checked.warnings:
            self.person_warnings.clear()
        else:
            self.person_warnings.setText("✔ " + self.tr("NIK and KK are valid."))
            mark_status(self.person_warnings, "ok")
        return True

    def _above(self, field: QWidget | None, other: QWidget) -> bool:
        """Whether ``field`` comes before ``other`` in the form: the first fault is said first.

        "Periksa NIK dan KK" on a form with only a wrong NIK must speak of the NIK, not of
        the birth date below it that nobody has typed yet.
        """
        order = self._person_fields()
        return field in order and order.index(field) < order.index(other)

    def _refuse_missing(self, missing: tuple[QWidget, str]) -> bool:
        show_field_error(*missing)  # at the field, as every other refusal of the form
        self.person_warnings.clear()
        return False

    def add_and_start(self) -> None:
        visit_id = self.host.visit.visit_id()
        if visit_id is None:
            self.host.status.error(self.tr("Pick a visit first."))
            return
        if not self.check_person():
            return
        self._start(visit_id, person=self.person_input())

    def _offer_revisit_date(self) -> None:
        self.revisit_date.setEnabled(Outcome(str(self.outcome.currentData())) in DATED_OUTCOMES)

    def record_outcome(self) -> None:
        visit_id, target_id = self.host.visit.visit_id(), row_key(self.targets)
        if visit_id is None or target_id is None:
            self.host.status.error(self.tr("Pick a person from the visit list first."))
            return
        outcome = Outcome(str(self.outcome.currentData()))
        try:
            finish.record_outcome(
                self.host.workspace,
                visit_id,
                target_id,
                outcome,
                reason=self.outcome_reason.text(),
                revisit_date=date_of(self.revisit_date) if outcome in DATED_OUTCOMES else None,
            )
        except KnownError as error:
            self.host.status.error(explain(error))
            return
        self.host.status.ok(self.tr("Outcome recorded."))
        self.outcome_reason.clear()  # the next person starts with an empty reason
        self.load_visit()
