"""One error type for everything the data center refuses, so HTTP mapping lives in one place."""

from __future__ import annotations

from typing import Any

from fieldkit.errors import KnownError
from sync.protocol import Reason


class DataCenterError(KnownError):
    """A refusal with an HTTP status, a machine reason and a message for the operator."""

    def __init__(
        self,
        status: int,
        reason: Reason,
        message: str,
        *,
        hint: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.reason = reason
        self.code = str(reason)
        self.details = details


def disk_full(cause: str) -> DataCenterError:
    return DataCenterError(
        507,
        Reason.DISK_FULL,
    )
