"""MOSIP's ABIS API v1.1, the messages: every operation and its answer (issues 48, 61).

The hand-on to a deduplication system speaks the one API an ABIS vendor serving an ID
programme already knows: MOSIP's (docs.mosip.io, "ABIS API"; ``mosip/documentation``
``docs/biometrics/abis-api.md``; the shapes checked against ``mosip/mosip-mock-services``
``mock-abis/``).  Every message is a JSON object:

* requests: ``id``, ``version`` ``"1.1"``, ``requestId``, ``requesttime``, and by
  operation: ``mosip.abis.insert`` a ``referenceId`` and its ``referenceURL``;
  ``mosip.abis.identify`` a ``referenceId`` (one the ABIS holds) or a ``referenceURL``
  (a probe it does not hold: searched, never kept), with ``gallery`` (the only
  referenceIds to search among) and ``flags`` (``maxResults``, ``targetFPIR``...);
  ``mosip.abis.delete`` a ``referenceId``; ``mosip.abis.ping``,
  ``mosip.abis.pendingJobs`` and ``mosip.abis.referenceCount`` nothing more;
* answers: ``id``, ``requestId``, ``responsetime``, ``returnValue`` (``"1"`` success,
  ``"2"`` failure), ``failureReason`` (``"1"``-``"18"``) on a failure; on a success an
  identify's ``candidateList`` ``{count, candidates: [{referenceId, analytics,
  modalities}]}``, pendingJobs' ``jobscount``, referenceCount's ``count``.  Numbers
  travel as strings, as MOSIP's own DTOs carry them.

Parsing is strict, because a decision about a person is made on an answer: a field
missing, of the wrong type, unknown to the API, a wrong ``id`` or ``version``, a
``failureReason`` outside 1-18 or a ``count`` that is not the list's length are each
refused with their own ``code`` (:class:`AbisMessageError`), which also carries the
failure reason an ABIS answers such a *request* with (MOSIP's 4, 5, 6, 8, 9, 13, 14, 15).
Free-form parts the API leaves to the adopter (``analytics``, ``flags``) are kept as
they came, checked only for shape.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
from dataclasses import dataclass, field
from typing import Any

from fieldkit import safejson
from sync.protocol import Reason
from sync.server.errors import DataCenterError

VERSION = "1.1"
INSERT = "mosip.abis.insert"
IDENTIFY = "mosip.abis.identify"
DELETE = "mosip.abis.delete"
PING = "mosip.abis.ping"
PENDING_JOBS = "mosip.abis.pendingJobs"
REFERENCE_COUNT = "mosip.abis.referenceCount"
#: Operations about the ABIS itself: no reference, nothing in its gallery changed.
STATUS_OPERATIONS = (PING, PENDING_JOBS, REFERENCE_COUNT)
OPERATIONS = (INSERT, IDENTIFY, DELETE, *STATUS_OPERATIONS)
SUCCESS, FAILURE = "1", "2"
#: MOSIP's ``biometricType`` values: finger, iris, face.
BIOMETRIC_TYPES = frozenset({"FIR", "IIR", "FID"})
#: A text field longer than this is no id, time or URL.
MAX_FIELD = 1024
#: A message larger than this is not an ABIS answer (a candidate list of thousands is
#: still far below); refused before it is parsed.
MAX_MESSAGE_BYTES = 1 << 20
#: Digits of a count (``jobscount``, ``count``): a trillion is more than any ABIS holds.
MAX_COUNT_DIGITS = 12
#: Analytics keys read as a candidate's score (:attr:`Candidate.score`); each must be a
#: finite number where it reads as one.
SCORE_KEYS = ("internalScore", "confidence", "score", "scaledScore")


class FailureReason(enum.IntEnum):
    """``failureReason``: MOSIP's table, 1-18, in its words."""

    INTERNAL_ERROR = 1
    ABORTED = 2
    UNEXPECTED_ERROR = 3
    INVALID_REQUEST_STRUCTURE = 4
    MISSING_REFERENCE_ID = 5
    MISSING_REQUEST_ID = 6
    UNABLE_TO_FETCH_BIOMETRICS = 7
    MISSING_REFERENCE_URL = 8
    MISSING_REQUESTTIME = 9
    REFERENCE_ID_EXISTS = 10
    CBEFF_HAS_NO_DATA = 11
    REFERENCE_ID_NOT_FOUND = 12
    INVALID_VERSION = 13
    INVALID_ID = 14
    INVALID_REQUESTTIME_FORMAT = 15
    INVALID_CBEFF_FORMAT = 16
    DATA_SHARE_URL_EXPIRED = 17
    QUALITY_CHECK_FAILED = 18


_REASON_CODES = frozenset(int(r) for r in FailureReason)


class AbisMessageError(DataCenterError):
    """A message refused by the parser: ``code`` says why; ``failure`` is what an ABIS answers."""

    def __init__(
        self,
        *,
        code: str,
        params: dict[str, object] | None = None,
        failure: FailureReason = FailureReason.INVALID_REQUEST_STRUCTURE,
    ) -> None:
        super().__init__(400, Reason.INVALID_REQUEST, code=code, params=params)
        self.failure = failure


# --- time -------------------------------------------------------------------------------


def timestamp(moment: dt.datetime | None = None) -> str:
    """MOSIP's ``yyyy-MM-dd'T'HH:mm:ss.SSS'Z'``, in UTC."""
    when = (moment or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _moment(value: object, name: str, failure: FailureReason) -> str:
    """An ISO-8601 time with its zone ('Z' or an offset): the text as it came."""
    if not isinstance(value, str) or not value:
        raise AbisMessageError(code="abis_field_missing", params={"field": name}, failure=failure)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise AbisMessageError(
            code="abis_field_invalid",
            params={"field": name},
            failure=FailureReason.INVALID_REQUESTTIME_FORMAT,
        ) from None
    if parsed.tzinfo is None:
        raise AbisMessageError(
            code="abis_field_invalid",
            params={"field": name},
            failure=FailureReason.INVALID_REQUESTTIME_FORMAT,
        )
    return value


def instant(value: str) -> dt.datetime:
    """A checked ``requesttime`` as a moment in UTC (its offset honoured): requests' order."""
    return dt.datetime.fromisoformat(value).astimezone(dt.UTC)


# --- the messages -----------------------------------------------------------------------


@dataclass(frozen=True)
class InsertRequest:
    """Store this reference's biometrics (read from ``reference_url``); no search."""

    request_id: str
    requesttime: str
    reference_id: str
    reference_url: str

    operation = INSERT

    def to_json(self) -> dict[str, Any]:
        return {
            "id": INSERT,
            "version": VERSION,
            "requestId": self.request_id,
            "requesttime": self.requesttime,
            "referenceId": self.reference_id,
            "referenceURL": self.reference_url,
        }


@dataclass(frozen=True)
class IdentifyRequest:
    """Search a reference against the gallery, or everything held.

    The reference's stored biometrics when the ABIS holds ``reference_id`` (MOSIP's
    preferred input); else those ``reference_url`` names, searched and not kept (a probe
    never inserted: ``reference_id`` may then be ``""``).
    """

    request_id: str
    requesttime: str
    reference_id: str
    #: MOSIP sends ``""``: the reference's own stored biometrics are searched.
    reference_url: str = ""
    #: The referenceIds to search among; None: every reference the ABIS holds.
    gallery: tuple[str, ...] | None = None
    #: ``maxResults``, ``targetFPIR``, and whatever the office and the vendor agree.
    flags: dict[str, str] = field(default_factory=dict)

    operation = IDENTIFY

    @property
    def max_results(self) -> int | None:
        value = self.flags.get("maxResults")
        return int(value) if value is not None else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": IDENTIFY,
            "version": VERSION,
            "requestId": self.request_id,
            "requesttime": self.requesttime,
            "referenceId": self.reference_id or None,
            "referenceURL": self.reference_url,
        }
        if self.flags:
            out["flags"] = dict(self.flags)
        if self.gallery is not None:
            out["gallery"] = {"referenceIds": [{"referenceId": r} for r in self.gallery]}
        return out


@dataclass(frozen=True)
class DeleteRequest:
    """Remove this reference from the ABIS (MOSIP: "removes only the entry referred")."""

    request_id: str
    requesttime: str
    reference_id: str

    operation = DELETE

    def to_json(self) -> dict[str, Any]:
        return {
            "id": DELETE,
            "version": VERSION,
            "requestId": self.request_id,
            "requesttime": self.requesttime,
            "referenceId": self.reference_id,
        }


@dataclass(frozen=True)
class StatusRequest:
    """``ping``, ``pendingJobs`` or ``referenceCount``: about the ABIS, no reference."""

    operation: str
    request_id: str
    requesttime: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.operation,
            "version": VERSION,
            "requestId": self.request_id,
            "requesttime": self.requesttime,
        }


Request = InsertRequest | IdentifyRequest | DeleteRequest | StatusRequest


def order_of(request: Request) -> tuple[dt.datetime, str]:
    """Requests are served by ``requesttime``, then by ``requestId`` where two times tie."""
    return instant(request.requesttime), request.request_id


@dataclass(frozen=True)
class Modality:
    """One modality's part of a candidate's match: ``FIR``/``IIR``/``FID`` and its analytics."""

    biometric_type: str
    analytics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """A reference the ABIS found like the probe; ``analytics`` holds its scores."""

    reference_id: str
    analytics: dict[str, Any] = field(default_factory=dict)
    modalities: tuple[Modality, ...] = ()

    @property
    def score(self) -> float | None:
        """``internalScore``, else ``confidence``, else ``score``, when one is a number."""
        for key in ("internalScore", "confidence", "score"):
            value = self.analytics.get(key)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                try:
                    number = float(value)
                except (ValueError, OverflowError):
                    continue
                if math.isfinite(number):
                    return number
        return None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"referenceId": self.reference_id, "analytics": dict(self.analytics)}
        if self.modalities:
            out["modalities"] = [
                {"biometricType": m.biometric_type, "analytics": dict(m.analytics)}
                for m in self.modalities
            ]
        return out


@dataclass(frozen=True)
class Response:
    """An answer to an insert or an identify.

    ``failure_reason`` is set exactly when ``return_value`` is ``"2"``; ``candidates``
    only on an identify's success (empty: nobody like this person).
    """

    operation: str
    request_id: str
    responsetime: str
    return_value: str
    failure_reason: FailureReason | None = None
    candidates: tuple[Candidate, ...] = ()
    analytics: dict[str, Any] = field(default_factory=dict)
    #: pendingJobs' success: the requests still waiting for the ABIS.
    jobscount: int | None = None
    #: referenceCount's success: the references the ABIS holds.
    count: int | None = None

    @property
    def succeeded(self) -> bool:
        return self.return_value == SUCCESS

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.operation,
            "requestId": self.request_id,
            "responsetime": self.responsetime,
            "returnValue": self.return_value,
        }
        if self.failure_reason is not None:
            out["failureReason"] = str(int(self.failure_reason))
        elif self.operation == IDENTIFY:
            out["candidateList"] = {
                "count": str(len(self.candidates)),
                "candidates": [c.to_json() for c in self.candidates],
            }
            if self.analytics:
                out["candidateList"]["analytics"] = dict(self.analytics)
        elif self.operation == PENDING_JOBS:
            out["jobscount"] = str(self.jobscount or 0)
        elif self.operation == REFERENCE_COUNT:
            out["count"] = str(self.count or 0)
        return out


def succeeded(
    request: Request,
    candidates: tuple[Candidate, ...] = (),
    *,
    now: dt.datetime | None = None,
    jobscount: int | None = None,
    count: int | None = None,
) -> Response:
    return Response(
        request.operation,
        request.request_id,
        timestamp(now),
        SUCCESS,
        None,
        candidates,
        jobscount=jobscount,
        count=count,
    )


def failed(
    request_id: str, operation: str, reason: FailureReason, *, now: dt.datetime | None = None
) -> Response:
    return Response(operation, request_id, timestamp(now), FAILURE, reason)


def encode(message: Request | Response) -> bytes:
    """The message's bytes: UTF-8 JSON, keys in the API's order, one line and a newline."""
    return (json.dumps(message.to_json(), ensure_ascii=False) + "\n").encode("utf-8")


# --- parsing ----------------------------------------------------------------------------


def document_of(data: bytes) -> dict[str, Any]:
    """The message's JSON object, read within the limits (:mod:`fieldkit.safejson`)."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise AbisMessageError(code="abis_message_too_large", params={"max": MAX_MESSAGE_BYTES})
    try:
        document = safejson.loads(data, max_bytes=MAX_MESSAGE_BYTES)
    except safejson.JsonRefused as exc:
        if exc.reason is safejson.JsonReason.TOO_DEEP:
            raise AbisMessageError(
                code="json_too_deep", params={"max_depth": safejson.MAX_DEPTH}
            ) from None
        if exc.reason is safejson.JsonReason.NUMBER_TOO_LONG:
            raise AbisMessageError(
                code="json_number_too_long", params={"max": safejson.MAX_NUMBER_CHARS}
            ) from None
        raise AbisMessageError(code="abis_not_json") from None
    if not isinstance(document, dict):
        raise AbisMessageError(code="abis_not_json")
    return document


def _only(document: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(document) - allowed)
    if unknown:
        raise AbisMessageError(code="abis_field_unknown", params={"field": f"{where}{unknown[0]}"})


def _text(
    document: dict[str, Any],
    name: str,
    failure: FailureReason = FailureReason.INVALID_REQUEST_STRUCTURE,
    *,
    where: str = "",
    empty: bool = False,
) -> str:
    value = document.get(name)
    if value is None or (value == "" and not empty):
        raise AbisMessageError(
            code="abis_field_missing", params={"field": where + name}, failure=failure
        )
    if not isinstance(value, str) or len(value) > MAX_FIELD or not value.isprintable():
        raise AbisMessageError(
            code="abis_field_invalid", params={"field": where + name}, failure=failure
        )
    return value


def _object(value: object, name: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise AbisMessageError(code="abis_field_invalid", params={"field": name})
    return dict(value)


def _operation(document: dict[str, Any]) -> str:
    value = _text(document, "id", FailureReason.INVALID_ID)
    if value not in OPERATIONS:
        raise AbisMessageError(
            code="abis_id_invalid", params={"value": value[:64]}, failure=FailureReason.INVALID_ID
        )
    return value


def parse_request(data: bytes) -> Request:
    """Any of the API's requests, or :class:`AbisMessageError` with the failure to answer."""
    document = document_of(data)
    operation = _operation(document)
    version = document.get("version")
    if version != VERSION:
        raise AbisMessageError(
            code="abis_version_invalid",
            params={"value": str(version)[:16]},
            failure=FailureReason.INVALID_VERSION,
        )
    request_id = _text(document, "requestId", FailureReason.MISSING_REQUEST_ID)
    requesttime = _moment(
        document.get("requesttime"), "requesttime", FailureReason.MISSING_REQUESTTIME
    )
    common = {"id", "version", "requestId", "requesttime"}
    if operation in STATUS_OPERATIONS:
        _only(document, common, "")
        return StatusRequest(operation, request_id, requesttime)
    if operation == DELETE:
        reference_id = _text(document, "referenceId", FailureReason.MISSING_REFERENCE_ID)
        _only(document, common | {"referenceId"}, "")
        return DeleteRequest(request_id, requesttime, reference_id)
    common |= {"referenceId", "referenceURL"}
    if operation == INSERT:
        reference_id = _text(document, "referenceId", FailureReason.MISSING_REFERENCE_ID)
        _only(document, common, "")
        url = _text(document, "referenceURL", FailureReason.MISSING_REFERENCE_URL)
        return InsertRequest(request_id, requesttime, reference_id, url)
    return _identify_request(document, request_id, requesttime, common)


def _identify_request(
    document: dict[str, Any], request_id: str, requesttime: str, common: set[str]
) -> IdentifyRequest:
    # An identify searches the referenceId the ABIS holds or, that omitted, null or not
    # held, the referenceURL's biometrics: one of the two must be given.
    if document.get("referenceId") in (None, "") and document.get("referenceURL"):
        reference_id = ""
    else:
        reference_id = _text(document, "referenceId", FailureReason.MISSING_REFERENCE_ID)
    _only(document, common | {"flags", "gallery"}, "")
    url = _text(document, "referenceURL", FailureReason.MISSING_REFERENCE_URL, empty=True)
    flags: dict[str, str] = {}
    if document.get("flags") is not None:
        for key, value in _object(document["flags"], "flags").items():
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise AbisMessageError(code="abis_field_invalid", params={"field": f"flags.{key}"})
            flags[key] = str(value)
        if "maxResults" in flags and not flags["maxResults"].isdigit():
            raise AbisMessageError(code="abis_field_invalid", params={"field": "flags.maxResults"})
    gallery: tuple[str, ...] | None = None
    if document.get("gallery") is not None:
        shelf = _object(document["gallery"], "gallery")
        _only(shelf, {"referenceIds"}, "gallery.")
        entries = shelf.get("referenceIds")
        if not isinstance(entries, list):
            raise AbisMessageError(
                code="abis_field_invalid", params={"field": "gallery.referenceIds"}
            )
        gallery = tuple(
            _text(_object(e, "gallery.referenceIds"), "referenceId", where="gallery.")
            for e in entries
        )
    return IdentifyRequest(request_id, requesttime, reference_id, url, gallery, flags)


def _finite_scores(analytics: dict[str, Any], where: str) -> None:
    """A score that reads as a number is a finite one: "nan" or "inf" decides nothing."""
    for key in SCORE_KEYS:
        value = analytics.get(key)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        try:
            number = float(value)
        except (ValueError, OverflowError):
            continue  # words, not a number: the adopter's own analytics
        if not math.isfinite(number):
            raise AbisMessageError(
                code="abis_score_not_finite", params={"field": f"{where}analytics.{key}"}
            )


def _count(document: dict[str, Any], name: str) -> int:
    value = document.get(name)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise AbisMessageError(code="abis_field_invalid", params={"field": name})
    if len(value) > MAX_COUNT_DIGITS:
        raise AbisMessageError(code="abis_field_invalid", params={"field": name})
    return int(value)


def _failure_reason(value: object) -> FailureReason:
    if (
        not isinstance(value, str)
        or not value.isdigit()
        or not 1 <= int(value) <= len(FailureReason)
    ):
        raise AbisMessageError(
            code="abis_failure_reason_invalid", params={"value": str(value)[:16]}
        )
    return FailureReason(int(value))


def _candidate(value: object, index: int) -> Candidate:
    where = f"candidateList.candidates[{index}]."
    entry = _object(value, where.rstrip("."))
    _only(entry, {"referenceId", "analytics", "modalities", "scaledScore", "internalScore"}, where)
    reference = _text(entry, "referenceId", where=where)
    analytics = _object(entry.get("analytics") or {}, where + "analytics")
    # ABIS API 0.9 put the scores beside the referenceId; 1.1 moved them into analytics.
    for old in ("internalScore", "scaledScore"):
        if entry.get(old) is not None:
            analytics.setdefault(old, str(entry[old]))
    _finite_scores(analytics, where)
    modalities: list[Modality] = []
    raw = entry.get("modalities")
    if raw is not None:
        if not isinstance(raw, list):
            raise AbisMessageError(
                code="abis_field_invalid", params={"field": where + "modalities"}
            )
        for n, item in enumerate(raw):
            part = _object(item, f"{where}modalities[{n}]")
            _only(part, {"biometricType", "analytics"}, f"{where}modalities[{n}].")
            kind = _text(part, "biometricType", where=f"{where}modalities[{n}].")
            if kind not in BIOMETRIC_TYPES:
                raise AbisMessageError(
                    code="abis_field_invalid",
                    params={"field": f"{where}modalities[{n}].biometricType"},
                )
            scores = _object(part.get("analytics") or {}, f"{where}modalities[{n}].analytics")
            _finite_scores(scores, f"{where}modalities[{n}].")
            modalities.append(Modality(kind, scores))
    return Candidate(reference, analytics, tuple(modalities))


def _candidate_list(value: object) -> tuple[tuple[Candidate, ...], dict[str, Any]]:
    """``candidateList``: ``count`` (text) the length of ``candidates``, each one checked."""
    listed = _object(value, "candidateList")
    _only(listed, {"count", "candidates", "analytics"}, "candidateList.")
    count = listed.get("count")
    if not isinstance(count, str) or not count.isdigit():
        raise AbisMessageError(code="abis_field_invalid", params={"field": "candidateList.count"})
    raw = listed.get("candidates")
    if raw is None and count == "0":
        raw = []
    if not isinstance(raw, list):
        raise AbisMessageError(
            code="abis_field_invalid", params={"field": "candidateList.candidates"}
        )
    if int(count) != len(raw):
        raise AbisMessageError(
            code="abis_count_mismatch", params={"count": count, "listed": len(raw)}
        )
    analytics = _object(listed.get("analytics") or {}, "candidateList.analytics")
    return tuple(_candidate(entry, n) for n, entry in enumerate(raw)), analytics


def parse_response(data: bytes) -> Response:
    """An answer, refused whole (:class:`AbisMessageError`) if any part is not the API's."""
    document = document_of(data)
    operation = _operation(document)
    allowed = {"id", "version", "requestId", "responsetime", "returnValue", "failureReason"}
    if operation == IDENTIFY:
        allowed |= {"candidateList", "analytics"}
    elif operation == PENDING_JOBS:
        allowed.add("jobscount")
    elif operation == REFERENCE_COUNT:
        allowed.add("count")
    _only(document, allowed, "")
    if document.get("version") is not None and document["version"] != VERSION:
        raise AbisMessageError(
            code="abis_version_invalid", params={"value": str(document["version"])[:16]}
        )
    request_id = _text(document, "requestId")
    responsetime = _moment(document.get("responsetime"), "responsetime", FailureReason(4))
    return_value = document.get("returnValue")
    if return_value not in (SUCCESS, FAILURE):
        raise AbisMessageError(
            code="abis_return_value_invalid", params={"value": str(return_value)[:16]}
        )
    analytics = _object(document.get("analytics") or {}, "analytics")
    if return_value == FAILURE:
        for extra in ("candidateList", "jobscount", "count"):
            if document.get(extra) is not None:
                raise AbisMessageError(code="abis_field_unknown", params={"field": extra})
        reason = _failure_reason(document.get("failureReason"))
        return Response(operation, request_id, responsetime, FAILURE, reason, (), analytics)
    if document.get("failureReason") not in (None, ""):
        raise AbisMessageError(code="abis_field_unknown", params={"field": "failureReason"})
    return _success(document, operation, request_id, responsetime, analytics)


def _success(
    document: dict[str, Any],
    operation: str,
    request_id: str,
    responsetime: str,
    analytics: dict[str, Any],
) -> Response:
    """A success's own part: identify's candidates, pendingJobs' and referenceCount's counts."""
    if operation == PENDING_JOBS:
        jobs = _count(document, "jobscount")
        return Response(operation, request_id, responsetime, SUCCESS, None, (), analytics, jobs)
    if operation == REFERENCE_COUNT:
        held = _count(document, "count")
        return Response(
            operation, request_id, responsetime, SUCCESS, None, (), analytics, count=held
        )
    if operation != IDENTIFY:
        return Response(operation, request_id, responsetime, SUCCESS, None, (), analytics)
    candidates, listed = _candidate_list(document.get("candidateList"))
    return Response(
        operation, request_id, responsetime, SUCCESS, None, candidates, analytics | listed
    )


__all__ = [
    "DELETE",
    "IDENTIFY",
    "INSERT",
    "OPERATIONS",
    "PENDING_JOBS",
    "PING",
    "REFERENCE_COUNT",
    "STATUS_OPERATIONS",
    "VERSION",
    "AbisMessageError",
    "Candidate",
    "DeleteRequest",
    "FailureReason",
    "IdentifyRequest",
    "InsertRequest",
    "Modality",
    "Request",
    "Response",
    "StatusRequest",
    "document_of",
    "encode",
    "failed",
    "instant",
    "order_of",
    "parse_request",
    "parse_response",
    "succeeded",
    "timestamp",
]
