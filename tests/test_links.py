"""Symbolic links, at every level of the tree: nothing collegekit reads or
writes leaves the records, the templates or the output folder through one
(issue #19, item 2). A link that stays inside is followed, and stays a link."""

from __future__ import annotations

import re
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


# --- a property: a link at any level, any command -------------------------------

import os  # noqa: E402
import tempfile  # noqa: E402

from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from collegekit.cli import app  # noqa: E402
from collegekit.diagnostics import CollegekitError  # noqa: E402
from tests.conftest import BASE_RECORDS  # noqa: E402

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
BUILTIN_TEMPLATES = Path(__file__).parent.parent / "templates"
SECRET = "SECRET-DE-LA-MACHINE"
# Every level of the tree a command reads or writes, from the repository.
LEVELS = [
    "records/college.yaml", "records/members", "records/meetings", "records/fiches", "records/plans",
    f"records/meetings/{MEETING}.md", "records/members/bdupont.yaml", "records/fiches/amartin.yaml",
    "records/plans/2024-work.yaml", "templates", "templates/minutes.md.j2", "templates/agenda.md.j2",
    "templates/_macros.md.j2", "templates/reference.docx", "out/comptes-rendus", "out/ordres-du-jour",
    "rapports/participation-graphiques",
]  # fmt: skip
COMMANDS = {
    "lint": ("lint", "--records", "records", "--today", TODAY),
    "attend": ("attend", MEETING, "bdupont", "--status", "excused", "--records", "records"),
    "meeting": ("meeting", MEETING, "--status", "held", "--records", "records"),
    "new-meeting": ("new-meeting", "--date", "2025-03-11", "--records", "records", "--no-input"),
    "render md": ("render", "all", "--records", "records", "--out", "out"),
    "render docx": ("render", "minutes", MEETING, "--records", "records", "--out", "out", "--format", "docx"),
    "attendance-report md": ("attendance-report", "--year", "2024", "--today", TODAY, "--records", "records",
                             "--format", "md", "--charts", "--out", "rapports/participation.md"),
    "compliance": ("compliance", "--year", "2024", "--today", TODAY, "--records", "records", "--format", "md"),
}  # fmt: skip


def _plant_secret(path: Path) -> None:
    """Put SECRET where a command that reads `path` would print or render it."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for file in files:
        if file.suffix == ".docx":
            continue
        text = file.read_text(encoding="utf-8")
        if file.suffix == ".j2":
            file.write_text(SECRET + "\n" + text, encoding="utf-8")
        else:
            planted = re.sub(r"(?m)^(title|first_name|name|theme): .*$", lambda m: f"{m[1]}: {SECRET}", text, count=1)
            file.write_text(planted if planted != text else text + f"\n{SECRET}\n", encoding="utf-8")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    level=st.sampled_from(LEVELS),
    target=st.sampled_from(["outside", "dangling", "loop"]),
    command=st.sampled_from(sorted(COMMANDS)),
)
def test_a_link_at_any_level_neither_reads_nor_writes_outside(level: str, target: str, command: str) -> None:
    event(f"{target} link")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder).resolve()
        repository, outside = base / "depot", base / "ailleurs"
        outside.mkdir()
        shutil.copytree(BASE_RECORDS, repository / "records")
        if level.startswith("templates"):
            shutil.copytree(BUILTIN_TEMPLATES, repository / "templates", ignore=shutil.ignore_patterns("*.py"))
        link = repository / level
        link.parent.mkdir(parents=True, exist_ok=True)
        if target == "outside":
            if link.exists():
                shutil.move(link, outside / link.name)
            else:
                (outside / link.name).mkdir()
            _plant_secret(outside / link.name)
            link.symlink_to(outside / link.name, target_is_directory=(outside / link.name).is_dir())
        else:
            if link.is_dir():
                shutil.rmtree(link)
            elif link.exists():
                link.unlink()
            link.symlink_to(base / "nulle-part" if target == "dangling" else link)
        before = snapshot(outside)
        with contextlib_chdir(repository):
            result = CliRunner().invoke(app, list(COMMANDS[command]))
        # A CollegekitError or an OSError is the command's French message:
        # main() prints it (see test_new_records_are_never_written_through_a_folder_leading_out).
        assert result.exception is None or isinstance(result.exception, SystemExit | CollegekitError | OSError), (
            result.output,
            result.exception,
        )
        assert "Traceback" not in result.output
        assert snapshot(outside) == before  # nothing written outside
        shown = result.output + (str(result.exception) if isinstance(result.exception, CollegekitError) else "")
        assert SECRET not in shown  # nothing read from outside into what is shown...
        written = [p for p in repository.rglob("*") if p.is_file() and not p.is_symlink() and "records" not in p.parts]
        for path in written:  # ...or into what is written
            assert SECRET.encode() not in path.read_bytes(), path


def contextlib_chdir(path: Path):  # type: ignore[no-untyped-def]
    import contextlib

    return contextlib.chdir(path)
