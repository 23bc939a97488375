"""Who may do what: every role group in one place, and the questions a screen asks.

The core refuses an action with ``require_role(ws.officer, *GROUP)`` where the
action is; a screen asks the same group through a ``may_*`` function to hide or
grey what the officer cannot use.  So a rule changes here once, and no widget or
module keeps its own copy of a role list (issue 26).  Each group is named for
what it allows; its order is the order a refusal names the roles in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit.officers import Role

if TYPE_CHECKING:
    from fieldkit.officers import OfficerInfo

#: Work in the field: open a visit, enroll people, record outcomes and drafts.
RECORDERS = (Role.PETUGAS, Role.KETUA_TIM, Role.ADMIN, Role.OPERATOR)
#: Plan requests, visits, targets and revisits: the office (Bidang Dafduk) and the admin.
PLANNERS = (Role.OPERATOR, Role.ADMIN)
#: Approve or return a record waiting for review, and sign the equipment list.
TEAM_LEADS = (Role.KETUA_TIM,)
#: Countersign a forced capture or an exception on the spot (``enrollment.cosign``), with
#: their staff card and PIN, so the record need not wait for the review.
COSIGNERS = (Role.KETUA_TIM,)
#: See the review screen (Tinjauan): the ketua tim, who decides, and the office.  The same
#: roles read what it shows wherever it is read: the flagged records with their proof
#: photos, the day's overview and the revisit list (``fieldkit review list``, ``revisit list``).
REVIEW_READERS = (Role.KETUA_TIM, Role.OPERATOR, Role.ADMIN)
#: Contact the family of someone on the revisit list.
CONTACTERS = (Role.OPERATOR, Role.ADMIN, Role.KETUA_TIM)
#: Hand printed cards over, and record who received them.
CARD_HANDLERS = (Role.OPERATOR, Role.ADMIN, Role.KETUA_TIM)
#: Make the reports and letters (berita acara, serah terima, referrals).
REPORTERS = (Role.OPERATOR, Role.ADMIN, Role.KETUA_TIM)
#: Mark a referral to social services as sent or answered.
REFERRAL_MARKERS = (Role.KETUA_TIM, Role.OPERATOR, Role.ADMIN)
#: Hand over a card the office recorded no UID for, after checking the name and NIK on it
#: (issue 56.1): the team lead decides, and it is audited.
UNRECORDED_CARD_ACCEPTERS = (Role.KETUA_TIM,)
#: Record that the goods keeper took the equipment back.
EQUIPMENT_RECEIVERS = (Role.KETUA_TIM, Role.OPERATOR, Role.ADMIN)
#: Go out on a team's surat tugas (its ketua must be one of ``TEAM_LEADS``).
TEAM_MEMBERS = (Role.PETUGAS, Role.KETUA_TIM)
#: Put a record refused by mistake back in the queue to send (``fieldkit sync requeue``): the
#: office decides it, never a team in the field.
REQUEUERS = (Role.OPERATOR, Role.ADMIN)
#: Enroll this laptop with a data center, or enroll it again after a revocation: it sets the
#: pinned CA and the receipt key, and may replace the device key (issue 24: "key changes").
#: The office's work, with the code the data center's operator gave it.
ENROLLERS = (Role.OPERATOR, Role.ADMIN)
#: Manage officers, quality and freeze rules, the letterhead and the numbering.
ADMINISTRATORS = (Role.ADMIN,)
#: Read who did what on this laptop (``fieldkit audit list``): the office, which answers for
#: the laptop's history.  Whether the chain is intact (``audit verify``, the home screen)
#: is every officer's to see: it names no one.
AUDIT_READERS = (Role.OPERATOR, Role.ADMIN)


def may_review(officer: OfficerInfo) -> bool:
    """Whether the review screen is offered to ``officer``."""
    return officer.role in REVIEW_READERS


def may_decide_review(officer: OfficerInfo) -> bool:
    """Whether ``officer`` approves or returns records (``review.queue``)."""
    return officer.role in TEAM_LEADS


def may_accept_unrecorded_card(officer: OfficerInfo) -> bool:
    """Whether ``officer`` is asked to accept a card the office never recorded."""
    return officer.role in UNRECORDED_CARD_ACCEPTERS


def may_plan(officer: OfficerInfo) -> bool:
    return officer.role in PLANNERS


def may_contact(officer: OfficerInfo) -> bool:
    return officer.role in CONTACTERS


def may_sign_equipment(officer: OfficerInfo) -> bool:
    return officer.role in TEAM_LEADS


def may_receive_equipment(officer: OfficerInfo) -> bool:
    return officer.role in EQUIPMENT_RECEIVERS


def may_hand_over_cards(officer: OfficerInfo) -> bool:
    """Printed cards are handed over by the office or the team's lead, never a petugas alone."""
    return officer.role in CARD_HANDLERS


def may_enroll_laptop(officer: OfficerInfo) -> bool:
    """Whether ``officer`` may enroll this laptop with a data center (``sync.client.enroll``)."""
    return officer.role in ENROLLERS


def may_requeue(officer: OfficerInfo) -> bool:
    """Whether ``officer`` may put a refused record back in the queue (``delivery.requeue``)."""
    return officer.role in REQUEUERS


def may_administer(officer: OfficerInfo) -> bool:
    return officer.role in ADMINISTRATORS


def may_lead_team(officer: OfficerInfo) -> bool:
    """Whether ``officer`` can be named the ketua of a team (``schedule``)."""
    return officer.role in TEAM_LEADS


def may_join_team(officer: OfficerInfo) -> bool:
    return officer.role in TEAM_MEMBERS
