"""Every page on a 1366x768 laptop and on a 1920x1080 screen at Windows' 150% scaling.

A 1920x1080 laptop at 150% (Windows' default for that size) leaves the app 1280x720
logical pixels, drawn half as large again: every control must still be on the
screen, and the window must fill the screen's free area (it opens maximized).  The
screenshots of each page go to ``test-artifacts/screens/<size>/<page>.png``, where a
person looks them over.
"""

from __future__ import annotations

import pytest

from tests.e2e.desktop import REPO, Desktop
from tests.e2e.journeys import PAGES, log_in, open_page, problems_on_screen

SCREENS = REPO / "test-artifacts" / "screens"


@pytest.mark.parametrize(
    ("fixture", "folder"),
    [("desktop", "1366x768"), ("large_desktop_150", "1920x1080@1.5")],
    ids=["1366x768", "1920x1080@1.5"],
)
def test_every_page_fits_the_screen_and_fills_it(
    launch, request: pytest.FixtureRequest, fixture: str, folder: str
) -> None:
    desktop: Desktop = request.getfixturevalue(fixture)
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    shots = SCREENS / folder
    problems: list[str] = []
    for page in PAGES:
        open_page(hands, page)
        desktop.screenshot(shots / f"{page}.png")
        snap = hands.look()
        found = problems_on_screen(snap, desktop.width, desktop.height)
        problems += [f"{page}: {p}" for p in found]
        # The page's own title, its name, above it.
        if not [n for n in snap.find("label", page) if n.rect and n.rect[2] > 0]:
            problems.append(f"{page}: no title {page!r} on the page")
    (frame,) = [w for w in hands.look().windows() if w.role == "frame"]
    assert frame.rect is not None
    _x, _y, width, height = frame.rect
    # Opened maximized: the free area, less at most a window manager's frame.
    assert width >= desktop.width * 0.95, frame
    assert height >= desktop.height * 0.85, frame
    assert not problems, "\n".join(problems)
    assert not app.crashes()
