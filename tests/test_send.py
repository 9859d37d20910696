"""`send agenda` and `send minutes`: documents, invitation and an e-mail draft
that the standard library reads back with its attachments and addresses."""

from __future__ import annotations

import email
import email.policy
import shutil
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest

from collegekit.records import load
from tests.conftest import EXAMPLE_RECORDS, run_cli

BUREAU = "2026-12-15-bureau"
PLENARY = "2026-10-13-pleniere"
MAIL = "mail:\n  sender: secretariat.college@ars-paca.example\n  recipients: [codir@ars-paca.example]\n"


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE_RECORDS, tmp_path / "records")
    with (tmp_path / "records" / "college.yaml").open("a", encoding="utf-8") as college:
        college.write(MAIL)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "records"


def send(*args: str, today: str = "2026-12-01") -> tuple[int, str]:
    return run_cli("send", *args, "--records", "records", "--today", today)


def read_draft(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_send_agenda_writes_the_documents_the_invitation_and_a_draft_that_carries_them(records: Path) -> None:
    exit_code, output = send("agenda", BUREAU)
    assert exit_code == 0, output
    folder = Path("build") / "ordres-du-jour"
    draft = Path("build") / "courriels" / f"{BUREAU}-ordre-du-jour.eml"
    message = read_draft(draft)
    assert message["X-Unsent"] == "1"
    assert message["From"] == "secretariat.college@ars-paca.example"
    assert [address.addr_spec for address in message["To"].addresses] == [
        "claire.moreau@ars-paca.example",
        "nadia.benali@ars-paca.example",
        "sophie.faure@ars-paca.example",
        "emma.laurent@ars-paca.example",
        "codir@ars-paca.example",
    ]
    assert message["Subject"] == "Convocation : 5e réunion du bureau 2026 du mardi 15 décembre 2026"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    assert text.startswith("Bonjour,\n\nLes membres du bureau sont conviés à la réunion « 5e réunion du bureau 2026 »")
    assert "Lien de la visioconférence : https://visio.ars-paca.example/bureau-college-sante-ars-paca" in text
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert list(attachments) == [f"{BUREAU}-ordre-du-jour.docx", f"{BUREAU}-ordre-du-jour.pdf", f"{BUREAU}.ics"]
    for name, part in attachments.items():
        assert part.get_payload(decode=True) == (folder / name).read_bytes()  # the very files written
    assert attachments[f"{BUREAU}.ics"].get_content_type() == "text/calendar"
    assert attachments[f"{BUREAU}-ordre-du-jour.pdf"].get_content_type() == "application/pdf"
    event = icalendar.Calendar.from_ical(attachments[f"{BUREAU}.ics"].get_payload(decode=True)).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Marseille, siège de l'ARS, bureau de la conseillère médicale, et visioconférence"
    assert (folder / f"{BUREAU}-ordre-du-jour.md").is_file()
    # The sending is recorded in the meeting's file.
    meeting = load(records).college.meetings[BUREAU]  # type: ignore[union-attr]
    assert str(meeting.sent_to_committee.agenda) == "2026-12-01"
    assert "sent_to_committee.agenda: 2026-12-01" in output
    # Addresses are in the draft only: not in the command's output, not in the documents.
    assert "@" not in output
    assert b"@ars-paca" not in (folder / f"{BUREAU}-ordre-du-jour.md").read_bytes()


def test_sending_again_gives_the_same_draft_and_keeps_the_first_date(records: Path) -> None:
    draft = Path("build") / "courriels" / f"{BUREAU}-ordre-du-jour.eml"
    assert send("agenda", BUREAU)[0] == 0
    first = draft.read_bytes()
    exit_code, output = send("agenda", BUREAU, today="2026-12-03")
    assert exit_code == 0, output
    assert draft.read_bytes() == first
    assert "Envoi déjà noté le 01/12/2026" in output


def test_a_member_without_an_address_is_named_and_left_out(records: Path) -> None:
    path = records / "members" / "sfaure.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  email: sophie.faure@ars-paca.example\n", ""), encoding="utf-8")
    exit_code, output = send("agenda", BUREAU)
    assert exit_code == 0, output
    # One person: the singular, in words the user reads.
    assert (
        "Sans adresse électronique, donc hors du brouillon : Mme Sophie Faure (sfaure). "
        "Ajoutez son adresse avec « collegekit member sfaure --email ADRESSE », ou prévenez cette personne autrement.\n"
    ) in output
    assert "(4 destinataires, 3 pièces jointes)" in output
    message = read_draft(Path("build") / "courriels" / f"{BUREAU}-ordre-du-jour.eml")
    addresses = [address.addr_spec for address in message["To"].addresses]
    assert "sophie.faure@ars-paca.example" not in addresses and len(addresses) == 4


def test_send_minutes_attaches_the_minutes_and_records_the_date(records: Path) -> None:
    exit_code, output = send("minutes", PLENARY, today="2026-11-20")
    assert exit_code == 0, output
    message = read_draft(Path("build") / "courriels" / f"{PLENARY}-compte-rendu.eml")
    assert message["Subject"].startswith("Compte rendu : ")
    assert [part.get_filename() for part in message.iter_attachments()] == [
        f"{PLENARY}-compte-rendu.docx",
        f"{PLENARY}-compte-rendu.pdf",
    ]
    assert len(message["To"].addresses) == 15  # 14 members with an address, and the college's recipient
    assert "Sans adresse électronique, donc hors du brouillon : " in output
    assert "Ajoutez leur adresse avec « collegekit member ID --email ADRESSE », ou prévenez ces personnes autrement.\n" in output
    assert "(15 destinataires, 2 pièces jointes)" in output
    meeting = load(records).college.meetings[PLENARY]  # type: ignore[union-attr]
    assert str(meeting.sent_to_committee.minutes) == "2026-11-20"


def test_minutes_not_written_yet_are_not_sent(records: Path) -> None:
    exit_code, output = send("minutes", BUREAU)
    assert exit_code == 2 and "n'est pas encore écrit" in output
    assert not Path("build").exists()


def test_no_draft_without_its_attachments(records: Path) -> None:
    # A file where the documents' folder should be: the documents cannot be written.
    Path("build").mkdir()
    Path("build", "ordres-du-jour").write_text("un fichier, pas un dossier")
    before = (records / "meetings" / f"{BUREAU}.md").read_bytes()
    exit_code, output = send("agenda", BUREAU)
    assert exit_code == 2, output
    assert not Path("build", "courriels").exists()
    assert (records / "meetings" / f"{BUREAU}.md").read_bytes() == before


def test_minutes_sent_as_a_draft_are_sent_again_once_approved(records: Path) -> None:
    """The draft went to the committee before the minutes were approved: what
    counts is the approved minutes' sending. Lint and compliance say only the
    draft went, and `send minutes` after the approval notes the new date."""
    exit_code, output = send("minutes", PLENARY, today="2026-11-20")
    assert exit_code == 0, output
    exit_code, output = run_cli("meeting", PLENARY, "--status", "minutes-approved", "--minutes-approved-on",
                                "2026-12-08", "--records", "records", "--today", "2026-12-08")
    assert exit_code == 0, output
    lint_output = run_cli("lint", "--records", "records", "--today", "2027-01-20")[1]
    assert (
        "avertissement[not-sent-to-committee] le compte rendu est approuvé le 08/12/2026 mais seul son projet a été "
        "envoyé à l'instance (Comité de direction de l'ARS (CODIR)), le 20/11/2026 ; échéance : le 07/01/2027"
    ) in lint_output
    compliance = run_cli("compliance", "--year", "2026", "--format", "md", "--records", "records", "--today",
                         "2027-01-20")[1]
    assert "approuvé le 08/12/2026, seul le projet envoyé, le 20/11/2026" in compliance
    exit_code, output = send("minutes", PLENARY, today="2026-12-10")
    assert exit_code == 0, output
    assert (
        f"Date d'envoi notée dans records/meetings/{PLENARY}.md : sent_to_committee.minutes: 2026-12-10 "
        "(le projet avait été envoyé le 20/11/2026, avant l'approbation)."
    ) in output
    meeting = load(records).college.meetings[PLENARY]  # type: ignore[union-attr]
    assert str(meeting.sent_to_committee.minutes) == "2026-12-10"
    assert "not-sent-to-committee" not in run_cli("lint", "--records", "records", "--today", "2027-01-20")[1]
    exit_code, output = send("minutes", PLENARY, today="2026-12-11")  # once approved and sent: unchanged
    assert "Envoi déjà noté le 10/12/2026" in output


def test_minutes_sent_from_a_meeting_just_held_are_labelled_the_draft(records: Path) -> None:
    """The first `send minutes` notes the minutes drafted: the files it
    attaches say « projet », as `render minutes` says it afterwards."""
    meeting = "2026-11-17-bureau"
    exit_code, output = send("minutes", meeting, today="2026-11-20")
    assert exit_code == 0, output
    attached = Path("build", "comptes-rendus", f"{meeting}-compte-rendu.md").read_text(encoding="utf-8")
    assert "*Projet de compte rendu, non encore approuvé.*" in attached
    exit_code, output = run_cli("render", "minutes", meeting, "--format", "md", "--records", "records",
                                "--out", "after")
    assert exit_code == 0, output
    assert Path("after", "comptes-rendus", f"{meeting}-compte-rendu.md").read_text(encoding="utf-8") == attached
