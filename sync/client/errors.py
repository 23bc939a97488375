"""Why a sync failed, as a reason an officer can act on; its words are in the catalogue.

"No internet connection" is only ever said when the network really is
unreachable: a refused connection, a DNS failure, a certificate that does not
match the pinned CA, a wrong clock or a revoked laptop each get their own
reason, because each has a different fix.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from fieldkit import sentences
from fieldkit.errors import KnownError

if TYPE_CHECKING:
    from collections.abc import Mapping


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


#: The catalogue's context of every sync reason's sentence (``ui/sync_catalogue.py``): the
#: code is the reason's value, its hint ``<reason>.hint``, and a command-line hint that
#: differs from the window's ``<reason>.cli_hint``.
SYNC_CONTEXT = "sync"


class SyncError(KnownError):
    """A sync step failed for a reason outside FieldKit; carries the reason, never a sentence.

    ``message`` and ``hint`` are the catalogue's English (for logs and the CLI); the
    window words the reason itself (``ui.sync_catalogue``).  What a raise adds is a
    code and params: ``detail`` (sentence ``detail.<code>``, and its own hint
    ``detail.<code>.hint`` when it has one), ``hint`` (sentence ``hint.<code>``, in
    place of the reason's).  ``server_message`` and ``server_hint`` are the data
    center's own words, passed on as it gave them.
    """

    code = "sync_error"
    context = SYNC_CONTEXT

    def __init__(
        self,
        reason: SyncReason,
        detail: str | None = None,
        *,
        params: Mapping[str, object] | None = None,
        hint: str | None = None,
        server_message: str | None = None,
        server_hint: str | None = None,
        server_reason: str | None = None,
        status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(code=f"sync_{reason.value}", params=params)
        self.reason = reason
        #: The code of what the raise adds to the reason (``detail.<code>`` in the catalogue).
        self.detail = detail
        #: The code of a hint in place of the reason's own (``hint.<code>``).
        self.hint_code = hint
        self.server_message = server_message
        self.server_hint = server_hint
        self.server_reason = server_reason
        self.status = status
        self.details = details or {}

    @property
    def message(self) -> str:
        """The detail's sentence or the server's words when given, else the reason's sentence."""
        if self.detail:
            return sentences.english(SYNC_CONTEXT, f"detail.{self.detail}", self.params)
        return self.server_message or sentences.english(SYNC_CONTEXT, self.reason.value)

    @property
    def hint(self) -> str | None:
        """The command line's hint: the raise's or server's own, else the reason's."""
        if self.hint_code:
            return sentences.english(SYNC_CONTEXT, f"hint.{self.hint_code}", self.params)
        if self.server_hint:
            return self.server_hint
        if self.detail:
            own = sentences.english_if_any(SYNC_CONTEXT, f"detail.{self.detail}.hint", self.params)
            if own:
                return own
        reason = self.reason.value
        return sentences.english_if_any(
            SYNC_CONTEXT, f"{reason}.cli_hint"
        ) or sentences.english_if_any(SYNC_CONTEXT, f"{reason}.hint")

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "reason": self.reason.value,
            "message": self.message,
            "hint": self.hint,
        }
        if self.detail:
            data["detail"] = self.detail
        if self.server_reason:
            data["server_reason"] = self.server_reason
        if self.status is not None:
            data["status"] = self.status
        if self.details:
            data["details"] = self.details
        return data
