"""The laptop's sync: announce, upload, verify receipts, and pull state changes back.

What an answer means for a record (which records go, what a receipt's state
does, the purge and what it erases, the audit, the revisit, when a sync is done)
is :mod:`fieldkit.delivery.flow`'s to decide; this module checks signatures, moves
the bytes, batches and commits in groups, and calls it.

Exactly-once rests on three things.  Outcomes are committed in small groups
as their receipts verify, so after an interruption only the records that were
in flight, or whose group had not committed yet, are sent again.  Every
endpoint is idempotent, so a record whose receipt was lost (in transit, or
with the laptop before its group committed) gets the same receipt again (the
manifest answers ``already_have``).  And ciphertext is deleted only after an
ACCEPTED receipt verifies with the pinned receipt key and names this device
and this record's hash.

Database work happens on the calling thread; the upload workers, which share
one keep-alive connection pool, read the sealed files and do the HTTP, and
never wait for a commit.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature

from fieldkit import audit, sentences
from fieldkit.delivery import flow
from fieldkit.delivery.flow import DeliveryOutcome, Verdict
from fieldkit.events import OutboxChanged
from fieldkit.records import outbox
from fieldkit.records import states as delivery
from fieldkit.records.outbox import RecordInfo, RecordStatus, Sendable
from fieldkit.review import queue as review_queue
from fieldkit.sealing import DataCenterKey
from sync.client import anchoring, config, handovers, office
from sync.client.config import SyncConfig, key_set_from_json
from sync.client.errors import SYNC_CONTEXT, SyncError, SyncReason, clock_detail
from sync.client.outcomes import (
    DAMAGED,
    RECORD_REASONS,
    PushSummary,
    RecordOutcome,
    outcome_of,
    receipt_from_json,
    receipt_verdict,
    refusal_words,
    worded,
)
from sync.client.progress import (
    BatchEvent,
    Meter,
    ProgressCallback,
    RecordEvent,
    RetryEvent,
    SyncEvent,
)
from sync.client.status_pull import StatusPull
from sync.client.transport import Clock, RetryNotice, RetryPolicy, Transport
from sync.protocol import (
    CLOCK_WINDOW_S,
    HEADER_RECORD_SIGNATURE,
    KeySet,
    Reason,
    b64decode,
    b64encode,
    review_headers,
    verify_key_set,
)

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace
    from sync.client.office import OfficeResult
log = logging.getLogger(__name__)


#: Warn about the laptop's clock well before the server would refuse it.
CLOCK_WARN_S = 60
MANIFEST_BATCH = 500
#: Outcomes are committed together (one fsync) at most this often or this many at a time.
COMMIT_EVERY_S = 0.5
COMMIT_GROUP = 16
#: How often the committing thread looks for retry notices while uploads run.
POLL_S = 0.2


@dataclass(frozen=True)
class _Uploaded:
    """What a worker brings back for one record."""

    info: RecordInfo
    receipt: dict[str, Any] | None = None
    reason: str | None = None
    #: The data center's note on the record (the operator's words on a recapture).
    message: str | None = None


def _decision_headers(session: Session, uploads: list[RecordInfo]) -> dict[str, dict[str, str]]:
    """The signed decision headers of approved records among ``uploads`` (protocol §4.4)."""
    out: dict[str, dict[str, str]] = {}
    key = None
    for info in uploads:
        document = review_queue.decision_document(session, info.record_id, info.sha256)
        if document is None:
            continue
        key = key or outbox.device_key(session)
        out[info.record_id] = review_headers(key, document)
    return out


class SyncClient(StatusPull):
    """Sync with the enrolled data center; what the sync screen's buttons and the CLI call.

    ``clock`` is injectable so a laptop whose clock is days off can be tested;
    with ``correct_clock`` (the default) requests are signed with the data
    center's time and the officer is warned, otherwise they are refused with
    ``clock_skew``.  Outcomes are committed once ``commit_group`` of them wait
    or ``commit_every_s`` after the last commit, whichever comes first.
    """

    def __init__(
        self,
        ws: Workspace,
        *,
        workers: int = 3,
        clock: Clock = time.time,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | None = None,
        correct_clock: bool = True,
        manifest_batch: int = MANIFEST_BATCH,
        commit_every_s: float = COMMIT_EVERY_S,
        commit_group: int = COMMIT_GROUP,
    ) -> None:
        if not 1 <= workers <= 8:  # noqa: PLR2004 - more only crowds the data center
            raise ValueError("workers must be 1..8")
        self.ws = ws
        self.workers = workers
        self.clock = clock
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.correct_clock = correct_clock
        self.manifest_batch = manifest_batch
        self.commit_every_s = commit_every_s
        self.commit_group = commit_group
        self.actor = ws.officer.username

    @staticmethod
    def _emit(progress: ProgressCallback | None, event: SyncEvent) -> None:
        """Progress has one channel: the caller's callback (the window queues it to its bar)."""
        if progress is not None:
            progress(event)

    def _check_clock(self, transport: Transport, summary: PushSummary) -> None:
        transport.health()
        offset = transport.offset_s
        with self.ws.transaction() as session:
            config.put(session, config.CLOCK_OFFSET, f"{offset:.0f}")
        if abs(offset) <= CLOCK_WARN_S:
            return
        detail, params = clock_detail(offset)
        if not self.correct_clock and abs(offset) > CLOCK_WINDOW_S:
            raise SyncError(
                SyncReason.CLOCK_SKEW, detail, params=params, details={"skew_s": round(-offset)}
            )
        text = sentences.english(SYNC_CONTEXT, f"detail.{detail}", params)
        summary.warnings.append(
            {
                "reason": SyncReason.CLOCK_SKEW.value,
                "message": text,
                "skew_s": round(-offset),
                "detail": detail,
                "params": params,
            }
        )

    def _refresh_keys(self, transport: Transport, settings: SyncConfig) -> SyncConfig:
        """Learn new kids (key rotation); the pinned CA must have signed the key set."""
        response = transport.get_unsigned("/v1/keys")
        try:
            key_set = key_set_from_json(response.json())
            verify_key_set(key_set, settings.ca_pem)
            keys = [DataCenterKey(k.kid, b64decode(k.public_key)) for k in key_set.keys]
        except (InvalidSignature, ValueError, KeyError, TypeError) as exc:
            raise SyncError(SyncReason.KEY_SET_INVALID) from exc
        if _same_keys(key_set, settings.key_set):
            return settings
        with self.ws.transaction() as session:
            config.save_key_set(session, key_set)
            outbox.install_datacenter_keys(session, keys, key_set.active_kid)
            audit.append(
                session, self.actor, "sync.keys_updated", None, {"kid": key_set.active_kid}
            )
        log.info("data-center key set updated; active kid %s", key_set.active_kid)
        return SyncConfig(
            url=settings.url,
            device_id=settings.device_id,
            ca_pem=settings.ca_pem,
            ca_fingerprint=settings.ca_fingerprint,
            receipt_key=key_set.receipt_key,
            key_set=key_set,
        )

    def push(self, progress: ProgressCallback | None = None) -> PushSummary:
        """Send every waiting record, verify receipts, purge, and pull state changes back.

        Never raises for network or server trouble: ``summary.error`` says why it
        stopped, and ``summary.problems`` gives each refused or pending record's reason.
        """
        started = time.monotonic()
        summary = PushSummary()
        settings = self.settings()
        transport = self._transport(settings)
        notices: queue.SimpleQueue[RetryNotice] = queue.SimpleQueue()
        transport.on_retry = notices.put
        try:
            self._check_clock(transport, summary)
            settings = self._refresh_keys(transport, settings)
            self._push_records(transport, settings, summary, notices, progress)
            summary.status_changes = self._pull(transport, settings)
            summary.handovers = self._report_handovers(transport, summary)
            summary.audit = self._anchor_audit(transport, settings, summary)
            summary.office = self._office(transport, settings, summary)
        except SyncError as error:
            log.info("push stopped: %s", error.reason)
            summary.error = error
        finally:
            transport.close()
        self._finish(transport, summary)
        summary.elapsed_s = time.monotonic() - started
        return summary

    def _anchor_audit(
        self, transport: Transport, settings: SyncConfig, summary: PushSummary
    ) -> anchoring.AuditCheck | None:
        """After the records, never instead of them: a failure here is a warning, not an error."""
        try:
            return anchoring.anchor_audit(self.ws, transport, settings)
        except SyncError as error:
            log.warning("audit anchor not renewed: %s", error.reason)
            reason = error.reason.value
        except OSError as exc:  # the anchors file could not be written (a full disk)
            log.warning("audit anchor not kept: %s", exc.strerror)
            reason = "audit_anchor_not_kept"
        text = sentences.english(SYNC_CONTEXT, "detail.audit_anchor_not_renewed")
        summary.warnings.append(
            {"reason": reason, "message": text, "detail": "audit_anchor_not_renewed"}
        )
        return None

    def _report_handovers(
        self, transport: Transport, summary: PushSummary
    ) -> handovers.HandoverSync | None:
        """After the states (a card's record must be printed there); trouble is a warning."""
        try:
            return handovers.report_handovers(self.ws, transport)
        except SyncError as error:
            log.warning("handovers not reported: %s", error.reason)
            text = sentences.english(SYNC_CONTEXT, "detail.handovers_not_reported")
            summary.warnings.append(
                {"reason": error.reason.value, "message": text, "detail": "handovers_not_reported"}
            )
        return None

    def _office(
        self, transport: Transport, settings: SyncConfig, summary: PushSummary
    ) -> OfficeResult | None:
        """After the records: health out, the office's package in; trouble here is a warning."""
        try:
            return office.exchange(self.ws, transport, settings)
        except SyncError as error:
            log.warning("office package not fetched: %s", error.reason)
            text = sentences.english(SYNC_CONTEXT, "detail.office_not_fetched")
            summary.warnings.append(
                {"reason": error.reason.value, "message": text, "detail": "office_not_fetched"}
            )
        return None

    def _finish(self, transport: Transport, summary: PushSummary) -> None:
        now = dt.datetime.fromtimestamp(transport.now(), dt.UTC)
        with self.ws.transaction() as session:
            waiting = delivery.mark_sync_done(session, now, stopped=summary.error is not None)
            held = collections.Counter(delivery.held_back(session).values())
            summary.pending = len(waiting)
            summary.awaiting_review = held[RecordStatus.AWAITING_REVIEW]
            summary.returned = held[RecordStatus.RETURNED]
            known = {p.record_id for p in summary.problems}
            for info in waiting:
                if info.record_id not in known:
                    reason = summary.error.reason.value if summary.error else info.reason
                    summary.problems.append(
                        outcome_of(info, DeliveryOutcome.PENDING, reason or "pending")
                    )
            config.put(session, config.LAST_ATTEMPT_AT, now.isoformat(timespec="seconds"))
            audit.append(
                session,
                self.actor,
                "sync.pushed",
                None,
                {
                    "accepted": summary.accepted,
                    "rejected": summary.rejected,
                    "pending": summary.pending,
                    "awaiting_review": summary.awaiting_review,
                    "purged": summary.purged,
                    "error": summary.error.reason.value if summary.error else None,
                },
            )
        self.ws.events.emit(OutboxChanged())

    def _triage(self, settings: SyncConfig, summary: PushSummary) -> list[RecordInfo]:
        """The records to send; those no data center could take are refused by the plan."""
        with self.ws.transaction() as session:
            plan = flow.plan_sending(session, settings.kids, actor=self.actor, word=refusal_words)
        for verdict in plan.refused:
            summary.rejected += 1
            summary.problems.append(worded(verdict, DeliveryOutcome.REJECTED))
        return plan.sendable

    def _push_records(
        self,
        transport: Transport,
        settings: SyncConfig,
        summary: PushSummary,
        notices: queue.SimpleQueue[RetryNotice],
        progress: ProgressCallback | None,
    ) -> None:
        sendable = self._triage(settings, summary)
        meter = Meter(records_total=len(sendable), bytes_total=sum(i.size for i in sendable))
        batches = [
            sendable[i : i + self.manifest_batch]
            for i in range(0, len(sendable), self.manifest_batch)
        ]
        with cf.ThreadPoolExecutor(self.workers, thread_name_prefix="sync-upload") as pool:
            for number, batch in enumerate(batches, 1):
                uploads, already_have = self._announce(
                    transport, settings, batch, summary=summary, meter=meter, progress=progress
                )
                self._emit(
                    progress,
                    BatchEvent(
                        batch=number,
                        batches=len(batches),
                        announced=len(batch),
                        to_upload=len(uploads),
                        already_have=already_have,
                        refused=len(batch) - len(uploads) - already_have,
                    ),
                )
                self._upload_all(
                    pool,
                    transport,
                    settings,
                    uploads,
                    summary=summary,
                    meter=meter,
                    notices=notices,
                    progress=progress,
                )

    def _announce(
        self,
        transport: Transport,
        settings: SyncConfig,
        batch: list[RecordInfo],
        *,
        summary: PushSummary,
        meter: Meter,
        progress: ProgressCallback | None,
    ) -> tuple[list[RecordInfo], int]:
        answers = self._manifest(transport, batch)
        uploads: list[RecordInfo] = []
        already_have = 0
        for info in batch:
            answer = answers.get(info.record_id)
            if answer is None:
                raise SyncError(SyncReason.BAD_RESPONSE, "manifest_incomplete")
            if answer.get("verdict") == "upload":
                uploads.append(info)
                continue
            if answer.get("verdict") == "already_have" and answer.get("receipt"):
                already_have += 1
                verdict = self._verdict(settings, info, answer["receipt"])
            else:
                reason = str(answer.get("reason") or answer.get("verdict"))
                log.info("manifest refused %s (%s): %s", info.record_id, reason, answer)
                verdict = Verdict.refused(info, reason, answer.get("message"))
            with self.ws.transaction() as session:
                outcome = flow.apply_verdict(session, verdict, actor=self.actor, word=refusal_words)
            self._count(
                summary, worded(verdict, outcome), info, meter, progress=progress, uploaded=False
            )
        return uploads, already_have

    def _manifest(self, transport: Transport, batch: list[RecordInfo]) -> dict[str, dict[str, Any]]:
        entries = [
            {
                "record_id": i.record_id,
                "seq": i.seq,
                "sha256": i.sha256,
                "size": i.size,
                "kid": i.kid,
            }
            for i in batch
        ]
        body = json.dumps({"entries": entries}).encode()
        response = transport.request(
            "POST", "/v1/manifest", body, {"content-type": "application/json"}
        )
        try:
            return {v["record_id"]: v for v in response.json()["verdicts"]}
        except (ValueError, KeyError, TypeError) as exc:
            raise SyncError(SyncReason.BAD_RESPONSE) from exc

    @staticmethod
    def _verdict(
        settings: SyncConfig,
        info: RecordInfo,
        raw: dict[str, Any] | None,
        *,
        reason: str | None = None,
        message: str | None = None,
    ) -> Verdict:
        """The data center's answer on one record, its receipt checked: ``flow`` applies it.

        No receipt: refused by the server for this record alone.  A receipt that does not
        verify came over the pinned connection in answer to our own request: the record
        is marked to be sent again (a line on a USB stick that does not verify changes
        nothing, see ``sync.client.usb``).
        """
        if raw is None:
            return Verdict.refused(info, reason, message)
        try:
            return receipt_verdict(
                settings, info, receipt_from_json(raw), reason=reason, message=message
            )
        except SyncError as error:
            log.warning("receipt for %s did not verify; record kept", info.record_id)
            return Verdict.unverified(info, error.reason.value)

    def _count(
        self,
        summary: PushSummary,
        outcome: RecordOutcome,
        info: RecordInfo,
        meter: Meter,
        *,
        progress: ProgressCallback | None,
        uploaded: bool,
    ) -> None:
        if outcome.outcome is DeliveryOutcome.PURGED:
            summary.accepted += 1
            summary.purged += 1
        elif outcome.outcome is DeliveryOutcome.REJECTED:
            summary.rejected += 1
            summary.problems.append(outcome)
        elif outcome.outcome is DeliveryOutcome.PENDING:
            summary.problems.append(outcome)
        if uploaded:
            summary.uploaded += 1
            summary.uploaded_bytes += info.size
        meter.add(info.size, sent=uploaded)
        self._emit(
            progress,
            RecordEvent(
                record_id=info.record_id,
                outcome=outcome.outcome,
                size=info.size,
                reason=outcome.reason,
                message=outcome.message,
                records_done=meter.records_done,
                records_total=meter.records_total,
                bytes_done=meter.bytes_done,
                bytes_total=meter.bytes_total,
                rate_bps=round(meter.rate(), 1),
                eta_s=None if (eta := meter.eta()) is None else round(eta, 2),
            ),
        )

    def _upload_all(
        self,
        pool: cf.ThreadPoolExecutor,
        transport: Transport,
        settings: SyncConfig,
        uploads: list[RecordInfo],
        *,
        summary: PushSummary,
        meter: Meter,
        notices: queue.SimpleQueue[RetryNotice],
        progress: ProgressCallback | None,
    ) -> None:
        """Keep ``workers`` uploads in flight and commit their outcomes in small groups.

        Each worker takes its next record itself, so an upload never waits for
        this thread's commit (an fsync) or progress callback.  A group commit is
        safe: a receipt that is lost because the laptop stops before committing
        comes back as ``already_have`` on the next push.
        """
        with self.ws.transaction() as session:
            sources = outbox.sendables(session, [info.record_id for info in uploads])
            decisions = _decision_headers(session, uploads)
        todo = collections.deque(
            (info, sources.get(info.record_id), decisions.get(info.record_id, {}))
            for info in uploads
        )
        results: queue.SimpleQueue[_Uploaded | BaseException | None] = queue.SimpleQueue()
        stopping = threading.Event()
        workers = [
            pool.submit(self._upload_worker, transport, todo, results, stopping)
            for _ in range(min(self.workers, len(uploads)))
        ]
        running = len(workers)
        finished: list[_Uploaded] = []
        failure: BaseException | None = None
        last_commit = time.monotonic()
        while running:
            try:
                item = results.get(timeout=POLL_S)
            except queue.Empty:
                item = None
            else:
                if item is None:
                    running -= 1
                elif isinstance(item, BaseException):
                    # The connection, not the record, failed (or a bug): start no new upload.
                    failure = failure or item
                    stopping.set()
                    transport.stop()
                else:
                    finished.append(item)
            self._drain(notices, progress)
            due = time.monotonic() - last_commit >= self.commit_every_s
            if finished and (due or len(finished) >= self.commit_group or not running):
                self._commit_outcomes(settings, finished, summary, meter, progress)
                finished = []
                last_commit = time.monotonic()
        cf.wait(workers)
        if finished:
            self._commit_outcomes(settings, finished, summary, meter, progress)
        self._drain(notices, progress)
        if failure is not None:
            raise failure

    def _upload_worker(
        self,
        transport: Transport,
        todo: collections.deque[tuple[RecordInfo, Sendable | None, dict[str, str]]],
        results: queue.SimpleQueue[_Uploaded | BaseException | None],
        stopping: threading.Event,
    ) -> None:
        """Runs on an upload thread: upload records until none is left or the push stops."""
        try:
            while not stopping.is_set():
                try:
                    info, source, extra = todo.popleft()
                except IndexError:
                    return
                try:
                    results.put(self._upload(transport, info, source, extra))
                except BaseException as error:  # noqa: BLE001 - handed to the committing thread
                    results.put(error)
                    return
        finally:
            results.put(None)

    def _commit_outcomes(
        self,
        settings: SyncConfig,
        finished: list[_Uploaded],
        summary: PushSummary,
        meter: Meter,
        progress: ProgressCallback | None,
    ) -> None:
        """Check the group's receipts, let ``flow`` apply them in one commit, then count."""
        verdicts = [
            self._verdict(
                settings, result.info, result.receipt, reason=result.reason, message=result.message
            )
            for result in finished
        ]
        with self.ws.transaction() as session:
            outcomes = flow.apply_verdicts(session, verdicts, actor=self.actor, word=refusal_words)
        for result, verdict, outcome in zip(finished, verdicts, outcomes, strict=True):
            self._count(
                summary,
                worded(verdict, outcome),
                result.info,
                meter,
                progress=progress,
                uploaded=result.reason != DAMAGED,
            )

    def _drain(
        self, notices: queue.SimpleQueue[RetryNotice], progress: ProgressCallback | None
    ) -> None:
        while True:
            try:
                notice = notices.get_nowait()
            except queue.Empty:
                return
            what = f"{notice.method} {notice.path.split('?', maxsplit=1)[0]}"
            self._emit(
                progress,
                RetryEvent(what, notice.attempt, round(notice.delay_s, 2), notice.reason.value),
            )

    def _load(self, info: RecordInfo, source: Sendable) -> bytes | None:
        """The envelope to send, or None if storage damaged it since it was sealed.

        Checked against the hash recorded at seal time before it is sent: the
        request is signed over that hash, so a damaged copy would otherwise be
        refused as a forged request and stop the whole push.  Runs on an upload
        worker; hashlib lets the other threads run meanwhile.
        """
        try:
            envelope = source.read()
        except outbox.UnreadableSealedFile:
            envelope = None
        if envelope is not None and hashlib.sha256(envelope).hexdigest() == info.sha256:
            return envelope
        log.warning("record %s is damaged on this laptop; not sent", info.record_id)
        return None

    def _upload(
        self,
        transport: Transport,
        info: RecordInfo,
        source: Sendable | None,
        extra: dict[str, str] | None = None,
    ) -> _Uploaded:
        """Runs on a worker: load and PUT one envelope; re-announce once if that was lost.

        ``extra`` carries the ketua tim's signed decision on an approved record.
        """
        if source is None:  # purged since it was listed: only another push could do that
            raise outbox.RecordNotFound
        envelope = self._load(info, source)
        if envelope is None:
            return _Uploaded(info, reason=DAMAGED)
        path = f"/v1/records/{info.record_id}"
        headers = {
            HEADER_RECORD_SIGNATURE: b64encode(source.signature),
            "content-type": "application/octet-stream",
            **(extra or {}),
        }
        for attempt in range(2):
            try:
                response = transport.request(
                    "PUT", path, envelope, headers, body_sha256=info.sha256
                )
            except SyncError as error:
                if error.server_reason == Reason.NOT_ANNOUNCED and attempt == 0:
                    self._manifest(transport, [info])
                    continue
                if error.server_reason in RECORD_REASONS:
                    return _Uploaded(info, reason=error.server_reason)
                raise
            try:
                body = response.json()
                return _Uploaded(info, body["receipt"], body.get("reason"), body.get("message"))
            except (ValueError, KeyError, TypeError) as exc:
                raise SyncError(SyncReason.BAD_RESPONSE) from exc
        raise SyncError(SyncReason.REFUSED, "announcement_lost")


def _same_keys(a: KeySet, b: KeySet) -> bool:
    return (
        a.active_kid == b.active_kid
        and a.receipt_key == b.receipt_key
        and sorted((k.kid, k.public_key) for k in a.keys)
        == sorted((k.kid, k.public_key) for k in b.keys)
    )
