"""The update's sentences (context "errors"): why an installer is refused, what to do.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the screens,
and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "The FieldKit {version} installer is not signed by a FieldKit release key; it was "
    "deleted and not installed.",
    "update_signature_invalid",
)
translate(
    "errors",
    "Do not install it another way. Tell the office's IT staff: the file was changed on "
    "the way, or it is not a FieldKit release.",
    "update_signature_invalid.hint",
)
translate(
    "errors",
    "FieldKit {version} is not newer than the FieldKit {installed} on this laptop; "
    "nothing was installed.",
    "update_version_not_newer",
)
translate(
    "errors",
    "{version} is not a FieldKit version number.",
    "update_version_invalid",
)
translate(
    "errors",
    "This FieldKit has no release key to check an update with ({file}).",
    "update_keys_missing",
)
translate(
    "errors",
    "The installer {file} cannot be read: {cause}",
    "update_file_unreadable",
)
translate(
    "errors",
    "The office offers no FieldKit update.",
    "update_not_offered",
)
translate(
    "errors",
    "The update is {size} bytes, more than the {limit} bytes an installer may have; it "
    "was not downloaded.",
    "update_too_large",
)
translate(
    "errors",
    "The download of FieldKit {version} stopped after {got} of {expected} bytes; it was "
    "deleted. Try again.",
    "update_incomplete",
)
translate(
    "errors",
    "The data center's answer is not a FieldKit update ({problem}).",
    "update_bad_answer",
)
translate(
    "errors",
    "The update cannot be saved in {folder}: {cause}",
    "update_write_failed",
)
translate(
    "errors",
    "This update is for FieldKit on Windows. On Linux, install the new release the office "
    "gives you (its install.sh, or your package manager).",
    "update_windows_only",
)
translate(
    "errors",
    "The FieldKit {version} installer could not be started: {cause}",
    "update_start_failed",
)
