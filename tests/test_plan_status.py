"""`collegekit plan status`: a year's plans, action by action, on a small plan
where every figure is known, then on the example college."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from collegekit.french import hours as hours_text
from collegekit.french import percentage as percent_text
from collegekit.models.plan import ActionStatus, PlanKind
from collegekit.plan_status import plan_status, progress_of, report_data
from collegekit.records import College, load
from collegekit.render.context import review_summary
from tests.conftest import BASE_RECORDS, EXAMPLE_RECORDS, run_cli

TODAY = dt.date(2024, 6, 1)

WORK = """\
title: Plan de travail 2024
status: validated
presented_on: 2024-03-12
validated_on: 2024-04-02
axes:
  - title: Veille
    orientations:
      - title: Continuité
        actions:
          - {number: 1, title: Astreintes communes, owner: amartin, deadline: 2024-03-31, status: done, progress: 100}
          - {number: 2, title: Tableau des suppléances, owner: bdupont, deadline: 2024-05-31, status: in-progress, progress: 40}
    actions:
      - {number: 3, title: Outil de signalement, deadline: 2024-04-30, status: planned}
  - title: Formation
    actions:
      - {number: 4, title: Journée régionale, owner: amartin, deadline: 2024-02-01, status: postponed, progress: 10}
      - {number: 5, title: Webinaire, status: abandoned}
      - {number: 6, title: Guide des astreintes, owner: amartin, deadline: 2024-12-31, status: in-progress, progress: 20}
"""

TRAINING = """\
title: Plan de formation 2024
status: validated
presented_on: 2024-03-12
axes:
  - title: Formations
    actions:
      - {number: 1, title: Vaccination, owner: amartin, hours: 6, dpc: true, status: done, progress: 100}
      - {number: 2, title: Inspection, owner: amartin, hours: 3, status: done, progress: 100}
      - {number: 3, title: Crise, owner: bdupont, hours: 4, dpc: true, status: planned, deadline: 2024-11-30}
      - {number: 4, title: Télésanté, owner: bdupont, hours: 10, dpc: true, status: abandoned}
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(BASE_RECORDS, tmp_path / "records")
    records = tmp_path / "records"
    (records / "plans" / "2024-work.yaml").write_text(WORK, encoding="utf-8")
    (records / "plans" / "2024-training.yaml").write_text(TRAINING, encoding="utf-8")
    return records


def college_of(root: Path) -> College:
    result = load(root)
    assert [d.message for d in result.errors] == []
    assert result.college is not None
    return result.college


def test_actions_by_status_and_progress(root: Path) -> None:
    report = plan_status(college_of(root), 2024, TODAY)
    work = report.plans[0]
    assert work.kind is PlanKind.WORK and work.path == "records/plans/2024-work.yaml"
    assert work.overall.total == 6
    assert work.overall.counts == {"done": 1, "in-progress": 2, "planned": 1, "postponed": 1, "abandoned": 1}
    # Each action weighs the same; the abandoned one is left out: (100 + 40 + 0 + 10 + 20) / 5.
    assert work.overall.progress == pytest.approx(34)
    assert [(axis.number, axis.title, axis.progress.total) for axis in work.axes] == [
        (1, "Veille", 3),
        (2, "Formation", 3),
    ]
    assert work.axes[0].progress.progress == pytest.approx(140 / 3)
    assert work.axes[1].progress.progress == pytest.approx(15)


def test_overdue_actions_and_actions_without_an_owner(root: Path) -> None:
    work = plan_status(college_of(root), 2024, TODAY).plans[0]
    # 2 is in progress past its deadline, 3 has not started; 1 is done, 4 postponed, 6 not due yet.
    assert [(a.number, a.owner, a.status) for a in work.overdue] == [
        (2, "bdupont", ActionStatus.IN_PROGRESS),
        (3, None, ActionStatus.PLANNED),
    ]
    assert [a.number for a in work.without_owner] == [3]  # 5 has no owner either, but it is abandoned


def test_carry_over_and_what_next_year_takes_up(root: Path) -> None:
    college = college_of(root)
    work = plan_status(college, 2024, TODAY).plans[0]
    assert [a.number for a in work.carry_over] == [2, 3, 4, 6]
    assert {a.taken_up for a in work.carry_over} == {None} and work.next_plan is None
    (root / "plans" / "2025-work.yaml").write_text(
        textwrap.dedent(
            """\
            title: Plan de travail 2025
            axes:
              - title: Reprises
                actions:
                  - {number: 1, title: "Tableau  des suppléances", owner: bdupont, carried_over_from: 2024}
                  - {number: 2, title: Journée régionale, owner: amartin}
            """
        ),
        encoding="utf-8",
    )
    work = plan_status(college_of(root), 2024, TODAY).plans[0]
    assert work.next_plan == "2025-work"
    # Taken up: carried over from 2024 under the same title; a new action of the same name is not.
    assert [(a.number, a.taken_up) for a in work.carry_over] == [(2, True), (3, False), (4, False), (6, False)]


def test_training_hours(root: Path) -> None:
    training = plan_status(college_of(root), 2024, TODAY).plans[1]
    assert training.kind is PlanKind.TRAINING
    hours = training.hours
    assert hours is not None
    assert (hours.offered, hours.offered_dpc, hours.done, hours.done_dpc) == (13, 10, 9, 6)
    assert plan_status(college_of(root), 2024, TODAY).plans[0].hours is None


def test_a_missing_plan(root: Path) -> None:
    (root / "plans" / "2024-training.yaml").unlink()
    report = plan_status(college_of(root), 2024, TODAY)
    assert [p.kind for p in report.plans] == [PlanKind.WORK]
    assert [(m.kind, m.path) for m in report.missing] == [(PlanKind.TRAINING, "records/plans/2024-training.yaml")]


def test_no_action_counts() -> None:
    assert progress_of([]).progress is None and progress_of([]).total == 0
    assert percent_text(None) == "—" and percent_text(68.5) == "69\u00a0%"
    assert hours_text(1.5) == "1,5\u00a0heure" and hours_text(13) == "13\u00a0heures"


def test_json(root: Path) -> None:
    college = college_of(root)
    data = report_data(college, plan_status(college, 2024, TODAY))
    work, training = data["plans"]
    assert work["overall"] == {
        "total": 6,
        "by_status": {"done": 1, "in-progress": 2, "planned": 1, "postponed": 1, "abandoned": 1},
        "progress": 34,
    }
    assert [a["number"] for a in work["overdue"]] == [2, 3]
    assert training["hours"] == {"offered": 13, "offered_dpc": 10, "done": 9, "done_dpc": 6}
    assert data["missing"] == []


# --- The example college --------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> College:
    result = load(EXAMPLE_RECORDS)
    assert result.college is not None and not result.errors
    return result.college


@pytest.mark.parametrize("year", [2025, 2026])
@pytest.mark.parametrize("kind", [PlanKind.WORK, PlanKind.TRAINING])
def test_example_college_agrees_with_the_rendered_review(example: College, year: int, kind: PlanKind) -> None:
    """The same counts and hours as the review document (collegekit render review)."""
    progress = next(p for p in plan_status(example, year, dt.date(2026, 11, 25)).plans if p.kind is kind)
    summary = review_summary(example, example.plans[f"{year}-{kind.value}"], year, kind)
    assert progress.overall.total == summary.total
    assert {s.status: s.count for s in summary.statuses} == {k: v for k, v in progress.overall.counts.items() if v}
    assert [a.number for a in progress.carry_over] == [a.number for a in summary.carry_over]
    if kind is PlanKind.TRAINING:
        assert progress.hours is not None
        assert progress.hours.done == summary.done_hours and progress.hours.done_dpc == summary.dpc_hours


def test_example_college_2025_work_plan(example: College) -> None:
    report = plan_status(example, 2025, dt.date(2026, 11, 25))
    work = report.plans[0]
    assert work.overall.total == 22
    assert work.overall.counts == {"done": 14, "in-progress": 5, "planned": 0, "postponed": 2, "abandoned": 1}
    # The 2026 plan takes up every unfinished action of 2025.
    assert work.next_plan == "2026-work" and all(a.taken_up for a in work.carry_over)
    # The year is over: every action still in progress is past its deadline.
    assert [a.number for a in work.overdue] == [4, 6, 11, 16, 19]
    assert work.without_owner == ()


# --- The command ------------------------------------------------------------------------


def test_command(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, output = run_cli("plan", "status", "--records", str(root), "--year", "2024", "--today", "2024-06-01")
    assert code == 0, output
    assert "Plan de travail 2024 — validé, présenté le 12/03/2024, validé le 02/04/2024" in output
    assert "Actions en retard (échéance passée)" in output and "prévue (pas commencée)" in output
    assert "Actions sans pilote" in output and "Outil de signalement" in output
    assert "À reprendre en 2025" in output and "collegekit new-plan --year 2025 --kind work" in output
    assert "Heures de formation : 13\u00a0heures proposées, dont 10\u00a0heures" in output
    code, output = run_cli(
        "plan", "status", "--records", str(root), "--year", "2024", "--today", "2024-06-01", "--format", "json"
    )
    assert code == 0 and json.loads(output)["plans"][0]["overall"]["total"] == 6
    code, output = run_cli("plan", "status", "--records", str(root), "--year", "2023", "--today", "2024-06-01")
    assert code == 0 and "Pas de plan de travail annuel 2023" in output
