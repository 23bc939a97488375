"""Fuzzing the running data center from its published OpenAPI spec (issue 16).

Two runs per backend (SQLite and PostgreSQL), a few seconds to a minute each:

* stateless, through the ``st`` command, as an unauthenticated stranger would;
* stateful, in Python: schemathesis follows the spec's link from a manifest's
  verdict to ``PUT /v1/records/{record_id}``, and every request is signed by a
  really enrolled laptop (``DeviceSignature``), so uploads get past "not
  announced" and, for some manifests, a really sealed record is uploaded whole.

Both demand 0 answers of 5xx and 0 answers outside the documented schema
(status codes, content types and bodies).  The figures (cases, requests,
seconds) are printed; ``-s`` shows them.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import hypothesis
import requests
import schemathesis
from cryptography.hazmat.primitives.asymmetric import ed25519
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fieldkit.sealing import SealedRecord
from sync.protocol import HEADER_RECORD_SIGNATURE, b64encode, sign_request
from tests.sync.server.dcsupport import DataCenterProcess, Laptop

#: The requirement: no 5xx, and nothing the spec does not document.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: Scenarios the stateful run must complete, and how often it may restart to get there.
STATEFUL_SCENARIOS = 100
MAX_RESTARTS = 10
UNSIGNED = ("/v1/health", "/v1/keys", "/v1/enroll", "/openapi.json")


def test_schemathesis_finds_no_server_error(datacenter: DataCenterProcess, tmp_path: Path) -> None:
    st = Path(sys.executable).with_name("st")
    started = time.monotonic()
    done = subprocess.run(
        [
            str(st),
            "run",
            f"{datacenter.url}/openapi.json",
            "--checks",
            (
                "not_a_server_error,status_code_conformance,content_type_conformance,"
                "response_schema_conformance"
            ),
            "--max-examples",
            "12",
            "--seed",
            "6",
            # One worker: hypothesis's lambda introspection is not thread-safe (a runner error).
            "--workers",
            "1",
            "--tls-verify",
            str(datacenter.data / "keys" / "ca.pem"),
            "--request-timeout",
            "20",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
    tail = [line.strip() for line in done.stdout.splitlines() if line.strip()][-6:]
    print(f"stateless in {time.monotonic() - started:.1f} s: {tail}")  # noqa: T201


class DeviceSignature(requests.auth.AuthBase):
    """Signs each request exactly as sent (method, path and query, body) as the laptop does."""

    def __init__(self, device_id: str, key: ed25519.Ed25519PrivateKey) -> None:
        self.device_id = device_id
        self.key = key

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        path = request.path_url
        if path.startswith(UNSIGNED):
            return request
        body = request.body or b""
        data = body.encode() if isinstance(body, str) else bytes(body)  # type: ignore[arg-type]
        request.headers.update(
            sign_request(
                self.device_id,
                self.key,
                method=request.method or "GET",
                path=path,
                body=data,
                timestamp=int(time.time()),
            )
        )
        return request


def _announce_something_real(body: object, laptop: Laptop, sealed: dict[str, SealedRecord]) -> None:
    """Half the manifests announce a record this laptop really sealed; in the rest the first
    entry is well-formed (real kid), so its upload of random bytes is checked in earnest."""
    entries = body.get("entries") if isinstance(body, dict) else None
    if not isinstance(entries, list) or not entries or not isinstance(entries[0], dict):
        return
    digest = hashlib.sha256(repr(entries).encode()).digest()
    if digest[0] % 2 == 0:
        record = laptop.seal(seq=digest[0])
        sealed[record.record_id] = record
        entries[0] = {
            "record_id": record.record_id,
            "seq": record.seq,
            "sha256": record.sha256,
            "size": len(record.envelope),
            "kid": record.kid,
        }
    else:
        entries[0].update(
            record_id=str(uuid.UUID(bytes=digest[:16])),
            sha256=digest.hex(),
            size=1 + digest[0],
            kid=laptop.datacenter_key.kid,
        )


def _upload_the_real_record(case: Any, sealed: dict[str, SealedRecord]) -> None:
    record = sealed.get(str((case.path_parameters or {}).get("record_id")))
    if record is not None:
        case.body = record.envelope
        case.headers = {
            **(case.headers or {}),
            HEADER_RECORD_SIGNATURE: b64encode(record.signature),
        }


def test_stateful_fuzzing_with_a_real_laptops_signatures(
    datacenter: DataCenterProcess, laptop: Laptop
) -> None:
    ca = str(datacenter.data / "keys" / "ca.pem")
    schema = schemathesis.openapi.from_url(f"{datacenter.url}/openapi.json", verify=ca)
    session = requests.Session()
    session.auth = DeviceSignature(laptop.device_id, laptop.key)
    session.verify = ca
    sealed: dict[str, SealedRecord] = {}
    statuses: Counter[str] = Counter()
    scenarios = [0]

    class SignedLaptop(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            scenarios[0] += 1

        def before_call(self, case: Any) -> None:
            if case.operation.label == "POST /v1/manifest":
                _announce_something_real(case.body, laptop, sealed)
            if case.operation.label == "PUT /v1/records/{record_id}":
                _upload_the_real_record(case, sealed)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:  # noqa: ARG002 - the API's
            return {"session": session, "timeout": 20, "verify": ca}

        def after_call(self, response: Any, case: Any) -> None:
            statuses[f"{case.operation.label} {response.status_code}"] += 1

        def validate_response(self, response: Any, case: Any, **_kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    started = time.monotonic()
    restarts = 0
    while scenarios[0] < STATEFUL_SCENARIOS:
        try:
            SignedLaptop.run(
                settings=hypothesis.settings(
                    max_examples=STATEFUL_SCENARIOS - scenarios[0],
                    stateful_step_count=8,
                    deadline=None,
                    # The first run is reproducible; a restart explores afresh.
                    derandomize=restarts == 0,
                    database=None,
                    suppress_health_check=list(hypothesis.HealthCheck),
                    phases=[hypothesis.Phase.generate],
                )
            )
        except hypothesis.errors.FlakyStrategyDefinition:
            # Not a finding: schemathesis decides with true randomness whether a step follows
            # the manifest's link, so Hypothesis's record of earlier choices can disagree with
            # a later scenario.  Schemathesis's own engine restarts the suite here; so do we.
            # A real failure that did not reproduce is a FlakyFailure, and is not caught.
            restarts += 1
            assert restarts <= MAX_RESTARTS, f"{restarts} restarts after {scenarios[0]} scenarios"
    elapsed = time.monotonic() - started
    print(  # noqa: T201 - the figures for the closing note
        f"stateful: {scenarios[0]} scenarios ({restarts} restarts), "
        f"{sum(statuses.values())} requests in {elapsed:.1f} s: {dict(sorted(statuses.items()))}"
    )
    uploads = {k: v for k, v in statuses.items() if k.startswith("PUT")}
    assert any(k.endswith(" 200") for k in uploads), statuses  # a real record went in whole
    assert any(k.endswith(" 400") for k in uploads), statuses  # past "not announced"
    assert not any(k.split()[-1].startswith("5") for k in statuses), statuses
