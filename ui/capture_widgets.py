"""The capture screen's parts: a live preview fed by a worker thread, a quality meter, a finger map.

:class:`PreviewWorker` is one ``QThread`` per preview stream.  It iterates
``device.stream(cancel)``, runs the live quality analysis (``FaceAnalyzer.live``,
``IrisAnalyzer.live``...) on the same thread and converts the frame to a
``QImage`` there too, so the GUI thread only paints.  A frame is handed over
by signal only when the GUI has shown the previous one: if the GUI falls
behind, frames are dropped, never queued.  A stream that reconnects by itself
(:func:`fieldkit.live_preview.live_frames`) says so between its frames: each
:class:`~fieldkit.live_preview.Reconnecting` notice is passed on, never dropped, as
:attr:`PreviewWorker.reconnecting`.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSize, Qt, QThread, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QSizePolicy, QVBoxLayout, QWidget

from drivers.base import CancelToken
from fieldkit.errors import KnownError
from fieldkit.formats.positions import FingerPosition
from fieldkit.live_preview import Reconnecting
from ui.design import mark_preview
from ui.design.theme import current_theme
from ui.messages import explain, explain_any
from ui.quality_catalogue import instruction_text

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from numpy.typing import NDArray

    from drivers.base import Frame
    from fieldkit.enrollment.machine import SlotProgress
    from fieldkit.quality.result import QualityReport

log = logging.getLogger(__name__)


def _ok() -> str:
    """The theme's colour for a capture that passed (read when drawn: themes change)."""
    return current_theme().colours.success


def _bad() -> str:
    return current_theme().colours.danger


def _pending() -> str:
    return current_theme().colours.text_muted


def _waiting() -> str:
    return current_theme().colours.warning


def to_qimage(image: NDArray[np.uint8]) -> QImage:
    """A copy of a grey or BGR numpy image as a QImage (safe to build off the GUI thread)."""
    data = np.ascontiguousarray(image)
    height, width = data.shape[:2]
    if data.ndim == 2:  # noqa: PLR2004 - grey
        fmt = QImage.Format.Format_Grayscale8
    elif data.shape[2] == 3:  # noqa: PLR2004 - BGR, as OpenCV gives it
        fmt = QImage.Format.Format_BGR888
    else:
        data = np.ascontiguousarray(data[:, :, :3])
        fmt = QImage.Format.Format_BGR888
    return QImage(data.data, width, height, int(data.strides[0]), fmt).copy()


class PreviewWorker(QThread):
    """One device's live preview and its live quality, off the GUI thread."""

    #: (QImage, QualityReport or None, frame sequence)
    frame_ready = Signal(QImage, object, int)
    failed = Signal(str)
    #: (Reconnecting) the device went away and the stream tries again by itself.
    reconnecting = Signal(object)

    def __init__(
        self,
        frames: Callable[[CancelToken], Iterator[Frame | Reconnecting]],
        analyzer: Callable[[NDArray[np.uint8]], QualityReport | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._frames = frames
        self._analyzer = analyzer
        self.cancel = CancelToken()
        self._shown = threading.Event()  # set: the GUI is ready for the next frame
        self._shown.set()
        self.delivered = 0
        self.dropped = 0

    def run(self) -> None:
        try:
            for frame in self._frames(self.cancel):
                if self.cancel.cancelled:
                    break
                if isinstance(frame, Reconnecting):  # said at once: it is no frame to drop
                    self.reconnecting.emit(frame)
                    continue
                if not self._shown.is_set():
                    self.dropped += 1  # the GUI has not painted the last one: skip, never queue
                    continue
                report = self._analyse(frame.image)
                # In the screen's own pixel format, converted here: the GUI thread only
                # scales and paints it (it converted every frame, at 25 a second).
                image = to_qimage(frame.image).convertToFormat(QImage.Format.Format_RGB32)
                self._shown.clear()
                self.delivered += 1
                self.frame_ready.emit(image, report, frame.sequence)
        except KnownError as error:  # the device went away: said in words, no trace
            log.info("live preview stopped: %s", error.code)
            self.failed.emit(explain(error))
        except Exception as error:
            log.exception("live preview stopped")
            self.failed.emit(explain_any(error))

    def _analyse(self, image: NDArray[np.uint8]) -> QualityReport | None:
        if self._analyzer is None:
            return None
        try:
            return self._analyzer(image)
        except Exception:  # a frame the analysis chokes on is only a preview frame
            log.exception("live quality analysis failed on a frame")
            return None

    def frame_shown(self) -> None:
        """The GUI painted the last frame; the next one may come."""
        self._shown.set()

    def stop(self, timeout_ms: int = 5_000) -> None:
        self.cancel.cancel()
        self._shown.set()
        if not self.wait(timeout_ms):
            log.warning("a preview stream did not stop within %d ms", timeout_ms)


class PreviewView(QLabel):
    """The large live picture; keeps its aspect ratio and counts what it showed."""

    shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(QSize(400, 300))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A message in place of the picture is shown whole, on as many lines as it takes:
        # unwrapped and centred, a long one ("Pratinjau berhenti: Kamera wajah berhenti
        # menjawab ...") was cut at both ends (issue 47 B4).  A picture is not affected.
        self.setWordWrap(True)
        mark_preview(self)
        self.frames_shown = 0
        self.last_image: QImage | None = None

    def show_image(self, image: QImage) -> None:
        self.last_image = image
        target = self.contentsRect().size()
        if target.width() > 0 and target.height() > 0:
            # Scaled before it becomes a pixmap: one copy of the shown size, not two.
            image = image.scaled(
                target,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        self.setPixmap(QPixmap.fromImage(image))
        self.frames_shown += 1
        self.shown.emit(self.frames_shown)

    def show_message(self, text: str) -> None:
        self.last_image = None
        self.clear()
        self.setText(text)


def _bar_style(colour: str) -> str:
    # A style sheet on the chunk alone puts the bar's text in its top-left corner.
    border = current_theme().colours.border_strong
    return (
        f"QProgressBar {{ text-align: center; border: 1px solid {border}; border-radius: 3px; }} "
        f"QProgressBar::chunk {{ background: {colour}; }}"
    )


class QualityMeter(QWidget):
    """Score against the threshold, in a bar and in words (colour is only a second signal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.instruction = QLabel()
        self.instruction.setWordWrap(True)
        self.instruction.setProperty("stepTitle", "true")  # the theme's step title size
        # Always two lines tall: an instruction that wrapped or not moved every button below
        # it while the officer (or a test's click) aimed at one.
        big = QFont(self.instruction.font())
        big.setPixelSize(current_theme().type.step_title_px)
        big.setBold(True)
        self.instruction.setFixedHeight(2 * QFontMetrics(big).lineSpacing() + 4)
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.instruction)
        layout.addWidget(self.bar)
        layout.addWidget(self.text)
        self.threshold = 0.0
        self._styles: tuple[str, str] | None = None
        # No attempt is left on the slot: a live frame's "press harder" would ask for one.
        self.spent = False
        self.reset()

    def _style(self, text_style: str, colour: str) -> None:
        """Set the style sheets only when they change: each set re-polishes the widgets.

        The live preview shows a report per frame; setting the same style sheets on every
        frame (Qt does not compare them) kept the GUI thread re-styling the meter 25 times
        a second.
        """
        wanted = (text_style, colour)
        if wanted == self._styles:
            return
        self._styles = wanted
        self.text.setStyleSheet(text_style)
        self.bar.setStyleSheet(_bar_style(colour))

    def reset(self, threshold: float | None = None) -> None:
        if threshold is not None:
            self.threshold = threshold
        self.spent = False
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("no score yet"))
        self.text.setText(self.tr("Threshold %1").replace("%1", f"{self.threshold:g}"))
        self._style(f"color: {_pending()};", _pending())
        self.instruction.setText("")

    def show_slot(self, progress: SlotProgress) -> None:
        """The slot as it stands: its best score so far, and no plea once attempts are spent.

        The capture screen reset the meter to "no score yet" after each finger's
        capture (its preview restarts), beside the line saying "score 38"; and a
        frame's "press harder" stayed after the last attempt (issue 47).
        """
        self.reset(progress.threshold)
        if progress.attempts and progress.best_score is not None:
            best = progress.best_score
            self.show_score(best, passed=best >= progress.threshold)
            self.bar.setFormat(
                self.tr("best %1 / %2")
                .replace("%1", f"{best:.0f}")
                .replace("%2", f"{self.threshold:g}")
            )
        elif progress.attempts:
            self.show_score(None, passed=False)
        self.spent = not progress.resolved and progress.attempts_left == 0
        if self.spent:
            self.instruction.setText(self.spent_words())

    def spent_words(self) -> str:
        return self.tr("No attempts left: keep the best with a reason, or record an exception.")

    def show_report(self, report: QualityReport) -> None:
        if self.spent:  # a live frame may not ask for an attempt there is none of
            return
        self.show_score(report.score, passed=report.passed)
        self.instruction.setText(instruction_text(report.instruction))

    def show_score(self, score: float | None, *, passed: bool) -> None:
        threshold = f"{self.threshold:g}"
        if score is None:
            self.bar.setValue(0)
            self.bar.setFormat(self.tr("cannot be scored"))
            words = "✖ " + self.tr("Cannot be scored (threshold %1)").replace("%1", threshold)
            colour = _bad()
        else:
            self.bar.setValue(round(max(0.0, min(100.0, score))))
            self.bar.setFormat(f"{score:.0f} / {threshold}")
            if passed:
                words = "✔ " + self.tr("Good: score %1, threshold %2")
                colour = _ok()
            else:
                words = "✖ " + self.tr("Below the threshold: score %1, threshold %2")
                colour = _bad()
            words = words.replace("%1", f"{score:.0f}").replace("%2", threshold)
        self.text.setText(words)
        self._style(f"color: {colour}; font-weight: bold;", colour)


# Each hand as it lies palm down in front of the officer, thumbs inwards: the left
# hand little finger to thumb, the right hand thumb to little finger.  One row per
# hand: ten cells side by side do not fit the capture screen's side panel at 1366x768.
#: A finger cell's border and padding on each side, in pixels.
_CELL_FRAME_PX = 4
#: Room beyond the longest word, so its ends are never at the border.
_CELL_SLACK_PX = 6

_HANDS = (
    (
        FingerPosition.LEFT_LITTLE,
        FingerPosition.LEFT_RING,
        FingerPosition.LEFT_MIDDLE,
        FingerPosition.LEFT_INDEX,
        FingerPosition.LEFT_THUMB,
    ),
    (
        FingerPosition.RIGHT_THUMB,
        FingerPosition.RIGHT_INDEX,
        FingerPosition.RIGHT_MIDDLE,
        FingerPosition.RIGHT_RING,
        FingerPosition.RIGHT_LITTLE,
    ),
)


class FingerMap(QWidget):
    """All ten fingers: captured, excepted or pending, each in words and colour."""

    CAPTURED, EXCEPTED, PENDING, BELOW = "captured", "excepted", "pending", "below"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        self.cells: dict[str, QLabel] = {}
        self.hand_labels = (QLabel(self.tr("Left hand")), QLabel(self.tr("Right hand")))
        for hand, (label, fingers) in enumerate(zip(self.hand_labels, _HANDS, strict=True)):
            label.setStyleSheet("font-weight: bold;")
            grid.addWidget(label, 2 * hand, 0, 1, len(fingers))
            for column, position in enumerate(fingers):
                cell = QLabel()
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setWordWrap(True)
                cell.setToolTip(f"{position.value}: {label.text()}, {self._finger_name(position)}")
                self.cells[str(position.value)] = cell
                grid.addWidget(cell, 2 * hand + 1, column)
        for column in range(len(_HANDS[0])):
            grid.setColumnStretch(column, 1)
        self.states: dict[str, str] = {}
        self._keep_words_whole()
        self.set_states({})

    def _keep_words_whole(self) -> None:
        """No cell narrower than the longest word it can show ("pengecualian" was cut).

        A word-wrapped label breaks only between words, and its minimum size hint
        ignores a word wider than the cell: the grid squeezed "pengecualian" into a
        cell a few pixels too narrow and its ends were clipped.
        """
        font = QFont(self.font())
        font.setPixelSize(current_theme().type.caption_px)
        metrics = QFontMetrics(font)
        lines = [self._words(state)[1] for state in (self.CAPTURED, self.EXCEPTED, self.BELOW)]
        lines += [self._words(self.PENDING)[1], "✔ 10"]
        lines += [self._finger_name(position) for position in _HANDS[0]]
        widest = max(metrics.horizontalAdvance(word) for line in lines for word in line.split())
        for cell in self.cells.values():
            # A few pixels more than measured: glyphs overhang their advance, and the
            # stylesheet font may be hinted wider than this one.
            cell.setMinimumWidth(widest + 2 * _CELL_FRAME_PX + _CELL_SLACK_PX)

    def _finger_name(self, position: FingerPosition) -> str:
        """The short name: the row already says which hand."""
        names = {
            1: self.tr("Thumb"),
            2: self.tr("Index"),
            3: self.tr("Middle"),
            4: self.tr("Ring"),
            5: self.tr("Little"),
        }
        return names[(position.value - 1) % 5 + 1]

    def _words(self, state: str) -> tuple[str, str, str]:
        if state == self.CAPTURED:
            return "✔", self.tr("captured"), _ok()
        if state == self.EXCEPTED:
            return "⊘", self.tr("exception"), _waiting()
        if state == self.BELOW:
            return "✖", self.tr("below threshold"), _bad()
        return "○", self.tr("pending"), _pending()

    def set_states(self, states: dict[str, str]) -> None:
        """``states`` maps finger codes ("1".."10") to captured/excepted/below; else pending."""
        self.states = {code: states.get(code, self.PENDING) for code in self.cells}
        for code, cell in self.cells.items():
            symbol, word, colour = self._words(self.states[code])
            name = self._finger_name(FingerPosition(int(code)))
            cell.setText(f"{symbol} {code}\n{name}\n{word}")
            caption = current_theme().type.caption_px  # "Jari tengah" on one line
            cell.setStyleSheet(
                f"border: 2px solid {colour}; color: {colour}; border-radius: 6px; "
                f"padding: 1px {_CELL_FRAME_PX - 2}px; font-size: {caption}px;"
            )

    @Slot()
    def clear(self) -> None:
        self.set_states({})
