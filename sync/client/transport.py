"""HTTPS to the pinned data center: signing, timeouts, retries and error classification.

Every request goes over a connection whose only trust root is the CA pinned at
enrollment.  Transient faults (a refused connection while the service
restarts, a dropped connection, a timeout, 5xx, 429) are retried with
exponential backoff and jitter, honouring ``Retry-After``, within a time
budget; every other fault becomes a :class:`SyncError` with its own reason.
"""

from __future__ import annotations

import email.utils
import errno
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from fieldkit._version import __version__
from sync.client.errors import SyncError, SyncReason, clock_detail
from sync.protocol import HEADER_CLIENT_VERSION, HealthResponse, Reason, sign_request

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cryptography.hazmat.primitives.asymmetric import ed25519

log = logging.getLogger(__name__)

Clock = Callable[[], float]

#: HTTP statuses worth asking again: the server is restarting, overloaded or hit a bug.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_REASONS = frozenset(
    {
        SyncReason.CONNECTION_REFUSED,
        SyncReason.TIMEOUT,
        SyncReason.CONNECTION_LOST,
        SyncReason.SERVER_ERROR,
    }
)
_NO_ROUTE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN})
_SERVER_REASONS = {
    Reason.CLOCK_SKEW: SyncReason.CLOCK_SKEW,
    Reason.DEVICE_REVOKED: SyncReason.DEVICE_REVOKED,
    Reason.DEVICE_UNKNOWN: SyncReason.DEVICE_UNKNOWN,
    Reason.AUTH_INVALID: SyncReason.AUTH_INVALID,
    Reason.AUTH_MISSING: SyncReason.AUTH_INVALID,
    Reason.DISK_FULL: SyncReason.DISK_FULL,
}


def pinned_context(ca_pem: str) -> ssl.SSLContext:
    """TLS that trusts exactly one CA: the data center's, pinned at enrollment."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_verify_locations(cadata=ca_pem)
    return context


def default_timeout() -> httpx.Timeout:
    """Explicit, per phase: a dead server is noticed in seconds, a slow upload is not cut off."""
    return httpx.Timeout(connect=5.0, read=60.0, write=60.0, pool=120.0)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter; ``budget_s`` bounds the total wait of one request."""

    attempts: int = 12
    base_s: float = 0.2
    cap_s: float = 5.0
    budget_s: float = 60.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        backoff = min(self.cap_s, self.base_s * 2.0**attempt)
        # "Equal jitter": at least half the backoff, so a herd of laptops spreads out.
        wait = backoff / 2 + random.random() * backoff / 2  # noqa: S311 - jitter, not crypto
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.budget_s))
        return wait


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def classify(exc: BaseException) -> SyncError:  # noqa: C901, PLR0911 - one branch per kind
    """Name what really went wrong, so a refused port is never called "no internet"."""
    chain = list(_chain(exc))
    for link in chain:
        if isinstance(link, ssl.SSLCertVerificationError):
            return SyncError(SyncReason.TLS_PIN_MISMATCH, details={"tls": str(link.verify_message)})
    for link in chain:
        if isinstance(link, socket.gaierror):
            return SyncError(SyncReason.DNS_FAILED)
        if isinstance(link, ConnectionRefusedError):
            return SyncError(SyncReason.CONNECTION_REFUSED)
        if isinstance(link, OSError) and link.errno in _NO_ROUTE:
            return SyncError(SyncReason.NO_NETWORK)
    if isinstance(exc, httpx.TimeoutException) or any(isinstance(e, TimeoutError) for e in chain):
        return SyncError(SyncReason.TIMEOUT)
    for link in chain:
        if isinstance(link, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
            return SyncError(SyncReason.CONNECTION_LOST)
        if isinstance(link, ssl.SSLError):
            return SyncError(SyncReason.TLS_ERROR, details={"tls": link.reason or str(link)})
    return SyncError(SyncReason.CONNECTION_LOST)


def error_from_response(response: httpx.Response) -> SyncError:
    """A non-2xx answer as a SyncError carrying the server's reason code and its details.

    The data center's own English (``message``, ``hint``) is for its operator: it goes
    to the log here, and the officer reads the catalogue's sentence for the reason.
    """
    try:
        body: dict[str, Any] = response.json()
        server_reason = str(body["reason"])
        message = str(body.get("message") or "")
    except (ValueError, KeyError, TypeError):
        body, server_reason, message = {}, "", ""
    status = response.status_code
    log.info("data center answered %s %s: %s", status, server_reason or "-", message or "-")
    reason = _SERVER_REASONS.get(server_reason)  # type: ignore[call-overload]
    if reason is None:
        reason = SyncReason.SERVER_ERROR if status >= 500 else SyncReason.REFUSED  # noqa: PLR2004
    details = dict(body.get("details") or {})
    if "server_timestamp" in body:
        details["server_timestamp"] = body["server_timestamp"]
    detail, params = None, None
    skew = details.get("skew_s")
    if reason is SyncReason.CLOCK_SKEW and isinstance(skew, int | float):
        # skew_s is the laptop's time minus the data center's; the detail wants the reverse.
        detail, params = clock_detail(-skew)
    return SyncError(
        reason,
        detail,
        params=params,
        server_reason=server_reason or None,
        status=status,
        details=details,
    )


@dataclass(frozen=True)
class RetryNotice:
    """Published before each retry, so the progress bar can say "reconnecting"."""

    method: str
    path: str
    attempt: int
    delay_s: float
    reason: SyncReason


class Transport:
    """One keep-alive connection pool to the pinned data center, shared by the upload workers."""

    def __init__(
        self,
        base_url: str,
        context: ssl.SSLContext,
        *,
        device_id: str,
        device_key: ed25519.Ed25519PrivateKey,
        clock: Clock = time.time,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | None = None,
        connections: int = 4,
        correct_clock: bool = True,
    ) -> None:
        self.device_id = device_id
        self.device_key = device_key
        self.clock = clock
        self.retry = retry or RetryPolicy()
        self.correct_clock = correct_clock
        self.offset_s = 0.0
        self.on_retry: Callable[[RetryNotice], None] | None = None
        self._stopping = threading.Event()
        self.client = httpx.Client(
            base_url=base_url,
            verify=context,
            timeout=timeout or default_timeout(),
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
            headers={"user-agent": f"FieldKit/{__version__}", HEADER_CLIENT_VERSION: __version__},
        )

    def close(self) -> None:
        self.client.close()

    def stop(self) -> None:
        """Wake every worker sleeping in a backoff, so an aborted push ends promptly."""
        self._stopping.set()

    def now(self) -> float:
        """The laptop's clock corrected by the measured offset to the data center's."""
        return self.clock() + self.offset_s

    def health(self) -> HealthResponse:
        """Unauthenticated: measures the clock offset and proves the pinned server answers."""
        response = self._send("GET", "/v1/health", b"", {}, signed=False)
        try:
            body = response.json()
            health = HealthResponse(**body)
        except (ValueError, TypeError) as exc:
            raise SyncError(SyncReason.BAD_RESPONSE) from exc
        self.offset_s = float(health.server_timestamp) - self.clock()
        return health

    def get_unsigned(self, path: str) -> httpx.Response:
        """A public endpoint (``/v1/keys``), still over the pinned connection and retried."""
        return self._send("GET", path, b"", {}, signed=False)

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        body_sha256: str | None = None,
    ) -> httpx.Response:
        """A signed request, retried on transient faults; any final non-2xx raises SyncError.

        ``body_sha256``, when the caller has just checked it, spares hashing 2 MB again.
        """
        return self._send(method, path, body, headers or {}, signed=True, body_sha256=body_sha256)

    def _attempt(
        self,
        method: str,
        path: str,
        body: bytes,
        headers: dict[str, str],
        *,
        signed: bool,
        body_sha256: str | None = None,
    ) -> tuple[httpx.Response | None, SyncError | None]:
        """One try: a response (any status), or the classified transport failure."""
        send = dict(headers)
        if signed:
            send |= sign_request(
                self.device_id,
                self.device_key,
                method=method,
                path=path,
                body=body,
                timestamp=int(self.now()),
                body_sha256=body_sha256,
            )
        try:
            response = self.client.request(method, path, content=body, headers=send)
        except httpx.TransportError as exc:
            error = classify(exc)
            error.__cause__ = exc
            return None, error
        return response, None if response.is_success else error_from_response(response)

    def _corrected_clock(self, error: SyncError) -> bool:
        """On ``clock_skew``, adopt the pinned server's clock so the retry is signed right."""
        server_ts = error.details.get("server_timestamp")
        if error.reason is not SyncReason.CLOCK_SKEW or not self.correct_clock:
            return False
        if not isinstance(server_ts, int):
            return False
        self.offset_s = server_ts - self.clock()
        return True

    def _send(
        self,
        method: str,
        path: str,
        body: bytes,
        headers: dict[str, str],
        *,
        signed: bool,
        body_sha256: str | None = None,
    ) -> httpx.Response:
        deadline = time.monotonic() + self.retry.budget_s
        attempt = 0
        skew_corrected = False
        while True:
            response, error = self._attempt(
                method, path, body, headers, signed=signed, body_sha256=body_sha256
            )
            if error is None and response is not None:
                return response
            assert error is not None  # noqa: S101 - _attempt returns one or the other
            if not skew_corrected and self._corrected_clock(error):
                skew_corrected = True
                continue
            if response is None:
                retryable = error.reason in RETRY_REASONS
                retry_after = None
            else:
                retryable = response.status_code in RETRY_STATUSES
                retry_after = parse_retry_after(response.headers.get("retry-after"), time.time())
            delay = self.retry.delay(attempt, retry_after)
            attempt += 1
            if (
                not retryable
                or attempt >= self.retry.attempts
                or time.monotonic() + delay > deadline
                or self._stopping.is_set()
            ):
                raise error
            log.info(
                "%s %s failed (%s); retry %d in %.1f s",
                method,
                path.split("?", maxsplit=1)[0],
                error.reason,
                attempt,
                delay,
            )
            if self.on_retry is not None:
                self.on_retry(RetryNotice(method, path, attempt, delay, error.reason))
            if self._stopping.wait(delay):
                raise error
