"""Who is convened to a meeting, and its number in the year, kept right by the
commands that change them: a member who joins after a meeting was prepared
is convened (new-member, send agenda, lint's not-convened), and a meeting
created before others of its kind takes its place in the numbering
(new-meeting, lint's meeting-number). Meetings held or cancelled are history:
never changed."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest

from collegekit.lint import lint_records
from collegekit.records import load
from tests.conftest import EXAMPLE_RECORDS, run_cli

PLENARY = "2027-01-19-pleniere"
MEMBER = ["--profession", "physician", "--status", "misp", "--no-input"]
HAND_WRITTEN = """first_name: Bruno
last_name: Dupont
profession: nurse
status: contract
site: "34"
management_post: false
memberships:
  - start: 2026-12-01
"""


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new college with its president, as the README starts one; cwd is its repository."""
    monkeypatch.chdir(tmp_path)
    exit_code, output = run_cli(
        "init", "college", "--name", "Collège de test", "--region", "Occitanie", "--city", "Montpellier",
        "--committee", "Comité de direction", "--departement", "34=Hérault",
    )
    assert exit_code == 0, output
    monkeypatch.chdir(tmp_path / "college")
    with Path("records", "college.yaml").open("a", encoding="utf-8") as college:
        college.write("mail:\n  sender: secretariat@ars.example\n")
    new_member("Claire", "Moreau", "head-office", "--role", "president", "--email", "claire.moreau@ars.example")
    return tmp_path / "college" / "records"


def new_member(first: str, last: str, site: str, *options: str, today: str = "2026-12-01") -> str:
    exit_code, output = run_cli(
        "new-member", "--first-name", first, "--last-name", last, "--site", site, "--start", "2027-01-04",
        *MEMBER, *options, "--today", today,
    )
    assert exit_code == 0, output
    return output


def invited(records: Path, meeting_id: str) -> tuple[str, ...]:
    return load(records).college.meetings[meeting_id].invited  # type: ignore[union-attr]


def draft_recipients(meeting_id: str) -> list[str]:
    path = Path("build", "courriels", f"{meeting_id}-ordre-du-jour.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return [address.addr_spec for address in message["To"].addresses]


def test_a_member_added_after_the_meeting_was_created_is_convened_and_gets_the_draft(fresh: Path) -> None:
    exit_code, output = run_cli("new-meeting", "--date", "2027-01-19", "--no-input", "--today", "2026-12-01")
    assert exit_code == 0, output
    meeting = fresh / "meetings" / f"{PLENARY}.md"
    before = meeting.read_text(encoding="utf-8")
    output = new_member("Marc", "Roux", "34", "--email", "marc.roux@ars.example")
    assert "Membre créé : records/members/mroux.yaml\nAjouté aux convoqués de : 2027-01-19-pleniere.\n" in output
    # One line added to the list, nothing else touched.
    assert meeting.read_text(encoding="utf-8") == before.replace("  - cmoreau\n", "  - cmoreau\n  - mroux\n")
    assert invited(fresh, PLENARY) == ("cmoreau", "mroux")
    assert lint_records(fresh, dt.date(2026, 12, 1)).diagnostics == []
    exit_code, output = run_cli("send", "agenda", PLENARY, "--today", "2027-01-05")
    assert exit_code == 0, output
    assert draft_recipients(PLENARY) == ["claire.moreau@ars.example", "marc.roux@ars.example"]


def test_the_agenda_already_sent_is_said_when_a_member_is_added(fresh: Path) -> None:
    assert run_cli("new-meeting", "--date", "2027-01-19", "--no-input")[0] == 0
    assert run_cli("meeting", PLENARY, "--agenda-sent-on", "2026-12-01", "--today", "2026-12-01")[0] == 0
    output = new_member("Marc", "Roux", "34")
    assert (
        "L'ordre du jour de 2027-01-19-pleniere est déjà parti (le 01/12/2026) : transmettez-le-lui, par exemple "
        "avec le brouillon que refait « collegekit send agenda 2027-01-19-pleniere »." in output
    )


def test_a_member_missing_from_invited_is_a_finding_that_send_agenda_fixes(fresh: Path) -> None:
    assert run_cli("new-meeting", "--date", "2027-01-19", "--no-input")[0] == 0
    # A member file written by hand (or by an older collegekit): the meeting does not list him.
    (fresh / "members" / "bdupont.yaml").write_text(HAND_WRITTEN + "contact:\n  email: bruno.dupont@ars.example\n")
    exit_code, output = run_cli("lint", "--today", "2026-12-01")
    assert (exit_code, output) == (
        0,
        "records/meetings/2027-01-19-pleniere.md:13:1: avertissement[not-convened] Bruno Dupont (bdupont) est membre "
        "du collège le 19/01/2027 mais ne figure pas parmi les convoqués (invited) : le courriel de convocation ne lui "
        "sera pas adressé\n"
        "  → « collegekit meeting 2027-01-19-pleniere --update-invited » ajoute les membres manquants aux convoqués "
        "(« collegekit send agenda » le fait aussi avant d'écrire le brouillon).\n"
        "1 avertissement dans 4 fichiers.\n",
    )
    exit_code, output = run_cli("send", "agenda", PLENARY, "--today", "2026-12-01")
    assert exit_code == 0, output
    assert (
        "Ajouté aux convoqués de 2027-01-19-pleniere, arrivés depuis sa préparation : Bruno Dupont (bdupont) "
        "(records/meetings/2027-01-19-pleniere.md).\n" in output
    )
    assert invited(fresh, PLENARY) == ("bdupont", "cmoreau")
    assert draft_recipients(PLENARY) == ["bruno.dupont@ars.example", "claire.moreau@ars.example"]
    assert lint_records(fresh, dt.date(2026, 12, 1)).diagnostics == []


def test_meeting_update_invited_adds_the_missing_and_refuses_history(fresh: Path) -> None:
    assert run_cli("new-meeting", "--date", "2027-01-19", "--no-input")[0] == 0
    (fresh / "members" / "bdupont.yaml").write_text(HAND_WRITTEN)
    exit_code, output = run_cli("meeting", PLENARY, "--update-invited", "--today", "2026-12-01")
    assert exit_code == 0, output
    assert "Ajouté aux convoqués de 2027-01-19-pleniere : Bruno Dupont (bdupont).\n" in output
    exit_code, output = run_cli("meeting", PLENARY, "--update-invited", "--today", "2026-12-01")
    assert exit_code == 0 and "Les convoqués de 2027-01-19-pleniere sont à jour." in output
    exit_code, output = run_cli("meeting", PLENARY, "--update-invited", "--status", "cancelled", "--today", "2026-12-01")
    assert exit_code == 2 and "--update-invited et --status cancelled ensemble : faites l'un, puis l'autre." in output
    assert run_cli("meeting", PLENARY, "--status", "cancelled", "--today", "2026-12-01")[0] == 0
    exit_code, output = run_cli("meeting", PLENARY, "--update-invited", "--today", "2026-12-01")
    assert exit_code == 2
    assert "la séance 2027-01-19-pleniere est « annulée » : ses convoqués sont ceux d'alors" in output
    assert "Traceback" not in output


def test_held_cancelled_and_past_meetings_are_never_changed(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The small college: three plenaries held in 2024; one cancelled and one
    # left « planned » after its date, then a member who joined on 1 January.
    monkeypatch.chdir(college_dir.parent)
    meetings = college_dir / "meetings"
    held = (meetings / "2024-10-08-pleniere.md").read_text(encoding="utf-8")
    (meetings / "2024-11-19-pleniere.md").write_text(
        held.replace("2024-10-08", "2024-11-19").replace("status: held", "status: cancelled").replace(
            "attendance:\n  amartin: present\n  bdupont: excused\n", ""
        ),
        encoding="utf-8",
    )
    (meetings / "2024-12-03-pleniere.md").write_text(
        held.replace("2024-10-08", "2024-12-03").replace("status: held", "status: planned").replace(
            "attendance:\n  amartin: present\n  bdupont: excused\n", ""
        ),
        encoding="utf-8",
    )
    files = {path: path.read_bytes() for path in meetings.iterdir()}
    exit_code, output = run_cli(
        "new-member", "--records", "records", "--first-name", "Chloé", "--last-name", "Petit", "--site", "13",
        "--start", "2024-01-01", *MEMBER, "--today", "2024-12-20",
    )
    assert exit_code == 0, output
    assert "Ajouté aux convoqués" not in output
    assert {path: path.read_bytes() for path in meetings.iterdir()} == files
    exit_code, output = run_cli("meeting", "2024-10-08-pleniere", "--records", "records", "--update-invited", "--today", "2024-12-20")
    assert exit_code == 2 and "la séance 2024-10-08-pleniere est « tenue » : ses convoqués sont ceux d'alors" in output
    exit_code, output = run_cli("meeting", "2024-12-03-pleniere", "--records", "records", "--update-invited", "--today", "2024-12-20")
    assert exit_code == 2 and "la séance 2024-12-03-pleniere est passée (03/12/2024)" in output
    assert {path: path.read_bytes() for path in meetings.iterdir()} == files
    assert "not-convened" not in {d.code for d in lint_records(college_dir, dt.date(2024, 12, 20)).diagnostics}


def bureau(records: Path, day: str) -> tuple[int | None, str]:
    meeting = load(records).college.meetings[f"{day}-bureau"]  # type: ignore[union-attr]
    return meeting.number, meeting.title


def test_a_meeting_created_before_others_renumbers_the_later_planned_ones(fresh: Path) -> None:
    exit_code, output = run_cli("new-meeting", "--date", "2027-12-15", "--kind", "bureau", "--no-input")
    assert exit_code == 0, output
    assert bureau(fresh, "2027-12-15") == (1, "1re réunion du bureau 2027")
    exit_code, output = run_cli("new-meeting", "--date", "2027-11-24", "--kind", "bureau", "--no-input")
    assert exit_code == 0, output
    assert "Renumérotée : 2027-12-15-bureau devient la 2e réunion du bureau 2027 (number: 2).\n" in output
    assert bureau(fresh, "2027-11-24") == (1, "1re réunion du bureau 2027")
    assert bureau(fresh, "2027-12-15") == (2, "2e réunion du bureau 2027")
    # A title of the bureau's own is kept; the number still moves.
    path = fresh / "meetings" / "2027-12-15-bureau.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 2e réunion du bureau 2027", "title: Bureau de fin d'année"), encoding="utf-8")
    exit_code, output = run_cli("new-meeting", "--date", "2027-10-13", "--kind", "bureau", "--no-input")
    assert exit_code == 0, output
    assert [bureau(fresh, day) for day in ("2027-10-13", "2027-11-24", "2027-12-15")] == [
        (1, "1re réunion du bureau 2027"),
        (2, "2e réunion du bureau 2027"),
        (3, "Bureau de fin d'année"),
    ]
    # Another kind, another year: their numbers are their own.
    assert run_cli("new-meeting", "--date", "2027-11-30", "--no-input")[0] == 0
    assert load(fresh).college.meetings["2027-11-30-pleniere"].number == 1  # type: ignore[union-attr]
    assert lint_records(fresh, dt.date(2026, 12, 1)).diagnostics == []


def test_a_held_meeting_keeps_its_number_and_the_collision_is_said(fresh: Path) -> None:
    assert run_cli("new-meeting", "--date", "2027-02-09", "--kind", "bureau", "--no-input")[0] == 0
    assert run_cli("attend", "2027-02-09-bureau", "--present", "cmoreau", "--today", "2027-02-09")[0] == 0
    held = (fresh / "meetings" / "2027-02-09-bureau.md").read_bytes()
    # Entered afterwards: the bureau of 12 January, before the one held.
    exit_code, output = run_cli("new-meeting", "--date", "2027-01-12", "--kind", "bureau", "--no-input", "--today", "2027-02-10")
    assert exit_code == 0, output
    assert "Renumérotée" not in output
    assert (fresh / "meetings" / "2027-02-09-bureau.md").read_bytes() == held
    assert (
        "Attention : 2027-02-09-bureau (tenue) porte le numéro 1, qui ne suit pas celui de 2027-01-12-bureau (1) ; "
        "s'il est à corriger : « collegekit meeting 2027-02-09-bureau --number 2 »." in output
    )


def test_a_repeated_number_is_a_finding_that_meeting_number_fixes(fresh: Path) -> None:
    # Two meetings numbered by an older collegekit, the later one created first.
    for day in ("2027-12-15", "2027-11-24"):
        assert run_cli("new-meeting", "--date", day, "--kind", "bureau", "--no-input")[0] == 0
    path = fresh / "meetings" / "2027-12-15-bureau.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("number: 2\ntitle: 2e", "number: 1\ntitle: 1re"), encoding="utf-8"
    )
    exit_code, output = run_cli("lint", "--today", "2026-12-01")
    assert (exit_code, output) == (
        0,
        "records/meetings/2027-12-15-bureau.md:4:9: avertissement[meeting-number] la réunion du bureau du 15/12/2027 "
        "porte le même numéro (1) que la réunion du bureau précédente de 2027, 2027-11-24-bureau\n"
        "  → « collegekit meeting 2027-12-15-bureau --number 2 » la renumérote (et change son titre s'il est celui "
        "que new-meeting a écrit).\n"
        "1 avertissement dans 4 fichiers.\n",
    )
    exit_code, output = run_cli("meeting", "2027-12-15-bureau", "--number", "2", "--today", "2026-12-01")
    assert exit_code == 0, output
    assert bureau(fresh, "2027-12-15") == (2, "2e réunion du bureau 2027")
    assert lint_records(fresh, dt.date(2026, 12, 1)).diagnostics == []


def test_numbers_out_of_order_get_one_consistent_set_of_fixes(fresh: Path) -> None:
    for day in ("2027-10-13", "2027-11-24", "2027-12-15"):
        assert run_cli("new-meeting", "--date", day, "--kind", "bureau", "--no-input")[0] == 0
    for day, number in (("2027-10-13", 2), ("2027-11-24", 1), ("2027-12-15", 2)):
        path = fresh / "meetings" / f"{day}-bureau.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"number: {bureau(fresh, day)[0]}\n", f"number: {number}\n"), encoding="utf-8")
    found = [(d.location.path.name, d.message, d.hint) for d in lint_records(fresh, dt.date(2026, 12, 1)).diagnostics]
    assert [(name, hint.split(" la ")[0]) for name, _, hint in found] == [  # type: ignore[union-attr]
        ("2027-11-24-bureau.md", "« collegekit meeting 2027-11-24-bureau --number 3 »"),
        ("2027-12-15-bureau.md", "« collegekit meeting 2027-12-15-bureau --number 4 »"),
    ]
    assert found[0][1] == (
        "la réunion du bureau du 24/11/2027 porte le numéro 1, avant celui de la réunion du bureau précédente de 2027, "
        "2027-10-13-bureau (2)"
    )
    for _, _, hint in found:
        command = hint.split("« collegekit ")[1].split(" »")[0].split()  # type: ignore[union-attr]
        assert run_cli(*command, "--today", "2026-12-01")[0] == 0
    assert lint_records(fresh, dt.date(2026, 12, 1)).diagnostics == []


def test_a_member_who_leaves_is_taken_out_of_the_meetings_to_come(fresh: Path) -> None:
    new_member("Marc", "Roux", "34", "--email", "marc.roux@ars.example")
    assert run_cli("new-meeting", "--date", "2027-01-19", "--no-input", "--today", "2026-12-01")[0] == 0
    assert run_cli("new-meeting", "--date", "2027-03-16", "--no-input", "--today", "2026-12-01")[0] == 0
    assert "mroux" in invited(fresh, PLENARY) and "mroux" in invited(fresh, "2027-03-16-pleniere")
    exit_code, output = run_cli("member", "mroux", "--leave", "2027-02-28", "--note", "Mutation", "--today", "2026-12-01")
    assert exit_code == 0, output
    assert "Retiré des convoqués de : 2027-03-16-pleniere, où sa convocation n'est plus due.\n" in output
    assert invited(fresh, PLENARY) == ("cmoreau", "mroux")  # still a member on 19/01
    assert invited(fresh, "2027-03-16-pleniere") == ("cmoreau",)
    assert lint_records(fresh, dt.date(2026, 12, 1)).diagnostics == []
    # A list edited by hand since: send agenda and --update-invited take a former member out too.
    meeting = fresh / "meetings" / "2027-03-16-pleniere.md"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("  - cmoreau\n", "  - cmoreau\n  - mroux\n"),
                       encoding="utf-8")
    exit_code, output = run_cli("meeting", "2027-03-16-pleniere", "--update-invited", "--today", "2026-12-01")
    assert exit_code == 0, output
    assert "Retiré des convoqués de 2027-03-16-pleniere, plus membres à sa date : Marc Roux (mroux).\n" in output
    assert invited(fresh, "2027-03-16-pleniere") == ("cmoreau",)
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("  - cmoreau\n", "  - cmoreau\n  - mroux\n"),
                       encoding="utf-8")
    exit_code, output = run_cli("send", "agenda", "2027-03-16-pleniere", "--today", "2027-03-01")
    assert exit_code == 0, output
    assert draft_recipients("2027-03-16-pleniere") == ["claire.moreau@ars.example"]


def test_a_member_who_leaves_the_bureau_is_taken_out_of_its_meetings_to_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(EXAMPLE_RECORDS, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    records = tmp_path / "records"
    assert "sfaure" in invited(records, "2026-12-15-bureau")
    exit_code, output = run_cli("member", "sfaure", "--role", "member", "--from", "2026-12-01", "--today", "2026-11-25")
    assert exit_code == 0, output
    assert "Retiré des convoqués de : 2026-12-15-bureau, où sa convocation n'est plus due.\n" in output
    assert "sfaure" not in invited(records, "2026-12-15-bureau")


def test_a_meeting_moved_to_another_day_keeps_the_years_numbers(fresh: Path) -> None:
    """The README's way to move a meeting: the new one created, the old one
    cancelled. A cancelled meeting counts for none: the later ones move up."""
    for day in ("2027-03-16", "2027-06-15", "2027-10-12"):
        assert run_cli("new-meeting", "--date", day, "--no-input", "--today", "2026-12-01")[0] == 0
    exit_code, output = run_cli("new-meeting", "--date", "2027-06-22", "--no-input", "--today", "2026-12-01")
    assert exit_code == 0, output
    exit_code, output = run_cli("meeting", "2027-06-15-pleniere", "--status", "cancelled", "--today", "2026-12-01")
    assert exit_code == 0, output
    assert "Renumérotée : 2027-06-22-pleniere devient la 2e séance plénière 2027 (number: 2).\n" in output
    assert "Renumérotée : 2027-10-12-pleniere devient la 3e séance plénière 2027 (number: 3).\n" in output
    college = load(fresh).college
    assert college is not None
    assert [(m, college.meetings[m].number) for m in sorted(college.meetings) if college.meetings[m].status.value == "planned"] == [
        ("2027-03-16-pleniere", 1), ("2027-06-22-pleniere", 2), ("2027-10-12-pleniere", 3)
    ]
    assert [d.code for d in lint_records(fresh, dt.date(2026, 12, 1)).diagnostics] == []


def test_the_number_of_approved_minutes_is_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLE_RECORDS, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "records" / "meetings" / "2025-11-25-pleniere.md"
    before = path.read_bytes()
    exit_code, output = run_cli("meeting", "2025-11-25-pleniere", "--number", "2", "--today", "2026-11-25")
    assert exit_code == 2, output
    assert ("le compte rendu de 2025-11-25-pleniere est approuvé : son numéro et son titre sont ceux qu'il porte. "
            "Rien n'a été écrit.") in output
    assert path.read_bytes() == before
