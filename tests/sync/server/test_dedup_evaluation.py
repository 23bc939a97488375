"""The figures penunggalan's thresholds are chosen from (``sync.server.dedup.evaluation``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest

from sync.server.dedup import evaluation

if TYPE_CHECKING:
    from pathlib import Path


def test_fnmr_at_fmr_allows_exactly_the_share_of_strangers_asked() -> None:
    impostor = np.arange(1000, dtype=np.float64)  # 0 .. 999
    genuine = np.array([500.0, 990.0, 998.0, 999.0, 1000.0])
    scores = evaluation.Scores(genuine, impostor)
    fnmr, threshold = scores.fnmr_at_fmr(0.002)  # two strangers may pass: 998 and 999
    assert scores.at_threshold(threshold)[0] == pytest.approx(0.002)
    assert 997.0 < threshold <= 998.0
    assert fnmr == pytest.approx(2 / 5)  # 500 and 990 are missed
    fnmr, threshold = scores.fnmr_at_fmr(0.0001)  # none may: above the highest
    assert threshold > 999.0
    assert scores.at_threshold(threshold) == (0.0, pytest.approx(4 / 5))
    assert scores.fmr_resolution() == pytest.approx(0.001)


def test_the_det_curve_runs_from_everyone_matched_to_no_one_and_the_eer_sits_between() -> None:
    rng = np.random.default_rng(61)
    scores = evaluation.Scores(rng.normal(3, 1, 2000), rng.normal(0, 1, 2000))
    det = scores.det()
    assert tuple(det[0]) == (1.0, 0.0)
    assert tuple(det[-1]) == (0.0, 1.0)
    assert np.all(np.diff(det[:, 0]) <= 0)
    assert np.all(np.diff(det[:, 1]) >= 0)
    assert 0.05 < scores.eer() < 0.1  # two unit normals 3 apart cross at 1.5: 6.7 %


def test_a_set_is_read_by_its_names_and_the_same_label_in_two_sets_is_never_a_stranger(
    tmp_path: Path,
) -> None:
    for folder in ("DB1", "DB2"):
        (tmp_path / folder).mkdir()
        for name in ("101_1.tif", "101_2.tif", "102_1.tif", "012_3_1.tif", "notes.txt"):
            (tmp_path / folder / name).write_bytes(b"")
    first = evaluation.read_set(tmp_path / "DB1")
    second = evaluation.read_set(tmp_path / "DB2", ppi=569.0)
    assert first.fingers() == ["012_3", "101", "102"]
    assert first.impressions("101") == [1, 2]
    assert second.ppi == 569.0
    genuine, impostor = evaluation.pairs([first, second], impostor_impressions=1)
    assert (("DB1", "101", 1), ("DB1", "101", 2)) in genuine
    assert len(genuine) == 2
    assert all(a[1] != b[1] for a, b in impostor)
    assert (("DB1", "101", 1), ("DB2", "102", 1)) in impostor
    assert len(impostor) == 12  # 6 prints: 15 pairs, less the 3 of one label in two sets


def test_a_missing_template_counts_as_a_miss_not_as_a_stranger() -> None:
    templates = {("s", "1", 1): 1.0, ("s", "1", 2): None, ("s", "2", 1): 0.0}
    genuine = [(("s", "1", 1), ("s", "1", 2))]
    impostor = [(("s", "1", 2), ("s", "2", 1)), (("s", "1", 1), ("s", "2", 1))]
    scores = evaluation.scores_of(
        lambda a, b: abs(float(a) - float(b)),  # type: ignore[arg-type]
        {k: v for k, v in templates.items() if v is not None},
        genuine,
        impostor,
    )
    assert scores.genuine.tolist() == [0.0]
    assert scores.impostor.tolist() == [1.0]


def test_the_sum_of_several_strangers_fingers_is_counted_exactly_and_its_mark_found() -> None:
    """Two fingers of scores 0, 1 or 2 (each a third): the sum reaches 4 once in 9 pairs."""
    impostor = np.array([0.0, 1.0, 2.0])
    assert evaluation.sum_tail(impostor, 2, 4.0) == pytest.approx(1 / 9)
    assert evaluation.sum_tail(impostor, 2, 3.0) == pytest.approx(3 / 9)
    assert evaluation.sum_tail(impostor, 2, 0.0) == pytest.approx(1.0)
    assert evaluation.sum_tail(impostor, 3, 6.0) == pytest.approx(1 / 27)
    # The lowest mark reached at most once in nine lies just above 3 (only a 4 reaches it);
    # one bin lower, 3 itself, is reached three times in nine.
    for fmr, above in ((1 / 9, 3.0), (0.2, 3.0), (0.5, 2.0)):
        mark = evaluation.person_mark(impostor, 2, fmr)
        assert above < mark <= above + 1, (fmr, mark)
        assert evaluation.sum_tail(impostor, 2, mark) <= fmr
        assert evaluation.sum_tail(impostor, 2, mark - evaluation.SUM_STEP) > fmr
    # Nothing reaches past the highest sum: the mark lies just above it.
    assert evaluation.person_mark(impostor, 2, 0.0) > 4.0


def test_a_score_between_bins_is_counted_at_the_bin_above_never_below() -> None:
    """A sum is never placed below where it lies, so a mark errs on the careful side."""
    impostor = np.array([0.3012, 0.4999])
    assert evaluation.sum_tail(impostor, 1, 0.4999) == pytest.approx(0.5)
    assert evaluation.sum_tail(impostor, 2, 0.9998) >= 0.25
    assert evaluation.sum_tail(impostor, 2, 1.01) == 0.0
