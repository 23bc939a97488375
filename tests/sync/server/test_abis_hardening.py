"""The ABIS queue against what its folders may hold, and two submitters at once.

Issue 57's holes 4, 6 and 11, each on real files in a real folder with a real database
(SQLite and PostgreSQL where the database is involved): a malformed answer ("nan" as a
score, 800 kB of nested brackets) is refused on its own and the rest applied; a file of
hundreds of MiB is refused by its size without being read; a link inside ``references/``
is not followed.  And issue 61.4's: two ``abis submit`` at the same moment send each
record once; a record that leaves the gallery leaves the ABIS's (``mosip.abis.delete``).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from sync.protocol import RecordState
from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.answerer import answer_requests
from sync.server.dedup.abis.folder import REFUSED, REQUESTS, RESPONSES, AbisQueue
from sync.server.dedup.abis.ledger import DELETED
from sync.server.dedup.abis.queue import collect
from sync.server.dedup.abis.sending import submit, submit_waiting
from sync.server.dedup.interchange import reference_of
from sync.server.dedup.queue import abis_decided
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import abis_requests, dedup_candidates, records
from tests.sync.server.abissupport import (
    ImageHashEngine,
    answer,
    failure_answer,
    identify_answer,
    write_transaction,
)
from tests.sync.server.dcsupport import BACKENDS, fresh_database

if TYPE_CHECKING:
    from collections.abc import Iterator

DEVICE = "laptop-abis-h"


@pytest.fixture
def site(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[SqlStore, SqlStore, AbisQueue]]:
    """Two stores on one database (SQLite unless parametrized ``backend``), and a queue."""
    backend = getattr(request, "param", "sqlite")
    data = tmp_path / "dc"
    data.mkdir()
    url = fresh_database(request, backend) or sqlite_url(data)
    first, second = SqlStore(url), SqlStore(url)
    try:
        yield first, second, AbisQueue.open(tmp_path / "abis")
    finally:
        first.close()
        second.close()


def _accepted(store: SqlStore, *record_ids: str, state: RecordState = RecordState.ACCEPTED) -> None:
    with store.writing() as conn:
        for n, record_id in enumerate(record_ids):
            conn.execute(
                records.insert().values(
                    device_id=DEVICE,
                    record_id=record_id,
                    seq=n + 1,
                    kid="kid",
                    sha256="0" * 64,
                    size=1,
                    record_signature="s",
                    state=str(state),
                    received_at=f"2026-11-27T03:00:{n:02d}Z",
                    receipt="{}",
                )
            )


def _state(store: SqlStore, record_id: str) -> str:
    with store.reading() as conn:
        state: str = conn.execute(
            sa.select(records.c.state).where(records.c.record_id == record_id)
        ).scalar_one()
    return state


def _refused(queue: AbisQueue) -> dict[str, str]:
    out = {}
    for path in queue.folder(REFUSED).glob("*.reason.json"):
        reason = json.loads(path.read_text(encoding="utf-8"))
        out[reason["file"]] = reason["code"]
    return out


# --- hole 4: a malformed answer, set aside on its own -------------------------------------


def _nan_score(probe: Any, other: Any) -> bytes:
    nan = identify_answer(probe.identify, other.reference)
    nan["candidateList"]["candidates"][0]["analytics"]["internalScore"] = "nan"
    return json.dumps(nan).encode()


def _brackets(_probe: Any, _other: Any) -> bytes:
    return b"[" * 400_000 + b"]" * 400_000  # 800 kB


@pytest.mark.parametrize("site", BACKENDS, indirect=True)
@pytest.mark.parametrize(
    ("malformed", "code"),
    [(_nan_score, "abis_score_not_finite"), (_brackets, "json_too_deep")],
    ids=["nan-score", "nested-brackets"],
)
def test_a_malformed_answer_is_set_aside_on_its_own_and_every_later_one_applied(
    site: tuple[SqlStore, SqlStore, AbisQueue], malformed: Any, code: str
) -> None:
    """ "internalScore": "nan" reached dedup_candidates.score (NOT NULL on SQLite, a NaN
    stored on PostgreSQL); 800 kB of brackets raised RecursionError.  Either stopped
    ``abis collect`` at that file, run after run, and no later answer was applied."""
    store, _, queue = site
    _accepted(store, "probe", "other", "later")
    probe, other, later = (
        submit(store, queue, DEVICE, r, write_transaction) for r in ("probe", "other", "later")
    )
    (queue.folder(RESPONSES) / "0-bad.json").write_bytes(malformed(probe, other))
    answer(queue, identify_answer(other.identify), "2-other.json")
    answer(queue, identify_answer(later.identify, other.reference), "3-later.json")

    collected = collect(store, queue, abis_decided)
    assert _refused(queue) == {"0-bad.json": code}
    assert sorted((d.record_id, str(d.verdict)) for d in collected.decisions) == [
        ("later", "duplicate"),
        ("other", "print_ready"),
    ]
    assert _state(store, "other") == RecordState.PRINT_READY_RECORD
    assert _state(store, "later") == RecordState.DUPLICATE_RECORD
    with store.reading() as conn:
        scores = conn.execute(sa.select(dedup_candidates.c.score)).scalars().all()
    assert scores == [112.0]
    assert queue.listing(RESPONSES) == []
    # The probe's request is still open: its true answer is applied when it comes.
    assert _state(store, "probe") == RecordState.ACCEPTED
    answer(queue, identify_answer(probe.identify), "4-probe.json")
    assert [d.record_id for d in collect(store, queue, abis_decided).decisions] == ["probe"]


def test_a_request_of_nested_brackets_is_refused_and_the_others_answered(tmp_path: Path) -> None:
    """The ABIS side's crash of the same kind: ``abis answer`` stopped at the file."""
    queue = AbisQueue.open(tmp_path / "abis")
    (queue.folder(REQUESTS) / "0-nested.json").write_bytes(b"[" * 400_000 + b"]" * 400_000)
    deep_but_readable = {
        "id": abis.IDENTIFY,
        "version": "1.1",
        "requestId": "deep",
        "requesttime": "2026-11-27T03:00:00Z",
        "referenceId": "FKNONE",
        "referenceURL": "",
        "flags": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
    }
    (queue.folder(REQUESTS) / "1-deep.json").write_text(json.dumps(deep_but_readable))
    fine = {k: v for k, v in deep_but_readable.items() if k != "flags"} | {"requestId": "fine"}
    (queue.folder(REQUESTS) / "2-fine.json").write_text(json.dumps(fine))

    answered = answer_requests(queue, ImageHashEngine())
    # Each nested one is set aside with its reason, on its own; the other is served.
    assert {a.request_id: a.failure_reason for a in answered} == {
        "fine": abis.FailureReason.REFERENCE_ID_NOT_FOUND,
    }
    assert _refused(queue) == {"0-nested.json": "json_too_deep", "1-deep.json": "json_too_deep"}
    assert queue.listing(REQUESTS) == []


# --- hole 6: a file's size is checked before a byte is read ---------------------------------


def _huge(path: Path, size: int = 400 << 20) -> Path:
    """A file of ``size`` bytes that takes no disk (sparse): read whole, it takes the memory."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_huge_file_in_any_folder_of_the_queue_is_refused_by_its_size_unread(
    tmp_path: Path, site: tuple[SqlStore, SqlStore, AbisQueue]
) -> None:
    """400 MiB in ``responses/`` once took 540 MB of memory before the size check."""
    store, _, queue = site
    _accepted(store, "rec")
    sent = submit(store, queue, DEVICE, "rec", write_transaction)
    _huge(queue.folder(RESPONSES) / "huge-answer.json")
    answer(queue, identify_answer(sent.identify), "fine-answer.json")
    _huge(queue.folder(REQUESTS) / "huge-request.json")
    big_reference = _huge(queue.reference_file("FKHUGE"), (64 << 20) + 1)
    insert = abis.InsertRequest(
        "huge-ref", "2026-11-27T03:00:00Z", "FKHUGE", queue.reference_url("FKHUGE")
    )
    (queue.folder(REQUESTS) / "insert-huge.json").write_bytes(abis.encode(insert))

    tracemalloc.start()
    try:
        collected = collect(store, queue, abis_decided)
        answered = {a.request_id: a for a in answer_requests(queue, ImageHashEngine())}
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, peak
    assert [d.record_id for d in collected.decisions] == ["rec"]
    refused = _refused(queue)
    assert refused["huge-answer.json"] == "abis_message_too_large"
    assert refused["huge-request.json"] == "abis_message_too_large"
    # The transaction over 64 MiB is not read: the insert is answered 7 (not fetched).
    assert answered["huge-ref"].failure_reason == abis.FailureReason(7)
    assert big_reference.exists()


# --- hole 11: a link inside references/ is not followed --------------------------------------


class Reader(ImageHashEngine):
    """The mock ABIS, keeping a stand-in transaction's bytes as its one image."""

    @staticmethod
    def hashes_of(transaction: bytes) -> dict[str, str]:
        return {transaction.decode(): "FIR"}


def _inserts(queue: AbisQueue, names: list[str]) -> dict[str, abis.Response]:
    for n, name in enumerate(names):
        request = abis.InsertRequest(
            f"i-{name}", f"2026-11-27T03:00:0{n}Z", name, queue.reference_url(name)
        )
        (queue.folder(REQUESTS) / f"{name}.json").write_bytes(abis.encode(request))
    engine = Reader()
    answered = {a.request_id: a for a in answer_requests(queue, engine)}
    assert engine.held == {"FKPLAIN": {"AN2 stand-in plain": "FIR"}}
    return answered


def test_a_link_inside_references_is_not_followed(tmp_path: Path) -> None:
    """The insert's referenceURL names ``references/<id>.an2``; that name may be a link to
    any file the ABIS side can read, which it then inserted as a person's biometrics."""
    queue = AbisQueue.open(tmp_path / "abis")
    elsewhere = tmp_path / "elsewhere.an2"
    elsewhere.write_bytes(b"AN2 stand-in secret")
    queue.reference_file("FKLINK").symlink_to(elsewhere)
    os.link(elsewhere, queue.reference_file("FKHARD"))  # a second name of the same file
    queue.reference_file("FKPLAIN").write_bytes(b"AN2 stand-in plain")
    answered = _inserts(queue, ["FKLINK", "FKHARD", "FKPLAIN"])
    assert answered["i-FKLINK"].failure_reason == abis.FailureReason(7)
    assert answered["i-FKHARD"].failure_reason == abis.FailureReason(7)
    assert answered["i-FKPLAIN"].succeeded


@pytest.mark.skipif(sys.platform == "win32", reason="no named pipe on a Windows disk")
@pytest.mark.timeout(60)
def test_a_pipe_inside_references_does_not_hang_the_abis_side(tmp_path: Path) -> None:
    queue = AbisQueue.open(tmp_path / "abis")
    os.mkfifo(queue.reference_file("FKPIPE"))
    queue.reference_file("FKPLAIN").write_bytes(b"AN2 stand-in plain")
    answered = _inserts(queue, ["FKPIPE", "FKPLAIN"])
    assert answered["i-FKPIPE"].failure_reason == abis.FailureReason(7)


# --- two submitters at the same moment ----------------------------------------------------------


@pytest.mark.parametrize("site", BACKENDS, indirect=True)
def test_two_submitters_at_the_same_moment_send_each_record_once(
    site: tuple[SqlStore, SqlStore, AbisQueue],
) -> None:
    first, second, queue = site
    names = [f"rec-{n}" for n in range(4)]
    _accepted(first, *names)
    # Both have looked (nothing sent yet) and both export before either writes the ledger.
    together = threading.Barrier(2)

    def exporter(device_id: str, record_id: str, target: Path) -> None:
        write_transaction(device_id, record_id, target)
        together.wait(timeout=60)

    results: list[Any] = [None, None]

    def send(n: int, store: SqlStore) -> None:
        results[n] = submit_waiting(store, queue, exporter)

    threads = [threading.Thread(target=send, args=(n, s)) for n, s in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = sorted(s.record_id for r in results for s in r[0])
    skipped = sorted((record, code) for r in results for record, code in r[1])
    assert sent == names
    assert skipped == [(name, "abis_already_sent") for name in names]
    with first.reading() as conn:
        ledger = conn.execute(sa.select(abis_requests.c.record_id, abis_requests.c.operation)).all()
    assert sorted(ledger) == sorted((n, op) for n in names for op in (abis.INSERT, abis.IDENTIFY))
    assert len(queue.listing(REQUESTS)) == 2 * len(names)
    assert [p.name for p in queue.folder(REQUESTS).iterdir() if p.name.startswith(".")] == []
    for name in names:  # the one that sent it keeps its reference file
        assert queue.reference_file(reference_of(first, DEVICE, name)).is_file()


# --- a record that leaves the gallery leaves the ABIS's -------------------------------------


class Content(ImageHashEngine):
    @staticmethod
    def hashes_of(transaction: bytes) -> dict[str, str]:
        return {transaction.split()[-1].decode(): "FIR"}


@pytest.mark.parametrize("site", BACKENDS, indirect=True)
def test_a_record_closed_or_sent_back_is_deleted_from_the_abis_before_the_next_search(
    site: tuple[SqlStore, SqlStore, AbisQueue],
) -> None:
    """A recaptured person's new recording was searched against their old one (still in
    the ABIS's gallery) and came back a duplicate of themselves."""
    store, other_store, queue = site
    _accepted(store, "old", "kept")
    engine = Content()

    def same_person(device_id: str, record_id: str, target: Path) -> None:
        target.write_bytes(b"AN2 stand-in person-1" if record_id != "kept" else b"AN2 stand-in 2")

    submit_waiting(store, queue, same_person)
    answer_requests(queue, engine)
    collect(store, queue, abis_decided)
    assert len(engine) == 2
    with store.writing() as conn:  # the office sends "old" back for recapture
        conn.execute(
            records.update()
            .where(records.c.record_id == "old")
            .values(state=str(RecordState.RECAPTURE))
        )
    _accepted(other_store, "new")
    deleted: list[Any] = []
    sent, _ = submit_waiting(store, queue, same_person, deleted=deleted)
    assert [(d.record_id, d.reference) for d in deleted] == [
        ("old", reference_of(store, DEVICE, "old"))
    ]
    assert [s.record_id for s in sent] == ["new"]
    order: list[str] = []
    answer_requests(queue, engine, answered=lambda a: order.append(a.operation))
    assert order == [abis.DELETE, abis.INSERT, abis.IDENTIFY]  # the delete first, by time
    collected = collect(store, queue, abis_decided)
    assert [outcome for _request, outcome in collected.deletes] == [DELETED]
    assert _state(store, "new") == RecordState.PRINT_READY_RECORD
    assert len(engine) == 2  # "kept" and "new"
    # Sent once: the next submit has nothing to delete, and an ABIS that had already
    # forgotten it (12) counts as deleted.
    again: list[Any] = []
    assert submit_waiting(store, queue, same_person, deleted=again) == ([], [])
    assert again == []


def test_answers_to_a_ping_are_left_for_whoever_asked(
    site: tuple[SqlStore, SqlStore, AbisQueue],
) -> None:
    store, _, queue = site
    for n, operation in enumerate((abis.PING, abis.PENDING_JOBS, abis.REFERENCE_COUNT)):
        document = failure_answer(f"x-{n}", operation, 1)
        answer(queue, document, f"{n}.json")
    collected = collect(store, queue, abis_decided)
    assert sorted(collected.left) == ["0.json", "1.json", "2.json"]
    assert collected.refused == []
    assert len(queue.listing(RESPONSES)) == 3
