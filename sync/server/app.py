"""The HTTP face of the data center: FastAPI routes over ``service.DataCenter``.

Routes parse and authenticate, then hand blocking work (SQL, fsync, crypto)
to the thread pool.  Every refusal leaves as ``ErrorBody`` with a machine
reason; bad input is always a 4xx.  The catch-all handler is the single ASGI
error boundary: it logs the bug (never request bodies) and answers 500.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import logging
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from fieldkit import safejson, sentences
from fieldkit._version import __version__
from sync.office_package import MAX_HEALTH_BYTES
from sync.protocol import (
    HANDOVERS_PATH,
    HEADER_CLIENT_VERSION,
    HEADER_CONTENT_SHA256,
    AuditAnchorResponse,
    AuditAnswer,
    AuditReport,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    HandoverAnswer,
    HandoverReport,
    HealthResponse,
    KeySet,
    ManifestRequest,
    ManifestResponse,
    ReadyResponse,
    Reason,
    StatusResponse,
    UploadResponse,
)
from sync.server.cards import handovers
from sync.server.console.web import install_console
from sync.server.errors import DataCenterError

# FastAPI reads a route's return annotation at runtime: HealthStored is needed here.
from sync.server.intake.service import HealthStored  # noqa: TC001
from sync.server.office.release_routes import install_routes as install_release_routes
from sync.server.operations import metrics
from sync.server.store.rows import Device
from sync.server.store.stamps import iso, office_today, use_office_zone

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from sync.server.intake.service import DataCenter

log = logging.getLogger(__name__)
T = TypeVar("T")

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody}
    for status in (400, 401, 403, 408, 409, 410, 413, 422, 426, 429, 507)
}
#: How long a body may stop arriving before the data center drops it (seconds); a body
#: sent slowly would otherwise hold its memory and its connection for as long as it likes.
BODY_IDLE_S = 30.0
ENV_BODY_IDLE_S = "FIELDKIT_DATACENTER_BODY_IDLE_S"
#: Bodies of one laptop read at once when its client does not announce their hash, so
#: the signature can only be checked after the body (FieldKit before 0.1.1; issue 24).
UNANNOUNCED_BODIES_PER_DEVICE = 2
#: Such a body is kept in memory up to this size, and in a temporary file beyond it.
SPOOL_IN_MEMORY_BYTES = 1024 * 1024
BUSY_RETRY_AFTER_S = 2
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
#: OpenAPI link: a manifest's verdict names the record to PUT next (stateful fuzzing follows it).
_MANIFEST_LINKS: dict[int | str, dict[str, Any]] = {
    200: {
        "links": {
            "UploadAnnouncedRecord": {
                "operationId": "upload_v1_records__record_id__put",
                "parameters": {"path.record_id": "$response.body#/verdicts/0/record_id"},
                "description": "PUT the first announced record's sealed envelope.",
            }
        }
    }
}
_RECORD_ID = Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")

#: Body limits per endpoint, enforced before authentication (``BodyLimit``).  A manifest of
#: 1000 entries is about 200 KB; an enrollment about 300 bytes.
MAX_MANIFEST_BODY = 1024 * 1024
MAX_ENROLL_BODY = 16 * 1024
#: A handover report of ``MAX_HANDOVER_EVENTS`` events is about 150 KB.
MAX_HANDOVERS_BODY = 256 * 1024
#: Every other request (GETs, unknown paths) has no business sending a body of any size.
MAX_OTHER_BODY = 16 * 1024
_JSON_BODIES: dict[str, type] = {
    "/v1/manifest": ManifestRequest,
    "/v1/enroll": EnrollRequest,
    "/v1/audit": AuditReport,
    HANDOVERS_PATH: HandoverReport,
}


def _error(status: int, body: ErrorBody) -> JSONResponse:
    now = time.time()
    body.server_time = iso(now)
    body.server_timestamp = int(now)
    content = {k: v for k, v in asdict(body).items() if v is not None}
    return JSONResponse(status_code=status, content=content)


def _too_large(limit: int) -> DataCenterError:
    return DataCenterError(
        413,
        Reason.BODY_TOO_LARGE,
        details={"limit": limit},
        params={"limit": limit},
    )


def body_limit(method: str, path: str, max_record_bytes: int) -> int:
    """The most bytes a request to ``path`` may send: one number per endpoint."""
    if method == "PUT" and path.startswith("/v1/records/"):
        return max_record_bytes
    if method == "POST" and path == "/v1/manifest":
        return MAX_MANIFEST_BODY
    if method == "POST" and path == "/v1/enroll":
        return MAX_ENROLL_BODY
    if method == "POST" and path == "/v1/laptop/health":
        return MAX_HEALTH_BYTES
    if method == "POST" and path == HANDOVERS_PATH:
        return MAX_HANDOVERS_BODY
    return MAX_OTHER_BODY


class BodyLimit:
    """ASGI middleware: refuse an oversized body before any route, dependency or signature check.

    A declared ``Content-Length`` above the limit is answered 413 without reading a
    byte; a body without one (chunked) is counted as it streams in, and the route
    reading it gets ``DataCenterError(413)`` the moment it passes the limit.  The
    server therefore never holds more than one endpoint's limit of any request, so
    nobody on the LAN can exhaust its memory without logging in.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        datacenter = scope["app"].state.datacenter if "app" in scope else None
        max_record = datacenter.max_record_bytes if datacenter is not None else 0
        limit = body_limit(scope["method"], scope["path"], max_record)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            log.info(
                "refused a %s-byte body for %s", declared[:20].decode("latin-1"), scope["path"]
            )
            if declared.isdigit():
                status, error = 413, _too_large(limit)
            else:
                status = 400
                error = DataCenterError(
                    status, Reason.INVALID_REQUEST, code="datacenter_length_not_a_number"
                )
            body = ErrorBody(reason=error.reason, message=error.message, details=error.details)
            await _error(status, body)(scope, _drained(), send)
            return
        received = 0
        more = True
        idle_s = scope["app"].state.body_idle_s if "app" in scope else BODY_IDLE_S

        async def limited() -> Message:
            nonlocal received, more
            if not more:  # the body is whole: what follows is waiting for a disconnect
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), idle_s)
            except TimeoutError:
                log.info("dropped a body that stopped arriving for %s", scope["path"])
                raise DataCenterError(
                    408, Reason.BODY_TOO_SLOW, params={"seconds": round(idle_s)}
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                more = bool(message.get("more_body", False))
                if received > limit:
                    raise _too_large(limit)
            return message

        await self.app(scope, limited, send)


def _drained() -> Receive:
    async def receive() -> Message:
        return {"type": "http.disconnect"}

    return receive


@dataclass
class AuthHeaders:
    device: str | None
    timestamp: str | None
    signature: str | None


async def auth_headers(
    x_fieldkit_device: Annotated[str | None, Header()] = None,
    x_fieldkit_timestamp: Annotated[str | None, Header()] = None,
    x_fieldkit_signature: Annotated[str | None, Header()] = None,
) -> AuthHeaders:
    """Declared as headers so the OpenAPI spec shows how requests are signed.

    Async only so FastAPI calls it in place: a plain function would cost every
    request a trip to the thread pool and back.
    """
    return AuthHeaders(x_fieldkit_device, x_fieldkit_timestamp, x_fieldkit_signature)


def _signed_path(request: Request) -> str:
    """Exactly the path and query the client sent, as it signed them."""
    raw = request.scope.get("raw_path") or request.scope["path"].encode()
    path = raw.decode("latin-1")
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


def _dc(request: Request) -> DataCenter:
    datacenter: DataCenter = request.app.state.datacenter
    return datacenter


async def _device(
    request: Request, headers: Annotated[AuthHeaders, Depends(auth_headers)]
) -> Device:
    """The signing device, identified from the headers before a byte of the body is read."""
    datacenter = _dc(request)
    datacenter.check_client_version(request.headers.get(HEADER_CLIENT_VERSION))
    device = await run_in_threadpool(
        datacenter.identify, headers.device, headers.timestamp, headers.signature
    )
    limit = body_limit(request.method, request.scope["path"], datacenter.max_record_bytes)
    body, _digest = await _authenticated_body(request, device, headers, limit, record=False)
    request.state.body = body
    return device


async def _device_any_version(
    request: Request, headers: Annotated[AuthHeaders, Depends(auth_headers)]
) -> Device:
    """A signed request from a laptop of any FieldKit version (``sync.server.office.releases``).

    A laptop below the minimum version must still fetch its update.
    """
    device = await run_in_threadpool(
        _dc(request).identify, headers.device, headers.timestamp, headers.signature
    )
    await _authenticated_body(request, device, headers, MAX_OTHER_BODY, record=False)
    return device


def _announced_digest(request: Request) -> str | None:
    """The body's SHA-256 as the client signed it, if it says (FieldKit 0.1.1 and later)."""
    announced = request.headers.get(HEADER_CONTENT_SHA256)
    if announced is not None and not _SHA256_HEX.match(announced):
        raise DataCenterError(400, Reason.INVALID_SHA256)
    return announced


async def _authenticated_body(
    request: Request, device: Device, headers: AuthHeaders, limit: int, *, record: bool
) -> tuple[bytes, str]:
    """The body, read only once the request's signature is known to be the device's.

    A client that announces its body's hash has signed that hash: the signature is
    checked first, and a request that is not the device's is refused before a byte of
    its body is read (issue 24: sixteen 64 MiB bodies with a garbage signature and a
    real device id, the folder name on any USB stick, took the server to 1.5 GB).  The
    body must then have the hash it announced.  An older client announces nothing, so
    its body must be read before the signature can be checked: into a temporary file
    beyond its first MiB, at most ``UNANNOUNCED_BODIES_PER_DEVICE`` of them per laptop
    at a time (the next answered 429 with Retry-After), and none may pause longer than
    the idle time (``BodyLimit``).
    """
    verify = functools.partial(
        _dc(request).verify_request,
        device,
        method=request.method,
        path=_signed_path(request),
        timestamp=headers.timestamp,
        signature=headers.signature,
    )
    announced = _announced_digest(request)
    if announced is not None:
        await run_in_threadpool(verify, digest=announced)
        body, digest = await _read_hashed(request, limit, record=record)
        if digest != announced:
            raise DataCenterError(400, Reason.SHA256_MISMATCH)
        return body, digest
    slots: BodySlots = request.app.state.body_slots
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES) as spool:
        async with slots.held(device.device_id):
            _nothing, digest = await _read_hashed(request, limit, record=record, sink=spool)
        await run_in_threadpool(verify, digest=digest)
        spool.seek(0)
        return spool.read(), digest


class BodySlots:
    """How many bodies of each laptop are being read before their signature is checked."""

    def __init__(self, per_device: int) -> None:
        self.per_device = per_device
        self._reading: dict[str, int] = {}

    @contextlib.asynccontextmanager
    async def held(self, device_id: str) -> AsyncIterator[None]:
        """One slot for one body; none free is a refusal to try again, not a queue."""
        reading = self._reading.get(device_id, 0)
        if reading >= self.per_device:
            raise DataCenterError(429, Reason.BUSY, params={"seconds": BUSY_RETRY_AFTER_S})
        self._reading[device_id] = reading + 1
        try:
            yield
        finally:
            left = self._reading[device_id] - 1
            if left:
                self._reading[device_id] = left
            else:
                del self._reading[device_id]


def _json_body(request: Request, model: type[T], body: bytes) -> T:
    """The body as ``model``: bounded JSON first, then strict types (``false`` is no size).

    Every failure is an ``ErrorBody``: 400 for text that is not JSON within the limits,
    422 for JSON of the wrong shape; neither echoes the input.
    """
    limit = body_limit("POST", request.scope["path"], 0)
    try:
        safejson.loads(body, max_bytes=limit)
    except safejson.JsonRefused as exc:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            details={"json": str(exc.reason)},
        ) from None
    try:
        value: T = _ADAPTERS[model].validate_json(body, strict=True)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_input=False)) from None
    return value


#: One validator per body model, built once: building one costs far more than using it.
_ADAPTERS: dict[type, TypeAdapter[Any]] = {
    model: TypeAdapter(model)
    for model in (ManifestRequest, EnrollRequest, AuditReport, HandoverReport)
}


def _request_schemas() -> dict[str, Any]:
    """The JSON bodies' schemas, for the spec: the routes read those bodies themselves."""
    schemas: dict[str, Any] = {}
    for model in _JSON_BODIES.values():
        schema = TypeAdapter(model).json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def _json_request_body(model: type) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
            },
        }
    }


#: A route parameter that is the authenticated device making the request.
SignedBy = Annotated[Device, Depends(_device)]


async def _read_hashed(
    request: Request,
    limit: int,
    *,
    record: bool = True,
    sink: tempfile.SpooledTemporaryFile[bytes] | None = None,
) -> tuple[bytes, str]:
    """The body and its SHA-256, read at most ``limit`` bytes so it cannot exhaust memory.

    Hashing each chunk as it arrives, while it is still in the CPU cache, spares a
    second pass over megabytes once the body is complete.  With ``sink`` the body goes
    there instead of into memory (and ``b""`` is returned): a body not yet known to
    be the device's costs a file, not the server's memory.
    """
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            if record:
                raise DataCenterError(413, Reason.SIZE_INVALID)
            raise _too_large(limit)
        digest.update(chunk)
        if sink is None:
            chunks.append(chunk)
        else:
            sink.write(chunk)
    return b"".join(chunks), digest.hexdigest()


#: Starlette's own refusals (unknown path, wrong method) by the catalogue code that words them.
_HTTP_CODES = {404: "datacenter_no_such_path", 405: "datacenter_method_not_allowed"}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DataCenterError)
    async def refused(_request: Request, exc: DataCenterError) -> JSONResponse:
        if exc.status >= 500:  # noqa: PLR2004 - the 5xx class
            log.error("%s: %s", exc.reason, exc.message)
        else:
            log.info("refused %s: %s", exc.reason, exc.message)
        metrics.record_refusal(str(exc.reason))
        body = ErrorBody(reason=exc.reason, message=exc.message, hint=exc.hint, details=exc.details)
        response = _error(exc.status, body)
        if exc.reason is Reason.BUSY:
            wait = (exc.details or {}).get("retry_after_s", BUSY_RETRY_AFTER_S)
            response.headers["Retry-After"] = str(wait)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Locations and messages only: the offending input is never echoed or logged.
        problems = [
            {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg"))}
            for error in exc.errors()
        ]
        body = ErrorBody(
            reason=Reason.INVALID_REQUEST,
            message=sentences.english("errors", "datacenter_request_malformed"),
            details={"problems": problems},
        )
        return _error(422, body)

    @app.exception_handler(StarletteHTTPException)
    async def http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Unknown paths (404) and methods (405) get the documented body too, not ``detail``.
        code = _HTTP_CODES.get(exc.status_code, "datacenter_http_refused")
        message = sentences.english("errors", code, {"status": exc.status_code})
        body = ErrorBody(reason=Reason.INVALID_REQUEST, message=message)
        return _error(exc.status_code, body)

    @app.exception_handler(ClientDisconnect)
    async def disconnected(_request: Request, _exc: ClientDisconnect) -> JSONResponse:
        log.info("client closed the connection mid-request; nothing was stored")
        message = sentences.english("errors", "datacenter_connection_closed")
        body = ErrorBody(reason=Reason.INVALID_REQUEST, message=message)
        return _error(400, body)

    @app.exception_handler(Exception)
    async def bug(_request: Request, exc: Exception) -> JSONResponse:
        # The ASGI error boundary: a bug must not leak details or hang the client.
        log.error("unexpected error handling a request", exc_info=exc)
        message = sentences.english("errors", "datacenter_hit_an_error")
        body = ErrorBody(reason=Reason.INTERNAL_ERROR, message=message)
        return _error(500, body)


def create_app(datacenter: DataCenter | None) -> FastAPI:
    """``datacenter`` may be None only to render the OpenAPI spec."""
    app = FastAPI(
        title="FieldKit data center",
        version=__version__,
        description="Enrollment of laptops, manifest-then-upload of sealed records, "
        "signed receipts and status pull-back. See docs/sync-protocol.md.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.datacenter = datacenter
    app.state.body_idle_s = float(os.environ.get(ENV_BODY_IDLE_S) or BODY_IDLE_S)
    app.state.body_slots = BodySlots(UNANNOUNCED_BODIES_PER_DEVICE)

    _install_error_handlers(app)
    _install_routes(app)
    _install_audit_routes(app)
    _install_office_routes(app)
    _install_operations_routes(app)
    install_release_routes(app, _device_any_version, _ERRORS)
    install_console(app, datacenter)
    app.add_middleware(BodyLimit)
    app.add_middleware(metrics.RequestMetrics)  # outermost: every answer is counted
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        spec = generate()
        spec.setdefault("components", {}).setdefault("schemas", {}).update(_request_schemas())
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _install_routes(app: FastAPI) -> None:
    @app.get("/v1/health")
    async def health(request: Request) -> HealthResponse:
        """Unauthenticated liveness and server time (clients use it to measure clock offset)."""
        return _dc(request).health()

    @app.get("/v1/keys")
    async def keys(request: Request) -> KeySet:
        """The current key set, signed by the CA; laptops refresh it to learn new kids."""
        datacenter = _dc(request)
        return datacenter.keys.key_set(datacenter.now())

    @app.post("/v1/enroll", responses=_ERRORS, openapi_extra=_json_request_body(EnrollRequest))
    async def enroll(request: Request) -> EnrollResponse:
        """Register a laptop with a one-time code and its Ed25519 public key."""
        raw, _ = await _read_hashed(request, MAX_ENROLL_BODY, record=False)
        body = _json_body(request, EnrollRequest, raw)
        return await run_in_threadpool(_dc(request).enroll, body)

    @app.post(
        "/v1/manifest",
        responses={**_ERRORS, **_MANIFEST_LINKS},
        openapi_extra=_json_request_body(ManifestRequest),
    )
    async def manifest(request: Request, device: SignedBy) -> ManifestResponse:
        """Announce records; each gets upload, already_have (with receipt), conflict or rejected."""
        body = _json_body(request, ManifestRequest, request.state.body)
        return await run_in_threadpool(_dc(request).manifest, device, body)

    @app.put(
        "/v1/records/{record_id}",
        # A record id holding "/" is not one path segment: no route, so 404 (never stored).
        responses={**_ERRORS, 404: {"model": ErrorBody}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def upload(  # noqa: PLR0917 - FastAPI reads each header as a parameter
        request: Request,
        record_id: Annotated[str, _RECORD_ID],
        headers: Annotated[AuthHeaders, Depends(auth_headers)],
        x_fieldkit_record_signature: Annotated[str | None, Header()] = None,
        x_fieldkit_review: Annotated[str | None, Header()] = None,
        x_fieldkit_review_signature: Annotated[str | None, Header()] = None,
    ) -> UploadResponse:
        """Upload one announced sealed envelope; answers with the data center's signed receipt."""
        datacenter = _dc(request)
        datacenter.check_client_version(request.headers.get(HEADER_CLIENT_VERSION))
        # The device is looked up once, before megabytes are read; a revocation after
        # that is caught in the transaction that would store the record.
        device = await run_in_threadpool(
            datacenter.identify, headers.device, headers.timestamp, headers.signature
        )
        body, digest = await _authenticated_body(
            request, device, headers, datacenter.max_record_bytes, record=True
        )

        def store() -> UploadResponse:
            review = datacenter.keep_review(
                device, record_id, digest, x_fieldkit_review, x_fieldkit_review_signature
            )
            answer = datacenter.upload(device, record_id, body, x_fieldkit_record_signature, digest)
            metrics.record_upload(
                str(answer.receipt.state),
                None if answer.reason is None else str(answer.reason),
                len(body),
            )
            if review is not None and x_fieldkit_review and x_fieldkit_review_signature:
                datacenter.store_review(
                    device, record_id, review, (x_fieldkit_review, x_fieldkit_review_signature)
                )
            return answer

        return await run_in_threadpool(store)

    @app.get("/v1/status", responses=_ERRORS)
    async def status(
        request: Request,
        device: SignedBy,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> StatusResponse:
        """State changes of this laptop's records after cursor ``since``, oldest first."""
        return await run_in_threadpool(_dc(request).status, device, since, limit)


def _install_audit_routes(app: FastAPI) -> None:
    """The audit anchor (protocol §4.6): the laptop proves its log, this side vouches for it."""

    @app.get("/v1/audit/anchor", responses=_ERRORS)
    async def audit_anchor(request: Request, device: SignedBy) -> AuditAnchorResponse:
        """The anchor of this laptop's audit log that its next report must prove (or none)."""
        return await run_in_threadpool(_dc(request).audit_anchor, device)

    @app.post("/v1/audit", responses=_ERRORS, openapi_extra=_json_request_body(AuditReport))
    async def audit_report(request: Request, device: SignedBy) -> AuditAnswer:
        """The laptop's audit head and proofs; answered with the new anchor or what differs."""
        body = _json_body(request, AuditReport, request.state.body)
        return await run_in_threadpool(
            functools.partial(_dc(request).audit_report, device, body, via="https")
        )


_HEALTH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "LaptopHealth (docs/sync-protocol.md §14.1)",
                    "required": [
                        "version",
                        "reported_at",
                        "hostname",
                        "fieldkit_version",
                        "package_key",
                    ],
                }
            }
        },
    }
}


def _install_office_routes(app: FastAPI) -> None:
    """The office package and the laptop's health (protocol §14)."""

    @app.get(
        "/v1/office/package",
        responses={**_ERRORS, 204: {"description": "no package: no office code or package key"}},
    )
    async def office_package(request: Request, device: SignedBy) -> Response:
        """This laptop's sealed office package, or 204 when there is none to give."""
        sealed = await run_in_threadpool(_dc(request).office_package, device)
        if sealed is None:
            return Response(status_code=204)
        return JSONResponse(sealed)

    @app.post("/v1/laptop/health", responses=_ERRORS, openapi_extra=_HEALTH_BODY)
    async def laptop_health(request: Request, device: SignedBy) -> HealthStored:
        """The laptop's health report; the newest per laptop is kept, one per 5 s at most."""
        try:
            report = safejson.loads(request.state.body, max_bytes=MAX_HEALTH_BYTES)
        except safejson.JsonRefused as exc:
            raise DataCenterError(
                400, Reason.INVALID_REQUEST, details={"json": str(exc.reason)}
            ) from None
        return await run_in_threadpool(
            functools.partial(_dc(request).laptop_health, device, report, via="https")
        )

    @app.post(HANDOVERS_PATH, responses=_ERRORS, openapi_extra=_json_request_body(HandoverReport))
    async def card_handovers(request: Request, device: SignedBy) -> HandoverAnswer:
        """The laptop's cards' handovers (issue 49 §2): each event kept once, or refused alone."""
        body = _json_body(request, HandoverReport, request.state.body)
        datacenter = _dc(request)

        def keep() -> HandoverAnswer:
            # A handover dated after the office's own today is refused: its clock, read now.
            use_office_zone(datacenter.store.office_zone())
            today = office_today()
            return handovers.keep_report(
                datacenter.store, device.device_id, body, datacenter.now(), today
            )

        return await run_in_threadpool(keep)


def _install_operations_routes(app: FastAPI) -> None:
    """What an office's monitoring reads: readiness and Prometheus metrics."""

    @app.get("/v1/ready", responses={**_ERRORS, 503: {"model": ErrorBody}})
    async def ready(request: Request) -> ReadyResponse:
        """Unauthenticated readiness: the database at this code's schema, the blobs writable."""
        return await run_in_threadpool(_dc(request).ready)

    @app.get("/metrics", include_in_schema=False)
    async def prometheus(request: Request) -> Response:
        """Prometheus's text format: counters of this process (or every worker), DB gauges."""
        text = await run_in_threadpool(metrics.exposition, _dc(request).store)
        return Response(text, media_type=metrics.CONTENT_TYPE_LATEST)
