"""Every state the data center may report has its words on the laptop (issue 48).

The core cannot import ``sync.protocol`` (it sits below ``sync``), so it keeps the names;
these tests fail when the protocol gains a state the laptop neither knows nor words.
"""

from __future__ import annotations

import pytest

from fieldkit import sentences
from fieldkit.records import server_states
from fieldkit.records.server_states import CONTEXT, Tone, state_words
from fieldkit.reports import berita_acara
from sync import protocol


def test_the_laptop_knows_every_state_of_the_protocol_and_its_recapture_states() -> None:
    assert {str(s) for s in protocol.RecordState} == server_states.KNOWN_STATES
    assert {str(s) for s in protocol.RECAPTURE_STATES} == server_states.RECAPTURE_STATES


@pytest.mark.parametrize("state", list(protocol.RecordState), ids=str)
def test_every_state_has_its_own_sentence(state: protocol.RecordState) -> None:
    words = state_words(str(state), message="Foto buram")
    assert words is not None
    assert words.code != server_states.UNKNOWN
    assert sentences.template(CONTEXT, words.code) is not None
    assert str(state) not in words.english  # words, not the code's name


def test_the_words_say_what_the_field_needs_to_know() -> None:
    said = {
        state: words.english
        for state in server_states.KNOWN_STATES
        if (words := state_words(state)) is not None
    }
    assert said[server_states.PRINT_READY_RECORD] == "Ready to print"
    assert said[server_states.DUPLICATE_RECORD] == (
        "Possible duplicate: waiting for the office's decision"
    )
    assert said[server_states.DUPLICATE_CLOSED] == "Closed: a second recording of the same person"
    assert said[server_states.ACCEPTED] == "Accepted by the data center"
    # A recapture carries the data center's reason, whichever of the two asked it.
    for state in server_states.RECAPTURE_STATES:
        words = state_words(state, "  Sidik jari\ntidak terbaca ")
        assert words is not None
        assert words.english == "Record again: Sidik jari tidak terbaca"
        assert words.tone is Tone.WARNING
    assert state_words(server_states.ENROLL_FAILURE) == state_words(server_states.RECAPTURE)
    # A closed duplicate carries the administrator's reason: the team tells the family.
    closed = state_words(server_states.DUPLICATE_CLOSED, " Orang yang sama,\n direkam dua kali")
    assert closed is not None
    assert closed.english == (
        "Closed: a second recording; the card comes from the earlier one "
        "(Orang yang sama, direkam dua kali)"
    )


def test_no_answer_has_no_words_and_a_newer_state_is_said_by_its_name() -> None:
    assert state_words(None) is None
    assert state_words("") is None
    newer = state_words("ARCHIVED")
    assert newer is not None
    assert newer.english == "Data center: ARCHIVED"
    assert newer.tone is Tone.NEUTRAL


def test_the_berita_acaras_rekap_names_every_state_in_indonesian() -> None:
    """The rekap's own Indonesian list (a PDF, no Qt) said "Status data center: CODE" else."""
    labels = berita_acara._SERVER_STATE_LABELS
    assert {str(s) for s in protocol.RecordState} <= set(labels)
    assert "ganda" not in labels[server_states.DEDUPLICATED]  # penunggalan passed
    assert "ganda" in labels[server_states.DUPLICATE_RECORD]
