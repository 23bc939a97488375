"""The home screen's decisions, made in the core: freeze outlook, outbox counts, visit progress."""

from __future__ import annotations

import datetime as dt

import pytest

from fieldkit import overview
from fieldkit.enrollment.freeze import FreezeStatus
from fieldkit.overview import FreezeLevel
from fieldkit.workspace import Workspace

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def _rule(*, frozen: bool = False, days_ago: int | None = None, waiting: int = 0) -> FreezeStatus:
    since = None if days_ago is None else NOW - dt.timedelta(days=days_ago, hours=1)
    return FreezeStatus(frozen, (), since, since, 7, waiting, 500)


@pytest.mark.parametrize(
    ("rule", "level", "days_left", "records_left"),
    [
        (_rule(), FreezeLevel.WITHIN_LIMITS, None, 500),
        (_rule(days_ago=4), FreezeLevel.WITHIN_LIMITS, 3, 500),
        (_rule(days_ago=5), FreezeLevel.DAYS_RUNNING_OUT, 2, 500),
        (_rule(days_ago=7), FreezeLevel.DAYS_RUNNING_OUT, 0, 500),
        (_rule(waiting=399), FreezeLevel.WITHIN_LIMITS, None, 101),
        (_rule(waiting=400), FreezeLevel.RECORDS_RUNNING_OUT, None, 100),
        (_rule(frozen=True, days_ago=9, waiting=600), FreezeLevel.FROZEN, 0, 0),
    ],
)
def test_the_freeze_outlook_names_the_nearest_limit(
    rule: FreezeStatus, level: FreezeLevel, days_left: int | None, records_left: int
) -> None:
    outlook = overview.freeze_outlook(rule, NOW)
    assert (outlook.level, outlook.days_left, outlook.records_left) == (
        level,
        days_left,
        records_left,
    )
    assert (outlook.days_limit, outlook.waiting_limit) == (7, 500)


def test_an_empty_laptop_has_nothing_waiting_and_never_synced(workspace: Workspace) -> None:
    queue = overview.queue_overview(workspace, NOW)
    assert (queue.records, queue.not_sent, queue.accepted, queue.waiting) == (0, 0, 0, 0)
    assert queue.last_sync_at is None
    assert queue.days_since_sync is None
    assert not queue.enrolled
    assert not queue.training_store
    assert queue.freeze.level is FreezeLevel.WITHIN_LIMITS
    assert overview.recorded_per_visit(workspace) == {}
    assert overview.visits_on(workspace, NOW.date()) == []


def test_an_empty_laptop_has_no_work_waiting_on_the_navigation(workspace: Workspace) -> None:
    assert overview.waiting_work(workspace) == overview.WaitingWork(
        to_send=0, to_review=0, drafts=0
    )
