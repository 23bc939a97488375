"""Synthetic fingerprint templates for a dedup gallery (issue 48 part 5): cost and scores.

    .venv/bin/python benchmarks/bench_fingerprint_templates.py [--people 1000] [--scored 30]

Times ``drivers.fingerprint.templates.person_templates`` (ten ISO 19794-2 records a
person, no image drawn) over ``--people`` people, nbis-py's reading of a record, and one
Bozorth3 one-to-one comparison (impostor and genuine pairs apart: a genuine pair costs
far more); then scores ``--scored`` people's second impressions against the gallery:
genuine (same person, same finger) and impostor (another person's same finger) pairs.
CPU time of this process (``time.process_time``), one core.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time

import nbis
import numpy as np

from drivers.fingerprint.templates import person_templates, second_impressions


def _summary(name: str, values: list[float]) -> str:
    v = np.asarray(values, dtype=np.float64)
    return (
        f"{name:10s} n={len(v):5d}  min {v.min():5.0f}  median {np.median(v):5.0f}  "
        f"p99 {np.percentile(v, 99):5.0f}  max {v.max():5.0f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--scored", type=int, default=30)
    args = parser.parse_args()
    print(f"load before: {os.getloadavg()[0]:.1f}")
    extractor = nbis.new_nbis_extractor(
        nbis.NbisExtractorSettings(
            min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=False,
            ppi=500.0,
        )
    )  # fmt: skip
    started = time.process_time()
    gallery = [person_templates(p) for p in range(args.people)]
    made = time.process_time() - started
    print(
        f"templates: {args.people * 10} in {made:.1f} s CPU "
        f"({made / args.people * 1e3:.1f} ms a person, {made / args.people * 1e2:.2f} ms one)"
    )
    started = time.process_time()
    loaded = [[extractor.load_iso_19794_2_2005(t) for t in person] for person in gallery]
    read = time.process_time() - started
    print(f"nbis reads a record in {read / (args.people * 10) * 1e3:.3f} ms")
    people = range(args.scored)
    rng = np.random.default_rng(48)
    probes = [
        [extractor.load_iso_19794_2_2005(t) for t in second_impressions(p, rng)] for p in people
    ]
    started = time.process_time()
    impostor = [
        loaded[p][f].compare(probes[q][f])
        for p, q in itertools.permutations(people, 2)
        for f in range(10)
    ]
    impostor_s = time.process_time() - started
    started = time.process_time()
    genuine = [loaded[p][f].compare(probes[p][f]) for p in people for f in range(10)]
    genuine_s = time.process_time() - started
    print(
        f"Bozorth3 one-to-one: impostor pair {impostor_s / len(impostor) * 1e3:.2f} ms, "
        f"genuine pair {genuine_s / len(genuine) * 1e3:.1f} ms"
    )
    print(_summary("genuine", genuine))
    print(_summary("impostor", impostor))
    print(f"impostors at 35 or more: {sum(v >= 35 for v in impostor)}; genuine under 60: "
          f"{sum(v < 60 for v in genuine)}")  # fmt: skip
    print(f"load after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
