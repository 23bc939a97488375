"""The main window's screens, listed once: their order, module, sidebar name, role and build.

The sidebar, the Go menu, the Ctrl+1…Ctrl+9 shortcuts, the build on first show,
the typed properties (``window.planning``…) and the modules ``ui.app`` warms on
a background thread are all derived from :data:`SCREENS`.  Adding a screen is
one :class:`Page` member and one :class:`Screen` row.

The names keep the main window's translation context (``MainWindow``), and the
end-to-end journeys find each screen by that name: keep both as they are.
"""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from fieldkit.permissions import may_hand_over_cards, may_review

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.devices import DeviceSupervisor
    from fieldkit.officers import OfficerInfo
    from fieldkit.workspace import Workspace

_P = TypeVar("_P", bound=QWidget)


class Page(enum.IntEnum):
    """Stack indexes, in the sidebar's order; Ctrl+<index + 1> opens each."""

    HOME = 0
    PLANNING = 1
    ENROLLMENT = 2
    SARPRAS = 3
    SYNC = 4
    REPORTS = 5
    SETTINGS = 6
    REVIEW = 7
    HANDOVER = 8


class ScreenHost(Protocol):
    """What a screen's build needs from the main window."""

    @property
    def workspace(self) -> Workspace: ...

    @property
    def supervisor(self) -> DeviceSupervisor | None: ...

    def devices_simulated(self) -> bool: ...

    def show_page(self, page: Page) -> None: ...

    def set_training(self, on: bool) -> None: ...

    def officer_switched(self, info: object) -> None: ...

    def page(self, page: Page) -> QWidget: ...


@dataclass(frozen=True)
class Screen:
    """One screen: where its class lives, its sidebar name, who may use it, how it is built."""

    page: Page
    #: The module imported on first show (``None``: Home, built with the window).
    module: str | None
    class_name: str
    #: Its name in the sidebar, the Go menu and the accessibility tree.
    name: Callable[[], str]
    #: Builds the screen for the window; imports its module, so only on first show.
    build: Callable[[ScreenHost], QWidget] | None = None
    #: Whether an officer may use it (``None``: every role); others are not offered it.
    may_use: Callable[[OfficerInfo], bool] | None = None
    #: Its module loads OpenCV: ``ui.app`` warms it last.
    heavy: bool = False
    #: Its icon on the navigation rail: a name in ``assets/icons/fluent/`` (see its README).
    icon: str = ""

    @property
    def shortcut(self) -> str:
        return f"Ctrl+{self.page.value + 1}"

    def widget_class(self) -> type[QWidget]:
        """The screen's class (its module is imported now if it was not yet)."""
        if self.module is None:
            from ui.home_page import HomePage  # noqa: PLC0415 - built with the window

            return HomePage
        found = getattr(importlib.import_module(self.module), self.class_name)
        return cast("type[QWidget]", found)


# --- how each screen is built (each import here, not at the top: see ui.main_window) ---


def _planning(host: ScreenHost) -> QWidget:
    from ui.planning_page import PlanningPage  # noqa: PLC0415

    return PlanningPage(host.workspace)


def _enrollment(host: ScreenHost) -> QWidget:
    from ui.enrollment.devices import SupervisorDevices  # noqa: PLC0415
    from ui.enrollment.page import EnrollmentPage  # noqa: PLC0415

    supervisor = host.supervisor
    page = EnrollmentPage(host.workspace, SupervisorDevices(supervisor) if supervisor else None)
    page.sync_requested.connect(lambda: host.show_page(Page.SYNC))
    return page


def _sarpras(host: ScreenHost) -> QWidget:
    from ui.sarpras_page import SarprasPage  # noqa: PLC0415

    return SarprasPage(host.workspace, simulated=host.devices_simulated)


def _sync(host: ScreenHost) -> QWidget:
    from ui.sync_page import SyncPage  # noqa: PLC0415

    return SyncPage(host.workspace)


def _reports(host: ScreenHost) -> QWidget:
    from ui.reports_page import ReportsPage  # noqa: PLC0415

    return ReportsPage(host.workspace)


def _settings(host: ScreenHost) -> QWidget:
    from ui.settings_page import SettingsPage  # noqa: PLC0415

    page = SettingsPage(
        host.workspace, simulated=host.devices_simulated, supervisor=lambda: host.supervisor
    )
    page.training_changed.connect(host.set_training)
    page.officer_switched.connect(host.officer_switched)
    return page


def _review(host: ScreenHost) -> QWidget:
    from ui.review_page import ReviewPage  # noqa: PLC0415

    return ReviewPage(host.workspace)


def _handover(host: ScreenHost) -> QWidget:
    from ui.handover_page import HandoverPage  # noqa: PLC0415

    supervisor = host.supervisor
    return HandoverPage(host.workspace, supervisor.device if supervisor else lambda _kind: None)


#: Every screen, in :class:`Page` order (a test checks it).
SCREENS: tuple[Screen, ...] = (
    Screen(
        Page.HOME,
        None,
        "HomePage",
        lambda: QCoreApplication.translate("MainWindow", "Home"),
        icon="home",
    ),
    Screen(
        Page.PLANNING,
        "ui.planning_page",
        "PlanningPage",
        lambda: QCoreApplication.translate("MainWindow", "Planning"),
        _planning,
        icon="calendar_ltr",
    ),
    Screen(
        Page.ENROLLMENT,
        "ui.enrollment.page",
        "EnrollmentPage",
        lambda: QCoreApplication.translate("MainWindow", "Enrollment"),
        _enrollment,
        heavy=True,
        icon="fingerprint",
    ),
    Screen(
        Page.SARPRAS,
        "ui.sarpras_page",
        "SarprasPage",
        lambda: QCoreApplication.translate("MainWindow", "Sarpras"),
        _sarpras,
        icon="clipboard_task_list_ltr",
    ),
    Screen(
        Page.SYNC,
        "ui.sync_page",
        "SyncPage",
        lambda: QCoreApplication.translate("MainWindow", "Sync"),
        _sync,
        icon="arrow_sync",
    ),
    Screen(
        Page.REPORTS,
        "ui.reports_page",
        "ReportsPage",
        lambda: QCoreApplication.translate("MainWindow", "Reports"),
        _reports,
        icon="document_text",
    ),
    Screen(
        Page.SETTINGS,
        "ui.settings_page",
        "SettingsPage",
        lambda: QCoreApplication.translate("MainWindow", "Settings"),
        _settings,
        icon="settings",
    ),
    Screen(
        Page.REVIEW,
        "ui.review_page",
        "ReviewPage",
        lambda: QCoreApplication.translate("MainWindow", "Review"),
        _review,
        may_use=may_review,
        icon="clipboard_checkmark",
    ),
    Screen(
        Page.HANDOVER,
        "ui.handover_page",
        "HandoverPage",
        lambda: QCoreApplication.translate("MainWindow", "Card handover"),
        _handover,
        may_use=may_hand_over_cards,
        icon="contact_card",
    ),
)


#: The screens built on first show, in the order ``ui.app`` warms them (OpenCV last).
PAGE_MODULES: tuple[str, ...] = tuple(
    s.module
    for s in sorted(SCREENS, key=lambda s: s.heavy)  # stable: Page order otherwise
    if s.module is not None
)


class ScreenSlot(Generic[_P]):
    """A typed property for one screen: built on first use, checked to be that screen.

    ``planning: ScreenSlot[PlanningPage] = ScreenSlot(Page.PLANNING)`` on the window
    gives ``window.planning``, typed, without importing the screen's module before
    it is needed.
    """

    def __init__(self, page: Page) -> None:
        self.page = page

    def __get__(self, window: ScreenHost, owner: type | None = None) -> _P:
        widget = window.page(self.page)
        if not isinstance(widget, SCREENS[self.page].widget_class()):
            msg = f"the {self.page.name.lower()} slot holds a {type(widget).__name__}"
            raise TypeError(msg)
        return cast("_P", widget)
