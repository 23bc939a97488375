"""The laptop's side of §14.1: its package key, its health report, the minimum version."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import shutil
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit import office_sent
from fieldkit._version import __version__
from fieldkit.enrollment import freeze
from fieldkit.office.newcomers import CODE_DETAIL, FIRST_LOGIN_ACTION
from fieldkit.planning.models import SarprasItem
from fieldkit.records import states
from fieldkit.store.models import AuditEvent, Setting

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

HEALTH_VERSION = 1
_MAX_TEXT = 200
#: The latest first logins a report lists (the data center reads at most as many).
MAX_FIRST_LOGINS = 32


# --- the package key --------------------------------------------------------------


def package_private_key(ws: Workspace) -> bytes:
    """The laptop's X25519 package key (raw 32 bytes), made and stored on first use."""
    with ws.transaction() as session:
        row = session.get(Setting, office_sent.PACKAGE_KEY_KEY)
        if row is None:
            raw = x25519.X25519PrivateKey.generate().private_bytes_raw()
            session.add(
                Setting(key=office_sent.PACKAGE_KEY_KEY, value=base64.b64encode(raw).decode())
            )
            return raw
        return base64.b64decode(row.value)


def package_public_key(ws: Workspace) -> bytes:
    """The public half (raw 32 bytes) the health report carries."""
    private = x25519.X25519PrivateKey.from_private_bytes(package_private_key(ws))
    return private.public_key().public_bytes_raw()


# --- the minimum version ------------------------------------------------------------


@dataclass(frozen=True)
class ReleaseStatus:
    min_version: str | None
    current: str
    below: bool  # this FieldKit is older than the office's minimum

    def as_json(self) -> dict[str, object]:
        return {"min_version": self.min_version, "current": self.current, "below": self.below}


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(
        int(part)
        for part in re.findall(r"\d+", text.split("+", maxsplit=1)[0].split("-", maxsplit=1)[0])
    )


def release_status(ws: Workspace, current: str = __version__) -> ReleaseStatus:
    with ws.transaction() as session:
        row = session.get(Setting, office_sent.MIN_VERSION_KEY)
    minimum = row.value if row is not None else None
    below = minimum is not None and _version_tuple(current) < _version_tuple(minimum)
    return ReleaseStatus(minimum, current, below)


# --- the health report ----------------------------------------------------------------


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def collect_health(
    ws: Workspace, *, hostname: str | None = None, now: dt.datetime | None = None
) -> dict[str, object]:
    """The ``LaptopHealth`` body of docs/sync-protocol.md §14.1, exactly its keys."""
    now = now or dt.datetime.now(dt.UTC)
    public = package_public_key(ws)
    with ws.transaction() as session:
        version_row = session.get(Setting, office_sent.VERSION_KEY)
        conflicts_row = session.get(Setting, office_sent.OFFICER_CONFLICTS_KEY)
        waiting = states.pending(session)
        unsent = states.undelivered_count(session)
        status = freeze.freeze_status(session, now)
        devices = _devices(session)
        first_logins = _first_logins(session)
    oldest = min((info.sealed_at for info in waiting), default=None)
    verified = ws.verify_audit()
    return {
        "version": HEALTH_VERSION,
        "reported_at": _iso(now),
        "hostname": (hostname or socket.gethostname() or "unknown")[:_MAX_TEXT],
        "fieldkit_version": __version__,
        "package_key": base64.b64encode(public).decode("ascii"),
        "package_version": int(version_row.value) if version_row is not None else 0,
        "last_sync_at": _iso(status.last_sync_at),
        "unsent_records": unsent,
        "oldest_unsent_at": _iso(oldest),
        "free_disk_bytes": shutil.disk_usage(ws.directory).free,
        "devices": devices,
        "audit": {"ok": verified.ok, "events": verified.events},
        "frozen": status.frozen,
        "freeze_reasons": [reason.code for reason in status.reasons],
        # The applied package's officers' entries this laptop did not apply (issue 46):
        # the office sees them on its Laptop page instead of believing they were.
        "officer_conflicts": json.loads(conflicts_row.value) if conflicts_row is not None else [],
        # The first logins made here, each with the office's code it used (issue 56.4): the
        # office then drops that code from every laptop's package.
        "first_logins": first_logins,
    }


def _first_logins(session: sa.orm.Session) -> list[dict[str, str]]:
    """The latest first logins on this laptop: who, with which code (its salt), when."""
    rows = session.execute(
        sa.select(AuditEvent.record_id, AuditEvent.details, AuditEvent.occurred_at)
        .where(AuditEvent.action == FIRST_LOGIN_ACTION)
        .order_by(AuditEvent.seq.desc())
        .limit(MAX_FIRST_LOGINS)
    ).all()
    found = []
    for username, details, occurred_at in rows:
        code = json.loads(details or "{}").get(CODE_DETAIL)
        if username and isinstance(code, str):  # a first login from before issue 56.4 has none
            found.append({"username": username, "code": code, "at": occurred_at})
    return found


def _devices(session: sa.orm.Session) -> list[dict[str, object]]:
    """Each device kind's last sarpras self-test (the newest row per kind)."""
    rows = session.execute(
        sa.select(SarprasItem)
        .where(SarprasItem.self_test_ok.is_not(None), SarprasItem.modality.is_not(None))
        .order_by(SarprasItem.checked_at.desc())
    ).scalars()
    seen: dict[str, dict[str, object]] = {}
    for row in rows:
        kind = str(row.modality)
        if kind in seen:
            continue
        seen[kind] = {
            "kind": kind,
            "backend": row.self_test_backend,
            "ok": bool(row.self_test_ok),
            "tested_at": _iso(row.checked_at),
        }
    return [seen[kind] for kind in sorted(seen)]
