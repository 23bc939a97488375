"""The holiday list's refusals (context "errors"), raised by :mod:`fieldkit.promise`.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "The day {day} is outside the days FieldKit takes ({first} to {last}).",
    "date_out_of_range",
)

translate(
    "errors",
    "The holiday list is larger than {max_kib} KiB; a year's list is a few kilobytes. "
    "Nothing was imported.",
    "holidays_file_too_large",
)
translate(
    "errors",
    "The holiday list {file} cannot be read. Nothing was imported.",
    "holidays_file_unreadable",
)
translate(
    "errors",
    "The holiday list is not UTF-8 text. Nothing was imported.",
    "holidays_file_not_text",
)
translate(
    "errors",
    "The holiday list is neither FieldKit's holiday JSON nor a CSV whose header names "
    "tanggal,nama[,jenis]. Nothing was imported.",
    "holidays_format_unknown",
)
translate(
    "errors",
    "Row {row} of the holiday list has no date written as YYYY-MM-DD. Nothing was imported.",
    "holidays_date_invalid",
)
translate(
    "errors",
    "Row {row} of the holiday list names a year outside {low}-{high}. Nothing was imported.",
    "holidays_year_invalid",
)
translate(
    "errors",
    "The holiday list's years name one outside {low}-{high}. Nothing was imported.",
    "holidays_years_invalid",
)
translate(
    "errors",
    "The holiday list has a date in {year} but does not say where that year's list comes "
    "from (its years). Nothing was imported.",
    "holidays_year_undeclared",
)
translate(
    "errors",
    "Row {row} of the holiday list has no name, or one longer than {max} characters or with "
    "control characters. Nothing was imported.",
    "holidays_name_invalid",
)
translate(
    "errors",
    "Row {row} of the holiday list has an unknown kind; it must be one of: {choices}. "
    "Nothing was imported.",
    "holidays_kind_invalid",
)
translate(
    "errors",
    "The source of the {year} holiday list is not text of at most {max} characters. "
    "Nothing was imported.",
    "holidays_source_invalid",
)
translate(
    "errors",
    "Row {row} of the holiday list repeats the date {date}. Nothing was imported.",
    "holidays_date_repeated",
)
translate(
    "errors",
    "The holiday list has more than {per_year} days in a year or more than {years} years. "
    "Nothing was imported.",
    "holidays_too_many",
)
translate(
    "errors",
    "The holiday list has no holidays. Nothing was imported.",
    "holidays_empty",
)
translate(
    "errors",
    "The promise date must be {low} to {high} working days after the recording.",
    "promise_days_range",
)
