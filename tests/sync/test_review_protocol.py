"""The ketua tim's decision in the upload's metadata: it verifies only as the laptop signed it."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from sync.protocol import HEADER_REVIEW, HEADER_REVIEW_SIGNATURE, read_review, review_headers

RECORD = "8d1f7a52-0000-4000-8000-000000000001"
SHA = "ab" * 32


def _document(**changes: object) -> dict[str, object]:
    return {
        "format": "fieldkit-review/1",
        "record_id": RECORD,
        "sha256": SHA,
        "decision": "approved",
        "decided_by": "ketua1",
        "role": "ketua_tim",
        "decided_at": "2026-11-23T08:00:00+00:00",
        "note": "Jari kelingking kiri memang tidak ada",
        "flags": ["exception:finger:10:amputated:permanent"],
    } | changes


@pytest.mark.parametrize(
    "note",
    ["Jari kelingking kiri memang tidak ada", "Catatan \u2014 \u2018wali\u2019 \u00e9", None],
)
def test_a_decision_reads_back_as_signed(note: str | None) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    headers = review_headers(key, _document(note=note))
    assert headers[HEADER_REVIEW].isascii()  # an HTTP header carries it
    public = key.public_key().public_bytes_raw()
    read = read_review(
        public,
        headers[HEADER_REVIEW],
        headers[HEADER_REVIEW_SIGNATURE],
        record_id=RECORD,
        sha256=SHA,
    )
    assert read == _document(note=note)


@pytest.mark.parametrize(
    ("case", "record_id", "sha256"),
    [
        ("other laptop", RECORD, SHA),
        ("other record", "8d1f7a52-0000-4000-8000-000000000002", SHA),
        ("other content", RECORD, "cd" * 32),
    ],
)
def test_a_forged_or_moved_decision_is_refused(case: str, record_id: str, sha256: str) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    headers = review_headers(key, _document())
    signer = ed25519.Ed25519PrivateKey.generate() if case == "other laptop" else key
    with pytest.raises(ValueError, match="review"):
        read_review(
            signer.public_key().public_bytes_raw(),
            headers[HEADER_REVIEW],
            headers[HEADER_REVIEW_SIGNATURE],
            record_id=record_id,
            sha256=sha256,
        )


def test_a_returned_record_cannot_pass_as_reviewed() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    headers = review_headers(key, _document(decision="returned"))
    with pytest.raises(ValueError, match="approved"):
        read_review(
            key.public_key().public_bytes_raw(),
            headers[HEADER_REVIEW],
            headers[HEADER_REVIEW_SIGNATURE],
            record_id=RECORD,
            sha256=SHA,
        )


def test_garbage_is_refused_not_crashed() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    for header in ("%%%", "W10=", "x" * 5000):  # not base64; a JSON list; far too long
        with pytest.raises(ValueError, match="review"):
            read_review(public, header, "AAAA", record_id=RECORD, sha256=SHA)
