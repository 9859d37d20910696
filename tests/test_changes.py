"""`lint --changed`: report on the records a git change touches and their dependents."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from collegekit.changes import GitError, changed_files
from collegekit.lint import lint_records
from tests.conftest import run_cli

TODAY = dt.date(2024, 12, 20)


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *arguments],
        cwd=folder,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repository(college_dir: Path) -> Path:
    git(college_dir, "init", "-q")
    git(college_dir, "add", "-A")
    git(college_dir, "commit", "-qm", "records")
    return college_dir


def codes_and_files(root: Path, changed: set[Path]) -> list[tuple[str, str]]:
    result = lint_records(root, TODAY, changed=changed)
    return [(d.code, d.location.path.name) for d in result.diagnostics]


def test_only_changed_files_are_reported(repository: Path) -> None:
    # An old mistake, committed: not part of the change.
    fiche = repository / "fiches" / "amartin.yaml"
    fiche.write_text(fiche.read_text().replace("share: 60", "share: 50"))
    git(repository, "commit", "-qam", "old mistake")
    plan = repository / "plans" / "2024-work.yaml"
    plan.write_text(plan.read_text().replace("owner: amartin", "owner: amartn"))
    changed = changed_files(repository)
    assert changed == {plan.resolve()}
    assert codes_and_files(repository, changed) == [("unknown-member", "2024-work.yaml")]
    assert ("fiche-shares", "amartin.yaml") in codes_and_files(repository, changed | {fiche})


def test_a_changed_member_rechecks_the_meetings(repository: Path) -> None:
    member = repository / "members" / "bdupont.yaml"
    member.write_text(member.read_text().replace("  - start: 2023-01-01\n", "  - start: 2024-07-01\n"))
    found = codes_and_files(repository, changed_files(repository))
    assert ("attendance-not-a-member", "2024-06-18-pleniere.md") in found


def test_new_files_count_as_changed(repository: Path) -> None:
    (repository / "members" / "cpetit.yaml").write_text("first_name: [\n")
    assert codes_and_files(repository, changed_files(repository)) == [("yaml-syntax", "cpetit.yaml")]


def test_a_base_reference_compares_with_it(repository: Path) -> None:
    git(repository, "checkout", "-qb", "change")
    plan = repository / "plans" / "2024-work.yaml"
    plan.write_text(plan.read_text().replace("owner: amartin", "owner: amartn"))
    git(repository, "commit", "-qam", "change")
    assert changed_files(repository) == set()
    assert changed_files(repository, "HEAD~1") == {plan.resolve()}


def test_outside_git_is_a_usage_error(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(GitError):
        changed_files(college_dir, "no-such-ref")
    monkeypatch.chdir(college_dir.parent)
    exit_code, output = run_cli("lint", "--records", "records", "--changed", "--base", "no-such-ref")
    assert exit_code == 2
    assert "git ne peut pas dire ce qui a changé" in output
