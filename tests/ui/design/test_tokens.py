"""The tokens' contrast, checked as WCAG 2.x defines it, in every theme (issue 36).

Body text must reach 4.5:1 and disabled text 3:1 against every surface the
stylesheet draws it on; the negative checks show the test notices a token made
too light.
"""

from __future__ import annotations

import dataclasses

import pytest

from ui.design.tokens import (
    BODY_CONTRAST_MIN,
    DISABLED_CONTRAST_MIN,
    THEMES,
    Theme,
    contrast_ratio,
    contrast_table,
    pairings,
    relative_luminance,
)


def _too_low(theme: Theme) -> list[str]:
    return [
        f"{theme.name.value}: {p.what} {p.foreground} on {p.background} is "
        f"{p.ratio:.2f}:1, below {p.minimum}:1"
        for p in pairings(theme)
        if p.ratio < p.minimum
    ]


def test_wcag_figures_match_the_standard_examples() -> None:
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    # WebAIM's checker: #767676 on white is the lightest grey that passes 4.5:1.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    with pytest.raises(ValueError, match="rrggbb"):
        relative_luminance("#fff")


@pytest.mark.parametrize("name", list(THEMES))
def test_every_text_reads_on_every_surface(name: str) -> None:
    theme = THEMES[name]  # type: ignore[index]
    checked = pairings(theme)
    assert any("text_disabled" in p.what for p in checked)
    assert {p.background for p in checked} >= {
        theme.colours.window,
        theme.colours.surface,
        theme.colours.surface_alt,
    }
    assert not _too_low(theme), "\n".join(_too_low(theme))


@pytest.mark.parametrize("name", list(THEMES))
@pytest.mark.parametrize(
    ("token", "minimum"),
    [("text", BODY_CONTRAST_MIN), ("text_disabled", DISABLED_CONTRAST_MIN)],
)
def test_a_token_made_too_light_is_caught(name: str, token: str, minimum: float) -> None:
    """Negative check: text the colour of its own surface, or nearly, fails the test above."""
    theme = THEMES[name]  # type: ignore[index]
    # Qt's old disabled grey on the window's colour: about 1.7:1 in the light theme.
    faded = theme.colours.surface_alt if theme.dark else "#bebebe"
    colours = dataclasses.replace(theme.colours, **{token: faded})
    washed = dataclasses.replace(theme, colours=colours)
    problems = _too_low(washed)
    assert problems, f"{token}={faded} passed in {name}"
    assert any(p.split(": ", 1)[1].startswith(token + " ") for p in problems), problems
    assert minimum in {p.minimum for p in pairings(washed) if p.ratio < p.minimum}


def test_the_type_scale_and_the_primary_height_are_as_issue_36_asks() -> None:
    for theme in THEMES.values():
        assert 15 <= theme.type.body_px <= 16
        assert theme.type.step_title_px >= 18
        assert theme.type.page_title_px >= theme.type.step_title_px
        assert theme.heights.primary_button >= 44
        assert theme.heights.nav_row >= 40


def test_the_contrast_table_for_the_docs_lists_every_pairing() -> None:
    """``python -m ui.design.tokens`` prints the table docs/design.md quotes."""
    table = contrast_table()
    rows = [line for line in table.splitlines() if line.startswith("| ") and ":1 |" in line]
    assert len(rows) == sum(len(pairings(t)) for t in THEMES.values())
    assert "| light | text_disabled on window |" in table
