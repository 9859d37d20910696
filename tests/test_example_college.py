"""The example college in records/ is what a new user sees first: it must
load without a single diagnostic and hold what the README promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from collegekit.models.meeting import MeetingKind
from collegekit.models.member import Profession, Role
from collegekit.models.plan import PlanKind
from collegekit.records import College, load
from tests.conftest import EXAMPLE_RECORDS, run_cli


@pytest.fixture(scope="module")
def example() -> College:
    result = load(EXAMPLE_RECORDS)
    assert [f"{d.location.display()}: {d.message}" for d in result.diagnostics] == []
    assert result.college is not None
    return result.college


# The example is dated: checked on the day it describes, it lints clean, and
# its compliance report, which judges each duty as lint does, has nothing
# missing or late for its plans.
EXAMPLE_TODAY = "2026-11-25"


def test_example_college_lints_clean_as_its_compliance_report_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE_RECORDS.parent)
    exit_code, output = run_cli("lint", "--today", EXAMPLE_TODAY)
    assert (exit_code, output) == (0, "Aucun problème dans 95 fichiers.\n")
    exit_code, output = run_cli("compliance", "--year", "2026", "--since", "2025", "--format", "json", "--today", EXAMPLE_TODAY)
    import json

    missing = sorted(
        (year["year"], obligation["key"])
        for year in json.loads(output)["years"]
        for obligation in year["obligations"]
        if obligation["state"] in ("missing", "late") and obligation["key"].startswith("plan-")
    )
    assert missing == []


def test_members_of_every_site_and_profession(example: College) -> None:
    members = example.members.values()
    assert 38 <= len(example.members) <= 45
    assert {m.site for m in members} == {"head-office", *example.settings.departement_codes}
    assert {m.profession for m in members} == set(Profession) - {Profession.OTHER}
    roles = Counter(period.role for m in members for period in m.memberships)
    assert roles[Role.PRESIDENT] >= 1 and roles[Role.BUREAU] >= 3 and roles[Role.INVITED] >= 3
    assert sum(1 for m in members if all(p.end is not None for p in m.memberships)) >= 2, "former members"


def test_two_full_years_of_meetings(example: College) -> None:
    plenaries = Counter(m.date.year for m in example.meetings.values() if m.kind is MeetingKind.PLENARY)
    bureau = Counter(m.date.year for m in example.meetings.values() if m.kind is MeetingKind.BUREAU)
    for year in (2025, 2026):
        assert plenaries[year] >= example.settings.rules.min_plenary_meetings_per_year
        assert bureau[year] >= 2


def test_every_reference_names_an_existing_member(example: College) -> None:
    for meeting_id, meeting in example.meetings.items():
        referenced = set(meeting.invited) | set(meeting.attendance) | {a.owner for a in meeting.actions}
        assert referenced <= set(example.members), meeting_id
    for plan_id, plan in example.plans.items():
        for action in plan.actions:
            assert {action.owner, *action.contributors} - {None} <= set(example.members), plan_id
            assert set(action.meetings) <= set(example.meetings), plan_id


def test_a_fiche_for_every_physician_and_pharmacist(example: College) -> None:
    staff = {
        member_id
        for member_id, member in example.members.items()
        if member.profession in example.settings.rules.fiche_professions
        # Invited members now work elsewhere: their fiche is not the agency's.
        and max(member.memberships, key=lambda period: period.start).role is not Role.INVITED
    }
    assert set(example.fiches) == staff
    for fiche in example.fiches.values():
        assert fiche.total_share == pytest.approx(100)


def test_plans_of_both_years(example: College) -> None:
    for year in (2025, 2026):
        for kind in (PlanKind.WORK, PlanKind.TRAINING, PlanKind.RULES):
            assert example.plan(year, kind) is not None, (year, kind)


def test_summary_shows_the_college(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(EXAMPLE_RECORDS))
    exit_code, output = run_cli("summary")
    assert exit_code == 0
    assert "Bouches-du-Rhône" in output and "Séances par année" in output
