"""Penunggalan at an office's scale and a regency's: one record searched against N people.

    .venv/bin/python benchmarks/bench_dedup.py [--people 10000] [--planted 100]
        [--strangers 1000] [--real DIR] [--cache DIR] [--work DIR] [--cold]

The gallery: ``--people`` synthetic people, ten fingers each, as ISO 19794-2 templates
(``drivers.fingerprint.templates``: no print drawn), with their pre-filter vectors as the
index keeps them (bytes).  It is built once, on every core, and kept in ``--cache`` in
chunks (its building time is reported apart, and only when it was built).  With
``--real DIR``, the first people are real two-finger people instead (impression 1 in the
gallery, impression 2 searched), as many as ``--planted``.

Then the data center's own path: the people become rows of a real store (SQLite) with
their templates sealed as ``sync.server.dedup.gallery.keep`` seals them, the searcher's
sealed snapshot is written, and **a fresh process** starts a searcher's gallery from it
(``Gallery.current``: the snapshot read, checked against the store's rows) and searches
each probe with ``matcher.search`` as the data center does.  That process reports its
start-up time, its peak memory and each search's time.  ``--cold`` also starts one
without the snapshot (every row opened: minutes at 100,000).

The probes: ``--planted`` second impressions of gallery people (another capture of the
same ten fingers: moved, turned, stretched, partly off the glass, minutiae missed and
false ones found), which must all be found, and ``--strangers`` people who are not in
the gallery, whose false candidates must stay at 1 % or under.  The baseline, measured
in the same run, is one finger compared with another (Bozorth3 and MCC) and what a
search without the pre-filter would cost at that rate (ten comparisons a person).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from drivers.fingerprint.templates import person_templates, second_impressions
from sync.protocol import RecordState
from sync.server.dedup import evaluation, gallery, index, matcher, snapshot
from sync.server.keys import DataCenterKeys
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import dedup_templates, records

GOAL_10K_S = 1.0
GOAL_100K_S = 5.0
CHUNK_PEOPLE = 2_000
LAPTOP = "bench-laptop"
#: A real record's face descriptor (LBP on a 6 x 7 grid) and image hashes (ten fingers,
#: a face, two irises, a signature): the bench's people carry as many, so the memory
#: measured is a real gallery's.
FACE_DIMENSIONS = 2478
IMAGES_A_RECORD = 14


def _extras(person: int) -> tuple[tuple[float, ...], frozenset[str]]:
    """A person's stand-in face descriptor (unit length, non-negative) and image hashes."""
    rng = np.random.default_rng(1_000_000 + person)
    face = np.sqrt(rng.random(FACE_DIMENSIONS)).astype(np.float32)
    face /= np.linalg.norm(face)
    hashes = frozenset(rng.bytes(32).hex() for _ in range(IMAGES_A_RECORD))
    return tuple(float(v) for v in face), hashes


def _chunk_path(cache: Path, start: int) -> Path:
    return cache / f"dedup-chunk-v{index.DIMENSIONS}q-{start}-{CHUNK_PEOPLE}.npz"


def _build_chunk(cache: Path, start: int) -> float:
    """One chunk of people: their templates, and their vectors as the index keeps them."""
    started = time.perf_counter()
    people = [person_templates(p) for p in range(start, start + CHUNK_PEOPLE)]
    vectors = np.stack([index.person_vectors(dict(enumerate(t, start=1))) for t in people])
    codes, scales = index.quantised(vectors)
    flat = [t for person in people for t in person]
    partial = cache / f"{_chunk_path(cache, start).name}.partial.npz"
    np.savez(
        partial,
        templates=np.frombuffer(b"".join(flat), dtype=np.uint8),
        ends=np.cumsum([len(t) for t in flat]),
        codes=codes,
        scales=scales,
    )
    partial.replace(_chunk_path(cache, start))
    return time.perf_counter() - started


def _gallery(people: int, cache: Path) -> tuple[list[list[bytes]], list[np.ndarray], float]:
    """The gallery's templates and (dequantised) vectors chunk by chunk, built where missing."""
    cache.mkdir(parents=True, exist_ok=True)
    starts = range(0, people, CHUNK_PEOPLE)
    missing = [s for s in starts if not _chunk_path(cache, s).is_file()]
    started = time.perf_counter()
    if missing:
        with concurrent.futures.ProcessPoolExecutor(os.cpu_count()) as pool:
            list(pool.map(_build_chunk, [cache] * len(missing), missing))
    built = time.perf_counter() - started if missing else 0.0
    templates: list[list[bytes]] = []
    vectors: list[np.ndarray] = []
    for start in starts:
        kept = np.load(_chunk_path(cache, start))
        blob, ends = kept["templates"].tobytes(), kept["ends"]
        begins = np.concatenate([[0], ends[:-1]])
        flat = [blob[b:e] for b, e in zip(begins, ends, strict=True)]
        count = min(CHUNK_PEOPLE, people - start)
        templates.extend(flat[p * 10 : p * 10 + 10] for p in range(count))
        codes, scales = kept["codes"][:count], kept["scales"][:count]
        vectors.extend((codes[p].astype(np.float32) * scales[p][:, None]) for p in range(count))
    return templates, vectors, built


def _real_people(root: Path, most: int) -> list[tuple[dict[int, bytes], dict[int, bytes]]]:
    """Real two-finger people from ``root``'s sets: (first impression, second impression)."""
    sets = [
        evaluation.read_set(folder)
        for folder in sorted(root.iterdir())
        if folder.is_dir() and not folder.name.startswith("_")
    ]
    templates = evaluation.templates_of_sets(sets)
    people = []
    for person in evaluation.two_finger_people(sets):
        enrolled = evaluation.person_fingers(templates, person, 1)
        probe = evaluation.person_fingers(templates, person, 2)
        if len(enrolled) == len(probe) == 2:
            people.append((enrolled, probe))
    return people[:most]


def _record_id(person: int) -> str:
    return f"person-{person}"


def _templates(person: int, fingers: dict[int, bytes]) -> matcher.Templates:
    face, hashes = _extras(person)
    return matcher.Templates(fingers=fingers, face=face, hashes=hashes)


def _store(work: Path, keys: DataCenterKeys, fingers: list[dict[int, bytes]]) -> SqlStore:
    """A store whose gallery holds every person: a record row, its templates sealed."""
    store = SqlStore(sqlite_url(work))
    batch = 1_000
    for start in range(0, len(fingers), batch):
        chunk = range(start, min(start + batch, len(fingers)))
        with store.writing() as conn:
            conn.execute(
                records.insert(),
                [
                    {
                        "device_id": LAPTOP,
                        "record_id": _record_id(p),
                        "seq": p + 1,
                        "kid": "office-key",
                        "sha256": "0" * 64,
                        "size": 1,
                        "record_signature": "s",
                        "state": RecordState.PRINT_READY_RECORD.value,
                        "received_at": "2026-11-20T03:00:00.000000Z",
                        "receipt": "{}",
                    }
                    for p in chunk
                ],
            )
            conn.execute(
                dedup_templates.insert(),
                [
                    gallery.sealed_row(keys, LAPTOP, _record_id(p), _templates(p, fingers[p]))
                    for p in chunk
                ],
            )
    return store


def _snapshot(
    work: Path, store: SqlStore, keys: DataCenterKeys, fingers: list[dict[int, bytes]],
    vectors: list[np.ndarray],
) -> tuple[Path, float]:  # fmt: skip
    """The searcher's snapshot of this gallery, as a searcher that opened every row writes it."""
    with store.reading() as conn:
        seq_of = dict(
            conn.execute(sa.select(dedup_templates.c.record_id, dedup_templates.c.seq)).all()
        )
    built = index.Index()
    entries = []
    for person, person_vectors in enumerate(vectors):
        face, hashes = _extras(person)
        built.add(person_vectors, np.asarray(face, dtype=np.float32), hashes)
        entries.append(
            matcher.held(
                matcher.Loaded(LAPTOP, _record_id(person), None, hashes, templates=fingers[person])
            )
        )
    seqs = [seq_of[_record_id(p)] for p in range(len(fingers))]
    path = work / "penunggalan" / "gallery.sealed"
    started = time.perf_counter()
    snapshot.write(path, keys, seqs, entries, built)
    return path, time.perf_counter() - started


def _memory_mb(field: str) -> float | None:
    """This process's resident memory now (``VmRSS``) or at its peak (``VmHWM``), in MB.

    Read from ``/proc`` (None where there is none): ``getrusage``'s peak is carried over
    ``exec`` on Linux, so a searcher started by this script would report the script's own.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return None


def searcher(work: Path, *, use_snapshot: bool) -> dict[str, Any]:
    """A fresh searcher's start and searches (run in its own process)."""
    keys = DataCenterKeys(work / "keys")
    store = SqlStore(sqlite_url(work))
    opened = gallery.Gallery(
        keys,
        snapshot=work / "penunggalan" / "gallery.sealed" if use_snapshot else None,
        snapshot_after=10**9,
    )
    started = time.perf_counter()
    entries = opened.current(store)
    start_up = time.perf_counter() - started
    memory = _memory_mb("VmRSS")
    probes: list[tuple[str, int, dict[int, bytes]]] = pickle.loads(  # noqa: S301 - our own file
        (work / "probes.pickle").read_bytes()
    )
    times, filters = [], []
    misses = false_people = 0
    for kind, subject, fingers in probes:
        started = time.perf_counter()
        probe = matcher.load("bench", "probe", matcher.Templates(fingers))
        opened.prefilter.shortlist(probe.vectors)
        filters.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = {e.record_id for e, _match in matcher.search(probe, entries, opened.prefilter)}
        times.append(time.perf_counter() - started)
        if kind == "planted" and _record_id(subject) not in found:
            misses += 1
        if kind == "stranger" and found:
            false_people += 1
    return {
        "entries": len(entries),
        "start_up_s": start_up,
        "memory_after_start_mb": memory,
        "memory_peak_mb": _memory_mb("VmHWM"),
        "times": times,
        "filters": filters,
        "misses": misses,
        "false_people": false_people,
    }


def _in_a_fresh_process(work: Path, *, use_snapshot: bool) -> dict[str, Any]:
    flag = "--searcher-with-snapshot" if use_snapshot else "--searcher-cold"
    done = subprocess.run(  # noqa: S603 - this script, this interpreter
        [sys.executable, __file__, flag, str(work)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def _baseline(fingers: list[dict[int, bytes]]) -> float:
    """One finger against another (Bozorth3 and MCC), two different people's, in ms."""
    loaded = [matcher.load("bench", str(p), matcher.Templates(f)) for p, f in enumerate(fingers)]
    pairs = [(loaded[p], loaded[p + 1]) for p in range(0, min(len(loaded) - 1, 200), 2)]
    started = time.perf_counter()
    compared = sum(len(one.fingers) for one, _ in pairs)
    for one, other in pairs:
        matcher.compare(one, other)
    return (time.perf_counter() - started) / compared * 1e3


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> int:  # noqa: PLR0915 - one benchmark's steps, in order
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--planted", type=int, default=100)
    parser.add_argument("--strangers", type=int, default=1_000)
    parser.add_argument(
        "--real",
        type=Path,
        help="a folder of real print sets: plant real people (two fingers) instead",
    )
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "fieldkit-bench-dedup"
    )
    parser.add_argument("--work", type=Path, help="where the store and snapshot go (kept)")
    parser.add_argument("--cold", action="store_true", help="also start without the snapshot")
    parser.add_argument("--searcher-with-snapshot", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--searcher-cold", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.searcher_with_snapshot or args.searcher_cold:
        work = args.searcher_with_snapshot or args.searcher_cold
        _say(json.dumps(searcher(work, use_snapshot=bool(args.searcher_with_snapshot))))
        return 0
    _say(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
         f"load before {os.getloadavg()[0]:.1f}")  # fmt: skip

    templates, vectors, built = _gallery(args.people, args.cache)
    fingers = [dict(enumerate(t, start=1)) for t in templates]
    real = _real_people(args.real, args.planted) if args.real else []
    for number, (enrolled, _probe) in enumerate(real):
        fingers[number] = enrolled
        vectors[number] = index.person_vectors(enrolled)
    made = f"built in {built:.0f} s on {os.cpu_count()} cores" if built else "from the cache"
    _say(f"gallery: {args.people} people; {made}")

    work = args.work or Path(tempfile.mkdtemp(prefix="fieldkit-bench-dedup-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    keys = DataCenterKeys(work / "keys")
    started = time.perf_counter()
    store = _store(work, keys, fingers)
    _say(f"store: {args.people} records and sealed templates written in "
         f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    path, written = _snapshot(work, store, keys, fingers, vectors)
    store.close()
    del vectors
    _say(f"snapshot: {path.stat().st_size / 1e6:.0f} MB sealed, written in {written:.1f} s")

    rng = np.random.default_rng(48)
    chosen = rng.choice(args.people, min(args.planted, args.people), replace=False)
    planted = list(range(len(real))) if real else [int(p) for p in chosen]
    probes: list[tuple[str, int, dict[int, bytes]]] = [
        (
            "planted",
            p,
            real[p][1] if real else dict(enumerate(second_impressions(p, rng), start=1)),
        )
        for p in planted
    ]
    probes += [
        ("stranger", s, dict(enumerate(second_impressions(s, rng), start=1)))
        for s in range(args.people, args.people + args.strangers)
    ]
    (work / "probes.pickle").write_bytes(pickle.dumps(probes))
    one_to_one = _baseline(fingers[len(real) : len(real) + 200])
    linear = one_to_one / 1e3 * 10 * args.people
    _say(f"one finger against another (Bozorth3 and MCC): {one_to_one:.2f} ms; a linear "
         f"search of {args.people} people would take {linear:.0f} s")  # fmt: skip

    if args.cold:
        cold = _in_a_fresh_process(work, use_snapshot=False)
        _say(f"start-up without the snapshot (every row opened): {cold['start_up_s']:.1f} s, "
             f"peak {cold['memory_peak_mb']:.0f} MB")  # fmt: skip
    result = _in_a_fresh_process(work, use_snapshot=True)
    times = result["times"]
    median, worst = statistics.median(times), max(times)
    p95 = float(np.percentile(times, 95))
    goal = GOAL_10K_S if args.people <= 10_000 else GOAL_100K_S
    _say(f"start-up from the snapshot: {result['start_up_s']:.1f} s for "
         f"{result['entries']} entries; resident {result['memory_after_start_mb']:.0f} MB after "
         f"it, peak {result['memory_peak_mb']:.0f} MB over the start and every search")  # fmt: skip
    _say(f"search: median {median:.3f} s, p95 {p95:.3f} s, max {worst:.3f} s "
         f"(goal {goal:.0f} s median; {linear / median:.0f}x quicker than linear)")  # fmt: skip
    _say(f"of which the probe's vectors and the pre-filter: median "
         f"{statistics.median(result['filters']):.3f} s")  # fmt: skip
    _say(f"planted duplicates missed: {result['misses']} of {len(planted)}; strangers with a "
         f"false candidate: {result['false_people']} of {args.strangers}")  # fmt: skip
    _say(f"load after {os.getloadavg()[0]:.1f}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    strangers_ok = result["false_people"] <= args.strangers // 100
    return 0 if result["misses"] == 0 and median <= goal and strangers_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
