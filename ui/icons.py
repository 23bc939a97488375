"""The app's icons: Fluent UI System Icons, vendored in ``assets/icons/fluent/`` (MIT).

The SVGs carry no colour of their own (their paths fill with black), so each is
drawn here with QtSvg and tinted with a palette colour: the navigation's icons
follow the theme (light, dark, high contrast) and the selected row's text
colour, never a colour written in a widget.  ``assets/icons/fluent/README.md``
names the package, its version and its licence.

QtSvg is imported here by name, so the PyInstaller bundle carries it (its hook
collects Qt's SVG library with it); ``ui.selftest`` draws every icon, so a
bundle without it fails its self-test, not on an officer's laptop.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from fieldkit import paths

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

#: The folder of the vendored set, under ``assets/``.
FLUENT = "icons/fluent"


def icon_path(name: str) -> Path:
    """Where ``name`` (for example ``home``) is: the 24 px regular style of the set."""
    return paths.assets_dir() / FLUENT / f"{name}_24_regular.svg"


@cache
def _renderer(name: str) -> QSvgRenderer:
    return QSvgRenderer(str(icon_path(name)))


def renders(name: str) -> bool:
    """Whether the icon's file is there and QtSvg can draw it (the self-test asks)."""
    return icon_path(name).is_file() and _renderer(name).isValid()


def tinted_pixmap(name: str, size: int, color: QColor, ratio: float = 1.0) -> QPixmap:
    """The icon drawn ``size`` logical pixels square, in ``color``, sharp at ``ratio``."""
    device = max(1, round(size * ratio))
    pixmap = QPixmap(device, device)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = _renderer(name)
    if not renderer.isValid():
        log.warning("icon %s cannot be drawn (%s)", name, icon_path(name))
        return pixmap
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, device, device))
    # Keep the icon's shape, take the colour: the set is drawn in one colour.
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), color)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def themed_icon(name: str, palette: QPalette, size: int, ratio: float = 1.0) -> QIcon:
    """The icon in the palette's text colours: normal, selected and disabled rows."""
    group, role = QPalette.ColorGroup, QPalette.ColorRole
    icon = QIcon()
    pixel = QSize(size, size)
    for mode, color in (
        (QIcon.Mode.Normal, palette.color(group.Active, role.Text)),
        (QIcon.Mode.Active, palette.color(group.Active, role.Text)),
        # The chosen row is tinted, its text the body colour (ui.design's stylesheet): an
        # icon in the highlighted-text colour (white) vanished on it.
        (QIcon.Mode.Selected, palette.color(group.Active, role.Text)),
        (QIcon.Mode.Disabled, palette.color(group.Disabled, role.Text)),
    ):
        icon.addPixmap(tinted_pixmap(name, pixel.width(), color, ratio), mode)
    return icon
