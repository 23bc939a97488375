"""The office's sentences: its settings, officers, rules, plan, holidays, laptops, releases.

``fieldkit-datacenter``'s lines ("cli", ``dc.*``) and refusals ("errors") of this room.
Each ``translate(context, English, code)`` is written once, here, in the room that raises
or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
:mod:`sync.server` imports every room's sentences, so all are registered together.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

# --- the office steering its laptops (sync.server.office.steering, issue 38) ---------------
# --- refusals --------------------------------------------------------------------
translate(
    "errors",
    "The letterhead file must be a JSON object with only these fields, each text of at most "
    "200 characters or null: {fields}.",
    "datacenter_letterhead_invalid",
)
translate(
    "errors",
    "There is no quality check named {modality}; the checks are: {choices}.",
    "datacenter_modality_unknown",
)
translate("errors", "No rule was given; nothing was changed.", "datacenter_rules_nothing")
translate(
    "errors",
    "The consent text has {length} characters; it may have at most {max}. Shorten it; "
    "nothing was changed.",
    "datacenter_consent_text_too_long",
)
translate(
    "errors",
    "The consent text holds a character a laptop cannot show ({codepoint}, character "
    "{position}): an invisible or control character, often pasted from another "
    "document. Remove it (or type the text again); nothing was changed.",
    "datacenter_consent_text_character",
)
translate(
    "errors",
    "{file} cannot be read as a UTF-8 text file of at most {max} bytes; nothing was changed.",
    "datacenter_consent_text_file",
)
translate(
    "errors",
    "{version} is not a FieldKit version like 0.9.0.",
    "datacenter_version_invalid",
)
translate("errors", "An officer named {username} already exists.", "datacenter_officer_exists")
translate(
    "errors",
    "Officer {username} has already logged in; a first-login code is only for an officer "
    "who has not.",
    "datacenter_officer_logged_in",
)
translate("errors", "Officer {username} is disabled.", "datacenter_officer_disabled")
translate(
    "errors",
    "Only an administrator may do this for {username}: an officer with the admin role, whose "
    "first-login code opens an administrator's account on the laptops.",
    "datacenter_officer_admin_only",
)
translate("errors", "Officer {username} is not disabled.", "datacenter_officer_active")
translate(
    "errors",
    "There is no active officer named {username}.",
    "datacenter_officer_unknown",
)
translate(
    "errors",
    "The region file {file} cannot be read as UTF-8 text.",
    "datacenter_regions_unreadable",
)
translate(
    "errors",
    "Row {row} of the region file is not a code and a name (code,name); nothing was imported.",
    "datacenter_regions_row_invalid",
)
translate(
    "errors",
    "The plan's {field} is missing or not valid; nothing was changed.",
    "datacenter_plan_field_invalid",
)
translate(
    "errors",
    "The office's region table has no desa yet, so {desa} cannot be found: import the "
    "kabupaten's desa list first (fieldkit-datacenter regions import FILE, code,name rows), "
    "or give the desa's 10-digit code with --desa-code.",
    "datacenter_desa_table_empty",
)
translate(
    "errors",
    "No desa of the office's region table has the code {desa}; nothing was changed.",
    "datacenter_desa_code_unknown",
)
translate(
    "errors",
    "No desa of the office's region table is called {desa}; nothing was changed. Check the "
    "name, or import the kabupaten's desa list (fieldkit-datacenter regions import FILE).",
    "datacenter_desa_unknown",
)
translate(
    "errors",
    "No desa of the office's region table is called {desa}; nothing was changed. Did you "
    "mean: {choices}?",
    "datacenter_desa_unknown_close",
)
translate(
    "errors",
    "More than one desa is called {desa}: {choices}. Give the one you mean by its code; "
    "nothing was changed.",
    "datacenter_desa_ambiguous",
)
translate(
    "errors",
    "Give the desa with --desa NAME (from the office's region table), or with --desa-name "
    "and --kecamatan-code; nothing was changed.",
    "datacenter_desa_missing",
)
translate(
    "errors",
    "The office package for {device} would be {size} MiB, over the {budget} MiB budget "
    "(laptops refuse a package over {cap} MiB); nothing was written. It carries {recorded} "
    "already-recorded people and {targets} targets: give each visit to its laptop "
    "(plan visit add --laptop) so a package carries only that laptop's targets.",
    "datacenter_package_too_large",
)
translate(
    "errors",
    "The plan's {field} must be one of: {choices}.",
    "datacenter_plan_choice_invalid",
)
translate("errors", "There is no plan request {request}.", "datacenter_request_unknown")
translate("errors", "There is no planned visit {visit}.", "datacenter_visit_unknown")
translate(
    "errors",
    "No single enrolled laptop is named {laptop} (a device id, a hostname or the office's "
    "name for it).",
    "datacenter_laptop_unknown",
)
# --- the commands' lines -----------------------------------------------------------
translate(
    "cli",
    "Officer {username} added. First-login code (shown only now, valid until {expires}): {code}",
    "dc.officer_added",
)
translate(
    "cli",
    "New first-login code for {username} (shown only now, valid until {expires}): {code}",
    "dc.officer_code",
)
translate("cli", "Officer {username} disabled.", "dc.officer_disabled")
translate(
    "cli",
    "Officer {username} enabled again: each laptop waits for a first login with this code "
    "(shown only now, valid until {expires}): {code}",
    "dc.officer_enabled",
)
translate("cli", "Office settings are at version {version}.", "dc.office_version")
translate("cli", "The office's time zone: {zone}.", "dc.office_time_zone")
translate(
    "errors",
    'Time zone "{zone}" is not one of Indonesia\'s: give WIB, WITA or WIT.',
    "datacenter_time_zone_invalid",
)
translate(
    "errors",
    "Nothing to set: give the office's code (and --name), or --time-zone WIB, WITA or WIT.",
    "datacenter_office_set_nothing",
)
translate(
    "cli",
    "This is a training data center: records captured with a simulator may be printed, "
    "on training cards only.",
    "dc.office_training",
)
translate(
    "cli",
    "This is a real office's data center: a record captured with a simulator is never printed.",
    "dc.office_real",
)
translate(
    "cli",
    "No office code is set, so no package is made: run fieldkit-datacenter office set CODE.",
    "dc.office_not_set",
)
translate("cli", "{count} regions imported.", "dc.regions_imported")
translate("cli", "{year}: {days} days off, {state}, {origin}: {source}", "dc.holidays_year")
translate("cli", "complete", "dc.holidays_complete")
translate("cli", "NOT complete (import the year's SKB list)", "dc.holidays_partial")
translate("cli", "imported by the office", "dc.holidays_office")
translate("cli", "shipped with FieldKit", "dc.holidays_shipped")
translate("cli", "national holiday", "dc.holiday_libur_nasional")
translate("cli", "cuti bersama", "dc.holiday_cuti_bersama")
translate(
    "cli",
    "{year}: merged into the year's list: {added} added, {changed} changed, "
    "{kept} not in the file kept",
    "dc.holidays_merged",
)
translate(
    "cli",
    "{year}: the year's list replaced (--replace): {added} added, {changed} changed, "
    "{removed} removed",
    "dc.holidays_replaced",
)
translate("cli", "  added    {date}  {kind}  {name}", "dc.holidays_added")
translate(
    "cli",
    "  changed  {date}  {kind_before}  {name_before}  ->  {kind}  {name}",
    "dc.holidays_changed",
)
translate("cli", "  removed  {date}  {kind}  {name}", "dc.holidays_removed")
translate(
    "cli",
    "  {kept} days of {year} that the file does not list were kept. To make the file "
    "the year's whole list, import it again with --replace.",
    "dc.holidays_kept",
)
translate(
    "cli",
    "The target file was refused, nothing was imported: {reason}",
    "dc.targets_refused",
)
translate("cli", "{device}: {path} (version {version})", "dc.package_written")
translate(
    "cli",
    "{device}: no package (the laptop has not reported its package key yet)",
    "dc.package_no_key",
)
translate(
    "cli",
    "{path}: the health report was refused ({message})",
    "dc.health_refused",
)
translate(
    "errors",
    "No office code is set, so no package is made: run fieldkit-datacenter office set CODE.",
    "datacenter_office_not_set",
)
translate(
    "cli",
    "FieldKit {version} offered to the laptops: {file}, {size} bytes, sha256 {sha256}",
    "dc.release_offered",
)
translate(
    "cli",
    "FieldKit {version} is no longer offered.",
    "dc.release_withdrawn",
)
translate(
    "cli",
    "No FieldKit update was offered.",
    "dc.release_none",
)
translate(
    "errors",
    "The FieldKit {version} installer is not signed by a FieldKit release key, so it is not "
    "offered: every laptop would refuse it. Sign it with the release key "
    "(scripts/sign_release.py) and offer the .sig written for this very file.",
    "release_signature_invalid",
)
translate("cli", "{username} {role} {state} {waiting} {name}", "dc.officer_line")
translate("cli", "waiting for a first login", "dc.officer_waiting")
translate("cli", "active", "dc.officer_state.active")
translate("cli", "disabled", "dc.officer_state.disabled")
translate("cli", "first login on {laptop}", "dc.officer_first_login_on")
translate("cli", "{n} targets  {laptop}", "dc.plan_visit_targets")
translate("cli", "every laptop", "dc.every_laptop")
translate("errors", "A laptop's name cannot be empty; nothing was changed.", "laptop_name_empty")
translate(
    "errors",
    "A laptop's name may be at most {max} characters long; nothing was changed.",
    "laptop_name_too_long",
)
translate(
    "errors",
    "A laptop's name cannot hold control characters; nothing was changed.",
    "laptop_name_invalid",
)
translate(
    "errors",
    "A team's name may be at most {max} characters long; nothing was changed.",
    "laptop_team_too_long",
)
translate(
    "errors",
    "A team's name cannot hold control characters; nothing was changed.",
    "laptop_team_invalid",
)
translate(
    "errors",
    "Another laptop is already named {name}; choose another name. Nothing was changed.",
    "laptop_name_taken",
)
translate(
    "cli",
    "Laptop {device} is now named {name}{team}.",
    "dc.laptop_named",
)
translate("cli", ", team {team}", "dc.laptop_named_team")
translate(
    "cli",
    "DEVICE                   NAME               FIELDKIT  PKG LAST SEEN            UNSENT  FREE GB"
    "  FLAGS",
    "dc.laptops_header",
)
# --- issue 47, finding B3: the office code not set yet ---------------------------
translate(
    "cli",
    "Nothing of this reaches the laptops until the office code is set: without it the data "
    "center makes no office package (no officers, rules or plan). Run fieldkit-datacenter "
    "office set CODE --name NAME.",
    "dc.office_not_set_yet",
)
