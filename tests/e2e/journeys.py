"""Steps a person takes again and again, written once: log in, open a page, look it over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

from PIL import ImageFont

from drivers import Modality
from drivers.registry import available_backends
from fieldkit.devices import SIM_BACKEND, DeviceConfig
from tests.e2e.desktop import Hands, Node, Snapshot
from tests.e2e.language import english_words
from tests.support import ADMIN, ADMIN_PASSWORD
from ui.design.tokens import TypeScale

#: The app's body font (Qt's default sans on Debian and in the Windows build's fonts).
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#: A cell's text margins and focus frame: text this much narrower than its cell shows whole.
CELL_PADDING_PX = 12
#: A status pill's frame and padding around its words.
PILL_PADDING_PX = 24
#: What the estimate of a text's width may be off by before a cell is called cut.
ESTIMATE_SLACK_PX = 6
#: The controls a person must be able to reach whole.
CONTROLS = frozenset(
    {"push button", "check box", "radio button", "combo box", "text", "password text", "page tab"}
)

#: The main window's navigation, in the order it lists its pages.
PAGES = (
    "Beranda",
    "Perencanaan",
    "Perekaman",
    "Sarpras",
    "Sinkronisasi",
    "Laporan",
    "Pengaturan",
    "Tinjauan",  # shown to the ketua tim, operator and admin
    "Serah terima",  # the same: printed cards are handed over by them, not a petugas alone
)


def log_in(hands: Hands, user: str, password: str | None = None) -> None:
    """The login dialog: user name, password (the demo fills its own in), Masuk."""
    hands.find("dialog", "Masuk FieldKit", timeout=60)
    hands.fill("text", "Nama pengguna", user)
    if password is not None:
        hands.fill("password text", "Kata sandi", password)
    hands.click("push button", "Masuk")
    # A press before the store's code (the demo: its store) is ready is kept, and the
    # window says so while it works: on a loaded machine that is a long wait, a person's too.
    hands.wait("the login window to finish", lambda s: not s.find("dialog", "Masuk FieldKit"), 180)
    hands.wait("the main window", lambda s: [w for w in s.windows() if w.role == "frame"], 60)


def switch_user(hands: Hands, user: str, password: str) -> None:
    """FieldKit → Ganti pengguna: the laptop changes hands without quitting."""
    hands.click("menu item", "FieldKit")
    hands.click("menu item", "Ganti pengguna")
    hands.find("dialog", "Layar terkunci")
    hands.fill("text", "Nama pengguna", user)
    hands.fill("password text", "Kata sandi", password)
    hands.key("Return")
    hands.wait("the next officer's session", lambda s: not s.find("dialog", "Layar terkunci"))


def rail_rows(snap: Snapshot, page: str) -> list[Node]:
    """The rail's row for ``page``: named as the screen, and ", <count>" while work waits.

    A row's accessible name carries its badge's count ("Tinjauan, 3 menunggu tinjauan",
    issue 47, finding 12), so a screen reader says it; the screen's name begins it.
    """
    return [n for n in snap.find("list item") if n.name == page or n.name.startswith(f"{page}, ")]


def open_page(hands: Hands, page: str) -> None:
    row = hands.wait(f"the rail's row {page}", lambda s: rail_rows(s, page)[:1])
    hands.click_node(row[0])
    hands.wait(f"page {page}", lambda s: [n for n in rail_rows(s, page) if "selected" in n.states])


def problems_on_screen(snap: Snapshot, width: int, height: int) -> list[str]:
    """What a person at a ``width`` x ``height`` screen could not use or could not read."""
    problems = []
    for window in snap.windows():
        x, y, w, h = window.rect or (0, 0, 0, 0)
        if x < 0 or y < 0 or x + w > width or y + h > height:
            problems.append(f"{window} does not fit the {width}x{height} screen")
    for node in snap.nodes:
        if node.role not in {"push button", "check box", "radio button", "combo box", "text"}:
            continue
        if node.rect is None or node.rect[2] <= 0:
            continue
        cx, cy = node.center
        on_screen = 0 <= cx < width and 0 <= cy < height
        visible = snap.visible_rect(node)
        clipped = visible is None or visible[2] < 4 or visible[3] < 4
        if (not on_screen or clipped) and snap.scroll_pane_of(node) is None:
            problems.append(f"{node} is off the screen or hidden and cannot be scrolled to")
    problems += [
        f"{n} is cut by its window's edge" for n in cut_by_their_window(snap, width, height)
    ]
    problems += [f"{n} is cut short beside room in its row" for n in elided_beside_room(snap)]
    for text in snap.texts():
        words = english_words(text)
        if words:
            problems.append(f"English {words} in {text!r}")
    return problems


def _window_of(snap: Snapshot, node: Node) -> Node | None:
    windows = {w.i for w in snap.windows()}
    return next((a for a in snap.ancestors(node) if a.i in windows), None)


def cut_by_their_window(snap: Snapshot, width: int, height: int) -> list[Node]:
    """Controls partly outside their window or the screen, with no scroll to bring them in.

    A control whose centre is on the screen passed the check above while half of it
    was cut ("Urungkan" on Tinjauan, issue 47).
    """
    cut = []
    for node in snap.nodes:
        if node.role not in CONTROLS or node.rect is None or node.rect[2] <= 0:
            continue
        if snap.scroll_pane_of(node) is not None:
            continue
        window = _window_of(snap, node)
        wx, wy, ww, wh = window.rect if window and window.rect else (0, 0, width, height)
        left, top = max(wx, 0), max(wy, 0)
        right, bottom = min(wx + ww, width), min(wy + wh, height)
        x, y, w, h = node.rect
        if x < left - 1 or y < top - 1 or x + w > right + 1 or y + h > bottom + 1:
            cut.append(node)
    return cut


@cache
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILE), TypeScale().body_px)


def text_width(text: str) -> float:
    """About how wide the app draws ``text`` in its body font, in pixels."""
    return float(_font().getlength(text))


def elided_beside_room(snap: Snapshot) -> list[Node]:
    """Cells and headers cut short ("Kendaraan dinas (bahan …") while their table has room.

    The reader gives a cell's whole text; a text wider than its column is drawn cut.
    It is a fault when the table's other columns have together the room it lacks,
    as an empty Catatan column beside the cut item's name (issue 47).  At a scale (150 %)
    the rects are the screen's pixels: texts and paddings are measured at that scale too
    (measured unscaled, every column looked half as wide again as its words needed).
    """
    cut = []
    scale = snap.scale

    def needs(text: str) -> float:
        return (text_width(text) + CELL_PADDING_PX) * scale

    for table in snap.find("table"):
        columns: dict[int, list[Node]] = {}
        for cell in snap.find(within=table):
            if cell.role in {"table cell", "table column header"} and cell.rect and cell.name:
                columns.setdefault(cell.rect[0], []).append(cell)
        width = {x: max(c.rect[2] for c in cells if c.rect) for x, cells in columns.items()}
        need = {x: max(needs(c.name) for c in cells) for x, cells in columns.items()}
        # A column's room counted short by a pill's padding: from outside, a pill column
        # ("belum diperiksa" in a rounded frame) looks like plain text.
        spare = {x: max(width[x] - need[x] - PILL_PADDING_PX * scale, 0.0) for x in columns}
        for x, cells in columns.items():
            short = need[x] - width[x]
            room = sum(spare.values()) - spare[x]
            if short > ESTIMATE_SLACK_PX * scale and room >= short:
                cut += [c for c in cells if needs(c.name) > width[x]]
    return cut


def choose(hands: Hands, combo: Node, item: str) -> None:
    """Open a combo box with a click and pick an entry from its list with another."""
    x, y = combo.center
    hands.desktop.xdotool("mousemove", str(x), str(y), "click", "1")
    hands.tally.clicks += 1
    hands.click("list item", item)
    hands.wait(
        f"{item!r} chosen",
        lambda s: (
            not [n for n in s.find("list item", item) if n.role == "list item"]
            or any(n.name == item for n in s.find("combo box"))
        ),
        10,
    )


def choose_containing(hands: Hands, combo_text: str, item_text: str) -> None:
    """Pick the entry holding ``item_text`` in the combo box now showing ``combo_text``."""
    combo = hands.find("combo box", contains=combo_text)
    if item_text in combo.name:
        return
    x, y = combo.center
    hands.desktop.xdotool("mousemove", str(x), str(y), "click", "1")
    hands.tally.clicks += 1
    hands.click("list item", contains=item_text)
    hands.wait(
        f"{item_text!r} chosen",
        lambda s: any(item_text in n.name for n in s.find("combo box")),
        10,
    )


RECEIPT_CLOSE = "Tutup bukti perekaman"


def close_receipt(hands: Hands) -> None:
    """After a seal the family's receipt opens in a window of its own: close it."""
    hands.click("push button", RECEIPT_CLOSE)
    hands.wait("the receipt closed", lambda s: not s.find("push button", RECEIPT_CLOSE), 15)


def audit_events(home: Path) -> list[dict[str, object]]:
    """The laptop's audit log as its own ``fieldkit audit list --json`` says it, from outside."""
    done = subprocess.run(
        [str(Path(sys.executable).with_name("fieldkit")), "audit", "list", "--json"],
        env={
            **os.environ,
            "FIELDKIT_HOME": str(home),
            "FIELDKIT_OFFICER": ADMIN,
            "FIELDKIT_PASSWORD": ADMIN_PASSWORD,
        },
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    events: list[dict[str, object]] = json.loads(done.stdout)
    return events


def use_simulators(home: Path) -> None:
    """Every device of the laptop at ``home`` pinned to its simulator (``fieldkit devices use
    KIND sim``): the suite's stand-in for the scanners on the table, where a real store would
    otherwise look for the hardware."""
    config = DeviceConfig.load(home)
    for kind in Modality:
        if SIM_BACKEND in available_backends(kind):
            config.use(kind, SIM_BACKEND, {})
    config.save(home)
