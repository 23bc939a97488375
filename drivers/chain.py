"""Hash chain over the captures of one enrollment.

Like MOSIP SBI's ``previousHash``: each capture's hash covers the previous
capture's hash, so a capture cannot be dropped, reordered or swapped later
without breaking every hash after it.

``hash = sha256(prev_hash || sha256(payload) || canonical_json(metadata))``,
with the first ``prev_hash`` being 32 zero bytes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    import numpy as np
    from numpy.typing import NDArray

GENESIS_HASH = "00" * 32


@dataclass(frozen=True, slots=True)
class ChainLink:
    index: int
    previous_hash: str
    payload_hash: str
    metadata: tuple[tuple[str, str], ...]
    hash: str


def canonical_metadata(metadata: Mapping[str, str]) -> bytes:
    return json.dumps(dict(metadata), sort_keys=True, separators=(",", ":")).encode()


def link_hash(previous_hash: str, payload_hash: str, metadata: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    digest.update(bytes.fromhex(previous_hash))
    digest.update(bytes.fromhex(payload_hash))
    digest.update(canonical_metadata(metadata))
    return digest.hexdigest()


def image_payload(images: Sequence[NDArray[np.uint8]]) -> bytes:
    """Serialise images with their shapes so a reshaped image hashes differently."""
    parts: list[bytes] = []
    for image in images:
        parts.append("x".join(str(n) for n in image.shape).encode() + b":")
        parts.append(image.tobytes())
    return b"".join(parts)


class CaptureChain:
    """Thread-safe chain for one enrollment; create one per enrollment."""

    def __init__(self, head: str = GENESIS_HASH, length: int = 0) -> None:
        bytes.fromhex(head)  # reject a malformed head early
        self._head = head
        self._length = length
        self._lock = threading.Lock()

    @property
    def head(self) -> str:
        return self._head

    def __len__(self) -> int:
        return self._length

    def append(self, payload: bytes, metadata: Mapping[str, str]) -> ChainLink:
        payload_hash = hashlib.sha256(payload).hexdigest()
        with self._lock:
            new_hash = link_hash(self._head, payload_hash, metadata)
            link = ChainLink(
                index=self._length,
                previous_hash=self._head,
                payload_hash=payload_hash,
                metadata=tuple(sorted(metadata.items())),
                hash=new_hash,
            )
            self._head = new_hash
            self._length += 1
        return link

    @staticmethod
    def verify(links: Iterable[ChainLink], payloads: Iterable[bytes] | None = None) -> bool:
        """Check that links follow each other (and match their payloads, if given)."""
        previous = GENESIS_HASH
        payload_iter = iter(payloads) if payloads is not None else None
        for expected_index, link in enumerate(links):
            if link.index != expected_index or link.previous_hash != previous:
                return False
            if payload_iter is not None:
                payload = next(payload_iter, None)
                if payload is None or hashlib.sha256(payload).hexdigest() != link.payload_hash:
                    return False
            if link_hash(previous, link.payload_hash, dict(link.metadata)) != link.hash:
                return False
            previous = link.hash
        return True
