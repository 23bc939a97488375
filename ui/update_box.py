"""Pembaruan FieldKit: the update the office offers, and "Perbarui sekarang".

A small box for the Sinkronisasi page (issue 38).  It shows the installed version and
the one the enrolled data center offers; "Perbarui sekarang" downloads the installer
over the pinned, signed channel and verifies its signature against the release keys
built into FieldKit (``sync.client.update``), in a worker, then starts it silently and
quits the app: setup starts FieldKit again when it is done.  A laptop below the office's
minimum version (``set_minimum``, from the office's package) sees a warning that says
what to do; it keeps recording until its sync deadline.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.update.verify import VerifiedInstaller
from fieldkit.update.versions import installed_version, is_newer
from sync.client.errors import SyncError
from sync.client.update import UpdateCheck, check_update, download_update, start_installer
from ui import workers
from ui.common import StatusLine
from ui.i18n import size_words
from ui.messages import explain_any
from ui.sync_catalogue import sync_error_text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from fieldkit.update.release_keys import ReleaseKey
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

_PERCENT = 100


class _Progress(QObject):
    """Carries the download's progress from the worker to the bar (a queued signal)."""

    moved = Signal(int, int)


class UpdateBox(QGroupBox):
    """The installed version, the offered one, and the button that updates FieldKit."""

    # The office's offer was read (an UpdateCheck).
    checked = Signal(object)
    # The installer verified and started: the app quits next (the version).
    installing = Signal(str)
    # Checking or updating failed; the status line says why (the error).
    failed = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        trusted_keys: Sequence[ReleaseKey] | None = None,
        installed: str | None = None,
        quit_app: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(self.tr("FieldKit update"), parent)
        self.workspace = workspace
        # Tests pass their own key; FieldKit itself trusts only its built-in keys.
        self.trusted_keys = trusted_keys
        self.installed = installed or installed_version()
        self.quit_app = quit_app or QApplication.quit
        self.min_version: str | None = None
        self.offer: UpdateCheck | None = None
        self._tasks: list[workers.Task] = []
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)

        self.installed_label = QLabel(
            self.tr("Installed: FieldKit %1").replace("%1", self.installed)
        )
        self.offer_label = QLabel(self.tr("Not asked yet whether the office offers an update."))
        self.offer_label.setWordWrap(True)
        self.minimum_label = StatusLine()
        self.minimum_label.hide()
        self.check_button = QPushButton(self.tr("Check for an update"))
        self.check_button.clicked.connect(self.check)
        self.update_button = QPushButton(self.tr("Update now"))
        self.update_button.setEnabled(False)
        self.update_button.clicked.connect(self.update_now)
        self.bar = QProgressBar()
        self.bar.setRange(0, _PERCENT)
        self.bar.hide()
        self.status = StatusLine()

        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.update_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.installed_label)
        layout.addWidget(self.offer_label)
        layout.addWidget(self.minimum_label)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)

    # --- the office's minimum ------------------------------------------------------

    def set_minimum(self, min_version: str | None) -> None:
        """The office's minimum FieldKit version (its package's ``release.min_version``)."""
        self.min_version = min_version
        if min_version is not None and is_newer(min_version, self.installed):
            self.minimum_label.error(
                self.tr(
                    "FieldKit %1 is older than FieldKit %2, the minimum the office requires. "
                    "Keep recording, and update before the sync deadline: press Update now "
                    "when the office offers the update, or ask the office's IT staff."
                )
                .replace("%1", self.installed)
                .replace("%2", min_version)
            )
            self.minimum_label.show()
        else:
            self.minimum_label.hide()

    # --- asking the data center ------------------------------------------------------

    def _busy(self, *, busy: bool) -> None:
        self.check_button.setEnabled(not busy)
        self.update_button.setEnabled(not busy and self.offer is not None and self.offer.newer)

    def check(self) -> None:
        """Ask the enrolled data center which update it offers (in a worker)."""
        self._busy(busy=True)
        self.status.info(self.tr("Asking the data center…"))
        minimum = self.min_version
        self._run(lambda: check_update(self.workspace, min_version=minimum), self._checked)

    def _checked(self, found: object) -> None:
        assert isinstance(found, UpdateCheck)  # noqa: S101 - what check_update returns
        self.offer = UpdateCheck(self.installed, found.offered, self.min_version)
        offered = found.offered
        if offered is None:
            self.offer_label.setText(self.tr("The office offers no FieldKit update."))
        elif self.offer.newer:
            self.offer_label.setText(
                self.tr("The office offers FieldKit %1 (%2).")
                .replace("%1", offered.version)
                .replace("%2", size_words(offered.size))  # "1,5 MB", never "1.5 MiB"
            )
        else:
            self.offer_label.setText(
                self.tr("FieldKit is up to date (the office offers FieldKit %1).").replace(
                    "%1", offered.version
                )
            )
        self.status.info("")
        self._busy(busy=False)
        self.checked.emit(self.offer)

    # --- updating ------------------------------------------------------------------

    def update_now(self) -> None:
        """Download and verify in a worker, then start the installer and quit the app."""
        self._busy(busy=True)
        self.update_button.setEnabled(False)
        self.bar.setValue(0)
        self.bar.show()
        self.status.info(self.tr("Downloading and checking the update…"))
        progress = self._progress.moved.emit
        self._run(
            lambda: download_update(
                self.workspace,
                trusted_keys=self.trusted_keys,
                installed=self.installed,
                progress=progress,
            ),
            self._downloaded,
        )

    def _moved(self, got: int, size: int) -> None:
        self.bar.setValue(_PERCENT * got // size if size else 0)

    def _downloaded(self, verified: object) -> None:
        assert isinstance(verified, VerifiedInstaller)  # noqa: S101 - what download returns
        self.bar.hide()
        try:
            start_installer(self.workspace, verified, trusted_keys=self.trusted_keys)
        except Exception as error:  # noqa: BLE001 - worded on the status line, never lost
            self._failed(error)
            return
        self.status.ok(
            self.tr(
                "Installing FieldKit %1. FieldKit closes now and starts again when done."
            ).replace("%1", verified.version)
        )
        self.installing.emit(verified.version)
        self.quit_app()

    # --- plumbing ----------------------------------------------------------------------

    def _run(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        task: workers.Task

        def finished(result: object) -> None:
            self._tasks.remove(task)
            done(result)

        def broke(error: object) -> None:
            self._tasks.remove(task)
            self._failed(error)

        task = workers.start_apart(work, finished, broke)  # a download must not queue
        self._tasks.append(task)

    def _failed(self, error: object) -> None:
        log.info("update: %s", getattr(error, "code", type(error).__name__))
        self.bar.hide()
        if isinstance(error, SyncError):  # the data center's answer, worded as a sync's
            self.status.error(sync_error_text(error))
        else:
            self.status.error(explain_any(error))
        self._busy(busy=False)
        self.failed.emit(error)
