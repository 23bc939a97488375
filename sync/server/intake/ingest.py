"""The intake's path for one record: its upload checked, opened, stored, its blob written.

:class:`RecordIngest` is the part of :class:`~sync.server.intake.service.DataCenter`
that takes a record in, by HTTP or from a USB stick alike: the sealed bytes checked
against the manifest, opened in memory, validated, indexed and stored with its blob.
"""

from __future__ import annotations

import binascii
import contextlib
import functools
import hashlib
import logging
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from fieldkit import sentences
from fieldkit.errors import KnownError
from fieldkit.records.demo import DEMO_KID, demo_private_key
from fieldkit.sealing import SealedRecord, SealError, open_sealed, verify_signature
from sync.protocol import (
    ManifestVerdict,
    Reason,
    Receipt,
    RecordState,
    UploadResponse,
    Verdict,
    b64decode,
    b64encode,
    read_review,
)
from sync.server.errors import BlobStoreFull, DataCenterError, disk_full
from sync.server.intake import record_search, reviews
from sync.server.intake.payload import PayloadInvalid, payload_header, payload_nik, payload_place
from sync.server.office.recorded import nik_mac, recorded_key
from sync.server.store.rows import Added, Announcement, Device, RecordPlace, StoredRecord
from sync.server.store.stamps import iso, parse_stamp

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future, ThreadPoolExecutor

    from cryptography.hazmat.primitives.asymmetric import x25519

    from sync.server.intake.payload import PayloadValidator
    from sync.server.keys import DataCenterKeys
    from sync.server.office.steering import Office
    from sync.server.store.blobs import BlobStore
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)


def receipt_of(record: StoredRecord) -> Receipt:
    data = dict(record.receipt)
    data["state"] = RecordState(data["state"])
    return Receipt(**data)


def revoked() -> DataCenterError:
    return DataCenterError(
        403,
        Reason.DEVICE_REVOKED,
    )


class RecordIngest:
    """The record's way in: what :class:`DataCenter` does with each upload.

    :class:`DataCenter` makes these in its ``__init__``; they are named here so each
    method of this part says what it reads.
    """

    store: SqlStore
    blobs: BlobStore
    keys: DataCenterKeys
    office: Office
    validator: PayloadValidator
    clock: Callable[[], float]
    accept_demo: bool
    _blob_writer: ThreadPoolExecutor
    _recorded_key: bytes | None
    _search_key: bytes | None

    def now(self) -> str:
        return iso(self.clock())

    def private_key(self, kid: str) -> x25519.X25519PrivateKey | None:
        """The key that opens records sealed to ``kid``; the demo key only with --accept-demo.

        The demo key is never published in the key set: laptops must not seal real
        records to a key whose private half is public.
        """
        if kid == DEMO_KID:
            return demo_private_key() if self.accept_demo else None
        return self.keys.encryption_keys.get(kid)

    def _conflict(self, existing: StoredRecord, offered: str, now: str) -> ManifestVerdict:
        log.warning("conflict: record %s offered again with different content", existing.record_id)
        self.store.add_conflict(
            existing.record_id, existing.device_id, existing.sha256, offered, now
        )
        return ManifestVerdict(
            existing.record_id,
            Verdict.CONFLICT,
            Reason.CONFLICT,
            sentences.english("errors", "datacenter_conflict_shown"),
        )

    def upload(
        self,
        device: Device,
        record_id: str,
        body: bytes,
        record_signature: str | None,
        body_sha256: str | None = None,
    ) -> UploadResponse:
        body_sha256 = body_sha256 or hashlib.sha256(body).hexdigest()
        announced, existing = self.store.upload_state(device.device_id, record_id)
        if existing is not None:
            return self._resend(device, existing, body_sha256)
        if announced is None:
            raise DataCenterError(
                409,
                Reason.NOT_ANNOUNCED,
            )
        return self._ingest_new(device, announced, body, record_signature, body_sha256)

    def keep_review(
        self,
        device: Device,
        record_id: str,
        sha256: str,
        header: str | None,
        signature: str | None,
    ) -> dict[str, object] | None:
        """Check the ketua tim's decision sent with an upload; returns it, or None if absent.

        Checked before the record is stored, so a forged or mismatched decision
        stores nothing (400 ``review_invalid``); kept once the record is stored.
        """
        if header is None and signature is None:
            return None
        if header is None or signature is None:
            raise DataCenterError(400, Reason.REVIEW_INVALID)
        try:
            return read_review(
                b64decode(device.public_key),
                header,
                signature,
                record_id=record_id,
                sha256=sha256,
            )
        except ValueError as exc:
            raise DataCenterError(400, Reason.REVIEW_INVALID) from exc

    def store_review(
        self,
        device: Device,
        record_id: str,
        review: dict[str, object],
        signed: tuple[str, str],
    ) -> None:
        """Keep a decision ``keep_review`` checked: its document (and note) sealed to our key."""
        document, signature = signed
        kept = reviews.seal_document(self.keys, device.device_id, record_id, b64decode(document))
        self.store.add_review(
            device.device_id,
            record_id,
            review,
            signature=signature,
            sealed=(kept.kid, kept.sealed),
            now=self.now(),
        )
        log.info("record %s: the ketua tim's decision kept", record_id)

    def ingest(
        self,
        device: Device,
        announced: Announcement,
        body: bytes,
        record_signature: str | None,
        body_sha256: str | None = None,
    ) -> UploadResponse:
        """Check and durably store one sealed record, or refuse it: the only way records get in.

        ``announced`` is what the laptop declared beforehand (a manifest line over
        HTTP, or a line of a USB export's signed manifest); ``record_signature`` is
        the envelope's outer signature, base64.  Idempotent: a record already held
        answers with its stored receipt.
        """
        sha256 = body_sha256 or hashlib.sha256(body).hexdigest()
        existing = self.store.record(device.device_id, announced.record_id)
        if existing is not None:
            return self._resend(device, existing, sha256)
        return self._ingest_new(device, announced, body, record_signature, sha256)

    def _ingest_new(
        self,
        device: Device,
        announced: Announcement,
        body: bytes,
        record_signature: str | None,
        sha256: str,
    ) -> UploadResponse:
        """``ingest`` of a record not held when the caller looked."""
        record_id = announced.record_id
        if len(body) != announced.size:
            raise DataCenterError(
                400,
                Reason.SIZE_MISMATCH,
                details={"received": len(body), "announced": announced.size},
                params={"received": len(body), "announced": announced.size},
            )
        if sha256 != announced.sha256:
            raise DataCenterError(
                400,
                Reason.SHA256_MISMATCH,
            )
        private = self.private_key(announced.kid)
        if private is None:
            raise DataCenterError(422, Reason.KID_UNKNOWN)
        sealed = SealedRecord(
            record_id=record_id,
            seq=announced.seq,
            kid=announced.kid,
            demo=announced.kid == DEMO_KID,
            envelope=body,
            sha256=sha256,
            signature=self._signature_bytes(record_signature),
        )
        device_key = b64decode(device.public_key)
        try:
            verify_signature(sealed, device_key)  # its hash was checked against the manifest
        except SealError:
            raise DataCenterError(
                403,
                Reason.RECORD_SIGNATURE_INVALID,
            ) from None
        # From here the record is stored whatever its content turns out to be (ACCEPTED or
        # REJECTED), so its blob is written and fsynced while it is decrypted and validated.
        had_blob = self.blobs.exists(sealed.sha256)
        writing = self._blob_writer.submit(
            self.blobs.put, sealed.sha256, sealed.envelope, digest_checked=True
        )
        try:
            state, reason, message, nik, place, search = self._open_and_validate(
                sealed, private, device_key, announced
            )
        except BaseException:
            self._undo_blob(writing, sealed, had_blob=had_blob)
            raise
        return self._store(
            device=device,
            sealed=sealed,
            state=state,
            reason=reason,
            message=message,
            size=announced.size,
            writing=writing,
            had_blob=had_blob,
            nik=nik,
            place=place,
            search=search,
        )

    def _undo_blob(self, writing: Future[None], sealed: SealedRecord, *, had_blob: bool) -> None:
        """Remove a blob this request wrote if its record did not get stored.

        Under the sweep's lock, as the sweep deletes (``SqlStore.delete_unreferenced``):
        another upload of the same bytes may be committing its record right now.
        """
        with contextlib.suppress(Exception):
            writing.result()
        if not had_blob:
            self.store.delete_unreferenced([sealed.sha256], self.blobs.delete)

    def _ensure_blob(self, sealed: SealedRecord) -> None:
        """In the record's commit: its blob is there, or is written again from these bytes.

        A sweep may have deleted it between its write and this commit (an orphan of an
        earlier crash, sent again, looked old); the commit holds the lock the sweep
        deletes under, so once this returns the blob stays until the commit is done.
        """
        if self.blobs.exists(sealed.sha256):
            return
        log.warning(
            "record %s: its blob was swept before its commit; writing it again", sealed.record_id
        )
        self.blobs.put(sealed.sha256, sealed.envelope, digest_checked=True)

    @staticmethod
    def _signature_bytes(record_signature: str | None) -> bytes:
        try:
            return b64decode(record_signature or "")
        except (binascii.Error, ValueError):
            raise DataCenterError(
                400,
                Reason.RECORD_SIGNATURE_INVALID,
            ) from None

    def _open_and_validate(
        self,
        sealed: SealedRecord,
        private: x25519.X25519PrivateKey,
        device_key: bytes,
        announced: Announcement,
    ) -> tuple[
        RecordState,
        Reason | None,
        str | None,
        str | None,
        RecordPlace | None,
        list[tuple[str, str]],
    ]:
        """The record's state, why, and (ACCEPTED) the NIK, its place and its blind index."""
        try:
            # ingest hashed these bytes into sealed.sha256 and checked the outer signature.
            payload = open_sealed(sealed, private, device_key, envelope_verified=True)
        except SealError:
            log.warning("record %s could not be decrypted; stored as REJECTED", sealed.record_id)
            why = sentences.english("errors", "datacenter_cannot_decrypt")
            return RecordState.REJECTED, Reason.DECRYPT_FAILED, why, None, None, []
        try:
            self.validator(payload, announced)
        except PayloadInvalid as exc:
            log.warning(
                "record %s failed validation (%s); stored as REJECTED", sealed.record_id, exc.code
            )
            return RecordState.REJECTED, exc.reason, exc.message, None, None, []
        header = payload_header(payload)
        return (
            RecordState.ACCEPTED,
            None,
            None,
            payload_nik(payload, header),
            payload_place(header),
            self._search_rows(header),
        )

    def _search_rows(self, header: dict[str, Any] | None) -> list[tuple[str, str]]:
        """The header's blind-index rows (``sync.server.intake.record_search``); none if no key.

        A key that cannot be read never fails the upload: ``records reindex`` adds the
        record's rows later.  The terms themselves are never logged.
        """
        if header is None:
            return []
        try:
            if self._search_key is None:
                self._search_key = record_search.search_key(self.keys)
        except (KnownError, OSError):
            log.exception("the records' search key could not be read; run 'records reindex'")
            return []
        return record_search.index_rows(self._search_key, record_search.header_terms(header))

    def _store(
        self,
        *,
        device: Device,
        sealed: SealedRecord,
        state: RecordState,
        reason: Reason | None,
        message: str | None,
        size: int,
        writing: Future[None],
        had_blob: bool,
        nik: str | None = None,
        place: RecordPlace | None = None,
        search: list[tuple[str, str]] | None = None,
    ) -> UploadResponse:
        """Blob first (fsynced), then the metadata commit; undo the blob if the commit fails."""
        try:
            writing.result()
        except BlobStoreFull:
            raise disk_full("blob store") from None
        receipt = Receipt(
            record_id=sealed.record_id,
            device_id=device.device_id,
            sha256=sealed.sha256,
            state=state,
            received_at=self.now(),
        )
        receipt.signature = b64encode(self.keys.receipt_key.sign(receipt.statement()))
        stored = StoredRecord(
            record_id=sealed.record_id,
            device_id=device.device_id,
            seq=sealed.seq,
            kid=sealed.kid,
            sha256=sealed.sha256,
            size=size,
            state=state,
            reason=None if reason is None else str(reason),
            message=message,
            received_at=receipt.received_at,
            receipt={**asdict(receipt), "state": str(state)},
        )
        try:
            added = self.store.add_record(
                stored,
                b64encode(sealed.signature),
                [RecordState.RECEIVED, state],
                ensure_blob=functools.partial(self._ensure_blob, sealed),
                place=place if state is RecordState.ACCEPTED else None,
                search=search if state is RecordState.ACCEPTED and search else (),
            )
        except BlobStoreFull:  # the blob, swept meanwhile, could not be written again
            self._undo_blob(writing, sealed, had_blob=had_blob)
            raise disk_full("blob store") from None
        except BaseException:
            self._undo_blob(writing, sealed, had_blob=had_blob)
            raise
        if added is Added.DEVICE_REVOKED:  # revoked while this upload was being checked
            self._undo_blob(writing, sealed, had_blob=had_blob)
            raise revoked()
        if added is Added.ALREADY_HELD:  # a concurrent upload of the same record won the race
            existing = self.store.record(device.device_id, sealed.record_id)
            if existing is None:  # pragma: no cover - an IntegrityError implies a row
                raise DataCenterError(500, Reason.INTERNAL_ERROR)
            return self._resend(device, existing, sealed.sha256)
        log.info("stored record %s as %s", sealed.record_id, state)
        if nik is not None and state is RecordState.ACCEPTED:
            self._remember_recorded(nik, receipt.received_at)
        return UploadResponse(receipt=receipt, reason=reason, message=message)

    def _remember_recorded(self, nik: str, received_at: str) -> None:
        """The NIK's MAC into ``recorded_niks``; a failure here never undoes the record.

        Kept with the office's day of arrival (its time zone, issue 59 §9), which the
        laptops show as "already recorded on": ``received_at`` is UTC, and its own date
        was the day before for a record that arrived before 07:00 WIB.
        """
        try:
            if self._recorded_key is None:
                self._recorded_key = recorded_key(self.keys)
            arrived = parse_stamp(received_at)
            zone = self.store.office_zone()
            day = arrived.astimezone(zone).date().isoformat() if arrived else received_at[:10]
            self.office.record_nik(nik_mac(self._recorded_key, nik), day)
        except (KnownError, SQLAlchemyError, OSError):
            log.exception("the recorded-NIK list could not be updated for an accepted record")

    def already_have(self, device: Device, entry: Announcement) -> UploadResponse | None:
        """The stored receipt if this device's record with this hash is already here."""
        existing = self.store.record(device.device_id, entry.record_id)
        if existing is None:
            return None
        if existing.sha256 != entry.sha256:
            return None
        return self._resend(device, existing, entry.sha256)

    def _resend(self, device: Device, existing: StoredRecord, sha256: str) -> UploadResponse:
        """``existing`` is ``device``'s own record (records are keyed by device and id)."""
        if existing.device_id != device.device_id:  # pragma: no cover - looked up by device
            raise DataCenterError(500, Reason.INTERNAL_ERROR)
        if existing.sha256 != sha256:
            self._conflict(existing, sha256, self.now())
            raise DataCenterError(409, Reason.CONFLICT, params={"record_id": existing.record_id})
        reason = None if existing.reason is None else Reason(existing.reason)
        return UploadResponse(receipt=receipt_of(existing), reason=reason, message=existing.message)
