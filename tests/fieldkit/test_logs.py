from __future__ import annotations

import logging
from pathlib import Path

import pytest

from fieldkit import logs


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = logs.configure(log_dir=tmp_path / "logs")
    assert path is not None
    yield path
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_fieldkit", False):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_a_nik_that_slips_into_a_message_is_masked(log_file: Path) -> None:
    logging.getLogger("fieldkit.test").warning("lookup failed for %s", "3315014708950003")
    logging.getLogger("fieldkit.test").warning("inline 3315014708950003 too")
    text = log_file.read_text("utf-8")
    assert "3315014708950003" not in text
    assert text.count("3315********0003") == 2


def test_an_unwritable_log_folder_does_not_stop_the_app(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert logs.configure(log_dir=blocker / "logs") is None
