"""``printable_lines``: a command's own line breaks kept, everything inside a line escaped."""

from __future__ import annotations

from fieldkit.printable import printable, printable_lines


def test_each_line_is_escaped_and_the_breaks_between_them_kept() -> None:
    text = "HOST  VERSION\npc\x1b[2J\u202e  0.9\x07\nplain ascii"
    assert printable_lines(text) == "HOST  VERSION\npc\\x1b[2J\\u202e  0.9\\x07\nplain ascii"
    assert printable_lines("kantor Bandung \u00e9") == "kantor Bandung \u00e9"
    assert printable_lines(text).count("\n") == text.count("\n")


def test_a_value_made_printable_first_cannot_forge_a_line() -> None:
    row = f"laptop {printable('pc' + chr(10) + 'FORGED')}"
    assert printable_lines(row).splitlines() == ["laptop pc\\nFORGED"]
