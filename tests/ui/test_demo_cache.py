"""The demo's store is made once a day and copied on later starts (ui.demo_cache)."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from typing import TYPE_CHECKING

import pytest

from fieldkit.handover import cards
from fieldkit.store import keyring
from fieldkit.workspace import Workspace
from ui import demo, demo_cache

if TYPE_CHECKING:
    from pathlib import Path

DAY = dt.date(2026, 11, 27)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (the platform's is the e2e tests' to share)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(demo_cache.ENV_CACHE_DIR, str(folder))
    return folder / "demo"


def a_store(folder: Path, content: str) -> Path:
    """A made store's stand-in: a few files in a subfolder, as a real one has."""
    (folder / "outbox" / "spare").mkdir(parents=True)
    (folder / "fieldkit.db").write_text(content, encoding="utf-8")
    (folder / "outbox" / "spare" / "one.spare").write_bytes(b"\0" * 1024)
    return folder


def test_a_second_start_copies_the_store_the_first_made_and_it_opens(
    tmp_path: Path, cache: Path
) -> None:
    first, second = tmp_path / "first" / "data", tmp_path / "second" / "data"
    demo.build(first)
    (kept,) = cache.iterdir()
    assert (kept / demo_cache.COMPLETE_MARKER).is_file()
    demo.build(second)
    # The same store: made once, so its id is the first's (a made one gets a new uuid).
    assert keyring.load(second).store_id == keyring.load(first).store_id
    assert not (second / demo_cache.COMPLETE_MARKER).exists()
    ws = Workspace.login(second, demo.ADMIN, demo.DEMO_PASSWORD)
    try:
        assert len(cards.handover_list(ws)) == demo.PRINTED_CARDS
        assert ws.verify_audit().ok
    finally:
        ws.close()
    # The first store's use does not touch the kept one: it is a copy, not the original.
    assert [p.name for p in cache.iterdir()] == [kept.name]


def test_another_days_store_and_a_dead_starts_copy_are_dropped_a_live_one_kept(
    tmp_path: Path, cache: Path
) -> None:
    yesterday = demo_cache.store_key(DAY - dt.timedelta(days=1), "r")
    today = demo_cache.store_key(DAY, "r")
    assert yesterday != today
    demo_cache.keep(yesterday, a_store(tmp_path / "old", "yesterday's"))
    # A copy a start is making right now, and one a start left when it died two hours ago.
    live = a_store(cache / f"{demo_cache.STAGING_PREFIX}live", "being made")
    dead = a_store(cache / f"{demo_cache.STAGING_PREFIX}dead", "left")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(dead, (two_hours_ago, two_hours_ago))
    home = tmp_path / "home"
    assert not demo_cache.copy_kept(today, home)  # yesterday's is not today's
    assert not home.exists()
    demo_cache.keep(today, a_store(tmp_path / "new", "today's"))
    assert sorted(p.name for p in cache.iterdir()) == sorted([live.name, today])
    assert demo_cache.copy_kept(today, home)
    assert (home / "fieldkit.db").read_text(encoding="utf-8") == "today's"
    # Without its marker (never so after the rename, but a hand may delete it): not copied.
    (cache / today / demo_cache.COMPLETE_MARKER).unlink()
    assert not demo_cache.copy_kept(today, tmp_path / "other")


def test_a_copy_that_fails_halfway_leaves_the_folder_empty_for_a_new_store(
    tmp_path: Path, cache: Path
) -> None:
    key = demo_cache.store_key(DAY, "r")
    demo_cache.keep(key, a_store(tmp_path / "made", "kept"))
    home = tmp_path / "home"
    home.mkdir()
    (home / "outbox").write_text("a file where the copy needs a folder", encoding="utf-8")
    assert not demo_cache.copy_kept(key, home)
    assert list(home.iterdir()) == []
    assert (cache / key / "fieldkit.db").read_text(encoding="utf-8") == "kept"


def test_two_starts_keeping_the_same_store_at_once_keep_one_and_leave_nothing_behind(
    tmp_path: Path, cache: Path
) -> None:
    key = demo_cache.store_key(DAY, "r")
    made = [a_store(tmp_path / f"made-{n}", f"start {n}") for n in range(2)]
    both = threading.Barrier(2)

    def keep(folder: Path) -> None:
        both.wait()
        demo_cache.keep(key, folder)

    threads = [threading.Thread(target=keep, args=(folder,)) for folder in made]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(p.name for p in cache.iterdir()) == [key]
    kept = (cache / key / "fieldkit.db").read_text(encoding="utf-8")
    assert kept in {"start 0", "start 1"}
    for n in range(2):  # each start's own store is untouched
        assert (made[n] / "fieldkit.db").read_text(encoding="utf-8") == f"start {n}"


def test_the_key_changes_with_the_day_the_recipe_and_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "democode"
    package.mkdir()
    source = package / "__init__.py"
    source.write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(demo_cache, "SOURCE_PACKAGES", ("democode",))
    key = demo_cache.store_key(DAY, "r")
    assert key == demo_cache.store_key(DAY, "r")
    assert key.startswith(DAY.isoformat())
    assert key != demo_cache.store_key(DAY + dt.timedelta(days=1), "r")
    assert key != demo_cache.store_key(DAY, "printed_cards=3")
    source.write_text("VALUE = 22\n", encoding="utf-8")
    assert key != demo_cache.store_key(DAY, "r")
