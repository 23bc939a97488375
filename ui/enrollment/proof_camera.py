"""The face camera's live view for a photo taken as evidence (a hand, a stump, a letter).

A proof photo was taken the instant its button was pressed, with nothing on screen to
aim the camera at the hand (issue 36, finding 8).  This is the face step's own preview
(:class:`~ui.capture_widgets.PreviewWorker` into a :class:`~ui.capture_widgets.PreviewView`)
with no quality judged: the petugas aims, then presses "Ambil foto" beside it.  The
frames are painted and dropped, never kept: only the photo taken is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtCore import Slot as QtSlot
from PySide6.QtGui import QImage

from fieldkit.devices import converted
from fieldkit.enrollment import capture_rules
from fieldkit.enrollment.machine import FACE_SLOT
from ui.capture_widgets import PreviewView, PreviewWorker

if TYPE_CHECKING:
    from collections.abc import Iterator

    from PySide6.QtGui import QHideEvent
    from PySide6.QtWidgets import QWidget

    from drivers.base import CancelToken, Frame, ImageDevice

# Big enough to see a finger's stump or a letter's signature; a dialog still fits 768 px.
LIVE_SIZE = QSize(320, 240)


class LiveView(PreviewView):
    """What the face camera sees now, while shown; it stops when hidden."""

    def __init__(self, camera: ImageDevice | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camera = camera
        self.worker: PreviewWorker | None = None
        # One size: the preview's "take all the room" pushed Catat persetujuan off the screen.
        self.setFixedSize(LIVE_SIZE)
        self.setAccessibleName(self.tr("Live view of the face camera"))
        self.show_message(self.tr("The camera is off."))

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self) -> None:
        """Show the camera's frames from now on; says so in words when there is no camera."""
        if self.worker is not None:
            return
        camera = self.camera
        if camera is None:
            self.show_message(self.tr("The face camera is not connected."))
            return
        kind = capture_rules.device_kind(FACE_SLOT)

        def frames(cancel: CancelToken) -> Iterator[Frame]:
            with converted(kind):  # a camera gone mid-view is said in words
                yield from camera.stream(cancel, position=FACE_SLOT.position)

        worker = PreviewWorker(frames, None, self)
        worker.frame_ready.connect(self._on_frame)
        worker.failed.connect(self._on_failed)
        self.worker = worker
        self.show_message(self.tr("Starting the camera…"))
        worker.start()

    def stop(self) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        worker.frame_ready.disconnect(self._on_frame)
        worker.failed.disconnect(self._on_failed)
        worker.stop()
        worker.deleteLater()
        self.show_message(self.tr("The camera is off."))

    @QtSlot(QImage, object, int)
    def _on_frame(self, image: QImage, _report: object, _sequence: int) -> None:
        worker = self.worker
        if worker is None or self.sender() is not worker:
            return
        self.show_image(image)
        worker.frame_shown()

    @QtSlot(str)
    def _on_failed(self, message: str) -> None:
        self.stop()
        self.show_message("⚠ " + self.tr("The camera stopped: %1").replace("%1", message))

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self.stop()
        super().hideEvent(event)
