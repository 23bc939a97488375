"""MOSIP's ABIS API, whole, as an outside requester uses the office's engine (issue 61.4).

Everything here goes through real files in a real queue folder, as whatever forwards to
an ABIS (or a person testing one) would write them: requests dropped into ``requests/``,
real ANSI/NIST-ITL transactions in ``references/``, answers read from ``responses/``;
``fieldkit-datacenter abis answer`` (in this process, and as a process of its own for
``--watch`` and signals) on a data folder that never ran ``serve``.
"""

from __future__ import annotations

import json
import os
import queue as queues
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sync.server.dedup import index
from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.answerer import answer_requests
from sync.server.dedup.abis.folder import DONE, REQUESTS, RESPONSES, TAKEN, AbisQueue
from sync.server.dedup.engine import OwnSearchEngine
from sync.server.intake.service import DataCenter
from sync.server.keys import DataCenterKeys
from sync.server.office.steering import Office
from tests.support import OFFICE
from tests.sync.server.abissupport import ImageHashEngine
from tests.sync.server.dcsupport import database_environment, dc_cli
from tests.sync.server.dedupsupport import people, records, upload
from tests.sync.server.test_interchange_export import export

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["people", "records"]  # the fixtures, shared (dedupsupport)

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def transactions(
    tmp_path_factory: pytest.TempPathFactory, records: dict[str, dict[int, bytes]]
) -> dict[str, bytes]:
    """Three people's ANSI/NIST-ITL files as the data center exports them: A, A again, B."""
    folder = tmp_path_factory.mktemp("exported")
    center = DataCenter(folder / "dc")
    try:
        Office(center.store).set_office(OFFICE)
        out = {}
        for name in ("A", "A2", "B"):
            _, record_id = upload(center, records[name])
            target = folder / f"{name}.an2"
            done = export(center, record_id, "--out", str(target))
            assert done.returncode == 0, done.stderr
            out[name] = target.read_bytes()
    finally:
        center.close()
    return out


def _when(n: int) -> str:
    """The n-th request's time: a minute apart, from a fixed moment."""
    return f"2026-11-27T03:{n // 60:02d}:{n % 60:02d}.000Z"


def _drop(folder: Path, name: str, document: dict[str, Any]) -> Path:
    """A request written as a forwarder writes one: whole, under a hidden name, renamed."""
    target = folder / REQUESTS / name
    hidden = target.with_name(f".{name}.tmp")
    hidden.write_text(json.dumps(document), encoding="utf-8")
    hidden.rename(target)
    return target


def _request(operation: str, request_id: str, n: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": operation,
        "version": "1.1",
        "requestId": request_id,
        "requesttime": _when(n),
        **fields,
    }


def _answers(folder: Path) -> dict[str, dict[str, Any]]:
    """Every answer in ``responses/`` by its requestId, as JSON (not our parser's reading)."""
    out = {}
    for path in (folder / RESPONSES).glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        out[document["requestId"]] = document
    return out


def _reference(folder: Path, name: str, data: bytes) -> str:
    path = folder / "references" / f"{name}.an2"
    path.write_bytes(data)
    return path.as_uri()


# --- every operation, from outside, through the real command --------------------------------


def test_an_outside_requester_uses_every_operation_on_a_data_folder_that_never_served(
    tmp_path: Path, transactions: dict[str, bytes]
) -> None:
    """Insert, identify with and without an insert, a gallery, delete, ping, pendingJobs and
    referenceCount, answered in ``requesttime`` order whatever the files are called, by
    ``abis answer`` on an empty data folder (it makes the keys it needs)."""
    data, folder = tmp_path / "abis-host", tmp_path / "queue"
    AbisQueue.open(folder)
    url = {name: _reference(folder, name, transactions[name]) for name in ("A", "A2", "B")}
    missing = (folder / "references" / "GONE.an2").as_uri()
    plan = [
        ("p-b", _request(abis.PING, "p-b", 0)),  # two at one moment: by requestId
        ("p-a", _request(abis.PING, "p-a", 0)),
        ("ins-a", _request(abis.INSERT, "ins-a", 1, referenceId="ref-A", referenceURL=url["A"])),
        ("ins-b", _request(abis.INSERT, "ins-b", 2, referenceId="ref-B", referenceURL=url["B"])),
        ("jobs", _request(abis.PENDING_JOBS, "jobs", 3)),
        ("count-2", _request(abis.REFERENCE_COUNT, "count-2", 4)),
        # A probe never inserted: referenceId null, its referenceURL searched, not kept.
        ("probe", _request(abis.IDENTIFY, "probe", 5, referenceId=None, referenceURL=url["A2"])),
        ("count-still-2", _request(abis.REFERENCE_COUNT, "count-still-2", 6)),
        (
            "probe-in-b",
            _request(
                abis.IDENTIFY,
                "probe-in-b",
                7,
                referenceId="PROBE-7",
                referenceURL=url["A2"],
                gallery={"referenceIds": [{"referenceId": "ref-B"}, {"referenceId": "nobody"}]},
            ),
        ),
        ("held", _request(abis.IDENTIFY, "held", 8, referenceId="ref-B", referenceURL="")),
        ("del-a", _request(abis.DELETE, "del-a", 9, referenceId="ref-A")),
        ("probe-again", _request(abis.IDENTIFY, "probe-again", 10, referenceURL=url["A2"])),
        ("count-1", _request(abis.REFERENCE_COUNT, "count-1", 11)),
        ("del-a-again", _request(abis.DELETE, "del-a-again", 12, referenceId="ref-A")),
        ("not-held", _request(abis.IDENTIFY, "not-held", 13, referenceId="ref-X", referenceURL="")),
        ("url-gone", _request(abis.IDENTIFY, "url-gone", 14, referenceId="", referenceURL=missing)),
    ]
    # Named so that the folder's order is the reverse of the requests' times.
    for n, (request_id, document) in enumerate(plan):
        _drop(folder, f"{len(plan) - n:02d}-{request_id}.json", document)

    done = dc_cli(data, "abis", "answer", "--abis-queue", str(folder), "--json")
    assert done.returncode == 0, done.stderr
    assert "made them in" in done.stderr  # no keys here: made, and said so
    assert (data / "keys" / "ca.pem").is_file()
    order = [a["request_id"] for a in json.loads(done.stdout)]
    assert order == ["p-a", "p-b"] + [request_id for request_id, _ in plan[2:]]

    answers = _answers(folder)
    assert set(answers) == {request_id for request_id, _ in plan}
    # Every answer carries exactly the API's fields for its operation.
    assert answers["p-a"].keys() == {"id", "requestId", "responsetime", "returnValue"}
    assert answers["p-a"]["id"] == abis.PING
    assert answers["ins-a"] == answers["ins-a"] | {"id": abis.INSERT, "returnValue": "1"}
    assert answers["jobs"]["jobscount"] == str(len(plan) - 5)  # those after it
    assert answers["jobs"].keys() == {"id", "requestId", "responsetime", "returnValue", "jobscount"}
    assert answers["count-2"]["count"] == "2"
    probe = answers["probe"]["candidateList"]
    assert probe["count"] == "1"
    [candidate] = probe["candidates"]
    assert candidate["referenceId"] == "ref-A"
    assert float(candidate["analytics"]["internalScore"]) >= 1.0
    assert [m["biometricType"] for m in candidate["modalities"]] == ["FIR"]
    assert answers["count-still-2"]["count"] == "2"  # the probe was searched, never kept
    assert answers["probe-in-b"]["candidateList"] == {"count": "0", "candidates": []}
    assert answers["held"]["candidateList"] == {"count": "0", "candidates": []}
    assert answers["del-a"]["returnValue"] == "1"
    assert answers["probe-again"]["candidateList"]["count"] == "0"  # A left the gallery
    assert answers["count-1"]["count"] == "1"
    for request_id, reason in (("del-a-again", "12"), ("not-held", "12"), ("url-gone", "7")):
        assert (answers[request_id]["returnValue"], answers[request_id]["failureReason"]) == (
            "2",
            reason,
        ), request_id
    # What was served is in done/ under its own name; nothing taken or locked is left.
    assert sorted(p.name for p in (folder / REQUESTS).iterdir()) == []
    assert len(list((folder / DONE).glob("*.json"))) == len(plan)

    # The next run opens the gallery again with the keys it made, and makes none.
    _drop(folder, "again.json", _request(abis.REFERENCE_COUNT, "again", 20))
    again = dc_cli(data, "abis", "answer", "--abis-queue", str(folder), "--json")
    assert again.returncode == 0, again.stderr
    assert "made them" not in again.stderr
    assert _answers(folder)["again"]["count"] == "1"


def test_a_gallery_is_searched_alone_before_the_pre_filter_ever_ranks_anyone(
    tmp_path: Path, transactions: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``gallery.referenceIds``: only those references are searched, as a gallery of their own.

    With a shortlist of one person, the whole gallery's pre-filter ranks the probe itself
    first and its mate out; applied after it, the restriction to the mate found nobody.
    """
    engine = OwnSearchEngine(tmp_path / "engine", DataCenterKeys(tmp_path / "keys"))
    folder = tmp_path / "queue"
    queue = AbisQueue.open(folder)
    for n, name in enumerate(("A", "B", "A2")):
        _drop(
            folder,
            f"insert-{name}.json",
            _request(
                abis.INSERT,
                f"i-{name}",
                n,
                referenceId=f"ref-{name}",
                referenceURL=_reference(folder, name, transactions[name]),
            ),
        )
    answer_requests(queue, engine)
    assert len(engine) == 3
    # The pre-filter passes on one person (the probe's own row, if listed, is the other).
    monkeypatch.setattr(index, "COMPARISONS", 0)
    monkeypatch.setattr(index, "FEWEST_PEOPLE", 0)
    for n, (request_id, gallery) in enumerate(
        (("mate-only", ["ref-A"]), ("stranger-only", ["ref-B", "ref-unknown"]))
    ):
        _drop(
            folder,
            f"{request_id}.json",
            _request(
                abis.IDENTIFY,
                request_id,
                10 + n,
                referenceId="ref-A2",
                referenceURL="",
                gallery={"referenceIds": [{"referenceId": r} for r in gallery]},
            ),
        )
    answer_requests(queue, engine)
    answers = _answers(folder)
    assert [c["referenceId"] for c in answers["mate-only"]["candidateList"]["candidates"]] == [
        "ref-A"
    ]
    # The mate outside the list is no one's candidate, however well it matches.
    assert answers["stranger-only"]["candidateList"]["count"] == "0"


# --- order, and two answerers at once ----------------------------------------------------------


class ContentEngine(ImageHashEngine):
    """The mock ABIS, reading a stand-in transaction's last word as its one image."""

    @staticmethod
    def hashes_of(transaction: bytes) -> dict[str, str]:
        return {transaction.split()[-1].decode(): "FIR"}


def test_requests_are_served_by_requesttime_not_by_file_name(tmp_path: Path) -> None:
    """An identify whose file name sorts first, sent after its insert, searches what was
    inserted (served by name, it was answered 12 "not found")."""
    folder = tmp_path / "queue"
    queue = AbisQueue.open(folder)
    url = _reference(folder, "X", b"AN2 stand-in X")
    _drop(
        folder,
        "a-identify.json",
        _request(abis.IDENTIFY, "id-x", 2, referenceId="X", referenceURL=""),
    )
    _drop(
        folder,
        "z-insert.json",
        _request(abis.INSERT, "ins-x", 1, referenceId="X", referenceURL=url),
    )
    # Another office's clock: 10:00:01.500+07:00 is 03:00:01.500Z, between the two.
    _drop(
        folder,
        "m-other.json",
        _request(abis.IDENTIFY, "other", 0, referenceId="Y", referenceURL="")
        | {"requesttime": "2026-11-27T10:00:01.500+07:00"},
    )
    served: list[str] = []
    answer_requests(queue, ContentEngine(), answered=lambda a: served.append(a.request_id))
    assert served == ["ins-x", "other", "id-x"]
    assert _answers(folder)["id-x"]["returnValue"] == "1"


def test_two_answerers_at_the_same_moment_answer_each_request_once(tmp_path: Path) -> None:
    folder = tmp_path / "queue"
    queue = AbisQueue.open(folder)
    sent = []
    for n in range(40):
        request_id = f"r-{n:02d}"
        if n % 2:
            document = _request(abis.PING, request_id, n)
        else:
            url = _reference(folder, f"P{n}", f"AN2 stand-in {n}".encode())
            document = _request(abis.INSERT, request_id, n, referenceId=f"P{n}", referenceURL=url)
        _drop(folder, f"{request_id}.json", document)
        sent.append(request_id)
    engines = [ContentEngine(), ContentEngine()]
    start = threading.Barrier(2)
    answered: list[list[str]] = [[], []]

    def answer(n: int) -> None:
        start.wait()
        answered[n] = [a.request_id for a in answer_requests(queue, engines[n])]

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    both = answered[0] + answered[1]
    assert sorted(both) == sent  # every request, none twice
    assert sorted(_answers(folder)) == sent
    assert len(engines[0]) + len(engines[1]) == 20  # each insert stored once, somewhere
    assert list((folder / REQUESTS).iterdir()) == []  # nothing taken, no lock left


def test_a_request_a_dead_answerer_had_taken_is_put_back_and_answered(tmp_path: Path) -> None:
    folder = tmp_path / "queue"
    queue = AbisQueue.open(folder)
    _drop(folder, "ping.json", _request(abis.PING, "orphan", 0))
    # As an answerer killed while serving it leaves it: taken, and its lock no one's.
    (folder / REQUESTS / "ping.json").rename(folder / REQUESTS / f"{TAKEN}4242.dead-ping.json")
    (folder / REQUESTS / ".answerer-4242.dead.lock").write_bytes(b"")
    assert queue.listing(REQUESTS) == []
    [answered] = answer_requests(queue, ContentEngine())
    assert answered.request_id == "orphan"
    assert (folder / DONE / "ping.json").is_file()
    assert list((folder / REQUESTS).iterdir()) == []


def test_a_request_the_engine_fails_on_is_answered_3_and_the_next_one_served(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug, or a library raising on strange bytes, answers MOSIP's 3 "unexpected error"
    for that request alone: a long-running answerer is not stopped by one bad request."""

    class Broken(ContentEngine):
        def identify(self, reference_id: str, *args: Any, **kwargs: Any) -> Any:
            if reference_id == "poison":
                raise RuntimeError("a bug")
            return super().identify(reference_id, *args, **kwargs)

    folder = tmp_path / "queue"
    queue = AbisQueue.open(folder)
    _drop(
        folder, "1.json", _request(abis.IDENTIFY, "bad", 1, referenceId="poison", referenceURL="")
    )
    _drop(folder, "2.json", _request(abis.PING, "next", 2))
    answered = {a.request_id: a for a in answer_requests(queue, Broken())}
    assert answered["bad"].failure_reason is abis.FailureReason.UNEXPECTED_ERROR
    assert answered["next"].succeeded
    assert "could not be served" in caplog.text


# --- abis answer --watch: a process of its own, stopped by a signal --------------------------


class Watcher:
    """``abis answer --watch --json`` as a process: its JSON lines read as they come."""

    def __init__(self, data: Path, folder: Path) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync.server.cli",
                "abis",
                "answer",
                "--watch",
                "--interval",
                "0.2",
                "--json",
                "--data",
                str(data),
                "--abis-queue",
                str(folder),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=REPO,
            env=database_environment(None),
        )
        self.lines: queues.Queue[dict[str, Any]] = queues.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(json.loads(line))

    def next(self, timeout: float = 60.0) -> dict[str, Any]:
        try:
            return self.lines.get(timeout=timeout)
        except queues.Empty:
            self.process.kill()
            _out, err = self.process.communicate()
            raise AssertionError(f"no answer in {timeout} s: {err}") from None

    def cpu_seconds(self) -> float:
        """The process's user and system CPU so far (Linux: /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self, signum: int) -> tuple[int, str]:
        self.process.send_signal(signum)
        try:
            _out, err = self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self._reader.join(timeout=10)
        return self.process.returncode, err


@pytest.fixture
def watchers() -> Iterator[list[Watcher]]:
    started: list[Watcher] = []
    yield started
    for watcher in started:
        if watcher.process.poll() is None:
            watcher.process.kill()
            watcher.process.communicate()


@pytest.mark.skipif(sys.platform != "linux", reason="a process's CPU read from /proc")
def test_the_watching_answerer_keeps_its_gallery_answers_as_requests_come_and_stops_on_a_signal(
    tmp_path: Path, transactions: dict[str, bytes], watchers: list[Watcher]
) -> None:
    data, folder = tmp_path / "abis-host", tmp_path / "queue"
    queue = AbisQueue.open(folder)
    url = _reference(folder, "A", transactions["A"])
    watcher = Watcher(data, folder)
    watchers.append(watcher)
    _drop(
        folder, "1.json", _request(abis.INSERT, "ins-a", 1, referenceId="ref-A", referenceURL=url)
    )
    assert watcher.next()["request_id"] == "ins-a"
    _drop(folder, "2.json", _request(abis.REFERENCE_COUNT, "count", 2))
    assert watcher.next()["count"] == 1  # held in memory since the insert, not reopened

    # Waiting is a folder listing five times a second, not a busy loop.
    before = watcher.cpu_seconds()
    time.sleep(2.0)
    assert watcher.cpu_seconds() - before < 0.5

    # One engine folder, one answering process: a second is refused at once, in words.
    busy = dc_cli(data, "abis", "answer", "--abis-queue", str(folder))
    assert busy.returncode == 2
    assert "answering with the office's search" in busy.stderr

    code, err = watcher.stop(signal.SIGTERM)
    assert code == 0, err
    assert queue.listing(REQUESTS) == []
    assert list((folder / REQUESTS).iterdir()) == []  # its lock is gone with it

    # Started again, the gallery is opened once from its sealed files; Ctrl+C (SIGINT) stops it.
    again = Watcher(data, folder)
    watchers.append(again)
    _drop(folder, "3.json", _request(abis.REFERENCE_COUNT, "count-again", 3))
    assert again.next()["count"] == 1
    code, err = again.stop(signal.SIGINT)
    assert code == 0, err
    assert "Traceback" not in err
    # Free for the next: a one-shot answer runs now.
    assert dc_cli(data, "abis", "answer", "--abis-queue", str(folder)).returncode == 0
