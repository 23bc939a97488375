"""Restoring the store from a backup: the one user action, for the CLI and the window alike.

Restore needs only the keyring, because the store itself may be unreadable: the
officer's password unlocks the store keys, and after a key rotation that was
interrupted a backup may be under the previous key, so each key is tried, the
newest last.  The damaged store is kept aside, never deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit.errors import AuthError, AuthReason, InvalidInput, StoreError, StoreReason
from fieldkit.store import database, keyring

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Restored:
    backup: database.Backup
    #: Where the damaged store was put aside, None if there was no store file.
    damaged_copy: Path | None

    def as_json(self) -> dict[str, str | None]:
        return {
            "restored": self.backup.path.name,
            "damaged_copy_kept_at": str(self.damaged_copy) if self.damaged_copy else None,
        }


def choose_backup(home: Path, name: str | None = None) -> database.Backup:
    """The backup called ``name``, or the newest one."""
    backups = database.list_backups(home)
    if name:
        chosen = next((b for b in backups if b.path.name == name), None)
        if chosen is None:
            raise InvalidInput(
                code="backup_not_found",
                params={"name": name},
            )
        return chosen
    if not backups:
        raise InvalidInput(code="no_backups")
    return backups[0]


def restore_store(
    home: Path,
    username: str,
    password: str,
    backup_name: str | None = None,
    *,
    allowed_roles: Collection[str],
) -> Restored:
    """Unlock the keys with the officer's password and put a backup in place of the store.

    ``allowed_roles``: who may (``fieldkit.login.restore_from_backup`` passes the
    administrators); the store layer knows roles only as the strings it keeps.
    """
    with keyring.exclusive(home):
        ring = keyring.load(home)
        try:
            keys = ring.unlock(username, password)
        finally:
            keyring.save(home, ring)  # a failed attempt is counted even so
    chosen = choose_backup(home, backup_name)
    _require_role(home, keys, username, chosen.path, allowed_roles)
    kept = restore_with_any_key(home, keys, chosen.path)
    log.info("store restored from %s", chosen.path.name)
    return Restored(chosen, kept)


def _require_role(
    home: Path, keys: list[bytes], username: str, backup: Path, allowed: Collection[str]
) -> None:
    """Only an admin may put older history in place of the store (issue 24, item 2).

    A restore rolls back every officer's work and the audit chain with it.  The role
    is read from the current store, the truth of today; only when that cannot be read
    (the damage restore is for) from the backup chosen.  A petugas, a ketua tim or an
    operator is refused before anything is replaced.
    """
    found = None
    for path in (home / database.DB_FILE, backup):
        found = next(
            (r for key in reversed(keys) if (r := database.officer_role(path, key, username))),
            None,
        )
        if found is not None:
            break
    role, active = found if found is not None else ("", False)
    if role not in allowed or not active:
        log.warning("restore refused for an officer who is not an active admin")
        raise AuthError(
            AuthReason.FORBIDDEN,
            code="restore_needs_admin",
            params={"role": role or "-", "allowed": ", ".join(sorted(allowed))},
        )


def restore_with_any_key(home: Path, keys: list[bytes], backup: Path) -> Path | None:
    """After an interrupted key rotation the backup may be under either key; the newest is last."""
    for key in keys[:-1]:
        try:
            return database.restore_backup(home, key, backup)
        except StoreError as error:
            if error.reason is not StoreReason.CORRUPTED:
                raise
    return database.restore_backup(home, keys[-1], backup)
