"""GUI responsiveness during live preview with live quality analysis (offscreen Qt).

Opens the enrollment page at the face step (simulated OpenCV camera, ``FaceAnalyzer.live``
on the preview worker), then at the iris step (SBI iris simulator over loopback HTTP,
``IrisAnalyzer.live``), for ``--seconds`` each (60 by default).  A ``QTimer`` probe
fires every 10 ms on the GUI thread and records how late each tick is: a late tick is
time the GUI thread was blocked.  Prints max / p99 / median lateness and the frames the
preview widget actually painted per second.

    .venv/bin/python benchmarks/bench_gui_latency.py [--seconds 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from drivers.sbi.backends import SbiIrisCamera
from drivers.sbi.sim import SbiSimulator
from fieldkit import demo as sim
from fieldkit.enrollment import flow, intake
from fieldkit.enrollment.machine import Slot, Step
from fieldkit.quality.result import QualityModality
from ui import demo
from ui.enrollment.page import EnrollmentPage
from ui.window_fit import TARGET_SIZE

PROBE_MS = 10
IRIS_FPS = 25.0


class Devices:
    """The SimKit's face camera; an SBI iris simulator streaming at a camera's rate."""

    def __init__(self, kit: sim.SimKit, iris: SbiIrisCamera) -> None:
        self.kit = kit
        self.iris = iris

    def device_for(self, slot: Slot) -> object:
        return self.iris if slot.modality is QualityModality.IRIS else self.kit.device_for(slot)


def spin(app: QApplication, seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()
    app.processEvents()


def measure(app: QApplication, page: EnrollmentPage, seconds: float) -> dict[str, float]:
    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append(max(0.0, (now - last[0]) / 1e6 - PROBE_MS))
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(tick)
    shown_before = page.capture_screen.preview_view.frames_shown
    worker = page.capture_screen.preview
    assert worker is not None
    delivered_before, dropped_before = worker.delivered, worker.dropped
    started = time.perf_counter()
    probe.start()
    spin(app, seconds)
    probe.stop()
    elapsed = time.perf_counter() - started
    ordered = sorted(gaps)
    return {
        "ticks": len(gaps),
        "max_ms": ordered[-1],
        "p99_ms": ordered[int(0.99 * (len(ordered) - 1))],
        "median_ms": statistics.median(ordered),
        "fps_shown": (page.capture_screen.preview_view.frames_shown - shown_before) / elapsed,
        "dropped_per_s": (worker.dropped - dropped_before) / elapsed,
        "delivered": worker.delivered - delivered_before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FIELDKIT_HOME"] = str(Path(tmp) / "home")
        made = demo.create(Path(tmp) / "home")
        ws = made.workspace
        iris_service = SbiSimulator("Iris", capture_delay_s=0.0, quality_score=85.0, fps=IRIS_FPS)
        iris_service.start()
        iris = SbiIrisCamera(iris_service.port)
        iris.open()
        try:
            with sim.SimKit() as kit:
                page = EnrollmentPage(ws, Devices(kit, iris))  # type: ignore[arg-type]
                page.resize(TARGET_SIZE)
                page.show()
                page.refresh()
                page.start_screen.targets.selectRow(1)
                page.start_screen.start_selected()
                assert page.view is not None
                draft = page.view.id
                intake.record_consent(ws, draft, intake.ConsentInput(intake.ConsentGiver.PERSON))
                for step in (Step.FACE, Step.IRIS):
                    page.show_view(flow.go_to(ws, draft, step))
                    spin(app, 2.0)  # warm-up: cascades loaded, first frames through
                    figures = measure(app, page, args.seconds)
                    print(
                        f"{step.value:5s} {args.seconds:.0f} s: probe every {PROBE_MS} ms, "
                        f"{figures['ticks']:.0f} ticks; "
                        f"GUI blocked max {figures['max_ms']:.1f} ms, "
                        f"p99 {figures['p99_ms']:.1f} ms, median {figures['median_ms']:.2f} ms; "
                        f"preview painted {figures['fps_shown']:.1f} fps "
                        f"(dropped before the GUI {figures['dropped_per_s']:.1f}/s)"
                    )
                page.shutdown()
                page.deleteLater()
                spin(app, 0.1)
        finally:
            iris.close()
            iris_service.stop()
            ws.close()
    print(f"machine: nproc={os.cpu_count()}")


if __name__ == "__main__":
    main()
