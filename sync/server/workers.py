"""``serve --workers N``: the same service in N processes sharing one listening socket.

Each worker is started by uvicorn's supervisor in a fresh interpreter (spawn), which
runs :func:`app_from_environment`: the worker builds its own ``DataCenter`` from the
settings the parent put in the environment.  The parent made the keys, the schema and
the TLS certificate first, so the workers only read them.  The database is the only
state the workers share; nothing is cached per process that another could change
(issue 25), which is why several workers need PostgreSQL: SQLite serialises writers
inside one process only.  A worker that dies is replaced by the supervisor.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from sync.server.dedup.queue import DedupWorker
    from sync.server.intake.service import DataCenter

#: What the parent hands its workers (the same names an operator may set themselves).
DATA_ENV = "FIELDKIT_DATACENTER_DATA"
DATABASE_ENV = "FIELDKIT_DATACENTER_DATABASE"
ACCEPT_DEMO_ENV = "FIELDKIT_DATACENTER_ACCEPT_DEMO"
MIN_CLIENT_VERSION_ENV = "FIELDKIT_DATACENTER_MIN_CLIENT_VERSION"
LOG_FORMAT_ENV = "FIELDKIT_DATACENTER_LOG_FORMAT"
#: ``serve --dedup``: the serving process also searches accepted records (penunggalan);
#: with ``--workers N``, the supervising process, once for the host, not each worker.
DEDUP_ENV = "FIELDKIT_DATACENTER_DEDUP"


def hand_over(
    data: Path,
    database: str,
    *,
    accept_demo: bool,
    min_client_version: str | None,
    log_format: str,
) -> None:
    """Put the parent's settings where the spawned workers read them."""
    os.environ[LOG_FORMAT_ENV] = log_format
    os.environ[DATA_ENV] = str(data)
    # The workers' counters go to files one scrape reads together (``operations.metrics``);
    # emptied at each start, as prometheus-client asks.
    counters = data / "metrics"
    shutil.rmtree(counters, ignore_errors=True)
    counters.mkdir(mode=0o700)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(counters)
    # The URL may hold the password (the password file's, or the environment's own): the
    # environment is the owner's alone (/proc/<pid>/environ is 0400), a command's
    # arguments every account's.  The workers also inherit the private umask ``main`` set,
    # so the counters' files above are 0600 too.
    os.environ[DATABASE_ENV] = database
    os.environ[ACCEPT_DEMO_ENV] = "1" if accept_demo else "0"
    if min_client_version:
        os.environ[MIN_CLIENT_VERSION_ENV] = min_client_version
    else:
        os.environ.pop(MIN_CLIENT_VERSION_ENV, None)


def app_from_environment() -> FastAPI:
    """One worker's app (uvicorn's ``factory``): its own DataCenter over the shared database."""
    from sync.server.app import create_app  # noqa: PLC0415 - the server extra, in the worker
    from sync.server.intake.service import DataCenter  # noqa: PLC0415
    from sync.server.operations import logsetup  # noqa: PLC0415
    from sync.server.operations.memory import keep_large_buffers  # noqa: PLC0415

    logsetup.configure(os.environ.get(LOG_FORMAT_ENV) or "text")  # a spawned worker has none
    keep_large_buffers()
    datacenter = DataCenter(
        Path(os.environ[DATA_ENV]),
        os.environ[DATABASE_ENV],
        accept_demo=os.environ.get(ACCEPT_DEMO_ENV) == "1",
        min_client_version=os.environ.get(MIN_CLIENT_VERSION_ENV) or None,
    )
    logging.getLogger(__name__).info("worker %d serving", os.getpid())
    return create_app(datacenter)


def start_dedup(datacenter: DataCenter) -> DedupWorker:
    """Penunggalan in this process, beside the service: a thread of its own, its own gallery.

    ``serve`` runs one per host (in the supervising process when it has workers: a
    gallery is held once, not once per worker); several hosts, or a ``dedup run``
    beside, each run one, and the leases give each record to one of them.
    """
    from sync.server.dedup.queue import DedupWorker  # noqa: PLC0415 - loads NBIS and OpenCV

    worker = DedupWorker(datacenter.store, datacenter.blobs, datacenter.keys)
    worker.start()
    return worker
