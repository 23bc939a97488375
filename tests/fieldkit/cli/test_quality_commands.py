"""``fieldkit quality``: the JSON contract and the exit codes, on real image files."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from skimage import data

from drivers.fingerprint.synth import ImageQuality, synthesize
from drivers.sbi.images import synth_face, synth_iris
from fieldkit import catalogue
from fieldkit.cli.quality_commands import instruction_words
from fieldkit.quality.result import Instruction
from tests.support import cli

KEYS = {"modality", "score", "passed", "checks", "problems", "instruction"}


def write(path: Path, image: np.ndarray) -> Path:
    assert cv2.imwrite(str(path), image)
    return path


def run(*args: str) -> tuple[int, dict]:
    done = cli("quality", *args, "--json")
    return done.returncode, json.loads(done.stdout)


def test_a_good_face_passes_with_exit_0(tmp_path: Path) -> None:
    photo = write(tmp_path / "wajah.jpg", synth_face("blue", seed=4))
    code, report = run("face", str(photo), "--birth-year", "1990")
    assert code == 0
    assert set(report) == KEYS
    assert report["modality"] == "face"
    assert report["passed"] is True
    assert report["problems"] == []
    assert report["checks"]["background_color"] == {"value": "blue", "ok": True}
    assert report["instruction"] == {"code": "ok", "params": {}, "en": "Quality is good"}


def test_the_wrong_background_exits_1_and_names_the_problem(tmp_path: Path) -> None:
    photo = write(tmp_path / "wajah.png", synth_face("blue", seed=4))
    code, report = run("face", str(photo), "--birth-year", "1991")
    assert code == 1
    assert report["passed"] is False
    assert report["problems"] == ["background_color"]
    assert report["instruction"]["code"] == "face.background_red"
    assert "red" in report["instruction"]["en"]


def test_a_real_photograph_is_judged(tmp_path: Path) -> None:
    photo = write(tmp_path / "astronaut.png", cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR))
    code, report = run("face", str(photo), "--birth-year", "1956")
    assert code == 1
    assert report["checks"]["faces"]["value"] == 1
    assert "background_color" in report["problems"]


def test_fingerprints_are_ordered_by_nfiq2(tmp_path: Path) -> None:
    sharp = write(tmp_path / "sharp.png", synthesize(seed=3, quality=ImageQuality.HIGH))
    smeared = write(
        tmp_path / "smeared.png",
        cv2.GaussianBlur(synthesize(seed=3, quality=ImageQuality.HIGH), (0, 0), 3),
    )
    good_code, good = run("finger", str(sharp))
    bad_code, bad = run("finger", str(smeared))
    assert good_code == 0
    assert good["passed"] is True
    assert bad_code == 1
    assert (bad["score"] or 0) < good["score"]
    assert bad["problems"]


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", "image_unreadable", "not an image FieldKit can read"),
        (b"not an image at all", "image_unreadable", "not an image FieldKit can read"),
        (None, "image_file_missing", "There is no file"),
    ],
)
def test_an_unreadable_file_exits_2_with_a_clear_message(
    tmp_path: Path, content: bytes | None, code: str, message: str
) -> None:
    path = tmp_path / "foto.jpg"
    if content is not None:
        path.write_bytes(content)
    done = cli("quality", "face", str(path), "--json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]["code"] == code
    assert message in done.stderr
    assert "foto.jpg" in done.stderr  # the file is named, for the operator and the log
    assert message  # the case's own words: the file names the officer needs are in the log


def test_a_truncated_jpeg_exits_2(tmp_path: Path) -> None:
    photo = write(tmp_path / "wajah.jpg", synth_face("red", seed=1))
    photo.write_bytes(photo.read_bytes()[:2000])
    done = cli("quality", "face", str(photo))
    assert done.returncode == 2
    assert "not an image FieldKit can read, or it is damaged" in done.stderr


def test_an_iris_that_is_too_small_exits_1(tmp_path: Path) -> None:
    eye = synth_iris(seed=1)
    good_code, good = run("iris", str(write(tmp_path / "iris.png", eye)))
    small = write(tmp_path / "kecil.png", cv2.resize(eye, (213, 160)))
    code, report = run("iris", str(small))
    assert good_code == 0
    assert good["modality"] == "iris"
    assert good["passed"] is True
    assert code == 1
    assert report["problems"][0] == "iris_too_small"
    assert report["checks"]["iris_diameter_px"]["ok"] is False


def test_a_person_reads_the_verdict_in_the_window_s_words(tmp_path: Path) -> None:
    """Issue 59 §8: "face:", "BAD", "problems:" and the instruction printed in English."""
    photo = write(tmp_path / "wajah.png", synth_face("blue", seed=4))
    done = cli("quality", "face", str(photo), "--birth-year", "1991", env={"FIELDKIT_LANG": ""})
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Wajah: GAGAL (skor "), lines[0]
    assert "  KURANG background_color = blue" in lines
    assert "  masalah: background_color" in lines
    assert lines[-1] == "  " + catalogue.text("id", "face.background_red", context="quality")
    english = cli("quality", "face", str(photo), "--birth-year", "1991").stdout.splitlines()
    assert english[0].startswith("Face: FAILED (score ")
    assert "  BAD background_color = blue" in english
    assert english[-1].startswith("  Background must be red")


def test_an_instruction_names_each_finger_as_the_window_does() -> None:
    """The finger names were English in the command's Indonesian sentence ("Right thumb")."""
    duplicate = Instruction("finger.duplicate", {"first_finger": "1", "second_finger": "7"})
    try:
        catalogue.use_language("id")
        said = instruction_words(duplicate)
        catalogue.use_language("en")
        english = instruction_words(duplicate)
    finally:
        catalogue.use_language(catalogue.DEFAULT_LANGUAGE)
    assert said.startswith("Ibu jari kanan dan Telunjuk kiri "), said
    assert english == duplicate.english()
    assert english.startswith("Right thumb and Left index finger ")
