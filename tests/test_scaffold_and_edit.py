"""Creating and editing records: new-meeting, attend, meeting."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shutil
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap

from collegekit.edit import EditRefused, edit_record
from collegekit.lint import lint_records
from collegekit.records import load
from tests.conftest import EXAMPLE_RECORDS, TESTS, run_cli

GOLDEN = TESTS / "golden" / "new-meeting-plenary.md"


def test_new_meeting_is_the_expected_file_and_lints_clean(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(college_dir.parent)
    exit_code, output = run_cli(
        "new-meeting", "--records", "records", "--date", "2024-12-10", "--theme", "Santé mentale des jeunes"
    )
    assert exit_code == 0, output
    assert "Séance créée : records/meetings/2024-12-10-pleniere.md" in output
    written = (college_dir / "meetings" / "2024-12-10-pleniere.md").read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(written, encoding="utf-8")
    assert written == GOLDEN.read_text(encoding="utf-8")
    result = lint_records(college_dir, dt.date(2024, 12, 1))
    assert result.diagnostics == []


def test_new_meeting_never_overwrites(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(college_dir.parent)
    existing = college_dir / "meetings" / "2024-03-12-pleniere.md"
    before = existing.read_bytes()
    exit_code, output = run_cli("new-meeting", "--records", "records", "--date", "2024-03-12")
    assert exit_code == 1 and "a déjà lieu le 12/03/2024" in output
    exit_code, output = run_cli("new-meeting", "--records", "records", "--date", "2024-03-12", "--kind", "bureau", "--slug", "pleniere")
    assert exit_code == 1 and "existe déjà" in output
    assert existing.read_bytes() == before


def test_new_meeting_without_a_terminal_never_asks(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(college_dir.parent)
    exit_code, output = run_cli("new-meeting", "--records", "records")
    assert exit_code == 2 and "ajoutez --date AAAA-MM-JJ" in output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--date", "12/03/2024"), "la date s'écrit AAAA-MM-JJ"),
        (("--date", "2024-02-30"), "cette date n'existe pas"),
        (("--date", "2024-12-10", "--slug", "../evil"), "seuls les lettres minuscules"),
        (("--date", "2024-12-10", "--start", "25:00"), "l'heure s'écrit HH:MM"),
        (("--date", "2024-12-10", "--start", "14:00", "--end", "13:00"),
         "--end 13:00 n'est pas après --start 14:00 : rien n'a été écrit. Vérifiez les deux heures."),
    ],
)
def test_new_meeting_refuses_bad_values(
    arguments: tuple[str, ...], message: str, college_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(college_dir.parent)
    exit_code, output = run_cli("new-meeting", "--records", "records", *arguments)
    assert exit_code == 2 and message in output
    assert sorted(p.name for p in (college_dir / "meetings").iterdir())[-1] == "2024-10-08-pleniere.md"


def test_new_meeting_warns_about_holidays_and_weekends(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(college_dir.parent)
    output = run_cli("new-meeting", "--records", "records", "--date", "2024-07-14")[1]
    assert "dimanche" in output and "jour férié (Fête nationale)" in output


@pytest.fixture
def example_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE_RECORDS, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "records"


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_attend_changes_only_the_lines_it_means_to(example_copy: Path) -> None:
    path = example_copy / "meetings" / "2026-03-17-pleniere.md"
    before = path.read_text(encoding="utf-8")
    assert "# Siège" in before  # a commented file: comments must survive
    exit_code, output = run_cli("attend", "2026-03-17-pleniere", "grobin", "kmartinez", "--status", "excused")
    assert exit_code == 0, output
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-  kmartinez: video",
        "+  kmartinez: excused",
        "-  grobin: video",
        "+  grobin: excused",
    ]


def test_meeting_status_and_dates(example_copy: Path) -> None:
    path = example_copy / "meetings" / "2026-10-13-pleniere.md"
    before = path.read_text(encoding="utf-8")
    exit_code, output = run_cli(
        "meeting", "2026-10-13-pleniere", "--status", "minutes-approved", "--minutes-approved-on", "2026-11-20",
        "--minutes-sent-on", "2026-11-23",
    )
    assert exit_code == 0, output
    changes = changed_lines(before, path.read_text(encoding="utf-8"))
    assert "-status: minutes-drafted" in changes and "+status: minutes-approved" in changes
    assert "+minutes_approved_on: 2026-11-20" in changes and "+  minutes: 2026-11-23" in changes
    assert lint_records(example_copy, dt.date(2026, 11, 25)).diagnostics == []


def test_unknown_meeting_and_member_get_close_matches(example_copy: Path) -> None:
    exit_code, output = run_cli("attend", "2026-03-17-plenire", "grobin", "--status", "present")
    assert exit_code == 2 and "Vouliez-vous dire : 2026-03-17-pleniere" in output
    exit_code, output = run_cli("attend", "2026-03-17-pleniere", "grobinn", "--status", "present")
    assert exit_code == 1 and "« grobinn » n'a pas de fichier dans members/\n  → Vouliez-vous dire « grobin » ?" in output


def test_an_edit_that_would_break_the_record_is_refused(example_copy: Path) -> None:
    path = example_copy / "meetings" / "2026-03-17-pleniere.md"
    before = path.read_bytes()

    def break_it(data: CommentedMap) -> None:
        data["date"] = "17/03/2026"

    with pytest.raises(EditRefused) as refusal:
        edit_record(path, "meetings", break_it)
    assert refusal.value.diagnostics[0].code == "invalid-date"
    assert path.read_bytes() == before


def test_an_edit_is_refused_if_the_file_changed_meanwhile(example_copy: Path) -> None:
    path = example_copy / "meetings" / "2026-03-17-pleniere.md"

    def someone_else_saves(data: CommentedMap) -> None:
        path.write_text(path.read_text(encoding="utf-8") + "\nAjout d'un collègue.\n", encoding="utf-8")
        data["status"] = "held"

    with pytest.raises(EditRefused, match="modifié pendant l'opération"):
        edit_record(path, "meetings", someone_else_saves)
    assert path.read_text(encoding="utf-8").endswith("Ajout d'un collègue.\n")


def test_interactive_attendance_needs_a_terminal(example_copy: Path) -> None:
    exit_code, output = run_cli("attend", "2026-03-17-pleniere", "--interactive")
    assert exit_code == 2 and "lancez la commande dans un terminal" in output


def test_ics_export_parses_back_with_paris_time(example_copy: Path) -> None:
    import icalendar

    out = example_copy.parent / "seances.ics"
    exit_code, output = run_cli("export", "ics", "--year", "2026", "--out", str(out))
    assert exit_code == 0 and "8 séances exportées" in output
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 8
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    march = next(e for e in events if str(e["UID"]).startswith("2026-03-17-pleniere."))
    start = march.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 30, "Europe/Paris")
    assert "Ordre du jour\nI. " in str(march["DESCRIPTION"])
    # The same meeting keeps its UID from one export to the next.
    again = icalendar.Calendar.from_ical(run_cli("export", "ics", "2026-03-17-pleniere")[1].encode())
    assert again.walk("VEVENT")[0]["UID"] == march["UID"]


def test_init_creates_a_college_that_lints_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exit_code, output = run_cli(
        "init", "nouveau", "--name", "Collège de test", "--region", "Occitanie", "--city", "Montpellier",
        "--committee", "Comité de direction", "--departement", "34=Hérault", "--departement", "30=Gard",
    )
    assert exit_code == 0, output
    created = sorted(str(p.relative_to(tmp_path / "nouveau")) for p in (tmp_path / "nouveau").rglob("*") if p.is_file())
    assert created == [
        ".github/workflows/collegekit.yml", ".gitignore", ".pre-commit-config.yaml", "README.md",
        "records/college.yaml", "records/fiches/.gitkeep", "records/meetings/.gitkeep",
        "records/members/.gitkeep", "records/plans/.gitkeep",
    ]
    assert lint_records(tmp_path / "nouveau" / "records", dt.date(2026, 1, 15)).diagnostics == []
    exit_code, output = run_cli("init", "nouveau", "--name", "Autre")
    assert exit_code == 2 and "n'est pas vide" in output
    exit_code, output = run_cli("init", "autre", "--name", "x", "--region", "y", "--city", "z", "--committee", "c")
    assert exit_code == 2 and "au moins un département" in output


def test_new_member_fiche_and_plan(example_copy: Path) -> None:
    exit_code, output = run_cli(
        "new-member", "--first-name", "Élodie", "--last-name", "Martin-Dupré", "--profession", "physician",
        "--status", "misp", "--site", "13", "--start", "2026-11-02", "--title", "Dr",
    )
    assert exit_code == 0 and "records/members/emartin-dupre.yaml" in output, output
    found = lint_records(example_copy, dt.date(2026, 11, 25)).diagnostics
    assert [d.code for d in found] == ["fiche-missing"]
    exit_code, output = run_cli("new-fiche", "emartin-dupre")
    assert exit_code == 0, output
    # new-fiche dates the fiche by the machine's clock; lint below runs as on the example's day,
    # when a fiche dated later is not one yet (lint and compliance alike).
    fiche = example_copy / "fiches" / "emartin-dupre.yaml"
    fiche.write_text(re.sub(r"set_on: \S+", "set_on: 2026-11-24", fiche.read_text(encoding="utf-8")), encoding="utf-8")
    exit_code, output = run_cli("new-plan", "--year", "2027", "--kind", "work")
    assert exit_code == 0 and "17 actions non terminées de 2026 reprises" in output
    # The new fiche is still to be written and sent to the president: said until it is.
    found = lint_records(example_copy, dt.date(2026, 11, 25)).diagnostics
    assert [d.code for d in found] == ["fiche-placeholder", "fiche-not-sent"]
    plan = load_plan(example_copy / "plans" / "2027-work.yaml")
    assert all(action.carried_over_from == 2026 for action in plan.actions)
    assert [a.number for a in plan.actions] == list(range(1, 18))
    exit_code, output = run_cli("new-plan", "--year", "2027", "--kind", "work")
    assert exit_code == 1 and "existe déjà" in output
    exit_code, output = run_cli("new-member", "--first-name", "A", "--last-name", "B", "--profession", "medicin",
                                "--status", "misp", "--site", "13")
    assert exit_code == 2 and (
        "l'option --profession : « medicin » n'est pas une valeur possible ; vouliez-vous dire « médecin » ? "
        "(valeurs possibles : physician (médecin), pharmacist (pharmacien), nurse (infirmier), "
    ) in output
    assert not (example_copy / "members" / "ab.yaml").exists()


@pytest.mark.parametrize(
    ("options", "written"),
    [
        (("--profession", "Médecin", "--status", "contractuel", "--title", "Docteur"),
         ("title: Dr", "profession: physician", "status: contract")),
        (("--profession", "infirmière", "--status", "contract", "--title", "madame", "--role", "membre du bureau"),
         ("title: Mme", "profession: nurse", "role: bureau")),
        (("--profession", "nurse", "--status", "contract", "--site", "Bouches-du-Rhône", "--email", " l.e@ars.fr ",
          "--title", "Dr", "--gender", "F"),
         ('site: "13"', "email: l.e@ars.fr", "gender: f")),
    ],
)
def test_new_member_takes_the_french_words(options: tuple[str, ...], written: tuple[str, ...], example_copy: Path) -> None:
    exit_code, output = run_cli("new-member", "--first-name", "Léa", "--last-name", "Essai", "--site", "13", *options,
                                "--today", "2026-11-25")
    assert exit_code == 0, output
    text = (example_copy / "members" / "lessai.yaml").read_text(encoding="utf-8")
    assert all(any(found.strip() == line for found in text.splitlines()) for line in written), text


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (("--title", "Chef"), "--title Chef : civilité inconnue. Écrivez l'une de : Dr, Pr, M., Mme, Mlle, Me."),
        (("--email", "pas une adresse"),
         "--email : « pas une adresse » n'est pas une adresse électronique ; écrivez-la sous la forme "
         "prenom.nom@domaine.fr, ou laissez --email de côté."),
        (("--status", "vacataire"), "l'option --status : « vacataire » n'est pas une valeur possible"),
        (("--site", "99"), "--site 99 : ni head-office (le siège) ni un département déclaré dans college.yaml "
                           "(04 (Alpes-de-Haute-Provence), 05 (Hautes-Alpes), 06 (Alpes-Maritimes), "
                           "13 (Bouches-du-Rhône), 83 (Var), 84 (Vaucluse)) : rien n'a été écrit."),
    ],
)
def test_new_member_refuses_a_wrong_option_by_its_name(option: tuple[str, ...], message: str, example_copy: Path) -> None:
    exit_code, output = run_cli("new-member", "--first-name", "Léa", "--last-name", "Essai", "--site", "13",
                                "--profession", "nurse", "--status", "contract", *option)
    assert exit_code == 2 and message in output, output
    assert not (example_copy / "members" / "lessai.yaml").exists()


def load_plan(path: Path):  # type: ignore[no-untyped-def]
    from collegekit.records import load_record_file

    record, problems = load_record_file("plans", path)
    assert problems == []
    return record


def test_two_editors_of_one_meeting_cannot_interleave(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from collegekit import edit

    path = example_copy / "meetings" / "2026-03-17-pleniere.md"
    before = path.read_bytes()
    monkeypatch.setattr(edit, "LOCK_WAIT_SECONDS", 0.2)
    outer_result: list[bool] = []

    def nested_edit(data: CommentedMap) -> None:
        # A second editor arrives while the first holds the record.
        with pytest.raises(EditRefused, match="un autre collegekit modifie"):
            edit_record(path, "meetings", lambda inner: inner.__setitem__("status", "held"))
        data["status"] = "minutes-drafted"

    outer_result.append(edit_record(path, "meetings", nested_edit))
    assert outer_result == [True]
    assert path.read_bytes() != before and b"status: minutes-drafted" in path.read_bytes()


def _body(path: Path) -> bytes:
    text = path.read_bytes()
    return text[text.index(b"\n---\n") :]


@pytest.mark.parametrize(
    "command",
    [
        ("attend", "2025-11-25-pleniere", "jlambert", "--status", "video"),
        ("meeting", "2025-11-25-pleniere", "--status", "minutes-drafted"),
        ("meeting", "2025-11-25-pleniere", "--minutes-approved-on", "2026-03-18", "--agenda-sent-on", "2025-11-08"),
        ("action", "2025-11-25-pleniere", "4", "--status", "done", "--note", "Présenté le 17 mars."),
    ],
    ids=lambda command: " ".join(command[:2] + command[2:3]),
)
def test_writing_commands_leave_the_minutes_byte_for_byte(example_copy: Path, command: tuple[str, ...]) -> None:
    # The body is the approved text of the minutes: commands edit the front matter only.
    path = example_copy / "meetings" / "2025-11-25-pleniere.md"
    whole, before = path.read_bytes(), _body(path)
    assert b"## I. Ouverture" in before and b"- Action : @cmoreau" in before
    exit_code, output = run_cli(*command)
    assert exit_code == 0, output
    assert _body(path) == before
    assert path.read_bytes() != whole  # the front matter did change


def test_new_meeting_writes_the_college_agenda_template_as_the_body(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = college_dir.parent / "templates"
    templates.mkdir()
    (templates / "agenda-bureau.yaml").write_text(
        "# The bureau's usual agenda\n"
        "- title: Suivi des actions\n"
        "  speakers: [amartin]\n"
        "- title: Préparation de la séance\n"
        "  items:\n"
        "    - title: Ordre du jour\n"
        "    - title: Intervenants extérieurs\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(college_dir.parent)
    exit_code, output = run_cli("new-meeting", "--records", "records", "--date", "2024-11-05", "--kind", "bureau", "--no-input")
    assert exit_code == 0, output
    text = (college_dir / "meetings" / "2024-11-05-bureau.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert "agenda:" not in text
    assert body.startswith(
        "\n## I. Suivi des actions\n\nIntervenant : @amartin\n\n<!-- Sous chaque titre"
    )
    assert body.endswith("## II. Préparation de la séance\n\n### a) Ordre du jour\n\n### b) Intervenants extérieurs\n")
    college = load(college_dir).college
    assert college is not None
    meeting = college.meetings["2024-11-05-bureau"]
    assert [part.title for part in meeting.agenda] == ["Suivi des actions", "Préparation de la séance"]
    assert not meeting.has_minutes  # a skeleton and a comment are not minutes yet


def test_a_member_who_joined_before_meetings_held_is_told_where_their_presence_is_missing(example_copy: Path) -> None:
    exit_code, output = run_cli(
        "new-member", "--records", "records", "--first-name", "Jeanne", "--last-name", "Essai", "--title", "Mme",
        "--profession", "nurse", "--status", "contract", "--site", "83", "--start", "2026-06-01",
        "--today", "2026-11-25",
    )
    assert exit_code == 0, output
    assert (
        "2 séances tenues depuis son arrivée ne disent pas sa présence : 2026-06-23-pleniere, 2026-10-13-pleniere. "
        "Notez-la à chacune, par exemple « collegekit attend 2026-06-23-pleniere --absent jessai » (ou --present, "
        "--video, --excused)."
    ) in output
    # Exactly the meetings lint then reports.
    lint_output = run_cli("lint", "--records", "records", "--today", "2026-11-25")[1]
    reported = sorted(set(re.findall(r"meetings/([\w-]+)\.md:\d+:\d+: erreur\[attendance-missing-member\]", lint_output)))
    assert reported == ["2026-06-23-pleniere", "2026-10-13-pleniere"]
    for meeting in reported:
        assert run_cli("attend", meeting, "--absent", "jessai", "--records", "records", "--today", "2026-11-25")[0] == 0
    assert "attendance-missing-member" not in run_cli("lint", "--records", "records", "--today", "2026-11-25")[1]


def test_in_a_terminal_new_member_asks_the_agreement_of_a_doctor(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from collegekit.cli import app

    monkeypatch.setattr("collegekit.cli.new.interactive", lambda no_input: True)
    answers = "Léa\nEssai\nmédecin\nmisp\n13\nDr\nf\n"
    result = CliRunner().invoke(app, ["new-member", "--records", "records", "--today", "2026-11-25"], input=answers)
    assert result.exit_code == 0, result.output
    asked = " ".join(result.output.split())  # the question may wrap at the terminal's width
    assert "Accord des fonctions : f (Présidente, Infirmière) ou m (Président, Infirmier) [f/m] (m):" in asked
    text = (example_copy / "members" / "lessai.yaml").read_text(encoding="utf-8")
    assert "title: Dr\n" in text and "gender: f\n" in text


def test_new_fiche_refuses_a_profession_the_college_keeps_no_fiche_for(example_copy: Path) -> None:
    exit_code, output = run_cli("new-fiche", "emercier")
    assert exit_code == 1, output
    assert (
        "emercier.yaml:3:1: erreur[fiche-profession] Mme Élise Mercier est infirmière : le collège ne tient de fiches "
        "de poste que pour les professions suivantes : médecin, pharmacien → Vérifiez le nom du fichier, ou ajoutez "
        "la profession à rules.fiche_professions dans college.yaml. collegekit : emercier.yaml serait refusé par "
        "« collegekit lint » (ci-dessus) : rien n'a été écrit."
    ) in " ".join(output.split())
    assert not (example_copy / "fiches" / "emercier.yaml").exists()


def test_minutes_cannot_be_noted_approved_before_they_are_written(example_copy: Path) -> None:
    path = example_copy / "meetings" / "2026-12-15-bureau.md"
    before = path.read_bytes()
    exit_code, output = run_cli("meeting", "2026-12-15-bureau", "--status", "minutes-approved", "--today", "2026-12-20")
    assert exit_code == 1, output
    assert "erreur[minutes-missing]" in output and "rien n'a été écrit" in output
    assert path.read_bytes() == before
