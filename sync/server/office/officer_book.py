"""The office's officers: added, disabled, re-enabled, their first-login codes.

A part of :class:`~sync.server.office.steering.Office`; only an administrator may
change an administrator (:class:`AdminOfficerRefused`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Any, NoReturn

import sqlalchemy as sa

from fieldkit.errors import InvalidInput
from fieldkit.office.package import (
    Part,
)
from fieldkit.officers import Role as OfficerRole
from fieldkit.officers import (
    check_full_name,
    check_nip,
    check_rank,
    check_username,
    parse_role,
)
from fieldkit.safejson import canonical_json
from sync.server.accounts.roles import Actor, Role
from sync.server.office.codes import first_login, new_first_login_code
from sync.server.office.core import OfficeCore, utc_now
from sync.server.office.rules import laptop_check
from sync.server.store.tables import office_officers

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)


class AdminOfficerRefused(InvalidInput):
    """An admin-role officer's first login given by someone who is not an administrator.

    A first-login code for an officer whose role is admin makes whoever holds it the
    administrator of every laptop that takes the next package, so adding such an
    officer, giving one a new code and enabling one again are administrators' acts
    (the console's and the CLI's alike: :class:`Office` refuses them).
    """

    code = "datacenter_officer_admin_only"


class OfficerBook(OfficeCore):
    """The officers' part of the office: each change one transaction, as the settings'."""

    def add_officer(
        self,
        username: str,
        *,
        role: str,
        full_name: str,
        nip: str | None = None,
        rank: str | None = None,
        by: Actor,
    ) -> tuple[str, int]:
        """A new officer with a one-time first-login code; returns the code (shown once).

        An admin-role officer is added by an administrator only (:class:`AdminOfficerRefused`).
        """
        username = check_username(username)
        if parse_role(role) is OfficerRole.ADMIN and by.role is not Role.ADMIN:
            self._refuse(by, username, "added (admin)")
        values = {
            "username": username,
            "role": parse_role(role).value,
            "full_name": check_full_name(full_name),
            "nip": check_nip(nip) if nip else None,
            "rank": check_rank(rank) if rank else None,
            "state": "active",
        }
        code = new_first_login_code()
        now = dt.datetime.now(dt.UTC)
        stamp = now.replace(microsecond=0).isoformat()
        login_document = first_login(code, now)
        laptop_check(Part.OFFICER, {**values, "first_login": login_document})
        login = canonical_json(login_document).decode()
        with self.store.writing() as conn:
            exists = conn.execute(
                sa.select(office_officers.c.username).where(office_officers.c.username == username)
            ).first()
            if exists is not None:
                raise InvalidInput(code="datacenter_officer_exists", params={"username": username})
            conn.execute(
                office_officers.insert().values(
                    **values, first_login=login, created_at=stamp, changed_at=stamp
                )
            )
            version = self._bump(conn, f"officer {username} added ({values['role']})")
        return code, version

    def new_code(self, username: str, *, by: Actor) -> tuple[str, int]:
        """A new first-login code for an officer who has not logged in yet, or for another laptop.

        A code is used up by one first login (issue 56.4): an officer who needs another
        laptop gets a new code for it; the laptops where they logged in keep their account.
        For an admin-role officer, an administrator's act only (:class:`AdminOfficerRefused`).
        """

        def check(row: Any) -> None:
            if row["state"] != "active":
                raise InvalidInput(
                    code="datacenter_officer_disabled", params={"username": username}
                )
            if row["first_login"] is None and row["first_login_used_on"] is None:
                raise InvalidInput(
                    code="datacenter_officer_logged_in", params={"username": username}
                )

        return self._issue_code(username, check, "new first-login code", by=by)

    def enable_officer(self, username: str, *, by: Actor) -> tuple[str, int]:
        """A disabled officer active again, with a new first-login code (shown once).

        Each laptop dropped the officer's key slot when it applied the disable, so the
        officer comes back as a newcomer there: waiting for a first login with this code.
        For an admin-role officer, an administrator's act only (:class:`AdminOfficerRefused`).
        """

        def check(row: Any) -> None:
            if row["state"] != "disabled":
                raise InvalidInput(code="datacenter_officer_active", params={"username": username})

        return self._issue_code(username, check, "enabled again", by=by)

    def _issue_code(
        self, username: str, check: Callable[[Any], None], what: str, *, by: Actor
    ) -> tuple[str, int]:
        """Give ``username`` (active from now on) a new first-login code, once ``check`` passes.

        The role is checked before the code is hashed (a refused act costs no Argon2 work)
        and again where the code is written, in the change's own transaction.
        """
        with self.store.reading() as conn:
            refused = self._admin_only(self._officer(conn, username), by)
        version: int | None = None
        if not refused:
            code = new_first_login_code()
            now = dt.datetime.now(dt.UTC)
            login = canonical_json(first_login(code, now)).decode()
            with self.store.writing() as conn:
                row = self._officer(conn, username)
                if not self._admin_only(row, by):
                    check(row)
                    version = self._write_code(conn, row["username"], login, now, what)
        if version is None:  # an admin-role officer, and not an administrator acting
            self._refuse(by, username, f"{what} (admin)")
        return code, version

    @staticmethod
    def _admin_only(row: Any, by: Actor) -> bool:
        """Whether ``row`` is an admin-role officer and ``by`` not an administrator."""
        return bool(row["role"] == OfficerRole.ADMIN.value and by.role is not Role.ADMIN)

    def _write_code(
        self, conn: Connection, username: str, login: str, now: dt.datetime, what: str
    ) -> int:
        conn.execute(
            office_officers.update()
            .where(office_officers.c.username == username)
            .values(
                state="active",
                first_login=login,
                first_login_used_on=None,
                first_login_used_at=None,
                changed_at=now.replace(microsecond=0).isoformat(),
            )
        )
        return self._bump(conn, f"officer {username}: {what}")

    def _refuse(self, by: Actor, username: str, what: str) -> NoReturn:
        """Record a refused admin-role act (its own transaction), then refuse it.

        The change's own transaction, if any, is already rolled back: the attempt is
        kept, the change is not.  The log names the account, never a code.
        """
        refused = AdminOfficerRefused(params={"username": username.strip().lower()[:32]})
        log.warning(
            "office: refused officer %s: %s, by %s (administrators only)", username, what, by.name
        )
        if self.on_refused is not None:
            with self.store.writing() as conn:
                self.on_refused(conn, what, refused)
        raise refused

    def disable_officer(self, username: str) -> int:
        with self.store.writing() as conn:
            row = self._officer(conn, username)
            if row["state"] == "disabled":
                raise InvalidInput(
                    code="datacenter_officer_disabled", params={"username": username}
                )
            conn.execute(
                office_officers.update()
                .where(office_officers.c.username == row["username"])
                .values(state="disabled", first_login=None, changed_at=utc_now())
            )
            return self._bump(conn, f"officer {row['username']} disabled")

    def first_logins_reported(
        self, device_id: str, reported: Sequence[Mapping[str, Any]]
    ) -> list[str]:
        """A laptop's health report named first logins made there (issue 56.4).

        A first-login code is good for one first login on one laptop: each code reported
        used is dropped from every laptop's package (``first_login`` NULL), with where and
        when it was used, and any laptop still holding it refuses it from its next sync.
        The settings' version stays: nothing changed at the office, and the laptop that
        reported would otherwise be one version behind until its next sync; every laptop
        applies a newer copy of the same version all the same (sync-protocol §14).
        Only the code the office issued last counts (its salt): a report of a code the
        office has replaced since changes nothing.  The update is conditional on the code
        still being there, so two laptops reporting the same officer at once mark it once
        (the first).  Returns the officers marked now.
        """
        marked: list[str] = []
        if not reported:  # nearly every report: no write transaction for nothing
            return marked
        with self.store.writing() as conn:
            for entry in reported:
                row = (
                    conn.execute(
                        sa.select(office_officers.c.username, office_officers.c.first_login).where(
                            office_officers.c.username == str(entry["username"])
                        )
                    )
                    .mappings()
                    .first()
                )
                if row is None or row["first_login"] is None:
                    continue
                if json.loads(row["first_login"]).get("salt") != entry["code"]:
                    continue
                done = conn.execute(
                    office_officers.update()
                    .where(
                        office_officers.c.username == row["username"],
                        office_officers.c.first_login == row["first_login"],
                    )
                    .values(
                        first_login=None,
                        first_login_used_on=device_id,
                        first_login_used_at=str(entry["at"]),
                        changed_at=utc_now(),
                    )
                )
                if done.rowcount:
                    marked.append(str(row["username"]))
        for username in marked:
            log.info("office: %s's first-login code was used on %s", username, device_id)
        return marked

    def first_logins_used(self) -> dict[str, tuple[str, str]]:
        """Where and when each officer's last code was used: (device id, moment)."""
        with self.store.reading() as conn:
            rows = conn.execute(
                sa.select(
                    office_officers.c.username,
                    office_officers.c.first_login_used_on,
                    office_officers.c.first_login_used_at,
                ).where(office_officers.c.first_login_used_on.is_not(None))
            )
            return {str(r[0]): (str(r[1]), str(r[2] or "")) for r in rows}

    @staticmethod
    def _officer(conn: Connection, username: str) -> Any:
        row = (
            conn.execute(
                sa.select(office_officers).where(
                    office_officers.c.username == username.strip().lower()
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise InvalidInput(code="datacenter_officer_unknown", params={"username": username})
        return row

    def officers(self) -> list[dict[str, Any]]:
        """Every officer as the package carries them (``first_login`` the hash, if any)."""
        with self.store.reading() as conn:
            rows = conn.execute(
                sa.select(office_officers).order_by(office_officers.c.username)
            ).mappings()
            return [
                {
                    "username": r["username"],
                    "full_name": r["full_name"],
                    "role": r["role"],
                    "nip": r["nip"],
                    "rank": r["rank"],
                    "state": r["state"],
                    "first_login": json.loads(r["first_login"]) if r["first_login"] else None,
                }
                for r in rows
            ]
