"""The Laptop screen's sentences (enrolling and revoking a laptop) and Beranda's laptop list.

Context ``console_laptops``: each ``translate`` is written once here and its Indonesian
kept in ``assets/i18n/fieldkit_id.ts`` (see :mod:`sync.server.console.sentences`).  The
laptop side's words quoted here ("Sinkronisasi", "Baca kode QR-nya dengan kamera"...)
are the laptop app's own, so the office reads out what the officer sees.
"""

from __future__ import annotations

from fieldkit.sentences import translate

CONTEXT = "console_laptops"

# --- enrolling a new laptop: the form on the Laptop page ---------------------------------
translate("console_laptops", "Enroll a new laptop", "console_laptops.enroll_title")
translate(
    "console_laptops",
    "A one-time code lets one laptop join this data center, once.",
    "console_laptops.enroll_intro",
)
translate("console_laptops", "Code valid for (hours)", "console_laptops.ttl_label")
translate("console_laptops", "Data center address for the laptop", "console_laptops.url_label")
translate(
    "console_laptops",
    "The address the service listens on, or the one this browser used. Change it if the "
    "laptops reach the data center by another name or address.",
    "console_laptops.url_help",
)
translate("console_laptops", "Make the code", "console_laptops.issue_button")
translate(
    "console_laptops",
    "Enrolling and revoking laptops is for administrators.",
    "console_laptops.admins_only",
)
translate(
    "console_laptops",
    "Give a whole number of hours from 1 to {most}.",
    "console_laptops.bad_ttl",
)
translate(
    "console_laptops",
    "Give an address like https://10.0.0.5:8443 (https, no path after it).",
    "console_laptops.bad_url",
)
translate(
    "console_laptops",
    "No code was made: correct the field marked below.",
    "console_laptops.form_errors",
)

# --- the code's page --------------------------------------------------------------------
translate("console_laptops", "Enrollment code for a new laptop", "console_laptops.code_title")
translate(
    "console_laptops",
    "The code is made. It is shown on this page for {minutes} minutes.",
    "console_laptops.code_made",
)
translate("console_laptops", "One-time code", "console_laptops.code_label")
translate(
    "console_laptops",
    "Valid until {until}, for one laptop, once.",
    "console_laptops.code_valid_until",
)
translate("console_laptops", "Data center address", "console_laptops.url_shown")
translate("console_laptops", "CA fingerprint", "console_laptops.fingerprint_shown")
translate(
    "console_laptops",
    "QR code of the enrollment file: the address, the code and the CA fingerprint",
    "console_laptops.qr_label",
)
translate("console_laptops", "On the laptop", "console_laptops.steps_title")
translate(
    "console_laptops",
    "Log in to FieldKit as an operator or an admin and open the Sinkronisasi screen.",
    "console_laptops.step_open",
)
translate(
    "console_laptops",
    "Under “Enrollment file from the operator”, press “Read its QR code with the camera” "
    "and hold this page, or its print, up to the camera.",
    "console_laptops.step_camera",
)
translate(
    "console_laptops",
    "No camera? Type the address, the code and the CA fingerprint above into “Server "
    "address”, “One-time code” and “CA fingerprint”.",
    "console_laptops.step_type",
)
translate(
    "console_laptops",
    "Check the address, then press “Enroll this laptop”. The laptop then appears in the "
    "list on the Laptops page.",
    "console_laptops.step_enroll",
)
translate("console_laptops", "Or on the laptop's command line:", "console_laptops.step_cli")
translate(
    "console_laptops",
    "Whoever holds this code can enroll a laptop until it is used: do not leave this page "
    "or its print lying around.",
    "console_laptops.code_secret",
)
translate(
    "console_laptops",
    "To print it, use the browser's print command (Ctrl+P).",
    "console_laptops.print_hint",
)
translate("console_laptops", "Done: hide the code", "console_laptops.done_button")
translate(
    "console_laptops",
    "The code is no longer shown. If it was not used, make a new one.",
    "console_laptops.code_gone",
)

# --- revoking a laptop ------------------------------------------------------------------
translate("console_laptops", "Action", "console_laptops.col_action")
translate("console_laptops", "Revoke", "console_laptops.revoke_link")
translate("console_laptops", "Revoke {name}", "console_laptops.revoke_named")
translate("console_laptops", "Name", "console_laptops.name_link")
translate("console_laptops", "Name {name}", "console_laptops.name_named")

# --- naming a laptop (issue 49 §3) ------------------------------------------------------
translate("console_laptops", "Name the laptop", "console_laptops.name_title")
translate("console_laptops", "Laptop {hostname} ({device_id})", "console_laptops.name_which")
translate(
    "console_laptops",
    "The office's name for this laptop and its team are shown everywhere in the console "
    "instead of the name Windows gave it, and the command line accepts the name too.",
    "console_laptops.name_intro",
)
translate("console_laptops", "Laptop name", "console_laptops.name_label")
translate(
    "console_laptops",
    "At most {most} characters, different from every other laptop's, e.g. Laptop Tim 1.",
    "console_laptops.name_hint",
)
translate("console_laptops", "Team", "console_laptops.team_label")
translate(
    "console_laptops",
    "Optional, at most {most} characters, e.g. Tim Jemput Bola 1.",
    "console_laptops.team_hint",
)
translate("console_laptops", "Save the name", "console_laptops.name_button")
translate(
    "console_laptops",
    "The name was not saved: see the marked box.",
    "console_laptops.name_not_saved",
)
translate("console_laptops", "Type the laptop's name.", "console_laptops.name_empty")
translate(
    "console_laptops",
    "The name is too long: at most {max} characters.",
    "console_laptops.name_too_long",
)
translate(
    "console_laptops",
    "The name holds a character that cannot be shown; type it again.",
    "console_laptops.name_invalid",
)
translate(
    "console_laptops",
    "Another laptop is already named {name}; choose another name.",
    "console_laptops.name_taken",
)
translate(
    "console_laptops",
    "The team's name is too long: at most {max} characters.",
    "console_laptops.team_too_long",
)
translate(
    "console_laptops",
    "The team's name holds a character that cannot be shown; type it again.",
    "console_laptops.team_invalid",
)
translate(
    "console_laptops",
    "Laptop {device_id} is now named {name}.",
    "console_laptops.named_done",
)
translate("console_laptops", "Revoke a laptop", "console_laptops.revoke_title")
translate("console_laptops", "Laptop {name} ({device_id})", "console_laptops.revoke_which")
translate(
    "console_laptops",
    "Once revoked, every request of this laptop is refused. Records it has not sent yet "
    "can no longer be accepted from it; to work again it must be enrolled with a new code.",
    "console_laptops.revoke_effect",
)
translate(
    "console_laptops",
    "Reason (required, up to {most} characters)",
    "console_laptops.reason_label",
)
translate("console_laptops", "Revoke this laptop", "console_laptops.revoke_button")
translate("console_laptops", "Cancel", "console_laptops.cancel")
translate(
    "console_laptops",
    "Write why this laptop is revoked.",
    "console_laptops.reason_missing",
)
translate(
    "console_laptops",
    "The reason is longer than {most} characters.",
    "console_laptops.reason_long",
)
translate(
    "console_laptops",
    "No laptop with this id is enrolled here.",
    "console_laptops.unknown_laptop",
)
translate(
    "console_laptops",
    "This laptop was already revoked on {when}.",
    "console_laptops.already_revoked",
)
translate(
    "console_laptops",
    "Laptop {name} ({device_id}) is revoked.",
    "console_laptops.revoked_done",
)

# --- Beranda ----------------------------------------------------------------------------
translate("console_laptops", "Laptops that need attention", "console_laptops.attention_title")
translate("console_laptops", "No laptop needs attention.", "console_laptops.attention_none")
translate("console_laptops", "See every laptop", "console_laptops.attention_all")
