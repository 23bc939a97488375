"""The office's enrollment rules: quality thresholds, attempts and the sync freeze limits.

One place to read and change them, so the settings screen, ``fieldkit enrollment
rules`` and the tests agree.  Only an admin changes them, and every change is audited
with the value before and after: a lowered threshold is what an inspector asks about
when the data center's deduplication rejects a batch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit import audit
from fieldkit.enrollment import freeze
from fieldkit.events import RulesChanged
from fieldkit.officers import require_role
from fieldkit.permissions import ADMINISTRATORS
from fieldkit.quality.policy import QualityPolicy, load_policy, store_policy
from fieldkit.quality.result import QualityModality

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EnrollmentRules:
    policy: QualityPolicy
    freeze_days: int
    freeze_max_waiting: int

    def as_json(self) -> dict[str, object]:
        return self.policy.as_json() | {
            "freeze_days": self.freeze_days,
            "freeze_max_waiting": self.freeze_max_waiting,
        }

    def flat(self) -> dict[str, float | int]:
        """One number per rule, keyed as the audit event names them."""
        numbers: dict[str, float | int] = {
            f"threshold.{m.value}": self.policy.threshold(m) for m in QualityModality
        }
        return numbers | {
            "max_attempts": self.policy.max_attempts,
            "freeze_days": self.freeze_days,
            "freeze_max_waiting": self.freeze_max_waiting,
        }


def _read(session: Session) -> EnrollmentRules:
    days, waiting = freeze.limits(session)
    return EnrollmentRules(load_policy(session), days, waiting)


def current_rules(ws: Workspace) -> EnrollmentRules:
    with ws.transaction() as session:
        return _read(session)


def change_rules(
    ws: Workspace,
    *,
    thresholds: Mapping[QualityModality, float] | None = None,
    max_attempts: int | None = None,
    freeze_days: int | None = None,
    freeze_max_waiting: int | None = None,
) -> EnrollmentRules:
    """Change any of the rules (admin only); nothing is stored if one value is invalid."""
    require_role(ws.officer, *ADMINISTRATORS)
    with ws.transaction() as session:
        before = _read(session).flat()
        store_policy(session, thresholds=thresholds, max_attempts=max_attempts)
        freeze.set_limits(session, days=freeze_days, max_waiting=freeze_max_waiting)
        rules = _read(session)
        after = rules.flat()
        changed = {
            key: f"{before[key]:g} -> {after[key]:g}" for key in after if before[key] != after[key]
        }
        if changed:
            audit.append(session, ws.officer.username, "settings.rules_changed", None, changed)
    if changed:
        log.info("enrollment rules changed: %s", ", ".join(sorted(changed)))
        ws.events.emit(RulesChanged(tuple(sorted(changed))))
    return rules
