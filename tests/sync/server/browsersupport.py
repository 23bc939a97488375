"""The console in a real browser: Debian's Chromium driven by Playwright, as a person uses it.

One place for what every browser test of the console does: open Chromium (never a
downloaded one), open a page at a laptop's or a phone's size, move with Tab to a named
control, press Enter and wait for the next page, log in with the keyboard, and keep a
screenshot in ``test-artifacts/console/`` for review.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.sync.server.consolesupport import PASSWORD

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")  # Debian's (scripts/bootstrap.sh dev), never a download
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "console"
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
PHONE: ViewportSize = {"width": 375, "height": 740}

#: Every form control a person fills in that has no label naming it.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
    .map(e => e.name)"""
#: How far a page is wider than its window (a phone must not scroll sideways).
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
#: What the focused element is called: its accessible label, else its label's text, else
#: its id, else its own text.
FOCUSED_NAME = """() => {
    const e = document.activeElement;
    if (!e) return '';
    const label = e.labels && e.labels.length ? e.labels[0].textContent.trim() : '';
    return e.getAttribute('aria-label') || label || e.id || (e.textContent || '').trim();
}"""
#: The focused element's own text alone (a link's or a button's words), whatever its label.
FOCUSED_TEXT = "() => (document.activeElement && document.activeElement.textContent || '').trim()"
#: The focused element's id alone: a field reached by what it is, not by what it says.
FOCUSED_ID = "() => (document.activeElement && document.activeElement.id) || ''"


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium; root (CI) needs --no-sandbox, and nothing but our pages is opened."""
    assert CHROMIUM.exists(), "Debian's chromium is missing: run scripts/bootstrap.sh dev as root"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Browser, viewport: ViewportSize = LAPTOP, **options: object) -> Page:
    """A page in Indonesian that trusts the data center's own CA, as an office browser does."""
    return browser.new_page(
        viewport=viewport,
        ignore_https_errors=True,
        locale="id-ID",
        **options,  # type: ignore[arg-type]
    )


def shot(page: Page, name: str) -> Path:
    """The whole page as ``test-artifacts/console/<name>.png``, for review."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except PlaywrightError as error:
        # Headless Chromium on a loaded machine sometimes fails one capture ("Unable to
        # capture screenshot", seen in a CI-like run); the picture is for review, not the
        # test's subject: once more, and a second failure is the test's.
        if "Unable to capture screenshot" not in str(error):
            raise
        page.screenshot(path=str(path), full_page=True)
    return path


def tab_to(page: Page, name: str, most: int = 80, reads: str = FOCUSED_NAME) -> None:
    """Press Tab until the focused element is called ``name``, as a keyboard user does.

    ``reads`` is what "called" means: the accessible name by default, or e.g.
    :data:`FOCUSED_ID` where a field is found by its id.
    """
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(reads) == name:
            return
    pytest.fail(f"{name!r} is not reachable with Tab")


def press_enter(page: Page) -> None:
    """Enter on the focused control, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def log_in(page: Page, url: str, name: str, password: str = PASSWORD) -> None:
    """The login form with the keyboard: the name field has the focus once the page is up."""
    page.goto(url + "/masuk")
    # Typing before the focus is there loses the first characters.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'name'")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Beranda", page.inner_text("main")


def qr_text(page: Page) -> str:
    """The QR code's text as the screen shows it: its element's pixels, read by OpenCV.

    A white margin goes round the element's picture first, as paper gives a camera:
    OpenCV's detector looks for the finder patterns against a quiet zone.  The code is
    drawn at 300 px whatever its version, so its modules fall between pixels and their
    edges are grey: OpenCV's classic detector missed about one code in three drawn so
    (a random enrollment code each run, so the console journey failed now and then),
    its ArUco-based detector and a black-and-white copy read every one of 300.  The
    text must then be the same whichever reads it.
    """
    png = page.locator("#qr svg").screenshot()
    image = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    framed = cv2.copyMakeBorder(image, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    _, black_and_white = cv2.threshold(framed, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    read = {
        str(text)
        for picture in (framed, black_and_white)
        for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco())
        if (text := detector.detectAndDecode(picture)[0])
    }
    assert read, "no QR code read from the screenshot"
    assert len(read) == 1, f"the QR code read two ways: {read}"
    return read.pop()
