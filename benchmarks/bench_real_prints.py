"""Penunggalan's matchers on real prints: FNMR at a fixed FMR, EER, DET (issue 61).

    .venv/bin/python benchmarks/bench_real_prints.py --root DIR [--sets A,B] [--out DIR]

``--root`` holds one folder per set of real prints (``<finger>_<impression>`` images; see
``sync.server.dedup.evaluation``).  The sets are public research sets nobody here made
(FVC2000/2002/2004 B sets, Neurotechnology's samples); they are not in the repository
(see ``benchmarks/README.md`` for where each comes from).  FVC2004 DB1 is the office's
held-aside acceptance set: a folder of that name is refused.

Each set's resolution comes from ``evaluation.KNOWN_PPI`` (FVC2002 DB2 569 ppi, FVC2004
DB3 512 ppi); every image is rescaled to 500 ppi as the data center does.  The matchers
score the same pairs: NBIS's Bozorth3 (the old decision), MCC (``sync.server.dedup.mcc``)
and the two fused as the data center decides (``matcher.finger_score``).  ``--crowd N``
also searches each two-finger real person among N simulated strangers, as the office does;
with ``--composites``, each set's ten fingers are one person instead, enrolled and searched
with as many fingers as a worn or a whole record holds, and the pre-filter's rank of the
mate is told against the shortlist the search would compare.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from sync.server.dedup import evaluation, index, matcher, mcc

log = logging.getLogger("bench_real_prints")

FMRS = (0.001, 0.0001)


def _bozorth(templates: dict[evaluation.Key, bytes]) -> dict[evaluation.Key, Any]:
    extractor = matcher._extractor()  # noqa: SLF001 - the benchmark measures the matcher itself
    return {key: extractor.load_iso_19794_2_2005(t) for key, t in templates.items()}


def _det_picture(curves: dict[str, evaluation.Scores], path: Path, title: str) -> None:
    """A DET plot (log FMR across, log FNMR up), drawn with Pillow."""
    width, height, margin = 720, 540, 70
    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    lo, hi = -5.0, 0.0  # 1e-5 .. 1

    def place(fmr: float, fnmr: float) -> tuple[float, float]:
        fx = (np.log10(max(fmr, 1e-5)) - lo) / (hi - lo)
        fy = (np.log10(max(fnmr, 1e-5)) - lo) / (hi - lo)
        return margin + fx * (width - 2 * margin), height - margin - fy * (height - 2 * margin)

    for decade in range(-5, 1):
        x, _ = place(10.0**decade, 1e-5)
        _, y = place(1e-5, 10.0**decade)
        draw.line([(x, margin), (x, height - margin)], fill="#dddddd")
        draw.line([(margin, y), (width - margin, y)], fill="#dddddd")
        draw.text((x - 12, height - margin + 8), f"1e{decade}", fill="black")
        draw.text((8, y - 6), f"1e{decade}", fill="black")
    draw.text((width // 2 - 60, height - 28), "FMR (strangers matched)", fill="black")
    draw.text((8, 16), "FNMR (duplicates missed)", fill="black")
    for number, line in enumerate(textwrap.wrap(title, 70)[:3]):
        draw.text((margin + 150, 8 + 14 * number), line, fill="black")
    draw.text((margin + 150, 52), "(an FMR of 0 is drawn at 1e-5)", fill="#666666")
    colours = ["#c0392b", "#2471a3", "#229954", "#7d3c98", "#b9770e"]
    for number, (name, scores) in enumerate(curves.items()):
        points = [place(f, n) for f, n in scores.det()]
        draw.line(points, fill=colours[number % len(colours)], width=2)
        draw.text(
            (width - 260, margin + 10 + 16 * number), name, fill=colours[number % len(colours)]
        )
    picture.save(path)


def _fused(bozorth: evaluation.Scores, cylinder_code: evaluation.Scores) -> evaluation.Scores:
    """The data center's fused finger score on the same pairs (both lists align)."""
    fuse = np.vectorize(matcher.finger_score)
    return evaluation.Scores(
        fuse(bozorth.genuine, cylinder_code.genuine), fuse(bozorth.impostor, cylinder_code.impostor)
    )


def _search(
    templates: dict[evaluation.Key, bytes],
    people: list[evaluation.Person],
    crowd: int,
    impressions: int,
) -> None:
    """Each real person, enrolled at impression 1, searched among ``crowd`` strangers.

    Searched at each of the next ``impressions``; the other real people are strangers too.
    """
    import bench_dedup  # noqa: PLC0415 - the benchmark folder's own gallery cache

    cache = Path(tempfile.gettempdir()) / "fieldkit-bench-dedup"
    strangers, vectors, _built = bench_dedup._gallery(crowd, cache)  # noqa: SLF001
    enrolled = [
        matcher.load("real", f"{p}", matcher.Templates(evaluation.person_fingers(templates, p, 1)))
        for p in people
    ]
    entries = enrolled + [
        matcher.load("crowd", str(n), matcher.Templates(dict(enumerate(t, start=1))))
        for n, t in enumerate(strangers)
    ]
    centred = index.Index()
    centred.extend(e.vectors for e in enrolled)
    centred.extend(vectors)
    raw = np.stack([e.vectors for e in entries]).reshape(len(entries), -1)
    shortlisted = {"centred": 0, "raw": 0}
    penetration = dict.fromkeys((0.01, 0.05, 0.1), 0)
    found = stranger_candidates = searches = 0
    same_person_elsewhere = crowd_named = real_strangers_named = 0
    labels = {f"{p}": p[1:] for p in people}
    times = []
    for number, person in enumerate(people):
        for impression in range(2, 2 + impressions):
            probe_templates = matcher.Templates(
                evaluation.person_fingers(templates, person, impression)
            )
            if len(probe_templates.fingers) < matcher.MIN_USABLE_FINGERS:
                continue
            searches += 1
            probe = matcher.load("probe", f"{person}-{impression}", probe_templates)
            scores = centred.scores(probe.vectors)
            rank = int(np.sum(scores > scores[number]))
            raw_scores = raw @ probe.vectors.reshape(-1)
            size = index.shortlist_size(index.fingers_of(probe.vectors))
            shortlisted["centred"] += rank < size
            shortlisted["raw"] += int(np.sum(raw_scores > raw_scores[number])) < size
            for share in penetration:
                penetration[share] += rank < max(1, share * len(entries))
            started = time.perf_counter()
            candidates = {e.record_id for e, _m in matcher.search(probe, entries, centred)}
            times.append(time.perf_counter() - started)
            found += f"{person}" in candidates
            others = candidates - {f"{person}"}
            stranger_candidates += bool(others)
            # FVC's B sets of one year (and Neurotechnology's two samples) hold the same
            # volunteers' fingers on several scanners: a "stranger" with the same finger
            # labels in another set is that person, rightly found.
            same_fingers = {o for o in others if o in labels and labels[o] == person[1:]}
            same_person_elsewhere += bool(same_fingers)
            crowd_named += bool(others - set(labels))
            real_strangers_named += bool(others & set(labels) - same_fingers)
    log.info(
        "two real fingers a person, %d people among %d strangers, %d searches: mate in the "
        "shortlist of %d: centred %.1f %%, raw %.1f %%; penetration 1/5/10 %%: %s; found "
        "(candidate named): %.1f %%; searches with another record named: %d (the same two "
        "fingers in another set: %d; a simulated stranger: %d; a real stranger: %d); search "
        "median %.2f s",
        len(people),
        crowd,
        searches,
        index.shortlist_size(2),
        100 * shortlisted["centred"] / searches,
        100 * shortlisted["raw"] / searches,
        " / ".join(f"{100 * v / searches:.1f} %" for v in penetration.values()),
        100 * found / searches,
        stranger_candidates,
        same_person_elsewhere,
        crowd_named,
        real_strangers_named,
        float(np.median(times)),
    )


#: (fingers enrolled, fingers searched) of the composites: a worn record searched with a
#: good one, the reverse, and whole hands.
_COMPOSITE_CASES = ((10, 10), (4, 4), (2, 10), (3, 10), (1, 10), (10, 2), (2, 2))


def _composites(
    sets: list[evaluation.PrintSet], templates: dict[evaluation.Key, bytes], crowd: int
) -> None:
    """Ten fingers of one set as one person: the pre-filter's rank of the mate among ``crowd``.

    FVC's B sets hold ten fingers each, so each is one ten-finger person (Neurotechnology's
    samples, ten by ten, several).  Enrolled with the first fingers at impression 1,
    searched with the first fingers at impressions 2 and 3: is the mate within the
    shortlist the search would compare (``index.shortlist_size`` of the probe's fingers)?
    """
    import bench_dedup  # noqa: PLC0415 - the benchmark folder's own gallery cache

    cache = Path(tempfile.gettempdir()) / "fieldkit-bench-dedup"
    _strangers, vectors, _built = bench_dedup._gallery(crowd, cache)  # noqa: SLF001
    people = []
    for print_set in sets:
        fingers = print_set.fingers()
        people += [(print_set.name, fingers[g : g + 10]) for g in range(0, len(fingers) - 9, 10)]
    for enrolled_count, probe_count in _COMPOSITE_CASES:
        gallery = index.Index()
        gallery.extend(vectors)
        rows = [
            gallery.add(index.person_vectors(_hand(templates, name, hand[:enrolled_count], 1)))
            for name, hand in people
        ]
        ranks, sizes = [], []
        for (name, hand), row in zip(people, rows, strict=True):
            for impression in (2, 3):
                probe = index.person_vectors(_hand(templates, name, hand[:probe_count], impression))
                scores = gallery.scores(probe)
                ranks.append(int(np.sum(scores > scores[row])) + 1)
                sizes.append(index.shortlist_size(index.fingers_of(probe)))
        within = np.mean(np.asarray(ranks) <= np.asarray(sizes))
        log.info(
            "composites, %d fingers enrolled, %d searched, %d people among %d strangers, %d "
            "searches: mate within its shortlist %.1f %%; rank median %.0f, worst %d",
            enrolled_count,
            probe_count,
            len(people),
            crowd,
            len(ranks),
            100 * within,
            float(np.median(ranks)),
            max(ranks),
        )


def _hand(
    templates: dict[evaluation.Key, bytes], name: str, fingers: list[str], impression: int
) -> dict[int, bytes]:
    """A composite person's templates at one impression, by position 1-10."""
    return {
        position: templates[name, finger, impression]
        for position, finger in enumerate(fingers, start=1)
        if (name, finger, impression) in templates
    }


def _verification(
    templates: dict[evaluation.Key, bytes],
    genuine: list[tuple[evaluation.Key, evaluation.Key]],
    impostor: list[tuple[evaluation.Key, evaluation.Key]],
    names: list[str],
    out: Path,
) -> None:
    """Each matcher's figures and the DET picture; the person marks' misses."""
    bozorth = _bozorth(templates)
    cylinders = {key: mcc.cylinders(t) for key, t in templates.items()}
    curves = {
        "Bozorth3": evaluation.scores_of(
            lambda a, b: float(a.compare(b)), bozorth, genuine, impostor
        ),
        "MCC": evaluation.scores_of(mcc.score, cylinders, genuine, impostor),
    }
    curves["fused"] = _fused(curves["Bozorth3"], curves["MCC"])
    log.info("| matcher | EER | FNMR at FMR 0.1 %s | FNMR at FMR 0.01 %s |", "%", "%")
    for name, scores in curves.items():
        figures = [scores.fnmr_at_fmr(fmr) for fmr in FMRS]
        log.info(
            "| %s | %.2f %% | %s |",
            name,
            100 * scores.eer(),
            " | ".join(f"{100 * f:.1f} % (at {t:.4g})" for f, t in figures),
        )
    log.info(
        "Bozorth3 at the old mark of 80: FMR %.4f %%, FNMR %.1f %%",
        *(100 * v for v in curves["Bozorth3"].at_threshold(80)),
    )
    fused = curves["fused"]
    rng = np.random.default_rng(61)
    for shared in (1, 2, 3, 4, 10):
        genuine_sums = sum(rng.choice(fused.genuine, 200_000) for _ in range(shared))
        mark = matcher.person_threshold(shared)
        log.info(
            "person, %d shared finger(s), mark %.3f: FNMR %.2f %%, stranger pairs reaching "
            "it %.1e (exact, from these impostor scores); these scores' own marks at "
            "1e-6 / 1e-7: %.3f / %.3f",
            shared,
            mark,
            100 * float(np.mean(genuine_sums < mark)),
            evaluation.sum_tail(fused.impostor, shared, mark),
            evaluation.person_mark(fused.impostor, shared, 1e-6),
            evaluation.person_mark(fused.impostor, shared, 1e-7),
        )
    out.mkdir(parents=True, exist_ok=True)
    picture = out / "det-real-prints.png"
    _det_picture(curves, picture, f"DET on real prints: {', '.join(names)}")
    log.info("DET: %s", picture)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--sets", default="")
    parser.add_argument("--impostor-impressions", type=int, default=3)
    parser.add_argument("--crowd", type=int, default=0, help="strangers for the 1:N search")
    parser.add_argument("--search-only", action="store_true", help="only the 1:N search")
    parser.add_argument("--impressions", type=int, default=3, help="searches a person")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument(
        "--composites", action="store_true", help="ten fingers of a set as one person, --crowd"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    names = [n for n in args.sets.split(",") if n] or sorted(
        p.name for p in args.root.iterdir() if p.is_dir() and not p.name.startswith("_")
    )
    if any(n.upper().startswith(evaluation.HELD_ASIDE) for n in names):
        log.error("FVC2004 DB1 is the office's held-aside acceptance set: not measured here")
        return 2
    sets = [evaluation.read_set(args.root / n) for n in names]
    started = time.perf_counter()
    templates = evaluation.templates_of_sets(sets)
    extracted = time.perf_counter() - started
    genuine, impostor = evaluation.pairs(sets, args.impostor_impressions)
    log.info(
        "%s, %d cores, load %.1f; %d sets, %d images, %d templates (%.0f s); %d genuine, "
        "%d impostor pairs",
        platform.processor() or platform.machine(),
        os.cpu_count() or 0,
        os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0,
        len(sets),
        sum(len(s.images) for s in sets),
        len(templates),
        extracted,
        len(genuine),
        len(impostor),
    )
    if not args.search_only:
        _verification(templates, genuine, impostor, names, args.out)
    if args.crowd and args.composites:
        _composites(sets, templates, args.crowd)
    elif args.crowd:
        _search(templates, evaluation.two_finger_people(sets), args.crowd, args.impressions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
