"""The data center's blobs in a real S3 object store: SeaweedFS on 127.0.0.1 (issue 25)."""

from __future__ import annotations

import hashlib
import io
import os
from typing import TYPE_CHECKING

import pytest

from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.client.transport import RetryPolicy
from sync.server.errors import DataCenterError
from sync.server.store.s3blobs import S3BlobStore
from tests.sync.client.syncsupport import free_port, seal_records, states
from tests.sync.server.dcsupport import DataCenterProcess, list_records, new_code
from tests.sync.server.seaweedsupport import SeaweedFS

if TYPE_CHECKING:
    from collections.abc import Callable


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_blob_store_contract_on_s3(s3_env: str) -> None:
    store = S3BlobStore(os.environ["FIELDKIT_DATACENTER_BLOBS"])
    one, two = b"sealed envelope one", b"sealed envelope two"
    store.put(_sha(one), one)
    store.put(_sha(one), one)  # again: harmless
    store.put(_sha(two), two, digest_checked=True)
    assert store.get(_sha(one)) == one
    assert store.exists(_sha(two))
    assert not store.exists(_sha(b"never"))
    assert store.names() == sorted([_sha(one), _sha(two)])
    with pytest.raises(ValueError, match="does not match"):
        store.put(_sha(one), two)
    store.delete(_sha(two))
    assert not store.exists(_sha(two))
    # The sweep's view: by age, never the readiness probes.
    assert store.older_than(3600) == []
    assert store.older_than(-60) == [_sha(one)]
    assert store.problem() is None
    # An object damaged in the store is an error, never a record.
    store.client.put_object(store.bucket, store._key(_sha(one)), io.BytesIO(b"bitrot"), 6)
    with pytest.raises(DataCenterError) as damaged:
        store.get(_sha(one))
    assert damaged.value.code == "datacenter_blob_damaged"


def test_a_data_center_on_s3_stores_pushes_and_loses_nothing_while_the_store_is_away(
    start_datacenter: Callable[..., DataCenterProcess],
    workspace: Workspace,
    seaweed: SeaweedFS,
    s3_env: str,
) -> None:
    dc = start_datacenter(None, "--port", str(free_port()))
    enroll_laptop(workspace, dc.url, new_code(dc), ca_fingerprint_expected=dc.fingerprint)
    first = seal_records(workspace, 3)
    assert SyncClient(workspace).push().ok
    store = S3BlobStore(os.environ["FIELDKIT_DATACENTER_BLOBS"])
    assert len(store.names()) == 3, "the blobs are in the bucket"
    assert not (dc.data / "blobs").exists() or not any((dc.data / "blobs").glob("??/??/*"))

    seaweed.stop()
    try:
        with dc.client() as client:
            ready = client.get("/v1/ready")
            assert ready.status_code == 503
            assert set(ready.json()["details"]) == {"blobs"}
        later = seal_records(workspace, 2)
        # The laptop gives up sooner than its default minute: the store stays away here.
        summary = SyncClient(workspace, retry=RetryPolicy(attempts=2, budget_s=5)).push()
        assert not summary.ok
        assert {states(workspace)[r] for r in later} <= {"SEALED", "SENT"}, "nothing purged"
    finally:
        seaweed.start()
    summary = SyncClient(workspace).push()
    assert summary.ok, summary.as_json()
    assert sorted(r["record_id"] for r in list_records(dc)) == sorted(first + later)
    assert len(store.names()) == 5
    with dc.client() as client:
        assert client.get("/v1/ready").status_code == 200
