"""Requests, visits, teams and the team-size rule, on a real store."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError, InvalidInput
from fieldkit.officers import Role
from fieldkit.planning import kinds, requests, schedule
from fieldkit.planning.kinds import Category
from fieldkit.planning.schedule import (
    PlaceType,
    TeamPlan,
    TeamReason,
    TeamReasonCode,
    Terrain,
    suggest_team,
)
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import (
    KECAMATAN,
    KETUA,
    PASSWORD,
    PETUGAS,
    VISIT_DATE,
    add_team,
    plan_visit,
)


def test_weekly_visits_with_their_team(workspace: Workspace) -> None:
    visits = plan_visit(workspace, weeks=3)
    assert [v.visit_date for v in visits] == [
        VISIT_DATE + dt.timedelta(days=7 * n) for n in range(3)
    ]
    first = visits[0]
    assert first.ketua is not None
    assert first.ketua.username == KETUA
    assert [m.username for m in first.team] == [KETUA, PETUGAS]
    assert first.kecamatan_name == "Kedungjati"
    assert first.as_json()["team"][0]["full_name"] == "Budi Santoso"
    listed = schedule.list_visits(workspace, request_ref=first.request_id)
    assert [v.id for v in listed] == [v.id for v in visits]
    assert schedule.get_visit(workspace, first.id[:8]).id == first.id  # a prefix will do
    assert requests.list_requests(workspace)[0].visits == 3
    with workspace.transaction() as session:
        events = (
            session.execute(sa.select(AuditEvent).where(AuditEvent.action == "visit.planned"))
            .scalars()
            .all()
        )
    assert len(events) == 3
    assert all("Budi" not in e.details for e in events)


def test_request_validation(workspace: Workspace) -> None:
    kwargs = {
        "number": "470/1/2026",
        "letter_date": dt.date(2026, 11, 2),
        "requester_type": kinds.RequesterType.RUMAH_SAKIT,
        "requester_name": "RSUD Dr. R. Soedjono Purwodadi",
    }
    with pytest.raises(InvalidInput, match="not in the Kemendagri"):
        requests.create_request(workspace, region_code="99.99.99", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="4 \\(kabupaten"):
        requests.create_request(workspace, region_code="33150", **kwargs)  # type: ignore[arg-type]
    info = requests.create_request(workspace, region_code="3315", **kwargs)  # type: ignore[arg-type]
    assert info.requester_type is kinds.RequesterType.RUMAH_SAKIT
    assert kinds.parse_requester_type("RS") is kinds.RequesterType.RUMAH_SAKIT
    with pytest.raises(InvalidInput, match="Unknown requester type"):
        kinds.parse_requester_type("kantor pos")


def test_the_team_must_be_field_officers_led_by_a_ketua(workspace: Workspace) -> None:
    request_id = plan_visit(workspace)[0].request_id

    def plan(team: TeamPlan) -> None:
        schedule.create_visit(
            workspace,
            request_id,
            visit_date=VISIT_DATE,
            place_type=PlaceType.KANTOR_DESA,
            desa_name="Sumberjo",
            kecamatan_code=KECAMATAN,
            team=team,
        )

    with pytest.raises(InvalidInput, match="not a ketua tim"):
        plan(TeamPlan(PETUGAS, (KETUA,)))
    with pytest.raises(InvalidInput, match="not a field officer"):
        plan(TeamPlan(KETUA, ("admin",)))
    with pytest.raises(InvalidInput, match="No active officer"):
        plan(TeamPlan(KETUA, ("nobody",)))
    with pytest.raises(InvalidInput, match="at least one petugas"):
        plan(TeamPlan(KETUA, ()))
    with pytest.raises(InvalidInput, match="not in kecamatan"):
        schedule.create_visit(
            workspace,
            request_id,
            visit_date=VISIT_DATE,
            place_type=PlaceType.KANTOR_DESA,
            desa_name="Sumberjo",
            desa_code="3315022001",
            kecamatan_code=KECAMATAN,
            team=TeamPlan(KETUA, (PETUGAS,)),
        )


def test_reassigning_a_team_and_who_may_plan(workspace: Workspace) -> None:
    visit = plan_visit(workspace)[0]
    Accounts(workspace).add_officer("petugas2", "Petugas Dua", Role.PETUGAS, PASSWORD, kdf=TEST_KDF)
    updated = schedule.assign_team(workspace, visit.id, TeamPlan(KETUA, (PETUGAS, "petugas2")))
    assert [m.username for m in updated.team] == [KETUA, PETUGAS, "petugas2"]
    with (
        Workspace.login(workspace.directory, PETUGAS, PASSWORD) as field,
        pytest.raises(AuthError) as forbidden,
    ):
        schedule.assign_team(field, visit.id, TeamPlan(KETUA, (PETUGAS,)))
    assert forbidden.value.code == "auth_forbidden"
    assert forbidden.value.params["role"] == "petugas"


# --- the rule ---------------------------------------------------------------------------


def test_the_rule_for_cooperative_people_at_the_village_office() -> None:
    team = suggest_team([()] * 4, Terrain.MUDAH, PlaceType.KANTOR_DESA)
    assert (team.ketua_tim, team.petugas) == (1, 1)
    assert team.minutes == 4 * 30 + 30
    assert team.days == 1


def test_condition_and_terrain_add_time_and_a_second_petugas() -> None:
    targets = [(Category.LANSIA,), (Category.ODGJ,), (Category.LANSIA, Category.TERBARING)]
    team = suggest_team(targets, Terrain.SULIT, PlaceType.RUMAH)
    # 45 + 60 + 45 recording, 3 x 40 travel, 30 coordination
    assert team.minutes == 150 + 120 + 30
    assert team.petugas == 2
    assert TeamReason(TeamReasonCode.ASSISTED, {"n": "2"}) in team.reasons
    assert "2 targets ODGJ" in team.reasons[-1].message  # the CLI's English fallback
    only_hard_road = suggest_team([(Category.LANSIA,)], Terrain.SULIT, PlaceType.RUMAH)
    assert only_hard_road.petugas == 2
    assert only_hard_road.reasons[-1].code is TeamReasonCode.HARD_TERRAIN
    assert json.dumps(team.as_json())


def test_a_long_list_is_split_over_days_not_given_a_bigger_team() -> None:
    team = suggest_team([(Category.LANSIA,)] * 20, Terrain.SEDANG, PlaceType.RUMAH)
    assert team.minutes == 20 * 45 + 20 * 20 + 30
    assert team.days == 4
    assert team.petugas == 1
    split = team.reasons[-1]
    assert split.code is TeamReasonCode.SPLIT
    assert split.params["days"] == "4"
    assert "split the list over 4 visits" in split.message


@pytest.mark.parametrize(
    ("code", "levels"),
    [
        ("33.15.01.2005", ("331501", "3315012005")),
        ("3315012005", ("331501", "3315012005")),
        ("33.15.01", ("331501", None)),
        ("3315", (None, None)),
        ("33.1x", (None, None)),
    ],
)
def test_a_request_s_region_code_gives_the_visit_s_kecamatan_and_desa(
    code: str, levels: tuple[str | None, str | None]
) -> None:
    assert kinds.region_levels(code) == levels


def test_a_visit_outside_the_days_fieldkit_takes_is_refused(workspace: Workspace) -> None:
    """Issue 57.2: the laptop's plan takes the one range of days, the series' last day too."""
    add_team(workspace)
    request = requests.create_request(
        workspace,
        number="470/124/409.20.1.2/2026",
        letter_date=dt.date(2026, 11, 2),
        requester_type=kinds.RequesterType.DESA,
        requester_name="Pemerintah Desa Sumberjo",
        region_code="33.15.01.2005",
    )

    def plan(day: dt.date, **series: int) -> None:
        schedule.create_visit(
            workspace,
            request.id,
            visit_date=day,
            place_type=kinds.PlaceType.RUMAH,
            desa_name="Sumberjo",
            kecamatan_code=KECAMATAN,
            team=schedule.TeamPlan(KETUA, (PETUGAS,)),
            **series,
        )

    for day, series in (
        (dt.date(9999, 12, 31), {}),
        (dt.date(2101, 1, 1), {}),
        (VISIT_DATE, {"weeks": 2, "cadence_days": 10**7}),
    ):
        with pytest.raises(InvalidInput) as refused:
            plan(day, **series)
        assert refused.value.code == "date_out_of_range", (day, series)
    assert schedule.list_visits(workspace, request_ref=request.id) == []
