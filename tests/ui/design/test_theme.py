"""The themes applied app-wide, the primary button, field errors and the status pill (issue 36)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)
from pytestqt.qtbot import QtBot

from fieldkit.workspace import Workspace
from ui.design import (
    clear_field_error,
    field_error,
    mark_primary,
    show_field_error,
    theme,
)
from ui.design.pill import PillKind, StatusPill, Word
from ui.design.tokens import DARK, HIGH_CONTRAST, LIGHT, ThemeName
from ui.settings_page import SettingsPage


@pytest.fixture(autouse=True)
def _app_look_restored(qapp: QApplication) -> Iterator[None]:
    """Every other test in the session runs with Qt's default look, as before."""
    style, palette = qapp.style().name(), qapp.palette()
    font, sheet = qapp.font(), qapp.styleSheet()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
    theme.forget()


def _window_colour(app: QApplication) -> str:
    return app.palette().color(QPalette.ColorRole.Window).name()


@pytest.mark.parametrize("chosen", [LIGHT, DARK, HIGH_CONTRAST])
def test_a_theme_sets_fusion_the_palette_the_font_and_one_stylesheet(
    qapp: QApplication, chosen: theme.Theme
) -> None:
    applied = theme.choose(chosen.name)
    assert applied == chosen
    assert _window_colour(qapp) == chosen.colours.window
    disabled = qapp.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    assert disabled.name() == chosen.colours.text_disabled
    assert qapp.font().pixelSize() == chosen.type.body_px
    assert chosen.colours.accent in qapp.styleSheet()
    assert 'QPushButton[role="primary"]' in qapp.styleSheet()
    assert "QListWidget#sidebar::item" in qapp.styleSheet()
    qapp.setStyleSheet("")  # under a stylesheet the style is Qt's wrapper, with no name
    assert qapp.style().name().lower() == "fusion"


def test_the_primary_button_is_44_px_high_and_the_others_smaller(
    qtbot: QtBot, qapp: QApplication
) -> None:
    theme.choose(ThemeName.LIGHT)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    primary, secondary = QPushButton("Rekam"), QPushButton("Tunda langkah ini")
    layout.addWidget(mark_primary(primary))
    layout.addWidget(secondary)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert primary.property("role") == "primary"
    assert primary.height() >= LIGHT.heights.primary_button
    assert secondary.height() < primary.height()
    # The accent fills it: the middle of the button is the accent colour.
    image = primary.grab().toImage()
    middle = image.pixelColor(6, image.height() // 2).name()
    assert middle == LIGHT.colours.accent, middle


def test_a_field_error_is_a_red_border_and_words_under_the_field(
    qtbot: QtBot, qapp: QApplication
) -> None:
    theme.choose(ThemeName.LIGHT)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    nik, name = QLineEdit(), QLineEdit()
    form.addRow("NIK", nik)
    form.addRow("Nama", name)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = show_field_error(nik, "NIK harus 16 angka.")
    assert field_error(nik) == "NIK harus 16 angka."
    assert nik.property("error") == "true"
    assert nik.accessibleDescription() == "NIK harus 16 angka."
    # Under the field it is about, above the next one.
    assert form.getWidgetPosition(label)[0] == form.getWidgetPosition(nik)[0] + 1
    qtbot.waitUntil(label.isVisible)
    assert nik.geometry().bottom() < label.geometry().top() < name.geometry().top()
    border = nik.grab().toImage().pixelColor(0, nik.height() // 2).name()
    assert border == LIGHT.colours.danger, border
    # Shown twice, one label; cleared, nothing is left.
    assert show_field_error(nik, "Lagi.") is label
    clear_field_error(nik)
    assert field_error(nik) == ""
    assert nik.property("error") != "true"
    assert not label.isVisible()
    assert nik.accessibleDescription() == ""


def test_the_status_pill_says_the_fixed_words_with_a_symbol(
    qtbot: QtBot, qapp: QApplication, indonesian: None
) -> None:
    del indonesian
    theme.choose(ThemeName.LIGHT)
    pill = StatusPill()
    qtbot.addWidget(pill)
    shown = {}
    for word in Word:
        pill.set_word(word)
        shown[word] = (pill.kind(), pill.text())
    assert shown[Word.READY] == (PillKind.OK, "● Siap")
    assert shown[Word.DISCONNECTED] == (PillKind.DANGER, "✖ Terputus")
    assert shown[Word.NOT_CHECKED] == (PillKind.NEUTRAL, "◌ Belum diperiksa")
    assert shown[Word.RECORDED] == (PillKind.OK, "✔ terekam")
    assert shown[Word.DRAFT] == (PillKind.NEUTRAL, "◐ draf")
    assert shown[Word.RETURNED] == (PillKind.WARNING, "↩ dikembalikan")
    assert shown[Word.REJECTED] == (PillKind.DANGER, "✖ ditolak")
    pill.set_word(Word.READY)
    pill.show()
    qtbot.waitExposed(pill)
    inside = pill.grab().toImage().pixelColor(pill.width() // 2, 3).name()
    assert inside == LIGHT.colours.success_bg, inside


def test_the_choice_is_kept_per_laptop(tmp_path: Path) -> None:
    assert theme.saved_choice(tmp_path) is ThemeName.SYSTEM  # nothing saved: follow Windows
    theme.save_choice(tmp_path, ThemeName.DARK)
    assert theme.saved_choice(tmp_path) is ThemeName.DARK
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    settings.setValue("theme", "purple")
    settings.sync()
    assert theme.saved_choice(tmp_path) is ThemeName.SYSTEM
    assert theme.saved_choice(None) is ThemeName.SYSTEM


def test_following_the_system_reads_its_scheme_and_follows_a_change(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheme = [Qt.ColorScheme.Light]
    monkeypatch.setattr(theme, "system_colour_scheme", lambda: scheme[0])
    assert theme.choose(ThemeName.SYSTEM) == LIGHT
    scheme[0] = Qt.ColorScheme.Dark
    keeper = theme.keeper()
    assert keeper is not None
    keeper.system_changed()  # what QStyleHints.colorSchemeChanged calls
    assert _window_colour(qapp) == DARK.colours.window
    # A theme chosen by hand stays, whatever the system does.
    theme.choose(ThemeName.LIGHT)
    scheme[0] = Qt.ColorScheme.Dark
    keeper.system_changed()
    assert _window_colour(qapp) == LIGHT.colours.window
    # Windows' high-contrast switch wins over its dark mode.
    monkeypatch.setattr(theme, "windows_high_contrast", lambda: True)
    assert theme.choose(ThemeName.SYSTEM) == HIGH_CONTRAST


@pytest.mark.skipif(sys.platform == "win32", reason="reads the real setting on Windows")
def test_high_contrast_is_never_read_off_windows() -> None:
    assert theme.windows_high_contrast() is False


def test_pengaturan_applies_the_chosen_theme_at_once_and_keeps_it(
    qtbot: QtBot, qapp: QApplication, demo_ws: Workspace
) -> None:
    page = SettingsPage(demo_ws)
    qtbot.addWidget(page)
    combo = page.theme_choice
    assert combo.currentData() == ThemeName.SYSTEM.value  # the default: follow Windows
    combo.setCurrentIndex(combo.findData(ThemeName.DARK.value))
    combo.activated.emit(combo.currentIndex())
    assert _window_colour(qapp) == DARK.colours.window  # no restart
    assert theme.saved_choice(demo_ws.directory) is ThemeName.DARK
    combo.setCurrentIndex(combo.findData(ThemeName.HIGH_CONTRAST.value))
    combo.activated.emit(combo.currentIndex())
    assert _window_colour(qapp) == HIGH_CONTRAST.colours.window
    assert theme.saved_choice(demo_ws.directory) is ThemeName.HIGH_CONTRAST


@pytest.mark.parametrize("chosen", [LIGHT, DARK, HIGH_CONTRAST])
def test_banners_the_chip_and_the_preview_take_the_themes_colours(
    qtbot: QtBot, qapp: QApplication, chosen: theme.Theme
) -> None:
    """They were written in the widgets (#fff3cd, #ffb900, #202124...) and stayed light in
    the dark theme; now each is a property the theme's stylesheet colours."""
    from ui.capture_widgets import PreviewView
    from ui.design import mark_banner
    from ui.enrollment.header import WARNING, VisitDayChip

    theme.choose(chosen.name)
    banner = QLabel("⚠ belum terdaftar")
    mark_banner(banner, "danger")
    chip = VisitDayChip()
    chip.setText("Kamis, 3 Desember 2026 · bukan hari ini")
    chip.set_tone(WARNING)
    preview = PreviewView()
    for widget, expected in (
        (banner, chosen.colours.danger_bg),
        (chip, chosen.colours.attention),
        (preview, chosen.colours.preview_bg),
    ):
        qtbot.addWidget(widget)
        widget.resize(widget.sizeHint().expandedTo(QSize(200, 40)))
        widget.show()
        qtbot.waitExposed(widget)
        image = widget.grab().toImage()
        middle = image.pixelColor(image.width() // 2, 4 * image.height() // 5).name()
        assert middle == expected, (type(widget).__name__, middle, expected)


def test_no_colour_is_written_in_a_screen() -> None:
    """Issue 36: every colour comes from the tokens; ui/design/ alone writes them."""
    screens = Path(__file__).resolve().parents[3] / "ui"
    written = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
    found = [
        f"{path.relative_to(screens)}:{number}: {line.strip()}"
        for path in sorted(screens.rglob("*.py"))
        if "design" not in path.relative_to(screens).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if written.search(line) and not line.lstrip().startswith("#")  # a comment may name one
    ]
    assert not found, "\n".join(found)


def test_high_contrast_draws_the_tick_and_the_spin_arrows_from_tinted_glyphs() -> None:
    """Fusion's own tick and arrows are lost on black: the set's glyphs, in the theme's colours."""
    sheet = theme.stylesheet(HIGH_CONTRAST)
    urls = dict.fromkeys(re.findall(r"image: url\(([^)]+)\)", sheet))
    assert len(urls) == 3, sheet  # up, down, tick
    for url in urls:
        svg = Path(url).read_text(encoding="utf-8")
        assert svg.startswith('<svg fill="#'), svg[:60]
    colours = HIGH_CONTRAST.colours
    assert any(colours.text.lstrip("#") in url for url in urls)
    assert any(colours.on_accent.lstrip("#") in url for url in urls)
    assert "image: url(" not in theme.stylesheet(LIGHT)  # Fusion draws them there
