"""One case per diagnostic code: a broken record and the exact output of lint.

Each folder of tests/cases/ (but _base) holds files laid over the small valid
college of _base/ (and, in `delete.txt`, base files to remove) and
`expected.txt`, the exact output of `collegekit lint` run from the folder
above records/ as if on TODAY, ending with the exit code. Run with
UPDATE_CASES=1 to rewrite the expected files, then review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from collegekit.checks import all_checks
from collegekit.diagnostics import CATALOGUE
from tests.conftest import CASES, EXAMPLE_RECORDS, run_cli

TODAY = "2024-12-20"

CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))
# Codes whose situation cannot be stored as a file in the repository; each has
# its own test below.
MADE_AT_TEST_TIME = {"file-too-large", "unreadable-file", "outside-records"}


def lint_output(records: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(records.parent)
    exit_code, output = run_cli("lint", "--records", "records", "--today", TODAY)
    return f"{output}[exit {exit_code}]\n"


def apply_case(case: str, college_dir: Path) -> None:
    """The case's records on the base college: its files removed (delete.txt), its own added."""
    deleted = CASES / case / "delete.txt"
    for name in deleted.read_text().split() if deleted.exists() else ():
        (college_dir / name).unlink()
    if (CASES / case / "records").is_dir():
        shutil.copytree(CASES / case / "records", college_dir, dirs_exist_ok=True)


@pytest.mark.parametrize("case", CASE_NAMES)
def test_case_output(case: str, college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    apply_case(case, college_dir)
    output = lint_output(college_dir, monkeypatch)
    expected_file = CASES / case / "expected.txt"
    if os.environ.get("UPDATE_CASES"):
        expected_file.write_text(output, encoding="utf-8")
    assert output == expected_file.read_text(encoding="utf-8")
    assert f"[{case}]" in output, "a case must show the code it is named after"


def test_every_code_has_a_case() -> None:
    codes = set(CATALOGUE) | {c.code for c in all_checks()}
    assert codes - MADE_AT_TEST_TIME == set(CASE_NAMES)


def test_base_college_is_clean(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert lint_output(college_dir, monkeypatch) == "Aucun problème dans 11 fichiers.\n[exit 0]\n"


def test_file_too_large(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (college_dir / "members" / "huge.yaml").write_text("notes: " + "x" * 3_000_000 + "\n")
    assert lint_output(college_dir, monkeypatch) == (
        "records/members/huge.yaml: erreur[file-too-large] le fichier dépasse 2 Mo, bien plus qu'un dossier du collège\n"
        "  → Vérifiez qu'il s'agit bien d'un dossier du collège ; les pièces jointes vont ailleurs.\n"
        "1 erreur dans 12 fichiers.\n[exit 1]\n"
    )


def test_unreadable_file(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = college_dir / "members" / "bdupont.yaml"
    original_read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == target.name:
            raise PermissionError(13, "Permission denied")
        return original_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert lint_output(college_dir, monkeypatch) == (
        "records/members/bdupont.yaml: erreur[unreadable-file] lecture impossible : accès refusé\n"
        "1 erreur dans 11 fichiers.\n[exit 1]\n"
    )


def test_symbolic_links_stay_inside_the_records(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = college_dir.parent / "secret.yaml"
    outside.write_text((college_dir / "members" / "amartin.yaml").read_text())
    (college_dir / "members" / "cpetit.yaml").symlink_to(outside)
    (college_dir / "members" / "ghost.yaml").symlink_to(college_dir / "nowhere.yaml")
    output = lint_output(college_dir, monkeypatch)
    assert output == (
        "records/members/cpetit.yaml: erreur[outside-records] ce lien symbolique mène hors du dossier des dossiers "
        f"({outside.resolve()})\n"
        "  → Un dossier du collège doit se trouver dans le dépôt : copiez le fichier ici au lieu d'un lien.\n"
        "records/members/ghost.yaml: erreur[unreadable-file] ce lien symbolique ne mène à aucun fichier\n"
        "  → Supprimez le lien, ou remplacez-le par le fichier lui-même.\n"
        "2 erreurs dans 13 fichiers.\n[exit 1]\n"
    )


def test_a_follow_up_at_an_unknown_meeting_is_reported_where_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The follow-up's side of unknown-meeting (its case is a plan's action):
    # the example college, where the plenary of 18 March 2025 notes where its
    # actions were followed up.
    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)
    meeting = records / "meetings" / "2025-03-18-pleniere.md"
    text = meeting.read_text("utf-8").replace(
        "2: {status: done, meeting: 2025-06-24-pleniere}", "2: {status: done, meeting: 2025-06-25-pleniere}"
    )
    meeting.write_text(text, encoding="utf-8")
    line = next(number for number, content in enumerate(text.splitlines(), start=1) if "2025-06-25" in content)
    column = text.splitlines()[line - 1].index("2025-06-25") + 1
    monkeypatch.chdir(tmp_path)
    exit_code, output = run_cli("lint", "--records", "records", "--today", "2026-11-25", "--select", "references")
    assert exit_code == 1
    assert output.splitlines()[:2] == [
        f"records/meetings/2025-03-18-pleniere.md:{line}:{column}: erreur[unknown-meeting] la séance "
        "« 2025-06-25-pleniere » n'a pas de fichier dans meetings/",
        "  → Vouliez-vous dire « 2025-06-24-pleniere » ?",
    ]
