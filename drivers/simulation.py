"""The simulators' media and synthetic data, for the demo and the self-test (public interface).

Simulated *devices* come from the registry like any backend (``get_backend(kind,
"sim")``) and simulated *services* from :func:`drivers.registry.get_simulator`;
this module answers the rest without importing a backend package at load time:
are the clips and pen recordings there, and a synthetic fingerprint to score.
"""

from __future__ import annotations

import inspect
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import numpy as np
    from numpy.typing import NDArray


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


@dataclass(frozen=True)
class SimMedia:
    folder: Path
    clips: tuple[str, ...]
    missing_clips: tuple[str, ...]
    strokes_dir: Path
    recordings: int


def sim_media() -> SimMedia:
    """Which camera clips and pen recordings the simulators would play."""
    from drivers.camera.sim import FRAME_PATTERN, FaceClip, IrisClip, sim_media_dir  # noqa: PLC0415
    from drivers.signature.pad_sim import default_strokes_dir, load_recordings  # noqa: PLC0415

    folder = sim_media_dir()
    first_frame = FRAME_PATTERN % 0
    clips = tuple(str(c.value) for c in (*FaceClip, *IrisClip))
    missing = tuple(c for c in clips if not (folder / c / first_frame).is_file())
    strokes = default_strokes_dir()
    recordings = len(load_recordings()) if strokes.is_dir() else 0
    return SimMedia(folder, clips, missing, strokes, recordings)


def synthetic_print(seed: int = 7) -> NDArray[np.uint8]:
    """A 500 ppi synthetic fingerprint with real ridge structure (deterministic per seed)."""
    from drivers.fingerprint.synth import synthesize  # noqa: PLC0415

    return synthesize(seed=seed)
