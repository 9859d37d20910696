"""Symbolic links, at every level of the tree: nothing collegekit reads or
writes leaves the records, the templates or the output folder through one
(issue #19, item 2). A link that stays inside is followed, and stays a link."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

TODAY = "2024-12-20"
MEETING = "2024-10-08-pleniere"


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the machine, out of the repository."""
    return tmp_path_factory.mktemp("ailleurs")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("kind", ["members", "meetings", "fiches", "plans"])
def test_a_records_folder_leading_out_is_refused(college_dir: Path, outside: Path, kind: str) -> None:
    shutil.move(college_dir / kind, outside / kind)
    (college_dir / kind).symlink_to(outside / kind, target_is_directory=True)
    exit_code, output = run_cli("lint", "--records", str(college_dir), "--today", TODAY)
    assert exit_code == 1
    assert f"records/{kind}: erreur[outside-records] ce lien symbolique mène hors du dossier des dossiers" in output
    assert "copiez le dossier ici au lieu d'un lien" in output


def test_attend_never_writes_through_a_folder_leading_out(college_dir: Path, outside: Path) -> None:
    shutil.move(college_dir / "meetings", outside / "meetings")
    (college_dir / "meetings").symlink_to(outside / "meetings", target_is_directory=True)
    before = snapshot(outside)
    exit_code, output = run_cli("attend", MEETING, "bdupont", "--status", "present", "--records", str(college_dir))
    assert exit_code != 0
    assert "Traceback" not in output
    assert snapshot(outside) == before


def test_new_records_are_never_written_through_a_folder_leading_out(college_dir: Path, outside: Path) -> None:
    shutil.move(college_dir / "meetings", outside / "meetings")
    (college_dir / "meetings").symlink_to(outside / "meetings", target_is_directory=True)
    before = snapshot(outside)
    # The whole command, as the shell runs it: its error reaches the one
    # place that turns errors into messages and exit codes.
    completed = subprocess.run(
        [sys.executable, "-m", "collegekit", "new-meeting", "--date", "2025-03-11", "--records", str(college_dir)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.startswith("collegekit : ")
    assert "mène hors du dossier des dossiers" in completed.stderr
    assert "rien n'a été écrit" in completed.stderr
    assert snapshot(outside) == before


def test_college_file_leading_out_is_refused(college_dir: Path, outside: Path) -> None:
    shutil.move(college_dir / "college.yaml", outside / "college.yaml")
    (college_dir / "college.yaml").symlink_to(outside / "college.yaml")
    exit_code, output = run_cli("lint", "--records", str(college_dir), "--today", TODAY)
    assert exit_code == 1
    assert "records/college.yaml: erreur[outside-records] ce lien symbolique mène hors du dossier des dossiers" in output


def test_a_link_inside_the_records_is_edited_where_it_leads(college_dir: Path) -> None:
    archive = college_dir / "archives"
    archive.mkdir()
    meeting = college_dir / "meetings" / f"{MEETING}.md"
    shutil.move(meeting, archive / meeting.name)
    meeting.symlink_to(Path("..") / "archives" / meeting.name)
    exit_code, output = run_cli("attend", MEETING, "bdupont", "--status", "present", "--records", str(college_dir))
    assert exit_code == 0, output
    assert meeting.is_symlink()
    assert "bdupont: present" in (archive / meeting.name).read_text(encoding="utf-8")


def test_a_template_leading_out_is_not_read(college_dir: Path, outside: Path, tmp_path: Path) -> None:
    secret = outside / "secret.txt"
    secret.write_text("mot de passe : hunter2\n")
    templates = college_dir.parent / "templates"
    templates.mkdir()
    (templates / "minutes.md.j2").symlink_to(secret)
    out = tmp_path / "out"
    exit_code, output = run_cli("render", "minutes", MEETING, "--records", str(college_dir), "--out", str(out))
    assert exit_code == 2
    assert "templates/minutes.md.j2 est un lien symbolique qui mène hors du dossier des modèles" in output
    assert "hunter2" not in output
    assert not out.exists() or snapshot(out) == {}


def test_a_reference_document_leading_out_is_not_read(college_dir: Path, outside: Path, tmp_path: Path) -> None:
    (outside / "reference.docx").write_bytes(b"PK\x03\x04 pas un document")
    templates = college_dir.parent / "templates"
    templates.mkdir()
    (templates / "reference.docx").symlink_to(outside / "reference.docx")
    exit_code, output = run_cli(
        "render", "minutes", MEETING, "--records", str(college_dir), "--out", str(tmp_path / "out"), "--format", "docx"
    )
    assert exit_code == 2
    assert "templates/reference.docx est un lien symbolique qui mène hors du dossier des modèles" in output


def test_a_templates_folder_leading_out_is_refused(college_dir: Path, outside: Path, tmp_path: Path) -> None:
    (outside / "minutes.md.j2").write_text("{{ meeting.title }}\n")
    (college_dir.parent / "templates").symlink_to(outside, target_is_directory=True)
    exit_code, output = run_cli("render", "minutes", MEETING, "--records", str(college_dir), "--out", str(tmp_path / "out"))
    assert exit_code == 2
    assert "templates est un lien symbolique qui mène hors du dépôt" in output


def test_a_charts_folder_that_is_a_link_is_refused(college_dir: Path, outside: Path, tmp_path: Path) -> None:
    report = tmp_path / "rapports" / "participation.md"
    report.parent.mkdir()
    (report.parent / "participation-graphiques").symlink_to(outside, target_is_directory=True)
    exit_code, output = run_cli(
        "attendance-report", "--records", str(college_dir), "--year", "2024", "--today", TODAY,
        "--format", "md", "--out", str(report),
    )
    assert exit_code == 2
    assert "participation-graphiques » est un lien symbolique" in output
    assert snapshot(outside) == {}
    assert not report.exists()
