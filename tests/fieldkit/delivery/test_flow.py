"""The delivery flow's verdicts: one table from a data center's answer to what it does, typed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fieldkit.delivery import flow
from fieldkit.delivery.flow import DeliveryOutcome, Verdict
from fieldkit.records import outbox
from fieldkit.records.outbox import RecordInfo
from fieldkit.records.states import RecordStatus
from fieldkit.workspace import Workspace

RECEIPT = '{"state": "ACCEPTED", "signature": "c2lnbmVk"}'


def words(info: RecordInfo, reason: str, note: str | None) -> str:
    """Stands in for the sync catalogue: the words show which reason they were asked for."""
    return f"words for {reason}" + (f" ({note})" if note else "")


@pytest.fixture
def sealed(workspace: Workspace) -> RecordInfo:
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-1", b'{"person": "synthetic"}')
        info = outbox.record_info(session, "rec-1")
    assert info is not None
    return info


def apply(ws: Workspace, verdict: Verdict) -> tuple[DeliveryOutcome, RecordInfo]:
    with ws.transaction() as session:
        (outcome,) = flow.apply_verdicts(session, [verdict], actor="admin", word=words)
        info = outbox.record_info(session, verdict.record.record_id)
    assert info is not None
    return outcome, info


@pytest.mark.parametrize(
    ("verdict_of", "outcome", "after"),
    [
        (
            lambda info: Verdict(info, "ACCEPTED", RECEIPT),
            DeliveryOutcome.PURGED,
            (RecordStatus.PURGED, "ACCEPTED", None, None),
        ),
        (
            lambda info: Verdict(info, "DEDUPLICATED", RECEIPT),
            DeliveryOutcome.PURGED,
            (RecordStatus.PURGED, "DEDUPLICATED", None, None),
        ),
        (
            lambda info: Verdict(info, "RECEIVED", RECEIPT),
            DeliveryOutcome.SENT,
            (RecordStatus.SENT, "RECEIVED", None, None),
        ),
        (
            lambda info: Verdict(info, "REJECTED", RECEIPT, "payload_invalid", "foto kabur"),
            DeliveryOutcome.REJECTED,
            (
                RecordStatus.REJECTED,
                "REJECTED",
                "payload_invalid",
                "words for payload_invalid (foto kabur)",
            ),
        ),
        (
            lambda info: Verdict(info, "REJECTED", RECEIPT),
            DeliveryOutcome.REJECTED,
            (RecordStatus.REJECTED, "REJECTED", "rejected", "words for rejected"),
        ),
        (
            lambda info: Verdict.refused(info, "size_mismatch", "ukuran"),
            DeliveryOutcome.REJECTED,
            (RecordStatus.REJECTED, None, "size_mismatch", "words for size_mismatch (ukuran)"),
        ),
        (
            lambda info: Verdict.unverified(info, "receipt_invalid"),
            DeliveryOutcome.PENDING,
            (RecordStatus.SEALED, None, "receipt_invalid", None),
        ),
    ],
    ids=["accepted", "later-state", "received", "rejected", "rejected-bare", "refused", "bad"],
)
def test_an_answer_settles_the_record_and_says_what_it_did(
    workspace: Workspace,
    sealed: RecordInfo,
    verdict_of: Callable[[RecordInfo], Verdict],
    outcome: DeliveryOutcome,
    after: tuple[RecordStatus, str | None, str | None, str | None],
) -> None:
    done, info = apply(workspace, verdict_of(sealed))
    assert done is outcome
    assert (info.state, info.server_state, info.reason, info.message) == after


def test_news_settles_a_waiting_record_by_its_receipt_first(
    workspace: Workspace, sealed: RecordInfo
) -> None:
    done, info = apply(workspace, Verdict(sealed, "ACCEPTED", RECEIPT, news="PRINTED"))
    assert done is DeliveryOutcome.PURGED
    assert (info.state, info.server_state) == (RecordStatus.PURGED, "PRINTED")


def test_news_on_a_settled_record_is_noted_and_a_purged_one_is_never_refused(
    workspace: Workspace, sealed: RecordInfo
) -> None:
    _, purged = apply(workspace, Verdict(sealed, "ACCEPTED", RECEIPT))
    done, info = apply(workspace, Verdict(purged, "ACCEPTED", RECEIPT, "x", news="REJECTED"))
    assert done is DeliveryOutcome.NOTED
    assert (info.state, info.server_state) == (RecordStatus.PURGED, "REJECTED")
    done, info = apply(workspace, Verdict(info, "ACCEPTED", RECEIPT, None, "foto", "RECAPTURE"))
    assert done is DeliveryOutcome.NOTED
    assert (info.state, info.server_state, info.reason, info.message) == (
        RecordStatus.PURGED,
        "RECAPTURE",
        "recapture_requested",
        "foto",
    )


def test_the_outcomes_are_the_words_json_and_the_screens_knew() -> None:
    assert [str(o) for o in DeliveryOutcome] == [
        "purged",
        "sent",
        "rejected",
        "pending",
        "sealed",
        "skipped",
        "ignored",
        "noted",
    ]
    assert {o for o in DeliveryOutcome if o.explained} == {
        DeliveryOutcome.REJECTED,
        DeliveryOutcome.PENDING,
    }
