"""The office's settings for its laptops and the office package made from them (§14).

The office keeps here its identity, officers, rules, region table, plan and minimum
FieldKit version.  Every change raises the settings revision ``version`` by one in
its own transaction, and is logged without personal data.  A laptop's package is
built from them in memory (target lists opened from their seal only then), signed
with the receipt key and sealed to the laptop's package key (``sync.office_package``).

:class:`Office` is made of its parts, one module each: the settings row and its revision
(``core``), the officers (``officer_book``), the calendar (``calendar``), the plan
(``plan``) and the laptops' health (``health``); this module joins them and builds the
package.  The checks they share live beside them (``rules``, ``codes``, ``recorded``).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import time
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import recorded_list
from fieldkit.errors import InvalidInput
from fieldkit.office.package import (
    FORMAT,
    FORMAT_VERSION,
    OfficePackage,
    OfficePackageInvalid,
)
from fieldkit.safejson import canonical_json
from sync.office_package import MAX_PACKAGE_BYTES, seal_package, sign_package
from sync.server.accounts.trail import write_audit
from sync.server.office.calendar import OfficeCalendar
from sync.server.office.core import utc_now
from sync.server.office.delivery_book import package_deliveries, package_printed_cards
from sync.server.office.health import OfficeHealth
from sync.server.office.officer_book import OfficerBook
from sync.server.office.plan import OfficePlan
from sync.server.office.recorded import recorded_key
from sync.server.office.releases import current_offer
from sync.server.store.tables import laptop_health, recorded_niks

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from sync.server.keys import DataCenterKeys
    from sync.server.store.database import SqlStore
log = logging.getLogger(__name__)


#: The largest sealed package the data center builds: half the laptop's cap
#: (``MAX_PACKAGE_BYTES``), so a list that grows between two builds never reaches it.
PACKAGE_BUDGET_BYTES = MAX_PACKAGE_BYTES // 2


class Office(OfficerBook, OfficeCalendar, OfficePlan, OfficeHealth):
    """The office's settings in the data center's store; each change one transaction."""

    def record_nik(self, mac: str, recorded_on: str) -> None:
        """Keep a recorded NIK's MAC with the earliest date it was accepted."""
        with self.store.writing() as conn:
            conn.execute(
                self.store.upsert(recorded_niks)
                .values(mac=mac, recorded_on=recorded_on)
                .on_conflict_do_update(
                    index_elements=[recorded_niks.c.mac],
                    set_={"recorded_on": recorded_on},
                    where=recorded_niks.c.recorded_on > recorded_on,
                )
            )

    def recorded_packed(self) -> tuple[bytes, int]:
        """The compact already-recorded list (``fieldkit.recorded_list``) and its length."""
        with self.store.reading() as conn:
            rows = conn.execute(sa.select(recorded_niks.c.mac, recorded_niks.c.recorded_on))
            blob = recorded_list.pack(
                (recorded_list.digest_of_mac(mac), dt.date.fromisoformat(day)) for mac, day in rows
            )
        return blob, len(blob) // recorded_list.RECORD_BYTES

    def recorded(self) -> list[dict[str, str]]:
        with self.store.reading() as conn:
            rows = conn.execute(sa.select(recorded_niks).order_by(recorded_niks.c.mac))
            return [{"mac": r.mac, "recorded_on": r.recorded_on} for r in rows]

    def document(
        self, device_id: str, keys: DataCenterKeys, *, issued_at: str | None = None
    ) -> dict[str, Any] | None:
        """The package document for a laptop, or None when the office has set no code."""
        settings = self.settings()
        if settings["office_code"] is None:
            return None
        plan = self.plan(device_id)
        visits = [
            {k: v for k, v in visit.items() if k not in {"laptop", "targets"}}
            for visit in plan["visits"]
        ]
        key = recorded_key(keys)
        listed, count = self.recorded_packed()
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "office_code": settings["office_code"],
            "device_id": device_id,
            "version": settings["version"],
            "issued_at": issued_at or utc_now(),
            "officers": self.officers(),
            "rules": settings["rules"],
            "regions": self.regions(),
            "plan": {
                "requests": plan["requests"],
                "visits": visits,
                "targets": self._targets([v["id"] for v in visits], keys),
            },
            "recorded": {
                "key": base64.b64encode(key).decode("ascii"),
                "scheme": recorded_list.SCHEME,
                "count": count,
                "entries": base64.b64encode(listed).decode("ascii"),
            },
            # The installer offered now (``sync.server.office.releases``), beside the keys' folder.
            "release": {
                "min_version": settings["min_version"],
                "offered_version": _offered_version(keys),
            },
            "holidays": self.package_holidays(),
            # The cards this laptop's team takes to a desa (issue 49 §2, optional to read).
            "deliveries": package_deliveries(self.store, device_id, desa_names=self.desa_names),
            # Every card printed for its records and not yet handed over (issue 56.1).
            "printed_cards": package_printed_cards(self.store, device_id),
        }

    def package_key(self, device_id: str) -> bytes | None:
        with self.store.reading() as conn:
            text = conn.execute(
                sa.select(laptop_health.c.package_key).where(laptop_health.c.device_id == device_id)
            ).scalar()
        return base64.b64decode(text) if text else None

    def sealed_package(self, device_id: str, keys: DataCenterKeys) -> dict[str, Any] | None:
        """The sealed package for a laptop (§14.2), or None: no office code, or no package key."""
        public = self.package_key(device_id)
        if public is None:
            return None
        document = self.document(device_id, keys)
        if document is None:
            return None
        check_package(document)
        signed = sign_package(document, keys.receipt_key)
        sealed = seal_package(document, signed, public)
        check_budget(document, sealed)
        return sealed


def check_package(document: dict[str, Any]) -> None:
    """The whole document read by the laptop's reader: what it would refuse is never sent.

    Each change was checked when it was stored (:func:`laptop_check`); this also
    catches what was stored before those checks, or what came from elsewhere (the
    offered release).  The refusal is the laptop's, naming the field.
    """
    try:
        OfficePackage.from_document(document)
    except OfficePackageInvalid as refused:
        field = refused.params.get("field")
        device = document.get("device_id")
        log.error("office package for %s refused by the laptop's checks: %s", device, field)  # noqa: TRY400 - a refusal, not a crash
        raise InvalidInput(code="package_malformed", params=refused.params) from None


def check_budget(document: dict[str, Any], sealed: dict[str, Any]) -> None:
    """Refuse a sealed package over :data:`PACKAGE_BUDGET_BYTES`, saying what fills it."""
    size = len(canonical_json(sealed))
    if size <= PACKAGE_BUDGET_BYTES:
        return
    mib = 1024 * 1024
    log.error(
        "office package for %s: %d bytes, over the %d-byte budget",
        document["device_id"],
        size,
        PACKAGE_BUDGET_BYTES,
    )
    raise InvalidInput(
        code="datacenter_package_too_large",
        params={
            "device": document["device_id"],
            "size": f"{size / mib:.1f}",
            "budget": f"{PACKAGE_BUDGET_BYTES // mib}",
            "cap": f"{MAX_PACKAGE_BYTES // mib}",
            "recorded": document["recorded"]["count"],
            "targets": len(document["plan"]["targets"]),
        },
    )


def _offered_version(keys: DataCenterKeys) -> str | None:
    """The version ``release offer`` put up for the laptops, if any (DATA/releases)."""
    offer = current_offer(keys.directory.parent)
    return offer.version if offer is not None else None


def audited_office(store: SqlStore, *, actor: str, action: str, subject: str) -> Office:
    """An :class:`Office` whose every change also writes its ``console_audit`` line.

    The console's changes (``console.officers``) and the CLI's audited ones
    (``holidays import``, with :meth:`Actor.shell`'s name) are made through it.

    Office calls ``on_change`` inside each change's own transaction; the audit line joins
    it there, so no change is stored without its line and no line names a change that
    was rolled back.  A change refused to this account's role is written too, as
    ``<action>_refused`` (its own transaction: the change itself is not stored).
    """

    def audit(conn: Connection, what: str, version: int) -> None:
        write_audit(
            conn,
            time.time(),
            actor=actor,
            action=action,
            account=subject[:32],
            detail=f"{what}; office package version {version}",
        )

    def refused(conn: Connection, what: str, error: InvalidInput) -> None:
        write_audit(
            conn,
            time.time(),
            actor=actor,
            action=f"{action}_refused",
            account=subject[:32],
            detail=f"refused: {what} ({error.code})",
        )

    return Office(store, on_change=audit, on_refused=refused)
