"""The person's facts as the console's pages say them ("console_people", issue 56.6).

Written once here; ``scripts/i18n.py --update`` extracts them into
``assets/i18n/fieldkit_id.ts``, where their Indonesian is written.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("console_people", "The person", "console_people.heading")
translate("console_people", "Name", "console_people.name")
translate("console_people", "Sex", "console_people.sex")
translate("console_people", "Born", "console_people.born")
translate("console_people", "Desa", "console_people.desa")
translate("console_people", "NIK (last 4 digits)", "console_people.nik")
translate("console_people", "male", "console_people.male")
translate("console_people", "female", "console_people.female")
translate("console_people", "unknown", "console_people.unknown")
translate(
    "console_people",
    "Opened from the sealed record for this page; your view is written to the audit.",
    "console_people.audited",
)
translate(
    "console_people",
    "The record could not be opened: its person is not shown.",
    "console_people.unopened",
)

# The pages, as the audit trail names where a person was viewed.
translate("console_people", "Rekaman's search results", "console_people.on_search")
translate("console_people", "the record's page", "console_people.on_record")
translate("console_people", "Antrean cetak", "console_people.on_print_queue")
translate("console_people", "a delivery in Distribusi", "console_people.on_delivery")
