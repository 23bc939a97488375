"""A simulated device's cable, for training (re-exported by :mod:`drivers.simulation`).

Its own module, importing nothing of ours: every simulator imports it, and
:mod:`drivers.simulation` (which loads the simulators lazily) re-exports it.
"""

from __future__ import annotations

import inspect
import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)


class SimCable:
    """A simulated device's cable, which training pulls out and plugs back in.

    A trainee must see what an unplugged scanner does to a recording before it
    happens in a living room.  The cable belongs to the seat, not to one device
    object: the app throws a device away when it goes missing and builds a fresh
    one (as after a real unplug), and the fresh one must find the cable still
    out.  Each simulator reads it where its real device would notice the loss
    (an SBI service stops listing the scanner, a serial line hangs up), so the
    app meets the real errors through the real driver code.  Thread-safe: the
    app pulls it on the GUI thread while monitors and captures run elsewhere.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._plugged = True
        self._watchers: list[Callable[[bool], None]] = []

    @property
    def plugged(self) -> bool:
        with self._lock:
            return self._plugged

    def unplug(self) -> None:
        self._set(plugged=False)

    def plug_in(self) -> None:
        self._set(plugged=True)

    def watch(self, watcher: Callable[[bool], None]) -> Callable[[], None]:
        """Call ``watcher(plugged)`` on each change, until the returned function is called.

        For a simulator that must act at the moment of the pull (hang up its line).
        """
        with self._lock:
            self._watchers.append(watcher)

        def unwatch() -> None:
            with self._lock:
                if watcher in self._watchers:
                    self._watchers.remove(watcher)

        return unwatch

    def _set(self, *, plugged: bool) -> None:
        with self._lock:
            changed = self._plugged != plugged
            self._plugged = plugged
            watchers = list(self._watchers)
        if changed:
            log.info("simulated cable %s", "plugged in" if plugged else "pulled out")
            for watcher in watchers:
                watcher(plugged)


def takes_cable(device_class: type) -> bool:
    """True when a backend is a simulator whose cable can be pulled (``cable=`` option)."""
    try:
        return "cable" in inspect.signature(device_class).parameters
    except (TypeError, ValueError):
        return False
