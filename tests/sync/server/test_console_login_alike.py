"""At the console's login a real account and an unknown name read alike (issue 46).

A 1,100-character password was refused without a hash for a real account (fast) and
with one for an unknown name (slow); five wrong passwords locked only a real account.
Here the real service over HTTPS, at the production cost, gives the same status and the
same words to both, attempt after attempt (the work each costs is counted in
``test_console_accounts``, in process).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sync.server.accounts.book import MAX_FAILURES, MAX_PASSWORD_CHARS
from tests.sync.server.consolesupport import PASSWORD, log_in, started

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.sync.server.dcsupport import DataCenterProcess

_ALERT = re.compile(r'<p class="notice" role="alert">([^<]*)</p>')


def _answers(server: DataCenterProcess, name: str) -> list[tuple[int, str]]:
    """(status, the alert's words) of a long password, wrong ones past the lock, the right one."""
    attempts = ["x" * (MAX_PASSWORD_CHARS + 76)]
    attempts += [f"salah-{n}" for n in range(MAX_FAILURES)] + [PASSWORD]
    answers = []
    with server.client() as client:
        for password in attempts:
            page = log_in(client, name, password)
            alert = _ALERT.search(page.text)
            answers.append((page.status_code, alert.group(1) if alert else ""))
    return answers


def test_a_real_and_an_unknown_name_get_the_same_answers(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin")
    real = _answers(server, "siti")
    assert _answers(server, "tidak-ada") == real
    wrong = (401, "Nama akun atau kata sandi salah.")
    assert real[: MAX_FAILURES - 1] == [wrong] * (MAX_FAILURES - 1)
    assert real[MAX_FAILURES - 1 :] == [(401, real[-1][1])] * 3
    assert "akun ini dikunci selama lima menit" in real[-1][1]
