"""Numbers as Indonesian writes them (issue 47, finding 11): 100.000 and 1,5; and one stop."""

from __future__ import annotations

import pytest

from fieldkit import sentences
from fieldkit.numbers import Measure, count_text, decimal_text, size_text
from fieldkit.planning.target_import_types import MAX_ROWS, too_many_rows


@pytest.mark.parametrize(
    ("number", "indonesian", "english"),
    [
        (0, "0", "0"),
        (999, "999", "999"),
        (1000, "1.000", "1,000"),
        (-1234567, "-1.234.567", "-1,234,567"),
    ],
)
def test_a_count_groups_its_thousands_by_language(
    number: int, indonesian: str, english: str
) -> None:
    assert count_text(number) == indonesian
    assert count_text(number, "en") == english


def test_a_measure_has_the_languages_decimal_mark() -> None:
    assert decimal_text(1234.56, 1) == "1.234,6"
    assert decimal_text(1234.56, 1, "en") == "1,234.6"
    assert decimal_text(12.4, 0) == "12"
    assert Measure(1.5).text("id") == "1,5"
    assert str(Measure(1.5)) == "1.5"


@pytest.mark.parametrize(
    ("size", "indonesian", "english"),
    [
        (340_000, "340 KB", "340 KB"),
        (999_600, "1,0 MB", "1.0 MB"),
        (1_500_000, "1,5 MB", "1.5 MB"),
        (1_234_500_000, "1.234,5 MB", "1,234.5 MB"),
    ],
)
def test_a_size_is_in_mb_or_kb_with_the_languages_marks(
    size: int, indonesian: str, english: str
) -> None:
    """Never "MiB" (a word Indonesian screens do not have, issue 47 D11), never "1.5" in id."""
    assert size_text(size) == indonesian
    assert size_text(size, "en") == english


def test_a_sentence_writes_its_counts_the_indonesian_way_and_english_its_own() -> None:
    """The "100,000 baris" of a refused target list: the limit was pre-formatted in English."""
    refused = too_many_rows()
    template = "Daftar memuat lebih dari {max} baris."
    assert sentences.render(template, refused.detail.params) == (
        "Daftar memuat lebih dari 100.000 baris."
    )
    assert MAX_ROWS == 100_000
    assert "100,000" in refused.detail.message  # the English, for the log and the CLI
    assert sentences.render(
        "{size} GB bebas, {n} rekaman", {"size": Measure(12.25), "n": 12000}
    ) == ("12,2 GB bebas, 12.000 rekaman")
    # A flag is no number, and text stays as it is.
    assert sentences.render("{a} {b}", {"a": True, "b": "2026"}) == "True 2026"


@pytest.mark.parametrize(
    ("template", "name", "said"),
    [
        (
            "Diterima oleh pengurus barang {name}.",
            "Sutrisno, S.Kom.",
            "Diterima oleh pengurus barang Sutrisno, S.Kom.",
        ),
        ("{name}. Lalu berikutnya.", "Dewi, S.Kom.", "Dewi, S.Kom. Lalu berikutnya."),
        ("Nomor urut harus 0..{name}.", "9", "Nomor urut harus 0..9."),
        ("Sembunyikan rincian...", "", "Sembunyikan rincian..."),
    ],
)
def test_a_name_ending_in_a_title_ends_the_sentence_with_one_stop(
    template: str, name: str, said: str
) -> None:
    assert sentences.render(template, {"name": name}) == said
    assert sentences.one_stop("Selamat datang, Dewi Lestari, S.Kom..") == (
        "Selamat datang, Dewi Lestari, S.Kom."
    )
