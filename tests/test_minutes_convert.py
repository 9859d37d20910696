"""`collegekit convert-meeting`: the first form of meeting files (the agenda in
the front matter) moved into the body, without losing or moving anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collegekit.minutes.convert import ConversionRefused, convert_text
from collegekit.records import load
from tests.conftest import CASES, run_cli

LEGACY = CASES / "legacy-agenda" / "records" / "meetings" / "2024-03-12-pleniere.md"
CONVERTED = CASES / "_base" / "records" / "meetings" / "2024-03-12-pleniere.md"


@pytest.fixture
def legacy(college_dir: Path) -> Path:
    path = college_dir / "meetings" / "2024-03-12-pleniere.md"
    shutil.copy(LEGACY, path)
    return path


def test_the_old_form_becomes_the_body(legacy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(legacy.parent)
    assert run_cli("convert-meeting", legacy.name) == (0, f"{legacy.name} converti.\n")
    # The case college's meeting is this very file, converted: the same bytes.
    assert legacy.read_text(encoding="utf-8") == CONVERTED.read_text(encoding="utf-8")
    assert run_cli("convert-meeting", legacy.name) == (0, f"{legacy.name} est déjà sous la nouvelle forme.\n")


def test_the_front_matter_keeps_its_comments_and_the_statuses_go_to_follow_up(tmp_path: Path) -> None:
    text = (
        "---\nkind: bureau\ntitle: Bureau\ndate: 2024-03-12\nstart: '12:30'\nend: '14:00'\nformat: video\n"
        "status: minutes-approved  # approuvé en séance\n"
        "# Les présences\nattendance:\n  amartin: present\n"
        "agenda:\n  - title: Suivi\n    points: ['Le 1er point, avec * et _ et [crochets].']\n"
        "actions:\n  - {owner: amartin, text: Relancer, due: 2024-04-01, status: done}\n"
        "  - {owner: amartin, text: Écrire, due: 2024-05-01}\n"
        "minutes_approved_on: 2024-04-09\n---\n\nLe bureau se réunit.\n\n### Conclusion\n\nFin.\n"
    )
    converted = convert_text(text, tmp_path / "2024-03-12-bureau.md")
    assert converted == (
        "---\nkind: bureau\ntitle: Bureau\ndate: 2024-03-12\nstart: '12:30'\nend: '14:00'\nformat: video\n"
        "status: minutes-approved  # approuvé en séance\n"
        "# Les présences\nattendance:\n  amartin: present\n"
        "follow_up:\n  1: done\n"
        "minutes_approved_on: 2024-04-09\n---\n\n"
        "Le bureau se réunit.\n\n"
        "## I. Suivi\n\n"
        "- Le 1er point, avec \\* et \\_ et \\[crochets\\].\n\n"
        "- Action : @amartin — Relancer — échéance 2024-04-01\n"
        "- Action : @amartin — Écrire — échéance 2024-05-01\n\n"
        # After the last part, prose opens with an unnumbered « ## » heading.
        "## Conclusion\n\nFin.\n"
    )


def test_prose_that_would_be_read_as_the_agenda_is_refused(legacy: Path) -> None:
    text = legacy.read_text(encoding="utf-8").replace("Le compte rendu en prose.", "## I. Un titre numéroté\n\nTexte.")
    with pytest.raises(ConversionRefused, match="ce texte sous « Un titre numéroté » .* rien n'a été écrit"):
        convert_text(text, legacy)


def test_a_refused_file_is_left_alone_and_the_others_converted(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = college_dir / "meetings" / "2024-03-12-pleniere.md"
    bad.write_text(LEGACY.read_text(encoding="utf-8").replace("Le compte rendu en prose.", "## II. Ailleurs\n"), encoding="utf-8")
    before = bad.read_bytes()
    good = college_dir / "meetings" / "2024-06-18-pleniere.md"
    good.write_text(LEGACY.read_text(encoding="utf-8").replace("2024-03-12", "2024-06-18"), encoding="utf-8")
    monkeypatch.chdir(college_dir)
    exit_code, output = run_cli("convert-meeting", "meetings/2024-03-12-pleniere.md", "meetings/2024-06-18-pleniere.md", "nulle-part.md")
    assert exit_code == 1
    assert "meetings/2024-06-18-pleniere.md converti." in output
    assert "meetings/2024-03-12-pleniere.md : le texte converti poserait un problème" in output
    assert "rien n'a été écrit" in output
    assert "collegekit : nulle-part.md est introuvable." in output
    assert output.endswith("collegekit : 2 fichiers non convertis.\n")
    assert bad.read_bytes() == before
    result = load(college_dir)
    assert result.college is not None
    assert [part.title for part in result.college.meetings["2024-06-18-pleniere"].agenda] == ["Actualités"]


def test_the_example_college_is_converted_and_reads_back(tmp_path: Path) -> None:
    # Each meeting of the example is in the new form and parses without a problem.
    from tests.conftest import EXAMPLE_RECORDS

    result = load(EXAMPLE_RECORDS)
    assert result.college is not None
    assert [d for d in result.diagnostics if d.code == "legacy-agenda"] == []
    plenary = result.college.meetings["2025-11-25-pleniere"]
    assert [a.status.value for a in plenary.actions] == ["done", "done", "in-progress", "open", "in-progress"]
    assert [p.text.split("\n")[0] for p in plenary.prose] == ["## Introduction de la présidente", "## Conclusion"]
    assert [p.after_part for p in plenary.prose] == [0, 4]
