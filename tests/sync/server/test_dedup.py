"""Penunggalan at the office: a real search of real sealed records (issue 48, part 2).

People are synthetic prints (``dedupsupport``): a few fingers each, built once for the
module; a second impression of a person is the same fingers placed again (rotated,
shifted, partly off the glass, pressed differently).  Records are sealed by a laptop's
real sealing and uploaded to a real in-process data center on SQLite; the search opens
them with the data center's keys, as ``dedup run`` does.  What is about two searchers at
once, or one killed, is in ``test_dedup_at_once.py`` on PostgreSQL.
"""

from __future__ import annotations

import base64
import itertools
import json
import sqlite3
import threading
import time
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from fieldkit.sealing import SealError, open_from
from sync.protocol import Reason, RecordState, b64decode
from sync.server import catalogue, workers
from sync.server.accounts.roles import Actor, Role
from sync.server.accounts.trail import write_audit
from sync.server.dedup import gallery, index, matcher
from sync.server.dedup.adjudicate import ADJUDICATED, Decision, adjudicate
from sync.server.dedup.queue import Outcome, Searcher, take
from sync.server.errors import DataCenterError
from sync.server.intake.service import DataCenter
from sync.server.intake.states import set_later_state
from sync.server.store.stamps import iso
from sync.server.store.tables import console_audit, dedup_templates
from tests.sync.server.dcsupport import dc_cli, list_records
from tests.sync.server.dedupsupport import (
    POSITIONS,
    center,
    face_frame,
    no_face,
    people,
    records,
    upload,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from sqlalchemy.engine import Connection

    from sync.server.store.rows import StoredRecord

__all__ = ["center", "people", "records"]  # the module's fixtures, shared (dedupsupport)

ADMIN = Actor("admin_kantor", Role.ADMIN)


def search(center: DataCenter) -> dict[str, Outcome]:
    """``dedup run --once`` in this process: record id -> what became of it."""
    done = Searcher(center.store, center.blobs, center.keys).run_once()
    return {d.record_id: d.outcome for d in done}


def state(center: DataCenter, record_id: str) -> tuple[RecordState, str | None, str | None]:
    [holder] = center.store.devices_holding(record_id)
    stored = center.store.record(holder, record_id)
    assert stored is not None
    return stored.state, stored.reason, stored.message


def feed(center: DataCenter, device_id: str) -> list[tuple[str, str, str | None, str | None]]:
    """What the record's laptop reads in its status feed: (record, state, reason, message)."""
    device = center.store.device(device_id)
    assert device is not None
    answer = center.status(device, 0, 100)
    return [
        (e.record_id, str(e.state), None if e.reason is None else str(e.reason), e.message)
        for e in answer.entries
    ]


# --- the thresholds ----------------------------------------------------------------------


def test_a_second_impression_scores_above_the_mark_and_other_fingers_below(
    people: dict[str, dict[int, NDArray[np.uint8]]],
) -> None:
    """On the simulator's prints one finger alone decides rightly both ways (plumbing only).

    The marks themselves come from real prints (``test_real_prints.py`` and the benchmark):
    a simulated second impression clears the one-finger person mark, and no simulated
    stranger's finger reaches it (one in 2,340 may pass FINGER_MATCH_THRESHOLD, the
    naming level at one stranger pair in 10,000, as a real one may).
    """
    templates = {
        (name, p): matcher.finger_template(image)
        for name, fingers in people.items()
        for p, image in fingers.items()
    }
    assert all(t is not None for t in templates.values())
    loaded = {
        key: matcher.load("d", "r", matcher.Templates({1: t}))  # type: ignore[dict-item]
        for key, t in templates.items()
    }

    def score(first: tuple[str, int], second: tuple[str, int]) -> float:
        return matcher.finger_scores(loaded[first], loaded[second])[1]

    genuine = [score(("A", p), ("A2", p)) for p in POSITIONS]
    impostor = [
        score(x, y)
        for x, y in itertools.combinations(sorted(loaded), 2)
        if not ({x[0], y[0]} == {"A", "A2"} and x[1] == y[1])
    ]
    assert min(genuine) >= matcher.person_threshold(1), genuine
    assert max(impostor) < matcher.person_threshold(1), impostor


# --- the search ------------------------------------------------------------------------------


def test_a_second_impression_is_a_duplicate_naming_the_first_and_another_person_prints(
    center: DataCenter, records: dict[str, dict[int, bytes]]
) -> None:
    device_a, first = upload(center, records["A"])
    _, other = upload(center, records["B"])
    device_a2, second = upload(center, records["A2"])

    done = dc_cli(center.data_dir, "dedup", "run", "--once", "--json")
    assert done.returncode == 0, done.stderr
    outcomes = {d["record_id"]: d for d in json.loads(done.stdout)}
    assert {r: outcomes[r]["outcome"] for r in (first, other, second)} == {
        first: "print_ready",
        other: "print_ready",
        second: "duplicate",
    }
    assert state(center, first)[0] is RecordState.PRINT_READY_RECORD
    assert state(center, other)[0] is RecordState.PRINT_READY_RECORD
    assert state(center, second)[:2] == (
        RecordState.DUPLICATE_RECORD,
        str(Reason.DUPLICATE_CANDIDATES),
    )

    listed = {r["record_id"]: r for r in list_records(center.data_dir)}
    assert listed[second]["state"] == "DUPLICATE_RECORD"
    [candidate] = listed[second]["candidates"]
    assert (candidate["record_id"], candidate["device_id"]) == (first, device_a)
    assert not candidate["replay"]
    parts = {m["part"]: m["score"] for m in candidate["matches"]}
    assert set(parts) == {str(p) for p in POSITIONS}  # every finger, position by position
    assert min(parts.values()) >= matcher.FINGER_MATCH_THRESHOLD
    assert candidate["score"] == max(parts.values())
    assert "candidates" not in listed[first]  # only a DUPLICATE_RECORD lists them
    # The laptops read the states in their status feeds.
    assert (second, "DUPLICATE_RECORD", "duplicate_candidates", None) in feed(center, device_a2)
    assert (first, "PRINT_READY_RECORD", None, None) in feed(center, device_a)

    # Run again: nothing waits, nothing is decided twice.
    again = dc_cli(center.data_dir, "dedup", "run", "--once")
    assert again.returncode == 0, again.stderr
    assert "0 searched" in again.stdout
    states = [f[1] for f in feed(center, device_a2) if f[0] == second]
    assert states == ["RECEIVED", "ACCEPTED", "DUPLICATE_RECORD"]


def test_with_a_shortlist_of_one_the_pre_filter_still_puts_the_same_person_first(
    center: DataCenter, records: dict[str, dict[int, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bozorth3 compares only the pre-filter's best person: MINDTCT's minutiae of real
    images rank the second impression's person above another (the shortlist holds 8 to 60
    people at an office; one here, so a wrong ranking would miss the duplicate)."""
    _, first = upload(center, records["A"])
    _, other = upload(center, records["B"])
    assert search(center) == {first: Outcome.PRINT_READY, other: Outcome.PRINT_READY}
    monkeypatch.setattr(index, "COMPARISONS", 1)
    monkeypatch.setattr(index, "FEWEST_PEOPLE", 1)
    _, second = upload(center, records["A2"])
    assert search(center) == {second: Outcome.DUPLICATE}
    listed = {r["record_id"]: r for r in list_records(center.data_dir)}
    assert {c["record_id"] for c in listed[second]["candidates"]} == {first}


def test_a_replayed_file_is_flagged_as_a_replay_not_as_a_second_capture(
    center: DataCenter, records: dict[str, dict[int, bytes]]
) -> None:
    _, first = upload(center, records["A"])
    assert search(center) == {first: Outcome.PRINT_READY}
    # The same bytes again under another record: a file copied, not a person recorded twice.
    device, replayed = upload(center, {1: records["A"][1], 2: records["A2"][2]})
    assert search(center) == {replayed: Outcome.REPLAY}
    assert state(center, replayed)[:2] == (
        RecordState.DUPLICATE_RECORD,
        str(Reason.REPLAYED_IMAGES),
    )
    listed = {r["record_id"]: r for r in list_records(center.data_dir)}
    [candidate] = listed[replayed]["candidates"]
    assert candidate["record_id"] == first
    assert candidate["replay"]
    # Flagged as the replay only: the fingers are not scored as a match as well.
    assert [m["part"] for m in candidate["matches"]] == ["replay"]
    assert (replayed, "DUPLICATE_RECORD", "replayed_images", None) in feed(center, device)


def test_a_record_with_every_finger_missing_and_no_face_is_an_enroll_failure(
    center: DataCenter,
) -> None:
    missing = dict.fromkeys(range(1, 11), "amputated")
    device, record_id = upload(center, {}, face=no_face(), missing=missing)
    assert search(center) == {record_id: Outcome.ENROLL_FAILURE}
    words = catalogue.text("id", "dedup.images_unsearchable", context="dedup")
    assert words != catalogue.text("en", "dedup.images_unsearchable", context="dedup")
    assert state(center, record_id) == (
        RecordState.ENROLL_FAILURE,
        str(Reason.IMAGES_UNSEARCHABLE),
        words,
    )
    # The laptop reads it (it treats ENROLL_FAILURE as a recapture), reason in Indonesian.
    assert (record_id, "ENROLL_FAILURE", "images_unsearchable", words) in feed(center, device)
    # Nothing of it joined the gallery.
    with center.store.reading() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(dedup_templates)).scalar() == 0


def test_the_face_is_a_second_opinion_where_the_fingers_cannot_decide(
    center: DataCenter, records: dict[str, dict[int, bytes]]
) -> None:
    _, first = upload(center, records["A"], face=face_frame(0))
    assert search(center) == {first: Outcome.PRINT_READY}
    # The same face photographed again, one worn finger left (B's, who is not A).
    _, worn = upload(
        center,
        {6: records["B"][6]},
        face=face_frame(30),
        missing=dict.fromkeys((1, 2, 3, 4, 5, 7, 8, 9, 10), "unable"),
    )
    assert search(center) == {worn: Outcome.DUPLICATE}
    listed = {r["record_id"]: r for r in list_records(center.data_dir)}
    [candidate] = listed[worn]["candidates"]
    assert candidate["record_id"] == first
    [match] = candidate["matches"]
    assert match["part"] == "face"
    assert match["score"] >= matcher.FACE_MATCH_THRESHOLD


def test_the_gallery_is_sealed_at_rest_and_opens_only_with_the_keys(
    center: DataCenter, records: dict[str, dict[int, bytes]]
) -> None:
    device_id, record_id = upload(center, records["B"])
    search(center)
    with center.store.reading() as conn:
        [row] = conn.execute(sa.select(dedup_templates)).all()
    opened = matcher.Templates.from_bytes(
        open_from(
            center.keys.encryption_keys[row.kid],
            b64decode(row.sealed),
            info=gallery._info(device_id, record_id, row.kid),
        )
    )
    assert set(opened.fingers) == set(POSITIONS)
    # No template, nor a piece of one, is anywhere in the database file.
    database = b"".join(p.read_bytes() for p in center.data_dir.glob("datacenter.sqlite3*"))
    for template in opened.fingers.values():
        assert template[30:60] not in database
        assert base64.b64encode(template)[40:80] not in database
    with sqlite3.connect(center.data_dir / "datacenter.sqlite3") as raw:
        sealed = raw.execute("SELECT sealed FROM dedup_templates").fetchone()[0]
    assert b"fingers" not in b64decode(sealed)
    # Bound to its record: moved to another row's record, it does not open.
    with pytest.raises(SealError):
        open_from(
            center.keys.encryption_keys[row.kid],
            b64decode(row.sealed),
            info=gallery._info(device_id, "another-record", row.kid),
        )


# --- adjudication ---------------------------------------------------------------------------


@pytest.fixture
def pair(center: DataCenter, records: dict[str, dict[int, bytes]]) -> tuple[str, str, str, str]:
    """A searched office: A (print ready), B (print ready), A2 (a duplicate naming A)."""
    _, first = upload(center, records["A"])
    _, other = upload(center, records["B"])
    device_a2, second = upload(center, records["A2"])
    assert search(center)[second] is Outcome.DUPLICATE
    return first, other, second, device_a2


def audit_lines(center: DataCenter) -> list[tuple[str, str, str | None]]:
    with center.store.reading() as conn:
        rows = conn.execute(
            sa.select(console_audit).where(console_audit.c.action == ADJUDICATED)
        ).all()
    return [(r.actor, r.action, r.detail) for r in rows]


def test_not_a_duplicate_makes_the_record_print_ready_audited_with_who_and_why(
    center: DataCenter, pair: tuple[str, str, str, str]
) -> None:
    first, _, second, device = pair
    done = adjudicate(
        center.store,
        who=ADMIN,
        record_id=second,
        decision=Decision.NOT_DUPLICATE,
        other=None,
        reason="Kembar identik, KK berbeda, sudah dicek",
    )
    assert (done.state, done.closed) == (RecordState.PRINT_READY_RECORD, None)
    assert state(center, second) == (RecordState.PRINT_READY_RECORD, "adjudicated", None)
    assert state(center, first)[0] is RecordState.PRINT_READY_RECORD
    [(actor, _, detail)] = audit_lines(center)
    assert actor == "admin_kantor"
    assert detail is not None
    assert second in detail
    assert "not_duplicate" in detail
    assert "Kembar identik" in detail
    assert (second, "PRINT_READY_RECORD", "adjudicated", None) in feed(center, device)


def test_a_duplicate_closes_the_newer_record_with_the_reason_and_the_older_stands(
    center: DataCenter, pair: tuple[str, str, str, str]
) -> None:
    first, _, second, device = pair
    reason = "Orang yang sama, direkam dua kali di desa berbeda"
    done = dc_cli(
        center.data_dir,
        "records",
        "adjudicate",
        second,
        "--duplicate-of",
        first,
        "--reason",
        reason,
        "--json",
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert (answer["state"], answer["closed"], answer["other"]) == (
        "DUPLICATE_CLOSED",
        second,
        first,
    )
    assert state(center, second) == (RecordState.DUPLICATE_CLOSED, "adjudicated", reason)
    assert state(center, first)[0] is RecordState.PRINT_READY_RECORD
    [(actor, _, detail)] = audit_lines(center)
    assert actor.startswith("cli:")
    assert detail is not None
    assert f"closed {device} {second}" in detail
    assert reason in detail
    assert (second, "DUPLICATE_CLOSED", "adjudicated", reason) in feed(center, device)
    # Closed, it leaves the gallery: a third impression of A names A alone.
    assert {
        (e.device_id, e.record_id)
        for e in gallery.Gallery(center.keys).current(center.store)
        if e.record_id == second
    } == set()


def test_when_the_older_record_was_flagged_the_newer_is_closed(
    center: DataCenter, records: dict[str, dict[int, bytes]]
) -> None:
    """Two searches at once: the older one saw the newer; deciding it closes the newer."""
    _, first = upload(center, records["A"])
    _, second = upload(center, records["A2"])
    early, late = (Searcher(center.store, center.blobs, center.keys) for _ in range(2))
    taken_first = take(center.store, early.holder)
    taken_second = take(center.store, late.holder)
    assert taken_first is not None
    assert taken_second is not None
    assert (taken_first.record_id, taken_second.record_id) == (first, second)
    # The newer is searched first (the older's templates not in the gallery yet)...
    assert late.search(taken_second).outcome is Outcome.PRINT_READY
    # ...so the older one finds it.
    assert early.search(taken_first).outcome is Outcome.DUPLICATE
    done = adjudicate(
        center.store,
        who=ADMIN,
        record_id=first,
        decision="duplicate",
        other=second,
        reason="Sama orangnya; yang lama dipertahankan",
    )
    assert (done.state, done.closed) == (RecordState.PRINT_READY_RECORD, second)
    assert state(center, second)[0] is RecordState.DUPLICATE_CLOSED
    assert state(center, first)[0] is RecordState.PRINT_READY_RECORD


def test_adjudication_refusals_name_their_codes_and_change_nothing(
    center: DataCenter, pair: tuple[str, str, str, str]
) -> None:
    first, other, second, _ = pair

    def refused(**kwargs: object) -> str:
        call: dict[str, object] = {
            "who": ADMIN,
            "record_id": second,
            "decision": Decision.DUPLICATE,
            "other": first,
            "reason": "Orang yang sama, sudah dicek",
        } | kwargs
        with pytest.raises(DataCenterError) as caught:
            adjudicate(center.store, **call)  # type: ignore[arg-type]
        return caught.value.code

    assert refused(record_id="no-such-record") == "record_unknown"
    assert refused(record_id=first) == "dedup_not_awaiting_adjudication"
    assert refused(other=other) == "dedup_other_not_candidate"
    assert refused(reason="dup") == "dedup_reason_too_short"
    assert refused(other=None) == "dedup_other_needed"
    assert refused(decision=Decision.NOT_DUPLICATE) == "dedup_other_unexpected"
    assert refused(decision="maybe") == "dedup_decision_unknown"
    assert state(center, second)[0] is RecordState.DUPLICATE_RECORD
    assert audit_lines(center) == []
    # Decided once, a second decision finds nothing waiting.
    adjudicate(
        center.store,
        who=ADMIN,
        record_id=second,
        decision=Decision.NOT_DUPLICATE,
        other=None,
        reason="Bukan orang yang sama, sidik beda",
    )
    assert refused(decision=Decision.NOT_DUPLICATE, other=None) == (
        "dedup_not_awaiting_adjudication"
    )
    # The command says it in words, and exits 2.
    done = dc_cli(
        center.data_dir, "records", "adjudicate", second, "--not-duplicate", "--reason", "x"
    )
    assert done.returncode == 2
    assert "at least 10 characters" in done.stderr


def set_later(center: DataCenter, record_id: str, state: RecordState, why: str = "") -> str:
    """``records set-state``'s change in this process: "" when done, else the refusal's code."""

    def audit(conn: Connection, record: StoredRecord) -> None:
        write_audit(conn, time.time(), actor="cli:test", action="record_state_set", account="t")

    try:
        set_later_state(
            center.store, record_id, state, iso(time.time()), reason=why or None, audit=audit
        )
    except DataCenterError as refused:
        return refused.code
    return ""


def test_set_state_cannot_skip_the_offices_decision_but_may_ask_for_new_prints(
    center: DataCenter, pair: tuple[str, str, str, str]
) -> None:
    first, _, second, device = pair
    for later in (RecordState.DEDUPLICATED, RecordState.PRINTED):
        assert set_later(center, second, later) == "datacenter_record_awaits_adjudication"
    assert state(center, second)[0] is RecordState.DUPLICATE_RECORD
    refused = dc_cli(
        center.data_dir, "records", "set-state", second, "PRINTED", "--reason", "Sudah dicek"
    )
    assert refused.returncode == 2  # the data center's refusal, as for adjudicate
    assert "waits for the office's decision" in refused.stderr
    assert "records adjudicate" in refused.stderr
    # New prints to decide on: a recapture goes back to the team with its words.
    why = "Sidik jari kurang jelas untuk diputuskan"
    assert set_later(center, second, RecordState.RECAPTURE, why) == ""
    assert (second, "RECAPTURE", "recapture_requested", why) in feed(center, device)
    assert set_later(center, first, RecordState.PRINTED) == ""  # a print-ready one moves on


def test_a_closed_duplicate_moves_no_further(
    center: DataCenter, pair: tuple[str, str, str, str]
) -> None:
    first, _, second, _ = pair
    adjudicate(
        center.store,
        who=ADMIN,
        record_id=second,
        decision=Decision.DUPLICATE,
        other=first,
        reason="Orang yang sama, wajah dan sidik cocok",
    )
    for later in (RecordState.PRINTED, RecordState.RECAPTURE):
        code = set_later(center, second, later, "Rekam ulang saja")
        assert code == "datacenter_record_closed_duplicate"
    assert state(center, second)[0] is RecordState.DUPLICATE_CLOSED


def test_a_state_set_from_a_state_read_earlier_is_refused_once_the_record_moved(
    center: DataCenter, pair: tuple[str, str, str, str]
) -> None:
    """As a search deciding the record between an operator's read and write."""
    first, _, _, _ = pair
    [holder] = center.store.devices_holding(first)
    with pytest.raises(DataCenterError) as caught:
        center.store.set_state(
            holder, first, RecordState.PRINTED, iso(time.time()), expected=RecordState.ACCEPTED
        )
    assert (caught.value.status, caught.value.code) == (409, "datacenter_state_changed")
    assert state(center, first)[0] is RecordState.PRINT_READY_RECORD
    with pytest.raises(DataCenterError) as unknown:
        center.store.set_state(
            holder, "no-such-record", RecordState.PRINTED, "x", expected=RecordState.ACCEPTED
        )
    assert unknown.value.status == 404


def test_two_operators_moving_one_record_at_once_leave_one_history_line_each_done(
    center: DataCenter, pair: tuple[str, str, str, str]
) -> None:
    first, _, _, _ = pair
    [device] = center.store.devices_holding(first)
    before = len(feed(center, device))
    both = threading.Barrier(2)
    codes: list[str] = []

    def move(later: RecordState) -> None:
        both.wait()
        codes.append(set_later(center, first, later, "Foto buram, rekam ulang"))

    threads = [
        threading.Thread(target=move, args=(later,))
        for later in (RecordState.RECAPTURE, RecordState.PRINTED)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Neither move may follow the other (service.HAND_MOVES): one is done, one refused.
    assert sorted(codes) in (
        ["", "datacenter_state_changed"],
        ["", "datacenter_state_move_refused"],
    )
    assert state(center, first)[0] in {RecordState.RECAPTURE, RecordState.PRINTED}
    assert len(feed(center, device)) - before == codes.count("")


def test_serve_searches_in_the_background_what_arrives(
    center: DataCenter, records: dict[str, dict[int, bytes]]
) -> None:
    """``serve --dedup``: each serving process runs a searcher thread beside the service."""
    worker = workers.start_dedup(center)
    try:
        assert worker.idle.wait(60)  # nothing waits yet
        _, first = upload(center, records["B"])
        worker.wake()  # what IDLE_WAIT_S would do a few seconds later
        assert worker.idle.wait(60)
        assert state(center, first)[0] is RecordState.PRINT_READY_RECORD
    finally:
        worker.stop()
