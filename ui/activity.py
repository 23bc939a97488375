"""Activity for the idle lock: any key, click, wheel or touch anywhere in the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace


class ActivityWatcher(QObject):
    """Any key or click counts as activity for the idle lock."""

    _ACTIVE = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in self._ACTIVE:
            self.workspace.idle.touch()
        return super().eventFilter(watched, event)
