"""`member`, `action` and `new-member`'s contact: routine edits without opening the YAML."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from collegekit.lint import lint_records
from collegekit.records import load
from tests.conftest import EXAMPLE_RECORDS, run_cli
from tests.test_scaffold_and_edit import changed_lines

TODAY = "2026-11-25"


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE_RECORDS, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "records"


def cli(*args: str) -> tuple[int, str]:
    return run_cli(*args, "--records", "records", "--today", TODAY)


def test_a_member_leaves_and_comes_back_keeping_the_file_as_written(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("member", "mroux", "--leave", "2026-10-31", "--note", "Retraite")
    assert exit_code == 0, output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == ["+    end: 2026-10-31", "+    note: Retraite"]
    # What the departure leaves to do elsewhere is said: his action still in progress.
    assert "plans/2026-work.yaml:" in output and "[owner-left]" in output and "Dr Marc Roux, a quitté le collège le 31/10/2026" in output
    exit_code, output = cli("member", "mroux", "--rejoin", "2026-11-15")
    assert exit_code == 0, output
    member = load(records).college.members["mroux"]  # type: ignore[union-attr]
    assert [(p.start, p.end) for p in member.memberships] == [
        (dt.date(2019, 10, 1), dt.date(2026, 10, 31)),
        (dt.date(2026, 11, 15), None),
    ]
    exit_code, output = cli("member", "mroux", "--rejoin", "2026-11-20")
    assert exit_code == 2 and "est déjà membre (depuis le 15/11/2026)" in output


def test_a_departure_before_a_meeting_attended_is_refused_with_lints_words(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    before = path.read_bytes()
    exit_code, output = cli("member", "mroux", "--leave", "2026-01-31")
    assert exit_code == 1 and path.read_bytes() == before
    assert (
        "meetings/2026-03-17-pleniere.md:84:10: erreur[attendance-not-a-member] Dr Marc Roux n'était pas membre du "
        "collège le 17/03/2026 (membre du 01/10/2019 au 31/01/2026)"
    ) in output
    assert "rendrait invalides les dossiers ci-dessus : rien n'a été écrit" in output


def test_contact_and_employer_are_set_and_cleared(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    exit_code, output = cli("member", "mroux", "--email", "m.roux@ars.example", "--phone", "", "--employer", "CHU de Nice")
    assert exit_code == 0, output
    member = load(records).college.members["mroux"]  # type: ignore[union-attr]
    assert member.contact is not None and member.contact.email == "m.roux@ars.example" and member.contact.phone is None
    assert member.employer == "CHU de Nice"
    exit_code, output = cli("member", "mroux", "--email", "")
    assert exit_code == 0 and "contact:" not in path.read_text(encoding="utf-8")


def test_a_plan_action_moves_on_and_done_means_complete(records: Path) -> None:
    path = records / "plans" / "2026-work.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("action", "2026-work", "3", "--status", "done", "--review", "Volets révisés et arrêtés.")
    assert exit_code == 0, output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        "-            status: in-progress",
        "-            progress: 60",
        "+            status: done",
        "+            progress: 100",
        "+            review: Volets révisés et arrêtés.",
    ]
    assert lint_records(records, dt.date(2026, 11, 25)).diagnostics == []


def test_a_plan_action_done_at_less_than_complete_is_refused(records: Path) -> None:
    path = records / "plans" / "2026-work.yaml"
    before = path.read_bytes()
    exit_code, output = cli("action", "2026-work", "3", "--status", "done", "--progress", "80")
    assert exit_code == 1 and path.read_bytes() == before
    assert "erreur[done-not-complete]" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("action", "2026-work", "99", "--progress", "10"), "le plan 2026-work n'a pas d'action n° 99"),
        (("action", "2026-wrk", "3", "--progress", "10"), "Vouliez-vous dire : 2026-work"),
        (("action", "2026-work", "3", "--status", "open"), "l'état d'une action de plan est"),
        (("action", "2026-03-17-pleniere", "1", "--progress", "10"), "servent aux actions d'un plan"),
        (("action", "2026-03-17-pleniere", "99", "--status", "done"), "pas de n° 99"),
        (("action", "2026-03-17-pleniere", "2", "--status", "done", "--at", "2026-06-24-pleniere"),
         "Vouliez-vous dire : 2026-06-23-pleniere"),
        (("action", "2026-work", "3", "--status", "done", "--at", "2026-06-23-pleniere"), "--at sert au suivi"),
        (("member", "mroux", "--leave", "2026-10-31", "--rejoin", "2026-11-01"), "faites l'un, puis l'autre"),
        (("member", "sarnaud", "--leave", "2026-10-31"), "a déjà quitté le collège (le 30/06/2025)"),
    ],
)
def test_impossible_edits_are_usage_errors(records: Path, args: tuple[str, ...], message: str) -> None:
    exit_code, output = cli(*args)
    assert exit_code == 2 and message in output, output


def test_the_follow_up_of_a_meetings_action_goes_to_the_front_matter(records: Path) -> None:
    path = records / "meetings" / "2026-03-17-pleniere.md"
    exit_code, output = cli("action", "2026-03-17-pleniere", "2", "--status", "done")
    assert exit_code == 0, output
    exit_code, output = cli("action", "2026-03-17-pleniere", "1", "--status", "in-progress", "--note", "Relancé en novembre.")
    assert exit_code == 0, output
    text = path.read_text(encoding="utf-8")
    # The converted example already follows its actions: each is changed in place.
    assert "follow_up:\n  1:\n    status: in-progress\n    note: Relancé en novembre.\n  2: done\n  3: done\n" in text
    meeting = load(records).college.meetings["2026-03-17-pleniere"]  # type: ignore[union-attr]
    assert meeting.follow_up[2].status.value == "done" and meeting.follow_up[1].note == "Relancé en novembre."


def test_the_follow_up_names_the_meeting_where_it_was_done(records: Path) -> None:
    exit_code, output = cli("action", "2026-03-17-pleniere", "2", "--status", "done", "--at", "2026-06-23-pleniere")
    assert exit_code == 0, output
    text = (records / "meetings" / "2026-03-17-pleniere.md").read_text(encoding="utf-8")
    assert "  2:\n    status: done\n    meeting: 2026-06-23-pleniere\n  3: done\n" in text
    meeting = load(records).college.meetings["2026-03-17-pleniere"]  # type: ignore[union-attr]
    assert meeting.follow_up[2].meeting == "2026-06-23-pleniere"


def test_new_member_takes_contact_and_employer(records: Path) -> None:
    exit_code, output = run_cli(
        "new-member", "--records", "records", "--first-name", "Léa", "--last-name", "Brun", "--profession", "physician",
        "--status", "misp", "--site", "13", "--role", "invited", "--employer", "Mairie de Marseille",
        "--email", "lea.brun@example.fr", "--phone", "04 91 00 00 00", "--no-input",
    )
    assert exit_code == 0, output
    member = load(records).college.members["lbrun"]  # type: ignore[union-attr]
    assert member.employer == "Mairie de Marseille"
    assert member.contact is not None and member.contact.email == "lea.brun@example.fr" and member.contact.phone == "04 91 00 00 00"
