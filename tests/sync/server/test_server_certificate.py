"""The TLS pair ``serve`` issues: never a key from one process beside another's certificate.

CI caught two ``serve`` processes starting on one data folder at the same moment: both wrote
``server.key.tmp``, one renamed the other's file away and died.  The pair is now written and
read under one OS lock (:meth:`DataCenterKeys.server_certificate`).
"""

from __future__ import annotations

import ssl
import threading
from typing import TYPE_CHECKING

from sync.server.keys import DataCenterKeys

if TYPE_CHECKING:
    from pathlib import Path


def test_a_second_issuer_waits_until_the_first_has_read_its_pair(tmp_path: Path) -> None:
    first, second = DataCenterKeys(tmp_path / "keys"), DataCenterKeys(tmp_path / "keys")
    entered, release = threading.Event(), threading.Event()
    read_by_second: list[bytes] = []

    def issue_again() -> None:
        with second.server_certificate(["127.0.0.1"]) as tls:
            entered.set()
            read_by_second.append(tls.certfile.read_bytes())
            release.wait(30)

    with first.server_certificate(["127.0.0.1"]) as tls:
        held = (tls.certfile.read_bytes(), tls.keyfile.read_bytes())
        other = threading.Thread(target=issue_again)
        other.start()
        assert not entered.wait(1.0)  # it waits on the lock; nothing of ours is rewritten
        assert (tls.certfile.read_bytes(), tls.keyfile.read_bytes()) == held
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls.certfile, tls.keyfile)  # the pair matches
    assert entered.wait(30)
    release.set()
    other.join(30)
    assert len(read_by_second) == 1
    assert read_by_second[0] != held[0]  # a fresh leaf of its own


def test_the_pair_on_disk_always_matches_after_several_issuers(tmp_path: Path) -> None:
    keys = [DataCenterKeys(tmp_path / "keys") for _ in range(4)]
    barrier = threading.Barrier(len(keys))
    failures: list[BaseException] = []

    def issue(own: DataCenterKeys) -> None:
        barrier.wait(30)
        try:
            with own.server_certificate(["127.0.0.1", "dc.kantor.test"]) as tls:
                ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(tls.certfile, tls.keyfile)
        except (OSError, ssl.SSLError) as error:
            failures.append(error)

    threads = [threading.Thread(target=issue, args=(own,)) for own in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert not list((tmp_path / "keys").glob("*.tmp"))
