"""Every read of the laptop's command line that shows people's or review data, for every role.

``fieldkit review list`` let a petugas read the day's flagged records, names and all,
which the review screen (Tinjauan) shows only to its readers.  The check now lives in
the core function the screen and the command share, and this table says, command by
command, who may read what; the real ``fieldkit`` command is run as each role.

=============================  ====================================  ======================
command                        what it shows                         who may read it
=============================  ====================================  ======================
``review list --all``          flagged records: names, NIK, flags    ``REVIEW_READERS``
``revisit list --all``         people to visit again, and why        ``REVIEW_READERS``
``referral list``              people marked for Dinsos: NIK, KK,    ``REPORTERS``, as its
                               address, disability                   export
``referral list --candidates`` who is vulnerable, not yet marked     ``REFERRAL_MARKERS``
``handover list --all``        printed cards: names and villages     ``CARD_HANDLERS``, as
                                                                     the handover screen
``audit list``                 who did what, to which record         ``AUDIT_READERS``
``targets list --visit V``     the visit's people (NIK masked)       everyone: the team
                                                                     records them
``records list``               sealed records: ids, hashes, states   everyone: no person
=============================  ====================================  ======================

Not in the table, because they show nobody's personal data: ``visit list/show``,
``request list`` (the letter's sender), ``letters list``, ``officer list`` (the
staff, as the surat tugas prints them), ``sarpras show``, ``enrollment status``,
``records verify``, ``sync status``, and the settings (``report office``,
``letters pattern``, ``enrollment rules``).  The reports that write people's data
to a file (``report ba-*``, ``referral export``) were already checked
(``REPORTERS``).  A refusal is exit 1 with the catalogue's ``auth_forbidden``
sentence naming the role and the roles it needs, and nothing on stdout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fieldkit import permissions, referral
from fieldkit.accounts import Accounts
from fieldkit.officers import Role
from fieldkit.review import queue, revisits
from fieldkit.store.keyring import TEST_KDF
from tests.fieldkit.handover.handover_support import mark_printed
from tests.fieldkit.reports.report_support import RecordedVisit, recorded_visit
from tests.support import cli, init_workspace

ROLES = [Role.PETUGAS, Role.KETUA_TIM, Role.OPERATOR, Role.ADMIN]
PASSWORD = "kata-sandi-uji-baca"
EVERYONE = tuple(ROLES)


@dataclass(frozen=True)
class Store:
    home: Path
    visit: RecordedVisit
    referred: str  # the target marked for Dinsos
    candidate: str  # a vulnerable one not yet marked

    def env(self, role: Role) -> dict[str, str]:
        return {
            "FIELDKIT_HOME": str(self.home),
            "FIELDKIT_OFFICER": f"uji-{role.value.replace('_', '-')}",
            "FIELDKIT_PASSWORD": PASSWORD,
        }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A recorded visit with something behind every read: a flagged record (two amputated
    fingers), revisits, a referral and a candidate, a printed card, audit events."""
    root = tmp_path_factory.mktemp("reads")
    home = root / "home"
    with init_workspace(home, training=True) as ws:
        for role in ROLES:
            name = f"uji-{role.value.replace('_', '-')}"
            Accounts(ws).add_officer(name, f"Uji {role.value}", role, PASSWORD, kdf=TEST_KDF)
        visit = recorded_visit(ws, root)
        referred, candidate = visit.targets[0], visit.targets[1]
        referral.mark(ws, referred)
        mark_printed(ws, visit.records[0])
        # What the fixture made is there to be read (as the admin who made it).
        assert [i.record_id for i in queue.list_reviews(ws)] == [visit.records[0]]
        assert revisits.list_revisits(ws)
    return Store(home, visit, referred, candidate)


#: What an allowed role's ``--json`` output must hold, given the store.
Shows = Callable[[Any, Store], bool]

#: command -> (its arguments, the roles that may read it, a check of what an allowed role read)
READS: dict[str, tuple[tuple[str, ...], tuple[Role, ...], Shows]] = {
    "review list": (
        ("review", "list", "--all"),
        permissions.REVIEW_READERS,
        lambda data, store: [i["record_id"] for i in data] == [store.visit.records[0]],
    ),
    "revisit list": (
        ("revisit", "list", "--all"),
        permissions.REVIEW_READERS,
        lambda data, store: {r["target_id"] for r in data} >= {store.visit.targets[2]},
    ),
    "referral list": (
        ("referral", "list"),
        permissions.REPORTERS,
        lambda data, store: [r["target_id"] for r in data] == [store.referred],
    ),
    "referral candidates": (
        ("referral", "list", "--candidates"),
        permissions.REFERRAL_MARKERS,
        lambda data, store: data == {"candidates": [store.candidate]},
    ),
    "handover list": (
        ("handover", "list", "--all"),
        permissions.CARD_HANDLERS,
        lambda data, store: [i["record_id"] for i in data] == [store.visit.records[0]],
    ),
    "audit list": (
        ("audit", "list", "--limit", "500"),
        permissions.AUDIT_READERS,
        lambda data, _store: "referral.marked" in {e["action"] for e in data},
    ),
    "targets list": (
        ("targets", "list", "--visit", "VISIT"),
        EVERYONE,
        lambda data, store: [t["id"] for t in data] == store.visit.targets,
    ),
    "records list": (
        ("records", "list"),
        EVERYONE,
        lambda data, store: {r["record_id"] for r in data} == set(store.visit.records),
    ),
}


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
@pytest.mark.parametrize("command", sorted(READS))
def test_every_read_of_people_or_reviews_is_checked_for_every_role(
    store: Store, command: str, role: Role
) -> None:
    arguments, allowed, shows = READS[command]
    arguments = tuple(store.visit.visit_id if a == "VISIT" else a for a in arguments)
    done = cli(*arguments, "--json", env=store.env(role))
    if role in allowed:
        assert done.returncode == 0, done.stderr
        assert shows(json.loads(done.stdout), store), done.stdout
        return
    assert done.returncode == 1, (done.stdout, done.stderr)
    needs = ", ".join(r.value for r in allowed)
    assert f"Your role ({role.value}) may not do this; it needs: {needs}." in done.stderr
    error = json.loads(done.stdout)["error"]  # --json: the refusal only, no data
    assert (error["code"], set(error)) == ("auth_forbidden", {"code", "message", "hint"})
