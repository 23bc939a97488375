"""The HTTP face of the data center: FastAPI routes over ``service.DataCenter``.

Routes parse and authenticate, then hand blocking work (SQL, fsync, crypto)
to the thread pool.  Every refusal leaves as ``ErrorBody`` with a machine
reason; bad input is always a 4xx.  The catch-all handler is the single ASGI
error boundary: it logs the bug (never request bodies) and answers 500.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from fieldkit._version import __version__
from sync.protocol import (
    HEADER_CLIENT_VERSION,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    HealthResponse,
    KeySet,
    ManifestRequest,
    ManifestResponse,
    Reason,
    StatusResponse,
    UploadResponse,
)
from sync.server.errors import DataCenterError
from sync.server.service import iso
from sync.server.store import Device

if TYPE_CHECKING:
    from sync.server.service import DataCenter

log = logging.getLogger(__name__)

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 409, 413, 422, 507)
}
_RECORD_ID = Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def _error(status: int, body: ErrorBody) -> JSONResponse:
    now = time.time()
    body.server_time = iso(now)
    body.server_timestamp = int(now)
    content = {k: v for k, v in asdict(body).items() if v is not None}
    return JSONResponse(status_code=status, content=content)


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
    return await _authenticate(request, headers, await request.body())


async def _authenticate(
    request: Request, headers: AuthHeaders, body: bytes, body_sha256: str | None = None
) -> Device:
    _dc(request).check_client_version(request.headers.get(HEADER_CLIENT_VERSION))
    return await run_in_threadpool(
        functools.partial(
            _dc(request).authenticate,
            method=request.method,
            path=_signed_path(request),
            device_id=headers.device,
            timestamp=headers.timestamp,
            signature=headers.signature,
            body=body,
            body_sha256=body_sha256,
        )
    )


#: A route parameter that is the authenticated device making the request.
SignedBy = Annotated[Device, Depends(_device)]


async def _read_hashed(request: Request, limit: int) -> tuple[bytes, str]:
    """The body and its SHA-256, read at most ``limit`` bytes so it cannot exhaust memory.

    Hashing each chunk as it arrives, while it is still in the CPU cache, spares a
    second pass over megabytes once the body is complete.
    """
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise DataCenterError(
                413, Reason.SIZE_INVALID, f"A record may be at most {limit} bytes."
            )
        digest.update(chunk)
        chunks.append(chunk)
    return b"".join(chunks), digest.hexdigest()


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DataCenterError)
    async def refused(_request: Request, exc: DataCenterError) -> JSONResponse:
        if exc.status >= 500:  # noqa: PLR2004 - the 5xx class
            log.error("%s: %s", exc.reason, exc.message)
        else:
            log.info("refused %s: %s", exc.reason, exc.message)
        body = ErrorBody(reason=exc.reason, message=exc.message, hint=exc.hint, details=exc.details)
        return _error(exc.status, body)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Locations and messages only: the offending input is never echoed or logged.
        problems = [
            {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg"))}
            for error in exc.errors()
        ]
        body = ErrorBody(
            reason=Reason.INVALID_REQUEST,
            message="The request is malformed.",
            details={"problems": problems},
        )
        return _error(422, body)

    @app.exception_handler(ClientDisconnect)
    async def disconnected(_request: Request, _exc: ClientDisconnect) -> JSONResponse:
        log.info("client closed the connection mid-request; nothing was stored")
        body = ErrorBody(reason=Reason.INVALID_REQUEST, message="The connection was closed.")
        return _error(400, body)

    @app.exception_handler(Exception)
    async def bug(_request: Request, exc: Exception) -> JSONResponse:
        # The ASGI error boundary: a bug must not leak details or hang the client.
        log.error("unexpected error handling a request", exc_info=exc)
        body = ErrorBody(reason=Reason.INTERNAL_ERROR, message="The data center hit an error.")
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

    _install_error_handlers(app)
    _install_routes(app)
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

    @app.post("/v1/enroll", responses=_ERRORS)
    async def enroll(request: Request, body: EnrollRequest) -> EnrollResponse:
        """Register a laptop with a one-time code and its Ed25519 public key."""
        return await run_in_threadpool(_dc(request).enroll, body)

    @app.post("/v1/manifest", responses=_ERRORS)
    async def manifest(
        request: Request, body: ManifestRequest, device: SignedBy
    ) -> ManifestResponse:
        """Announce records; each gets upload, already_have (with receipt), conflict or rejected."""
        return await run_in_threadpool(_dc(request).manifest, device, body)

    @app.put(
        "/v1/records/{record_id}",
        responses=_ERRORS,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def upload(
        request: Request,
        record_id: Annotated[str, _RECORD_ID],
        headers: Annotated[AuthHeaders, Depends(auth_headers)],
        x_fieldkit_record_signature: Annotated[str | None, Header()] = None,
    ) -> UploadResponse:
        """Upload one announced sealed envelope; answers with the data center's signed receipt."""
        datacenter = _dc(request)
        datacenter.check_client_version(request.headers.get(HEADER_CLIENT_VERSION))
        # The device is looked up once, before megabytes are read; a revocation after
        # that is caught in the transaction that would store the record.
        device = await run_in_threadpool(
            datacenter.identify, headers.device, headers.timestamp, headers.signature
        )
        body, digest = await _read_hashed(request, datacenter.max_record_bytes)
        # One trip to the thread pool: the same digest signs the request and names the envelope.
        signed_path = _signed_path(request)

        def authenticate_and_store() -> UploadResponse:
            datacenter.verify_request(
                device,
                method=request.method,
                path=signed_path,
                timestamp=headers.timestamp,
                signature=headers.signature,
                digest=digest,
            )
            return datacenter.upload(device, record_id, body, x_fieldkit_record_signature, digest)

        return await run_in_threadpool(authenticate_and_store)

    @app.get("/v1/status", responses=_ERRORS)
    async def status(
        request: Request,
        device: SignedBy,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> StatusResponse:
        """State changes of this laptop's records after cursor ``since``, oldest first."""
        return await run_in_threadpool(_dc(request).status, device, since, limit)
