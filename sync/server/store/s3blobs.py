"""Sealed envelopes in an S3 object store (SeaweedFS, MinIO, Ceph RGW, AWS S3).

The ``BlobStore`` for a data center that runs on several hosts: every process reads and
writes the same bucket.  ``FIELDKIT_DATACENTER_BLOBS=s3://BUCKET/PREFIX`` chooses it (the
local folder stays the default), ``FIELDKIT_DATACENTER_S3_ENDPOINT`` names the store
(``http://10.0.0.20:8333``), and the standard ``AWS_ACCESS_KEY_ID`` /
``AWS_SECRET_ACCESS_KEY`` carry the credentials.

An object's key is its SHA-256, so a second put of the same record is harmless; a PUT
returns once the store holds the object, before the service commits the record and signs
its receipt (``DataCenter._store``), and a blob whose record was not stored is deleted
again (``DataCenter._undo_blob``).  What comes back from a GET is hashed: a damaged
object is an error, never a receipt's record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import uuid
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import urllib3
from minio import Minio
from minio.error import S3Error

from sync.protocol import Reason
from sync.server.errors import BlobStoreFull, DataCenterError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

log = logging.getLogger(__name__)

BLOBS_ENV = "FIELDKIT_DATACENTER_BLOBS"
ENDPOINT_ENV = "FIELDKIT_DATACENTER_S3_ENDPOINT"
_MISSING = frozenset({"NoSuchKey", "NoSuchObject"})
_FULL = frozenset({"QuotaExceeded", "XMinioStorageFull", "StorageFull"})


def _unavailable(what: str) -> DataCenterError:
    return DataCenterError(
        503, Reason.NOT_READY, code="datacenter_blobs_unavailable", params={"what": what}
    )


class S3BlobStore:
    """``BUCKET/PREFIX/ab/<sha256>`` in an S3 object store."""

    def __init__(self, url: str, endpoint: str | None = None) -> None:
        target = urlsplit(url)
        where = urlsplit(endpoint or os.environ.get(ENDPOINT_ENV) or "https://s3.amazonaws.com")
        if target.scheme != "s3" or not target.netloc or where.scheme not in {"http", "https"}:
            raise DataCenterError(
                400,
                Reason.INVALID_REQUEST,
                code="datacenter_blobs_url_invalid",
                params={"url": url[:120]},
            )
        self.bucket = target.netloc
        self.prefix = target.path.strip("/")
        # Explicit timeouts and a few retries: a store that stalls fails the upload (the
        # laptop retries) instead of holding a worker thread for ever.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=5, read=60),
            retries=urllib3.Retry(
                total=3, backoff_factor=0.2, status_forcelist=(500, 502, 503, 504)
            ),
            maxsize=32,
        )
        self.client = Minio(
            where.netloc,
            access_key=os.environ.get("AWS_ACCESS_KEY_ID"),
            secret_key=os.environ.get("AWS_SECRET_ACCESS_KEY"),
            secure=where.scheme == "https",
            http_client=http,
        )
        with self._talking("bucket"):
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)

    def _key(self, sha256: str) -> str:
        name = f"{sha256[:2]}/{sha256}"
        return f"{self.prefix}/{name}" if self.prefix else name

    def _talking(self, what: str) -> AbstractContextManager[None]:
        return _Talking(what)

    def put(self, sha256: str, data: bytes, *, digest_checked: bool = False) -> None:
        if not digest_checked and hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("blob content does not match its name")
        with self._talking("put"):
            self.client.put_object(self.bucket, self._key(sha256), io.BytesIO(data), len(data))

    def get(self, sha256: str) -> bytes:
        with self._talking("get"):
            response = self.client.get_object(self.bucket, self._key(sha256))
            try:
                data = response.read()
            finally:
                response.close()
                response.release_conn()
        if hashlib.sha256(data).hexdigest() != sha256:
            log.error("blob %s came back from the object store damaged", sha256[:12])
            raise DataCenterError(500, Reason.INTERNAL_ERROR, code="datacenter_blob_damaged")
        return data

    def exists(self, sha256: str) -> bool:
        try:
            with self._talking("stat"):
                self.client.stat_object(self.bucket, self._key(sha256))
        except _Missing:
            return False
        return True

    def delete(self, sha256: str) -> None:
        with self._talking("delete"):
            self.client.remove_object(self.bucket, self._key(sha256))

    def names(self) -> list[str]:
        with self._talking("list"):
            found = self.client.list_objects(
                self.bucket, prefix=f"{self.prefix}/" if self.prefix else None, recursive=True
            )
            return sorted((o.object_name or "").rsplit("/", 1)[-1] for o in found)

    def older_than(self, seconds: float) -> list[str]:
        """By the object's ``LastModified``: the time of its last PUT.

        S3 has no mtime to touch, but ``put`` always uploads the whole object (S3 cannot
        tell an identical re-upload from a new one), so a blob written again by an upload
        is young again, as in the folder store.
        """
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)
        with self._talking("list"):
            found = self.client.list_objects(
                self.bucket, prefix=f"{self.prefix}/" if self.prefix else None, recursive=True
            )
            return sorted(
                (o.object_name or "").rsplit("/", 1)[-1]
                for o in found
                if o.last_modified is not None
                and o.last_modified < cutoff
                and "/ready/" not in f"/{o.object_name}"
            )

    def problem(self) -> str | None:
        """Put, read back and remove a probe object: the store takes a write now."""
        key = (
            f"{self.prefix}/ready/{uuid.uuid4().hex}"
            if self.prefix
            else f"ready/{uuid.uuid4().hex}"
        )
        try:
            self.client.put_object(self.bucket, key, io.BytesIO(b"ready"), 5)
            self.client.remove_object(self.bucket, key)
        except (S3Error, urllib3.exceptions.HTTPError, OSError) as exc:
            return f"the object store takes no write ({type(exc).__name__})"
        return None


class _Missing(Exception):
    """The object is not there (``NoSuchKey``)."""


class _Talking:
    """S3's and the network's failures as the data center's own: missing, full, unavailable."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, _tb: object) -> None:
        if isinstance(error, S3Error):
            if error.code in _MISSING:
                raise _Missing from error
            if error.code in _FULL:
                raise BlobStoreFull from error
            log.warning("object store refused %s: %s", self.what, error.code)
            raise _unavailable(self.what) from error
        if isinstance(error, (urllib3.exceptions.HTTPError, OSError)):
            log.warning("object store unreachable for %s: %s", self.what, type(error).__name__)
            raise _unavailable(self.what) from error
