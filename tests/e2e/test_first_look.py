"""A new user's first look: log in to the demo and open every page, at both laptop sizes."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.desktop import Desktop
from tests.e2e.journeys import PAGES, log_in, open_page, problems_on_screen


def _tour(launch, desktop: Desktop) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    problems: list[str] = []
    size = (desktop.width, desktop.height)
    for page in PAGES:
        open_page(hands, page)
        hands.screenshot(f"page-{page}")
        if page == "Pengaturan":
            # Where to find the log when something went wrong (on Windows there is no
            # console): shown, selectable, and the real folder the app writes to.
            shown = hands.look().one("text", "Folder log").text or ""
            assert (Path(shown) / "fieldkit.log").is_file(), shown
        problems += [
            f"{page}: {p}" for p in problems_on_screen(hands.look(), desktop.width, desktop.height)
        ]
    # Back to the first page: a window that grew on the way must have come back.
    open_page(hands, PAGES[0])
    problems += [
        f"again {PAGES[0]}: {p}"
        for p in problems_on_screen(hands.look(), desktop.width, desktop.height)
    ]
    # The About box, opened from the menu as a person does.
    hands.click("menu item", "FieldKit")
    hands.click("menu item", "Tentang FieldKit")
    about = hands.wait("the About box", lambda s: [w for w in s.windows() if w.role != "frame"])
    hands.screenshot("about")
    named = [t for t in hands.look().texts() if "Folder log: " in t]
    assert named, "the About box names no log folder"
    problems += [f"About: {p}" for p in problems_on_screen(hands.look(), *size)]
    assert about
    hands.key("Escape")
    assert not problems, "\n".join(problems)
    assert not app.crashes()


def test_every_page_fits_a_1366x768_laptop_in_indonesian(launch, desktop: Desktop) -> None:
    _tour(launch, desktop)


def test_every_page_fits_a_1280x720_screen(launch, small_desktop: Desktop) -> None:
    _tour(launch, small_desktop)
