"""Sign a FieldKit installer with a release key, or make a new release key.

    python scripts/sign_release.py --new-key PRIVATE.pem
        writes a new Ed25519 private key (PEM, mode 0600; kept offline, never in the
        repository) and prints its public half: the line to add to
        fieldkit/update/release_keys.txt.
    python scripts/sign_release.py --key PRIVATE.pem --version 0.2.0 INSTALLER
        writes INSTALLER.sig: base64 Ed25519 over
        b"fieldkit-release-v1|" + version + b"|" + sha256hex(INSTALLER).

The data center offers the installer with its signature
(``fieldkit-datacenter release offer INSTALLER --version V --signature INSTALLER.sig``),
and FieldKit installs it only if a key built into it verifies that signature
(docs/sync-protocol.md §14.4, packaging/README.md "Signing a release").
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from fieldkit.errors import KnownError  # noqa: E402 - after the path
from fieldkit.update.release_keys import ReleaseKey  # noqa: E402
from fieldkit.update.verify import check_version, file_sha256, sign, verify_signature  # noqa: E402


def new_key(path: Path, name: str) -> int:
    if path.exists():
        print(f"error: {path} exists; a release key is never overwritten", file=sys.stderr)
        return 1
    private = ed25519.Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(pem)
    print(ReleaseKey(name, private.public_key()).as_text())
    return 0


def load_private(path: Path) -> ed25519.Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise SystemExit(f"error: {path} is not an Ed25519 private key")
    return key


def sign_installer(key_path: Path, version: str, installer: Path) -> int:
    check_version(version)
    private = load_private(key_path)
    digest, size = file_sha256(installer)
    signature = sign(private, version, digest)
    # The signature just made must verify with the key's public half (a wrong file, a
    # wrong key type would show here, not on twenty laptops).
    verify_signature(
        installer,
        version,
        signature,
        trusted_keys=[ReleaseKey("this key", private.public_key())],
        sha256_hex=digest,
    )
    target = installer.with_name(installer.name + ".sig")
    target.write_text(signature + "\n", encoding="ascii")
    print(f"{target}: FieldKit {version}, {size} bytes, sha256 {digest}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new-key", type=Path, metavar="PRIVATE.pem")
    parser.add_argument("--name", default="fieldkit-release", help="the new key's name")
    parser.add_argument("--key", type=Path, metavar="PRIVATE.pem")
    parser.add_argument("--version")
    parser.add_argument("installer", type=Path, nargs="?")
    args = parser.parse_args(argv)
    if args.new_key is not None:
        return new_key(args.new_key, args.name)
    if args.key is None or args.version is None or args.installer is None:
        parser.error("give --new-key PRIVATE.pem, or --key PRIVATE.pem --version V INSTALLER")
    try:
        return sign_installer(args.key, args.version, args.installer)
    except KnownError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
