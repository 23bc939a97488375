"""Prometheus metrics of the data center, served at ``GET /metrics`` (issue 25).

Counters and histograms live in this process (or, under ``serve --workers N``, in
files every worker writes to: ``PROMETHEUS_MULTIPROC_DIR``, which the parent sets, so
one scrape through the port sees all workers).  The laptops and records per state are
read from the database at scrape time: a few ``count`` queries, the same from any worker.

Every label comes from a fixed set (route templates, methods, status codes, reasons,
states), so the metrics never carry a device id, a record id or anything a person typed.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

if TYPE_CHECKING:
    from collections.abc import Iterator

    from prometheus_client.metrics_core import Metric
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from sync.server.store.database import SqlStore

__all__ = ["CONTENT_TYPE_LATEST", "RequestMetrics", "exposition", "record_refusal", "record_upload"]

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: Anything else a client sends as a method is counted as "other": no label grows unbounded.
_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"})

REQUESTS = Counter("fieldkit_dc_requests_total", "Requests answered", ["route", "method", "status"])
LATENCY = Histogram(
    "fieldkit_dc_request_seconds",
    "Time to answer a request",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
UPLOADS = Counter("fieldkit_dc_uploads_total", "Records uploaded, by verdict", ["state"])
UPLOAD_BYTES = Counter("fieldkit_dc_upload_bytes_total", "Bytes of sealed records uploaded")
REFUSALS = Counter(
    "fieldkit_dc_refusals_total", "Requests and records refused, by reason", ["reason"]
)


def record_upload(state: str, reason: str | None, size: int) -> None:
    UPLOADS.labels(state=state).inc()
    UPLOAD_BYTES.inc(size)
    if reason is not None:
        REFUSALS.labels(reason=reason).inc()


def record_refusal(reason: str) -> None:
    REFUSALS.labels(reason=reason).inc()


class _FromDatabase:
    """Laptops and records per state, counted when Prometheus asks."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        laptops = GaugeMetricFamily(
            "fieldkit_dc_laptops", "Laptops enrolled, by whether revoked", labels=["state"]
        )
        records = GaugeMetricFamily(
            "fieldkit_dc_records", "Records held, by state", labels=["state"]
        )
        counts = self.store.counts()
        for state, n in counts.laptops.items():
            laptops.add_metric([state], n)
        for state, n in counts.records.items():
            records.add_metric([state], n)
        yield laptops
        yield records


def exposition(store: SqlStore) -> bytes:
    """This process's (or every worker's) counters, then the database's gauges."""
    if os.environ.get(MULTIPROCESS_ENV):
        live = CollectorRegistry()
        MultiProcessCollector(live)  # type: ignore[no-untyped-call]
        text = generate_latest(live)
    else:
        from prometheus_client import REGISTRY  # noqa: PLC0415 - the process's own

        text = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(_FromDatabase(store))
    return text + generate_latest(database)


class RequestMetrics:
    """ASGI middleware: each answer counted by its route's template, method and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sent(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unrouted"
            method = scope["method"] if scope["method"] in _METHODS else "other"
            REQUESTS.labels(route=route, method=method, status=str(status)).inc()
            LATENCY.labels(route=route).observe(time.perf_counter() - started)
