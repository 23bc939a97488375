"""A person's eyes and hands on a real X display, for the end-to-end tests.

The app runs as its own process (``fieldkit-app``) on Xvfb with Qt's
accessibility switched on.  These tests never call into it: they *see* it
through the AT-SPI accessibility tree, as a screen reader does, and *act* on
it with real X input events from ``xdotool`` (mouse moves, clicks, key
presses, typing).  That is the path a petugas takes with a laptop on their
knees, so a button off the screen, a dialog in English or a crash on a click
fails here the way it fails for them.

Waiting: the app is another process and AT-SPI offers no "settled" event, so
every wait polls the tree under a hard deadline (``Hands.wait``) and, when it
runs out, saves a screenshot and the tree beside the test's artifacts.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from PIL import ImageGrab

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
AGENT = Path(__file__).with_name("atspi_agent.py")
#: pyatspi is Debian's (python3-pyatspi), so the reader runs under Debian's Python.
SYSTEM_PYTHON = "/usr/bin/python3"
APP_NAME = "FieldKit"
#: Tools the suite needs; scripts/bootstrap.sh dev installs them.
REQUIRED = ("Xvfb", "xdotool", "dbus-daemon", "/usr/libexec/at-spi-bus-launcher", SYSTEM_PYTHON)

log = logging.getLogger(__name__)

#: The pause after a look that did not find what a wait wants, and the longest it grows to
#: (:meth:`Hands.wait`).
_FIRST_PAUSE_S = 0.1
_LONGEST_PAUSE_S = 0.5
Rect = tuple[int, int, int, int]
#: Their lists open as popups over the window, so they do not clip what they hold.
POPUP_OWNERS = frozenset({"combo box", "menu", "menu item", "popup menu"})


def missing_tools() -> list[str]:
    return [tool for tool in REQUIRED if shutil.which(tool) is None and not Path(tool).exists()]


@dataclass(frozen=True)
class Node:
    """One accessible object as the reader saw it at one moment."""

    i: int
    parent: int
    depth: int
    role: str
    name: str
    description: str
    rect: Rect | None
    states: frozenset[str]
    text: str | None
    value: float | None

    @property
    def center(self) -> tuple[int, int]:
        assert self.rect is not None, f"{self} has no extents"
        x, y, w, h = self.rect
        return x + w // 2, y + h // 2

    @property
    def enabled(self) -> bool:
        return "enabled" in self.states

    @property
    def checked(self) -> bool:
        return "checked" in self.states

    def __str__(self) -> str:
        return f"[{self.role}] {self.name!r} {self.rect}"


def _intersect(a: Rect, b: Rect) -> Rect:
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return (x1, y1, max(0, x2 - x1), max(0, y2 - y1))


def _contains(outer: Rect, point: tuple[int, int]) -> bool:
    return outer[0] <= point[0] < outer[0] + outer[2] and outer[1] <= point[1] < outer[1] + outer[3]


def _scaled(rect: list[int] | None, scale: float) -> Rect | None:
    if not rect:
        return None
    x, y, w, h = rect
    return (round(x * scale), round(y * scale), round(w * scale), round(h * scale))


def _on_screen(snap: Snapshot, limit: int = 20) -> str:
    """The windows and the first texts a person would see: why a wait failed, in CI's log."""
    titles = [w.name for w in snap.windows()]
    unread = f" (the reader failed: {snap.error})" if snap.error else ""
    return f"windows {titles}, texts {snap.texts()[:limit]}{unread}"


@dataclass
class Snapshot:
    """The showing part of the app's tree, flattened in document order."""

    nodes: list[Node]
    #: Why the reader got no tree, when it got none (it read twice and failed twice).
    error: str | None = None
    #: The app's scale (QT_SCALE_FACTOR): the rects are in the screen's pixels, a text
    #: drawn at 150 % is half as wide again as the font's own measure.
    scale: float = 1.0

    def find(
        self,
        role: str | None = None,
        name: str | None = None,
        *,
        contains: str | None = None,
        within: Node | None = None,
        inside: str | None = None,
    ) -> list[Node]:
        """Showing nodes by role and name; ``inside`` names a group box or panel around them."""
        found = []
        for node in self.nodes:
            if role is not None and node.role != role:
                continue
            if name is not None and node.name != name:
                continue
            if contains is not None and contains.casefold() not in node.name.casefold():
                continue
            if within is not None and not self.is_inside(node, within):
                continue
            if inside is not None and not any(a.name == inside for a in self.ancestors(node)):
                continue
            found.append(node)
        return found

    def one(self, role: str | None = None, name: str | None = None, **kw: object) -> Node:
        found = self.find(role, name, **kw)  # type: ignore[arg-type]
        assert len(found) == 1, f"expected one [{role}] {name!r} {kw}, found {found}"
        return found[0]

    def ancestors(self, node: Node) -> Iterator[Node]:
        while node.parent >= 0:
            node = self.nodes[node.parent]
            yield node

    def is_inside(self, node: Node, outer: Node) -> bool:
        return any(a.i == outer.i for a in self.ancestors(node))

    def windows(self) -> list[Node]:
        """The top-level windows: the main frame and any dialogs, as a person sees them."""
        return [n for n in self.nodes if n.depth == 1 and n.rect and n.rect[2] > 0]

    def visible_rect(self, node: Node) -> Rect | None:
        """The part of ``node`` its ancestors (scroll areas, the window) do not clip away."""
        if node.rect is None:
            return None
        rect = node.rect
        for ancestor in self.ancestors(node):
            if ancestor.role in POPUP_OWNERS:
                break  # a combo box's list or a menu opens in a window of its own
            if ancestor.rect is not None and ancestor.rect[2] > 0 and ancestor.depth > 0:
                rect = _intersect(rect, ancestor.rect)
        return rect

    def children(self, node: Node) -> list[Node]:
        return [n for n in self.nodes if n.parent == node.i]

    def scroll_pane_of(self, node: Node) -> Node | None:
        """The scroll area's viewport around ``node``: Qt shows it as a filler beside its bars."""
        for ancestor in self.ancestors(node):
            if ancestor.role == "scroll pane":
                return ancestor
            if ancestor.parent >= 0 and any(
                c.role == "scroll bar" or any(g.role == "scroll bar" for g in self.children(c))
                for c in self.children(self.nodes[ancestor.parent])
            ):
                return ancestor
        return None

    def texts(self) -> list[str]:
        """Every text a person can read on the screen now (names, contents, descriptions)."""
        found = []
        for node in self.nodes:
            if node.rect is None or node.rect[2] <= 0 or node.rect[3] <= 0:
                continue
            found += [t for t in (node.name, node.text, node.description) if t]
        return found

    def dump(self) -> str:
        return "\n".join(
            "  " * n.depth + f"{n}{' ' + repr(n.text) if n.text else ''} {sorted(n.states)}"
            for n in self.nodes
        )


class Desktop:
    """Xvfb, a D-Bus session and the accessibility bus: a desktop with no one at it yet."""

    def __init__(self, width: int, height: int, workdir: Path) -> None:
        self.width, self.height = width, height
        #: Qt's scale factor for the apps on this desktop (QT_SCALE_FACTOR): Qt reports
        #: accessible extents in its logical pixels, the screen and xdotool count real ones.
        self.scale = 1.0
        self.workdir = workdir
        self._procs: list[subprocess.Popen[bytes]] = []
        self.env: dict[str, str] = {}
        self._agent: subprocess.Popen[str] | None = None
        self._files: list[IO[bytes]] = []

    def _log(self, name: str) -> IO[bytes]:
        handle = (self.workdir / name).open("wb")
        self._files.append(handle)
        return handle

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(
            [
                "Xvfb", "-displayfd", str(write_end), "-screen", "0",
                f"{self.width}x{self.height}x24", "-nolisten", "tcp",
            ],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=self._log("xvfb.log"),
        )  # fmt: skip
        self._procs.append(xvfb)
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            display = ":" + pipe.readline().strip()
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._procs.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        bus.stdout.close()
        base = {k: v for k, v in os.environ.items() if k not in {"WAYLAND_DISPLAY", "NO_AT_BRIDGE"}}
        self.env = {**base, "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": address}
        self._procs.append(
            subprocess.Popen(
                ["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=self._log("at-spi.log"),
            )
        )
        self._agent = subprocess.Popen(
            [SYSTEM_PYTHON, str(AGENT)],
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log("agent.log"),
            text=True,
        )
        deadline = time.monotonic() + 30
        while "error" in self.ask({"op": "apps"}):
            assert time.monotonic() < deadline, "the accessibility bus did not come up in 30 s"
            time.sleep(0.1)

    def ask(self, request: dict[str, object]) -> dict[str, object]:
        agent = self._agent
        assert agent is not None
        assert agent.stdin is not None
        assert agent.stdout is not None
        agent.stdin.write(json.dumps(request) + "\n")
        agent.stdin.flush()
        line = agent.stdout.readline()
        assert line, f"the AT-SPI reader died: {(self.workdir / 'agent.log').read_text()[-2000:]}"
        answer: dict[str, object] = json.loads(line)
        return answer

    def snapshot(self, app: str = APP_NAME) -> Snapshot:
        answer = self.ask({"op": "snapshot", "app": app})
        if "error" in answer:  # a widget went away mid-walk: read again
            answer = self.ask({"op": "snapshot", "app": app})
        raw = answer.get("nodes", [])
        assert isinstance(raw, list)
        return Snapshot(
            [
                Node(
                    i=n["i"],
                    parent=n["parent"],
                    depth=n["depth"],
                    role=n["role"],
                    name=n["name"],
                    description=n["description"],
                    rect=_scaled(n["rect"], self.scale),  # type: ignore[arg-type]
                    states=frozenset(n["states"]),
                    text=n["text"],
                    value=n["value"],
                )
                for n in raw
            ],
            error=str(answer["error"]) if "error" in answer else None,
            scale=self.scale,
        )

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        ImageGrab.grab(xdisplay=self.env["DISPLAY"]).save(path)
        return path

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=30)

    def stop(self) -> None:
        if self._agent is not None:
            with contextlib.suppress(OSError):
                self._agent.kill()
            self._agent.wait(timeout=10)
            for pipe in (self._agent.stdin, self._agent.stdout):
                if pipe is not None:
                    pipe.close()
        for proc in reversed(self._procs):
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        for handle in self._files:
            handle.close()


@dataclass
class Tally:
    """What a person did: clicks and key presses, and the app's time they waited."""

    clicks: int = 0
    keys: int = 0
    started: float = field(default_factory=time.monotonic)
    #: The reader's looks and the seconds they took (the app answers each one on its GUI
    #: thread): the observer's load, reported beside the seconds it observed.
    looks: int = 0
    looked_s: float = 0.0

    def seconds(self) -> float:
        return time.monotonic() - self.started


class Hands:
    """The person at the keyboard: looks for a control by its role and name, then uses it."""

    def __init__(self, desktop: Desktop, artifacts: Path, *, app: str = APP_NAME) -> None:
        self.desktop = desktop
        self.artifacts = artifacts
        self.app = app
        self.tally = Tally()
        self._shots = 0
        #: The tree as the last wait saw it when it ended: a click aims with it.
        self._seen: Snapshot | None = None
        #: Says whether the app behind these hands still runs (set by the launch fixture):
        #: a wait that saw no window at all cannot tell a crash from a hang by itself.
        self.app_state: Callable[[], str] | None = None

    # --- eyes -------------------------------------------------------------------------

    def look(self) -> Snapshot:
        started = time.monotonic()
        try:
            return self.desktop.snapshot(self.app)
        finally:
            self.tally.looks += 1
            self.tally.looked_s += time.monotonic() - started

    def wait(
        self, what: str, predicate: Callable[[Snapshot], object], timeout: float = 30.0
    ) -> object:
        """Poll the tree until ``predicate`` returns something truthy; return that.

        The pause between looks grows from a tenth of a second to half a second: a look
        keeps the app busy answering the reader (0.2-0.5 s of its CPU), and at a tenth of a
        second apart a long wait (a push, a PDF) spent most of a core on looks, which the
        app and the other test workers needed.  A quick answer is still seen as quickly.
        """
        deadline = time.monotonic() + timeout
        pause = _FIRST_PAUSE_S
        while True:
            snap = self.look()
            found = predicate(snap)
            if found:
                self._seen = snap
                return found
            if time.monotonic() > deadline:
                shot = self.screenshot(f"timeout-{what}")
                (shot.with_suffix(".tree.txt")).write_text(snap.dump())
                state = f"; {self.app_state()}" if self.app_state is not None else ""
                if not snap.nodes:  # is the app on the accessibility bus at all?
                    state += f"; on the bus: {self.desktop.ask({'op': 'apps'})}"
                raise AssertionError(
                    f"timed out after {timeout} s waiting for {what} (see {shot}); "
                    f"on screen: {_on_screen(snap)}{state}"
                )
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 1.5, _LONGEST_PAUSE_S)

    def find(
        self, role: str, name: str | None = None, *, timeout: float = 30.0, **kw: object
    ) -> Node:
        """The one showing control with this role and name, once it is there and enabled."""

        def ready(snap: Snapshot) -> Node | None:
            found = [n for n in snap.find(role, name, **kw) if n.enabled]  # type: ignore[arg-type]
            return found[0] if len(found) == 1 else None

        node = self.wait(f"{role} {name or kw}", ready, timeout)
        assert isinstance(node, Node)
        return node

    def sees(self, text: str) -> bool:
        return any(text in t for t in self.look().texts())

    def wait_text(self, text: str, timeout: float = 30.0) -> None:
        self.wait(f"text {text!r}", lambda s: any(text in t for t in s.texts()), timeout)

    def screenshot(self, label: str) -> Path:
        self._shots += 1
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in label)
        return self.desktop.screenshot(self.artifacts / f"{self._shots:02d}-{safe}.png")

    # --- hands ------------------------------------------------------------------------

    def _scroll_into_view(self, node: Node, seen: Snapshot | None = None) -> Node:
        """Wheel the nearest scroll area until the control's centre shows, as a person would.

        ``seen`` is the tree the control was just found in: a control already showing is
        clicked where that look saw it, without a second look (each look is 0.2-0.5 s of
        the app answering the reader, which counted as the petugas's waiting).
        """
        for attempt in range(40):
            snap = seen if attempt == 0 and seen is not None else self.look()
            same = [n for n in snap.find(node.role, node.name) if n.depth == node.depth]
            if not same:
                return node
            node = same[0]
            visible = snap.visible_rect(node)
            if visible and visible[2] > 4 and visible[3] > 4 and _contains(visible, node.center):
                return node
            pane = snap.scroll_pane_of(node)
            assert pane is not None, f"{node} is off its window and no scroll area brings it in"
            area = snap.visible_rect(pane) or pane.rect
            assert area is not None
            px, py = area[:2]
            self.desktop.xdotool("mousemove", str(px + 10), str(py + 10))
            x, y = node.center
            if not area[1] <= y < area[1] + area[3]:
                button = "5" if y >= area[1] + area[3] else "4"  # wheel down / up
            else:
                button = "7" if x >= area[0] + area[2] else "6"  # wheel right / left
            self.desktop.xdotool("click", button)
        raise AssertionError(f"could not scroll {node} into view")

    def _reachable(self, node: Node) -> tuple[int, int]:
        x, y = node.center
        if not (0 <= x < self.desktop.width and 0 <= y < self.desktop.height):
            self.screenshot(f"off-screen-{node.name}")
            raise AssertionError(
                f"{node} is off the {self.desktop.width}x{self.desktop.height} screen"
            )
        return x, y

    def _press(self, node: Node) -> Node:
        x, y = self._reachable(node)
        self.desktop.xdotool("mousemove", str(x), str(y), "click", "1")
        self.tally.clicks += 1
        return node

    def click(self, role: str, name: str | None = None, **kw: object) -> Node:
        return self._press(self._scroll_into_view(self.find(role, name, **kw), self._seen))

    def click_seen(self, role: str, name: str) -> Node:
        """Click the control the last wait ended on seeing, without looking again.

        A person who has just seen the button appear clicks it; a fresh look first would
        only add the reader's 0.1-0.3 s to the app's time.  Falls back to :meth:`click`
        when the last look did not show exactly one such control, enabled.
        """
        seen = self._seen
        found = [n for n in seen.find(role, name) if n.enabled] if seen is not None else []
        if len(found) != 1:
            return self.click(role, name)
        return self._press(self._scroll_into_view(found[0], seen))

    def click_node(self, node: Node) -> Node:
        """Click this very control (one of several alike, such as a table's cells)."""
        return self._press(node)

    def double_click(self, role: str, name: str | None = None, **kw: object) -> Node:
        node = self._scroll_into_view(self.find(role, name, **kw), self._seen)
        x, y = self._reachable(node)
        self.desktop.xdotool("mousemove", str(x), str(y), "click", "--repeat", "2", "1")
        self.tally.clicks += 2
        return node

    def type(self, text: str) -> None:
        self.desktop.xdotool("type", "--delay", "8", text)
        self.tally.keys += len(text)

    def key(self, *combos: str) -> None:
        self.desktop.xdotool("key", *combos)
        self.tally.keys += len(combos)

    def fill(self, role: str, name: str, text: str) -> None:
        """Click into a field, select what is there, and type over it; look, and retype once.

        A person glances at what they typed.  Under load an X server can lose a
        keystroke between xdotool and the app; a field left shorter than the text
        is typed over once more.  A field that formats what it gets (a date mask,
        capitals) is as long or longer, and is left to the caller's own checks.
        """
        for attempt in range(2):
            self.click(role, name)
            self.key("ctrl+a")
            self.type(text)
            if attempt == 0 and self._typed_whole(role, name, text):
                return
            if attempt == 0:
                log.warning("[%s] %r lost keystrokes; typing it again", role, name)

    def _typed_whole(self, role: str, name: str, text: str) -> bool:
        deadline = time.monotonic() + 3.0
        while True:
            found = self.look().find(role, name)
            shown = found[0].text if len(found) == 1 else None
            if shown is None or len(shown) >= len(text):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
