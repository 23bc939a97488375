"""What a step's widget may ask of the enrollment page that holds it.

Each step (start, consent, capture, review) is its own widget; they share one
draft, one status line and one worker pool through the page, and see it only
through this protocol, so a step can be read, and tested, on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.enrollment.drafts import EnrollmentView
    from fieldkit.workspace import Workspace
    from ui.common import StatusLine, VisitPicker
    from ui.enrollment.devices import DeviceProvider
    from ui.enrollment.words import EnrollmentWords


class EnrollmentHost(Protocol):
    workspace: Workspace
    devices: DeviceProvider | None
    words: EnrollmentWords
    status: StatusLine
    visit: VisitPicker
    view: EnrollmentView | None

    @property
    def busy(self) -> bool: ...

    def run(self, action: Callable[[], EnrollmentView]) -> bool:
        """Do a core action now; show its view, or say its known error. True if it worked."""
        ...

    def start_work(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        """Run slow work (device I/O, sealing) on the pool; ``done`` gets its result."""
        ...

    def set_busy(self, *, busy: bool) -> None: ...

    def show_view(self, view: EnrollmentView) -> None: ...

    def hint(self, text: str, key: str) -> str:
        """A tooltip naming the shortcut."""
        ...
