"""Why a sync failed, in words an officer can act on (English and Indonesian).

"No internet connection" is only ever said when the network really is
unreachable: a refused connection, a DNS failure, a certificate that does not
match the pinned CA, a wrong clock or a revoked laptop each get their own
reason, because each has a different fix.
"""

from __future__ import annotations

import enum
from typing import Any

from fieldkit.errors import KnownError


class SyncReason(enum.StrEnum):
    NOT_ENROLLED = "not_enrolled"
    ALREADY_ENROLLED = "already_enrolled"
    INVALID_URL = "invalid_url"
    INVALID_FINGERPRINT = "invalid_fingerprint"
    FINGERPRINT_MISMATCH = "fingerprint_mismatch"
    FINGERPRINT_REQUIRED = "fingerprint_required"
    BUNDLE_INVALID = "bundle_invalid"
    NO_NETWORK = "no_network"
    DNS_FAILED = "dns_failed"
    CONNECTION_REFUSED = "connection_refused"
    TIMEOUT = "timeout"
    CONNECTION_LOST = "connection_lost"
    TLS_PIN_MISMATCH = "tls_pin_mismatch"
    TLS_ERROR = "tls_error"
    CLOCK_SKEW = "clock_skew"
    DEVICE_REVOKED = "device_revoked"
    DEVICE_UNKNOWN = "device_unknown"
    AUTH_INVALID = "auth_invalid"
    REFUSED = "refused"
    SERVER_ERROR = "server_error"
    DISK_FULL = "disk_full"
    BAD_RESPONSE = "bad_response"
    KEY_SET_INVALID = "key_set_invalid"
    RECEIPT_INVALID = "receipt_invalid"
    EXPORT_INVALID = "export_invalid"


#: (English, Indonesian, hint in English) per reason; the UI picks the language.
MESSAGES: dict[SyncReason, tuple[str, str, str]] = {
    SyncReason.NOT_ENROLLED: (
        "This laptop is not enrolled with a data center yet.",
        "Laptop ini belum didaftarkan ke data center.",
        "Run: fieldkit sync enroll URL CODE --ca-fingerprint F",
    ),
    SyncReason.ALREADY_ENROLLED: (
        "This laptop is already enrolled with a data center.",
        "Laptop ini sudah terdaftar di data center.",
        "Ask the data-center operator before moving a laptop to another data center.",
    ),
    SyncReason.INVALID_URL: (
        "The data center's address must start with https://.",
        "Alamat data center harus diawali https://.",
        "Copy the address exactly as the operator gave it.",
    ),
    SyncReason.INVALID_FINGERPRINT: (
        "The CA fingerprint must be 64 hexadecimal characters.",
        "Sidik jari CA harus 64 karakter heksadesimal.",
        "Copy the fingerprint printed by 'fieldkit-datacenter serve'.",
    ),
    SyncReason.FINGERPRINT_MISMATCH: (
        "The data center's certificate does not match the fingerprint you were given.",
        "Sertifikat data center tidak cocok dengan sidik jari yang diberikan.",
        (
            "Nothing was sent and the code is still valid. Check the address and each group "
            "of the fingerprint with the operator (or use the enrollment bundle), then try "
            "again with the same code. If they are right, do not enroll on this network: tell "
            "the operator."
        ),
    ),
    SyncReason.FINGERPRINT_REQUIRED: (
        "The data center's CA fingerprint is required to enroll.",
        "Sidik jari CA data center wajib diisi untuk mendaftar.",
        (
            "Use the enrollment bundle from 'fieldkit-datacenter codes new --bundle-out FILE' "
            "(fieldkit sync enroll --bundle FILE), or type the fingerprint that "
            "'fieldkit-datacenter serve' prints as 'CA fingerprint (SHA-256)'."
        ),
    ),
    SyncReason.BUNDLE_INVALID: (
        "The file is not a readable enrollment bundle.",
        "Berkas ini bukan bundel pendaftaran yang dapat dibaca.",
        "Choose the .json or .png file written by 'fieldkit-datacenter codes new --bundle-out'.",
    ),
    SyncReason.NO_NETWORK: (
        "No network connection: the data center's network cannot be reached.",
        "Tidak ada koneksi jaringan: jaringan data center tidak terjangkau.",
        "Connect the laptop to the office network or Wi-Fi, then try again.",
    ),
    SyncReason.DNS_FAILED: (
        "The data center's name could not be looked up (DNS).",
        "Nama server data center tidak dapat ditemukan (DNS).",
        "Check the address, or use the server's IP address.",
    ),
    SyncReason.CONNECTION_REFUSED: (
        "The data center's computer answered, but the sync service is not running.",
        "Komputer data center terjangkau, tetapi layanan sinkronisasi tidak berjalan.",
        "Ask the operator to start 'fieldkit-datacenter serve', then try again.",
    ),
    SyncReason.TIMEOUT: (
        "The data center did not answer in time.",
        "Data center tidak menjawab tepat waktu.",
        "The network may be slow or the server busy; try again later.",
    ),
    SyncReason.CONNECTION_LOST: (
        "The connection to the data center broke off during the transfer.",
        "Koneksi ke data center terputus saat pengiriman.",
        "Nothing was lost; try again and only the unfinished records are sent.",
    ),
    SyncReason.TLS_PIN_MISMATCH: (
        "The server's certificate is not from the data center this laptop enrolled with.",
        "Sertifikat server bukan dari data center tempat laptop ini terdaftar.",
        "Do not sync over this network; tell the operator (possible impostor server).",
    ),
    SyncReason.TLS_ERROR: (
        "A secure connection to the data center could not be set up.",
        "Koneksi aman ke data center tidak dapat dibuat.",
        "Check the address and port with the operator.",
    ),
    SyncReason.CLOCK_SKEW: (
        "The laptop's clock is wrong.",
        "Jam laptop salah.",
        "Set the laptop's date and time.",
    ),
    SyncReason.DEVICE_REVOKED: (
        "The data center has revoked this laptop's enrollment.",
        "Pendaftaran laptop ini telah dicabut oleh data center.",
        "Contact the data-center operator; records stay sealed on the laptop.",
    ),
    SyncReason.DEVICE_UNKNOWN: (
        "The data center does not know this laptop.",
        "Data center tidak mengenal laptop ini.",
        "Enroll the laptop again with a new code from the operator.",
    ),
    SyncReason.AUTH_INVALID: (
        "The data center did not accept this laptop's signature.",
        "Data center tidak menerima tanda tangan laptop ini.",
        "Enroll the laptop again if its key was replaced.",
    ),
    SyncReason.REFUSED: (
        "The data center refused the request.",
        "Data center menolak permintaan.",
        "See the data center's reason.",
    ),
    SyncReason.SERVER_ERROR: (
        "The data center hit an internal error.",
        "Terjadi kesalahan internal di data center.",
        "Try again later; tell the operator if it persists.",
    ),
    SyncReason.DISK_FULL: (
        "The data center's disk is full.",
        "Penyimpanan data center penuh.",
        "Tell the operator; nothing was lost on the laptop.",
    ),
    SyncReason.BAD_RESPONSE: (
        "The data center sent an answer this laptop does not understand.",
        "Data center mengirim jawaban yang tidak dipahami laptop ini.",
        "Check that laptop and data center run compatible FieldKit versions.",
    ),
    SyncReason.KEY_SET_INVALID: (
        "The data center's key list is not signed by its pinned CA.",
        "Daftar kunci data center tidak ditandatangani oleh CA yang dipercaya.",
        "Do not sync; tell the operator.",
    ),
    SyncReason.RECEIPT_INVALID: (
        "A receipt from the data center did not verify; the record was kept.",
        "Tanda terima dari data center tidak valid; data tetap disimpan.",
        "Tell the operator; the record will be sent again.",
    ),
    SyncReason.EXPORT_INVALID: (
        "The export folder is incomplete or damaged.",
        "Folder ekspor tidak lengkap atau rusak.",
        "Export again, or check the USB drive.",
    ),
}


class SyncError(KnownError):
    """A sync step failed for a reason outside FieldKit; carries English and Indonesian text."""

    code = "sync_error"

    def __init__(
        self,
        reason: SyncReason,
        message: str | None = None,
        *,
        hint: str | None = None,
        server_reason: str | None = None,
        status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        english, indonesian, default_hint = MESSAGES[reason]
        super().__init__(code=f"sync_{reason.value}")
        # This table is reworked into the catalogue on its own (issue 26, "sync" context).
        self._english = message or english
        self._hint = hint or default_hint
        self.reason = reason
        self.message_id = indonesian if message is None else f"{indonesian} ({message})"
        self.server_reason = server_reason
        self.status = status
        self.details = details or {}

    @property
    def message(self) -> str:
        return self._english

    @property
    def hint(self) -> str | None:
        return self._hint

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "reason": self.reason.value,
            "message": self.message,
            "message_id": self.message_id,
            "hint": self.hint,
        }
        if self.server_reason:
            data["server_reason"] = self.server_reason
        if self.status is not None:
            data["status"] = self.status
        if self.details:
            data["details"] = self.details
        return data
