"""`plan dates`, `fiche --sent-on` and `meeting --start/--end/--place/--format`:
the dates and details lint asks for, written by a command rather than by hand.

Each test runs the command on real files of the small college of the cases:
the exact lines it writes (comments kept), the exact refusals (nothing
written), and that lint's finding is gone once the date is noted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from collegekit.lint import lint_records
from tests.conftest import run_cli
from tests.test_cases import apply_case
from tests.test_scaffold_and_edit import changed_lines

TODAY = "2024-12-20"


@pytest.fixture
def college(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(college_dir.parent)
    return college_dir


def cli(*args: str, today: str = TODAY) -> tuple[int, str]:
    return run_cli(*args, "--records", "records", "--today", today)


def codes(records: Path, today: str = TODAY) -> list[str]:
    return [d.code for d in lint_records(records, dt.date.fromisoformat(today)).diagnostics]


DRAFT_TRAINING = """# Plan de formation 2024 : projet préparé par le bureau.
title: Plan de formation 2024
status: draft  # à présenter en séance plénière
axes:
  - title: Formations
    actions:
      - number: 1
        title: Une formation
        owner: bdupont
        hours: 3
        dpc: true
        status: done
        progress: 100
"""


# --- plan dates ------------------------------------------------------------------


def test_a_plans_presentation_and_validation_are_noted_beside_its_status(college: Path) -> None:
    path = college / "plans" / "2024-training.yaml"
    path.write_text(DRAFT_TRAINING, encoding="utf-8")
    assert codes(college) == ["plan-late"]
    exit_code, output = cli("plan", "dates", "2024-training", "--presented-on", "2024-03-12", "--validated-on", "2024-04-02")
    assert exit_code == 0, output
    assert output == (
        "Noté dans records/plans/2024-training.yaml : status: validated, presented_on: 2024-03-12, "
        "validated_on: 2024-04-02.\n"
    )
    after = path.read_text(encoding="utf-8")
    assert changed_lines(DRAFT_TRAINING, after) == [
        "-status: draft  # à présenter en séance plénière",
        "+status: validated # à présenter en séance plénière",  # ruamel: a longer value pushes the comment
        "+presented_on: 2024-03-12",
        "+validated_on: 2024-04-02",
    ]
    assert after.startswith("# Plan de formation 2024 : projet préparé par le bureau.\n")
    assert codes(college) == []


def test_a_presentation_noted_late_is_written_and_lint_says_so(college: Path) -> None:
    path = college / "plans" / "2024-training.yaml"
    path.write_text(DRAFT_TRAINING, encoding="utf-8")
    exit_code, output = cli("plan", "dates", "2024-training", "--presented-on", "2024-04-15")
    assert exit_code == 0, output
    assert changed_lines(DRAFT_TRAINING, path.read_text(encoding="utf-8")) == [
        "-status: draft  # à présenter en séance plénière",
        "+status: presented # à présenter en séance plénière",
        "+presented_on: 2024-04-15",
    ]
    # The late date is the truth: written, then lint's warning shown, with the command to correct it.
    assert "avertissement[plan-late] présenté le 15/04/2024, après l'échéance du 31/03/2024" in output
    assert "« collegekit plan dates 2024-training --presented-on AAAA-MM-JJ »" in output


def test_plan_not_validated_disappears_once_the_validation_is_noted(college: Path) -> None:
    apply_case("plan-not-validated", college)
    path = college / "plans" / "2024-work.yaml"
    before = path.read_text(encoding="utf-8")
    assert codes(college) == ["plan-not-validated"]
    exit_code, output = cli("plan", "dates", "2024-work", "--validated-on", "2024-04-02")
    assert exit_code == 0, output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        "-status: presented",
        "+status: validated",
        "+validated_on: 2024-04-02",
    ]
    assert codes(college) == []
    # Again: the same date, nothing to write.
    exit_code, output = cli("plan", "dates", "2024-work", "--validated-on", "2024-04-02")
    assert (exit_code, output) == (0, "records/plans/2024-work.yaml était déjà à jour.\n")


def test_a_validated_plan_is_never_set_back_to_presented(college: Path) -> None:
    path = college / "plans" / "2024-work.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("plan", "dates", "2024-work", "--presented-on", "2024-03-01")
    assert exit_code == 0, output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == ["-presented_on: 2024-03-12", "+presented_on: 2024-03-01"]


def test_review_late_disappears_once_the_review_is_noted(college: Path) -> None:
    path = college / "plans" / "2024-work.yaml"
    before = path.read_text(encoding="utf-8")
    assert "review-late" in codes(college, "2025-06-01")
    exit_code, output = cli("plan", "dates", "2024-work", "--review-presented-on", "2025-03-11", today="2025-06-01")
    assert exit_code == 0, output
    assert output.startswith("Noté dans records/plans/2024-work.yaml : review.presented_on: 2025-03-11.\n")
    assert changed_lines(before, path.read_text(encoding="utf-8")) == ["+review:", "+  presented_on: 2025-03-11"]
    assert "review-late" not in codes(college, "2025-06-01")


def test_a_review_date_goes_before_the_reviews_summary(college: Path) -> None:
    path = college / "plans" / "2024-work.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "review:\n  summary: Bilan.  # rédigé par le bureau\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("plan", "dates", "2024-work", "--review-presented-on", "2025-03-11", today="2025-06-01")
    assert exit_code == 0, output
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["+  presented_on: 2025-03-11"]
    assert after.endswith("review:\n  presented_on: 2025-03-11\n  summary: Bilan.  # rédigé par le bureau\n")


def test_a_validation_before_the_presentation_is_refused_with_lints_message(college: Path) -> None:
    path = college / "plans" / "2024-work.yaml"
    before = path.read_bytes()
    exit_code, output = cli("plan", "dates", "2024-work", "--validated-on", "2024-03-01")
    assert exit_code == 1 and path.read_bytes() == before
    assert output == (
        "records/plans/2024-work.yaml:6:15: erreur[invalid-period] le plan est validé le 01/03/2024, avant d'avoir été "
        "présenté (le 12/03/2024)\n"
        "  → Corrigez la date de présentation ou de validation.\n"
        "collegekit : la modification rendrait 2024-work.yaml invalide : rien n'a été écrit.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2024-work",), "rien à changer : indiquez --presented-on, --validated-on ou --review-presented-on (AAAA-MM-JJ)."),
        (("2024-work", "--presented-on", "12/03/2024"), "--presented-on 12/03/2024 : la date s'écrit AAAA-MM-JJ, par exemple 2026-03-17."),
        (("2024-work", "--validated-on", "2024-02-30"), "--validated-on 2024-02-30 : cette date n'existe pas."),
        (
            ("2024-work", "--review-presented-on", "2025-03-11"),
            "--review-presented-on 2025-03-11 : cette date est à venir (nous sommes le 20/12/2024) ; notez-la une fois "
            "le bilan présenté : rien n'a été écrit.",
        ),
        (("2024-wrok", "--presented-on", "2024-03-12"), "« 2024-wrok » n'existe pas dans plans/. Vouliez-vous dire : 2024-work"),
    ],
)
def test_plan_dates_usage_mistakes_write_nothing(college: Path, args: tuple[str, ...], message: str) -> None:
    path = college / "plans" / "2024-work.yaml"
    before = path.read_bytes()
    exit_code, output = cli("plan", "dates", *args)
    assert exit_code == 2 and path.read_bytes() == before
    assert output.startswith(f"collegekit : {message}"), output


# --- fiche --sent-on ---------------------------------------------------------------


def test_fiche_not_sent_disappears_once_the_sending_is_noted(college: Path) -> None:
    apply_case("fiche-not-sent", college)
    path = college / "fiches" / "amartin.yaml"
    path.write_text("# Fiche relue par la présidente.\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert codes(college) == ["fiche-not-sent"]
    exit_code, output = cli("fiche", "amartin", "--sent-on", "2024-01-20")
    assert exit_code == 0, output
    assert output == "Transmission au président notée dans records/fiches/amartin.yaml : sent_to_president_on: 2024-01-20.\n"
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["+sent_to_president_on: 2024-01-20"]
    assert after.startswith("# Fiche relue par la présidente.\n")
    assert "set_on: 2024-01-15\nsent_to_president_on: 2024-01-20\nfunctions:" in after
    assert codes(college) == []


def test_a_fiche_sent_before_it_was_set_is_refused_with_lints_message(college: Path) -> None:
    path = college / "fiches" / "amartin.yaml"
    before = path.read_bytes()
    exit_code, output = cli("fiche", "amartin", "--sent-on", "2024-01-10")
    assert exit_code == 1 and path.read_bytes() == before
    assert output == (
        "records/fiches/amartin.yaml:8:23: erreur[fiche-dates] la fiche est transmise le 10/01/2024, avant d'avoir été "
        "établie le 15/01/2024\n"
        "  → Corrigez l'une des deux dates : la transmission avec « collegekit fiche amartin --sent-on AAAA-MM-JJ », "
        "l'établissement sous « set_on: ».\n"
        "collegekit : la modification rendrait amartin.yaml invalide : rien n'a été écrit.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("amartin",), "rien à changer : indiquez --sent-on AAAA-MM-JJ, la date de transmission au président."),
        (("amartin", "--sent-on", "2024-1-20"), "--sent-on 2024-1-20 : la date s'écrit AAAA-MM-JJ, par exemple 2026-03-17."),
        (
            ("amartin", "--sent-on", "2025-01-20"),
            "--sent-on 2025-01-20 : cette date est à venir (nous sommes le 20/12/2024) ; notez-la une fois la fiche "
            "transmise : rien n'a été écrit.",
        ),
        (
            ("bdupont", "--sent-on", "2024-01-20"),
            "Bruno Dupont n'a pas de fiche de poste : créez-la d'abord (« collegekit new-fiche bdupont »).",
        ),
        (("amartn", "--sent-on", "2024-01-20"), "« amartn » n'existe pas dans fiches/. Vouliez-vous dire : amartin"),
    ],
)
def test_fiche_usage_mistakes_write_nothing(college: Path, args: tuple[str, ...], message: str) -> None:
    path = college / "fiches" / "amartin.yaml"
    before = path.read_bytes()
    exit_code, output = cli("fiche", *args)
    assert exit_code == 2 and path.read_bytes() == before
    assert output.startswith(f"collegekit : {message}"), output


# --- meeting --start/--end/--place/--format ------------------------------------------

PLANNED = """---
kind: plenary
title: Séance plénière
date: 2025-01-21
start: "14:00"
end: "17:00"  # à confirmer
format: video
status: planned
invited: [amartin, bdupont]
sent_to_committee:
  agenda: 2024-12-17
---
"""


@pytest.fixture
def planned(college: Path) -> Path:
    path = college / "meetings" / "2025-01-21-pleniere.md"
    path.write_text(PLANNED, encoding="utf-8")
    return path


def test_a_planned_meeting_moves_in_time_and_place(planned: Path, college: Path) -> None:
    exit_code, output = cli(
        "meeting", "2025-01-21-pleniere", "--start", "9h30", "--end", "12:00", "--place", "Siège, Marseille", "--format", "hybrid"
    )
    assert exit_code == 0, output
    assert output == (
        "L'ordre du jour de 2025-01-21-pleniere est déjà parti (le 17/12/2024) : prévenez les convoqués du changement, "
        "par exemple avec le brouillon que refait « collegekit send agenda 2025-01-21-pleniere ».\n"
        "records/meetings/2025-01-21-pleniere.md mis à jour.\n"
    )
    assert changed_lines(PLANNED, planned.read_text(encoding="utf-8")) == [
        '-start: "14:00"',
        '-end: "17:00"  # à confirmer',
        "-format: video",
        '+start: "09:30"',
        '+end: "12:00"  # à confirmer',
        "+place: Siège, Marseille",
        "+format: hybrid",
    ]
    assert codes(college) == []
    # Back to video: the place goes with an empty --place.
    exit_code, output = cli("meeting", "2025-01-21-pleniere", "--place", "", "--format", "video")
    assert exit_code == 0, output
    assert "place:" not in planned.read_text(encoding="utf-8")


def test_a_held_meetings_place_is_corrected_for_its_minutes(college: Path) -> None:
    """Held, its minutes not yet approved: they must say where it really took place."""
    path = college / "meetings" / "2024-10-08-pleniere.md"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("meeting", "2024-10-08-pleniere", "--place", "Délégation du Vaucluse, Avignon", "--end", "16:30")
    assert exit_code == 0, output
    assert output == "records/meetings/2024-10-08-pleniere.md mis à jour.\n"  # held: no reminder to the convened
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        '-end: "17:00"',
        '+end: "16:30"',
        "+place: Délégation du Vaucluse, Avignon",
    ]
    assert codes(college) == []


def test_an_end_before_the_files_start_is_refused_with_lints_message(planned: Path) -> None:
    exit_code, output = cli("meeting", "2025-01-21-pleniere", "--end", "13:00")
    assert exit_code == 1 and planned.read_text(encoding="utf-8") == PLANNED
    assert output == (
        "records/meetings/2025-01-21-pleniere.md:6:6: erreur[invalid-period] la séance finit à 13:00, avant de "
        "commencer à 14:00\n"
        "  → Corrigez l'heure de début ou l'heure de fin.\n"
        "collegekit : la modification rendrait 2025-01-21-pleniere.md invalide : rien n'a été écrit.\n"
    )


def test_details_of_approved_minutes_are_history(college: Path) -> None:
    exit_code, output = cli("meeting", "2024-10-08-pleniere", "--status", "minutes-approved", "--minutes-approved-on", "2024-12-10")
    assert exit_code == 0, output
    path = college / "meetings" / "2024-10-08-pleniere.md"
    before = path.read_bytes()
    exit_code, output = cli("meeting", "2024-10-08-pleniere", "--place", "Avignon")
    assert exit_code == 2 and path.read_bytes() == before
    assert output == (
        "collegekit : le compte rendu de 2024-10-08-pleniere est approuvé : l'heure, le lieu et le format qu'il donne "
        "sont ceux que le collège a approuvés, collegekit ne les change pas. Une erreur à rectifier se dit au compte "
        "rendu de la séance suivante. Rien n'a été écrit.\n"
    )


RESCHEDULE = (
    "Le jour d'une séance est dans le nom de son fichier : collegekit ne le change pas. Pour déplacer "
    "2025-01-21-pleniere à un autre jour, créez la nouvelle séance (« collegekit new-meeting --date AAAA-MM-JJ »), "
    "puis annulez celle-ci (« collegekit meeting 2025-01-21-pleniere --status cancelled »)."
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--start", "15:00", "--end", "14:00"),
            "--end 14:00 n'est pas après --start 15:00 : rien n'a été écrit. Vérifiez les deux heures.",
        ),
        (("--start", "25:00"), "--start 25:00 : l'heure s'écrit HH:MM, par exemple 14:00."),
        (
            ("--status", "minutes-approved", "--minutes-approved-on", "2024-12-10", "--place", "Avignon"),
            "--status minutes-approved avec --start, --end, --place ou --format : corrigez d'abord l'heure, le lieu "
            "ou le format, puis notez l'approbation. Rien n'a été écrit.",
        ),
        (
            ("--status", "cancelled", "--place", "Avignon"),
            "--status cancelled avec --start, --end, --place ou --format : une séance annulée n'a plus d'heure ni de "
            "lieu à changer. Rien n'a été écrit.",
        ),
        (
            (),
            "rien à changer : indiquez --status, --number, --update-invited, une date d'approbation ou d'envoi, "
            f"--start, --end, --place ou --format (voir --help). {RESCHEDULE}",
        ),
        (("--date", "2025-01-28"), f"--date 2025-01-28 : l{RESCHEDULE[1:]}"),
    ],
)
def test_meeting_detail_mistakes_write_nothing(planned: Path, args: tuple[str, ...], message: str) -> None:
    exit_code, output = cli("meeting", "2025-01-21-pleniere", *args)
    assert exit_code == 2 and planned.read_text(encoding="utf-8") == PLANNED
    assert output == f"collegekit : {message}\n", output


def test_a_cancelled_meeting_is_planned_again_to_change_its_time(planned: Path) -> None:
    exit_code, output = cli("meeting", "2025-01-21-pleniere", "--status", "cancelled")
    assert exit_code == 0, output
    exit_code, output = cli("meeting", "2025-01-21-pleniere", "--start", "10:00")
    assert exit_code == 2
    assert output == (
        "collegekit : la séance 2025-01-21-pleniere est annulée : son heure, son lieu et son format ne servent plus. "
        "Pour la tenir malgré tout ce jour-là, ajoutez --status planned. Rien n'a été écrit.\n"
    )
    exit_code, output = cli("meeting", "2025-01-21-pleniere", "--start", "10:00", "--status", "planned")
    assert exit_code == 0, output
    text = planned.read_text(encoding="utf-8")
    assert 'start: "10:00"' in text and "status: planned" in text


def test_meeting_help_says_how_to_reschedule_and_hides_date() -> None:
    exit_code, output = run_cli("meeting", "--help")
    assert exit_code == 0
    assert "pour la déplacer à un autre jour, créez la nouvelle" in " ".join(output.split())
    assert "--place TEXTE" in output and "--start HH:MM" in output
    assert not [line for line in output.splitlines() if line.lstrip().startswith("--date")]


def test_a_review_before_its_plan_is_refused_with_lints_message(college: Path) -> None:
    path = college / "plans" / "2024-work.yaml"
    before = path.read_bytes()
    exit_code, output = cli("plan", "dates", "2024-work", "--review-presented-on", "2024-02-01")
    assert exit_code == 1 and path.read_bytes() == before
    assert (
        "erreur[invalid-period] le bilan est présenté le 01/02/2024, avant le plan lui-même (le 12/03/2024)\n"
        "  → Corrigez la date de présentation du bilan ou du plan.\n"
        "collegekit : la modification rendrait 2024-work.yaml invalide : rien n'a été écrit.\n"
    ) in output
    # Written by hand, lint reports it.
    path.write_text(path.read_text(encoding="utf-8") + "review:\n  presented_on: 2024-02-01\n", encoding="utf-8")
    assert "invalid-period" in codes(college)


def test_a_validation_without_a_presentation_is_refused(college: Path) -> None:
    """Validated with no presentation noted would read « validé » in summary
    while compliance and lint say the presentation is missing."""
    path = college / "plans" / "2024-training.yaml"
    path.write_text(DRAFT_TRAINING, encoding="utf-8")
    before = path.read_bytes()
    exit_code, output = cli("plan", "dates", "2024-training", "--validated-on", "2024-04-02")
    assert exit_code == 2 and path.read_bytes() == before
    assert output.startswith(
        "collegekit : un plan se valide après sa présentation, qui n'est pas notée : indiquez aussi --presented-on "
        "(AAAA-MM-JJ). Rien n'a été écrit."
    ), output
    exit_code, output = cli("plan", "dates", "2024-training", "--presented-on", "2024-03-12", "--validated-on", "2024-04-02")
    assert exit_code == 0, output
