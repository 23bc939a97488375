"""The opened gallery sealed on disk (``sync.server.dedup.snapshot``): a quick start, or none.

A snapshot only ever saves time: one that does not open (altered, cut short, of another
key) is left aside and the rows are opened as before; rows that left the gallery since
are not searched.  And it is sealed: no template's bytes are in the file.
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING

import numpy as np
import pytest

from drivers.fingerprint.templates import person_templates, second_impressions
from sync.protocol import RecordState
from sync.server.dedup import gallery, index, matcher, snapshot
from sync.server.store.tables import records

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sync.server.intake.service import DataCenter

_seq = itertools.count(1)
LAPTOP = "laptop-snapshot"


@pytest.fixture
def center(tmp_path: Path) -> Iterator[DataCenter]:
    from sync.server.intake.service import DataCenter

    datacenter = DataCenter(tmp_path / "dc")
    yield datacenter
    datacenter.close()


def _enrol(center: DataCenter, person: int) -> str:
    """A record in the gallery: its row, and its templates sealed as a search keeps them."""
    record_id = f"rec-{person:04d}"
    with center.store.writing() as conn:
        conn.execute(
            records.insert().values(
                device_id=LAPTOP,
                record_id=record_id,
                seq=next(_seq),
                kid="office-key",
                sha256="0" * 64,
                size=1,
                record_signature="s",
                state=RecordState.PRINT_READY_RECORD.value,
                received_at="2026-11-20T03:00:00.000000Z",
                receipt="{}",
            )
        )
    templates = matcher.Templates(
        fingers=dict(enumerate(person_templates(person), start=1)),
        hashes=frozenset({f"{person:04x}" + "c" * 60}),
    )
    gallery.keep(center.store, center.keys, LAPTOP, record_id, templates)
    return record_id


def _close(center: DataCenter, record_id: str) -> None:
    with center.store.writing() as conn:
        conn.execute(
            records.update()
            .where(records.c.record_id == record_id)
            .values(state=RecordState.DUPLICATE_CLOSED.value)
        )


def _best(opened: gallery.Gallery, entries: list[matcher.Loaded], person: int) -> str:
    probe = index.person_vectors(
        dict(enumerate(second_impressions(person, np.random.default_rng(person)), start=1))
    )
    return entries[opened.prefilter.shortlist(probe, size=1)[0]].record_id


def test_a_second_searcher_starts_from_the_snapshot_and_opens_only_what_is_new(
    center: DataCenter, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "gallery.sealed"
    for person in range(6):
        _enrol(center, person)
    first = gallery.Gallery(center.keys, snapshot=path, snapshot_after=1)
    written = first.current(center.store)
    assert path.exists()
    late = _enrol(center, 6)
    _close(center, "rec-0002")  # left the gallery after the snapshot
    caplog.set_level(logging.INFO, logger="sync.server.dedup")
    second = gallery.Gallery(center.keys, snapshot=path, snapshot_after=10**6)
    entries = second.current(center.store)
    assert "6 entries from its snapshot" in caplog.text
    assert sorted(e.record_id for e in entries) == sorted(
        {e.record_id for e in written} - {"rec-0002"} | {late}
    )
    assert len(second.prefilter) == len(entries)
    for person in (0, 4, 6):
        assert _best(second, entries, person) == f"rec-{person:04d}"
    again = {e.record_id: e for e in entries}["rec-0004"]
    assert again.templates == dict(enumerate(person_templates(4), start=1))
    assert second.prefilter.sharing_images({"0004" + "c" * 60}) == {entries.index(again)}


def test_the_snapshot_holds_no_template_in_the_clear(center: DataCenter, tmp_path: Path) -> None:
    path = tmp_path / "gallery.sealed"
    for person in range(3):
        _enrol(center, person)
    gallery.Gallery(center.keys, snapshot=path, snapshot_after=1).current(center.store)
    sealed = path.read_bytes()
    for template in person_templates(1):
        assert template[26:60] not in sealed  # a run of minutiae, as ISO 19794-2 keeps them
    assert b"rec-0001" not in sealed


@pytest.mark.parametrize("harm", ["altered", "cut", "empty", "other key"])
def test_a_snapshot_that_does_not_open_costs_only_time(
    center: DataCenter, tmp_path: Path, caplog: pytest.LogCaptureFixture, harm: str
) -> None:
    path = tmp_path / "gallery.sealed"
    for person in range(4):
        _enrol(center, person)
    gallery.Gallery(center.keys, snapshot=path, snapshot_after=1).current(center.store)
    sealed = bytearray(path.read_bytes())
    if harm == "altered":
        sealed[len(sealed) // 2] ^= 0x01
    elif harm == "cut":
        del sealed[-100:]
    elif harm == "empty":
        sealed = bytearray()
    else:  # a snapshot of another data center's key, with its bytes as they are
        from sync.server.keys import DataCenterKeys

        other = DataCenterKeys(tmp_path / "other-keys")
        gallery.Gallery(other, snapshot=path, snapshot_after=1)  # keys only: nothing read
        snapshot.write(path, other, [], [], index.Index())
        sealed = bytearray(path.read_bytes())
    path.write_bytes(bytes(sealed))
    caplog.set_level(logging.WARNING, logger="sync.server.dedup")
    reopened = gallery.Gallery(center.keys, snapshot=path, snapshot_after=10**6)
    entries = reopened.current(center.store)
    assert "not used" in caplog.text
    assert sorted(e.record_id for e in entries) == [f"rec-{p:04d}" for p in range(4)]
    assert _best(reopened, entries, 3) == "rec-0003"
