"""The simulators' media and synthetic data, for the demo and the self-test (public interface).

Simulated *devices* come from the registry like any backend (``get_backend(kind,
"sim")``) and simulated *services* from :func:`drivers.registry.get_simulator`;
this module answers the rest without importing a backend package at load time:
are the clips and pen recordings there, and a synthetic fingerprint to score; and
the simulators' cable, which training pulls (:class:`SimCable`); and the simulated
person in front of a simulator (:func:`set_subject`); and a simulator told that a
person is about to be recorded (:func:`get_ready`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from drivers.cable import SimCable, takes_cable

#: The chip UID of the KTP-el the simulated card reader presents (hex, upper case): the
#: demo's office printed its first card with it, so a handover can be tried end to end.
SIM_CARD_UID = "04A2F1C3"

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "SIM_CARD_UID",
    "GetsReady",
    "SimCable",
    "SimMedia",
    "TakesSubject",
    "get_ready",
    "set_subject",
    "sim_media",
    "synthetic_print",
    "takes_cable",
]


@runtime_checkable
class TakesSubject(Protocol):
    """A simulator that shows a given simulated person (fingers, eyes or face).

    The same subject is the same person on every simulator and every machine: their
    ten fingers, two irises and face, captured afresh each time (never byte-identical);
    different subjects are different people.  Subjects are numbers from 0.
    """

    def set_subject(self, subject: int) -> None: ...


def set_subject(device: object, subject: int) -> bool:
    """Put ``subject`` in front of ``device`` if it is a simulator that takes one."""
    if isinstance(device, TakesSubject):
        device.set_subject(subject)
        return True
    return False


@runtime_checkable
class GetsReady(Protocol):
    """A simulator that draws, ahead, what the next person's recording will ask of it.

    A real device has nothing to draw; a simulator draws each preview and print when
    asked, so without a word ahead the first person of a demo waits for it.
    """

    def get_ready(self) -> None: ...


def get_ready(device: object) -> bool:
    """Tell ``device`` a person is about to be recorded, if it is a simulator that draws."""
    if isinstance(device, GetsReady):
        device.get_ready()
        return True
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
