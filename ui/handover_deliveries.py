"""Serah terima's delivery chooser: the office's deliveries, one heading, one BA each.

The office groups printed cards by desa into deliveries, each with a date and a team
(issue 49 §2; ``fieldkit.handover.deliveries``).  When the office package brought any,
this row above the card list narrows it to one delivery's cards ("All cards" first, so
a card in no delivery still shows), its heading names the delivery and counts what was
handed over, and its berita acara serah terima is made here in one step, into
Laporan's folder.  Apart from the screen because it changes with the office's
schedule, not with the steps at the door.  The words keep the screen's translation
context (``HandoverPage``), as the courier's tab does.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldkit.errors import KnownError
from fieldkit.handover import deliveries
from ui.dates import date_text
from ui.messages import explain
from ui.reports_page import REPORTS_DIR

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from fieldkit.handover.cards import HandoverItem
    from fieldkit.workspace import Workspace
    from ui.common import StatusLine

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate


class DeliveryChooser(QWidget):
    """The chooser, the chosen delivery's heading and its berita acara; hidden without any."""

    #: Another delivery was chosen (or "All cards"): the screen lists its cards again.
    changed = Signal()
    #: The delivery's berita acara written (its path), or None when it was not.
    report_written = Signal(object)

    def __init__(self, workspace: Workspace, status: StatusLine) -> None:
        super().__init__()
        self.workspace = workspace
        self.status = status
        self._deliveries: list[deliveries.Delivery] = []
        label = QLabel(translate("HandoverPage", "Delivery"))
        self.box = QComboBox()
        # A delivery's label is long: the box must not widen the page past a 1366-px
        # screen (the page then scrolled sideways); the full label is the heading below.
        self.box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.box.setMinimumContentsLength(16)
        label.setBuddy(self.box)
        self.box.currentIndexChanged.connect(lambda _index: self._chosen())
        self.report_button = QPushButton(translate("HandoverPage", "Make the delivery's BA"))
        self.report_button.setToolTip(
            translate(
                "HandoverPage",
                "The berita acara serah terima KTP-el of the chosen delivery: every card,"
                " handed over or not. Laporan lists it too.",
            )
        )
        self.report_button.clicked.connect(self.make_report)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # the office's names
        heading_font = self.heading.font()
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.box, 1)
        row.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.heading)
        self.setVisible(False)

    # --- the list ---------------------------------------------------------------------

    def reload(self) -> None:
        """The office's deliveries again, the chosen one kept; raises what the core raises."""
        self._deliveries = deliveries.list_deliveries(self.workspace)
        kept = self.box.currentData()
        with QSignalBlocker(self.box):
            self.box.clear()
            self.box.addItem(translate("HandoverPage", "All cards"), None)
            for delivery in self._deliveries:
                self.box.addItem(delivery_label(delivery), delivery.id)
            self.box.setCurrentIndex(max(0, self.box.findData(kept)))
        self.setVisible(bool(self._deliveries))
        self._show()

    def chosen(self) -> deliveries.Delivery | None:
        wanted = self.box.currentData()
        return next((d for d in self._deliveries if d.id == wanted), None)

    def narrow(self, items: Sequence[HandoverItem]) -> list[HandoverItem]:
        """The cards of the chosen delivery among ``items``; all of them for "All cards"."""
        delivery = self.chosen()
        if delivery is None:
            return list(items)
        members = {card.record_id for card in delivery.cards}
        return [item for item in items if item.record_id in members]

    def empty_words(self) -> tuple[str, str] | None:
        """What an empty list says for the chosen delivery; None for "All cards".

        The list of one delivery is empty when its cards were all handed over (or never
        reached this laptop): the words about where cards come from would mislead there.
        """
        if self.chosen() is None:
            return None
        return (
            translate("HandoverPage", "No card of this delivery waits for its handover."),
            translate("HandoverPage", "Tick “Show cards already handed over” to see them."),
        )

    def _chosen(self) -> None:
        self.status.clear()
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        delivery = self.chosen()
        self.heading.setVisible(delivery is not None)
        self.report_button.setEnabled(delivery is not None and bool(delivery.cards))
        if delivery is None:
            self.heading.clear()
            return
        self.heading.setText(
            translate(
                "HandoverPage", "Delivery %1 · %n card(s), %2 handed over", "", len(delivery.cards)
            )
            .replace("%1", delivery_label(delivery))
            .replace("%2", str(delivery.handed_over))
        )

    # --- the berita acara -------------------------------------------------------------

    def make_report(self) -> None:
        """The chosen delivery's berita acara serah terima, into Laporan's folder."""
        delivery = self.chosen()
        if delivery is None:
            self.status.error(translate("HandoverPage", "Choose a delivery first."))
            self.report_written.emit(None)
            return
        path = self._write(delivery)
        if path is not None:
            self.status.ok(
                translate("HandoverPage", "Wrote %1 (Laporan lists it).").replace("%1", path.name)
            )
        self.report_written.emit(path)

    def _write(self, delivery: deliveries.Delivery) -> Path | None:
        # Deferred on purpose (start-up time): the report pulls in ReportLab.
        from fieldkit.reports import serah_terima  # noqa: PLC0415

        folder = self.workspace.directory / REPORTS_DIR
        stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
        out = folder / f"ba-serah-terima-{delivery.number}-{stamp}.pdf"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return serah_terima.ba_serah_terima_delivery(self.workspace, out, delivery.id)
        except KnownError as error:
            self.status.error(explain(error))
        except OSError as error:
            self.status.error(
                translate("HandoverPage", "Cannot write the PDF: %1").replace(
                    "%1", error.strerror or str(error)
                )
            )
        return None


def delivery_label(delivery: deliveries.Delivery) -> str:
    """``DST-2026-0001 · Sel, 01-12-2026 · Desa Kalipucung · Tim 2``."""
    return (
        translate("HandoverPage", "%1 · %2 · Desa %3 · %4")
        .replace("%1", delivery.number)
        .replace("%2", day_text(delivery.delivery_date))
        .replace("%3", delivery.desa_name)
        .replace("%4", delivery.team)
    )


def day_text(day: dt.date) -> str:
    """``Sel, 01-12-2026``: the weekday a team plans by, and the date as screens show it."""
    weekday = QLocale().toString(QDate(day.year, day.month, day.day), "ddd")
    return f"{weekday}, {date_text(day)}"
