"""Each enrolled laptop as the office sees it: what it last reported and what needs a look.

Read by ``fieldkit-datacenter laptops list`` and by the console's Laptop page, so both
flag the same laptops for the same reasons (docs/sync-protocol.md §14.1).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from fieldkit.printable import printable
from sync.protocol import parse_version
from sync.server.office.laptop_labels import labels, shown_name
from sync.server.store.stamps import parse_stamp

if TYPE_CHECKING:
    from sync.server.office.steering import Office

#: Days without a sign of a laptop, or an unsent record's age, before it is flagged.
STALE_DAYS = 7


def _days_since(stamp: str | None, now: dt.datetime) -> float | None:
    when = parse_stamp(stamp)
    return None if when is None else (now - when).total_seconds() / 86400


def laptop_rows(office: Office, stale_days: int) -> list[dict[str, Any]]:
    """One row per enrolled laptop: what it last reported and what needs a look."""
    now = dt.datetime.now(dt.UTC)
    settings = office.settings()
    minimum = parse_version(settings["min_version"]) if settings["min_version"] else None
    health = office.health()
    # The data center's own findings on a laptop's audit log, until the office acknowledges.
    findings = office.store.devices_with_findings()
    # Counted by the database, a seek per laptop: never every record into Python (issue 46).
    last_record = office.store.last_received()
    named = labels(office.store)
    rows = []
    for device in office.store.devices():
        report = health.get(device.device_id, {})
        seen = max(
            (s for s in (report.get("received_at"), last_record.get(device.device_id)) if s),
            default=None,
        )
        package_version = report.get("package_version")
        behind = settings["office_code"] is not None and (
            package_version is None or package_version < settings["version"]
        )
        version = report.get("fieldkit_version") or device.info.get("app_version")
        parsed = parse_version(version) if version else None
        flags = []
        seen_days = _days_since(seen, now)
        if seen is None:
            flags.append("never_reported")  # enrolled, then neither a report nor a record
        elif seen_days is None or seen_days > stale_days:
            flags.append("not_seen")
        oldest_days = _days_since(report.get("oldest_unsent_at"), now)
        if oldest_days is not None and oldest_days > stale_days:
            flags.append("old_records")
        if behind and report:
            flags.append("behind")
        if minimum is not None and parsed is not None and parsed < minimum:
            flags.append("below_min_version")
        if device.device_id in findings:
            flags.append("audit_findings")
        # The office's officers' entries the laptop did not apply (its own account by that
        # name, or its last admin): the office's list and the laptop differ (issue 46).
        conflicts = report.get("officer_conflicts") or []
        if conflicts:
            flags.append("officer_conflicts")
        audit = report.get("audit")
        hostname = report.get("hostname") or device.info.get("hostname")
        rows.append(
            {
                "device_id": device.device_id,
                "revoked": device.revoked_at is not None,
                # Written visibly (issue 57 §12); an empty or missing one stays as it was.
                "hostname": printable(str(hostname)) if hostname else hostname,
                # The office's name for it (``laptops name``), else the hostname.
                "name": shown_name(named.get(device.device_id), hostname, device.device_id),
                "label": label.name if (label := named.get(device.device_id)) else None,
                "team": label.team if label else "",
                "fieldkit_version": version,
                "package_version": package_version,
                "office_version": settings["version"],
                "behind": behind,
                "last_seen_at": seen,
                "last_sync_at": report.get("last_sync_at"),
                "unsent_records": report.get("unsent_records"),
                "oldest_unsent_at": report.get("oldest_unsent_at"),
                "free_disk_bytes": report.get("free_disk_bytes"),
                "devices_failed": [d["kind"] for d in report.get("devices", []) if not d["ok"]],
                "audit_ok": audit.get("ok") if isinstance(audit, dict) else None,
                "frozen": report.get("frozen"),
                "officer_conflicts": conflicts,
                "flags": flags,
            }
        )
    return rows
