"""The recorded key: the HMAC key the recorded NIKs are kept under, and the MAC itself.

The office package tells each laptop which NIKs were recorded already without
carrying a NIK: only these MACs, under a key derived from the data center's keys.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
from typing import TYPE_CHECKING

from fieldkit import paths, safejson
from fieldkit.safejson import canonical_json
from fieldkit.sealing import SealError, open_from, seal_to

if TYPE_CHECKING:
    from sync.server.keys import DataCenterKeys
log = logging.getLogger(__name__)


RECORDED_KEY_FILE = "recorded.key"
_RECORDED_KEY_BYTES = 32


def recorded_key(keys: DataCenterKeys) -> bytes:
    """The 32-byte HMAC key of ``recorded_niks``, made on first use in ``DATA/keys``.

    Kept sealed to the data center's active encryption key (``{"kid", "sealed"}``), so
    it is as protected as that key (passphrase-encrypted when the keys are); 0600.
    """
    path = keys.directory / RECORDED_KEY_FILE
    if not path.exists():
        kid = keys.active_kid
        key = secrets.token_bytes(_RECORDED_KEY_BYTES)
        public = keys.encryption_keys[kid].public_key().public_bytes_raw()
        sealed = seal_to(public, key, info=_recorded_info(kid))
        blob = canonical_json({"kid": kid, "sealed": base64.b64encode(sealed).decode("ascii")})
        temp = path.with_name(f".{RECORDED_KEY_FILE}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            os.write(fd, blob)
            os.fsync(fd)
        finally:
            os.close(fd)
        paths.make_private(temp)
        try:
            os.link(temp, path)  # never replaces one another process made meanwhile
            log.info("created the recorded-NIK key")
        except FileExistsError:
            pass
        finally:
            temp.unlink()
    value = safejson.loads(path.read_bytes(), max_bytes=4096)
    if not isinstance(value, dict):
        raise SealError(params={"problem": "recorded_key"})
    kid = str(value.get("kid"))
    private = keys.encryption_keys.get(kid)
    if private is None:
        raise SealError(params={"problem": "recorded_key"})
    return open_from(private, base64.b64decode(str(value.get("sealed"))), info=_recorded_info(kid))


def _recorded_info(kid: str) -> bytes:
    return f"fieldkit-dc-recorded-key-v1|{kid}".encode()


def nik_mac(key: bytes, nik: str) -> str:
    """``HMAC-SHA256(recorded_key, NIK)`` in hex: what the package's ``recorded`` lists."""
    return hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()
