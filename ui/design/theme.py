"""The chosen theme applied app-wide: Fusion, a palette and one stylesheet, all from the tokens.

One place draws the app: Qt's Fusion style (the same on Windows and Linux, and
it honours a palette), a :class:`QPalette` built from :mod:`ui.design.tokens`,
the body font size, and one stylesheet generated from the same tokens.  Screens
ask for a look by a dynamic property (``role=primary`` on a button, ``pill=ok``
on a label, ``error=true`` on a field) and never write a colour themselves.

The choice is kept per laptop in ``ui.ini`` beside the store, as the language
is: the login dialog is drawn before anyone has logged in, and the choice names
no one.  "Follow Windows" (the default) reads the system's colour scheme from
:class:`QStyleHints` and, on Windows, its high-contrast switch, and follows a
change while the app runs.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from fieldkit import paths
from ui.design.tokens import THEMES, Theme, ThemeName

log = logging.getLogger(__name__)

SETTINGS_FILE = "ui.ini"  # the same file as the language (ui.i18n)
_THEME_KEY = "theme"


# --- the choice, kept per laptop ----------------------------------------------------


def _settings(home: Path) -> QSettings:
    return QSettings(str(home / SETTINGS_FILE), QSettings.Format.IniFormat)


def saved_choice(home: Path | None) -> ThemeName:
    """The theme chosen in Pengaturan, or "follow the system" when none was (or it is unknown)."""
    if home is None or not (home / SETTINGS_FILE).exists():
        return ThemeName.SYSTEM
    value = str(_settings(home).value(_THEME_KEY, "") or "")
    try:
        return ThemeName(value)
    except ValueError:
        return ThemeName.SYSTEM


def save_choice(home: Path, choice: ThemeName) -> None:
    home.mkdir(parents=True, exist_ok=True)
    settings = _settings(home)
    settings.setValue(_THEME_KEY, choice.value)
    settings.sync()


# --- what the system says -----------------------------------------------------------


def windows_high_contrast() -> bool:
    """Whether Windows' high-contrast setting is on; False on any other system or on failure."""
    if sys.platform != "win32":
        return False
    import ctypes  # noqa: PLC0415 - Windows only
    from ctypes import wintypes  # noqa: PLC0415

    class HighContrast(ctypes.Structure):
        _fields_ = (
            ("cbSize", wintypes.UINT),
            ("dwFlags", wintypes.DWORD),
            ("lpszDefaultScheme", wintypes.LPWSTR),
        )

    spi_gethighcontrast, hcf_highcontraston = 0x0042, 0x00000001
    info = HighContrast()
    info.cbSize = ctypes.sizeof(HighContrast)
    try:
        ok = ctypes.windll.user32.SystemParametersInfoW(
            spi_gethighcontrast, info.cbSize, ctypes.byref(info), 0
        )
    except OSError:
        log.warning("cannot read Windows' high-contrast setting", exc_info=True)
        return False
    return bool(ok) and bool(info.dwFlags & hcf_highcontraston)


def system_theme() -> ThemeName:
    """The theme the system asks for: high contrast, dark or light."""
    if windows_high_contrast():
        return ThemeName.HIGH_CONTRAST
    return ThemeName.DARK if system_colour_scheme() == Qt.ColorScheme.Dark else ThemeName.LIGHT


def system_colour_scheme() -> Qt.ColorScheme:
    """Windows' (or the desktop's) light or dark app mode, as Qt reads it (Qt >= 6.5)."""
    if not isinstance(QGuiApplication.instance(), QGuiApplication):
        return Qt.ColorScheme.Unknown
    return QGuiApplication.styleHints().colorScheme()


def resolve(choice: ThemeName) -> Theme:
    """The theme a choice draws with ("follow the system" asks the system now)."""
    return THEMES[system_theme() if choice is ThemeName.SYSTEM else choice]


# --- drawing ------------------------------------------------------------------------


def palette(theme: Theme) -> QPalette:
    """Qt's palette from the tokens: what Fusion paints everything the stylesheet leaves alone."""
    c = theme.colours
    pal = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    for colour_role, value in (
        (role.Window, c.window),
        (role.WindowText, c.text),
        (role.Base, c.surface),
        (role.AlternateBase, c.surface_alt),
        (role.Text, c.text),
        (role.Button, c.surface),
        (role.ButtonText, c.text),
        (role.BrightText, c.danger),
        (role.Highlight, c.accent),
        (role.HighlightedText, c.on_accent),
        (role.ToolTipBase, c.surface),
        (role.ToolTipText, c.text),
        (role.PlaceholderText, c.text_muted),
        (role.Link, c.accent),
        (role.LinkVisited, c.accent),
        (role.Light, c.surface),
        (role.Midlight, c.border),
        (role.Mid, c.border_strong),
        (role.Dark, c.border_strong),
        (role.Shadow, c.surface_alt),
    ):
        pal.setColor(colour_role, QColor(value))
    for colour_role in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        pal.setColor(group.Disabled, colour_role, QColor(c.text_disabled))
    pal.setColor(group.Disabled, role.Button, QColor(c.disabled_bg))
    return pal


def stylesheet(theme: Theme) -> str:
    """The app's one stylesheet, generated from the tokens."""
    c, h, r, s, t = theme.colours, theme.heights, theme.radii, theme.spacing, theme.type
    # Spin boxes, date edits and combo boxes are left to Fusion and the palette: a border
    # set on them in a stylesheet takes away their arrows.
    # A button's height is its border, padding and content (min-height): the primary's
    # adds up to h.primary_button, a secondary one's to h.button.
    primary_content = h.primary_button - 2 * 1 - 2 * s.s
    button_content = h.button - 2 * 1 - 2 * 5
    input_pad = f"{s.xs - 1}px {s.s - 2}px"
    focus_pad = f"{s.xs - 2}px {s.s - 3}px"  # the 2 px ring takes 1 px more on each side
    return (
        _fusion_outlines(theme)
        + f"""
QToolTip {{ color: {c.text}; background: {c.surface}; border: 1px solid {c.border_strong}; }}
QPushButton {{
    color: {c.text}; background: {c.surface};
    border: 1px solid {c.border_strong}; border-radius: {r.small}px;
    padding: 5px {s.s + 2}px; min-height: {button_content}px;
}}
QPushButton:hover {{ background: {c.neutral_bg}; }}
QPushButton:pressed {{ background: {c.surface_alt}; }}
QPushButton:focus {{ border: {h.focus_ring}px solid {c.focus}; padding: 4px {s.s + 1}px; }}
QPushButton:disabled {{
    color: {c.text_disabled}; background: {c.disabled_bg}; border: 1px solid {c.border};
}}
QPushButton[role="primary"] {{
    color: {c.on_accent}; background: {c.accent}; border: 1px solid {c.accent};
    padding: {s.s}px {s.l + s.xs}px; min-height: {primary_content}px; font-weight: 600;
}}
QPushButton[role="primary"]:hover {{ background: {c.accent_hover}; }}
QPushButton[role="primary"]:focus {{
    border: {h.focus_ring}px solid {c.text}; padding: {s.s - 1}px {s.l + s.xs - 1}px;
}}
QPushButton[role="primary"]:disabled {{
    color: {c.text_disabled}; background: {c.disabled_bg}; border: 1px solid {c.border};
}}
QLineEdit, QPlainTextEdit, QTextEdit {{
    color: {c.text}; background: {c.surface};
    border: 1px solid {c.border_strong}; border-radius: {r.small}px; padding: {input_pad};
    selection-color: {c.on_accent}; selection-background-color: {c.accent};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{
    border: {h.focus_ring}px solid {c.focus}; padding: {focus_pad};
}}
QLineEdit:disabled {{ color: {c.text_disabled}; border: 1px solid {c.border}; }}
QLineEdit:read-only {{ background: {c.window}; }}
QLineEdit[error="true"], QPlainTextEdit[error="true"], QTextEdit[error="true"] {{
    border: {h.error_border}px solid {c.danger}; padding: {focus_pad};
}}
QLabel[fieldError="true"] {{ color: {c.danger}; font-weight: 600; }}
QLabel[empty="true"] {{ color: {c.text_muted}; padding: {s.l}px; }}
QLabel[status="ok"] {{ color: {c.success}; font-weight: bold; }}
QLabel[status="warning"] {{ color: {c.warning}; font-weight: bold; }}
QLabel[status="error"] {{ color: {c.danger}; font-weight: bold; }}
QLabel[statusLine="true"][status="ok"] {{
    background: {c.success_bg}; border: 1px solid {c.success}; border-radius: {r.medium}px;
}}
QLabel[statusLine="true"][status="error"] {{
    background: {c.danger_bg}; border: 1px solid {c.danger}; border-radius: {r.medium}px;
}}
QLabel[pill] {{
    border-radius: {r.pill}px; padding: 1px {s.s + 2}px; font-weight: 600;
    font-size: {t.small_px}px; min-height: {h.pill - 4}px;
}}
QLabel[pill="ok"] {{
    color: {c.success}; background: {c.success_bg}; border: 1px solid {c.success};
}}
QLabel[pill="warning"] {{
    color: {c.warning}; background: {c.warning_bg}; border: 1px solid {c.warning};
}}
QLabel[pill="danger"] {{
    color: {c.danger}; background: {c.danger_bg}; border: 1px solid {c.danger};
}}
QLabel[pill="neutral"] {{
    color: {c.neutral}; background: {c.neutral_bg}; border: 1px solid {c.border_strong};
}}
*[banner="warning"] {{
    color: {c.warning}; background: {c.warning_bg}; border: 2px solid {c.warning};
    padding: {s.s}px; font-weight: bold;
}}
*[banner="danger"] {{
    color: {c.danger}; background: {c.danger_bg}; border: 2px solid {c.danger};
    padding: {s.s}px; font-weight: bold;
}}
QLabel#training_banner {{
    color: {c.surface}; background: {c.danger}; font-weight: bold; padding: 2px {s.s}px;
}}
QLabel#visit_day_chip {{
    border-radius: {r.pill}px; padding: 2px {s.s + 2}px; font-weight: bold;
}}
QLabel#visit_day_chip[tone="neutral"] {{
    color: {c.text}; background: {c.neutral_bg}; border: 1px solid {c.border_strong};
}}
QLabel#visit_day_chip[tone="warning"] {{
    color: {c.on_attention}; background: {c.attention}; border: 2px solid {c.warning};
}}
*[preview="true"] {{ color: {c.on_preview}; background: {c.preview_bg}; }}
*[flash="true"] {{ border: 6px solid {c.success}; }}
QLabel[pageTitle="true"] {{ font-size: {t.page_title_px}px; font-weight: 600; }}
QLabel[stepTitle="true"] {{ font-size: {t.step_title_px}px; font-weight: 600; }}
QHeaderView::section {{
    color: {c.text}; background: {c.surface_alt}; padding: {s.xs}px {s.s}px;
    border: none; border-right: 1px solid {c.border}; border-bottom: 1px solid {c.border};
}}
QTableView, QTableWidget, QListView, QTreeView {{
    gridline-color: {c.border}; selection-color: {c.on_accent};
    selection-background-color: {c.accent};
}}
QScrollBar:vertical {{ background: {c.surface_alt}; width: 14px; margin: 0; }}
QScrollBar:horizontal {{ background: {c.surface_alt}; height: 14px; margin: 0; }}
QScrollBar::handle:vertical, QScrollBar::handle:horizontal {{
    background: {c.border_strong}; border-radius: {r.small}px; margin: 3px;
}}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::handle:hover {{ background: {c.text_muted}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QListWidget#sidebar {{
    background: {c.surface_alt}; border: none; border-right: 1px solid {c.border};
    padding: {s.xs}px; outline: 0;
}}
QListWidget#sidebar::item {{
    color: {c.text}; min-height: {h.nav_row}px; padding: 0 {s.m}px;
    border-radius: {r.small}px; border-left: 3px solid transparent;
}}
QListWidget#sidebar::item:hover {{ background: {c.neutral_bg}; }}
QListWidget#sidebar::item:selected {{
    color: {c.text}; background: {c.selected_bg}; border-left: 3px solid {c.accent};
    font-weight: 600;
}}
"""
    )


def _tinted_glyph(name: str, colour: str) -> str:
    """A vendored Fluent glyph with ``colour`` as its fill, as a path a stylesheet can load.

    A stylesheet's ``image:`` draws a file as it is and the set's glyphs are black, so
    a copy with the fill set is written once to the temporary folder (an icon, nothing
    of anyone's).  Forward slashes: the stylesheet's ``url()`` wants them on Windows too.
    """
    source = paths.assets_dir() / "icons" / "fluent" / f"{name}.svg"
    target = Path(tempfile.gettempdir()) / "fieldkit-theme" / f"{name}-{colour.lstrip('#')}.svg"
    if not target.is_file():
        try:
            svg = source.read_text(encoding="utf-8")
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and moved in: two FieldKits starting at once never read half.
            partial = target.with_name(f"{target.name}.{os.getpid()}.part")
            partial.write_text(svg.replace("<svg ", f'<svg fill="{colour}" ', 1), encoding="utf-8")
            partial.replace(target)
        except OSError as exc:
            # Without the glyph the box is still filled with the accent: marked, if plainer.
            log.warning("glyph %s not written for the theme: %s", name, exc)
    return target.as_posix()


def _fusion_outlines(theme: Theme) -> str:
    """High contrast only: the outlines Fusion would draw in black on black, drawn in white.

    Fusion draws the frame of a spin box and a check box a shade darker than the
    window: on a black window that is black.  Light and dark keep Fusion's own,
    with its arrows; here the arrows become small white blocks, up and down.
    """
    if theme.name is not ThemeName.HIGH_CONTRAST:
        return ""
    c, r = theme.colours, theme.radii
    up = _tinted_glyph("chevron_up_12_filled", c.text)
    down = _tinted_glyph("chevron_down_12_filled", c.text)
    tick = _tinted_glyph("checkmark_12_filled", c.on_accent)
    return f"""
QSpinBox, QDoubleSpinBox, QTimeEdit, QDateEdit {{
    color: {c.text}; background: {c.surface};
    border: 1px solid {c.border_strong}; border-radius: {r.small}px; padding: 2px 4px;
}}
QSpinBox:focus, QDoubleSpinBox:focus, QTimeEdit:focus, QDateEdit:focus {{
    border: 2px solid {c.focus};
}}
QSpinBox::up-button, QDoubleSpinBox::up-button, QTimeEdit::up-button {{
    subcontrol-origin: border; subcontrol-position: top right; width: 18px;
    border-left: 1px solid {c.border_strong};
}}
QSpinBox::down-button, QDoubleSpinBox::down-button, QTimeEdit::down-button {{
    subcontrol-origin: border; subcontrol-position: bottom right; width: 18px;
    border-left: 1px solid {c.border_strong};
}}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow, QTimeEdit::up-arrow {{
    image: url({up}); width: 12px; height: 12px;
}}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow, QTimeEdit::down-arrow {{
    image: url({down}); width: 12px; height: 12px;
}}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 14px; height: 14px; border: 2px solid {c.border_strong}; background: {c.surface};
}}
QCheckBox::indicator {{ border-radius: {r.small}px; }}
QRadioButton::indicator {{ border-radius: 9px; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{
    background: {c.accent}; border-color: {c.accent};
}}
QCheckBox::indicator:checked {{ image: url({tick}); }}
"""


class ThemeKeeper(QObject):
    """Holds the person's choice and re-applies it when the system's scheme changes."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.choice = ThemeName.SYSTEM
        self.theme: Theme | None = None
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.system_changed)

    def apply(self, choice: ThemeName) -> Theme:
        self.choice = choice
        theme = resolve(choice)
        if theme == self.theme:
            return theme
        self.theme = theme
        style = QStyleFactory.create("Fusion")
        if style is not None:
            self.app.setStyle(style)
        self.app.setPalette(palette(theme))
        font = QFont(self.app.font())
        font.setPixelSize(theme.type.body_px)
        self.app.setFont(font)
        self.app.setStyleSheet(stylesheet(theme))
        log.info("theme %s applied (chosen: %s)", theme.name.value, choice.value)
        return theme

    def system_changed(self, _scheme: object = None) -> None:
        """Windows switched light/dark: follow it, unless the person chose a theme."""
        if self.choice is ThemeName.SYSTEM:
            self.apply(ThemeName.SYSTEM)


_keeper: ThemeKeeper | None = None


def install(app: QApplication, home: Path | None) -> Theme:
    """At start-up, before the first window: the theme this laptop chose."""
    global _keeper  # noqa: PLW0603 - one application, one theme
    if _keeper is None or _keeper.app is not app:
        _keeper = ThemeKeeper(app)
    return _keeper.apply(saved_choice(home))


def choose(choice: ThemeName, home: Path | None = None) -> Theme | None:
    """Apply a theme now (no restart) and, with ``home``, keep it for this laptop."""
    if home is not None:
        save_choice(home, choice)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    global _keeper  # noqa: PLW0603 - one application, one theme
    if _keeper is None or _keeper.app is not app:
        _keeper = ThemeKeeper(app)
    return _keeper.apply(choice)


def keeper() -> ThemeKeeper | None:
    return _keeper


def forget() -> None:
    """Drop the applied theme (tests: the next choice applies from scratch)."""
    global _keeper  # noqa: PLW0603 - one application, one theme
    if _keeper is not None:
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(_keeper.system_changed)
        _keeper.deleteLater()
    _keeper = None


def current_choice() -> ThemeName:
    return _keeper.choice if _keeper is not None else ThemeName.SYSTEM


def current_theme() -> Theme:
    """The theme on screen now (light before any is applied)."""
    if _keeper is not None and _keeper.theme is not None:
        return _keeper.theme
    return THEMES[ThemeName.LIGHT]
