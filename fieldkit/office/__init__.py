"""The office steers its laptops (issue 38): the office package, first logins, health.

docs/sync-protocol.md §14 is the contract.  :mod:`fieldkit.office.package` reads a
verified package document into typed values, :mod:`fieldkit.office.apply` applies
it whole or not at all, :mod:`fieldkit.office.newcomers` lets an officer the
office added set a password, and :mod:`fieldkit.office.health` writes the report
the laptop sends the data center.  What features lower down read (rule floors,
the already-recorded list) lives in :mod:`fieldkit.office_sent`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Only the sentences load with the package: the screens read them (``ui.core_sentences``)
# before the login window paints, and the rest pulls in the store and SQLAlchemy.
from fieldkit.office import sentences as sentences

if TYPE_CHECKING:
    from fieldkit.office.apply import (
        ApplySummary,
        Change,
        OfficePackageRefused,
        applied_version,
        apply_package,
        reconcile_keyring,
    )
    from fieldkit.office.health import (
        ReleaseStatus,
        collect_health,
        package_private_key,
        package_public_key,
        release_status,
    )
    from fieldkit.office.newcomers import (
        MAX_FAILURES,
        FirstLoginRefused,
        first_login,
        pending_officers,
    )
    from fieldkit.office.package import (
        OfficePackage,
        OfficePackageInvalid,
    )
    from fieldkit.office.rules import (
        already_recorded,
        office_rules,
    )

#: Where each public name lives; imported the first time it is asked for.
_HOMES = {
    "ApplySummary": "fieldkit.office.apply",
    "Change": "fieldkit.office.apply",
    "OfficePackageRefused": "fieldkit.office.apply",
    "applied_version": "fieldkit.office.apply",
    "apply_package": "fieldkit.office.apply",
    "reconcile_keyring": "fieldkit.office.apply",
    "MAX_FAILURES": "fieldkit.office.newcomers",
    "FirstLoginRefused": "fieldkit.office.newcomers",
    "first_login": "fieldkit.office.newcomers",
    "pending_officers": "fieldkit.office.newcomers",
    "ReleaseStatus": "fieldkit.office.health",
    "collect_health": "fieldkit.office.health",
    "package_private_key": "fieldkit.office.health",
    "package_public_key": "fieldkit.office.health",
    "release_status": "fieldkit.office.health",
    "OfficePackage": "fieldkit.office.package",
    "OfficePackageInvalid": "fieldkit.office.package",
    "already_recorded": "fieldkit.office.rules",
    "office_rules": "fieldkit.office.rules",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


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
