"""The interchange file's sentences: a record leaves the office as ANSI/NIST-ITL.

``fieldkit-datacenter``'s lines ("cli", ``dc.*``) and refusals ("errors") of this room.
Each ``translate(context, English, code)`` is written once, here, in the room that raises
or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
:mod:`sync.server` imports every room's sentences, so all are registered together.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

# --- a record leaves the office: the interchange file (sync.server.dedup.interchange) ----
translate("cli", "{record}: {reference} -> {path}", "dc.exported")
translate("cli", "No record is waiting to be forwarded.", "dc.export_none_waiting")
translate("cli", "{record}: not exported ({code})", "dc.export_skipped")
translate(
    "errors",
    "Record {record_id} is a training record (sealed to the demo key); it never leaves the office.",
    "datacenter_export_training",
)
translate(
    "errors",
    "Record {record_id} is {state}; only an accepted record can be exported.",
    "datacenter_export_not_accepted",
)
translate(
    "errors",
    "Record {record_id} cannot be opened with this data center's keys, or its stored file "
    "is damaged; nothing was written.",
    "datacenter_export_unopenable",
)
translate(
    "errors",
    "Record {record_id} holds no images to export.",
    "datacenter_export_no_images",
)
translate(
    "errors",
    "An image in the record cannot be read ({problem}); nothing was written.",
    "datacenter_export_image_unreadable",
)
translate(
    "errors",
    "An image in the record declares {width} x {height} pixels, more than the {limit} an "
    "image may have; the record cannot be exported, and nothing was written.",
    "datacenter_export_image_too_large",
)
translate(
    "errors",
    "The folder {folder} does not exist; nothing was written.",
    "datacenter_export_no_folder",
)
translate(
    "errors",
    "{path} is a folder or a device, not a file; nothing was written.",
    "datacenter_export_not_a_file",
)
translate(
    "errors",
    "{path} could not be written ({cause}); nothing was left there. Choose a folder you "
    "may write to, with free space.",
    "datacenter_export_unwritable",
)
translate(
    "errors",
    "{name} is a link to another place; nothing was written, because an export never "
    "writes through a link. Remove the link, or choose another place.",
    "datacenter_export_symlink",
)
translate(
    "errors",
    "{path} is inside the data center's own folder {data}; nothing was written, because "
    "an export never replaces the data center's database, keys or records. Choose a "
    "place outside it.",
    "datacenter_export_inside_data",
)
translate(
    "errors",
    "Give a record id with --out FILE, or --waiting with --out FOLDER.",
    "datacenter_export_what",
)
