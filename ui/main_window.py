"""The main window: a sidebar of screens, the idle lock, and the store's health.

Each screen is a page in one stack, reached by the sidebar or Ctrl+1…Ctrl+7.
:meth:`MainWindow.replace_page` swaps a screen for another without touching the
rest (tests give the enrollment screen the simulated devices this way).

Only Home is built with the window: every other screen, and its module (OpenCV
for enrollment, httpx for sync), is built the first time it is shown, so the
window paints sooner.  :data:`PAGE_MODULES` lets ``ui.app`` import them on a
background thread meanwhile.
"""

from __future__ import annotations

import enum
import logging
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from drivers import Modality
from fieldkit import logs
from fieldkit._version import __version__
from fieldkit.devices import SIM_BACKEND
from fieldkit.errors import KnownError
from fieldkit.events import (
    Event,
    OfficersChanged,
    OutcomesChanged,
    RecordSealed,
    RequestsChanged,
    ReviewsChanged,
    RevisitsChanged,
    SarprasSigned,
    TargetsChanged,
    VisitsChanged,
)
from fieldkit.permissions import may_hand_over_cards, may_review
from ui import crashlog, workers
from ui.bridge import EventBridge
from ui.dialogs import LockReason, UnlockDialog
from ui.home_page import HomePage
from ui.messages import explain
from ui.quitting import confirm_quit, lost_typing
from ui.training_banner import TrainingBanner
from ui.unsaved import screens_with_typing
from ui.window_fit import (
    DEFAULT_SIZE,
    REFIT_AFTER_SHOW_MS,
    PageFrame,
    fit_to_screen,
)

if TYPE_CHECKING:
    from fieldkit.devices import DeviceSupervisor
    from fieldkit.workspace import Workspace
    from ui.enrollment.page import EnrollmentPage
    from ui.planning_page import PlanningPage
    from ui.reports_page import ReportsPage
    from ui.sarpras_page import SarprasPage
    from ui.settings_page import SettingsPage
    from ui.sync_page import SyncPage

log = logging.getLogger(__name__)

_P = TypeVar("_P", bound=QWidget)

IDLE_POLL_MS = 5_000


class Page(enum.IntEnum):
    """Stack indexes; Ctrl+<index + 1> opens each."""

    HOME = 0
    PLANNING = 1
    ENROLLMENT = 2
    SARPRAS = 3
    SYNC = 4
    REPORTS = 5
    SETTINGS = 6
    REVIEW = 7
    HANDOVER = 8


#: The screens built on first show, in the order ``ui.app`` warms them (OpenCV last).
PAGE_MODULES = (
    "ui.planning_page",
    "ui.sarpras_page",
    "ui.settings_page",
    "ui.reports_page",
    "ui.sync_page",
    "ui.review_page",
    "ui.handover_page",
    "ui.enrollment.page",
)


class Refreshable(Protocol):
    def refresh(self) -> None: ...


#: For a screen that does not subscribe to events itself (every screen does today): the events
#: after which it is reloaded whole while it is on show.
_REFRESH_UNSUBSCRIBED_ON: tuple[type[Event], ...] = (
    VisitsChanged,
    RequestsChanged,
    SarprasSigned,
    OfficersChanged,
    TargetsChanged,
    OutcomesChanged,
    RecordSealed,
    ReviewsChanged,
    RevisitsChanged,
)


class MainWindow(QMainWindow):
    def __init__(
        self,
        workspace: Workspace,
        supervisor: DeviceSupervisor | None = None,
        *,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.supervisor = supervisor
        self.demo = demo
        self._closed = False
        #: Set by a caller that asked already (or must not ask: a signal, a test).
        self._confirmed_quit = False
        self.unlock_dialog: UnlockDialog | None = None
        # The screens holding unsaved typing when the screen last locked (see _rebuild_for_officer).
        self._typing_at_lock: list[str] = []
        self.typing_lost_notice: QMessageBox | None = None
        self.switch_question: QMessageBox | None = None
        self.bridge = EventBridge(workspace.events, self)
        title = self.tr("FieldKit %1").replace("%1", __version__)
        if demo:
            title += " · " + self.tr("DEMO (training data, deleted on exit)")
        self.setWindowTitle(title)
        self._fitted_once = False
        self.resize(DEFAULT_SIZE)

        self.home = HomePage(workspace, self.bridge)
        #: The screens in the stack so far (Home, those shown, those replaced).
        self.pages: dict[Page, QWidget] = {Page.HOME: self.home}
        # The home page's health labels and device lights, where the first screens had them.
        self.store_label = self.home.store_label
        self.audit_label = self.home.audit_label
        self.backups_label = self.home.backups_label
        self.devices_panel = self.home.devices_panel
        self._build_navigation()
        self._build_menus()
        self._build_training_banner()
        self.home.sync_requested.connect(lambda: self.show_page(Page.SYNC))
        self.home.letterhead_requested.connect(self.fill_letterhead)
        self.bridge.arrived.connect(self._on_event)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_POLL_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()
        # Selecting Home refreshes it, store health included: once, not again here
        # (each check reads every page of the store and the whole audit chain).
        self.sidebar.setCurrentRow(Page.HOME)

    def _build_navigation(self) -> None:
        self.stack = QStackedWidget()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.page_actions: list[QAction] = []
        names = [
            self.tr("Home"),
            self.tr("Planning"),
            self.tr("Enrollment"),
            self.tr("Sarpras"),
            self.tr("Sync"),
            self.tr("Reports"),
            self.tr("Settings"),
            self.tr("Review"),
            self.tr("Card handover"),
        ]
        self.page_names = dict(zip(Page, names, strict=True))
        for page, name in zip(Page, names, strict=True):
            shortcut = QKeySequence(f"Ctrl+{page.value + 1}")
            hint = f"{name} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"
            item = QListWidgetItem(name)
            item.setToolTip(hint)
            self.sidebar.addItem(item)
            # An empty placeholder until the screen is first shown (see _build_page).
            self.stack.addWidget(PageFrame(self.pages.get(page) or QWidget()))
            action = QAction(name, self)
            action.setShortcut(shortcut)
            action.setToolTip(hint)
            action.triggered.connect(lambda _checked=False, p=page: self.show_page(p))
            self.addAction(action)
            self.page_actions.append(action)
        self.sidebar.setFixedWidth(
            max(self.sidebar.sizeHintForColumn(0), 120) + 2 * self.sidebar.frameWidth() + 16
        )
        self.sidebar.currentRowChanged.connect(self._on_row)
        self.sidebar.setAccessibleName(self.tr("Screens"))
        self._show_pages_for_role()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.content = central
        self.setCentralWidget(central)

    def _show_pages_for_role(self) -> None:
        """Screens a role cannot use are not offered (the core refuses them anyway)."""
        officer = self.workspace.officer
        for page, allowed in (
            (Page.REVIEW, may_review(officer)),
            (Page.HANDOVER, may_hand_over_cards(officer)),
        ):
            self.sidebar.item(page).setHidden(not allowed)
            self.page_actions[page].setEnabled(allowed)

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&FieldKit"))
        self.backup_action = QAction(self.tr("Back up now"), self)
        self.backup_action.setShortcut(QKeySequence("Ctrl+B"))
        self.backup_action.triggered.connect(self.back_up)
        self.lock_action = QAction(self.tr("Lock screen"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock(LockReason.MANUAL))
        self.switch_action = QAction(self.tr("Switch user"), self)
        self.switch_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.switch_action.triggered.connect(self.switch_user)
        self.about_action = QAction(self.tr("About FieldKit"), self)
        self.about_action.triggered.connect(self.show_about)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.request_quit)
        for action in (
            self.backup_action,
            self.lock_action,
            self.switch_action,
            self.about_action,
            quit_action,
        ):
            menu.addAction(action)
            self.addAction(action)
        go = self.menuBar().addMenu(self.tr("&Go"))
        for action in self.page_actions:
            go.addAction(action)

    def about_text(self) -> str:
        """The version comes from ``fieldkit._version``, the one place it is set."""
        return (
            self.tr("FieldKit %1\nOffline e-KTP enrollment for jemput bola teams.\nData folder: %2")
            .replace("%1", __version__)
            .replace("%2", str(self.workspace.directory))
            + "\n"
            + self.tr("Log folder: %1").replace("%1", str(logs.current_folder()))
        )

    def about_box(self) -> QMessageBox:
        """The About box: its folders can be selected and copied, the log folder opened."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About FieldKit"), "", parent=self)
        box.setText(self.about_text())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        box.addButton(QMessageBox.StandardButton.Close)
        open_logs = box.addButton(self.tr("Open the log folder"), QMessageBox.ButtonRole.ActionRole)
        open_logs.clicked.connect(lambda: crashlog.open_folder(logs.current_folder()))
        return box

    @Slot()
    def show_about(self) -> None:
        self.about_box().exec()

    # --- navigation ----------------------------------------------------------------

    def show_page(self, page: Page) -> None:
        self.sidebar.setCurrentRow(page)

    def fill_letterhead(self) -> None:
        """Beranda's prompt: Laporan, with its letterhead dialog open."""
        self.show_page(Page.REPORTS)
        self.reports.office_dialog.open()

    def current_page(self) -> Page:
        return Page(self.stack.currentIndex())

    def screen_in(self, page: Page) -> QWidget | None:
        """The screen shown in ``page``'s slot (inside its scrolling frame)."""
        frame = self.stack.widget(page)
        return frame.widget() if isinstance(frame, PageFrame) else frame

    def current_screen(self) -> QWidget | None:
        return self.screen_in(self.current_page())

    def replace_page(self, page: Page, widget: QWidget) -> None:
        """Put a real screen in a placeholder's slot (enrollment, sync)."""
        self.pages[page] = widget
        old = self.stack.widget(page)
        self.stack.insertWidget(page, PageFrame(widget))
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        if self.sidebar.currentRow() == page:
            self.stack.setCurrentIndex(page)

    def shown_page(self) -> QWidget | None:
        """The screen on show (the stack holds each in a :class:`PageFrame`)."""
        return self.current_screen()

    def page(self, page: Page) -> QWidget:
        """The screen in ``page``'s slot, built now if it was never shown."""
        widget = self.pages.get(page)
        if widget is None:
            log.debug("building the %s screen", page.name.lower())
            widget = self._build_page(page)
            follow = getattr(widget, "follow", None)
            if callable(follow):  # the screen refreshes what each event changed
                follow(self.bridge)
            self.replace_page(page, widget)
        return widget

    def _build_page(self, page: Page) -> QWidget:  # noqa: PLR0911 - one line per screen
        # Each screen's module is imported here, not at the top: see the module docstring.
        ws = self.workspace
        if page is Page.PLANNING:
            from ui.planning_page import PlanningPage  # noqa: PLC0415

            return PlanningPage(ws)
        if page is Page.ENROLLMENT:
            from ui.enrollment.devices import SupervisorDevices  # noqa: PLC0415
            from ui.enrollment.page import EnrollmentPage  # noqa: PLC0415

            supervisor = self.supervisor
            enrollment = EnrollmentPage(ws, SupervisorDevices(supervisor) if supervisor else None)
            enrollment.sync_requested.connect(lambda: self.show_page(Page.SYNC))
            return enrollment
        if page is Page.SARPRAS:
            from ui.sarpras_page import SarprasPage  # noqa: PLC0415

            return SarprasPage(ws, simulated=self.devices_simulated)
        if page is Page.SYNC:
            from ui.sync_page import SyncPage  # noqa: PLC0415

            return SyncPage(ws)
        if page is Page.REPORTS:
            from ui.reports_page import ReportsPage  # noqa: PLC0415

            return ReportsPage(ws)
        if page is Page.REVIEW:
            from ui.review_page import ReviewPage  # noqa: PLC0415

            return ReviewPage(ws)
        if page is Page.HANDOVER:
            from ui.handover_page import HandoverPage  # noqa: PLC0415

            supervisor = self.supervisor
            return HandoverPage(ws, supervisor.device if supervisor else lambda _kind: None)
        if page is Page.SETTINGS:
            from ui.settings_page import SettingsPage  # noqa: PLC0415

            settings = SettingsPage(ws, simulated=self.devices_simulated)
            settings.training_changed.connect(self.set_training)
            return settings
        return self.home

    def _typed_page(self, page: Page, kind: type[_P]) -> _P:
        widget = self.page(page)
        if not isinstance(widget, kind):
            msg = f"the {page.name.lower()} slot holds a {type(widget).__name__}"
            raise TypeError(msg)
        return widget

    @property
    def planning(self) -> PlanningPage:
        from ui.planning_page import PlanningPage  # noqa: PLC0415

        return self._typed_page(Page.PLANNING, PlanningPage)

    @property
    def enrollment(self) -> EnrollmentPage:
        from ui.enrollment.page import EnrollmentPage  # noqa: PLC0415

        return self._typed_page(Page.ENROLLMENT, EnrollmentPage)

    @property
    def sarpras(self) -> SarprasPage:
        from ui.sarpras_page import SarprasPage  # noqa: PLC0415

        return self._typed_page(Page.SARPRAS, SarprasPage)

    @property
    def sync(self) -> SyncPage:
        from ui.sync_page import SyncPage  # noqa: PLC0415

        return self._typed_page(Page.SYNC, SyncPage)

    @property
    def reports(self) -> ReportsPage:
        from ui.reports_page import ReportsPage  # noqa: PLC0415

        return self._typed_page(Page.REPORTS, ReportsPage)

    @property
    def settings(self) -> SettingsPage:
        from ui.settings_page import SettingsPage  # noqa: PLC0415

        return self._typed_page(Page.SETTINGS, SettingsPage)

    @Slot(int)
    def _on_row(self, row: int) -> None:
        if row < 0:
            return
        try:
            self.page(Page(row))  # a screen's first show builds it, which may read the store
        except KnownError as error:
            QMessageBox.warning(self, self.tr("Cannot show this screen"), explain(error))
            return
        self.stack.setCurrentIndex(row)
        self._refresh_current()

    def _refresh_current(self) -> None:
        widget = self.current_screen()
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            try:
                refresh()
            except KnownError as error:
                QMessageBox.warning(self, self.tr("Cannot show this screen"), explain(error))

    @Slot(object)
    def _on_event(self, event: object) -> None:
        """Screens subscribe to what they show; one that does not is reloaded whole."""
        widget = self.current_screen()
        if isinstance(event, _REFRESH_UNSUBSCRIBED_ON) and not callable(
            getattr(widget, "follow", None)
        ):
            self._refresh_current()

    @Slot()
    def start_devices(self) -> None:
        """Start the device supervisor once the window is on screen (``ui.app`` calls it).

        Not before the first paint, which its discovery threads would slow down;
        never after the window closed, which stopped it.
        """
        if self.supervisor is not None and not self._closed:
            self.supervisor.start()

    # --- training (LATIHAN) ----------------------------------------------------------------

    def _build_training_banner(self) -> None:
        self.training_banner = TrainingBanner()
        self.menuBar().setCornerWidget(self.training_banner, Qt.Corner.TopRightCorner)
        self.show_training()

    def in_training(self) -> bool:
        from fieldkit import training_mode  # noqa: PLC0415 - loaded with the store

        if self.demo or (self.supervisor is not None and self.supervisor.simulated):
            return True
        return training_mode.training_state(self.workspace).training_mode

    def show_training(self) -> None:
        self.training_banner.setVisible(self.in_training())

    @Slot(bool)
    def set_training(self, on: bool) -> None:
        """Training mode was switched (Settings saved it): devices, Perekaman and banner follow."""
        from fieldkit.devices import DeviceConfig  # noqa: PLC0415
        from fieldkit.devices import DeviceSupervisor as Supervisor  # noqa: PLC0415

        if self.supervisor is not None:
            self.supervisor.stop()
            self.supervisor = Supervisor(
                self.workspace.events,
                config=DeviceConfig.load(self.workspace.directory),
                sim=on or self.demo,
            )
            if not self._closed:
                self.supervisor.start()
        if Page.ENROLLMENT in self.pages:  # rebuilt on its next showing, with these devices
            del self.pages[Page.ENROLLMENT]
            if self.current_page() is Page.ENROLLMENT:
                self.page(Page.ENROLLMENT)
        self.show_training()
        self.home.refresh()

    def devices_simulated(self) -> bool:
        """Whether the devices in use are the simulators (no hardware attached)."""
        if self.demo or self.supervisor is None:
            return True
        backends = {self.supervisor.backend(kind) for kind in Modality}
        return backends <= {None, SIM_BACKEND}

    # --- the screen ----------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._fitted_once:
            self._fitted_once = True
            handle = self.windowHandle()
            if handle is not None:
                handle.screenChanged.connect(lambda _screen: self.fit_to_screen())
            self.fit_to_screen()
            # The window manager adds its frame after the first show: fit again then.
            for delay_ms in REFIT_AFTER_SHOW_MS:
                QTimer.singleShot(delay_ms, self.fit_to_screen)

    def fit_to_screen(self) -> None:
        fit_to_screen(self)

    # --- the store -----------------------------------------------------------------

    def refresh(self) -> None:
        """The store's health on Home, and all of Home when it shows (which includes it)."""
        if self.current_page() is Page.HOME:
            self.home.refresh()
        else:
            self.home.refresh_store()

    def back_up(self) -> None:
        try:
            self.workspace.backup()
        except KnownError as error:
            QMessageBox.warning(self, self.tr("Backup failed"), explain(error))
        self.home.refresh_store()

    # --- the idle lock ---------------------------------------------------------------

    def check_idle(self) -> None:
        if self.workspace.idle.due():
            self.lock(LockReason.IDLE)

    def lock(self, reason: LockReason = LockReason.MANUAL) -> None:
        """Lock the screen: its content hidden (names, NIKs, documents), the work kept."""
        if self.workspace.idle.locked:
            return
        before = self.workspace.officer.username
        # Ganti pengguna asked already (see switch_user); an idle or manual lock did not.
        self._typing_at_lock = [] if reason is LockReason.SWITCH else self.unsaved_screens()
        self._pause_enrollment()
        self.workspace.lock()
        self.content.setVisible(False)
        self.menuBar().setEnabled(False)
        self.unlock_dialog = UnlockDialog(self.workspace, self, reason)
        self.unlock_dialog.accepted.connect(lambda: self._unlocked(before))
        self.unlock_dialog.open()
        if self.workspace.has_card:
            self.unlock_dialog.offer_card_once_found()

    @Slot()
    def switch_user(self) -> None:
        """Ganti pengguna: the next officer logs in at the lock, no quitting.

        Another officer gets every screen built anew, so typing nobody saved would
        go: say where, and let the officer stay to save it (No is the default).
        """
        unsaved = self.unsaved_screens()
        if unsaved:
            title = self.tr("Switch user?")
            question = QMessageBox(QMessageBox.Icon.Question, title, title, parent=self)
            question.setInformativeText(
                lost_typing(unsaved)
                + " "
                + self.tr("It stays if the same officer logs in again at the lock.")
            )
            switch = question.addButton(self.tr("Switch user"), QMessageBox.ButtonRole.AcceptRole)
            stay = question.addButton(self.tr("Stay"), QMessageBox.ButtonRole.RejectRole)
            question.setDefaultButton(stay)  # Enter must not throw typing away
            self.switch_question = question
            question.exec()
            if question.clickedButton() is not switch:
                return
        self.lock(LockReason.SWITCH)

    def unsaved_screens(self) -> list[str]:
        """The screens, by their sidebar names, holding typing nobody saved."""
        return screens_with_typing(
            (self.page_names[page], screen) for page, screen in self.pages.items()
        )

    def _pause_enrollment(self) -> None:
        """A draft on screen goes back to the list (it is saved at every step already)."""
        page = self.pages.get(Page.ENROLLMENT)
        pause = getattr(page, "pause_for_lock", None)
        if callable(pause):
            pause()

    def _unlocked(self, before: str) -> None:
        self.content.setVisible(True)
        self.menuBar().setEnabled(True)
        if self.workspace.officer.username != before:
            self._rebuild_for_officer()

    def _rebuild_for_officer(self) -> None:
        """Another officer took over: every screen is built again for their role."""
        title = self.windowTitle()
        for page in list(self.pages):
            if page is not Page.HOME:
                shutdown = getattr(self.pages[page], "shutdown", None)
                if callable(shutdown):
                    shutdown()
                self.pages.pop(page)
                old = self.stack.widget(page)
                self.stack.insertWidget(page, PageFrame(QWidget()))
                if old is not None:
                    self.stack.removeWidget(old)
                    old.deleteLater()
        self.setWindowTitle(title)
        self._show_pages_for_role()
        self.show_page(Page.HOME)
        self.home.refresh()
        if self._typing_at_lock:  # the screen locked itself while someone was typing
            log.info(
                "unsaved typing on %d screen(s) dropped for another officer",
                len(self._typing_at_lock),
            )
            told = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Unsaved typing"),
                self.tr(
                    "The previous officer had typed on %1 without saving; another officer "
                    "logged in, so it was not kept."
                ).replace("%1", ", ".join(self._typing_at_lock)),
                QMessageBox.StandardButton.Ok,
                self,
            )
            told.open()
            self.typing_lost_notice = told

    def confirm_quit(self) -> bool:
        """Ask before quitting with unfinished work or from the demo; True to go on."""
        return confirm_quit(self, self.workspace, demo=self.demo, unsaved=self.unsaved_screens())

    @Slot()
    def request_quit(self) -> None:
        """Ctrl+Q and the menu's Quit: ask when there is unfinished work, then close."""
        if self.confirm_quit():
            self.close_without_asking()

    def close_without_asking(self) -> None:
        self._confirmed_quit = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._closed:  # the app closes the window again after its event loop ends
            super().closeEvent(event)
            return
        # The window manager's close button asks; so does Ctrl+Q (request_quit); a close
        # from code (the app's own shutdown, tests) does not.
        if event.spontaneous() and not self._confirmed_quit and not self.confirm_quit():
            event.ignore()
            return
        self._closed = True
        self.idle_timer.stop()
        # The enrollment screen's preview thread reads a device stopped below.
        shutdown = getattr(self.pages.get(Page.ENROLLMENT), "shutdown", None)
        if callable(shutdown):
            shutdown()
        if self.supervisor is not None:
            self.supervisor.stop()
        workers.wait_for_all()  # background work writes to the store closed below
        self.bridge.detach()
        self.workspace.close()
        super().closeEvent(event)
