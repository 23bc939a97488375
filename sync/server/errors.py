"""One error type for everything the data center refuses, so HTTP mapping lives in one place."""

from __future__ import annotations

from typing import Any

from fieldkit.errors import KnownError
from sync.protocol import Reason


class DataCenterError(KnownError):
    """A refusal with an HTTP status and a machine reason; its words are the catalogue's."""

    def __init__(
        self,
        status: int,
        reason: Reason,
        *,
        details: dict[str, Any] | None = None,
        params: dict[str, object] | None = None,
        code: str | None = None,
    ) -> None:
        # ``code`` words a refusal the reason alone says too little about (the operator's).
        super().__init__(code=code or str(reason), params=params)
        self.status = status
        self.reason = reason
        self.details = details


class BlobStoreFull(KnownError):
    """The blob store ran out of space; nothing of the blob was left behind.

    Here, not beside the stores, so every blob store can raise it without
    importing the module that picks between them.
    """

    code = "disk_full"


def disk_full(cause: str) -> DataCenterError:
    return DataCenterError(507, Reason.DISK_FULL, params={"cause": cause})
