"""Officer and staff-card administration: accounts, passwords, lockouts, cards.

These used to be methods of :class:`~fieldkit.workspace.Workspace`, which mixed
the unlocked session with the administration of who may unlock it.  They change
together (every one touches the keyring and audits the change) and apart from
the session, so they live here.  ``Accounts(ws)`` acts as the officer logged in
on ``ws``; the admin-only actions check the role.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag

from fieldkit import audit
from fieldkit.errors import AuthError, AuthReason, InvalidInput, StoreError
from fieldkit.events import OfficersChanged
from fieldkit.officers import (
    OfficerInfo,
    Role,
    check_full_name,
    check_new_password,
    check_nip,
    check_rank,
    check_username,
    require_role,
)
from fieldkit.permissions import ADMINISTRATORS
from fieldkit.store import keyring
from fieldkit.store.models import Officer

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sqlalchemy.orm import Session

    from fieldkit.store.keyring import KdfParams
    from fieldkit.workspace import Workspace


class Accounts:
    """The officers and staff cards of one laptop, administered by the officer on ``ws``."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def list_officers(self) -> list[OfficerInfo]:
        with self.ws.transaction() as session:
            rows = session.execute(sa.select(Officer).order_by(Officer.username)).scalars()
            return [OfficerInfo.from_row(row) for row in rows]

    def add_officer(
        self,
        username: str,
        full_name: str,
        role: Role,
        password: str,
        kdf: KdfParams | None = None,
        *,
        nip: str | None = None,
        rank: str | None = None,
    ) -> OfficerInfo:
        require_role(self.ws.officer, *ADMINISTRATORS)
        check_username(username)
        full_name = check_full_name(full_name)
        check_new_password(password)
        nip = check_nip(nip) if nip else None
        rank = check_rank(rank) if rank else None
        now = dt.datetime.now(dt.UTC)
        with new_slot(self.ws, username, password, kdf), self.ws.transaction() as session:
            session.add(
                Officer(
                    username=username,
                    full_name=full_name,
                    role=role.value,
                    active=True,
                    created_at=now,
                    nip=nip,
                    rank=rank,
                )
            )
            audit.append(
                session,
                self.ws.officer.username,
                "officer.created",
                username,
                {"role": role.value},
            )
        self.ws.events.emit(OfficersChanged())
        return OfficerInfo(
            username, full_name, role, active=True, created_at=now, nip=nip, rank=rank
        )

    def set_officer_details(
        self, username: str, *, nip: str | None = None, rank: str | None = None
    ) -> OfficerInfo:
        """Set an officer's NIP and pangkat/golongan (admin); ``""`` clears one, None keeps it."""
        require_role(self.ws.officer, *ADMINISTRATORS)
        new_nip = (check_nip(nip) if nip.strip() else None) if nip is not None else None
        new_rank = check_rank(rank) if rank is not None else None
        with self.ws.transaction() as session:
            row = _officer_row(session, username)
            if nip is not None:
                row.nip = new_nip
            if rank is not None:
                row.rank = new_rank
            audit.append(
                session,
                self.ws.officer.username,
                "officer.details_changed",
                username,
                {"nip": nip is not None, "rank": rank is not None},
            )
            info = OfficerInfo.from_row(row)
        self.ws.events.emit(OfficersChanged())
        return info

    def disable_officer(self, username: str) -> None:
        """Disable an account and rotate the store key, so its old slot opens nothing."""
        require_role(self.ws.officer, *ADMINISTRATORS)
        if username == self.ws.officer.username:
            raise InvalidInput(code="cannot_disable_self")
        with self.ws.transaction() as session:
            row = _officer_row(session, username)
            row.active = False
            row.disabled_at = dt.datetime.now(dt.UTC)
            audit.append(session, self.ws.officer.username, "officer.disabled", username)
        disable_slots(self.ws, [username], actor=self.ws.officer.username)
        self.ws.events.emit(OfficersChanged())

    def change_password(self, old_password: str, new_password: str) -> None:
        check_new_password(new_password)
        with keyring.exclusive(self.ws.directory):
            self.ws.reload_keyring()
            try:
                self.ws.keyring.change_password(
                    self.ws.officer.username, old_password, new_password
                )
            except InvalidTag:
                raise AuthError(
                    AuthReason.WRONG_PASSWORD, code="auth_wrong_current_password"
                ) from None
            keyring.save(self.ws.directory, self.ws.keyring)
        with self.ws.transaction() as session:
            audit.append(
                session,
                self.ws.officer.username,
                "officer.password_changed",
                self.ws.officer.username,
            )

    def bind_card(self, password: str, uid: bytes, login_secret: bytes) -> None:
        """Let the logged-in officer log in with this staff card from now on."""
        with keyring.exclusive(self.ws.directory):
            self.ws.reload_keyring()
            try:
                self.ws.keyring.bind_card(self.ws.officer.username, password, uid, login_secret)
            finally:
                keyring.save(self.ws.directory, self.ws.keyring)
        with self.ws.transaction() as session:
            audit.append(session, self.ws.officer.username, "officer.card_bound")

    def unbind_card(self, username: str) -> bool:
        """Forget an officer's staff card (their own, or anyone's for an admin)."""
        if username != self.ws.officer.username:
            require_role(self.ws.officer, *ADMINISTRATORS)
        with keyring.exclusive(self.ws.directory):
            self.ws.reload_keyring()
            bound = self.ws.keyring.unbind_card(username)
            keyring.save(self.ws.directory, self.ws.keyring)
        if bound:
            with self.ws.transaction() as session:
                audit.append(session, self.ws.officer.username, "officer.card_unbound", username)
        return bound

    def reset_password(
        self, username: str, new_password: str, kdf: KdfParams | None = None
    ) -> None:
        """An admin sets a new password for an officer who forgot theirs."""
        require_role(self.ws.officer, *ADMINISTRATORS)
        check_new_password(new_password)
        with self.ws.transaction() as session:
            row = _officer_row(session, username)
            if not row.active:
                raise InvalidInput(
                    code="officer_disabled",
                    params={"username": username},
                )
            audit.append(session, self.ws.officer.username, "officer.password_reset", username)
        with keyring.exclusive(self.ws.directory):
            self.ws.reload_keyring()
            self.ws.keyring.reset_password(username, new_password, self.ws.store.key, kdf)
            keyring.save(self.ws.directory, self.ws.keyring)

    def clear_lockout(self, username: str) -> None:
        require_role(self.ws.officer, *ADMINISTRATORS)
        with keyring.exclusive(self.ws.directory):
            self.ws.reload_keyring()
            self.ws.keyring.clear_lockout(username)
            keyring.save(self.ws.directory, self.ws.keyring)
        with self.ws.transaction() as session:
            audit.append(session, self.ws.officer.username, "officer.lockout_cleared", username)


@contextlib.contextmanager
def new_slot(
    ws: Workspace, username: str, password: str, kdf: KdfParams | None = None
) -> Iterator[None]:
    """Give ``username`` a keyring slot, then run the body (the officer row and its audit).

    The slot is saved first: a slot without an officer row opens nothing, whereas a
    row without a slot would be an account nobody can repair.  If the body fails the
    slot is taken away again.  The caller checks who may do this.
    """
    with keyring.exclusive(ws.directory):
        ws.reload_keyring()
        if ws.keyring.slot_for(username) is not None:
            raise InvalidInput(
                code="officer_exists",
                params={"username": username},
            )
        ws.keyring.add_slot(username, password, ws.store.key, kdf)
        was_pending = ws.keyring.slot_id(username) in ws.keyring.pending
        ws.keyring.pending.discard(ws.keyring.slot_id(username))
        try:
            keyring.save(ws.directory, ws.keyring)
            yield
        except BaseException:
            ws.keyring.slots.pop(ws.keyring.slot_id(username), None)
            if was_pending:
                ws.keyring.pending.add(ws.keyring.slot_id(username))
            with contextlib.suppress(StoreError):
                keyring.save(ws.directory, ws.keyring)
            raise


def disable_slots(ws: Workspace, usernames: Iterable[str], *, actor: str) -> list[str]:
    """The keyring half of disabling: destroy the slots, then rotate the store key once.

    Slots already disabled (or never made) are skipped, so this may run again until it
    has run to the end; it returns who was disabled now.  The officer rows must already
    be inactive.  The caller checks who may do this (an admin, or the office's package).
    """
    with keyring.exclusive(ws.directory):
        ws.reload_keyring()
        todo = [
            name
            for name in usernames
            if (slot := ws.keyring.slot_for(name)) is not None and not slot.disabled
        ]
        if not todo:
            return []
        for name in todo:
            ws.keyring.disable(name)
        new_key = keyring.new_db_key()
        ws.keyring.stage_rotation(new_key)
        keyring.save(ws.directory, ws.keyring)
        ws.store.rekey(new_key)
        ws.keyring.commit_rotation()
        keyring.save(ws.directory, ws.keyring)
    with ws.transaction() as session:
        audit.append(
            session,
            actor,
            "store.key_rotated",
            None,
            {"key_version": ws.keyring.key_version},
        )
    return todo


def _officer_row(session: Session, username: str) -> Officer:
    row = session.execute(
        sa.select(Officer).where(Officer.username == username)
    ).scalar_one_or_none()
    if row is None:
        raise InvalidInput(
            code="officer_unknown",
            params={"username": username},
        )
    return row
