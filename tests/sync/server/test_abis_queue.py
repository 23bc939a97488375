"""The ABIS API over a folder queue: real folders, real files, a real database.

The data center writes requests and reads answers (``sync.server.dedup.abis.queue``); the
ABIS side serves them through an engine.  Each refused file is refused on its own, each
answer applied once: with two readers at once, and across a crash.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from sync.protocol import Reason, RecordState
from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.answerer import AbisAnswerer, answer_requests
from sync.server.dedup.abis.folder import DONE, PREPARED, REFUSED, REQUESTS, RESPONSES, AbisQueue
from sync.server.dedup.abis.ledger import INSERTED, Verdict
from sync.server.dedup.abis.queue import collect, record_words
from sync.server.dedup.abis.sending import recover, submit, waiting
from sync.server.dedup.interchange import reference_of
from sync.server.errors import DataCenterError
from sync.server.intake.service import DataCenter
from sync.server.office.steering import Office
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import abis_requests, records
from tests.support import OFFICE
from tests.sync.server.abissupport import (
    ImageHashEngine,
    RecordingHook,
    answer,
    failure_answer,
    identify_answer,
    request_ids,
    states_written,
    write_transaction,
)
from tests.sync.server.dcsupport import BACKENDS, dc_cli, fresh_database
from tests.sync.server.test_interchange_export import upload_person

if TYPE_CHECKING:
    from collections.abc import Iterator

DEVICE = "laptop-abis-1"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    (tmp_path / "dc").mkdir()
    made = SqlStore(sqlite_url(tmp_path / "dc"))
    yield made
    made.close()


@pytest.fixture
def queue(tmp_path: Path) -> AbisQueue:
    return AbisQueue.open(tmp_path / "abis")


def _sent(store: SqlStore, queue: AbisQueue, *record_ids: str) -> list[Any]:
    return [submit(store, queue, DEVICE, r, write_transaction) for r in record_ids]


def _names(queue: AbisQueue, folder: str) -> list[str]:
    return sorted(p.name for p in queue.folder(folder).iterdir())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- the data center's side ---------------------------------------------------------------


def test_a_record_is_sent_as_an_insert_then_an_identify_whole_and_private(
    store: SqlStore, queue: AbisQueue
) -> None:
    [sent] = _sent(store, queue, "rec-1")
    assert sent.reference == reference_of(store, DEVICE, "rec-1")
    first, second = queue.listing(REQUESTS)
    insert, identify = (
        abis.parse_request(first.read_bytes()),
        abis.parse_request(second.read_bytes()),
    )
    assert isinstance(insert, abis.InsertRequest)
    assert isinstance(identify, abis.IdentifyRequest)
    assert (insert.request_id, identify.request_id) == (sent.insert, sent.identify)
    assert insert.reference_id == identify.reference_id == sent.reference
    assert queue.reference_path(insert.reference_url) == queue.reference_file(sent.reference)
    assert identify.reference_url == ""
    for path in (first, second, queue.reference_file(sent.reference)):
        assert _mode(path) == 0o600
    assert _mode(queue.root) == 0o700
    # Nothing hidden or half-written is left beside them.
    assert _names(queue, REQUESTS) == sorted([first.name, second.name])
    assert waiting(store) == []  # no record row: nothing else to send


def test_the_round_trip_through_an_engine_decides_each_record(
    store: SqlStore, queue: AbisQueue
) -> None:
    """A stand-in transaction is enough for the queue: the engine decides what it reads."""

    class ByContent(ImageHashEngine):
        def insert(self, reference_id: str, transaction: bytes) -> None:
            with self.lock:
                self.held[reference_id] = {transaction.split(b" ")[-1].decode(): "FIR"}

    engine = ByContent()
    one, two, three = _sent(store, queue, "same", "other", "same-again")
    # "same-again"'s file says "same-again", so give the engine the same person's content.
    queue.reference_file(three.reference).write_bytes(b"AN2 stand-in x same\n")
    answered = answer_requests(queue, engine)
    assert [a.return_value for a in answered] == ["1"] * 6
    assert queue.listing(REQUESTS) == []
    hook = RecordingHook()
    collected = collect(store, queue, hook)
    assert sorted(o for _r, o in collected.inserts) == [INSERTED] * 3
    verdicts = {d.record_id: d for d in collected.decisions}
    assert verdicts["same"].verdict is Verdict.PRINT_READY
    assert verdicts["other"].verdict is Verdict.PRINT_READY
    again = verdicts["same-again"]
    assert again.verdict is Verdict.DUPLICATE
    assert again.state is RecordState.DUPLICATE_RECORD
    [found] = again.candidates
    assert (found.reference, found.device_id, found.record_id) == (one.reference, DEVICE, "same")
    assert found.score == 1.0
    assert hook.seen == collected.decisions
    assert sorted(states_written(store)) == [
        ("other", "PRINT_READY_RECORD"),
        ("same", "PRINT_READY_RECORD"),
        ("same-again", "DUPLICATE_RECORD"),
    ]
    # Requests and answers are in done/, the biometrics gone from the queue.
    assert queue.listing(RESPONSES) == []
    assert len(queue.listing(DONE)) == 12
    assert not any(queue.reference_file(s.reference).exists() for s in (one, two, three))
    # A second pass finds nothing to do.
    assert collect(store, queue, hook).decisions == []
    assert len(hook.seen) == 3


def _refusal_reasons(queue: AbisQueue) -> dict[str, str]:
    out = {}
    for path in queue.folder(REFUSED).glob("*.reason.json"):
        reason = json.loads(path.read_text(encoding="utf-8"))
        assert _mode(path) == 0o600
        assert reason["message"]
        out[reason["file"]] = reason["code"]
    return out


def test_each_bad_answer_is_refused_on_its_own_and_the_rest_applied(
    store: SqlStore, queue: AbisQueue, caplog: pytest.LogCaptureFixture
) -> None:
    a, b, c = _sent(store, queue, "rec-a", "rec-b", "rec-c")
    answer(queue, identify_answer(a.identify), "a-good.json")
    (queue.folder(RESPONSES) / "b-broken.json").write_bytes(b'{"id": "mosip.abis.identify", ')
    answer(queue, identify_answer("f00d-never-sent"), "c-unknown.json")
    answer(queue, failure_answer(b.identify, abis.INSERT, 1), "d-wrong-operation.json")
    bad_count = identify_answer(b.identify, a.reference)
    bad_count["candidateList"]["count"] = "2"
    answer(queue, bad_count, "e-count.json")
    answer(queue, failure_answer(b.identify, abis.IDENTIFY, 19), "f-reason.json")
    answer(queue, failure_answer(c.identify, abis.IDENTIFY, 18), "g-quality.json")
    (queue.folder(RESPONSES) / "notes.txt").write_text("not a message")
    (queue.folder(RESPONSES) / ".h-half.json.tmp").write_text("{")
    hook = RecordingHook()
    with caplog.at_level(logging.WARNING, logger="sync.server.dedup.abis.queue"):
        collected = collect(store, queue, hook)
    assert [(d.record_id, d.verdict) for d in collected.decisions] == [
        ("rec-a", Verdict.PRINT_READY),
        ("rec-c", Verdict.ENROLL_FAILURE),
    ]
    assert _refusal_reasons(queue) == {
        "b-broken.json": "abis_not_json",
        "c-unknown.json": "abis_request_unknown",
        "d-wrong-operation.json": "abis_operation_mismatch",
        "e-count.json": "abis_count_mismatch",
        "f-reason.json": "abis_failure_reason_invalid",
    }
    assert sorted(r.code for r in collected.refused) == sorted(_refusal_reasons(queue).values())
    # What was not a message, or not whole yet, is left alone; the refused are gone.
    assert _names(queue, RESPONSES) == [".h-half.json.tmp", "notes.txt"]
    # Each refusal is logged by its file and code; the log names no record, no reference.
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 5
    for line in refusals:
        assert "rec-" not in line
        assert all(s.reference not in line for s in (a, b, c))
    # rec-b, whose answers were all refused, is still waiting for its one true answer.
    answer(queue, identify_answer(b.identify), "z-good.json")
    assert [d.record_id for d in collect(store, queue, hook).decisions] == ["rec-b"]
    assert len(hook.seen) == 3


def test_a_second_answer_to_an_answered_request_is_refused_and_decides_nothing(
    store: SqlStore, queue: AbisQueue
) -> None:
    [sent] = _sent(store, queue, "rec-1")
    hook = RecordingHook()
    answer(queue, identify_answer(sent.identify), "first.json")
    assert [d.verdict for d in collect(store, queue, hook).decisions] == [Verdict.PRINT_READY]
    # The same request answered again: other words, then the same words under another name.
    answer(queue, identify_answer(sent.identify, "FKSOMEONE"), "second.json")
    (queue.folder(RESPONSES) / "third.json").write_bytes(
        (queue.folder(DONE) / "first.json").read_bytes()
    )
    collected = collect(store, queue, hook)
    assert collected.decisions == []
    assert sorted((r.file, r.code) for r in collected.refused) == [
        ("second.json", "abis_answer_replayed"),
        ("third.json", "abis_answer_replayed"),
    ]
    assert len(hook.seen) == 1
    assert states_written(store) == [("rec-1", "PRINT_READY_RECORD")]


def test_failures_become_enroll_failure_with_words_or_a_retry(
    store: SqlStore, queue: AbisQueue
) -> None:
    quality, unreadable, gone, later = _sent(store, queue, "q", "u", "g", "l")
    answer(queue, failure_answer(quality.insert, abis.INSERT, 18), "1.json")
    answer(queue, failure_answer(quality.identify, abis.IDENTIFY, 12), "2.json")
    answer(queue, failure_answer(unreadable.identify, abis.IDENTIFY, 16), "3.json")
    answer(queue, failure_answer(gone.insert, abis.INSERT, 7), "4.json")
    answer(queue, failure_answer(gone.identify, abis.IDENTIFY, 12), "5.json")
    answer(queue, failure_answer(later.insert, abis.INSERT, 10), "6.json")
    answer(queue, identify_answer(later.identify, later.reference, "FKELSEWHERE"), "7.json")
    collected = collect(store, queue, RecordingHook())
    assert sorted(collected.inserts) == sorted(
        [(quality.insert, "failure:18"), (gone.insert, "failure:7"), (later.insert, INSERTED)]
    )
    by_record = {d.record_id: d for d in collected.decisions}
    assert (by_record["q"].verdict, by_record["q"].failure) == (Verdict.ENROLL_FAILURE, 18)
    assert (by_record["u"].verdict, by_record["u"].failure) == (Verdict.ENROLL_FAILURE, 16)
    assert by_record["q"].state is RecordState.ENROLL_FAILURE
    words = record_words(by_record["q"])
    assert words
    assert words != record_words(by_record["q"], "en")  # the team reads Indonesian
    assert (by_record["g"].verdict, by_record["g"].state) == (Verdict.RETRY, None)
    # The probe is never its own duplicate; another office's reference is still a candidate.
    [elsewhere] = by_record["l"].candidates
    assert (elsewhere.reference, elsewhere.record_id) == ("FKELSEWHERE", None)


def test_a_record_answered_retry_waits_to_be_sent_again(store: SqlStore, queue: AbisQueue) -> None:
    with store.writing() as conn:
        for record_id in ("r-retry", "r-done"):
            conn.execute(
                records.insert().values(
                    device_id=DEVICE,
                    record_id=record_id,
                    seq=1,
                    kid="kid",
                    sha256="0" * 64,
                    size=1,
                    record_signature="s",
                    state=str(RecordState.ACCEPTED),
                    received_at=record_id,
                    receipt="{}",
                )
            )
    assert waiting(store) == [(DEVICE, "r-done"), (DEVICE, "r-retry")]
    done, retry = _sent(store, queue, "r-done", "r-retry")
    assert waiting(store) == []
    answer(queue, failure_answer(retry.identify, abis.IDENTIFY, 3), "1.json")
    answer(queue, identify_answer(done.identify), "2.json")
    collect(store, queue, RecordingHook())
    assert waiting(store) == [(DEVICE, "r-retry")]


# --- the ABIS's side ------------------------------------------------------------------------


def test_the_abis_side_answers_what_it_can_and_refuses_the_rest_on_its_own(
    store: SqlStore, queue: AbisQueue
) -> None:
    kept, missing, outside, old = _sent(store, queue, "kept", "missing", "outside", "old")
    queue.reference_file(missing.reference).unlink()
    # A request that points outside the queue is not followed.
    [outside_insert] = [p for p in queue.listing(REQUESTS) if outside.insert in p.name]
    document = json.loads(outside_insert.read_bytes())
    document["referenceURL"] = Path("/etc/passwd").as_uri()
    outside_insert.write_text(json.dumps(document))
    [old_identify] = [p for p in queue.listing(REQUESTS) if old.identify in p.name]
    document = json.loads(old_identify.read_bytes())
    old_identify.write_text(json.dumps(document | {"version": "1.0"}))
    (queue.folder(REQUESTS) / "0-garbage.json").write_bytes(b"\x00\x01")

    class Everyone(ImageHashEngine):
        def insert(self, reference_id: str, transaction: bytes) -> None:
            with self.lock:
                self.held[reference_id] = {"x": "FIR"} if transaction else {}

    answered = {a.request_id: a for a in answer_requests(queue, Everyone())}
    assert answered[kept.insert].succeeded
    assert answered[missing.insert].failure_reason is abis.FailureReason(7)
    assert answered[outside.insert].failure_reason is abis.FailureReason(7)
    assert answered[missing.identify].failure_reason is abis.FailureReason(12)
    assert answered[old.identify].failure_reason is abis.FailureReason(13)
    assert _refusal_reasons(queue) == {"0-garbage.json": "abis_not_json"}
    assert queue.listing(REQUESTS) == []
    # The data center reads them all: a file the ABIS could not fetch (7, then 12 "not
    # found" for the identify) and a request it could not read (13) are retried, not a
    # decision about the person.
    collected = collect(store, queue, RecordingHook())
    verdicts = {d.record_id: d.verdict for d in collected.decisions}
    assert verdicts == {
        "kept": Verdict.PRINT_READY,
        "missing": Verdict.RETRY,
        "outside": Verdict.RETRY,
        "old": Verdict.RETRY,
    }
    assert collected.refused == []


# --- at once, and across a crash ------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_readers_at_once_apply_each_answer_once(
    tmp_path: Path, request: pytest.FixtureRequest, backend: str
) -> None:
    data = tmp_path / "dc"
    data.mkdir()
    url = fresh_database(request, backend) or sqlite_url(data)
    first, second = SqlStore(url), SqlStore(url)
    queue = AbisQueue.open(tmp_path / "abis")
    try:
        sent = _sent(first, queue, *(f"rec-{n:02d}" for n in range(12)))
        for s in sent:
            answer(queue, identify_answer(s.identify), f"{s.identify}.json")
            answer(queue, failure_answer(s.insert, abis.INSERT, 10), f"{s.insert}.json")
        hooks = [RecordingHook(), RecordingHook()]
        start = threading.Barrier(2)
        results: list[Any] = [None, None]

        def read(n: int, store: SqlStore) -> None:
            start.wait()
            results[n] = collect(store, queue, hooks[n])

        threads = [
            threading.Thread(target=read, args=(n, s)) for n, s in enumerate((first, second))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        decided = [d.record_id for h in hooks for d in h.seen]
        assert sorted(decided) == [s.record_id for s in sent]
        assert sorted(r for r, _state in states_written(first)) == [s.record_id for s in sent]
        inserts = [i for r in results for i in r.inserts]
        assert sorted(i for i, _o in inserts) == sorted(s.insert for s in sent)
        assert all(r.refused == [] for r in results)
        assert queue.listing(RESPONSES) == []
        assert len(queue.listing(DONE)) == 24
        with first.reading() as conn:
            unanswered = conn.execute(
                sa.select(sa.func.count()).where(abis_requests.c.answered_at.is_(None))
            ).scalar_one()
        assert unanswered == 0
    finally:
        first.close()
        second.close()


_CRASHING_READER = """
import os, sys
from sync.server.dedup.abis.folder import AbisQueue
from sync.server.dedup.abis.queue import collect
from sync.server.store.database import SqlStore

def crash(conn, decision):
    os._exit(3)  # the process dies inside the transaction that applies the answer

collect(SqlStore(sys.argv[1]), AbisQueue(sys.argv[2]), crash)
"""


def test_an_answer_read_when_the_process_died_is_applied_once_at_the_restart(
    tmp_path: Path, store: SqlStore, queue: AbisQueue
) -> None:
    [sent] = _sent(store, queue, "rec-1")
    answer(queue, identify_answer(sent.identify), "answer.json")
    died = subprocess.run(
        [sys.executable, "-c", _CRASHING_READER, store.url, str(queue.root)],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=120,
    )
    assert died.returncode == 3, died.stderr
    # Nothing was decided and nothing was lost: the answer waits where it was.
    assert states_written(store) == []
    assert [p.name for p in queue.listing(RESPONSES)] == ["answer.json"]
    hook = RecordingHook()
    assert [d.record_id for d in collect(store, queue, hook).decisions] == ["rec-1"]
    # A crash after the commit, before the file moved: the same file back in responses/.
    (queue.folder(RESPONSES) / "answer.json").write_bytes(
        (queue.folder(DONE) / "answer.json").read_bytes()
    )
    again = collect(store, queue, hook)
    assert (again.decisions, again.refused, again.finished) == ([], [], 1)
    assert len(hook.seen) == 1
    assert states_written(store) == [("rec-1", "PRINT_READY_RECORD")]
    assert queue.listing(RESPONSES) == []


def test_requests_prepared_when_the_process_died_are_published_or_dropped(
    store: SqlStore, queue: AbisQueue
) -> None:
    [sent] = _sent(store, queue, "rec-1")
    # As a crash between the ledger's commit and the publishing leaves them:
    for path in queue.listing(REQUESTS):
        path.rename(path.with_name(PREPARED + path.name))
    # As a crash before the ledger's commit leaves one:
    stray = abis.InsertRequest("never-committed", abis.timestamp(), "FKX", "file:///x.an2")
    queue.prepare("stray.json", abis.encode(stray))
    assert queue.listing(REQUESTS) == []
    assert recover(store, queue) == 2
    assert sorted(
        abis.parse_request(p.read_bytes()).request_id for p in queue.listing(REQUESTS)
    ) == sorted([sent.insert, sent.identify])
    assert [p.name for p in queue.folder(REQUESTS).iterdir() if p.name.startswith(".")] == []
    assert request_ids(store, abis.INSERT) == [sent.insert]


def test_a_queue_folder_that_is_a_link_or_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "file").write_text("x")
    for root in (tmp_path / "link", tmp_path / "file"):
        with pytest.raises(abis.DataCenterError) as refused:
            AbisQueue.open(root)
        assert refused.value.code == "abis_queue_not_a_folder"
    made = AbisQueue.open(tmp_path / "fresh")
    (made.root / REQUESTS).rmdir()
    (made.root / REQUESTS).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(abis.DataCenterError):
        AbisQueue.open(made.root)


# --- real records, real files: the data center's export read by an independent ABIS --------


def test_real_records_go_round_the_queue_and_the_second_recording_is_a_duplicate(
    tmp_path: Path,
) -> None:
    """Records sealed and uploaded as a laptop does, sent by ``abis submit`` as
    ANSI/NIST-ITL files into the queue, read by an engine through ``nistitl``: the second
    recording of the same images is named a duplicate of the first, mapped back to it."""

    center = DataCenter(tmp_path / "dc", None)
    queue_dir = tmp_path / "abis"
    try:
        Office(center.store).set_office(OFFICE)
        first = upload_person(center, seed=0)
        other = upload_person(center, seed=40)
        again = upload_person(center, seed=0)
        unset = dc_cli(center.data_dir, "abis", "submit")
        assert unset.returncode == 2
        assert "--abis-queue" in unset.stderr
        done = dc_cli(center.data_dir, "abis", "submit", "--abis-queue", str(queue_dir), "--json")
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["skipped"] == []
        assert [(s["device_id"], s["record_id"]) for s in report["sent"]] == [first, other, again]
        queue = AbisQueue.open(queue_dir)
        answered = answer_requests(queue, ImageHashEngine())
        assert [a.return_value for a in answered] == ["1"] * 6
        hook = RecordingHook()
        collected = collect(center.store, queue, hook)
        verdicts = {d.record_id: d for d in collected.decisions}
        assert verdicts[first[1]].verdict is Verdict.PRINT_READY
        assert verdicts[other[1]].verdict is Verdict.PRINT_READY
        [found] = verdicts[again[1]].candidates
        assert (found.device_id, found.record_id) == first
        assert found.score is not None
        assert found.score >= 10  # every finger, the face and the eyes are the same bytes
        assert waiting(center.store) == []
        status = dc_cli(center.data_dir, "abis", "status", "--abis-queue", str(queue_dir), "--json")
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout) == {
            "open": 0,
            "outcomes": {"insert:inserted": 3, "identify:print_ready": 2, "identify:duplicate": 1},
            "requests_waiting": 0,
            "answers_waiting": 0,
            "refused": 0,
        }
    finally:
        center.close()


def test_the_abis_side_runs_until_stopped_and_answers_what_arrives(
    store: SqlStore, queue: AbisQueue
) -> None:
    class Anyone(ImageHashEngine):
        def insert(self, reference_id: str, transaction: bytes) -> None:
            with self.lock:
                self.held[reference_id] = {transaction.decode(): "FIR"}

    answerer = AbisAnswerer(queue, Anyone(), interval=60.0)
    thread = threading.Thread(target=answerer.run)
    thread.start()
    try:
        _sent(store, queue, "rec-1")
        answerer.wake()
        with answerer.progress:
            assert answerer.progress.wait_for(lambda: answerer.answered == 2, timeout=60)
    finally:
        answerer.stop()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert [d.verdict for d in collect(store, queue, RecordingHook()).decisions] == [
        Verdict.PRINT_READY
    ]


def test_an_answer_the_state_hook_refuses_waits_and_the_others_are_applied(
    store: SqlStore, queue: AbisQueue
) -> None:
    moved_on, fine = _sent(store, queue, "moved-on", "fine")
    answer(queue, identify_answer(moved_on.identify), "1.json")
    answer(queue, identify_answer(fine.identify), "2.json")
    hook = RecordingHook()

    def refusing(conn: Any, decision: Any) -> None:
        hook(conn, decision)  # written, then rolled back with the refusal
        if decision.record_id == "moved-on":
            raise DataCenterError(409, Reason.INVALID_REQUEST, code="datacenter_record_rejected")

    collected = collect(store, queue, refusing)
    assert [d.record_id for d in collected.decisions] == ["fine"]
    assert [(r.file, r.code) for r in collected.deferred] == [
        ("1.json", "datacenter_record_rejected")
    ]
    assert states_written(store) == [("fine", "PRINT_READY_RECORD")]
    assert [p.name for p in queue.listing(RESPONSES)] == ["1.json"]
    assert [d.record_id for d in collect(store, queue, hook).decisions] == ["moved-on"]
    assert states_written(store) == [
        ("fine", "PRINT_READY_RECORD"),
        ("moved-on", "PRINT_READY_RECORD"),
    ]


def test_a_record_that_cannot_be_exported_leaves_nothing_in_the_queue(
    store: SqlStore, queue: AbisQueue
) -> None:
    def half_then_refused(device_id: str, record_id: str, target: Path) -> None:
        write_transaction(device_id, record_id, target)
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_export_no_images")

    with pytest.raises(DataCenterError):
        submit(store, queue, DEVICE, "rec-1", half_then_refused)
    for folder in (REQUESTS, "references"):
        assert _names(queue, folder) == []
    assert request_ids(store, abis.INSERT) == []
