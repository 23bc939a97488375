"""Logging in: open the officer's session, then finish what a crash interrupted.

:class:`~fieldkit.workspace.Workspace` only opens the store and checks who is at
the keyboard; it knows nothing of enrollment or the outbox.  The work a crash
can leave half done (a record sealed and flushed to its outbox file, its draft
not yet erased) belongs to the layers above it, so the login paths (the login
window, the staff card, the CLI) call this module, which opens the session and
then runs that recovery before anyone can work.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fieldkit.office import reconcile_keyring
from fieldkit.permissions import ADMINISTRATORS
from fieldkit.records import outbox
from fieldkit.store import restore
from fieldkit.workspace import Workspace

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)


def restore_from_backup(
    directory: Path, username: str, password: str, backup_name: str | None = None
) -> restore.Restored:
    """Put a backup in place of the store (the newest, or ``backup_name``): an admin's act.

    It rolls back every officer's work since the backup, so only an administrator
    may; the login window's "restore" and ``fieldkit store restore`` both come here.
    """
    return restore.restore_store(
        directory,
        username,
        password,
        backup_name,
        allowed_roles=frozenset(role.value for role in ADMINISTRATORS),
    )


def log_in(directory: Path, username: str, password: str) -> Workspace:
    """Open the store with the officer's password, recovered from any crash."""
    return _recovered(Workspace.login(directory, username, password))


def log_in_with_card(directory: Path, uid: bytes, login_secret: bytes) -> Workspace:
    """Open the store with a staff card's secret (released after its PIN), recovered."""
    return _recovered(Workspace.login_with_card(directory, uid, login_secret))


def recover_after_crash(ws: Workspace) -> int:
    """Adopt records sealed just before a crash and erase their drafts; returns how many.

    The sealed file's flush is a seal's commit point: a file with no outbox row
    was sealed, so the outbox adopts it and finishing's erasure runs now.
    """
    with ws.transaction() as session:
        adopted = outbox.sweep(session)  # a crash between a seal and its commit
        if not adopted:
            return 0
        # Only after a crash: finishing's code pulls in the whole capture stack (numpy,
        # OpenCV, the quality checks), a second of start-up every command would pay.
        from fieldkit import finish  # noqa: PLC0415 - see above

        erased = finish.recover_adopted(session, adopted, ws.officer.username)
    log.warning("adopted %d sealed record(s) left by a crash", len(adopted))
    return erased


def _recovered(ws: Workspace) -> Workspace:
    """The session, once the recovery has run; closed again if the recovery fails."""
    try:
        recover_after_crash(ws)
        reconcile_keyring(ws)  # finish an office package's keyring step, if one is left
    except BaseException:
        ws.close()
        raise
    return ws
