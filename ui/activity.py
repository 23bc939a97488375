"""Activity for the idle lock: any key, click, wheel or touch anywhere in the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from ui.one_click import ACTIVITY, OneClickGuard

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from fieldkit.workspace import Workspace


class ActivityWatcher(QObject):
    """Any key or click counts as activity for the idle lock."""

    _ACTIVE = ACTIVITY

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in self._ACTIVE:
            self.workspace.idle.touch()
        return super().eventFilter(watched, event)


def watch(app: QApplication, workspace: Workspace) -> None:
    """Count the officer's input as activity, through the app's one-click filter if it has one.

    One application event filter, not two: each costs every event of the app a call into
    Python.  An app without the guard (a test) gets its own :class:`ActivityWatcher`.
    """
    guards = app.findChildren(OneClickGuard)
    if guards:
        guards[-1].on_activity.append(workspace.idle.touch)  # the one installed last
    else:
        app.installEventFilter(ActivityWatcher(workspace, app))
