"""Pengaturan's enrollment rules: thresholds, attempts, freeze limits, countersign, auto-capture.

Only an admin sees and changes them.  A rule the office set through its package is
marked "(set by the office)" beside its name, with a tooltip saying what that means:
the admin may make it stricter, never looser (the core refuses a looser value with
the sentence of ``rule_set_by_office``); auto-capture's steady spell, which has no
stricter side, may not be changed at all once the office set it.  The words keep the
settings screen's translation context (``SettingsPage``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from fieldkit import office
from fieldkit.enrollment import autocapture, autocapture_rule, cosign, freeze, rules
from fieldkit.errors import KnownError
from fieldkit.quality.policy import ATTEMPTS_KEY, THRESHOLD_KEY
from fieldkit.quality.result import QualityModality
from ui.design import clear_field_error, show_field_error
from ui.error_catalogue import core_error_text
from ui.messages import explain, fill

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace
    from ui.common import StatusLine

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate

RULE_SET_BY_OFFICE = "rule_set_by_office"


class RulesBox(QGroupBox):
    """The office's enrollment rules, each name marked when the office's package set it."""

    def __init__(
        self, workspace: Workspace, status: StatusLine, parent: QWidget | None = None
    ) -> None:
        super().__init__(translate("SettingsPage", "Quality and sync thresholds"), parent)
        self.workspace = workspace
        self.status = status
        form = QFormLayout(self)
        # Short of width a long rule's field goes under its words: side by side, "Stop new
        # recordings when not synced for" and its box made Pengaturan wider than a 1280-px
        # window (1920 at 150 %), which then scrolled sideways (issue 47 D9).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        names = {
            QualityModality.FACE: translate("SettingsPage", "Face (0-100)"),
            QualityModality.FINGER: translate("SettingsPage", "Fingerprint, NFIQ 2 (0-100)"),
            QualityModality.IRIS: translate("SettingsPage", "Iris (0-100)"),
            QualityModality.SIGNATURE: translate("SettingsPage", "Signature (0-100)"),
        }
        self.threshold_inputs: dict[QualityModality, QSpinBox] = {}
        #: Settings key -> (its label, its name without the mark).
        self.labels: dict[str, tuple[QLabel, str]] = {}
        #: Settings key -> the input's own tooltip, given back when the office's mark goes.
        self._own_tips: dict[str, str] = {}
        for modality, name in names.items():
            spin = QSpinBox()
            spin.setRange(0, 100)
            self.threshold_inputs[modality] = spin
            self._row(form, THRESHOLD_KEY.format(modality.value), name, spin)
        self.attempts_input = QSpinBox()
        self.attempts_input.setRange(1, 10)
        self._row(
            form,
            ATTEMPTS_KEY,
            translate("SettingsPage", "Attempts before a reason is needed"),
            self.attempts_input,
        )
        self.freeze_days_input = QSpinBox()
        self.freeze_days_input.setRange(1, 365)
        self.freeze_days_input.setSuffix(translate("SettingsPage", " days"))
        self._row(
            form,
            freeze.DAYS_KEY,
            translate("SettingsPage", "Stop new enrollments after no sync for"),
            self.freeze_days_input,
        )
        self.freeze_waiting_input = QSpinBox()
        self.freeze_waiting_input.setRange(1, 100_000)
        self.freeze_waiting_input.setSuffix(translate("SettingsPage", " records"))
        self._row(
            form,
            freeze.WAITING_KEY,
            translate("SettingsPage", "…or with more waiting than"),
            self.freeze_waiting_input,
        )
        self.cosign_input = QCheckBox(translate("SettingsPage", "offered"))
        self.cosign_input.setToolTip(
            translate(
                "SettingsPage",
                "After a capture kept below the threshold or an exception, the ketua tim"
                " present countersigns with the staff card and PIN; the record then does not"
                " wait for the review.",
            )
        )
        self._row(
            form,
            cosign.RULE_KEY,
            translate("SettingsPage", "Countersign on the spot"),
            self.cosign_input,
        )
        self.autocapture_input = QCheckBox(translate("SettingsPage", "on"))
        self.autocapture_input.setToolTip(
            translate(
                "SettingsPage",
                "A capture step takes its capture by itself once the person has held still"
                " for the steady spell; the petugas may still switch it off for one person.",
            )
        )
        self._row(
            form,
            autocapture_rule.ON_KEY,
            translate("SettingsPage", "Auto-capture"),
            self.autocapture_input,
        )
        self.steady_input = QDoubleSpinBox()
        self.steady_input.setRange(*autocapture_rule.STEADY_RANGE_S)
        self.steady_input.setDecimals(2)
        self.steady_input.setSingleStep(0.1)
        self.steady_input.setSuffix(translate("SettingsPage", " s"))
        self._row(
            form,
            autocapture_rule.STEADY_KEY,
            translate("SettingsPage", "Auto-capture after holding still for"),
            self.steady_input,
        )
        #: The spell as read, so saving an untouched box leaves the office's value alone.
        self._steady_shown = autocapture_rule.DEFAULT_STEADY_S
        self.save_button = QPushButton(translate("SettingsPage", "Save thresholds"))
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)

    def _row(
        self, form: QFormLayout, key: str, name: str, spin: QSpinBox | QDoubleSpinBox | QCheckBox
    ) -> None:
        self._own_tips[key] = spin.toolTip()
        label = QLabel(name)
        label.setBuddy(spin)
        spin.setAccessibleName(name)
        self.labels[key] = (label, name)
        form.addRow(label, spin)
        if isinstance(spin, QCheckBox):
            spin.toggled.connect(lambda _on: clear_field_error(spin))
        else:
            spin.valueChanged.connect(lambda _value: clear_field_error(spin))

    def show_rules(self) -> None:
        current = rules.current_rules(self.workspace)
        for modality, spin in self.threshold_inputs.items():
            spin.setValue(round(current.policy.threshold(modality)))
        self.attempts_input.setValue(current.policy.max_attempts)
        self.freeze_days_input.setValue(current.freeze_days)
        self.freeze_waiting_input.setValue(current.freeze_max_waiting)
        self.cosign_input.setChecked(cosign.offered(self.workspace))
        hands_free = autocapture.current_rule(self.workspace)
        self.autocapture_input.setChecked(hands_free.on)
        self.steady_input.setValue(hands_free.steady_s)
        self._steady_shown = self.steady_input.value()
        self._mark_office_rules()

    def office_marked(self) -> list[str]:
        """The settings keys shown as the office's (for tests and the accessibility tree)."""
        return [key for key, (label, name) in self.labels.items() if label.text() != name]

    def _mark_office_rules(self) -> None:
        set_by_office = office.office_rules(self.workspace)
        mark = translate("SettingsPage", "(set by the office)")
        tip = translate(
            "SettingsPage",
            "The office set this rule in its package: it may be made stricter here, never "
            "looser. The next package from the office sets it again.",
        )
        fixed = translate(
            "SettingsPage",
            "The office set this value in its package: it cannot be changed here. The next"
            " package from the office sets it again.",
        )
        for key, (label, name) in self.labels.items():
            marked = key in set_by_office
            shown = (fixed if key == autocapture_rule.STEADY_KEY else tip) if marked else ""
            label.setText(f"{name} {mark}" if marked else name)
            label.setToolTip(shown)
            if label.buddy() is not None:
                label.buddy().setToolTip(shown or self._own_tips.get(key, ""))

    def _fields(self) -> list[QWidget]:
        return [label.buddy() for label, _name in self.labels.values() if label.buddy()]

    def save(self) -> None:
        for field in self._fields():
            clear_field_error(field)
        try:
            rules.change_rules(
                self.workspace,
                thresholds={m: float(spin.value()) for m, spin in self.threshold_inputs.items()},
                max_attempts=self.attempts_input.value(),
                freeze_days=self.freeze_days_input.value(),
                freeze_max_waiting=self.freeze_waiting_input.value(),
            )
            cosign.set_rule(self.workspace, on=self.cosign_input.isChecked())
            steady = self.steady_input.value()
            autocapture.set_rule(
                self.workspace,
                on=self.autocapture_input.isChecked(),
                steady_s=None if steady == self._steady_shown else steady,
            )
        except KnownError as error:
            self.show_rules()  # the values in force again (this clears the fields' errors)
            at_fault = self._field_at_fault(error)
            if at_fault is None:
                self.status.error(self._refusal(error))
            else:
                self.status.clear()
                show_field_error(at_fault, self._refusal(error))
            return
        self.status.ok(
            translate("SettingsPage", "Thresholds saved; they apply to the next capture.")
        )

    def _field_at_fault(self, error: KnownError) -> QWidget | None:
        """The field of the office's rule a refusal names (its message goes under it)."""
        if error.code != RULE_SET_BY_OFFICE:
            return None
        shown = self.labels.get(str(error.params.get("rule")))
        return shown[0].buddy() if shown is not None else None

    def _refusal(self, error: KnownError) -> str:
        """The office's rule named as this box names it, not by its settings key."""
        sentence = core_error_text(error.code)
        if error.code != RULE_SET_BY_OFFICE or sentence is None:
            return explain(error)
        params = dict(error.params)
        shown = self.labels.get(str(params.get("rule")))
        if shown is not None:
            params["rule"] = shown[1]
        return fill(sentence, params)
