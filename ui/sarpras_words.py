"""How a sarpras checklist row reads in the table: self-test, condition, quantity, to-do.

Apart from the screen's layout because these words follow the checklist's model
(``fieldkit.sarpras.checklist``: a new status, kind or reason a row is not done),
not the screen's arrangement.  They keep the screen's translation context
(``SarprasPage``), so the catalogue's translations carry over.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from fieldkit.sarpras.checklist import ItemKind, ItemStatus, ItemView, Phase, RowTodo
from ui.design.pill import PillKind
from ui.device_catalogue import state_text

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate

#: The columns drawn as pills: a device's self-test (Beranda's words) and a row's condition.
SELF_TEST_COLUMN = 1
CONDITION_COLUMN = 2
_STATUS_KINDS = {
    ItemStatus.OK: PillKind.OK,
    ItemStatus.FAULTY: PillKind.DANGER,
    ItemStatus.MISSING: PillKind.DANGER,
}


class RowWords:
    """A checklist row's cells, worded; made once a screen (one language a run)."""

    def __init__(self, why: dict[RowTodo, str]) -> None:
        #: Why a row is not done yet (the sentences the CLI shares).
        self.why = why
        self.status = {
            ItemStatus.OK: translate("SarprasPage", "✔ ok"),
            ItemStatus.FAULTY: translate("SarprasPage", "✖ faulty"),
            ItemStatus.MISSING: translate("SarprasPage", "✖ missing"),
        }

    def cells(self, item: ItemView, phase: Phase) -> list[str]:
        """The table's columns: item, self-test, condition, quantity, note, to-do."""
        return [
            item.label,  # its section is in the tooltip: the name needs the room
            self.self_test(item),
            self.condition(item, phase),
            quantity(item),
            item.notes or "",
            self.todo(item, phase),
        ]

    @staticmethod
    def self_test(item: ItemView) -> str:
        """A device's self-test in Beranda's words: Siap, Gangguan or Belum diperiksa."""
        if item.kind is not ItemKind.DEVICE:
            return ""
        if item.self_test_ok is None:
            return state_text("not_ready", "not_checked")
        return state_text("ready" if item.self_test_ok else "error")

    @staticmethod
    def self_test_kind(item: ItemView) -> PillKind | None:
        """The self-test cell's pill (the colours of Beranda's lights); None off a device."""
        if item.kind is not ItemKind.DEVICE:
            return None
        if item.self_test_ok is None:
            return PillKind.NEUTRAL
        return PillKind.OK if item.self_test_ok else PillKind.DANGER

    def pill_kinds(self, item: ItemView, phase: Phase) -> dict[int, PillKind]:
        """The row's cells drawn as pills, by column, with their kind.

        The return's condition (three answers in one cell) stays plain text.
        """
        kinds: dict[int, PillKind] = {}
        self_test = self.self_test_kind(item)
        if self_test is not None:
            kinds[SELF_TEST_COLUMN] = self_test
        if phase is Phase.CHECKOUT:
            kinds[CONDITION_COLUMN] = (
                _STATUS_KINDS[item.status] if item.status else PillKind.NEUTRAL
            )
        return kinds

    def condition(self, item: ItemView, phase: Phase) -> str:
        if phase is Phase.CHECKOUT:
            if item.status:
                return self.status[item.status]
            return translate("SarprasPage", "not checked yet")
        left = "⚠ " if item.rusak_at_checkout else ""  # the editor's row label says why
        answers = (
            (translate("SarprasPage", "good"), item.baik),
            (translate("SarprasPage", "complete"), item.lengkap),
            (translate("SarprasPage", "clean"), item.bersih),
        )
        return left + " ".join(
            f"{name} {'?' if value is None else '✔' if value else '✖'}" for name, value in answers
        )

    def todo(self, item: ItemView, phase: Phase) -> str:
        why = item.missing(phase)
        return translate("SarprasPage", "✔ done") if why is None else "☐ " + self.why[why]


def quantity(item: ItemView) -> str:
    if item.kind is not ItemKind.CONSUMABLE:
        return ""
    taken = "-" if item.quantity is None else str(item.quantity)
    return f"{taken} / {item.expected_quantity} {item.unit or ''}".strip()
