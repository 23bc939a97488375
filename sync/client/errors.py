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


#: The context of every sync reason's sentence (``sync/client/sentences.py``): the
#: code is the reason's value, its hint ``<reason>.hint``, and a command-line hint that
#: differs from the window's ``<reason>.cli_hint``.
SYNC_CONTEXT = "sync"
#: The catalogue code of a data center's refusal reason is ``server.<reason>`` (its values
#: are :class:`sync.protocol.Reason`'s); the same sentence words a record the data center
#: refused for that reason.
SERVER_PREFIX = "server."


def clock_detail(offset: float) -> tuple[str, dict[str, str]]:
    """How far off the laptop's clock is, in the unit a person would set it by.

    ``offset`` is the data center's time minus the laptop's, in seconds.  The detail's
    code names the direction and the unit (``clock_behind.hours``); the catalogue words
    it, the params give the amount and the seconds.
    """
    seconds = abs(offset)
    direction = "clock_behind" if offset > 0 else "clock_ahead"
    params = {"seconds": f"{seconds:.0f}"}
    if seconds >= 86400:  # noqa: PLR2004 - a day
        return f"{direction}.days", {**params, "amount": f"{seconds / 86400:.1f}"}
    if seconds >= 3600:  # noqa: PLR2004 - an hour
        return f"{direction}.hours", {**params, "amount": f"{seconds / 3600:.1f}"}
    return f"{direction}.seconds", params


class SyncError(KnownError):
    """A sync step failed for a reason outside FieldKit; carries the reason, never a sentence.

    ``message`` and ``hint`` are the catalogue's English (for logs and the CLI); the
    window words the reason itself (``ui.sync_catalogue``).  What a raise adds is a
    code and params: ``detail`` (sentence ``detail.<code>``, and its own hint
    ``detail.<code>.hint`` when it has one), ``hint`` (sentence ``hint.<code>``, in
    place of the reason's).  The data
    center's reason for a refusal (``server_reason``) is worded by the catalogue
    (``server.<reason>``, params from ``details``); the data center's own English is
    only logged, never shown.
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
        self.server_reason = server_reason
        self.status = status
        self.details = details or {}

    @property
    def server_code(self) -> str | None:
        """The catalogue code of the data center's reason for a refusal, when it is worded there.

        Only a REFUSED error carries one: the other reasons a data center gives have a
        SyncReason of their own.  A reason this laptop does not know (a newer data center)
        has none, and the generic refusal names the reason's code instead.
        """
        if self.reason is not SyncReason.REFUSED or not self.server_reason:
            return None
        code = f"{SERVER_PREFIX}{self.server_reason}"
        return code if sentences.template(SYNC_CONTEXT, code) is not None else None

    @property
    def message(self) -> str:
        """The detail's sentence, the data center's reason's, else the reason's own."""
        if self.detail:
            return sentences.english(SYNC_CONTEXT, f"detail.{self.detail}", self.params)
        if self.server_code:
            return sentences.english(SYNC_CONTEXT, self.server_code, self.details)
        own = sentences.english(SYNC_CONTEXT, self.reason.value)
        if self.reason is SyncReason.REFUSED and self.server_reason:
            return f"{own} ({self.server_reason})"
        return own

    @property
    def hint(self) -> str | None:
        """The command line's hint: the raise's own, the server reason's, else the reason's."""
        if self.hint_code:
            return sentences.english(SYNC_CONTEXT, f"hint.{self.hint_code}", self.params)
        if self.server_code:
            return sentences.english_if_any(
                SYNC_CONTEXT, f"{self.server_code}.hint", self.details
            ) or sentences.english(SYNC_CONTEXT, f"{SERVER_PREFIX}hint")
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
