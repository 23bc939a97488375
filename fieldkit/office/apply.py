"""Apply a checked office package: one store transaction, then the keyring step.

docs/sync-protocol.md §14.2: whole or nothing.  Officers are merged by user name
(the office's name, role, NIP and rank win; a local password and card stay); an
officer the office adds waits for a first login (:mod:`fieldkit.office.newcomers`).
Two limits stand above the office's list (issue 46): an officer this laptop made itself
is this laptop's (the package never changes its role, disables it or gives it a
first-login code, which would reset its password), and the package never leaves the
laptop without an active admin.  An entry that would do either is not applied, on its
own: the rest of the package is, and the refused entry is audited here and reported to
the office in the next health reports (:func:`officer_conflicts`), never dropped silently.
Rules go to the settings the features read and to ``office_rules`` (the floor a
laptop admin may not loosen).  The plan's rows are upserted by id and marked
``created_by = "kantor"``.  The recorded list is replaced wholesale.  After the
transaction :func:`reconcile_keyring` disables the slots of disabled officers and
rotates the store key; it is repeatable, and login runs it too.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import audit, office_sent, promise, regions
from fieldkit.accounts import disable_slots
from fieldkit.enrollment import autocapture_rule, consent_words, cosign, freeze
from fieldkit.enrollment.models import Enrollment, TargetOutcome
from fieldkit.errors import KnownError
from fieldkit.events import (
    HandoverChanged,
    OfficersChanged,
    RequestsChanged,
    RulesChanged,
    TargetsChanged,
    VisitsChanged,
)
from fieldkit.handover.models import (
    PRINTED_CARDS_KEY,
    CardDelivery,
    CardDeliveryCard,
    OfficePrintedCard,
)
from fieldkit.office import sentences
from fieldkit.office_sent import (
    FirstLoginCode,
    OfficeRegion,
    OfficeRule,
    RecordedList,
    RecordedPerson,
)
from fieldkit.officers import Role
from fieldkit.planning.models import PlanRequest, Target, Visit, VisitOfficer
from fieldkit.planning.schedule import VisitStatus
from fieldkit.quality.policy import ATTEMPTS_KEY, THRESHOLD_KEY
from fieldkit.records.models import SealedRecordRow
from fieldkit.reports import PROFILE_KEY, letter_numbers
from fieldkit.reports.agenda import PATTERN_KEY
from fieldkit.reports.models import LetterNumber
from fieldkit.safejson import canonical_json
from fieldkit.sentences import english
from fieldkit.store import keyring
from fieldkit.store.models import AuditEvent, Officer, Setting

if TYPE_CHECKING:
    from collections.abc import Iterable

    from fieldkit.office.package import (
        OfficePackage,
        PackageOfficer,
        PackageRules,
        PackageVisit,
    )
    from fieldkit.workspace import Workspace

IDLE_KEY = "idle_timeout_minutes"


class OfficePackageRefused(KnownError):
    """The package is older than the applied one, or for another office."""


@dataclass(frozen=True)
class Change:
    """One thing a package changed: a code of the ``office`` context and its params."""

    code: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return english(sentences.CONTEXT, self.code, self.params)


#: Why a package's entry for an officer was not applied (``OfficerConflict.reason``).
CONFLICT_LAPTOP_OWN = "laptop_own"  # the officer is this laptop's own: role, state, password
CONFLICT_LAST_ADMIN = "last_admin"  # the laptop would be left without an active admin
#: At most this many conflicts are kept and reported (a health report is bounded).
MAX_CONFLICTS = 32


@dataclass(frozen=True)
class OfficerConflict:
    """A package's entry for an officer, not applied: the officer's user name and why."""

    username: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"username": self.username, "reason": self.reason}


@dataclass(frozen=True)
class ApplySummary:
    version: int
    changes: tuple[Change, ...] = ()
    applied: bool = True  # False: the same package again, nothing done
    #: The officers' entries this package carried that were not applied (issue 46).
    conflicts: tuple[OfficerConflict, ...] = ()

    @property
    def message(self) -> str:
        """``From the office: 2 new officers, face threshold 61`` (English, for logs/CLI)."""
        parts = [c.message for c in self.changes] or [english(sentences.CONTEXT, "nothing_new", {})]
        return english(sentences.CONTEXT, "summary", {"changes": ", ".join(parts)})

    def as_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "applied": self.applied,
            "changes": [{"code": c.code, "params": c.params} for c in self.changes],
            "conflicts": [c.as_json() for c in self.conflicts],
            "message": self.message,
        }


def applied_version(ws: Workspace) -> tuple[int, dt.datetime | None]:
    with ws.transaction() as session:
        return _applied(session)


def _applied(session: sa.orm.Session) -> tuple[int, dt.datetime | None]:
    version = session.get(Setting, office_sent.VERSION_KEY)
    issued = session.get(Setting, office_sent.ISSUED_AT_KEY)
    return (
        int(version.value) if version else 0,
        dt.datetime.fromisoformat(issued.value) if issued else None,
    )


def apply_package(ws: Workspace, package: OfficePackage) -> ApplySummary:
    """Apply ``package`` whole or not at all; then the keyring step (see module doc)."""
    if package.office_code != ws.keyring.office_code:
        raise OfficePackageRefused(
            code="office_package_other_office",
            params={"office": package.office_code, "ours": ws.keyring.office_code},
        )
    with ws.transaction() as session:
        version, issued = _applied(session)
        if (package.version, package.issued_at) == (version, issued):
            return ApplySummary(package.version, applied=False)
        if package.version < version or (
            package.version == version and issued is not None and package.issued_at < issued
        ):
            raise OfficePackageRefused(
                code="office_package_older",
                params={"version": package.version, "applied": version},
            )
        changes: list[Change] = []
        conflicts = _officers(session, package, changes)
        changed_rules = _rules(session, package.rules, package.version, changes)
        session.execute(sa.delete(OfficeRegion))  # the office's names, replaced wholesale
        session.add_all(OfficeRegion(code=c, name=n) for c, n in package.regions)
        if package.regions:
            changes.append(Change("regions", {"n": str(len(package.regions))}))
        visit_ids = _plan(session, package, changes)
        _recorded(session, package, changes)
        _release(session, package, changes)
        _holidays(session, package, changes)
        _deliveries(session, package, changes)
        _printed_cards(session, package, changes)
        session.merge(Setting(key=office_sent.VERSION_KEY, value=str(package.version)))
        session.merge(Setting(key=office_sent.ISSUED_AT_KEY, value=package.issued_at.isoformat()))
        session.flush()
        audit.append(
            session,
            ws.officer.username,
            "office.package_applied",
            None,
            _audit_details(package.version, changes),
        )
        region_names = office_sent.office_regions_in(session)
    regions.set_office_regions(region_names)
    reconcile_keyring(ws)
    if package.rules and package.rules.idle_lock_minutes is not None:
        ws.idle.timeout = dt.timedelta(minutes=ws.setting_int(IDLE_KEY))
    summary = ApplySummary(package.version, tuple(changes), conflicts=tuple(conflicts))
    ws.events.emit(OfficersChanged())
    if changed_rules:
        ws.events.emit(RulesChanged(tuple(changed_rules)))
    if package.deliveries is not None:
        ws.events.emit(HandoverChanged(None))  # Serah terima shows the deliveries
    if package.plan is not None:
        ws.events.emit(RequestsChanged())
        ws.events.emit(VisitsChanged())
        for visit_id in sorted(visit_ids):
            ws.events.emit(TargetsChanged(visit_id=visit_id))
    return summary


def _audit_details(version: int, changes: list[Change]) -> dict[str, str | int]:
    """The version and the counts (``officers_added: 2``); the rules changed, by code."""
    details: dict[str, str | int] = {"version": version}
    for change in changes:
        if "n" in change.params:
            details[change.code] = int(change.params["n"])
    rules = sorted({c.code for c in changes if "n" not in c.params})
    if rules:
        details["rules"] = ",".join(rules)
    return details


def reconcile_keyring(ws: Workspace) -> list[str]:
    """Bring the keyring in line with the officer rows (repeatable; login runs it too).

    Disabled officers' slots are disabled and the store key rotated; officers waiting
    for a first login are marked in the keyring, so their login says so.  Returns who
    was disabled now.
    """
    with ws.transaction() as session:
        rows = session.execute(sa.select(Officer)).scalars().all()
        disabled = [r.username for r in rows if not r.active and not r.pending]
        pending = {r.username for r in rows if r.pending}
        names = office_sent.office_regions_in(session)
    regions.set_office_regions(names)
    with keyring.exclusive(ws.directory):
        ws.reload_keyring()
        # An officer the office enabled again still has the slot its disable destroyed (no
        # key material left in it): it goes, so the first login can make a new one.
        emptied = [
            slot.slot_id
            for u in pending
            if (slot := ws.keyring.slot_for(u)) is not None and slot.disabled
        ]
        for slot_id in emptied:
            del ws.keyring.slots[slot_id]
        wanted = {ws.keyring.slot_id(u) for u in pending if ws.keyring.slot_for(u) is None}
        if emptied or wanted != ws.keyring.pending:
            ws.keyring.pending = wanted
            keyring.save(ws.directory, ws.keyring)
    return disable_slots(ws, disabled, actor=office_sent.OFFICE_ACTOR)


# --- the parts, inside the one transaction ----------------------------------------


def _officers(
    session: sa.orm.Session, package: OfficePackage, changes: list[Change]
) -> list[OfficerConflict]:
    """Merge the package's officers; the entries it may not apply are returned, not applied."""
    now = dt.datetime.now(dt.UTC)
    counts: Counter[str] = Counter()
    rows = {r.username: r for r in session.execute(sa.select(Officer)).scalars()}
    own = _made_here(session, rows.values())
    admins = {u for u, r in rows.items() if r.active and r.role == Role.ADMIN.value}
    conflicts: list[OfficerConflict] = []
    for officer in package.officers:
        row = rows.get(officer.username)
        reason = None if row is None else _conflict(session, row, officer, own, admins)
        if row is not None and reason is not None:
            conflicts.append(OfficerConflict(row.username, reason))
            audit.append(
                session,
                office_sent.OFFICE_ACTOR,
                "office.officer_refused",
                row.username,
                {"reason": reason, "role": officer.role.value, "disabled": officer.disabled},
            )
        elif row is not None and row.username in own:
            # The same officer to both, in the same role: the office's name, NIP and rank
            # (for the letters); the account itself stays this laptop's.
            details = (officer.full_name, officer.nip, officer.rank)
            if (row.full_name, row.nip, row.rank) != details:
                row.full_name, row.nip, row.rank = details
                counts["officers_updated"] += 1
        else:
            if row is not None and (officer.disabled or officer.role is not Role.ADMIN):
                admins.discard(row.username)
            counts.update(_merge_officer(session, row, officer, now))
        session.flush()
    counts["officers_refused"] = len(conflicts)
    changes.extend(
        Change(code, {"n": str(counts[code])})
        for code in (
            "officers_added",
            "officers_updated",
            "officers_enabled",
            "officers_disabled",
            "officers_refused",
            "first_login_withdrawn",
        )
        if counts[code]
    )
    _keep_conflicts(session, conflicts)
    return conflicts


def _merge_officer(
    session: sa.orm.Session, row: Officer | None, officer: PackageOfficer, now: dt.datetime
) -> list[str]:
    """One officer the office manages, as the package says; the counts it changed."""
    counted: list[str] = []
    if row is None:
        row = Officer(
            username=officer.username,
            full_name=officer.full_name,
            role=officer.role.value,
            active=False,
            pending=not officer.disabled,
            created_at=now,
            source=office_sent.SOURCE_OFFICE,
        )
        session.add(row)
        if not officer.disabled:
            counted.append("officers_added")
    elif (row.full_name, row.role, row.nip, row.rank) != (
        officer.full_name,
        officer.role.value,
        officer.nip,
        officer.rank,
    ):
        counted.append("officers_updated")
    row.full_name, row.role = officer.full_name, officer.role.value
    row.nip, row.rank = officer.nip, officer.rank
    row.source = office_sent.SOURCE_OFFICE  # the office manages the account
    if officer.disabled:
        if row.active or row.pending:
            counted.append("officers_disabled")
            audit.append(session, office_sent.OFFICE_ACTOR, "officer.disabled", row.username)
        row.active, row.pending = False, False
        row.disabled_at = row.disabled_at or now
        session.execute(sa.delete(FirstLoginCode).where(FirstLoginCode.username == row.username))
        return counted
    if officer.first_login is None:
        return counted + _withdrawn(session, row)
    if not (row.active or row.pending) and _disabled_by_office(session, row.username):
        # Enabled again at the office: its slot went with the disable, so the officer
        # comes back as a newcomer, with the new code.  One a laptop admin disabled here
        # stays disabled: that was this laptop's decision.
        row.pending, row.disabled_at = True, None
        audit.append(session, office_sent.OFFICE_ACTOR, "officer.enabled", row.username)
        counted.append("officers_enabled")
    if row.pending:
        code = officer.first_login
        session.merge(
            FirstLoginCode(
                username=officer.username,
                salt=base64.b64encode(code.salt).decode(),
                hash=base64.b64encode(code.hash).decode(),
                memory_kib=code.memory_kib,
                iterations=code.iterations,
                lanes=code.lanes,
                expires_at=code.expires_at,
                failures=0,
                locked=False,
            )
        )
    return counted


def _withdrawn(session: sa.orm.Session, row: Officer) -> list[str]:
    """A waiting officer's code the office no longer sends is no longer good here.

    The office drops a code once a laptop reports it used (issue 56.4): a code is good
    for one first login on one laptop, so this laptop refuses it from now on.
    """
    if not row.pending:
        return []
    withdrawn = session.execute(
        sa.delete(FirstLoginCode).where(FirstLoginCode.username == row.username)
    )
    return ["first_login_withdrawn"] if withdrawn.rowcount else []  # type: ignore[attr-defined]


def _made_here(session: sa.orm.Session, rows: Iterable[Officer]) -> set[str]:
    """The officers this laptop made itself: its admin at set-up, and each one added here.

    ``source`` says so, but a merge before issue 46 set it to the office's; the audit
    chain's ``officer.created`` (never written for an officer the office sent) still does.
    """
    created = set(
        session.scalars(
            sa.select(AuditEvent.record_id).where(
                AuditEvent.action == "officer.created",
                AuditEvent.actor != office_sent.OFFICE_ACTOR,
            )
        )
    )
    return {
        r.username for r in rows if r.source == office_sent.SOURCE_LOCAL or r.username in created
    }


def _conflict(
    session: sa.orm.Session,
    row: Officer,
    officer: PackageOfficer,
    own: set[str],
    admins: set[str],
) -> str | None:
    """Why ``officer``'s entry may not be applied to ``row``, or None when it may."""
    if row.username in own:
        if officer.role.value != row.role:
            return CONFLICT_LAPTOP_OWN
        if officer.disabled:
            return CONFLICT_LAPTOP_OWN if (row.active or row.pending) else None
        if officer.first_login is not None and (
            row.pending or (not row.active and _disabled_by_office(session, row.username))
        ):
            return CONFLICT_LAPTOP_OWN  # a code would replace its password
        return None
    takes_admin_away = officer.disabled or officer.role is not Role.ADMIN
    if row.username in admins and takes_admin_away and not admins - {row.username}:
        return CONFLICT_LAST_ADMIN
    return None


def _keep_conflicts(session: sa.orm.Session, conflicts: list[OfficerConflict]) -> None:
    """What the health reports say until the next package: this package's conflicts."""
    row = session.get(Setting, office_sent.OFFICER_CONFLICTS_KEY)
    if not conflicts:
        if row is not None:
            session.delete(row)
        return
    kept = [c.as_json() for c in conflicts[:MAX_CONFLICTS]]
    session.merge(Setting(key=office_sent.OFFICER_CONFLICTS_KEY, value=json.dumps(kept)))


def officer_conflicts(ws: Workspace) -> list[OfficerConflict]:
    """The officers' entries of the applied package that were not applied, and why."""
    with ws.transaction() as session:
        row = session.get(Setting, office_sent.OFFICER_CONFLICTS_KEY)
    if row is None:
        return []
    return [OfficerConflict(str(c["username"]), str(c["reason"])) for c in json.loads(row.value)]


def _disabled_by_office(session: sa.orm.Session, username: str) -> bool:
    """Whether the last disable of ``username`` here came from an office package."""
    last = session.execute(
        sa.select(AuditEvent.actor)
        .where(AuditEvent.action == "officer.disabled", AuditEvent.record_id == username)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    return last == office_sent.OFFICE_ACTOR


def _switches(rules: PackageRules) -> list[tuple[str, object, str, dict[str, str]]]:
    """The rules that are on or off: stored as 1 or 0, so "on" is above "off" as a floor."""
    return [
        (key, int(on), f"{name}_{'on' if on else 'off'}", {})
        for key, name, on in (
            (cosign.RULE_KEY, "cosign_on_spot", rules.cosign_on_spot),
            (autocapture_rule.ON_KEY, "autocapture", rules.autocapture),
        )
        if on is not None
    ]


def _consent_text(
    session: sa.orm.Session, rules: PackageRules | None, version: int, changes: list[Change]
) -> list[str]:
    """The office's consent words: an office rule only, no setting (no laptop sets them).

    ``intake.consent_text`` reads the rule; without one the consent step shows the
    catalogue's default, so taking the words away is a change the summary names too.
    """
    # The value, not the row: a row loaded here would clash with the one added below.
    stored = session.execute(
        sa.select(OfficeRule.value).where(OfficeRule.key == consent_words.RULE_KEY)
    ).scalar_one_or_none()
    before = None if stored is None else json.loads(stored)
    text = rules.consent_text if rules is not None else None
    text = text.strip() if text is not None and text.strip() else None
    session.execute(sa.delete(OfficeRule).where(OfficeRule.key == consent_words.RULE_KEY))
    if text is not None:
        session.add(OfficeRule(key=consent_words.RULE_KEY, value=json.dumps(text), version=version))
    if text == before:
        return []
    changes.append(Change("consent_text" if text is not None else "consent_text_default"))
    return [consent_words.RULE_KEY]


def _rules(
    session: sa.orm.Session, rules: PackageRules | None, version: int, changes: list[Change]
) -> list[str]:
    consent_changed = _consent_text(session, rules, version, changes)
    if rules is None:  # the office sets none (any more): no floor, the settings stay
        session.execute(sa.delete(OfficeRule))
        return consent_changed
    wanted: list[tuple[str, object, str, dict[str, str]]] = []
    for modality, mark in sorted(rules.thresholds.items()):
        wanted.append(
            (
                THRESHOLD_KEY.format(modality.value),
                mark,
                "threshold",
                {"modality": modality.value, "value": f"{mark:g}"},
            )
        )
    for key, value, code in (
        (ATTEMPTS_KEY, rules.max_attempts, "max_attempts"),
        (freeze.DAYS_KEY, rules.freeze_days, "freeze_days"),
        (freeze.WAITING_KEY, rules.freeze_max_waiting, "freeze_max_waiting"),
        (IDLE_KEY, rules.idle_lock_minutes, "idle_lock_minutes"),
        (autocapture_rule.STEADY_KEY, rules.autocapture_steady_s, "autocapture_steady_s"),
        (promise.DAYS_KEY, rules.promise_days, "promise_days"),
    ):
        if value is not None:
            shown = str(value) if isinstance(value, int) else f"{value:g}"
            wanted.append((key, value, code, {"value": shown}))
    wanted += _switches(rules)
    if rules.letterhead is not None:
        wanted.append((PROFILE_KEY, rules.letterhead, "letterhead", {}))
    if rules.number_pattern is not None:
        wanted.append((PATTERN_KEY, rules.number_pattern, "number_pattern", {}))
    session.execute(sa.delete(OfficeRule).where(OfficeRule.key != consent_words.RULE_KEY))
    changed = consent_changed
    for key, rule, code, params in wanted:
        if key == PROFILE_KEY:
            text = json.dumps(rule, sort_keys=True)
        else:
            text = f"{rule:g}" if isinstance(rule, float) else str(rule)
        current = session.get(Setting, key)
        if current is None or current.value != text:
            changes.append(Change(code, params))
            changed.append(key)
        session.merge(Setting(key=key, value=text))
        session.add(OfficeRule(key=key, value=json.dumps(rule, sort_keys=True), version=version))
    session.flush()
    return changed


def _holidays(session: sa.orm.Session, package: OfficePackage, changes: list[Change]) -> None:
    """The office's days off, kept whole for the receipt's promise date (issue 49 §1).

    A package without them (an office that imported none, a data center from before)
    leaves the laptop with the list it ships (``fieldkit.promise.default_calendar``).
    """
    current = session.get(Setting, promise.HOLIDAYS_KEY)
    if package.holidays is None:
        if current is not None:
            session.delete(current)
        return
    text = canonical_json(package.holidays.as_json()).decode()
    if current is None or current.value != text:
        years = ", ".join(str(y.year) for y in package.holidays.years)
        changes.append(Change("holidays", {"years": years}))
    session.merge(Setting(key=promise.HOLIDAYS_KEY, value=text))


def _deliveries(session: sa.orm.Session, package: OfficePackage, changes: list[Change]) -> None:
    """The office's card deliveries for this team (issue 49 §2), replaced whole.

    A package without them (a data center from before deliveries) leaves the ones here,
    as a package without a plan leaves the plan; a list, even an empty one, replaces them.
    """
    if package.deliveries is None:
        return
    before = _delivery_rows(session)
    session.execute(sa.delete(CardDeliveryCard))
    session.execute(sa.delete(CardDelivery))
    session.flush()
    for d in package.deliveries:
        session.add(
            CardDelivery(
                id=d.id,
                number=d.number,
                delivery_date=d.delivery_date,
                desa_code=d.desa_code,
                desa_name=d.desa_name,
                kecamatan_code=d.kecamatan_code,
                team=d.team,
                package_version=package.version,
            )
        )
    session.flush()
    session.add_all(
        CardDeliveryCard(
            delivery_id=d.id, record_id=card.record_id, card_uid=card.card_uid, position=n
        )
        for d in package.deliveries
        for n, card in enumerate(d.cards)
    )
    session.flush()
    if _delivery_rows(session) != before:
        changes.append(Change("deliveries", {"n": str(len(package.deliveries))}))


def _printed_cards(session: sa.orm.Session, package: OfficePackage, changes: list[Change]) -> None:
    """The cards the office printed for this laptop's records (issue 56.1), replaced whole."""
    if package.printed_cards is None:
        return
    before = set(
        session.execute(sa.select(OfficePrintedCard.record_id, OfficePrintedCard.card_uid))
    )
    session.execute(sa.delete(OfficePrintedCard))
    session.flush()
    session.add_all(
        OfficePrintedCard(record_id=card.record_id, card_uid=card.card_uid)
        for card in package.printed_cards
    )
    session.merge(Setting(key=PRINTED_CARDS_KEY, value=str(package.version)))
    session.flush()
    after = {(card.record_id, card.card_uid) for card in package.printed_cards}
    if after != before:
        changes.append(Change("printed_cards", {"n": str(len(after))}))


def _delivery_rows(session: sa.orm.Session) -> set[tuple[object, ...]]:
    """What the deliveries say, to name a change only when the office changed something."""
    deliveries = session.execute(
        sa.select(
            CardDelivery.id,
            CardDelivery.number,
            CardDelivery.delivery_date,
            CardDelivery.desa_code,
            CardDelivery.desa_name,
            CardDelivery.kecamatan_code,
            CardDelivery.team,
        )
    )
    cards = session.execute(
        sa.select(
            CardDeliveryCard.delivery_id,
            CardDeliveryCard.record_id,
            CardDeliveryCard.card_uid,
            CardDeliveryCard.position,
        )
    )
    return {tuple(row) for row in deliveries} | {("card", *row) for row in cards}


def _upsert(session: sa.orm.Session, row: Any, values: dict[str, object]) -> bool:
    """Set ``values`` on ``row`` (new or stored); True when anything is new or different.

    The summary names what changed, not what was sent: the same plan sent again (a newer
    copy of the same revision, which carries a longer "already recorded" list) says nothing.
    """
    fresh = sa.inspect(row).transient
    differs = fresh or any(getattr(row, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    return differs


#: Ids asked for in one ``IN (...)``: well below SQLite's limit on bound parameters.
_IDS_PER_QUERY = 500


def _stored(session: sa.orm.Session, model: Any, ids: list[str]) -> dict[str, Any]:
    """The stored rows of ``model`` among ``ids``, by id, read in a few queries.

    One ``session.get`` per target cost 5,000 round trips for an office's plan: most of
    the apply's time (benchmarks/README.md, "The office package at an office's scale").
    """
    found: dict[str, Any] = {}
    for start in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[start : start + _IDS_PER_QUERY]
        found.update(
            (row.id, row) for row in session.scalars(sa.select(model).where(model.id.in_(chunk)))
        )
    return found


def _plan(session: sa.orm.Session, package: OfficePackage, changes: list[Change]) -> set[str]:
    plan = package.plan
    if plan is None:
        return set()
    now = dt.datetime.now(dt.UTC)
    actor = office_sent.OFFICE_ACTOR
    counts = {"requests": 0, "visits": 0, "targets": 0}
    for r in plan.requests:
        request = session.get(PlanRequest, r.id) or PlanRequest(
            id=r.id, created_by=actor, created_at=now
        )
        counts["requests"] += _upsert(
            session,
            request,
            {
                "number": r.number,
                "letter_date": r.letter_date,
                "requester_type": r.requester_type.value,
                "requester_name": r.requester_name,
                "region_code": r.region_code,
                "subject": r.subject,
            },
        )
    session.flush()
    for v in plan.visits:
        visit = session.get(Visit, v.id) or Visit(
            id=v.id, created_by=actor, created_at=now, status=VisitStatus.PLANNED.value
        )
        changed = _upsert(
            session,
            visit,
            {
                "request_id": v.request_id,
                "visit_date": v.visit_date,
                "start_time": v.start_time,
                "place_type": v.place_type.value,
                "place_name": v.place_name,
                "desa_name": v.desa_name,
                "desa_code": v.desa_code,
                "kecamatan_code": v.kecamatan_code,
                "terrain": v.terrain.value,
            },
        )
        session.flush()
        team = [(name, role.value) for name, role in v.team]
        stored = {
            (m.username, m.team_role)
            for m in session.execute(
                sa.select(VisitOfficer).where(VisitOfficer.visit_id == v.id)
            ).scalars()
        }
        if len(team) != len(stored) or set(team) != stored:
            session.execute(sa.delete(VisitOfficer).where(VisitOfficer.visit_id == v.id))
            session.add_all(
                VisitOfficer(visit_id=v.id, username=name, team_role=role) for name, role in team
            )
            changed = True
        counts["visits"] += changed
    session.flush()
    _duty_letters(session, plan.visits, package.issued_at)
    stored_targets = _stored(session, Target, [t.id for t in plan.targets])
    for t in plan.targets:
        target = stored_targets.get(t.id) or Target(id=t.id, created_at=now, import_id=None)
        counts["targets"] += _upsert(
            session,
            target,
            {
                "visit_id": t.visit_id,
                "nik": t.nik,
                "kk": t.kk,
                "name": t.name,
                "birth_place": t.birth_place,
                "birth_date": t.birth_date,
                "sex": t.sex,
                "address": t.address,
                "rt": t.rt,
                "rw": t.rw,
                "desa": t.desa,
                "kecamatan": t.kecamatan,
                "categories": ",".join(c.value for c in t.categories),
                # The office's list may leave the kind empty, and the team completes it
                # here (issue 59 §2): an empty kind from the office keeps the team's.
                "disability_kind": t.disability_kind or target.disability_kind,
                "note": t.note,
            },
        )
    session.flush()
    changes.extend(Change(code, {"n": str(n)}) for code, n in counts.items() if n)
    called_off = _call_off_dropped(session, {v.id for v in plan.visits})
    if called_off:
        changes.append(Change("visits_cancelled", {"n": str(called_off)}))
    return {v.id for v in plan.visits}


def _duty_letters(
    session: sa.orm.Session, visits: Iterable[PackageVisit], issued_at: dt.datetime
) -> None:
    """The duty letter numbers the office gave its visits, into this laptop's letter register.

    The surat tugas printed here for such a visit then carries the office's number
    (``agenda.issue_number`` finds it), so the letter the team carries is the one in the
    office's agenda.  A number the office takes back is taken out of the register.
    """
    surat_tugas = letter_numbers.LetterType.SURAT_TUGAS.value
    stored = {
        row.ref_id: row
        for row in session.scalars(
            sa.select(LetterNumber).where(
                LetterNumber.letter_type == surat_tugas,
                LetterNumber.issued_by == office_sent.OFFICE_ACTOR,
            )
        )
    }
    for v in visits:
        row = stored.get(v.id)
        if v.duty_letter_number is None:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = LetterNumber(
                id=str(uuid.uuid4()),
                letter_type=surat_tugas,
                seq=None,
                ref_id=v.id,
                issued_by=office_sent.OFFICE_ACTOR,
                issued_at=issued_at,
            )
            session.add(row)
        row.number = v.duty_letter_number
        row.letter_date = issued_at.date()
        row.year = issued_at.year
        # ReportLab comes with the letters: loaded only when a package brings duty letters,
        # not by every login that applies a package (``fieldkit records list`` included).
        from fieldkit.reports import letters  # noqa: PLC0415

        row.subject = letters.letter_subject(
            letter_numbers.LetterType.SURAT_TUGAS, v.desa_name, v.visit_date
        )
    session.flush()


def _call_off_dropped(session: sa.orm.Session, sent: set[str]) -> int:
    """The office's planned visits it no longer sends: cancelled, unless work exists on one.

    A visit with a draft, a sealed record or an outcome is history and is left alone, as
    a planner's cancel leaves it (``enrollment.visits``); the row stays, as a cancel keeps it.
    """
    dropped = session.execute(
        sa.select(Visit).where(
            Visit.created_by == office_sent.OFFICE_ACTOR,
            Visit.status == VisitStatus.PLANNED.value,
            Visit.id.not_in(sent),
        )
    ).scalars()
    called_off = 0
    for visit in dropped:
        worked = any(
            session.scalar(sa.select(sa.func.count()).select_from(table).where(column == visit.id))
            for table, column in (
                (Enrollment, Enrollment.visit_id),
                (TargetOutcome, TargetOutcome.visit_id),
                (SealedRecordRow, SealedRecordRow.visit_id),
            )
        )
        if not worked:
            visit.status = VisitStatus.CANCELLED.value
            audit.append(
                session, office_sent.OFFICE_ACTOR, "visit.cancelled", visit.id, {"reason": "kantor"}
            )
            called_off += 1
    session.flush()
    return called_off


def _recorded(session: sa.orm.Session, package: OfficePackage, changes: list[Change]) -> None:
    """Replace the already-recorded list whole, in the form the package sent it.

    Format 2's packed list is one row (``office_recorded_lists``), written once; format
    1's MACs are a row each (``office_recorded``).  Either replaces the other.
    """
    recorded = package.recorded
    if recorded is None:
        return
    before_rows = {
        (mac, day)
        for mac, day in session.execute(sa.select(RecordedPerson.mac, RecordedPerson.recorded_on))
    }
    before_packed = session.get(RecordedList, office_sent.RECORDED_LIST_ROW)
    old_packed = None if before_packed is None else bytes(before_packed.entries)
    session.execute(sa.delete(RecordedPerson))
    session.execute(sa.delete(RecordedList))
    session.flush()
    if recorded.packed is not None:
        session.add(
            RecordedList(
                id=office_sent.RECORDED_LIST_ROW, count=recorded.count, entries=recorded.packed
            )
        )
        changed = old_packed != recorded.packed or bool(before_rows)
    else:
        if recorded.entries:
            session.execute(
                sa.insert(RecordedPerson),
                [{"mac": mac, "recorded_on": day} for mac, day in recorded.entries],
            )
        changed = set(recorded.entries) != before_rows or old_packed is not None
    session.merge(Setting(key=office_sent.RECORDED_KEY_KEY, value=recorded.key.hex()))
    session.flush()
    if changed:
        changes.append(Change("recorded", {"n": str(recorded.count)}))


def _release(session: sa.orm.Session, package: OfficePackage, changes: list[Change]) -> None:
    release = package.release
    if release is None:
        return
    for key, value in (
        (office_sent.MIN_VERSION_KEY, release.min_version),
        (office_sent.OFFERED_VERSION_KEY, release.offered_version),
    ):
        row = session.get(Setting, key)
        if value is None:
            if row is not None:
                session.delete(row)
            continue
        if key == office_sent.MIN_VERSION_KEY and (row is None or row.value != value):
            changes.append(Change("min_version", {"version": value}))
        session.merge(Setting(key=key, value=value))
