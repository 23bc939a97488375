"""A param given as a code is worded by the catalogue, never carried in Indonesian."""

from __future__ import annotations

import pytest

from fieldkit.errors import InvalidInput, KnownError
from fieldkit.handover import cards
from ui.messages import explain


def _refused_name() -> KnownError:
    with pytest.raises(InvalidInput) as raised:
        cards._clean("  ", "recipient's name", required=True)
    return raised.value


def test_a_field_code_reads_in_indonesian(indonesian: None) -> None:
    error = _refused_name()
    assert error.params["field_code"] == "recipient_name"
    assert explain(error) == "Nama penerima wajib diisi."


def test_the_command_line_keeps_the_english_name() -> None:
    assert _refused_name().message == "The recipient's name is required."
