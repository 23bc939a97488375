"""What can go wrong in the field; ``ui.error_catalogue`` words each code for the officer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit.errors import InvalidInput, KnownError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fieldkit.nik import Finding


class UnknownEnrollment(InvalidInput):
    code = "unknown_enrollment"


class UnknownVisit(InvalidInput):
    code = "unknown_visit"


class UnknownTarget(InvalidInput):
    code = "unknown_target"


class InvalidNik(InvalidInput):
    """The number's ``findings`` travel with it, so the UI words each one in its language.

    ``problems`` is their English (the catalogue's fallback) for logs and the CLI;
    ``findings`` their codes, for logs and tests.
    """

    code = "invalid_nik"

    def __init__(self, findings: Sequence[Finding] = (), *, code: str | None = None) -> None:
        super().__init__(
            code=code,
            params={
                "problems": "; ".join(f.message for f in findings),
                "findings": ",".join(f.code for f in findings),
            },
        )
        self.findings = tuple(findings)


class InvalidKk(InvalidNik):
    code = "invalid_kk"


class ConsentRequired(InvalidInput):
    code = "consent_required"


class ProofRequired(InvalidInput):
    code = "proof_required"


class StepNotAllowed(InvalidInput):
    code = "step_not_allowed"


class NotReadyToFinish(InvalidInput):
    """Finishing needs every step done or excepted; ``missing`` lists what is left.

    ``missing`` holds codes (``consent`` or a slot's name, :meth:`Progress.missing`), so
    the param is codes joined, never step names in English.
    """

    code = "not_ready_to_finish"

    def __init__(self, missing: list[str]) -> None:
        super().__init__(params={"missing": ", ".join(missing)})
        self.missing = missing


class VisitClosed(InvalidInput):
    code = "visit_closed"


class VisitHasOpenTargets(InvalidInput):
    """A visit closes only when every target has an outcome; ``target_ids`` are the rest."""

    code = "visit_has_open_targets"

    def __init__(self, target_ids: list[str], visit_id: str) -> None:
        super().__init__(params={"count": len(target_ids), "visit": visit_id[:8]})
        self.target_ids = target_ids


class EnrollmentFrozen(KnownError):
    """New enrollments are blocked until the laptop syncs (drafts may still be finished)."""

    code = "enrollment_frozen"
