"""The office's settings row: its revision, identity, training mode, rules, minimum version.

:class:`OfficeCore` is what every part of :class:`~sync.server.office.steering.Office`
shares: the store, the hooks the console's audit hangs on, and ``version``, raised by
one in each change's own transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import regions
from fieldkit.errors import InvalidInput
from fieldkit.office.package import (
    Part,
)
from fieldkit.printable import printable
from fieldkit.safejson import canonical_json
from sync.protocol import parse_version
from sync.server.office.rules import RULE_FIELDS, check_rules, laptop_check
from sync.server.store.stamps import OfficeZone, parse_zone, zone_of_office
from sync.server.store.tables import office_settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore
log = logging.getLogger(__name__)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def check_zone(text: str) -> OfficeZone:
    """``WIB``, ``WITA`` or ``WIT`` (any case); else refused, naming what was given."""
    chosen = parse_zone(text)
    if chosen is None:
        raise InvalidInput(
            code="datacenter_time_zone_invalid", params={"zone": printable(text)[:20]}
        )
    return chosen


class OfficeCore:
    """The office's settings in the data center's store; each change one transaction."""

    def __init__(
        self,
        store: SqlStore,
        *,
        on_change: Callable[[Connection, str, int], None] | None = None,
        on_refused: Callable[[Connection, str, InvalidInput], None] | None = None,
    ) -> None:
        """Keep the store; ``on_change`` is called inside each change's own transaction.

        It gets the connection, what changed and the new package version: the console
        writes its audit line there, so a change and its line are stored together.
        ``on_refused`` gets a transaction of its own when :class:`AdminOfficerRefused`
        stops a change (whose own transaction is rolled back): the console's audit
        keeps the attempt too.
        """
        self.store = store
        self.on_change = on_change
        self.on_refused = on_refused

    def _bump(self, conn: Connection, what: str, **changes: Any) -> int:
        """Raise ``version`` by one (making the row at 0 first); log ``what``, no personal data."""
        now = utc_now()
        conn.execute(
            self.store.upsert(office_settings)
            .values(id=1, version=0, changed_at=now)
            .on_conflict_do_nothing(index_elements=[office_settings.c.id])
        )
        conn.execute(
            office_settings.update()
            .where(office_settings.c.id == 1)
            .values(version=office_settings.c.version + 1, changed_at=now, **changes)
        )
        version = int(
            conn.execute(
                sa.select(office_settings.c.version).where(office_settings.c.id == 1)
            ).scalar_one()
        )
        log.info("office settings version %d: %s", version, what)
        if self.on_change is not None:
            self.on_change(conn, what, version)
        return version

    def changed_in(self, conn: Connection, what: str) -> int:
        """Raise ``version`` in the caller's transaction, for a change stored beside it.

        The distribution schedule (``sync.server.cards.deliveries``) stores its deliveries in its
        own tables; a laptop must still receive them, so the package's version goes up
        with them.  The settings' row stays locked until that transaction ends.
        """
        return self._bump(conn, what)

    def settings(self) -> dict[str, Any]:
        """The office's settings in one read, for every page and command that shows them.

        version, office_code, office_name, rules (dict or None), min_version, training,
        time_zone (``WIB``/``WITA``/``WIT`` or None) and whether the office chose it.
        """
        with self.store.reading() as conn:
            row = conn.execute(sa.select(office_settings)).mappings().first()
        if row is None:
            return {
                "version": 0,
                "office_code": None,
                "office_name": None,
                "rules": None,
                "min_version": None,
                "training": False,
                "time_zone": None,
                "time_zone_chosen": False,
            }
        chosen = parse_zone(row["time_zone"]) if row["time_zone"] else None
        zone = chosen or zone_of_office(row["office_code"])
        return {
            "version": int(row["version"]),
            "office_code": row["office_code"],
            "office_name": row["office_name"],
            "rules": json.loads(row["rules"]) if row["rules"] else None,
            "min_version": row["min_version"],
            "training": bool(row["training"]),
            # WIB, WITA or WIT: the office's choice, else its code's province (issue 59 §9).
            "time_zone": zone.value if zone is not None else None,
            "time_zone_chosen": chosen is not None,
        }

    def training(self) -> bool:
        """Whether this data center is a training one (:meth:`set_training`)."""
        return bool(self.settings()["training"])

    def set_training(self, training: bool) -> int:
        """Run this data center as a training one, or as a real office again (issue 56.2).

        Only a training data center prints a record whose prints came from a simulator
        (``sync.server.cards.prints.mark_printed``): on a real office such a card would carry
        synthetic fingerprints.  Changed only on purpose, audited, and shown on Beranda.
        """
        with self.store.writing() as conn:
            what = "training data center" if training else "real office (not training)"
            return self._bump(conn, what, training=training)

    def set_office(self, code: str, name: str | None = None) -> int:
        code = regions.check_office_code(code)
        laptop_check(Part.OFFICE_CODE, code)
        changes: dict[str, Any] = {"office_code": code}
        if name is not None:
            changes["office_name"] = " ".join(name.split()) or None
        with self.store.writing() as conn:
            return self._bump(conn, f"office code set to {code}", **changes)

    def set_time_zone(self, zone: str) -> int:
        """The office's clock: ``WIB``, ``WITA`` or ``WIT`` (issue 59 §9).

        Every "today" the data center counts and every time it shows is on this clock;
        times stay stored in UTC.  Until set, the office code's province decides.
        """
        chosen = check_zone(zone)
        with self.store.writing() as conn:
            return self._bump(conn, f"time zone set to {chosen.value}", time_zone=chosen.value)

    def set_rules(self, **given: Any) -> dict[str, Any]:
        """Merge the rules given (checked) into the office's; returns them all."""
        checked = check_rules(**given)
        if not checked:
            raise InvalidInput(code="datacenter_rules_nothing")
        with self.store.writing() as conn:
            # Read, merge, write, with the row held until the commit (:meth:`_serialise`), or
            # a second save at the same moment merges into what it read before the first
            # committed and drops that rule.  Locking the row alone was not enough: on a
            # data center whose settings row did not exist yet, ``FOR UPDATE`` found
            # nothing to lock, both saves merged into no rules, and the second's write
            # dropped the first's consent text (PostgreSQL, seen in a test run).
            self._serialise(conn)
            current = conn.execute(
                sa.select(office_settings.c.rules).where(office_settings.c.id == 1)
            ).scalar()
            rules: dict[str, Any] = dict.fromkeys(RULE_FIELDS)
            if current:
                rules.update(json.loads(current))
            if "thresholds" in checked and rules.get("thresholds"):
                checked["thresholds"] = {**rules["thresholds"], **checked["thresholds"]}
            rules.update(checked)
            laptop_check(Part.RULES, rules)  # merged: what every package will carry
            self._bump(
                conn,
                "rules changed: " + ", ".join(sorted(checked)),
                rules=canonical_json(rules).decode(),
            )
        return rules

    def set_min_version(self, version: str) -> int:
        version = version.strip()
        if parse_version(version) is None:
            raise InvalidInput(code="datacenter_version_invalid", params={"version": version})
        laptop_check(Part.RELEASE, {"min_version": version, "offered_version": None})
        with self.store.writing() as conn:
            return self._bump(conn, f"minimum FieldKit version {version}", min_version=version)

    def _serialise(self, conn: Connection) -> None:
        """Hold the settings row until the commit: two such changes run one after the other.

        The row is made first if missing (``INSERT ... ON CONFLICT DO NOTHING`` waits for
        a concurrent insert of it to commit), then locked (PostgreSQL ``FOR UPDATE``;
        SQLite's one writer already serialises from that first write on).
        """
        conn.execute(
            self.store.upsert(office_settings)
            .values(id=1, version=0, changed_at=utc_now())
            .on_conflict_do_nothing(index_elements=[office_settings.c.id])
        )
        conn.execute(
            sa.select(office_settings.c.id).where(office_settings.c.id == 1).with_for_update()
        )
