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


def test_before_the_first_commit_every_file_is_new(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A college's first commit, as its pre-commit hook sees it: no HEAD yet.
    git(college_dir, "init", "-q")
    plan = college_dir / "plans" / "2024-work.yaml"
    plan.write_text(plan.read_text().replace("owner: amartin", "owner: amartn"))
    git(college_dir, "add", "-A")
    (college_dir / "members" / "cpetit.yaml").write_text("first_name: [\n")  # not even staged
    assert changed_files(college_dir) == {path.resolve() for path in college_dir.rglob("*") if path.is_file()
                                          and ".git" not in path.relative_to(college_dir).parts}
    monkeypatch.chdir(college_dir.parent)
    exit_code, output = run_cli("lint", "--records", "records", "--changed")
    assert exit_code == 1
    assert "2024-work.yaml" in output and "cpetit.yaml" in output
    with pytest.raises(GitError):
        changed_files(college_dir, "main")  # another reference than HEAD must exist


def test_outside_git_is_a_usage_error(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(GitError):
        changed_files(college_dir, "no-such-ref")
    monkeypatch.chdir(college_dir.parent)
    exit_code, output = run_cli("lint", "--records", "records", "--changed", "--base", "no-such-ref")
    assert exit_code == 2
    assert "git ne peut pas dire ce qui a changé" in output


def test_records_in_a_subfolder_report_an_untracked_new_file(college_dir: Path) -> None:
    """The layout the README recommends: records/ inside the college's
    repository. git ls-files gave the new file relative to records/, and it
    was joined to the top of the repository: never reported."""
    top = college_dir.parent
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "records")
    new = college_dir / "members" / "cpetit.yaml"
    new.write_text("first_name: [\n")
    assert changed_files(college_dir) == {new.resolve()}
    assert codes_and_files(college_dir, changed_files(college_dir)) == [("yaml-syntax", "cpetit.yaml")]


def test_a_changed_member_rechecks_only_the_meetings_that_cite_them(repository: Path) -> None:
    # cpetit is listed at the October session only; the March session has an
    # old mistake, committed, that has nothing to do with cpetit.
    (repository / "members" / "cpetit.yaml").write_text(
        "first_name: Claire\nlast_name: Petit\nprofession: nurse\nstatus: contract\nsite: '13'\n"
        "memberships:\n  - start: 2024-09-01\n",
        encoding="utf-8",
    )
    october = repository / "meetings" / "2024-10-08-pleniere.md"
    october.write_text(october.read_text().replace("  amartin: present\n", "  amartin: present\n  cpetit: present\n"))
    march = repository / "meetings" / "2024-03-12-pleniere.md"
    march.write_text(march.read_text().replace("  amartin: present\n", "  amartin: excused\n"))
    git(repository, "add", "-A")
    git(repository, "commit", "-qm", "cpetit, and a speaker noted excused")
    assert ("speaker-absent", "2024-03-12-pleniere.md") in codes_and_files(repository, {march})

    member = repository / "members" / "cpetit.yaml"
    member.write_text(member.read_text().replace("start: 2024-09-01", "start: 2024-11-01"))
    # Every meeting used to be re-checked: the March mistake came back.
    assert codes_and_files(repository, changed_files(repository)) == [("attendance-not-a-member", "2024-10-08-pleniere.md")]


def test_every_check_declares_what_it_reads() -> None:
    from collegekit.checks import all_checks
    from collegekit.records import RECORD_KINDS

    kinds = {"college"} | {kind.folder for kind in RECORD_KINDS}
    assert [check.code for check in all_checks() if not check.reads or not check.reads <= kinds] == []


# One change of one record each; what a full lint gains must be in --changed's report.
CHANGES = [
    ("members/bdupont.yaml", "  - start: 2023-01-01\n", "  - start: 2024-07-01\n"),
    ("members/amartin.yaml", "  - start: 2020-01-01\n", "  - start: 2024-04-01\n"),
    ("meetings/2024-10-08-pleniere.md", "status: held", "status: planned"),
    ("meetings/2024-03-12-pleniere.md", "  amartin: present\n", "  amartin: absent\n"),
    ("fiches/amartin.yaml", "share: 60", "share: 50"),
    ("plans/2024-work.yaml", "owner: amartin", "owner: bdupont"),
]


@pytest.mark.parametrize(("name", "old", "new"), CHANGES, ids=[change[0] for change in CHANGES])
def test_changed_reports_every_finding_a_change_brings(repository: Path, name: str, old: str, new: str) -> None:
    def everything() -> set[tuple[str, str, str]]:
        return {(d.code, d.location.path.name, d.message) for d in lint_records(repository, TODAY).diagnostics}

    before = everything()
    path = repository / name
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    brought = everything() - before
    reported = {(d.code, d.location.path.name, d.message) for d in lint_records(repository, TODAY, changed={path}).diagnostics}
    assert brought <= reported


def test_every_finding_is_about_records_its_check_reads(tmp_path: Path) -> None:
    """--changed skips a check that reads none of the kinds of record changed
    (checks.run_checks): exact only if no check finds anything, or rests a
    finding, on a kind of record it does not declare. Checked on the example
    college and on every case of tests/cases."""
    import shutil

    from collegekit.checks import CheckContext, all_checks
    from collegekit.records import load
    from tests.conftest import BASE_RECORDS, EXAMPLE_RECORDS
    from tests.test_cases import CASE_NAMES, apply_case

    colleges = [EXAMPLE_RECORDS]
    for case in CASE_NAMES:
        root = tmp_path / case / "records"
        shutil.copytree(BASE_RECORDS, root)
        apply_case(case, root)
        colleges.append(root)
    undeclared = set()
    findings = 0
    for root in colleges:
        college = load(root, cache=False).college
        if college is None:
            continue
        context = CheckContext(college, TODAY)
        for check in all_checks():
            for finding in check.function(context):
                findings += 1
                kinds = {finding.folder or "college"} | {key.split("/", 1)[0] for key in finding.rests_on}
                undeclared |= {(check.code, kind) for kind in kinds - check.reads}
    assert findings > 50, "the cases find something"
    assert undeclared == set()
