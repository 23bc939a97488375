"""The sentences of the office's settings for its laptops (``sync.server.office``, issue 38).

Written once here, beside the codes ``sync.server.office`` and the ``officers``,
``office``, ``rules``, ``regions``, ``plan``, ``release``, ``package`` and ``laptops``
commands raise or print; docs/architecture.md, "How to add a sentence", says how.
"""

from __future__ import annotations

from fieldkit.sentences import translate

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
    "The plan's {field} must be one of: {choices}.",
    "datacenter_plan_choice_invalid",
)
translate("errors", "There is no plan request {request}.", "datacenter_request_unknown")
translate("errors", "There is no planned visit {visit}.", "datacenter_visit_unknown")
translate(
    "errors",
    "No single enrolled laptop is named {laptop} (a device id or a hostname).",
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
translate("cli", "Office settings are at version {version}.", "dc.office_version")
translate(
    "cli",
    "No office code is set, so no package is made: run fieldkit-datacenter office set CODE.",
    "dc.office_not_set",
)
translate("cli", "{count} regions imported.", "dc.regions_imported")
translate("cli", "{count} targets imported for visit {visit}.", "dc.targets_imported")
translate(
    "cli",
    "The target file was refused ({reason}); nothing was imported.",
    "dc.targets_refused",
)
translate("cli", "Row {row}: {code}", "dc.targets_row_error")
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
