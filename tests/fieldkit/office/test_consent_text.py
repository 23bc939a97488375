"""Issue 47 A1: the office's consent words travel in its package and reach the consent step.

The laptop's one check of a package part (:func:`check_part`, which the data center
calls too before it stores a change) refuses a consent text a laptop cannot show
as it is: not text, too long, or holding a character that moves, reorders or hides
text.  A good one is applied to a real (SQLite) store and ``intake.consent_text``
returns it; taking it away brings the catalogue's default back.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from fieldkit import office
from fieldkit.enrollment import consent_words, intake
from fieldkit.events import RulesChanged
from fieldkit.office.package import OfficePackageInvalid, Part, check_part
from fieldkit.store.models import Setting
from fieldkit.workspace import Workspace
from tests.fieldkit.office.office_support import document

WORDS = (
    "Bacakan: Bapak/Ibu, data Bapak/Ibu direkam untuk KTP-el.\n"
    "Data disimpan terenkripsi. Apakah Bapak/Ibu setuju?"
)
FIELD = "rules.consent_text"

BAD_TEXTS = [
    pytest.param(123, id="a number"),
    pytest.param(["Bapak/Ibu"], id="a list"),
    pytest.param(True, id="a boolean"),
    pytest.param("a" * (consent_words.MAX_CHARS + 1), id="too long"),
    pytest.param("Setuju?\x1b[2J", id="an escape sequence"),
    pytest.param("Setuju?\r\nYa", id="a carriage return"),
    pytest.param("Setuju?\tYa", id="a tab"),
    pytest.param("Setuju \u202eaY", id="a right-to-left override"),
    pytest.param("Setu\u200bju", id="a zero-width space"),
    pytest.param("Setuju\u2028Ya", id="a line separator"),
    pytest.param("Setuju\x00", id="a NUL"),
]


@pytest.mark.parametrize("value", BAD_TEXTS)
def test_the_laptop_s_check_refuses_a_consent_text_it_cannot_show(value: object) -> None:
    rules = {consent_words.PACKAGE_NAME: value}
    with pytest.raises(OfficePackageInvalid) as refused:
        check_part(Part.RULES, rules)
    assert refused.value.params == {"field": FIELD}
    assert FIELD in refused.value.message
    doc = document()
    doc["rules"][consent_words.PACKAGE_NAME] = value
    with pytest.raises(OfficePackageInvalid):
        office.OfficePackage.from_document(doc)


def test_the_check_takes_lines_and_the_longest_text() -> None:
    longest = ("Bapak/Ibu setuju?\n" * 200)[: consent_words.MAX_CHARS]
    for value in (WORDS, longest, "Ya", "", None):
        checked = check_part(Part.RULES, {consent_words.PACKAGE_NAME: value})
        assert checked is not None
        assert checked.consent_text == value  # type: ignore[attr-defined]


def test_clean_keeps_line_breaks_and_makes_nothing_the_default() -> None:
    assert consent_words.clean("  Bapak/Ibu,  \r\nsetuju?\r\n\r\n") == "Bapak/Ibu,\nsetuju?"
    assert consent_words.clean("Satu\rDua") == "Satu\nDua"
    assert consent_words.clean(" \r\n \n") is None
    assert consent_words.clean("") is None
    fault = consent_words.fault("ab\u200bc")
    assert fault is not None
    assert (fault.fault, fault.position, fault.codepoint) == (
        consent_words.Fault.UNSAFE_CHARACTER,
        3,
        "U+200B",
    )


def _apply(ws: Workspace, doc: dict[str, object]) -> office.ApplySummary:
    return office.apply_package(ws, office.OfficePackage.from_document(doc))


def test_a_package_s_consent_text_reaches_the_consent_step_and_goes_again(
    workspace: Workspace,
) -> None:
    ws = workspace
    seen: list[object] = []
    ws.events.connect(seen.append)
    assert intake.consent_text(ws) is None  # the catalogue's default
    doc = document()
    doc["rules"][consent_words.PACKAGE_NAME] = WORDS
    summary = _apply(ws, doc)
    assert "consent_text" in [change.code for change in summary.changes]
    assert "new consent text" in summary.message
    assert intake.consent_text(ws) == WORDS
    assert office.office_rules(ws)[consent_words.RULE_KEY] == WORDS
    changed = [e.changed for e in seen if isinstance(e, RulesChanged)]
    assert consent_words.RULE_KEY in changed[0]
    with ws.transaction() as session:  # an office rule only: no laptop setting to go stale
        assert session.get(Setting, consent_words.RULE_KEY) is None

    again = document(version=4)
    again["rules"][consent_words.PACKAGE_NAME] = WORDS
    summary = _apply(ws, again)
    assert "consent_text" not in [c.code for c in summary.changes], "the same words: no change"
    assert intake.consent_text(ws) == WORDS

    cleared = document(version=5)
    cleared["rules"][consent_words.PACKAGE_NAME] = None
    summary = _apply(ws, cleared)
    assert "consent_text_default" in [c.code for c in summary.changes]
    assert "consent text back to the default" in summary.message
    assert intake.consent_text(ws) is None
    assert consent_words.RULE_KEY not in office.office_rules(ws)

    _apply(ws, document(version=6, rules={consent_words.PACKAGE_NAME: WORDS}))
    assert intake.consent_text(ws) == WORDS
    summary = _apply(ws, document(version=7, rules=None))  # the office sets no rule at all
    assert "consent_text_default" in [c.code for c in summary.changes]
    assert intake.consent_text(ws) is None


def test_a_bad_consent_text_refuses_the_whole_package(workspace: Workspace) -> None:
    """Whole or nothing: the officers and the other rules of that package stay out too."""
    doc = document()
    doc["rules"][consent_words.PACKAGE_NAME] = "Setuju?\x1b[2J"
    with pytest.raises(OfficePackageInvalid) as refused:
        _apply(workspace, doc)
    assert refused.value.params == {"field": FIELD}
    assert office.applied_version(workspace) == (0, None)
    assert office.office_rules(workspace) == {}
    with workspace.transaction() as session:
        assert (
            session.scalar(
                sa.select(sa.func.count())
                .select_from(Setting)
                .where(Setting.key == consent_words.RULE_KEY)
            )
            == 0
        )
    assert intake.consent_text(workspace) is None
