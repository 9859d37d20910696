"""Writes where no write belongs: --out naming a record, a device or nothing,
and a git reference that git would take for an option. One check
(files.check_output_file / check_output_folder) serves every command that
writes what the user names; each refusal is a French usage error (exit 2)
with nothing written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collegekit.cli import app
from collegekit.files import OutputPathError, write_atomically
from tests.conftest import BASE_RECORDS
from tests.test_output_paths import changed, invoke, tree, workspace

FILE_WRITERS = {
    "attendance-report json": ("attendance-report", "--year", "2024", "--format", "json"),
    "attendance-report md": ("attendance-report", "--year", "2024", "--format", "md", "--no-charts"),
    "attendance-certificate": ("attendance-certificate", "amartin", "--year", "2024"),
    "compliance json": ("compliance", "--year", "2024", "--format", "json"),
    "coverage csv": ("coverage", "--format", "csv"),
    "plan status": ("plan", "status", "--year", "2024", "--format", "json"),
    "export ics": ("export", "ics"),
    "draft": ("draft", "2024-06-18-pleniere"),
}
FOLDER_WRITERS = {"render all": ("render", "all")}


def today(command: str) -> tuple[str, ...]:
    return () if command in ("export ics", "draft") else ("--today", "2024-11-01")


def copy_of_records(base: Path) -> Path:
    records = base / "records"
    shutil.copytree(BASE_RECORDS, records)
    return records


@pytest.mark.parametrize("command", sorted(FILE_WRITERS))
@pytest.mark.parametrize("target", ["college.yaml", "members/amartin.yaml", "nouveau.json", "members"])
def test_an_output_file_is_never_inside_the_records(command: str, target: str) -> None:
    with workspace() as base:
        records = copy_of_records(base)
        before = tree(base)
        result = invoke(*FILE_WRITERS[command], "--records", "records", *today(command), "--out", f"records/{target}")
        assert result.exit_code == 2, result.output
        assert "est dans le dossier des dossiers" in result.output or "est un dossier" in result.output
        assert changed(before, tree(base)) == set()
        assert records.is_dir()


@pytest.mark.parametrize("command", sorted(FOLDER_WRITERS))
@pytest.mark.parametrize("target", ["records", "records/build", "records/../records/documents"])
def test_an_output_folder_is_never_inside_the_records(command: str, target: str) -> None:
    with workspace() as base:
        copy_of_records(base)
        before = tree(base)
        result = invoke(*FOLDER_WRITERS[command], "--records", "records", "--out", target)
        assert result.exit_code == 2, result.output
        assert "est dans le dossier des dossiers (records)" in result.output
        assert changed(before, tree(base)) == set()


def test_run_from_inside_the_records_the_message_names_the_folder_beside_them() -> None:
    """From records/meetings, the default build/ falls inside the records:
    the suggestion is the folder beside them, as named from there."""
    with workspace() as base:
        copy_of_records(base)
        before = tree(base)
        with contextlib.chdir(base / "records" / "meetings"):
            result = invoke("render", "all")
        assert result.exit_code == 2, result.output
        assert "Choisissez un --out hors de ce dossier, par exemple --out ../../build." in result.output
        assert changed(before, tree(base)) == set()


@pytest.mark.parametrize("command", sorted(FILE_WRITERS))
def test_a_special_file_is_never_replaced(command: str) -> None:
    # A named pipe stands for /dev/null, which a test run as root must not risk.
    with workspace() as base:
        copy_of_records(base)
        os.mkfifo(base / "pipe")
        result = invoke(*FILE_WRITERS[command], "--records", "records", *today(command), "--out", "pipe")
        assert result.exit_code == 2, result.output
        assert "« pipe » n'est pas un fichier ordinaire" in result.output
        assert (base / "pipe").is_fifo()


def test_write_atomically_itself_never_replaces_a_special_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OutputPathError, match="n'est pas un fichier ordinaire"):
        write_atomically(tmp_path / "pipe", "texte")
    assert (tmp_path / "pipe").is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.parametrize("spelling", [("--out", ""), ("--out=",)])
@pytest.mark.parametrize("command", [("render", "all"), ("schema",)])
def test_an_empty_output_folder_is_refused_not_the_current_folder(command: tuple[str, ...], spelling: tuple[str, ...]) -> None:
    with workspace() as base:
        copy_of_records(base)
        before = tree(base)
        records = ("--records", "records") if command[0] == "render" else ()
        result = CliRunner().invoke(app, [*command, *records, *spelling])
        assert result.exit_code == 2, result.output
        assert "Erreur : l'option --out : un chemin vide ne nomme aucun dossier" in result.output
        assert changed(before, tree(base)) == set()


@pytest.mark.parametrize("command", [("export", "ics"), ("compliance", "--year", "2024", "--format", "json")])
def test_an_empty_output_file_is_refused(command: tuple[str, ...]) -> None:
    with workspace() as base:
        copy_of_records(base)
        before = tree(base)
        result = invoke(*command, "--records", "records", "--out", "")
        assert result.exit_code == 2, result.output
        assert "--out ne nomme pas de fichier" in result.output
        assert changed(before, tree(base)) == set()


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *arguments],
        cwd=folder,
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize("base_ref", ["--output=written.txt", "-p", "--no-index", ""])
def test_a_git_reference_never_becomes_a_git_option(tmp_path: Path, base_ref: str) -> None:
    shutil.copytree(BASE_RECORDS, tmp_path / "records")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "dossiers")
    child = subprocess.run(
        [sys.executable, "-m", "collegekit", "lint", "--changed", f"--base={base_ref}", "--records", "records"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 2, child.stdout + child.stderr
    assert f"--base « {base_ref} » n'est pas une référence git" in child.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "records"]


def test_an_unknown_git_reference_is_told_in_french(tmp_path: Path) -> None:
    shutil.copytree(BASE_RECORDS, tmp_path / "records")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "dossiers")
    child = subprocess.run(
        [sys.executable, "-m", "collegekit", "lint", "--changed", "--base=origine/principale", "--records", "records"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 2
    assert child.stderr == (
        "collegekit : --base « origine/principale » : cette référence n'existe pas dans le dépôt git de records "
        "(une branche, une étiquette ou un commit, par exemple origin/main).\n"
    )


def test_a_loop_of_links_is_a_french_message_not_a_traceback() -> None:
    # Python 3.11's Path.resolve raises RuntimeError on a loop; collegekit
    # reads it as the system's "too many links" (files.resolved, files.real_path).
    with workspace() as base:
        records = copy_of_records(base)
        (base / "out").mkdir()
        (base / "out" / "comptes-rendus").symlink_to("comptes-rendus")
        completed = subprocess.run(
            [sys.executable, "-m", "collegekit", "render", "minutes", "2024-10-08-pleniere", "--format", "docx",
             "--records", "records", "--out", "out"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert completed.returncode == 2, completed.stderr
        assert completed.stderr == "collegekit : écriture impossible dans out : trop de liens symboliques (ou un lien refusé).\n"
        (records / "members" / "bdupont.yaml").unlink()
        (records / "members" / "bdupont.yaml").symlink_to("bdupont.yaml")
        result = CliRunner().invoke(
            app, ["attend", "2024-10-08-pleniere", "amartin", "--status", "excused", "--records", "records"]
        )
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
