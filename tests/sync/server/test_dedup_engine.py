"""The office's own search behind MOSIP's ABIS API (issue 48, part 2).

The engine takes what an external ABIS takes, the ANSI/NIST-ITL transaction the queue's
insert names, and answers through the same folder: ``abis submit``, ``abis answer``,
``abis collect`` with the real CLI over a real in-process data center on SQLite, and
the records' states read back as the laptops and the console read them.  Our reader of
the transaction is checked against IDEMIA's ``nistitl`` on a real export.
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING

import nistitl  # type: ignore[import-untyped]
import pytest

from sync.protocol import Reason, RecordState
from sync.server.dedup import an2, matcher
from sync.server.dedup.abis.answerer import EngineRefused
from sync.server.dedup.abis.messages import FailureReason
from sync.server.dedup.engine import OwnSearchEngine, templates_of_transaction
from sync.server.office.steering import Office
from tests.support import OFFICE
from tests.sync.server.dcsupport import dc_cli, list_records
from tests.sync.server.dedupsupport import POSITIONS, center, people, records, upload
from tests.sync.server.test_interchange_export import export, upload_person

if TYPE_CHECKING:
    from pathlib import Path

    from sync.server.intake.service import DataCenter

__all__ = ["center", "people", "records"]  # the fixtures, shared (dedupsupport)


def _abis(center: DataCenter, queue: Path, action: str) -> object:
    done = dc_cli(center.data_dir, "abis", action, "--abis-queue", str(queue), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _exported(
    center: DataCenter, tmp_path: Path, fingers: dict[int, bytes] | None = None, **person: object
) -> bytes:
    """A record's transaction: ``fingers`` (searchable prints), else every modality's noise."""
    Office(center.store).set_office(OFFICE)
    if fingers is None:
        _, record_id = upload_person(center, **person)
    else:
        _, record_id = upload(center, fingers)
    out = tmp_path / "record.an2"
    done = export(center, record_id, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_our_reader_reads_the_records_and_images_nistitl_reads(
    center: DataCenter, tmp_path: Path
) -> None:
    data = _exported(center, tmp_path, missing={4: "amputated"})
    ours = an2.decode(data)
    theirs = nistitl.Message()
    theirs.parse(data)
    assert [r.type for r in ours] == [r.type for r in theirs]
    assert [r.type for r in ours] == [1, 2, *[14] * 10, 10, 17, 17, 8]
    for mine, other in zip(ours[2:], list(theirs)[2:], strict=True):
        image = mine.fields.get(an2.IMAGE_FIELD)
        if mine.type == an2.SIGNATURE:
            *_head, width, height, pixels = other.unpack(">BBBHH")
            assert image == pixels
            assert (mine.text(6), mine.text(7)) == (str(width), str(height))
        elif other["DATA"] is None:
            assert image is None
        else:
            assert image == other["DATA"].value
    fingers = [r for r in ours if r.type == an2.FINGER]
    assert [r.text(13) for r in fingers] == [str(n) for n in range(1, 11)]
    assert an2.IMAGE_FIELD not in fingers[3].fields  # the amputated finger: AMP, no image


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d[:-1], id="cut-short"),
        pytest.param(lambda d: d + b"x", id="bytes-after"),
        pytest.param(lambda d: d.replace(b"1.001:", b"1.001:9", 1), id="len-overshoots"),
        pytest.param(lambda d: b"garbage" + d, id="not-a-transaction"),
        pytest.param(lambda _d: b"", id="empty"),
    ],
)
def test_a_damaged_transaction_is_refused_whole_as_invalid_cbeff(
    center: DataCenter, tmp_path: Path, damage: object
) -> None:
    data = damage(_exported(center, tmp_path))  # type: ignore[operator]
    with pytest.raises(an2.TransactionError):
        an2.decode(data)
    engine = OwnSearchEngine(tmp_path / "engine", center.keys)
    with pytest.raises(EngineRefused) as refused:
        engine.insert("ref-damaged", data)
    assert refused.value.failure is FailureReason.INVALID_CBEFF_FORMAT
    assert len(engine) == 0


def test_templates_from_the_transaction_are_those_of_the_record(
    center: DataCenter, tmp_path: Path
) -> None:
    """Through WSQ the fingers lose a little, but every captured finger is searchable."""
    data = _exported(center, tmp_path, missing={4: "amputated", 9: "unable"})
    templates = templates_of_transaction(data)
    assert set(templates.fingers) | set(templates.poor) == set(range(1, 11)) - {4, 9}
    assert len(templates.hashes) == 8 + 1 + 2  # fingers, face and eyes; never the signature


def test_the_office_search_answers_the_queue_and_the_second_recording_is_a_duplicate(
    center: DataCenter, records: dict[str, dict[int, bytes]], tmp_path: Path
) -> None:
    """Submit, answer with the office's own engine, collect: the states the search gives."""
    Office(center.store).set_office(OFFICE)
    device_a, first = upload(center, records["A"])
    _, other = upload(center, records["B"])
    _, second = upload(center, records["A2"])
    queue = tmp_path / "abis"
    sent = _abis(center, queue, "submit")
    assert [s["record_id"] for s in sent["sent"]] == [first, other, second]  # type: ignore[index]
    answered = _abis(center, queue, "answer")
    assert [a["return_value"] for a in answered] == ["1"] * 6  # type: ignore[attr-defined]
    collected = _abis(center, queue, "collect")
    verdicts = {d["record_id"]: d for d in collected["decisions"]}  # type: ignore[index]
    assert {r: verdicts[r]["verdict"] for r in (first, other, second)} == {
        first: "print_ready",
        other: "print_ready",
        second: "duplicate",
    }
    listed = {r["record_id"]: r for r in list_records(center.data_dir)}
    assert listed[first]["state"] == listed[other]["state"] == "PRINT_READY_RECORD"
    assert listed[second]["state"] == "DUPLICATE_RECORD"
    [candidate] = listed[second]["candidates"]
    assert (candidate["record_id"], candidate["device_id"]) == (first, device_a)
    assert candidate["matches"][0]["part"] == "abis"
    assert candidate["score"] >= matcher.FINGER_MATCH_THRESHOLD
    assert listed[second]["reason"] == str(Reason.DUPLICATE_CANDIDATES)

    # Nothing decided twice: another pass finds nothing to answer or to collect.
    assert _abis(center, queue, "answer") == []
    assert _abis(center, queue, "collect")["decisions"] == []  # type: ignore[index]


def test_the_engine_keeps_its_references_sealed_and_opens_them_again_with_the_keys(
    center: DataCenter, records: dict[str, dict[int, bytes]], tmp_path: Path
) -> None:
    data = _exported(center, tmp_path, records["A"])
    root = tmp_path / "engine"
    engine = OwnSearchEngine(root, center.keys)
    engine.insert("ref-1", data)
    with pytest.raises(EngineRefused) as again:
        engine.insert("ref-1", data)
    assert again.value.failure is FailureReason.REFERENCE_ID_EXISTS
    [kept] = root.iterdir()
    assert kept.stat().st_mode & 0o077 == 0
    raw = kept.read_bytes()
    templates = templates_of_transaction(data)
    assert not any(t[30:60] in raw for t in templates.fingers.values())  # no minutiae in clear
    assert all(h.encode() not in raw for h in templates.hashes)

    reopened = OwnSearchEngine(root, center.keys)
    assert len(reopened) == 1
    assert reopened.identify("ref-1", None, None) == []
    with pytest.raises(EngineRefused) as unknown:
        reopened.identify("ref-2", None, None)
    assert unknown.value.failure is FailureReason.REFERENCE_ID_NOT_FOUND

    moved = root / "copied.sealed"
    moved.write_bytes(raw.replace(b'"ref-1"', b'"ref-9"'))  # bound to its reference
    assert len(OwnSearchEngine(root, center.keys)) == 1


def test_two_inserts_of_one_reference_at_once_keep_one(
    center: DataCenter, records: dict[str, dict[int, bytes]], tmp_path: Path
) -> None:
    data = _exported(center, tmp_path, records["A"])
    engine = OwnSearchEngine(tmp_path / "engine", center.keys)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def insert() -> None:
        start.wait()
        try:
            engine.insert("ref-1", data)
            outcomes.append("inserted")
        except EngineRefused as exc:
            outcomes.append(f"refused:{int(exc.failure)}")

    threads = [threading.Thread(target=insert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["inserted", "refused:10"]
    assert len(engine) == 1
    assert len(list((tmp_path / "engine").iterdir())) == 1


def test_a_record_with_no_usable_image_is_refused_for_quality(
    center: DataCenter, records: dict[str, dict[int, bytes]], tmp_path: Path
) -> None:
    """Fewer than two usable fingers and no face: 18, which the office reads as a recapture."""
    Office(center.store).set_office(OFFICE)
    _, lonely = upload(center, {POSITIONS[0]: records["B"][POSITIONS[0]]})
    queue = tmp_path / "abis"
    _abis(center, queue, "submit")
    answered = _abis(center, queue, "answer")
    assert [a["failure_reason"] for a in answered] == [18, 12]  # type: ignore[attr-defined]
    # The identify's answer first in the folder (answers are named by random request ids,
    # and matched by the id inside): only the insert's 18 says it is the images.
    insert, identify = (a["request_id"] for a in answered)  # type: ignore[attr-defined]
    responses = queue / "responses"
    (responses / f"{identify}.json").rename(responses / "0-identify.json")
    (responses / f"{insert}.json").rename(responses / "z-insert.json")
    collected = _abis(center, queue, "collect")
    [decision] = collected["decisions"]  # type: ignore[index]
    assert (decision["record_id"], decision["state"]) == (lonely, "ENROLL_FAILURE")
    [row] = [r for r in list_records(center.data_dir) if r["record_id"] == lonely]
    assert row["state"] == str(RecordState.ENROLL_FAILURE)
    assert row["reason"] == str(Reason.IMAGES_UNSEARCHABLE)
