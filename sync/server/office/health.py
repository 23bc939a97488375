"""The laptops' health reports as the office keeps them, and naming one laptop.

A part of :class:`~sync.server.office.steering.Office`: each laptop's last report
(checked, never from the future), and :func:`device_for`, which finds a laptop by its
id, its hostname or the office's name for it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit.errors import InvalidInput
from fieldkit.safejson import canonical_json
from sync.server.office.core import OfficeCore
from sync.server.office.laptop_labels import labels
from sync.server.store.stamps import parse_stamp
from sync.server.store.tables import laptop_health

if TYPE_CHECKING:
    from sync.server.store.database import SqlStore
log = logging.getLogger(__name__)


#: A kept health report's time this far ahead of the data center's clock cannot be true.
HEALTH_FUTURE = dt.timedelta(days=1)


@dataclass(frozen=True)
class HealthKept:
    """What :meth:`Office.store_health` did with a report.

    ``why``: ``stored``; ``same`` (this very report is kept already: nothing written);
    ``older`` (signed before the one kept: refused, ``kept_at`` says when that was);
    ``too_soon`` (another was kept less than the limit ago: ``retry_after_s``).
    """

    why: str
    kept_at: str | None = None
    retry_after_s: int = 0


def health_refusal(
    kept: tuple[str, str], report: str, now: dt.datetime, every_s: float
) -> HealthKept | None:
    """Why ``report`` (canonical JSON) does not replace the one kept; None when it does.

    ``kept``: the kept report (canonical JSON) and when it arrived.
    """
    kept_report, received_at = kept
    if report == kept_report:
        return HealthKept("same")
    kept_at = json.loads(kept_report).get("reported_at")
    kept_time, signed = parse_stamp(kept_at), parse_stamp(json.loads(report)["reported_at"])
    # A kept time from the future is not believed: it holds no later report back.
    believed = kept_time is not None and kept_time <= now + HEALTH_FUTURE
    if believed and signed is not None and kept_time is not None and signed < kept_time:
        return HealthKept("older", kept_at=kept_at)
    arrived = parse_stamp(received_at)
    if every_s > 0 and arrived is not None:
        wait = every_s - (now - arrived).total_seconds()
        if wait > 0:
            return HealthKept("too_soon", retry_after_s=max(1, math.ceil(wait)))
    return None


class OfficeHealth(OfficeCore):
    """The laptops' health reports: kept one per laptop, read for the fleet and the package."""

    def store_health(
        self, device_id: str, report: dict[str, Any], *, via: str, every_s: float = 0
    ) -> HealthKept:
        """Keep a laptop's health report if it is newer than the one kept (and not too soon).

        Newer by the time the laptop signed in it (``reported_at``), not by when it
        arrived: Monday's stick imported after Tuesday's would otherwise put Monday's
        unsent records and a fresh "last seen" back (issue 46).  The very report kept
        already (a re-imported stick, a retried request) is answered as kept, and nothing
        is written.  A kept time more than a day ahead of this clock cannot be true (a laptop
        whose clock was wrong, since put right) and holds nothing back.

        ``every_s``: at most one report of a laptop kept per that many seconds (the
        network's limit; a stick's reports are the operator's to import).  Read and
        written under the device's lock, so two at once decide one after the other.
        """
        now = dt.datetime.now(dt.UTC)
        values = {
            "package_key": report["package_key"],
            "report": canonical_json(report).decode(),
            "via": via,
            "received_at": now.replace(microsecond=0).isoformat(),
        }
        with self.store.writing_alone(device_id) as conn:
            kept = conn.execute(
                sa.select(laptop_health.c.report, laptop_health.c.received_at).where(
                    laptop_health.c.device_id == device_id
                )
            ).first()
            if kept is not None:
                refusal = health_refusal(
                    (kept.report, kept.received_at), values["report"], now, every_s
                )
                if refusal is not None:
                    log.info("health report of %s (%s) not kept: %s", device_id, via, refusal.why)
                    return refusal
            conn.execute(
                self.store.upsert(laptop_health)
                .values(device_id=device_id, **values)
                .on_conflict_do_update(index_elements=[laptop_health.c.device_id], set_=values)
            )
        log.info("stored the health report of %s (%s)", device_id, via)
        return HealthKept("stored")

    def health(self) -> dict[str, dict[str, Any]]:
        """Each laptop's last report, with ``received_at`` and ``via``."""
        with self.store.reading() as conn:
            return {
                r.device_id: {
                    **json.loads(r.report),
                    "received_at": r.received_at,
                    "via": r.via,
                }
                for r in conn.execute(sa.select(laptop_health))
            }


def device_for(store: SqlStore, laptop: str) -> str:
    """The one laptop ``laptop`` names: a device id, a hostname, or the office's name for it.

    The hostname is enrollment's or the laptop's last health report's; the office's name
    is ``laptops name``'s.  Refused unless exactly one enrolled laptop answers.
    """
    matches: list[str] = []
    health_names = {
        device: str(report.get("hostname"))
        for device, report in OfficeHealth(store).health().items()
    }
    named = labels(store)
    for device in store.devices():
        if device.revoked_at is not None:
            continue
        label = named.get(device.device_id)
        names = {device.device_id, device.info.get("hostname"), health_names.get(device.device_id)}
        if label is not None:
            names.add(label.name)
        if laptop in names:
            matches.append(device.device_id)
    if len(matches) != 1:
        raise InvalidInput(code="datacenter_laptop_unknown", params={"laptop": laptop})
    return matches[0]
