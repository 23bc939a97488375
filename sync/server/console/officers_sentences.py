"""Petugas & aturan's sentences (context "console_officers"), for ``console/officers.py``.

Each ``translate(context, English, code)`` is written once, here; ``scripts/i18n.py
--update`` extracts it into ``assets/i18n/fieldkit_id.ts``, where its Indonesian is
written.  The refusals the page shows are Office's own, in the "errors" context.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("console_officers", "The parts of Officers & rules", "console_officers.nav_label")
translate("console_officers", "Officers", "console_officers.part_officers")
translate("console_officers", "Office & rules", "console_officers.part_rules")
translate("console_officers", "Versions & laptops", "console_officers.part_version")
translate(
    "console_officers",
    "Office package now: version {version}",
    "console_officers.package_version",
)
translate(
    "console_officers",
    "Every change raises the version; each laptop receives it on its next sync, over the "
    "network or by USB stick.",
    "console_officers.package_note",
)
translate(
    "console_officers",
    "The office code is not set yet: until it is (Office & rules), the laptops receive no"
    " office package.",
    "console_officers.office_unset_note",
)
translate(
    "console_officers",
    "The office's officers and their state",
    "console_officers.officers_caption",
)
translate("console_officers", "Username", "console_officers.col_username")
translate("console_officers", "Full name", "console_officers.col_full_name")
translate("console_officers", "Role", "console_officers.col_role")
translate("console_officers", "State", "console_officers.col_state")
translate("console_officers", "Actions", "console_officers.col_actions")
translate("console_officers", "Recording officer", "console_officers.role_petugas")
translate("console_officers", "Team lead", "console_officers.role_ketua_tim")
translate("console_officers", "Office operator", "console_officers.role_operator")
translate("console_officers", "Laptop administrator", "console_officers.role_admin")
translate("console_officers", "active", "console_officers.state_active")
translate(
    "console_officers",
    "waiting for the first login (code valid until {expires})",
    "console_officers.state_waiting",
)
translate(
    "console_officers",
    "waiting for the first login: the code expired on {expires}",
    "console_officers.state_expired",
)
translate(
    "console_officers",
    "active: first login on {laptop}, {day} (the code is used up)",
    "console_officers.state_used",
)
translate("console_officers", "disabled", "console_officers.state_disabled")
translate("console_officers", "No officers yet: add the first one.", "console_officers.no_officers")
translate("console_officers", "Add officer", "console_officers.add_link")
translate("console_officers", "New code", "console_officers.new_code")
translate("console_officers", "New code for {username}", "console_officers.new_code_for")
translate("console_officers", "Disable", "console_officers.disable")
translate("console_officers", "Disable {username}", "console_officers.disable_for")
translate("console_officers", "Enable again", "console_officers.enable")
translate("console_officers", "Enable again {username}", "console_officers.enable_for")
translate(
    "console_officers",
    "As an operator you may add officers (recording officer, team lead, office operator),"
    " give a new code to an officer who is not an admin, and disable an officer. Enabling an "
    "officer again, an admin's code, and the office, the rules and the minimum version, are "
    "for an administrator.",
    "console_officers.operator_note",
)
translate(
    "console_officers",
    "The officer is disabled: each laptop refuses their login from its next sync.",
    "console_officers.result_disabled",
)
translate("console_officers", "Add an officer", "console_officers.add_title")
translate(
    "console_officers",
    "The officer gets a one-time code for the first login on a team laptop. It is shown "
    "once, on the next page.",
    "console_officers.add_intro",
)
translate("console_officers", "Username", "console_officers.label_username")
translate(
    "console_officers",
    "2 to 32 characters: lowercase letters, digits, '.', '_' or '-', starting with a "
    "letter. The officer logs in with it.",
    "console_officers.hint_username",
)
translate(
    "console_officers",
    "Full name, with titles, as letters print it",
    "console_officers.label_full_name",
)
translate("console_officers", "At most {max} characters.", "console_officers.hint_full_name")
translate("console_officers", "Role", "console_officers.label_role")
translate("console_officers", "NIP (optional)", "console_officers.label_nip")
translate("console_officers", "18 digits; spaces are allowed.", "console_officers.hint_nip")
translate("console_officers", "Rank/grade (optional)", "console_officers.label_rank")
translate(
    "console_officers",
    "For example Penata Muda, III/a. At most {max} characters.",
    "console_officers.hint_rank",
)
translate("console_officers", "Add the officer and make the code", "console_officers.add_button")
translate("console_officers", "Cancel", "console_officers.cancel")
translate(
    "console_officers",
    "Nothing was saved: correct the field marked below.",
    "console_officers.not_saved",
)
translate("console_officers", "First-login code for {username}", "console_officers.code_title")
translate(
    "console_officers",
    "Officer {username} ({name}) is added.",
    "console_officers.code_added",
)
translate(
    "console_officers",
    "A new code for {username}: the earlier one no longer works.",
    "console_officers.code_new",
)
translate("console_officers", "{username} is active again.", "console_officers.code_enabled")
translate("console_officers", "One-time code", "console_officers.code_label")
translate(
    "console_officers",
    "Valid until {expires}, for one first login only.",
    "console_officers.code_valid",
)
translate("console_officers", "What the officer does with it", "console_officers.code_steps")
translate(
    "console_officers",
    "Hand the code to {username} in person, or read it out over the phone. Do not send it"
    " to a group chat.",
    "console_officers.code_step_give",
)
translate(
    "console_officers",
    "The team laptop receives the officer with office package version {version} on its "
    "next sync, over the network or by USB stick.",
    "console_officers.code_step_sync",
)
translate(
    "console_officers",
    'On that laptop, open Pengaturan, choose "First login of a new officer…", pick the '
    "officer's name, type this code, then choose a password of their own.",
    "console_officers.code_step_login",
)
translate(
    "console_officers",
    "This code is shown only now and is kept nowhere. If it is lost, make a new one from "
    "the list of officers.",
    "console_officers.code_once",
)
translate("console_officers", "Back to the officers", "console_officers.back_to_list")
translate("console_officers", "Disable {username}?", "console_officers.disable_title")
translate(
    "console_officers",
    "{name} can no longer log in: each laptop refuses the login and removes the officer's"
    " key from its next sync. The records already made stay.",
    "console_officers.disable_text",
)
translate("console_officers", "Yes, disable {username}", "console_officers.disable_confirm")
translate("console_officers", "The office", "console_officers.office_title")
translate("console_officers", "Office code", "console_officers.label_office_code")
translate(
    "console_officers",
    "The 4-digit Kemendagri code of the regency or city, for example 3505.",
    "console_officers.hint_office_code",
)
translate("console_officers", "Office name", "console_officers.label_office_name")
translate(
    "console_officers",
    "As the console's header shows it, for example Disdukcapil Kabupaten Blitar.",
    "console_officers.hint_office_name",
)
translate(
    "console_officers",
    "A laptop enrolled under another office code refuses this office's package: change "
    "the code only before the laptops are in use.",
    "console_officers.office_warning",
)
translate("console_officers", "Time zone", "console_officers.label_time_zone")
translate(
    "console_officers",
    "Every day and time the console, its downloads and the commands show is on this "
    "clock (Beranda's today, the promise dates, the audit trail); times are kept in UTC.",
    "console_officers.hint_time_zone",
)
translate(
    "console_officers",
    "By the office code's province: {zone}",
    "console_officers.time_zone_province",
)
translate(
    "console_officers",
    "By the office code's province (no office code yet)",
    "console_officers.time_zone_no_code",
)
translate(
    "console_officers",
    "WIB (UTC+7): Sumatra, Java, West and Central Kalimantan",
    "console_officers.time_zone_WIB",
)
translate(
    "console_officers",
    "WITA (UTC+8): Bali, Nusa Tenggara, South, East and North Kalimantan, Sulawesi",
    "console_officers.time_zone_WITA",
)
translate("console_officers", "WIT (UTC+9): Maluku, Papua", "console_officers.time_zone_WIT")
translate("console_officers", "Save the office", "console_officers.save_office")
translate("console_officers", "The office's identity is saved.", "console_officers.result_office")
translate("console_officers", "Rules for the laptops", "console_officers.rules_title")
translate(
    "console_officers",
    "A field left empty is not changed. A rule the office has never set follows each "
    "laptop's own default, named under its field.",
    "console_officers.rules_intro",
)
translate(
    "console_officers",
    "Quality thresholds, on a scale of 0 to {max}",
    "console_officers.thresholds_legend",
)
translate("console_officers", "Face", "console_officers.modality_face")
translate("console_officers", "Fingerprint", "console_officers.modality_finger")
translate("console_officers", "Iris", "console_officers.modality_iris")
translate("console_officers", "Signature", "console_officers.modality_signature")
translate(
    "console_officers",
    "From 0 to {max} points; the laptop's default is {default}.",
    "console_officers.hint_threshold",
)
translate("console_officers", "points", "console_officers.unit_points")
translate("console_officers", "Attempts per capture", "console_officers.label_max_attempts")
translate("console_officers", "times", "console_officers.unit_times")
translate(
    "console_officers",
    "From 1 to {max} times; the laptop's default is {default}.",
    "console_officers.hint_max_attempts",
)
translate(
    "console_officers",
    "Stop new recording after this long without a sync",
    "console_officers.label_freeze_days",
)
translate("console_officers", "days", "console_officers.unit_days")
translate(
    "console_officers",
    "At least 1 day; the laptop's default is {default}.",
    "console_officers.hint_freeze_days",
)
translate(
    "console_officers",
    "Stop new recording when more records than this wait to be sent",
    "console_officers.label_freeze_max_waiting",
)
translate("console_officers", "records", "console_officers.unit_records")
translate(
    "console_officers",
    "At least 1 record; the laptop's default is {default}.",
    "console_officers.hint_freeze_max_waiting",
)
translate(
    "console_officers",
    "Lock the laptop when it is not used for",
    "console_officers.label_idle_lock_minutes",
)
translate("console_officers", "minutes", "console_officers.unit_minutes")
translate(
    "console_officers",
    "From {min} to {max} minutes; the laptop's default is {default}.",
    "console_officers.hint_idle_lock_minutes",
)
translate(
    "console_officers",
    "Hands-free capture and the countersign on the spot",
    "console_officers.switches_legend",
)
translate(
    "console_officers",
    "An office's \"off\" binds every laptop: its admin cannot turn it on. An office's"
    ' "on" may still be turned off on a laptop.',
    "console_officers.switches_note",
)
translate(
    "console_officers",
    "The ketua tim countersigns on the spot",
    "console_officers.label_cosign_on_spot",
)
translate(
    "console_officers",
    "After a capture kept below the threshold or an exception, the ketua tim present"
    " countersigns with the staff card and PIN, and the record does not wait for the"
    " review. The laptop's default is {default}.",
    "console_officers.hint_cosign_on_spot",
)
translate("console_officers", "Auto-capture (hands-free)", "console_officers.label_autocapture")
translate(
    "console_officers",
    "A capture step takes its capture by itself once the person holds still. The"
    " laptop's default is {default}.",
    "console_officers.hint_autocapture",
)
translate(
    "console_officers",
    "Auto-capture waits for the person to hold still for",
    "console_officers.label_autocapture_steady_s",
)
translate("console_officers", "seconds", "console_officers.unit_seconds")
translate(
    "console_officers",
    "From {min} to {max} seconds; once the office sets it, a laptop's admin cannot change"
    " it. The laptop's default is {default}.",
    "console_officers.hint_autocapture_steady_s",
)
translate("console_officers", "on", "console_officers.switch_on")
translate("console_officers", "off", "console_officers.switch_off")
translate(
    "console_officers",
    "not set: the laptop's own ({default})",
    "console_officers.switch_unset",
)
translate(
    "console_officers", "Choose one of the choices in the list.", "console_officers.not_a_choice"
)
translate(
    "console_officers",
    "Letterhead of the letters the laptops print",
    "console_officers.letterhead_legend",
)
translate(
    "console_officers",
    "A line left empty is not printed. Each line is at most {max} characters.",
    "console_officers.letterhead_note",
)
translate("console_officers", "Office address", "console_officers.label_address")
translate("console_officers", "Telephone and e-mail", "console_officers.label_contact")
translate("console_officers", "Name of the head of the office", "console_officers.label_head_name")
translate("console_officers", "Rank/grade of the head", "console_officers.label_head_rank")
translate("console_officers", "NIP of the head", "console_officers.label_head_nip")
translate("console_officers", "Letter number format", "console_officers.label_number_pattern")
translate(
    "console_officers",
    "Must contain {seq} (the running number); may also use {others}. The laptop's default"
    " is {default}.",
    "console_officers.hint_number_pattern",
)
translate(
    "console_officers",
    "Consent text read to each person",
    "console_officers.label_consent_text",
)
translate(
    "console_officers",
    "The petugas reads these words to the person (or their guardian) before recording."
    " At most {max} characters; line breaks are kept. Unlike the other fields, emptying"
    " this one brings back the laptops' own words, shown greyed in it.",
    "console_officers.hint_consent_text",
)
translate("console_officers", "the laptop's own words:", "console_officers.consent_default")
translate("console_officers", "Save the rules", "console_officers.save_rules")
translate(
    "console_officers",
    "The rules are saved: each laptop follows them from its next sync.",
    "console_officers.result_rules",
)
translate(
    "console_officers",
    "Only an administrator changes the office's identity, the rules and the minimum "
    "version. What is set now:",
    "console_officers.admin_only",
)
translate("console_officers", "the laptop's own ({default})", "console_officers.laptop_default")
translate("console_officers", "not set", "console_officers.not_set")
translate("console_officers", "Write a number here.", "console_officers.not_a_number")
translate("console_officers", "Minimum FieldKit version", "console_officers.min_version_title")
translate("console_officers", "Minimum FieldKit version", "console_officers.label_min_version")
translate(
    "console_officers",
    "For example 0.9.0. A laptop below it is marked on this page and asked to update.",
    "console_officers.hint_min_version",
)
translate("console_officers", "Minimum version now: {version}", "console_officers.min_version_now")
translate("console_officers", "No minimum version is set.", "console_officers.min_version_none")
translate("console_officers", "Save the minimum version", "console_officers.save_min_version")
translate(
    "console_officers",
    "The minimum version is saved: each laptop learns it on its next sync.",
    "console_officers.result_min_version",
)
translate("console_officers", "The update offered", "console_officers.offer_title")
translate(
    "console_officers",
    "FieldKit {version} is offered ({file}, {size} MB).",
    "console_officers.offer_now",
)
translate("console_officers", "No update is offered.", "console_officers.offer_none")
translate(
    "console_officers",
    "An installer signed for release is put on the server with this command, and taken "
    'back with "release withdraw"; the laptops fetch it from their next sync:',
    "console_officers.offer_how",
)
translate(
    "console_officers",
    "fieldkit-datacenter release offer INSTALLER --version VERSION --signature INSTALLER.sig",
    "console_officers.offer_command",
)
translate(
    "console_officers",
    "The package version each laptop applied",
    "console_officers.laptops_title",
)
translate(
    "console_officers",
    "Each enrolled laptop and the office package version it last reported applying",
    "console_officers.laptops_caption",
)
translate("console_officers", "Laptop", "console_officers.col_laptop")
translate("console_officers", "FieldKit", "console_officers.col_fieldkit")
translate("console_officers", "Package applied", "console_officers.col_applied")
translate("console_officers", "Up to date?", "console_officers.col_package_state")
translate("console_officers", "up to date", "console_officers.laptop_up_to_date")
translate(
    "console_officers",
    "behind: version {applied}, the office is at {now}",
    "console_officers.laptop_behind",
)
translate("console_officers", "no report yet", "console_officers.laptop_no_report")
translate("console_officers", "none", "console_officers.laptop_none")
translate("console_officers", "revoked", "console_officers.laptop_revoked")
translate("console_officers", "below the minimum version", "console_officers.below_minimum")
translate("console_officers", "No laptop is enrolled yet.", "console_officers.no_laptops")
translate(
    "console_officers",
    "A laptop reports the version it has applied at the start of each sync, before it "
    "receives the new package: a change shows here as applied from the laptop's following "
    "sync.",
    "console_officers.laptops_note",
)
