"""`attend` and `meeting`: one call for the whole list, and no write that lint would reject."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from collegekit.lint import lint_records
from tests.conftest import run_cli

TODAY = "2024-12-20"
PLANNED = """---
kind: plenary
title: Séance plénière
date: {day}
start: "14:00"
end: "17:00"
format: video
status: planned
invited: [amartin, bdupont]
---
"""
LEFT = """title: Dr
first_name: Zoé
last_name: Aubert
profession: physician
status: misp
site: head-office
memberships:
  - start: 2020-01-01
    end: 2023-12-31
"""


@pytest.fixture
def college(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(college_dir.parent)
    (college_dir / "members" / "zaubert.yaml").write_text(LEFT, encoding="utf-8")
    (college_dir / "meetings" / "2024-11-26-pleniere.md").write_text(PLANNED.format(day="2024-11-26"), encoding="utf-8")
    (college_dir / "meetings" / "2025-01-21-pleniere.md").write_text(PLANNED.format(day="2025-01-21"), encoding="utf-8")
    return college_dir


def attend(*args: str) -> tuple[int, str]:
    return run_cli("attend", *args, "--records", "records", "--today", TODAY)


def attendance_block(path: Path) -> str:
    """The attendance key and its indented lines."""
    found = re.search(r"^attendance:\n(?:  .*\n)*", path.read_text(encoding="utf-8"), re.M)
    assert found is not None
    return found[0]


def test_one_call_notes_the_whole_list_and_holds_a_past_planned_meeting(college: Path) -> None:
    exit_code, output = attend("2024-11-26-pleniere", "--present", "amartin", "--excused", "bdupont")
    assert exit_code == 0, output
    assert output.startswith("2 présences notées dans records/meetings/2024-11-26-pleniere.md.\n")
    assert "désormais notée « tenue »" in output
    text = (college / "meetings" / "2024-11-26-pleniere.md").read_text(encoding="utf-8")
    assert "status: held" in text and "attendance:\n  amartin: present\n  bdupont: excused\n" in text
    # Held: its agenda should have gone to the committee, lint's only remark.
    found = lint_records(college, dt.date(2024, 12, 20)).diagnostics
    assert [(d.code, d.location.path.name) for d in found] == [("not-sent-to-committee", "2024-11-26-pleniere.md")]


def test_attendance_noted_on_a_meeting_left_planned_holds_it(college: Path) -> None:
    """Lint's status-out-of-date asks for `attend`: run on attendance already
    noted (by hand, or by an earlier collegekit), it notes the meeting held
    instead of answering that nothing changed."""
    path = college / "meetings" / "2024-11-26-pleniere.md"
    invited = "invited: [amartin, bdupont]\n"
    path.write_text(path.read_text(encoding="utf-8").replace(invited, invited + "attendance:\n  amartin: present\n"),
                    encoding="utf-8")
    assert "status: planned" in path.read_text(encoding="utf-8")
    exit_code, output = attend("2024-11-26-pleniere", "--present", "amartin")
    assert exit_code == 0, output
    assert output.startswith("La séance est désormais notée « tenue » (status: held).\n"), output
    assert "status: held" in path.read_text(encoding="utf-8")
    exit_code, output = attend("2024-11-26-pleniere", "--present", "amartin")
    assert output.startswith("records/meetings/2024-11-26-pleniere.md était déjà à jour."), output


def test_the_old_form_and_comma_lists_still_work(college: Path) -> None:
    path = college / "meetings" / "2024-06-18-pleniere.md"
    exit_code, output = attend("2024-06-18-pleniere", "amartin", "bdupont", "--status", "video")
    assert exit_code == 0 and output.startswith("2 présences notées"), output
    exit_code, output = attend("2024-06-18-pleniere", "--present", "amartin, bdupont")
    assert exit_code == 0 and output.startswith("2 présences notées"), output
    assert attendance_block(path) == "attendance:\n  amartin: present\n  bdupont: present\n"


def test_only_what_really_changed_is_counted(college: Path) -> None:
    exit_code, output = attend("2024-06-18-pleniere", "--present", "amartin", "--video", "bdupont")
    assert exit_code == 0 and output.startswith("1 présence notée dans"), output
    exit_code, output = attend("2024-06-18-pleniere", "--present", "amartin", "--video", "bdupont")
    assert exit_code == 0 and output.startswith("records/meetings/2024-06-18-pleniere.md était déjà à jour."), output


def test_remove_takes_a_line_out_and_lint_then_says_what_is_missing(college: Path) -> None:
    path = college / "meetings" / "2024-06-18-pleniere.md"
    exit_code, output = attend("2024-06-18-pleniere", "--remove", "bdupont")
    assert exit_code == 0, output
    assert attendance_block(path) == "attendance:\n  amartin: present\n"
    assert output == (
        "1 ligne retirée dans records/meetings/2024-06-18-pleniere.md.\n"
        "Ce que « collegekit lint » relève encore dans records/meetings/2024-06-18-pleniere.md :\n"
        "records/meetings/2024-06-18-pleniere.md:11:3: erreur[attendance-missing-member] Bruno Dupont (bdupont) était "
        "membre le 18/06/2024 mais n'apparaît pas dans les présences\n"
        "  → « collegekit attend 2024-06-18-pleniere --present bdupont » (ou --video, --excused, --absent).\n"
    )


@pytest.mark.parametrize(
    ("args", "refusal"),
    [
        (
            ("2024-10-08-pleniere", "--present", "zaubert"),
            "records/meetings/2024-10-08-pleniere.md:13:12: erreur[attendance-not-a-member] Dr Zoé Aubert n'était pas "
            "membre du collège le 08/10/2024 (membre du 01/01/2020 au 31/12/2023)\n"
            "  → « collegekit attend 2024-10-08-pleniere --remove zaubert », ou corrigez ses périodes d'appartenance "
            "(« collegekit member zaubert --rejoin AAAA-MM-JJ »).\n",
        ),
        (
            ("2024-10-08-pleniere", "--present", "amartn"),
            "records/meetings/2024-10-08-pleniere.md:13:11: erreur[unknown-member] « amartn » n'a pas de fichier "
            "dans members/\n  → Vouliez-vous dire « amartin » ?\n",
        ),
        (
            ("2025-01-21-pleniere", "--video", "amartin"),
            "records/meetings/2025-01-21-pleniere.md:11:12: erreur[attendance-not-held] la séance du 21/01/2025 n'a "
            "pas encore eu lieu : « présent en visioconférence » ne peut pas y être noté pour Dr Anne Martin\n"
            "  → Notez les présences après la séance ; seul « excusé » peut se noter d'avance.\n",
        ),
    ],
)
def test_a_write_lint_would_reject_is_refused_with_lints_own_message(
    college: Path, args: tuple[str, ...], refusal: str
) -> None:
    path = college / "meetings" / f"{args[0]}.md"
    before = path.read_bytes()
    exit_code, output = attend(*args)
    assert exit_code == 1
    assert output.startswith(refusal), output
    assert "rien n'a été écrit" in output
    assert path.read_bytes() == before
    # The same words as lint, once the line is written by hand.
    line = f"  {args[2]}: {args[1][2:]}\n"
    text = before.decode()
    text = text.replace("attendance:\n", "attendance:\n" + line) if "attendance:" in text else text.replace(
        "invited:", "attendance:\n" + line + "invited:"
    )
    path.write_text(text, encoding="utf-8")
    messages = {d.message for d in lint_records(college, dt.date(2024, 12, 20)).diagnostics}
    assert refusal.split("] ", 1)[1].split("\n")[0] in messages


def test_an_excuse_can_be_noted_before_the_meeting(college: Path) -> None:
    exit_code, output = attend("2025-01-21-pleniere", "--excused", "bdupont")
    assert exit_code == 0, output
    assert "status: planned" in (college / "meetings" / "2025-01-21-pleniere.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--present", "amartin", "--absent", "amartin"), "« amartin » est donné deux fois, avec --present et --absent"),
        (("--present", "amartin", "--remove", "amartin"), "« amartin » est à la fois noté et retiré"),
        (("amartin",), "indiquez --status"),
        ((), "rien à noter"),
    ],
)
def test_contradictory_lists_are_usage_errors(college: Path, args: tuple[str, ...], message: str) -> None:
    exit_code, output = attend("2024-06-18-pleniere", *args)
    assert exit_code == 2 and message in output, output


def test_interactive_asks_only_who_is_missing_by_surname_and_shows_whole_words(
    college: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Identifier order is not the order of surnames; É sorts with E.
    for member_id, first, last in (("aebrard", "Cécile", "Ébrard"), ("bfabre", "Luc", "Fabre"), ("cdurand", "Yves", "Durand")):
        (college / "members" / f"{member_id}.yaml").write_text(
            LEFT.replace("Zoé", first).replace("Aubert", last).replace("    end: 2023-12-31\n", ""), encoding="utf-8"
        )
    monkeypatch.setattr("collegekit.cli.attend.interactive", lambda no_input: True)
    from typer.testing import CliRunner

    from collegekit.cli import app

    # amartin and bdupont are noted already: not asked again.
    result = CliRunner().invoke(
        app, ["attend", "2024-06-18-pleniere", "--interactive", "--records", "records", "--today", TODAY], input="v\np\ne\n"
    )
    assert result.exit_code == 0, result.output
    # The terminal does not echo the answers: the questions follow one another on a line.
    asked = re.findall(r"(?:^|: ?)([^:]+) — présent \(p\), visio \(v\), excusé \(e\), absent \(a\) \[p/v/e/a\]", result.output)
    assert asked == ["Dr Yves Durand", "Dr Cécile Ébrard", "Dr Luc Fabre"]
    assert "3 présences notées" in result.output
    text = (college / "meetings" / "2024-06-18-pleniere.md").read_text(encoding="utf-8")
    assert "  bdupont: excused\n  cdurand: video\n  aebrard: present\n  bfabre: excused\n" in text
    # --all asks everyone again; an unchanged answer is not counted.
    result = CliRunner().invoke(
        app,
        ["attend", "2024-06-18-pleniere", "--interactive", "--all", "--records", "records", "--today", TODAY],
        input="\n\n\n\na\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.count(" — présent (p)") == 5
    assert "1 présence notée" in result.output


def test_minutes_approved_before_the_meeting_is_refused_as_lint_says(college: Path) -> None:
    path = college / "meetings" / "2024-10-08-pleniere.md"
    before = path.read_bytes()
    exit_code, output = run_cli(
        "meeting", "2024-10-08-pleniere", "--minutes-approved-on", "2024-10-01", "--records", "records", "--today", TODAY
    )
    assert exit_code == 1 and path.read_bytes() == before
    assert output.startswith(
        "records/meetings/2024-10-08-pleniere.md:14:22: erreur[approved-before-meeting] le compte rendu est noté "
        "approuvé le 01/10/2024, avant la séance elle-même (08/10/2024)\n"
    ), output
    exit_code, output = run_cli(
        "meeting", "2024-10-08-pleniere", "--minutes-approved-on", "2024-12-10", "--records", "records", "--today", TODAY
    )
    assert exit_code == 0, output
