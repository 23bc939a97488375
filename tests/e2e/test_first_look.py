"""A new user's first look: log in to the demo and open every page, at both laptop sizes."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.desktop import Desktop
from tests.e2e.journeys import (
    PAGES,
    choose,
    choose_containing,
    log_in,
    open_page,
    problems_on_screen,
)


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


def test_the_office_picks_the_scanners_serial_port_in_pengaturan(launch, desktop: Desktop) -> None:
    """Pin the ZFM scanner to a port the laptop lists (COM5 on Windows), mouse only."""
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Pengaturan")
    before = {n.name for n in hands.look().find("combo box")}
    choose_containing(hands, "Kamera wajah", "Pemindai sidik jari")
    serial_scanner = "sensor sidik jari di port serial"  # zfm, in words (not its simulator)
    choose(hands, hands.find("combo box", "otomatis"), serial_scanner)
    # The port list appears beside its refresh button, only for a backend on a serial line.
    hands.find("push button", "Muat ulang daftar port")
    known = before | {"Pemindai sidik jari", serial_scanner}
    (ports,) = [n for n in hands.look().find("combo box") if n.name not in known]
    hands.click("push button", "Muat ulang daftar port")
    x, y = ports.center
    hands.desktop.xdotool("mousemove", str(x), str(y), "click", "1")
    listed = hands.wait(
        "the port list", lambda s: [n for n in s.find("list item") if n.name not in PAGES], 10
    )
    hands.screenshot("serial-ports")
    names = [n.name for n in listed]
    hands.key("Escape")
    if names == ["Tidak ada port serial terdeteksi"]:
        options = ""
    else:  # a machine with serial ports: the first fills the options as the person chose
        # The port list by its node: its name "Port serial" is in the backend's words too.
        choose(hands, ports, names[0])
        options = hands.look().one("text", "Pilihan modul").text or ""
        assert options.startswith("port="), options
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    assert not problems, "\n".join(problems)
    # The port row must not widen the page: it once added a sideways scroll bar at 1366.
    bars = hands.look().find("scroll bar")
    sideways = [str(n) for n in bars if n.rect is not None and n.rect[2] > n.rect[3]]
    assert not sideways, sideways
    # Back to a backend without a serial line: the port row goes away.
    choose(hands, hands.find("combo box", serial_scanner), "simulator (latihan)")
    hands.wait("no port row", lambda s: not s.find("push button", "Muat ulang daftar port"), 10)
    assert names, options
    assert not app.crashes()
