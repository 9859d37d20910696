"""The lint command's options: formats for CI, strictness, selection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

TODAY = ("--today", "2024-12-20")


@pytest.fixture
def one_warning(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    plan = college_dir / "plans" / "2024-work.yaml"
    plan.write_text(plan.read_text().replace("deadline: 2024-12-31", "deadline: 2024-06-30"))
    monkeypatch.chdir(college_dir.parent)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for variable in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        monkeypatch.delenv(variable, raising=False)
    return college_dir


def test_warnings_fail_only_when_strict(one_warning: Path) -> None:
    assert run_cli("lint", *TODAY)[0] == 0
    assert run_cli("lint", "--strict", *TODAY)[0] == 1


def test_ignore_and_select_take_codes_and_groups(one_warning: Path) -> None:
    assert "overdue-action" not in run_cli("lint", "--ignore", "overdue-action", *TODAY)[1]
    assert "overdue-action" not in run_cli("lint", "--ignore", "plans", *TODAY)[1]
    assert "overdue-action" not in run_cli("lint", "--select", "attendance,meetings", *TODAY)[1]
    assert "overdue-action" in run_cli("lint", "--select", "plans", *TODAY)[1]
    exit_code, output = run_cli("lint", "--select", "plan", *TODAY)
    assert exit_code == 2 and "code ou groupe inconnu : plan" in output


def test_college_can_switch_a_check_off(one_warning: Path) -> None:
    college = one_warning / "college.yaml"
    college.write_text(college.read_text() + "rules:\n  disabled_checks: [overdue-action]\n")
    assert "overdue-action" not in run_cli("lint", *TODAY)[1]


def test_github_annotations(one_warning: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exit_code, output = run_cli("lint", "--format", "github", *TODAY)
    assert exit_code == 0
    assert output.startswith("::warning file=records/plans/2024-work.yaml,line=14,col=19,title=collegekit overdue-action::")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    output = run_cli("lint", *TODAY)[1]
    assert "avertissement[overdue-action]" in output and "::warning file=" in output


def test_gitlab_and_sarif_reports(one_warning: Path) -> None:
    [issue] = json.loads(run_cli("lint", "--format", "gitlab", *TODAY)[1])
    assert issue["check_name"] == "overdue-action" and issue["location"]["lines"]["begin"] == 14
    sarif = json.loads(run_cli("lint", "--format", "sarif", *TODAY)[1])
    [rule] = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "overdue-action" and "échéance" in rule["shortDescription"]["text"]


def test_the_records_folder_can_be_given_as_an_argument(one_warning: Path) -> None:
    assert run_cli("lint", "records", *TODAY)[0] == 0
    exit_code, output = run_cli("lint", "records", "--records", "autre", *TODAY)
    assert exit_code == 2 and "deux dossiers différents" in output
