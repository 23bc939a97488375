"""Read a SQLCipher 4 store's pages in the clear, as someone holding the store key could.

Used to prove that sealing leaves no biometric bytes behind even for a reader
with the key: not in live rows, not in freed pages, not in the WAL.
SQLCipher 4 defaults: 4096-byte pages, AES-256-CBC, 80 reserved bytes per
page (16-byte IV + 64-byte HMAC-SHA512), the first 16 bytes of page 1 are the
salt.  A raw ``x'...'`` key is used as the AES key directly.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt_page(page: bytes, key: bytes, *, first: bool) -> bytes:
    start = SALT if first else 0
    body = page[start : PAGE - RESERVE]
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def clear_pages(db: Path, key: bytes) -> bytes:
    """Every page of the store file and of its WAL, decrypted, concatenated."""
    data = db.read_bytes()
    out = [
        _decrypt_page(data[n * PAGE : (n + 1) * PAGE], key, first=n == 0)
        for n in range(len(data) // PAGE)
    ]
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        frames = wal.read_bytes()[WAL_HEADER:]
        step = FRAME_HEADER + PAGE
        for n in range(len(frames) // step):
            frame = frames[n * step : (n + 1) * step]
            page_no = int.from_bytes(frame[:4], "big")
            out.append(_decrypt_page(frame[FRAME_HEADER:], key, first=page_no == 1))
    return b"".join(out)


def header_is_sqlite(db: Path, key: bytes) -> bool:
    """Page 1 decrypted holds the SQLite header after the salt: page size 4096 at offset 16."""
    page = _decrypt_page(db.read_bytes()[:PAGE], key, first=True)
    return page[:2] == PAGE.to_bytes(2, "big")
