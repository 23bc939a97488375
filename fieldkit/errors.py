"""One error tree for the whole core.

Environment errors (``KnownError``) are things a user can act on: a wrong
password, a full disk, a newer database.  They carry a reason and a message
written for a person.  Anything else that escapes is a bug and gets a crash
report instead.  qutebrowser's ``misc/sql.py`` makes the same split.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from fieldkit import (
    errors_sentences,  # noqa: F401 - registers the shared error sentences
    sentences,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path


class FieldKitError(Exception):
    """Root of every error FieldKit raises on purpose."""


class KnownError(FieldKitError):
    """An environment problem the user can understand and fix.

    An error carries a stable ``code`` and the ``params`` its sentence names, never
    the sentence itself: each code's sentence is written once, beside the code that
    raises it (a ``sentences`` module, :mod:`fieldkit.sentences`), translated by Qt for
    the screens, and ``message`` is its English, for logs and the CLI.
    What a person sees in the app is ``ui.messages.explain(error)``.
    """

    #: Stable short code for logs, ``--json`` output, tests and the UI's catalogue.
    code = "error"
    #: The catalogue's context the code is looked up in.
    context = "errors"

    def __init__(
        self, *, code: str | None = None, params: Mapping[str, object] | None = None
    ) -> None:
        if code is not None:
            self.code = code
        #: The values the translated sentence names, as text.  A value the UI words
        #: itself is a code in ``<name>_code`` beside its English (``ui.messages.fill``).
        self.params: dict[str, str] = {k: str(v) for k, v in (params or {}).items()}
        super().__init__(self.code)

    @property
    def message(self) -> str:
        """The catalogue's English sentence for ``code``, for logs and the CLI."""
        return sentences.english(self.context, self.code, self.params)

    @property
    def hint(self) -> str | None:
        """What to do next, when the catalogue has a ``<code>.hint`` sentence."""
        return sentences.english_if_any(self.context, f"{self.code}.hint", self.params)

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "hint": self.hint}


class BugError(FieldKitError):
    """An invariant broke; this is FieldKit's fault, not the user's."""


# --- input ---------------------------------------------------------------


class InvalidInput(KnownError):
    code = "invalid_input"


# --- data directory and store --------------------------------------------


class StoreReason(enum.Enum):
    NOT_INITIALISED = "not_initialised"
    ALREADY_INITIALISED = "already_initialised"
    READ_ONLY = "read_only"
    DISK_FULL = "disk_full"
    TOO_NEW = "too_new"
    CORRUPTED = "corrupted"
    KEYRING_DAMAGED = "keyring_damaged"
    IO_ERROR = "io_error"
    BUSY = "busy"


class StoreError(KnownError):
    code = "store_error"

    def __init__(
        self,
        reason: StoreReason,
        *,
        path: Path | None = None,
        backups: tuple[Path, ...] = (),
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        values = {**({"path": path} if path else {}), **(params or {})}
        # ``code`` tells apart two situations of one reason that need different action.
        super().__init__(code=code or f"store_{reason.value}", params=values)
        self.reason = reason
        self.path = path
        self.backups = backups


# --- officers and login --------------------------------------------------


class AuthReason(enum.Enum):
    UNKNOWN_OFFICER = "unknown_officer"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a reason code, not a secret
    LOCKED_OUT = "locked_out"
    DISABLED = "disabled"
    FORBIDDEN = "forbidden"
    NO_PASSWORD = "no_password"  # noqa: S105 - a reason code
    CARD_NOT_BOUND = "card_not_bound"
    CARD_OF_ANOTHER_OFFICER = "card_of_another_officer"


class AuthError(KnownError):
    code = "auth_error"

    def __init__(
        self,
        reason: AuthReason,
        *,
        retry_after_seconds: int | None = None,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        # ``code`` tells apart two situations of one reason that need different words.
        super().__init__(code=code or f"auth_{reason.value}", params=params)
        self.reason = reason
        self.retry_after_seconds = retry_after_seconds
