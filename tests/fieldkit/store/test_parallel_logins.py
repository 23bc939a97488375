"""Logins from several processes at once: one keyring, one audit chain (issue 24, item 5).

Thirty parallel wrong passwords once got around the lockout (each process read the
counter, added one and wrote it back over the others' counts), and the same burst
of right ones made ``UNIQUE constraint failed: audit_events.seq`` (each read the
chain's head before the store's write lock).  Real processes, a real SQLCipher store.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from fieldkit.store import keyring
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace

# One login attempt in a process of its own; prints what happened as one JSON line.
_ATTEMPT = """
import json, sys
from pathlib import Path
from fieldkit.errors import KnownError
from fieldkit.login import log_in
try:
    log_in(Path(sys.argv[1]), sys.argv[2], sys.argv[3]).close()
except KnownError as error:
    print(json.dumps({"code": error.code}))
else:
    print(json.dumps({"code": "ok"}))
"""


def _attempts(home: Path, password: str, count: int) -> list[str]:
    """``count`` processes started together, each trying once; their outcomes' codes."""
    root = Path(__file__).resolve().parents[3]
    started = [
        subprocess.Popen(
            [sys.executable, "-c", _ATTEMPT, str(home), ADMIN, password],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    codes = []
    for process in started:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-3000:]
        codes.append(json.loads(out.strip().splitlines()[-1])["code"])
    return codes


def test_thirty_parallel_wrong_passwords_lock_the_account_at_the_fifth(home: Path) -> None:
    init_workspace(home).close()
    codes = _attempts(home, "kata-sandi-salah", 30)
    assert set(codes) <= {"auth_wrong_password", "auth_locked_out"}, codes
    # Four wrong ones are told how many tries are left; from the fifth on, locked.
    assert codes.count("auth_wrong_password") == 4, codes
    assert codes.count("auth_locked_out") == 26, codes
    slot = keyring.load(home).slot_for(ADMIN)
    assert slot is not None
    assert slot.locked_until is not None


def test_parallel_logins_keep_one_audit_chain(home: Path) -> None:
    init_workspace(home).close()
    codes = _attempts(home, ADMIN_PASSWORD, 12)
    assert codes == ["ok"] * 12, codes
    with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws:
        verdict = ws.verify_audit()
        assert verdict.ok, verdict


# A process that logs in, then writes audit events as fast as it can, while others do too.
_BUSY = """
import sys
from pathlib import Path
from fieldkit import audit
from fieldkit.login import log_in
with log_in(Path(sys.argv[1]), sys.argv[2], sys.argv[3]) as ws:
    for n in range(int(sys.argv[4])):
        with ws.transaction() as session:
            audit.append(session, ws.officer.username, "test.parallel", None, {"n": n})
"""


def test_parallel_writers_keep_one_audit_chain(home: Path) -> None:
    """Each event reads the chain's head under the store's write lock, never before it."""
    init_workspace(home).close()
    root = Path(__file__).resolve().parents[3]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _BUSY, str(home), ADMIN, ADMIN_PASSWORD, "25"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err[-3000:]
    with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws:
        verdict = ws.verify_audit()
        assert verdict.ok, verdict
        with ws.transaction() as session:
            count = session.scalar(
                sa.select(sa.func.count()).where(AuditEvent.action == "test.parallel")
            )
        assert count == 6 * 25
