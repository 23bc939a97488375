"""``fieldkit-app``'s window (``ui.launch`` picks it or the self-test); ``fieldkit`` has no Qt.

``--demo`` starts on a throwaway store with a planned visit and simulated
devices, deleted at exit, so a new user sees a working app at once: the
login dialog names the demo's accounts with the password filled in, and the
store is made behind it while the user reads it.

Start-up is kept short by importing late (benchmarks/README.md has the figures):
the login dialog needs only Qt, the keyring file and the translations, so it
paints before SQLAlchemy, Alembic and the domain models load.  Those load on a
background thread (:class:`Warmup`) while the officer types, and the screens
other than Home load after the main window's first paint.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import logging
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from fieldkit import logs, paths
from fieldkit._version import __version__
from fieldkit.errors import KnownError
from fieldkit.store import keyring
from ui import crashlog, i18n, one_click, workers
from ui.collector import GuiThreadCollector
from ui.design import theme
from ui.dialogs import FirstRunDialog, LoginDialog
from ui.messages import explain
from ui.termination import TerminationSignals
from ui.window_fit import show_maximized

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from fieldkit.workspace import Workspace
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Written to stdout on the main window's first paint (tests and the start-up benchmark).
READY_MARKER = "FIELDKIT_READY"
#: Written to stdout on the login dialog's first paint, the first usable window of a real start.
LOGIN_READY_MARKER = "FIELDKIT_LOGIN_READY"


def _load_region_names() -> None:
    """Home names the office's regency: the 7,800-row region table, read once and cached."""
    from fieldkit import regions  # noqa: PLC0415 - run by the warm-up

    regions.regency("0000")


def _prepare_store_code() -> None:
    """What the first login would do on the GUI thread: read the schema revisions, map the models.

    Both are cached for the process; SQLAlchemy's mapper configuration holds its own lock.
    """
    from fieldkit import schema  # noqa: PLC0415 - run by the warm-up

    schema.warm_up()


def _load_capture_checks() -> None:
    """The live checks' models, loaded before the first person's capture needs them.

    NFIQ 2's model (about half a second) and the face and iris analyzers are built on
    first use, which was the first person's first capture: the petugas waited for them
    in front of the family.  Built here, after the window's first paint, while the
    officer reads Home and chooses the person.
    """
    from fieldkit.enrollment import assess  # noqa: PLC0415 - run by the warm-up

    assess.warm_up()


#: What logging in and building the main window need: loaded while the officer types.
LOGIN_WARMUP: tuple[str | Callable[[], object], ...] = (
    "fieldkit.login",
    "sqlalchemy.dialects.sqlite.pysqlcipher",  # loaded by the store's engine
    "sqlcipher3.dbapi2",
    "fieldkit.devices",
    "ui.main_window",
    _prepare_store_code,
    _load_region_names,
)


class FirstPaint(QObject):
    """Says when a window first paints (the moment it is usable); may quit after it."""

    painted = Signal()

    def __init__(
        self,
        marker: str | None = None,
        quit_after_s: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.marker = marker
        self.quit_after_s = quit_after_s
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            # Once is enough; a filter left installed is also called while the window is
            # torn down at exit, after this Python object's attributes are gone.
            watched.removeEventFilter(self)
            log.info("%s painted", type(watched).__name__)
            if self.marker is not None:
                sys.stdout.write(self.marker + "\n")
                sys.stdout.flush()
            if self.quit_after_s is not None:
                QTimer.singleShot(round(self.quit_after_s * 1000), QApplication.quit)
            # After this paint has finished, so the window is on screen before any more work.
            QTimer.singleShot(0, self.painted.emit)
        return super().eventFilter(watched, event)


QT_PACKAGES = frozenset({"PySide6", "shiboken6"})
UI_PACKAGE = Path(__file__).resolve().parent


def _ui_source(name: str) -> Path | None:
    """The file of a ``ui`` module, found on disk: nothing is imported to find it."""
    folder = UI_PACKAGE.joinpath(*name.split(".")[1:])
    for candidate in (folder.with_name(folder.name + ".py"), folder / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _top_level_imports(source: Path) -> list[tuple[str, tuple[str, ...]]]:
    """``(module, names)`` of each import at a module's top level (not the lazy or typing ones)."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, tuple(alias.name for alias in node.names)))
    return found


def qt_free_imports(ui_module: str) -> list[tuple[str, tuple[str, ...]]]:
    """What a ``ui`` module and the ``ui`` modules it imports need that holds no Qt.

    The warm-up thread imports these instead of the ``ui`` module itself: a ``ui``
    module defines QObject subclasses, and making one registers its meta-object with
    Qt, which is not safe while the GUI thread runs (a start-up segfault in the GUI
    thread, seen in CI while the warm-up imported ``ui.main_window``).  What costs
    time is below it and Qt-free (SQLAlchemy, OpenCV, ReportLab, httpx: the
    import-linter contract keeps Qt in ``ui/``); the ``ui`` modules themselves then
    import on the GUI thread in a few milliseconds.
    """
    wanted: dict[tuple[str, tuple[str, ...]], None] = {}
    todo, seen = [ui_module], set()
    while todo:
        name = todo.pop()
        source = None if name in seen else _ui_source(name)
        seen.add(name)
        if source is None:
            continue
        for module, names in _top_level_imports(source):
            if module.split(".")[0] in QT_PACKAGES or module == "__future__":
                continue
            if module == "ui" or module.startswith("ui."):
                todo += [module, *(f"{module}.{n}" for n in names)]
            else:
                wanted.setdefault((module, names))
    return list(wanted)


def _import_qt_free(module: str, names: tuple[str, ...]) -> None:
    """``from module import names`` without keeping them: a submodule among names loads too."""
    imported = importlib.import_module(module)
    if hasattr(imported, "__path__"):  # a package: ``from fieldkit import regions``
        for name in names:
            if not hasattr(imported, name):  # not loaded yet, or a class: try it as a module
                with contextlib.suppress(ModuleNotFoundError):
                    importlib.import_module(f"{module}.{name}")


class Warmup(QObject):
    """Imports modules (and runs loaders) on a background thread, ahead of the GUI thread.

    Only Qt-free imports and plain loaders run there: never a widget, and never a
    ``ui`` module (:func:`qt_free_imports` says why); a ``ui`` step loads what that
    module needs instead.  Python's import locks make it safe: a module the GUI
    thread needs while the thread is still importing it is waited for, not
    imported twice.  ``finished`` carries the names of the steps done.
    """

    finished = Signal(list)
    #: A loader's error (emitted before ``finished``): what it was loading is missing.
    failed = Signal(object)

    def __init__(
        self, steps: Sequence[str | Callable[[], object]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.steps = tuple(steps)
        self._thread: QThread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = workers.start_thread("fieldkit-warmup", self._run)

    def wait(self) -> None:
        """Block until every step is done (the GUI thread needs them now); no-op if not started."""
        if self._thread is not None:
            self._thread.wait()

    def _run(self) -> None:
        done: list[str] = []
        for step in self.steps:
            if callable(step):
                try:
                    step()
                except Exception as error:  # reported on the GUI thread
                    log.exception("warm-up step %s failed", step.__name__)
                    self.failed.emit(error)
                    continue
                done.append(step.__name__)
                continue
            try:
                if step == "ui" or step.startswith("ui."):
                    for module, names in qt_free_imports(step):
                        _import_qt_free(module, names)
                else:
                    importlib.import_module(step)
            except ImportError:
                # The GUI thread imports it again when needed and reports it there.
                log.warning("warm-up could not import %s", step, exc_info=True)
                continue
            done.append(step)
        log.debug("warm-up done: %s", ", ".join(done))
        self.finished.emit(done)


class PasswordFromStdin(QObject):
    """For tests and the start-up benchmark only: types one stdin line into the login dialog.

    It fills the password field and presses the dialog's own button, so the
    login runs exactly as when an officer types it.
    """

    def __init__(self, dialog: LoginDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._line: str | None = None
        # The reading thread calls no Qt (see ui.workers.NamedThread); the GUI thread
        # looks for its line.  A daemon: a line that never comes must not hold the exit.
        self._look = QTimer(self)
        self._look.setInterval(50)
        self._look.timeout.connect(self._typed_yet)

    def start(self) -> None:
        """Read once the dialog is on screen: nobody types into a window before it shows."""
        threading.Thread(target=self._read, name="fieldkit-stdin", daemon=True).start()
        self._look.start()

    def _read(self) -> None:
        self._line = sys.stdin.readline()  # "" at the end of input

    @Slot()
    def _typed_yet(self) -> None:
        if self._line is None:
            return
        self._look.stop()
        if self._line:
            self._type(self._line.rstrip("\r\n"))

    def _type(self, password: str) -> None:
        self.dialog.password.setText(password)
        self.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


class CardOffer(QObject):
    """Offers staff-card login when a PC/SC reader is found, without slowing the dialog.

    The probe (pyscard, pcscd) runs on a worker once the warm-up has loaded the
    store's code, so the first paint never waits for it.
    """

    def __init__(self, dialog: LoginDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._task: object | None = None

    @Slot(list)
    def probe(self, _warmed: list[str]) -> None:
        from ui.card_login import first_pcsc_reader  # noqa: PLC0415

        self._task = workers.start(
            lambda: first_pcsc_reader() is not None, self._answered, self._answered
        )

    def _answered(self, found: object) -> None:
        self._task = None
        if found is True:
            from ui.card_login import first_pcsc_reader  # noqa: PLC0415

            self.dialog.offer_card(first_pcsc_reader)


class _AppParser(argparse.ArgumentParser):
    """``fieldkit-app``'s options; its ``--help`` in the window's language.

    Worded only when asked: reading the catalogue at every start would slow the window's
    first paint, and the options are rarely asked about.
    """

    def format_help(self) -> str:
        from fieldkit import catalogue  # noqa: PLC0415 - only for --help
        from fieldkit.cli.output import speak_argparse  # noqa: PLC0415

        catalogue.use_language(catalogue.choose_language(sys.argv[1:], paths.data_dir()))
        speak_argparse(self)
        return super().format_help()


def app_parser() -> argparse.ArgumentParser:
    """The window's own options (``fieldkit-app --help``)."""
    parser = _AppParser(prog="fieldkit-app", add_help=True)
    parser.add_argument("--demo", action="store_true", help="a throwaway store with demo data")
    parser.add_argument("--verbose", action="store_true", help="more detail in the log file")
    # For tests and the start-up benchmark: quit this long after the first paint.
    parser.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    parser.add_argument("--report-ready", action="store_true", help=argparse.SUPPRESS)
    # For tests and the start-up benchmark: the login dialog's password, read from stdin.
    parser.add_argument("--password-stdin", action="store_true", help=argparse.SUPPRESS)
    return parser


def _options(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    args, rest = app_parser().parse_known_args(list(argv[1:]))
    return args, [argv[0], *rest]


def demo_login_steps(home: Path, dialog: LoginDialog) -> tuple[Callable[[], object], ...]:
    """Training mode: the demo's accounts on the dialog, its store made on the warm-up thread."""
    from ui import demo  # noqa: PLC0415 - constants only; the store's code loads in build()

    dialog.offer_demo(demo.ACCOUNTS, demo.DEMO_PASSWORD)

    def build_demo_store() -> None:
        demo.build(home)

    return (build_demo_store,)


def _log_in(home: Path, args: argparse.Namespace, *, demo: bool = False) -> Workspace | int:
    """The first-run or login dialog; an exit code when there is no session to open.

    Once the dialog has painted, the store's code loads on a background thread
    while the officer types; a login pressed sooner goes ahead when it is loaded.
    """
    dialog: FirstRunDialog | LoginDialog
    steps: tuple[str | Callable[[], object], ...] = LOGIN_WARMUP
    if demo:
        from ui import demo as demo_data  # noqa: PLC0415 - constants only

        dialog = LoginDialog(home, demo_data.ADMIN)
        steps = (*LOGIN_WARMUP, *demo_login_steps(home, dialog))
    elif (home / keyring.KEYRING_FILE).exists():
        try:
            last = keyring.load(home).last_officer
        except KnownError as error:
            log.warning("keyring unreadable at start-up: %s", error.code)
            sys.stderr.write(explain(error) + "\n")
            # A windowed start has no console: the officer must see why nothing opens.
            title = QCoreApplication.translate("app", "FieldKit cannot start")
            QMessageBox.critical(None, title, explain(error))
            return 1
        dialog = LoginDialog(home, last)
    else:
        dialog = FirstRunDialog(home)
    warmup = Warmup(steps, dialog)
    painted = FirstPaint(LOGIN_READY_MARKER if args.report_ready else None, parent=dialog)
    painted.painted.connect(warmup.start)
    if args.password_stdin and isinstance(dialog, LoginDialog):
        painted.painted.connect(PasswordFromStdin(dialog).start)
    dialog.installEventFilter(painted)
    # The login imports what the warm-up is loading (and, in the demo, opens the store
    # it makes): a press before it is done is kept until then, without freezing.
    # A failed loader refuses the demo, whose store may be what failed; a real login goes
    # ahead, and the same error recurs, and is shown, where the code is used.
    if demo:
        warmup.failed.connect(dialog.refuse)
    dialog.hold_until(warmup.finished)
    if isinstance(dialog, LoginDialog):
        warmup.finished.connect(CardOffer(dialog).probe)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    warmup.wait()  # also when cancelled: the thread must not outlive the interpreter's exit
    if not accepted or dialog.workspace is None:
        return 0
    return dialog.workspace


def _announce_demo(folder: Path) -> None:
    from ui import demo  # noqa: PLC0415 - only the demo needs it

    # The training data goes at exit; its log stays (the platform's log folder, "demo"),
    # so "the details are in the log" still points at a file after a crash.  Found before
    # FIELDKIT_HOME points into the throwaway folder, which would take the log with it.
    log_folder = paths.log_dir() / "demo"
    os.environ[paths.ENV_HOME] = str(folder / "data")  # devices.json, UI settings stay inside
    logs.configure(log_dir=log_folder)
    names = ", ".join(f"{user} ({role})" for user, role in demo.ACCOUNTS)
    sys.stdout.write(
        f"FieldKit demo: training data in {folder}, deleted at exit.\n"
        f"Accounts: {names}; password for all: {demo.DEMO_PASSWORD}\n"
    )
    sys.stdout.flush()


def run(argv: Sequence[str]) -> int:
    args, qt_argv = _options(argv)
    app = QApplication(qt_argv)
    collector = GuiThreadCollector(app)  # cycles holding Qt objects freed on this thread only
    app.setApplicationName("FieldKit")
    app.setApplicationVersion(__version__)
    ending = TerminationSignals(app)  # shutdown, Ctrl+C: the same orderly end as Quit
    one_click.install(app)  # a double click on a button makes one visit, one letter, one record
    demo_folder = Path(tempfile.mkdtemp(prefix="fieldkit-demo-")) if args.demo else None
    try:
        home = (demo_folder / "data") if demo_folder else paths.data_dir()
        i18n.install(app, i18n.chosen_language(home))
        # Fusion, the palette, 15 px body text and one stylesheet, from ui.design's tokens.
        theme.install(app, home)
        log.info("FieldKit %s starting%s", __version__, " (demo)" if demo_folder else "")
        if demo_folder is not None:
            _announce_demo(demo_folder)
        workspace = _log_in(home, args, demo=demo_folder is not None)
        if isinstance(workspace, int):
            return workspace
        window = _main_window(workspace, home, demo=demo_folder is not None)
        painted = FirstPaint(READY_MARKER if args.report_ready else None, args.quit_after, window)
        # The devices' discovery threads start once the window is on screen (not before:
        # they would compete with its first paint); the device lights show their state.
        painted.painted.connect(window.start_devices)
        # What the other screens need (OpenCV, httpx, ReportLab) loads after the first
        # paint, while the officer reads Home; each screen's own module on first show.
        from ui.screens import PAGE_MODULES  # noqa: PLC0415 - loaded by now

        pages = Warmup((*PAGE_MODULES, _load_capture_checks), window)
        painted.painted.connect(pages.start)
        window.installEventFilter(painted)
        show_maximized(window)  # the whole free area, never under the taskbar
        # The keyboard goes to the window at once (Ctrl+Q, Alt+3): the login dialog had it.
        window.raise_()
        window.activateWindow()
        code = app.exec()
        # Stops the devices and closes the store if the app quit without closing the window
        # (a timer, a signal): nobody is there to answer "quit?" after the event loop.
        window.close_without_asking()
        pages.wait()
        workers.wait_for_threads()  # the login's warm-up too, before Qt's objects go
        # Delete the widgets while QApplication still exists: left to the garbage
        # collector, they may outlive it and crash the interpreter on the way out.
        shiboken6.delete(window)
        collector.stop()  # the last cycles freed here, on the GUI thread
        app.shutdown()
        return code
    finally:
        workers.wait_for_threads()  # a login given up, or an error: no thread outlives Qt
        ending.restore()
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)


def _main_window(workspace: Workspace, home: Path, *, demo: bool) -> MainWindow:
    """The main window with its device supervisor (not started yet) and the idle lock."""
    # Imported here: warmed during the login (or needed at once by the demo).
    from fieldkit import training_mode  # noqa: PLC0415 - as above
    from fieldkit.devices import DeviceConfig, DeviceSupervisor  # noqa: PLC0415
    from ui import activity  # noqa: PLC0415
    from ui.main_window import MainWindow  # noqa: PLC0415

    simulators = training_mode.simulators_chosen(workspace, demo=demo)
    supervisor = DeviceSupervisor(workspace.events, config=DeviceConfig.load(home), sim=simulators)
    window = MainWindow(workspace, supervisor, demo=demo)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        activity.watch(app, workspace)
    return window


def main() -> int:
    # A windowed build (fieldkit-app.exe) has no console streams: every write must have a sink.
    logs.give_missing_streams_a_sink()
    logs.configure(verbose="--verbose" in sys.argv)
    crashlog.install()  # uncaught exceptions, Qt's warnings and faults go to the log folder
    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
