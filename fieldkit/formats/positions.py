"""Finger positions and eyes, with the names the officer sees.

The codes are ANSI/NIST-ITL 1-2011 Table 8 ("friction ridge position
code"), which ISO/IEC 19794-4:2011 Table 6 repeats with the same numbers:
1-5 the right thumb to little finger, 6-10 the left, 13/14 the plain
right/left four-finger slaps and 15 the two plain thumbs.  Every module that
names a finger (quality, formats, enrollment, the UI finger map) imports them
from here so a finger never changes number on its way to the data center.
"""

from __future__ import annotations

import enum


class Hand(enum.StrEnum):
    RIGHT = "right"
    LEFT = "left"


class FingerPosition(enum.IntEnum):
    UNKNOWN = 0
    RIGHT_THUMB = 1
    RIGHT_INDEX = 2
    RIGHT_MIDDLE = 3
    RIGHT_RING = 4
    RIGHT_LITTLE = 5
    LEFT_THUMB = 6
    LEFT_INDEX = 7
    LEFT_MIDDLE = 8
    LEFT_RING = 9
    LEFT_LITTLE = 10
    RIGHT_SLAP = 13
    LEFT_SLAP = 14
    BOTH_THUMBS = 15

    @property
    def id(self) -> str:
        """The name in Bahasa Indonesia, as the officer sees it."""
        return _NAMES[self][0]

    @property
    def en(self) -> str:
        return _NAMES[self][1]

    @property
    def is_single_finger(self) -> bool:
        return 1 <= self.value <= 10  # noqa: PLR2004  # codes 1-10 are single fingers

    @property
    def is_slap(self) -> bool:
        return self in _MEMBERS

    @property
    def hand(self) -> Hand | None:
        """The hand of a single finger or a four-finger slap; None for both thumbs."""
        if self == FingerPosition.RIGHT_SLAP or 1 <= self.value <= 5:  # noqa: PLR2004
            return Hand.RIGHT
        if self == FingerPosition.LEFT_SLAP or 6 <= self.value <= 10:  # noqa: PLR2004
            return Hand.LEFT
        return None

    @property
    def slap(self) -> FingerPosition | None:
        """The 4-4-2 capture that holds this finger (13, 14 or 15)."""
        for slap, members in _MEMBERS.items():
            if self in members:
                return slap
        return None


#: (Bahasa Indonesia, English)
_NAMES: dict[FingerPosition, tuple[str, str]] = {
    FingerPosition.UNKNOWN: ("Jari tidak diketahui", "Unknown finger"),
    FingerPosition.RIGHT_THUMB: ("Ibu jari kanan", "Right thumb"),
    FingerPosition.RIGHT_INDEX: ("Telunjuk kanan", "Right index finger"),
    FingerPosition.RIGHT_MIDDLE: ("Jari tengah kanan", "Right middle finger"),
    FingerPosition.RIGHT_RING: ("Jari manis kanan", "Right ring finger"),
    FingerPosition.RIGHT_LITTLE: ("Kelingking kanan", "Right little finger"),
    FingerPosition.LEFT_THUMB: ("Ibu jari kiri", "Left thumb"),
    FingerPosition.LEFT_INDEX: ("Telunjuk kiri", "Left index finger"),
    FingerPosition.LEFT_MIDDLE: ("Jari tengah kiri", "Left middle finger"),
    FingerPosition.LEFT_RING: ("Jari manis kiri", "Left ring finger"),
    FingerPosition.LEFT_LITTLE: ("Kelingking kiri", "Left little finger"),
    FingerPosition.RIGHT_SLAP: ("Empat jari kanan", "Right four-finger slap"),
    FingerPosition.LEFT_SLAP: ("Empat jari kiri", "Left four-finger slap"),
    FingerPosition.BOTH_THUMBS: ("Kedua ibu jari", "Both thumbs"),
}

#: The fingers of each 4-4-2 capture, in the order they appear from left to
#: right on the image.  Live-scan images are oriented like an inked print (as
#: if the finger had been pressed on paper and the paper is looked at): a right
#: hand laid palm down shows index, middle, ring, little from left to right; a
#: left hand shows little ... index.  Two thumbs laid side by side show the
#: left thumb on the left and the right thumb on the right.
_MEMBERS: dict[FingerPosition, tuple[FingerPosition, ...]] = {
    FingerPosition.RIGHT_SLAP: (
        FingerPosition.RIGHT_INDEX,
        FingerPosition.RIGHT_MIDDLE,
        FingerPosition.RIGHT_RING,
        FingerPosition.RIGHT_LITTLE,
    ),
    FingerPosition.LEFT_SLAP: (
        FingerPosition.LEFT_LITTLE,
        FingerPosition.LEFT_RING,
        FingerPosition.LEFT_MIDDLE,
        FingerPosition.LEFT_INDEX,
    ),
    FingerPosition.BOTH_THUMBS: (FingerPosition.LEFT_THUMB, FingerPosition.RIGHT_THUMB),
}

#: The 4-4-2 capture sequence: left slap, right slap, both thumbs.
CAPTURE_442: tuple[FingerPosition, ...] = (
    FingerPosition.LEFT_SLAP,
    FingerPosition.RIGHT_SLAP,
    FingerPosition.BOTH_THUMBS,
)

TEN_FINGERS: tuple[FingerPosition, ...] = tuple(FingerPosition(code) for code in range(1, 11))


def slap_members(slap: FingerPosition) -> tuple[FingerPosition, ...]:
    """The fingers of a slap (13, 14, 15) in left-to-right image order."""
    try:
        return _MEMBERS[slap]
    except KeyError:
        raise ValueError(f"{slap!r} is not a slap position (13, 14 or 15)") from None


class Eye(enum.StrEnum):
    RIGHT = "right"
    LEFT = "left"

    @property
    def id(self) -> str:
        return "Mata kanan" if self is Eye.RIGHT else "Mata kiri"

    @property
    def en(self) -> str:
        return "Right eye" if self is Eye.RIGHT else "Left eye"

    @property
    def iso_label(self) -> int:
        """ISO/IEC 19794-6:2011 eye label: 1 right, 2 left (0 is undefined)."""
        return 1 if self is Eye.RIGHT else 2

    @property
    def ansi_nist_code(self) -> int:
        """ANSI/NIST-ITL 1-2011 field 17.003 (FID): 1 right eye, 2 left eye."""
        return 1 if self is Eye.RIGHT else 2
