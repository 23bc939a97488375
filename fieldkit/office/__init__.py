"""The office steers its laptops (issue 38): the office package, first logins, health.

docs/sync-protocol.md §14 is the contract.  :mod:`fieldkit.office.package` reads a
verified package document into typed values, :mod:`fieldkit.office.apply` applies
it whole or not at all, :mod:`fieldkit.office.first_login` lets an officer the
office added set a password, and :mod:`fieldkit.office.health` writes the report
the laptop sends the data center.  What features lower down read (rule floors,
the already-recorded list) lives in :mod:`fieldkit.office_sent`.
"""

from __future__ import annotations

from fieldkit.office import sentences as sentences
from fieldkit.office.apply import (
    ApplySummary,
    Change,
    OfficePackageRefused,
    applied_version,
    apply_package,
    reconcile_keyring,
)
from fieldkit.office.first_login import (
    MAX_FAILURES,
    FirstLoginRefused,
    first_login,
    pending_officers,
)
from fieldkit.office.health import (
    ReleaseStatus,
    collect_health,
    package_private_key,
    package_public_key,
    release_status,
)
from fieldkit.office.package import OfficePackage, OfficePackageInvalid
from fieldkit.office.rules import already_recorded, office_rules

__all__ = [
    "MAX_FAILURES",
    "ApplySummary",
    "Change",
    "FirstLoginRefused",
    "OfficePackage",
    "OfficePackageInvalid",
    "OfficePackageRefused",
    "ReleaseStatus",
    "already_recorded",
    "applied_version",
    "apply_package",
    "collect_health",
    "first_login",
    "office_rules",
    "package_private_key",
    "package_public_key",
    "pending_officers",
    "reconcile_keyring",
    "release_status",
]
