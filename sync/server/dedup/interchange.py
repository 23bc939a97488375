"""A record leaves the office: one ANSI/NIST-ITL transaction per record (issue 48, part 1).

``fieldkit-datacenter records export`` opens a sealed record in memory with the data
center's key, and writes the one file an ABIS or the national register reads: Type-1 and
Type-2 (a reference id and capture metadata, nothing about the person), a Type-14 per
finger (WSQ at 500 ppi; 14.018 AMP for one that could not be captured), Type-10 for the
face, a Type-17 per eye, Type-8 for the signature.  ``docs/interchange.md`` lists every
field and why; the bytes are :mod:`sync.server.dedup.an2`'s.

The reference id (TCN, and 2.010) is random, made once per record and kept in
``interchange_refs``: the same record exported again carries the same reference, and the
link from a reference back to a person stays here, as MOSIP's ``referenceId`` does.

What the file holds is biometric data, so it is written as a private file (0600 from
the first byte, renamed into place whole), never through a link, and each export is
audited in ``console_audit`` with who ran it (``docs/threat-model.md``).
"""

from __future__ import annotations

import binascii
import datetime as dt
import errno
import hashlib
import io
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import _wsq  # the wsq wheel's own codec (no stubs: see mypy's overrides)
import sqlalchemy as sa
from PIL import Image, UnidentifiedImageError

from drivers.image_size import ImageTooLarge, check_declared_size
from fieldkit.durable import PinnedFolder
from fieldkit.records import container
from fieldkit.sealing import SealedRecord, SealError, open_sealed
from sync.protocol import Reason, RecordState, b64decode
from sync.server.accounts.roles import Actor
from sync.server.accounts.trail import write_audit
from sync.server.dedup import an2
from sync.server.errors import DataCenterError
from sync.server.intake.states import named_record
from sync.server.office.stick import refuse_links
from sync.server.store.tables import interchange_refs

if TYPE_CHECKING:
    from sync.server.keys import DataCenterKeys
    from sync.server.store.blobs import BlobStore
    from sync.server.store.database import SqlStore
    from sync.server.store.rows import StoredRecord

log = logging.getLogger(__name__)

#: ``--format``'s one value today: ANSI/NIST-ITL traditional encoding.
FORMAT = "an2"
SUFFIX = ".an2"
#: Type-1 TOT: the receiving system's profile names its own; one constant to change.
TRANSACTION_TYPE = "FKENR"
#: Type-1 DAI when the office names none: the national civil register.
DESTINATION = "DUKCAPIL"
#: Type-2 2.003: which field list (``docs/interchange.md``) this file follows.
PROFILE = "FIELDKIT-AN2-1"
#: WSQ's bit rate: the FBI's 0.75 bits per pixel (about 15:1).
WSQ_BITRATE = 0.75
FINGER_PPI = 500
#: 14.018 AMPCD: XX amputated, UP unable to print (bandaged, injured, worn, tremor...).
AMPUTATED, UNABLE_TO_PRINT = "XX", "UP"
#: 17.028 DME: MI missing, UC unable to capture.
EYE_MISSING, EYE_UNABLE = "MI", "UC"
_EYES = {"right": "1", "left": "2"}
#: The console_audit action of an export.
EXPORTED = "record_exported"
_JP2 = "image/jp2"


@dataclass(frozen=True)
class Exported:
    """One file written: which record, its reference, where, how many records of each type."""

    device_id: str
    record_id: str
    reference: str
    path: str
    counts: dict[str, int]


# --- the reference id ---------------------------------------------------------------


def reference_of(store: SqlStore, device_id: str, record_id: str) -> str:
    """The record's reference id: made once (random), the same at every later export.

    Two exports of the same record at once both insert-or-keep the same row and read
    back the one that won.
    """
    made = "FK" + secrets.token_hex(10).upper()
    with store.writing() as conn:
        conn.execute(
            store.upsert(interchange_refs)
            .values(
                device_id=device_id,
                record_id=record_id,
                reference=made,
                made_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
            .on_conflict_do_nothing(index_elements=["device_id", "record_id"])
        )
        kept: str = conn.execute(
            sa.select(interchange_refs.c.reference).where(
                interchange_refs.c.device_id == device_id,
                interchange_refs.c.record_id == record_id,
            )
        ).scalar_one()
    return kept


# --- opening the record ---------------------------------------------------------------


def open_record(
    store: SqlStore, blobs: BlobStore, keys: DataCenterKeys, stored: StoredRecord
) -> tuple[dict[str, Any], list[bytes]]:
    """The record's header and blobs, opened in memory: never written anywhere in the clear."""
    device = store.device(stored.device_id)
    private = keys.encryption_keys.get(stored.kid)
    if device is None or private is None:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_unopenable",
            params={"record_id": stored.record_id},
        )
    envelope = blobs.get(stored.sha256)
    if hashlib.sha256(envelope).hexdigest() != stored.sha256:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_unopenable",
            params={"record_id": stored.record_id},
        )
    sealed = SealedRecord(
        record_id=stored.record_id,
        seq=stored.seq,
        kid=stored.kid,
        demo=False,
        envelope=envelope,
        sha256=stored.sha256,
        signature=b"",  # the outer signature was checked at ingest; the inner one is below
    )
    try:
        payload = open_sealed(sealed, private, b64decode(device.public_key), envelope_verified=True)
        if not container.is_container(payload):
            raise DataCenterError(
                400,
                Reason.INVALID_REQUEST,
                code="datacenter_export_no_images",
                params={"record_id": stored.record_id},
            )
        return container.unpack(payload)
    except (SealError, container.ContainerError, binascii.Error, ValueError):
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_unopenable",
            params={"record_id": stored.record_id},
        ) from None


# --- the transaction -------------------------------------------------------------------


def _day(stamp: object, fallback: str) -> str:
    """``YYYYMMDD`` of an ISO time, or ``fallback``."""
    if isinstance(stamp, str) and len(stamp) >= len("2026-01-31"):
        try:
            return dt.date.fromisoformat(stamp[:10]).strftime("%Y%m%d")
        except ValueError:
            pass
    return fallback


@dataclass(frozen=True)
class _Image:
    slot: str
    part: str
    data: bytes
    captured: str
    simulated: bool


def _kept_images(header: dict[str, Any], blobs: list[bytes], today: str) -> list[_Image]:
    """Every image of each slot's kept attempt, with its part (finger code, eye, face)."""
    found: list[_Image] = []
    for capture in header.get("captures") or []:
        if not isinstance(capture, dict):
            continue
        for attempt in capture.get("attempts") or []:
            if not isinstance(attempt, dict) or not attempt.get("kept"):
                continue
            device = attempt.get("device")
            simulated = isinstance(device, dict) and bool(device.get("simulated"))
            for image in attempt.get("images") or []:
                index = image.get("blob") if isinstance(image, dict) else None
                if image.get("media_type") != _JP2 or type(index) is not int:
                    continue
                if not 0 <= index < len(blobs):
                    continue
                found.append(
                    _Image(
                        str(capture.get("slot")),
                        str(image.get("part")),
                        blobs[index],
                        _day(attempt.get("captured_at"), today),
                        simulated,
                    )
                )
    return found


def _excepted(header: dict[str, Any]) -> dict[str, str]:
    """``finger:7`` / ``eye:left`` → the exception's reason code."""
    out: dict[str, str] = {}
    for entry in header.get("exceptions") or []:
        if isinstance(entry, dict) and isinstance(entry.get("part"), str):
            out[entry["part"]] = str(entry.get("reason"))
    return out


def _decoded(data: bytes) -> Image.Image:
    """A stored image decoded, once its header's size is checked (issue 57.1)."""
    try:
        check_declared_size(data)
    except ImageTooLarge as exc:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_image_too_large",
            params={"width": exc.width, "height": exc.height, "limit": exc.limit},
        ) from None
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_image_unreadable",
            params={"problem": type(exc).__name__},
        ) from None
    return image


def _wsq_of(image: Image.Image) -> tuple[bytes, int, int]:
    """The finger as WSQ at 500 ppi, and its real width and height (the codec's own API)."""
    grey = image.convert("L")
    width, height = grey.size
    data: bytes = _wsq.compress(grey.tobytes(), height, width, WSQ_BITRATE)
    return data, width, height


def _colour(picture: Image.Image) -> str:
    return "GRAY" if picture.mode in {"L", "I;16"} else "SRGB"


@dataclass
class _Builder:
    """The records after Type-2, each given the next IDC."""

    office: str
    finished: str
    excepted: dict[str, str]
    body: list[an2.Record]

    def tagged(self, kind: int, fields: dict[int, an2.Value]) -> None:
        self.body.append(an2.TaggedRecord(kind, len(self.body) + 1, fields))

    def fingers(self, images: list[_Image]) -> None:
        """FGP 1-10, then the slaps (13, 14, 15) where the record holds them."""
        by_code = {i.part: i for i in images if i.slot.startswith("finger:")}
        for code in [*(str(n) for n in range(1, 11)), "13", "14", "15"]:
            shot = by_code.get(code)
            if shot is not None:
                wsq, width, height = _wsq_of(_decoded(shot.data))
                self.tagged(
                    14,
                    {
                        3: "0",  # IMP: live-scan plain
                        4: self.office,
                        5: shot.captured,
                        6: str(width),
                        7: str(height),
                        8: "1",  # SLC: pixels per inch
                        9: str(FINGER_PPI),
                        10: str(FINGER_PPI),
                        11: "WSQ20",
                        12: "8",
                        13: code,
                        999: wsq,
                    },
                )
            elif f"finger:{code}" in self.excepted:
                why = self.excepted[f"finger:{code}"]
                ampcd = AMPUTATED if why == "amputated" else UNABLE_TO_PRINT
                self.tagged(
                    14, {3: "0", 4: self.office, 5: self.finished, 13: code, 18: [[code, ampcd]]}
                )

    def face(self, images: list[_Image]) -> None:
        shot = next((i for i in images if i.slot == "face"), None)
        if shot is None:
            return
        picture = _decoded(shot.data)
        self.tagged(
            10,
            {
                3: "FACE",
                4: self.office,
                5: shot.captured,
                6: str(picture.width),
                7: str(picture.height),
                8: "0",  # SLC: no scale; 1:1 pixel aspect
                9: "1",
                10: "1",
                11: "JP2L",
                12: _colour(picture),
                13: "13",  # SAP: ISO/IEC 19794-5 full frontal (the laptop checks to it)
                20: "F",  # POS: full face frontal
                999: shot.data,
            },
        )

    def irises(self, images: list[_Image]) -> None:
        by_eye = {i.part: i for i in images if i.slot == "iris"}
        for eye, label in _EYES.items():
            shot = by_eye.get(eye)
            if shot is not None:
                picture = _decoded(shot.data)
                self.tagged(
                    17,
                    {
                        3: label,
                        4: self.office,
                        5: shot.captured,
                        6: str(picture.width),
                        7: str(picture.height),
                        8: "0",
                        9: "1",
                        10: "1",
                        11: "JP2L",
                        12: "8",
                        13: _colour(picture),
                        999: shot.data,
                    },
                )
            elif f"eye:{eye}" in self.excepted:
                dme = EYE_MISSING if self.excepted[f"eye:{eye}"] == "amputated" else EYE_UNABLE
                self.tagged(17, {3: label, 4: self.office, 5: self.finished, 28: dme})

    def signature(self, images: list[_Image]) -> None:
        shot = next((i for i in images if i.slot == "signature"), None)
        if shot is not None:
            grey = _decoded(shot.data).convert("L")
            self.body.append(
                an2.SignatureRecord(len(self.body) + 1, grey.width, grey.height, grey.tobytes())
            )


def _description(
    header: dict[str, Any], reference: str, finished: str, images: list[_Image]
) -> dict[int, an2.Value]:
    """Type-2: the reference and how the record was captured; never who was captured."""
    visit = header.get("visit")
    place: dict[str, Any] = visit if isinstance(visit, dict) else {}
    software = header.get("software")
    optional = {
        12: place.get("kecamatan_code"),
        13: place.get("place_type"),
        14: header.get("finger_mode"),
        15: software.get("fieldkit") if isinstance(software, dict) else None,
    }
    return {
        3: PROFILE,
        10: reference,
        11: finished,
        16: "1" if any(i.simulated for i in images) else "0",
        **{
            number: value
            for number, value in optional.items()
            if isinstance(value, str) and value and value.isascii() and value.isprintable()
        },
    }


def build(
    header: dict[str, Any],
    blobs: list[bytes],
    *,
    reference: str,
    office: str,
    destination: str = DESTINATION,
    now: dt.datetime | None = None,
) -> tuple[bytes, dict[str, int]]:
    """The transaction's bytes and how many records of each type it holds."""
    moment = now or dt.datetime.now(dt.UTC)
    today = moment.strftime("%Y%m%d")
    images = _kept_images(header, blobs, today)
    stamps = header.get("timestamps")
    finished = _day(stamps.get("finished_at") if isinstance(stamps, dict) else None, today)
    builder = _Builder(office, finished, _excepted(header), [])
    builder.fingers(images)
    builder.face(images)
    builder.irises(images)
    builder.signature(images)
    described = _description(header, reference, finished, images)
    records: list[an2.Record] = [an2.TaggedRecord(2, 0, described), *builder.body]
    data = an2.encode(
        an2.Header(
            tot=TRANSACTION_TYPE,
            date=today,
            gmt=moment.strftime("%Y%m%d%H%M%SZ"),
            destination=destination,
            originator=office,
            tcn=reference,
        ),
        records,
    )
    counts: dict[str, int] = {}
    for record in records:
        key = f"type{an2.record_type(record)}"
        counts[key] = counts.get(key, 0) + 1
    return data, counts


# --- which records, and the files ------------------------------------------------------


def _named(store: SqlStore, record_id: str, device_id: str | None) -> StoredRecord:
    stored = named_record(store, record_id, device_id)
    if stored.demo:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_training",
            params={"record_id": record_id},
        )
    if stored.state in {RecordState.RECEIVED, RecordState.REJECTED}:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_not_accepted",
            params={"record_id": record_id, "state": stored.state},
        )
    return stored


def waiting(store: SqlStore) -> list[StoredRecord]:
    """Records waiting to be forwarded: ACCEPTED, not training (Beranda's count)."""
    return [r for r in store.records() if r.state is RecordState.ACCEPTED and not r.demo]


def _no_links(root: Path, target: Path) -> None:
    """``office.stick.refuse_links`` (as ``package export``), refused in this command's words."""
    try:
        refuse_links(root, target, export=True)
    except DataCenterError as exc:
        if exc.code != "stick_symlink":
            raise
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_symlink",
            params={"name": root / str(exc.params["name"])},
        ) from None


def _outside_data(path: Path, data: Path | None) -> None:
    """Refuse a target in the data center's own folder (its database, keys, blobs).

    Compared as resolved paths, so ``DATA/../DATA/x`` or a link to the folder is caught too.
    """
    if data is None:
        return
    home = data.resolve()
    if path.resolve() == home or path.resolve().is_relative_to(home):
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_inside_data",
            params={"path": path, "data": data},
        )


def _writable_target(path: Path, data: Path | None) -> Path:
    """``path`` made absolute, refused if it or a folder above it is a link or not there."""
    target = Path(path).absolute()
    _no_links(Path(target.anchor), target)
    _outside_data(target, data)
    if not target.parent.is_dir():
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_no_folder",
            params={"folder": target.parent},
        )
    if target.exists() and not target.is_file():
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_not_a_file",
            params={"path": target},
        )
    return target


def _pinned(folder: Path) -> PinnedFolder:
    """``folder`` opened once, its path checked for links again after the opening.

    Every file of the export is then written relative to the opened folder
    (:class:`fieldkit.durable.PinnedFolder`): a folder swapped for a link after this
    check is not followed (issue 57 §7).
    """
    try:
        pinned = PinnedFolder(folder)
    except OSError as exc:
        if exc.errno in {errno.ELOOP, errno.EMLINK}:  # O_NOFOLLOW met a link put there
            raise _link_refused(folder) from None
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_unwritable",
            params={"path": folder, "cause": exc.strerror or exc},
        ) from None
    try:
        _no_links(Path(folder.anchor), folder)
        moved = not pinned.still_at_path()
    except BaseException:
        pinned.close()
        raise
    if moved:
        pinned.close()
        raise _link_refused(folder)
    return pinned


def _link_refused(name: Path) -> DataCenterError:
    return DataCenterError(
        400, Reason.INVALID_REQUEST, code="datacenter_export_symlink", params={"name": name}
    )


def _write(folder: PinnedFolder, name: str, data: bytes) -> None:
    try:
        folder.write(name, data)  # a private temporary file (0600), renamed over whole
    except OSError as exc:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_unwritable",
            params={"path": folder.path / name, "cause": exc.strerror or exc},
        ) from None


def _audit(store: SqlStore, exported: Exported, actor: Actor) -> None:
    with store.writing() as conn:
        write_audit(
            conn,
            time.time(),
            actor=actor.name,
            action=EXPORTED,
            account=actor.name,
            detail=f"{exported.device_id} {exported.record_id} {exported.reference}",
        )


def _office(store: SqlStore) -> str:
    from sync.server.office.steering import Office  # noqa: PLC0415 - the office's settings only

    code = Office(store).settings()["office_code"]
    if not code:
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="datacenter_office_not_set", params={}
        )
    return str(code)


@dataclass(frozen=True)
class _Context:
    """What every export of one command shares: the store, the blobs, the keys, who, where."""

    store: SqlStore
    blobs: BlobStore
    keys: DataCenterKeys
    office: str
    actor: Actor


def _export_one(
    context: _Context, stored: StoredRecord, folder: PinnedFolder, name: str
) -> Exported:
    store = context.store
    header, parts = open_record(store, context.blobs, context.keys, stored)
    reference = reference_of(store, stored.device_id, stored.record_id)
    data, counts = build(header, parts, reference=reference, office=context.office)
    del header, parts
    _write(folder, name, data)
    target = folder.path / name
    exported = Exported(stored.device_id, stored.record_id, reference, str(target), counts)
    _audit(store, exported, context.actor)
    log.info("exported record %s as %s (%d bytes)", stored.record_id, reference, len(data))
    return exported


def export_record(
    store: SqlStore,
    blobs: BlobStore,
    keys: DataCenterKeys,
    record_id: str,
    out: Path,
    *,
    device_id: str | None = None,
    actor: Actor | None = None,
    data: Path | None = None,
) -> Exported:
    """Write one record's transaction to ``out`` (a file; replaced whole if there).

    ``data``: the data center's folder, where no export may write (issue 57 §8).
    """
    stored = _named(store, record_id, device_id)
    target = _writable_target(out, data)
    context = _Context(store, blobs, keys, _office(store), actor or Actor.shell())
    with _pinned(target.parent) as folder:
        return _export_one(context, stored, folder, target.name)


#: What refuses one record, not the export: its file or keys, its images.
_RECORD_REFUSALS = frozenset(
    {
        "datacenter_export_unopenable",
        "datacenter_export_no_images",
        "datacenter_export_image_unreadable",
        "datacenter_export_image_too_large",
    }
)


def export_waiting(
    store: SqlStore,
    blobs: BlobStore,
    keys: DataCenterKeys,
    folder: Path,
    *,
    actor: Actor | None = None,
    refused: list[tuple[str, str]] | None = None,
    data: Path | None = None,
) -> list[Exported]:
    """Every waiting record into ``folder``, one ``<reference>.an2`` each (not in ``data``).

    A record that cannot leave (an image it cannot read, one declaring a huge size) is
    refused alone, added to ``refused`` as (record id, code), and the others go on: one
    laptop's bad image must not hold back every record after it (issue 57.1).
    """
    where = Path(folder).absolute()
    _no_links(Path(where.anchor), where)
    _outside_data(where, data)
    if not where.is_dir():
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_export_no_folder",
            params={"folder": where},
        )
    context = _Context(store, blobs, keys, _office(store), actor or Actor.shell())
    done: list[Exported] = []
    with _pinned(where) as opened:
        for stored in waiting(store):
            reference = reference_of(store, stored.device_id, stored.record_id)
            name = f"{reference}{SUFFIX}"
            _no_links(where, where / name)
            try:
                done.append(_export_one(context, stored, opened, name))
            except DataCenterError as exc:
                if exc.code not in _RECORD_REFUSALS:
                    raise
                log.warning("record %s not exported: %s", stored.record_id, exc.code)
                if refused is not None:
                    refused.append((stored.record_id, exc.code))
    return done


__all__ = [
    "FORMAT",
    "Exported",
    "build",
    "export_record",
    "export_waiting",
    "reference_of",
    "waiting",
]
