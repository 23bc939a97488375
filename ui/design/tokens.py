"""FieldKit's design tokens: every colour and size the screens use, in one Qt-free place.

The screens never write a colour or a pixel size of their own: the palette, the
one generated stylesheet (``ui.design.theme``) and the few widgets that draw
themselves read these.  Three themes share the same names, so a screen looks
right in each without knowing which is on.  ``tests/ui/design/test_tokens.py``
checks the contrast of every text colour against every surface it is drawn on
(WCAG 2.x relative luminance): body text 4.5:1 and disabled text 3:1 at least,
so a greyed-out button stays readable on a laptop in a sunny yard.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ThemeName(enum.StrEnum):
    """The themes a person can choose in Pengaturan → Tema (``SYSTEM`` follows Windows)."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high_contrast"


@dataclass(frozen=True)
class TypeScale:
    """Font sizes in pixels: body text a person reads at arm's length on a knee."""

    body_px: int = 15
    small_px: int = 13
    # The finger map's cells: "Jari tengah" on one line, so a cell of four lines does not
    # push the capture step's status line below a 720-pixel screen.
    caption_px: int = 12
    step_title_px: int = 18
    page_title_px: int = 22


@dataclass(frozen=True)
class Spacing:
    """Gaps in pixels, on a 4 px grid."""

    xs: int = 4
    s: int = 8
    m: int = 12
    l: int = 16  # noqa: E741 - the size's name, as in every design system
    xl: int = 24


@dataclass(frozen=True)
class Radii:
    small: int = 4
    medium: int = 6
    pill: int = 11


@dataclass(frozen=True)
class Heights:
    """Control heights in pixels: the primary action is a target a thumb finds (>= 44)."""

    primary_button: int = 44
    button: int = 34
    input: int = 32
    nav_row: int = 40
    pill: int = 22
    focus_ring: int = 2
    error_border: int = 2


@dataclass(frozen=True)
class Colours:
    """One theme's colours, as ``#rrggbb``; every text colour is checked against every surface."""

    # Surfaces: the window, raised panels (group boxes, inputs, tables), the sidebar.
    window: str
    surface: str
    surface_alt: str
    # Text.
    text: str
    text_muted: str
    text_disabled: str
    # Lines.
    border: str
    border_strong: str
    focus: str
    # The accent: primary buttons, selection, links.
    accent: str
    accent_hover: str
    on_accent: str
    # Status, each with a tint for pills and a strong colour for text on the surfaces.
    success: str
    success_bg: str
    warning: str
    warning_bg: str
    danger: str
    danger_bg: str
    neutral: str
    neutral_bg: str
    # A disabled button's fill.
    disabled_bg: str
    # The chosen row of the navigation: a tint of the accent behind the text.
    selected_bg: str
    # A fill that asks for attention (the visit-day chip on another day): amber.
    attention: str
    on_attention: str
    # Behind a camera's live view and the images of a capture: dark in every theme.
    preview_bg: str
    on_preview: str


@dataclass(frozen=True)
class Theme:
    name: ThemeName
    dark: bool
    colours: Colours
    type: TypeScale = TypeScale()
    spacing: Spacing = Spacing()
    radii: Radii = Radii()
    heights: Heights = Heights()


LIGHT = Theme(
    ThemeName.LIGHT,
    dark=False,
    colours=Colours(
        window="#f3f3f3",
        surface="#ffffff",
        surface_alt="#ebebeb",
        text="#1b1b1b",
        text_muted="#505050",
        text_disabled="#767676",
        border="#c4c4c4",
        border_strong="#8a8a8a",
        focus="#005fb8",
        accent="#005fb8",
        accent_hover="#1a6fc2",
        on_accent="#ffffff",
        success="#0e6b2f",
        success_bg="#dff6dd",
        warning="#7a4d00",
        warning_bg="#fff4ce",
        danger="#b3111c",
        danger_bg="#fde7e9",
        neutral="#3d3d3d",
        neutral_bg="#e6e6e6",
        disabled_bg="#ececec",
        selected_bg="#d3e3f5",
        attention="#ffb900",
        on_attention="#1f1400",
        preview_bg="#202124",
        on_preview="#e8eaed",
    ),
)

DARK = Theme(
    ThemeName.DARK,
    dark=True,
    colours=Colours(
        window="#202020",
        surface="#2b2b2b",
        surface_alt="#1a1a1a",
        text="#f0f0f0",
        text_muted="#ababab",
        text_disabled="#8f8f8f",
        border="#4a4a4a",
        border_strong="#8a8a8a",
        focus="#60cdff",
        accent="#60cdff",
        accent_hover="#7fd7ff",
        on_accent="#000000",
        success="#6ccb5f",
        success_bg="#1e3b1c",
        warning="#fce100",
        warning_bg="#433519",
        danger="#ff99a4",
        danger_bg="#442726",
        neutral="#d6d6d6",
        neutral_bg="#3a3a3a",
        disabled_bg="#333333",
        selected_bg="#1f3a4d",
        attention="#ffb900",
        on_attention="#1f1400",
        preview_bg="#202124",
        on_preview="#e8eaed",
    ),
)

HIGH_CONTRAST = Theme(
    ThemeName.HIGH_CONTRAST,
    dark=True,
    colours=Colours(
        window="#000000",
        surface="#000000",
        surface_alt="#000000",
        text="#ffffff",
        text_muted="#ffffff",
        text_disabled="#a6a6a6",
        border="#ffffff",
        border_strong="#ffffff",
        focus="#ffff00",
        accent="#ffff00",
        accent_hover="#ffff80",
        on_accent="#000000",
        success="#3ff23f",
        success_bg="#000000",
        warning="#ffff00",
        warning_bg="#000000",
        danger="#ff6b6b",
        danger_bg="#000000",
        neutral="#ffffff",
        neutral_bg="#000000",
        disabled_bg="#000000",
        selected_bg="#1a1a00",
        attention="#ffff00",
        on_attention="#000000",
        preview_bg="#000000",
        on_preview="#ffffff",
    ),
)

THEMES: dict[ThemeName, Theme] = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}


# --- contrast (WCAG 2.x) -------------------------------------------------------------

BODY_CONTRAST_MIN = 4.5
DISABLED_CONTRAST_MIN = 3.0


_LINEAR_BELOW = 0.04045  # sRGB's linear segment (WCAG 2.x's definition)
_HEX_DIGITS = 6


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= _LINEAR_BELOW else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of ``#rrggbb`` (0 black … 1 white)."""
    text = colour.lstrip("#")
    if len(text) != _HEX_DIGITS:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    r, g, b = (_channel(int(text[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 … 21, whichever colour is lighter."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass(frozen=True)
class Pairing:
    """A text colour drawn on a surface, and the least contrast it must have there."""

    what: str
    foreground: str
    background: str
    minimum: float

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.foreground, self.background)


def pairings(theme: Theme) -> list[Pairing]:
    """Every text colour on every surface the stylesheet draws it on."""
    c = theme.colours
    surfaces = {
        "window": c.window,
        "surface": c.surface,
        "surface_alt": c.surface_alt,
    }
    found: list[Pairing] = []
    for name, background in surfaces.items():
        found += [
            Pairing(f"text on {name}", c.text, background, BODY_CONTRAST_MIN),
            Pairing(f"text_muted on {name}", c.text_muted, background, BODY_CONTRAST_MIN),
            Pairing(f"danger text on {name}", c.danger, background, BODY_CONTRAST_MIN),
            Pairing(f"success text on {name}", c.success, background, BODY_CONTRAST_MIN),
            Pairing(f"warning text on {name}", c.warning, background, BODY_CONTRAST_MIN),
            Pairing(f"accent link on {name}", c.accent, background, BODY_CONTRAST_MIN),
            Pairing(f"text_disabled on {name}", c.text_disabled, background, DISABLED_CONTRAST_MIN),
            Pairing(f"focus ring on {name}", c.focus, background, DISABLED_CONTRAST_MIN),
        ]
    found += [
        Pairing("text on primary button", c.on_accent, c.accent, BODY_CONTRAST_MIN),
        Pairing("text on primary hover", c.on_accent, c.accent_hover, BODY_CONTRAST_MIN),
        Pairing("selected text on accent", c.on_accent, c.accent, BODY_CONTRAST_MIN),
        Pairing("text_disabled on disabled button", c.text_disabled, c.disabled_bg, 3.0),
        Pairing("ok pill", c.success, c.success_bg, BODY_CONTRAST_MIN),
        Pairing("warning pill", c.warning, c.warning_bg, BODY_CONTRAST_MIN),
        Pairing("danger pill", c.danger, c.danger_bg, BODY_CONTRAST_MIN),
        Pairing("neutral pill", c.neutral, c.neutral_bg, BODY_CONTRAST_MIN),
        Pairing("text on neutral_bg", c.text, c.neutral_bg, BODY_CONTRAST_MIN),
        Pairing("chosen navigation row", c.text, c.selected_bg, BODY_CONTRAST_MIN),
        Pairing("visit-day chip", c.on_attention, c.attention, BODY_CONTRAST_MIN),
        Pairing("text on a preview", c.on_preview, c.preview_bg, BODY_CONTRAST_MIN),
        Pairing("training banner", c.surface, c.danger, BODY_CONTRAST_MIN),
    ]
    return found


def contrast_table() -> str:
    """Every pairing's contrast, one line each (``python -m ui.design.tokens``; docs/design.md)."""
    lines = ["| theme | text on surface | contrast | least allowed |", "|---|---|---|---|"]
    for theme in THEMES.values():
        lines += [
            f"| {theme.name.value} | {p.what} | {p.ratio:.2f}:1 | {p.minimum}:1 |"
            for p in pairings(theme)
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(contrast_table())
