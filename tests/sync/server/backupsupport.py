"""Test support for backups: archives rewritten by an attacker or by the key's holder, a
data center not yet started, and everything a data center holds, to compare before/after."""

from __future__ import annotations

import hashlib
import hmac
import json
import zipfile
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from fieldkit.safejson import canonical_json
from sync.server.store.database import normalise_url
from sync.server.store.tables import metadata
from tests.sync.server.dcsupport import DataCenterProcess, database_url, fresh_database

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from fieldkit.workspace import Workspace


def rewrite(
    archive: Path,
    out: Path,
    change: Callable[[str, bytes], tuple[str, bytes] | None],
    *,
    add: dict[str, bytes] | None = None,
    key_file: Path | None = None,
) -> Path:
    """A copy of ``archive`` with each member passed through ``change`` (None drops it) and
    ``add`` put in, and ``backup.json`` made to match: hashes, sizes, row counts.

    That much anyone can do.  With ``key_file`` the signature is made again with that key
    when the archive carries one, as only the holder of the data center's backup key can:
    what is left to refuse is the restore's own checks of the contents.
    """
    with zipfile.ZipFile(archive) as src:
        manifest: dict[str, Any] = json.loads(src.read("backup.json"))
        members: dict[str, bytes] = {}
        for info in src.infolist():
            if info.filename == "backup.json":
                continue
            kept = change(info.filename, src.read(info))
            if kept is not None:
                members[kept[0]] = kept[1]
    members.update(add or {})
    manifest["members"] = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in members.items()
    }
    for name, data in members.items():
        if name.startswith("tables/") and name.endswith(".jsonl"):
            table = name.removeprefix("tables/").removesuffix(".jsonl")
            manifest["rows"][table] = sum(1 for line in data.split(b"\n") if line)
    if key_file is not None and "signature" in manifest:
        signed = {k: v for k, v in manifest.items() if k != "signature"}
        body = manifest["format"].encode() + b"\n" + canonical_json(signed)
        manifest["signature"] = hmac.new(key_file.read_bytes(), body, hashlib.sha256).hexdigest()
    with zipfile.ZipFile(out, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)
        dst.writestr("backup.json", json.dumps(manifest))
    return out


def table_rows(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.split(b"\n") if line]


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "\n".join(json.dumps(row) for row in rows).encode()


def backend(request: pytest.FixtureRequest) -> str:
    """The backend this test runs on (``start_datacenter``'s parameter; SQLite elsewhere)."""
    callspec = getattr(request.node, "callspec", None)
    name: str = callspec.params.get("start_datacenter", "sqlite") if callspec else "sqlite"
    return name


def unstarted_site(request: pytest.FixtureRequest, data: Path, *extra: str) -> DataCenterProcess:
    """A data center not started yet (no keys, an empty database), stopped after the test."""
    site = DataCenterProcess(
        data, data.with_name(f"{data.name}.log"), fresh_database(request, backend(request)), extra
    )
    request.addfinalizer(site.stop)
    return site


def site_state(site: DataCenterProcess) -> dict[str, Any]:
    """Every row of every table, every blob file and every key file of a data center."""
    engine = sa.create_engine(normalise_url(database_url(site)))
    try:
        with engine.connect() as conn:
            rows = {
                table.name: sorted(
                    json.dumps(dict(row._mapping), sort_keys=True)
                    for row in conn.execute(sa.select(table))
                )
                for table in metadata.sorted_tables
            }
    finally:
        engine.dispose()
    files = {
        path.relative_to(site.data).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in ("blobs", "keys")
        if (site.data / folder).exists()
        for path in sorted((site.data / folder).rglob("*"))
        if path.is_file()
    }
    return {"rows": rows, "files": files}


def blob_files(site: DataCenterProcess) -> list[Path]:
    return sorted(p for p in (site.data / "blobs").glob("??/??/*") if p.is_file())


def laptop_receipts(ws: Workspace) -> list[dict[str, object]]:
    """The receipts a laptop keeps for its records (purged ones too)."""
    with ws.transaction() as session:
        return [
            json.loads(row)
            for row in session.execute(
                sa.text("SELECT receipt FROM sealed_records WHERE receipt IS NOT NULL")
            ).scalars()
        ]
