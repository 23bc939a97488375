"""The main window: a sidebar of screens, the idle lock, and the store's health.

Each screen is a page in one stack, reached by the sidebar or Ctrl+1…Ctrl+7.
:meth:`MainWindow.replace_page` swaps a screen for another without touching the
rest (tests give the enrollment screen the simulated devices this way).

Only Home is built with the window: every other screen, and its module (OpenCV
for enrollment, httpx for sync), is built the first time it is shown, so the
window paints sooner.  :data:`PAGE_MODULES` lets ``ui.app`` import them on a
background thread meanwhile.  The screens themselves (order, names, shortcuts,
roles, how each is built) are listed once, in :mod:`ui.screens`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
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
from fieldkit.sentences import one_stop
from ui import crashlog
from ui.bridge import EventBridge
from ui.dialogs import LockReason, UnlockDialog
from ui.home_page import HomePage
from ui.messages import explain
from ui.navigation import NavigationRail, WaitingCounts
from ui.quitting import confirm_quit, lost_typing, shut_down
from ui.refocus import ReturnFocus
from ui.screens import PAGE_MODULES, SCREENS, Page, ScreenSlot
from ui.training_banner import BannerWatch
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

#: The screens' enum and warm-up list are imported from here by ``ui.app`` and the tests.
__all__ = ["PAGE_MODULES", "MainWindow", "Page"]

IDLE_POLL_MS = 5_000


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
        # Shortcuts work again as soon as a message box or dialog closes (see ui.refocus).
        self.return_focus = ReturnFocus(self)
        self.waiting = WaitingCounts(self.sidebar, workspace, self.bridge)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_POLL_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()
        # Selecting Home refreshes it, store health included: once, not again here
        # (each check reads every page of the store and the whole audit chain).
        self.sidebar.setCurrentRow(Page.HOME)

    def _build_navigation(self) -> None:
        self.stack = QStackedWidget()
        self.sidebar = NavigationRail()
        self.page_actions: list[QAction] = []
        self.page_names = {s.page: s.name() for s in SCREENS}
        for screen in SCREENS:
            page, name = screen.page, self.page_names[screen.page]
            shortcut = QKeySequence(screen.shortcut)
            hint = f"{name} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"
            self.sidebar.add_screen(name, screen.icon, hint)
            # An empty placeholder until the screen is first shown (see _build_page).
            self.stack.addWidget(PageFrame(self.pages.get(page) or QWidget(), title=name))
            action = QAction(name, self)
            action.setShortcut(shortcut)
            action.setToolTip(hint)
            action.triggered.connect(lambda _checked=False, p=page: self.show_page(p))
            self.addAction(action)
            self.page_actions.append(action)
        self.sidebar.fit_width()
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
        for screen in SCREENS:
            allowed = screen.may_use is None or screen.may_use(officer)
            self.sidebar.item(screen.page).setHidden(not allowed)
            self.page_actions[screen.page].setEnabled(allowed)

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
        return frame.page if isinstance(frame, PageFrame) else frame

    def current_screen(self) -> QWidget | None:
        return self.screen_in(self.current_page())

    def replace_page(self, page: Page, widget: QWidget) -> None:
        """Put a real screen in a placeholder's slot (enrollment, sync)."""
        self.pages[page] = widget
        old = self.stack.widget(page)
        self.stack.insertWidget(page, PageFrame(widget, title=self.page_names[page]))
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

    def _build_page(self, page: Page) -> QWidget:
        # Each screen's module is imported by its build, not at the top: see the module docstring.
        build = SCREENS[page].build
        return build(self) if build is not None else self.home

    planning: ScreenSlot[PlanningPage] = ScreenSlot(Page.PLANNING)
    enrollment: ScreenSlot[EnrollmentPage] = ScreenSlot(Page.ENROLLMENT)
    sarpras: ScreenSlot[SarprasPage] = ScreenSlot(Page.SARPRAS)
    sync: ScreenSlot[SyncPage] = ScreenSlot(Page.SYNC)
    reports: ScreenSlot[ReportsPage] = ScreenSlot(Page.REPORTS)
    settings: ScreenSlot[SettingsPage] = ScreenSlot(Page.SETTINGS)

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
        self.banner_watch = BannerWatch(self.menuBar(), self.bridge, in_training=self.in_training)
        self.training_banner = self.banner_watch.banner

    def in_training(self) -> bool:
        from fieldkit import training_mode  # noqa: PLC0415 - loaded with the store

        if self.supervisor is not None and self.supervisor.simulated:
            return True
        return training_mode.simulators_chosen(self.workspace, demo=self.demo)

    def show_training(self) -> None:
        self.banner_watch.show()

    @Slot(bool)
    def set_training(self, on: bool) -> None:
        """Training mode was switched (Settings saved it): devices, Perekaman and banner follow.

        The store holds ``on`` already, so the devices follow the one rule of
        :func:`fieldkit.training_mode.simulators_chosen`, as at the app's start.
        """
        from fieldkit import training_mode  # noqa: PLC0415 - loaded with the store
        from fieldkit.devices import DeviceConfig  # noqa: PLC0415
        from fieldkit.devices import DeviceSupervisor as Supervisor  # noqa: PLC0415

        log.info("training mode switched %s", "on" if on else "off")
        if self.supervisor is not None:
            self.supervisor.stop()
            self.supervisor = Supervisor(
                self.workspace.events,
                config=DeviceConfig.load(self.workspace.directory),
                sim=training_mode.simulators_chosen(self.workspace, demo=self.demo),
            )
            if not self._closed:
                self.supervisor.start()
        if Page.ENROLLMENT in self.pages:  # rebuilt on its next showing, with these devices
            del self.pages[Page.ENROLLMENT]
            if self.current_page() is Page.ENROLLMENT:
                self.page(Page.ENROLLMENT)
        self.show_training()
        self.home.refresh()

    @Slot(object)
    def officer_switched(self, info: object) -> None:
        """A newcomer's first login (Pengaturan): the window is theirs, rebuilt for their role.

        Later, not now: the settings screen that asked is still delivering its signal.
        """
        self._typing_at_lock = []
        name = str(getattr(info, "full_name", ""))
        QTimer.singleShot(0, lambda: self._welcome(name))

    def _welcome(self, name: str) -> None:
        self._rebuild_for_officer()
        text = one_stop(self.tr("Welcome, %1.").replace("%1", name))
        ok = QMessageBox.StandardButton.Ok
        self.welcome_notice = QMessageBox(QMessageBox.Icon.Information, text, text, ok, self)
        self.welcome_notice.open()

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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() is QEvent.Type.WindowStateChange:  # maximized, or restored: fit again
            self.fit_to_screen()

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
        if self.demo:  # the demo's accounts and password, as on its login (issue 47, finding 10)
            from ui import demo  # noqa: PLC0415 - constants only, and only in the demo

            self.unlock_dialog.offer_demo(demo.ACCOUNTS, demo.DEMO_PASSWORD)
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
        self.waiting.refresh()
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
                self.stack.insertWidget(page, PageFrame(QWidget(), title=self.page_names[page]))
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
        enrollment = self.pages.get(Page.ENROLLMENT)
        recording = getattr(enrollment, "open_recording", None)
        return confirm_quit(
            self,
            self.workspace,
            demo=self.demo,
            unsaved=self.unsaved_screens(),
            recording=recording() if callable(recording) else None,
        )

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
        shut_down(self.pages.get(Page.ENROLLMENT), self.supervisor, self.bridge, self.workspace)
        super().closeEvent(event)
