from PySide6.QtCore import QTimer
from tests.ui.test_autocapture_step import _started, _at, kit  # noqa
from fieldkit.enrollment.machine import Step

def test_probe(qtbot, demo_data, kit, indonesian):
    page = _started(qtbot, demo_data, kit)
    s = page.capture_screen
    seen = []
    def sample():
        step = page.view.progress.current.value if page.view else None
        row = (step, s.slot.name if s.slot else None, s.meter.bar.format(), s.meter.text.text(), s.auto.cue.text(), s.result_label.text())
        if not seen or seen[-1] != row:
            seen.append(row)
    t = QTimer(); t.timeout.connect(sample); t.start(2)
    page.step_shown.connect(lambda _s: sample())
    qtbot.waitUntil(lambda: _at(page, Step.REVIEW), timeout=60000)
    for r in seen: print(r)
    page.shutdown()
