"""Issue 57 §13: a card UID is hex digits as typed, never what ``str.upper`` makes of them."""

from __future__ import annotations

import pytest

from fieldkit.card_uid import normalise_uid
from fieldkit.errors import InvalidInput


@pytest.mark.parametrize(
    "typed",
    [
        "04\ufb00123456",  # the ligature "ff": upper() made it "FF"
        "04 A2 F1 \uff23\uff13",  # full-width C3
        "0\u0664A2F1C3",  # an Arabic-Indic four
    ],
)
def test_a_uid_with_a_character_that_only_looks_hex_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalise_uid(typed)
    assert refused.value.code == "card_uid_not_hex"


def test_a_uid_as_readers_print_it_is_kept_upper_case() -> None:
    assert normalise_uid("04:a2:f1:c3") == "04A2F1C3"
    assert normalise_uid("04-ff-12-34-56-78-9a") == "04FF123456789A"
