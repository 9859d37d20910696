"""`collegekit compliance`: each obligation on small colleges where the right
answer is known, then on the example college, its document and its command."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest

from collegekit.compliance import (
    Item,
    Obligation,
    State,
    compliance_report,
    report_data,
    worst,
    year_compliance,
)
from collegekit.records import College, load
from collegekit.render import Renderer, documents
from tests.conftest import BASE_RECORDS, EXAMPLE_RECORDS, run_cli

GOLDEN = Path(__file__).parent / "golden" / "compliance"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
EXAMPLE_TODAY = dt.date(2026, 11, 25)


# --- Building small colleges ----------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the minimal valid college: 2024, three plenary sessions held,
    a physician (amartin, president, with a fiche sent) and a nurse (bdupont)."""
    shutil.copytree(BASE_RECORDS, tmp_path / "records")
    return tmp_path / "records"


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def college_of(root: Path) -> College:
    result = load(root)
    assert [d.message for d in result.errors] == []
    assert result.college is not None
    return result.college


def plenary(day: str, *, status: str = "held", extra: str = "", attendance: str = "present") -> str:
    return f"""\
        ---
        kind: plenary
        title: Séance plénière
        date: {day}
        start: "14:00"
        end: "17:00"
        format: video
        status: {status}
        invited: [amartin, bdupont]
        attendance:
          amartin: {attendance}
          bdupont: {attendance}
        {extra}
        ---
        Le compte rendu en prose.
        """


def obligation(root: Path, key: str, year: int = 2024, today: dt.date = dt.date(2025, 6, 1)) -> Obligation:
    return year_compliance(college_of(root), year, today).obligation(key)


def states(found: Obligation) -> list[tuple[str, State]]:
    return [(item.label, item.state) for item in found.items]


# --- The states ------------------------------------------------------------------


def test_an_obligation_takes_the_state_of_its_worst_item() -> None:
    assert worst([State.MET, State.LATE, State.NOT_APPLICABLE]) is State.LATE
    assert worst([State.MET, State.MISSING, State.LATE]) is State.MISSING
    assert worst([State.MET, State.NOT_APPLICABLE]) is State.MET
    assert worst([State.NOT_APPLICABLE]) is State.NOT_APPLICABLE
    assert worst([]) is State.NOT_APPLICABLE


def test_many_items_show_only_those_not_met() -> None:
    items = tuple(Item(f"fiche {n}", State.MET, "en règle") for n in range(8)) + (
        Item("fiche 9", State.MISSING, "pas de fiche"),
    )
    found = Obligation("fiches", "Fiches", "règle", State.MISSING, "", items)
    shown, hidden = found.items_to_show()
    assert [item.label for item in shown] == ["fiche 9"] and hidden == 8
    few = Obligation("fiches", "Fiches", "règle", State.MET, "", items[:3])
    assert few.items_to_show() == (items[:3], 0)


# --- Plenary sessions -------------------------------------------------------------


def test_three_plenary_sessions_held_are_met(root: Path) -> None:
    found = obligation(root, "plenary-meetings")
    assert found.state is State.MET
    assert found.summary == "3 séances tenues (12/03/2024, 18/06/2024 et 08/10/2024), pour 3 au minimum"
    assert found.evidence[0] == "records/meetings/2024-03-12-pleniere.md"


def test_a_past_year_with_only_two_sessions_is_missing_one(root: Path) -> None:
    (root / "meetings" / "2024-10-08-pleniere.md").unlink()
    found = obligation(root, "plenary-meetings")
    assert found.state is State.MISSING
    assert found.summary == "2 séances tenues (12/03/2024 et 18/06/2024), pour 3 au minimum"
    assert states(found) == [
        ("Séance plénière du 12/03/2024", State.MET),
        ("Séance plénière du 18/06/2024", State.MET),
    ]


def test_a_running_year_with_its_third_session_planned_is_not_due_yet(root: Path) -> None:
    edit(root, "meetings/2024-10-08-pleniere.md", "status: held", "status: planned")
    found = obligation(root, "plenary-meetings", today=dt.date(2024, 9, 1))
    assert found.state is State.NOT_APPLICABLE
    assert found.summary.endswith("; 1 prévue (08/10/2024)")
    # Without it, the running year cannot reach the minimum any more.
    (root / "meetings" / "2024-10-08-pleniere.md").unlink()
    assert obligation(root, "plenary-meetings", today=dt.date(2024, 9, 1)).state is State.MISSING


def test_a_past_session_left_planned_counts_for_neither_lint_nor_compliance(root: Path) -> None:
    """Compliance said the plenaries were missing while lint, counting the
    session as planned, reported only status-out-of-date: both now count what
    the records say took place or is still to come."""
    from collegekit.checks import CheckContext, all_checks

    edit(root, "meetings/2024-10-08-pleniere.md", "status: held", "status: planned")
    today = dt.date(2024, 11, 1)
    found = obligation(root, "plenary-meetings", today=today)
    assert found.state is State.MISSING
    assert ("Séance plénière du 08/10/2024", State.MISSING) in states(found)
    check = next(check for check in all_checks() if check.code == "too-few-meetings")
    college = college_of(root)
    assert [f.message for f in check.function(CheckContext(college, today))] == [
        "2 séances plénières tenues ou prévues en 2024 (12/03/2024, 18/06/2024), pour 3 au minimum selon le règlement"
    ]


def test_a_cancelled_session_does_not_count(root: Path) -> None:
    edit(root, "meetings/2024-10-08-pleniere.md", "status: held", "status: cancelled")
    found = obligation(root, "plenary-meetings")
    assert found.state is State.MISSING
    assert ("Séance plénière du 08/10/2024", State.NOT_APPLICABLE) in states(found)


def test_a_college_rule_of_two_sessions_is_met_by_two(root: Path) -> None:
    (root / "meetings" / "2024-10-08-pleniere.md").unlink()
    with (root / "college.yaml").open("a", encoding="utf-8") as stream:
        stream.write("rules:\n  min_plenary_meetings_per_year: 2\n")
    found = obligation(root, "plenary-meetings")
    assert found.state is State.MET
    assert found.rule.startswith("Au moins 2 séances plénières par an")


# --- Sent to the steering committee ---------------------------------------------


def _unsent(root: Path, day: str) -> None:
    """The session without the agenda's sending date the base college gives it."""
    path = root / "meetings" / f"{day}-pleniere.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"sent_to_committee: \{agenda: \S+\}\n", "", text, count=1), encoding="utf-8")


def _sent(root: Path, day: str, lines: str) -> None:
    _unsent(root, day)
    edit(root, f"meetings/{day}-pleniere.md", "status: held\n", f"status: held\n{lines}")


def test_agendas_sent_before_after_or_never(root: Path) -> None:
    _sent(root, "2024-03-12", "sent_to_committee:\n  agenda: 2024-03-01\n")
    _sent(root, "2024-06-18", "sent_to_committee:\n  agenda: 2024-06-20\n")
    _unsent(root, "2024-10-08")
    found = obligation(root, "agendas-sent")
    assert states(found) == [
        ("Séance plénière du 12/03/2024", State.MET),
        ("Séance plénière du 18/06/2024", State.LATE),
        ("Séance plénière du 08/10/2024", State.MISSING),
    ]
    assert found.state is State.MISSING
    assert found.items[1].detail == "envoyé le 20/06/2024, après la séance"
    assert found.summary == "1 envoyé à temps, 1 envoyé en retard, 1 non envoyé"


def test_the_agenda_of_a_session_to_come_is_not_due_yet(root: Path) -> None:
    edit(root, "meetings/2024-10-08-pleniere.md", "status: held", "status: planned")
    _unsent(root, "2024-10-08")
    found = obligation(root, "agendas-sent", today=dt.date(2024, 9, 1))
    assert found.items[-1].state is State.NOT_APPLICABLE
    assert found.items[-1].detail == "à envoyer au plus tard le 08/10/2024"


def test_minutes_sent_late_in_time_or_never(root: Path) -> None:
    _sent(root, "2024-03-12", "minutes_approved_on: 2024-06-18\nsent_to_committee:\n  minutes: 2024-09-02\n")
    _sent(root, "2024-06-18", "minutes_approved_on: 2024-10-08\nsent_to_committee:\n  minutes: 2024-10-10\n")
    edit(
        root,
        "meetings/2024-10-08-pleniere.md",
        "status: held\n",
        "status: minutes-approved\nminutes_approved_on: 2024-12-10\n",
    )
    found = obligation(root, "minutes-sent")
    assert states(found) == [
        ("Séance plénière du 12/03/2024", State.LATE),
        ("Séance plénière du 18/06/2024", State.MET),
        ("Séance plénière du 08/10/2024", State.MISSING),
    ]
    assert found.items[0].detail == "envoyé le 02/09/2024, plus de 30 jours après son approbation le 18/06/2024"
    assert found.items[2].detail == "approuvé le 10/12/2024, pas de date d'envoi"
    assert found.state is State.MISSING
    # Ten days after the approval, there are twenty more to send them.
    early = obligation(root, "minutes-sent", today=dt.date(2024, 12, 20))
    assert early.items[2].state is State.NOT_APPLICABLE
    assert early.items[2].detail == "approuvé le 10/12/2024, à envoyer au plus tard le 09/01/2025"
    assert early.state is State.LATE


def test_minutes_not_approved_yet_are_not_due(root: Path) -> None:
    found = obligation(root, "minutes-sent")
    assert {item.state for item in found.items} == {State.NOT_APPLICABLE}
    assert found.items[0].detail == "compte rendu pas encore approuvé"
    assert found.state is State.NOT_APPLICABLE


def test_bureau_meetings_are_not_sent_to_the_committee(root: Path) -> None:
    write(
        root,
        "meetings/2024-05-14-bureau.md",
        plenary("2024-05-14").replace("kind: plenary", "kind: bureau").replace("[amartin, bdupont]", "[amartin]"),
    )
    assert len(obligation(root, "agendas-sent").items) == 3


# --- Plans and the review ---------------------------------------------------------


def test_a_plan_presented_and_validated_in_time_is_met(root: Path) -> None:
    found = obligation(root, "plan-work")
    assert found.state is State.MET
    assert found.summary == "présenté le 12/03/2024, validé le 02/04/2024"
    assert found.evidence == ("records/plans/2024-work.yaml",)


def test_a_plan_validated_in_june_is_late(root: Path) -> None:
    edit(root, "plans/2024-work.yaml", "validated_on: 2024-04-02", "validated_on: 2024-06-12")
    found = obligation(root, "plan-work")
    assert found.state is State.LATE
    assert found.summary == "présenté le 12/03/2024, validé le 12/06/2024 ; échéance de validation : 30/04/2024"


def test_a_plan_presented_in_april_is_late(root: Path) -> None:
    edit(root, "plans/2024-work.yaml", "presented_on: 2024-03-12", "presented_on: 2024-04-09")
    edit(root, "plans/2024-work.yaml", "validated_on: 2024-04-02", "validated_on: 2024-04-16")
    found = obligation(root, "plan-work")
    assert found.state is State.LATE
    assert found.summary.endswith("; échéance de présentation : 31/03/2024")


def test_a_later_deadline_set_by_the_college(root: Path) -> None:
    edit(root, "plans/2024-work.yaml", "validated_on: 2024-04-02", "validated_on: 2024-06-12")
    with (root / "college.yaml").open("a", encoding="utf-8") as stream:
        stream.write("rules:\n  plans_due_month: 6\n")
    found = obligation(root, "plan-work")
    assert found.state is State.MET
    assert "au plus tard le 30/06/2024" in found.rule and "valider au plus tard le 31/07/2024" in found.rule


def test_a_plan_not_presented_is_missing_once_due(root: Path) -> None:
    edit(root, "plans/2024-work.yaml", "status: validated\npresented_on: 2024-03-12\nvalidated_on: 2024-04-02\n", "")
    found = obligation(root, "plan-work")
    assert found.state is State.MISSING
    assert found.summary == "pas encore présenté, l'échéance était le 31/03/2024"
    before = obligation(root, "plan-work", today=dt.date(2024, 2, 1))
    assert before.state is State.NOT_APPLICABLE
    assert before.summary == "à présenter au plus tard le 31/03/2024"


def test_a_plan_presented_but_never_validated_is_missing(root: Path) -> None:
    edit(root, "plans/2024-work.yaml", "status: validated", "status: presented")
    edit(root, "plans/2024-work.yaml", "validated_on: 2024-04-02\n", "")
    found = obligation(root, "plan-work")
    assert found.state is State.MISSING
    assert found.summary == "présenté le 12/03/2024, pas validé ; échéance de validation : 30/04/2024"
    waiting = obligation(root, "plan-work", today=dt.date(2024, 4, 15))
    assert waiting.state is State.NOT_APPLICABLE


def test_a_validated_plan_without_its_date_is_met(root: Path) -> None:
    found = obligation(root, "plan-training")  # status validated, no validated_on
    assert found.state is State.MET
    assert found.summary == "présenté le 12/03/2024, validé (date non renseignée)"


def test_a_missing_plan(root: Path) -> None:
    (root / "plans" / "2024-training.yaml").unlink()
    found = obligation(root, "plan-training")
    assert found.state is State.MISSING
    assert found.summary == "aucun plan de formation pour 2024"
    assert found.evidence == ("records/plans/2024-training.yaml",)
    assert obligation(root, "plan-training", today=dt.date(2024, 1, 10)).state is State.NOT_APPLICABLE


def test_internal_rules_stay_in_force_until_replaced(root: Path) -> None:
    assert obligation(root, "plan-rules").state is State.MET
    (root / "plans" / "2024-rules.yaml").unlink()
    assert obligation(root, "plan-rules").state is State.MISSING
    write(
        root,
        "plans/2023-rules.yaml",
        """\
        title: Règlement intérieur
        status: validated
        presented_on: 2023-03-14
        validated_on: 2023-04-04
        sections:
          - title: Article 1
            text: Le collège réunit les médecins.
        """,
    )
    found = obligation(root, "plan-rules")
    assert found.state is State.NOT_APPLICABLE
    assert found.summary == "pas de nouvelle version en 2024 : la version 2023 reste en vigueur"
    assert found.evidence == ("records/plans/2023-rules.yaml",)


def test_the_review_of_the_previous_work_plan(root: Path) -> None:
    assert obligation(root, "work-review").state is State.NOT_APPLICABLE  # no 2023 work plan
    found = obligation(root, "work-review", year=2025, today=dt.date(2025, 6, 1))
    assert found.state is State.MISSING
    assert found.summary == "bilan 2024 pas présenté, l'échéance était le 31/03/2025"
    assert obligation(root, "work-review", year=2025, today=dt.date(2025, 2, 1)).state is State.NOT_APPLICABLE
    with (root / "plans" / "2024-work.yaml").open("a", encoding="utf-8") as stream:
        stream.write("review:\n  presented_on: 2025-05-06\n")
    late = obligation(root, "work-review", year=2025, today=dt.date(2025, 6, 1))
    assert late.state is State.LATE
    assert late.summary == "bilan 2024 présenté le 06/05/2025, après l'échéance du 31/03/2025"
    edit(root, "plans/2024-work.yaml", "presented_on: 2025-05-06", "presented_on: 2025-03-11")
    assert obligation(root, "work-review", year=2025, today=dt.date(2025, 6, 1)).state is State.MET


# --- Fiches de poste ---------------------------------------------------------------


def _member(
    root: Path, member_id: str, profession: str = "physician", memberships: str = "  - start: 2024-01-01\n"
) -> None:
    head = textwrap.dedent(
        f"""\
        title: Dr
        first_name: Claire
        last_name: {member_id.capitalize()}
        profession: {profession}
        status: misp
        site: "13"
        memberships:
        """
    )
    (root / "members" / f"{member_id}.yaml").write_text(head + memberships, encoding="utf-8")


def _fiche(root: Path, member_id: str, set_on: str, sent: str | None) -> None:
    sent_line = f"sent_to_president_on: {sent}\n" if sent else ""
    text = (BASE_RECORDS / "fiches" / "amartin.yaml").read_text(encoding="utf-8")
    text = text.replace("set_on: 2024-01-15\n", f"set_on: {set_on}\n").replace(
        "sent_to_president_on: 2024-01-20\n", sent_line
    )
    (root / "fiches" / f"{member_id}.yaml").write_text(text, encoding="utf-8")


def test_a_physician_without_a_fiche_is_missing(root: Path) -> None:
    _member(root, "cdurand")
    found = obligation(root, "fiches")
    assert found.state is State.MISSING
    assert found.summary == "2 membres concernés : 1 en règle, 1 à compléter"
    assert [(item.label, item.state, item.detail, item.evidence) for item in found.items] == [
        ("Dr Claire Cdurand (médecin)", State.MISSING, "pas de fiche de poste", ("records/members/cdurand.yaml",)),
        (
            "Dr Anne Martin (médecin)",
            State.MET,
            "établie le 15/01/2024, transmise le 20/01/2024",
            ("records/fiches/amartin.yaml",),
        ),
    ]
    assert found.evidence == ("records/members/cdurand.yaml",)


def test_a_fiche_not_sent_or_sent_the_next_year(root: Path) -> None:
    _member(root, "cdurand")
    _fiche(root, "cdurand", "2024-11-04", None)
    found = obligation(root, "fiches")
    assert found.items[0].state is State.MISSING
    assert found.items[0].detail == "établie le 04/11/2024, pas transmise au président"
    _fiche(root, "cdurand", "2024-11-04", "2025-01-08")
    found = obligation(root, "fiches")
    assert found.items[0].state is State.LATE
    assert found.items[0].detail == "établie le 04/11/2024, transmise le 08/01/2025, après la fin de l'année"
    assert found.state is State.LATE
    # Seen during 2024, the fiche sent in 2025 was not sent yet.
    assert obligation(root, "fiches", today=dt.date(2024, 12, 1)).items[0].state is State.MISSING


def test_who_needs_a_fiche(root: Path) -> None:
    _member(root, "cdurand", memberships="  - start: 2019-01-01\n    end: 2023-06-30\n")  # left before 2024
    _member(root, "edubois", memberships="  - start: 2024-01-01\n    role: invited\n")  # invited
    _member(root, "fgarcia", profession="pharmacist")
    found = obligation(root, "fiches")
    assert [item.label for item in found.items] == ["Dr Claire Fgarcia (pharmacien)", "Dr Anne Martin (médecin)"]
    assert found.rule.startswith("Chaque médecin ou pharmacien membre du collège")


# --- Quorum and participation ---------------------------------------------------------


def test_no_quorum_rule_is_not_applicable(root: Path) -> None:
    found = obligation(root, "quorum")
    assert found.state is State.NOT_APPLICABLE and found.summary == "le règlement ne fixe pas de quorum"


def test_a_session_below_the_quorum(root: Path) -> None:
    with (root / "college.yaml").open("a", encoding="utf-8") as stream:
        stream.write("rules:\n  quorum_percent: 60\n")
    found = obligation(root, "quorum")
    # 12/03: both came (100 %); 18/06 and 08/10: one of two (50 %).
    assert [(item.state, item.detail) for item in found.items] == [
        (State.MET, "100\u00a0% des membres attendus"),
        (State.MISSING, "quorum non atteint : 50\u00a0% des membres attendus"),
        (State.MISSING, "quorum non atteint : 50\u00a0% des membres attendus"),
    ]
    assert found.summary == "1 séance au quorum, 2 séances sans quorum établi"


def test_participation_against_the_previous_year(root: Path) -> None:
    write(root, "meetings/2025-03-11-pleniere.md", plenary("2025-03-11"))
    college = college_of(root)
    first = year_compliance(college, 2024, dt.date(2025, 6, 1)).participation
    # 2024: amartin came 3 times out of 3 (head office), bdupont once out of 3 (Vaucluse): 4 of 6.
    assert first.meetings == 3
    assert first.total.rate == pytest.approx(4 / 6) and first.total.expected == 6
    assert first.head_office.rate == 1 and first.delegations.rate == pytest.approx(1 / 3)
    assert first.previous_meetings == 0 and first.previous_total.rate is None and first.change is None
    second = year_compliance(college, 2025, dt.date(2025, 6, 1)).participation
    assert second.total.rate == 1 and second.previous_total.rate == pytest.approx(4 / 6)
    assert second.change == 33 and second.exact_change == pytest.approx(100 / 3)
    assert second.evidence == ("records/meetings/2025-03-11-pleniere.md",)


# --- Several years, JSON -------------------------------------------------------------


def test_several_years_side_by_side(root: Path) -> None:
    report = compliance_report(college_of(root), 2025, dt.date(2025, 6, 1), since=2023)
    assert [year.year for year in report.years] == [2023, 2024, 2025]
    assert [key for key, _ in report.keys][:3] == ["plenary-meetings", "agendas-sent", "minutes-sent"]
    assert report.years[0].obligation("plenary-meetings").state is State.MISSING  # no session in 2023
    assert report.years[2].in_progress and not report.years[1].in_progress
    with pytest.raises(ValueError):
        compliance_report(college_of(root), 2024, dt.date(2025, 6, 1), since=2025)


def test_a_year_to_come_owes_nothing_yet(root: Path) -> None:
    found = year_compliance(college_of(root), 2026, dt.date(2025, 6, 1))
    assert found.to_come
    assert {o.key: o.state for o in found.obligations if o.state is not State.NOT_APPLICABLE} == {}


def test_json_has_every_obligation_with_its_rule_source_and_records(root: Path) -> None:
    college = college_of(root)
    data = report_data(college, compliance_report(college, 2024, dt.date(2025, 6, 1)))
    year = data["years"][0]
    assert year["year"] == 2024 and year["reference_day"] == "2024-12-31" and year["in_progress"] is False
    keys = [o["key"] for o in year["obligations"]]
    assert keys == [
        "plenary-meetings",
        "agendas-sent",
        "minutes-sent",
        "plan-work",
        "plan-training",
        "plan-rules",
        "plan-organisation",
        "work-review",
        "fiches",
        "quorum",
    ]
    plenaries = year["obligations"][0]
    assert plenaries["state"] == "met" and plenaries["state_label"] == "fait"
    assert plenaries["source"].startswith("college.yaml : rules.min_plenary_meetings_per_year")
    assert plenaries["items"][0]["evidence"] == ["records/meetings/2024-03-12-pleniere.md"]
    assert year["participation"]["total"]["rate"] == pytest.approx(4 / 6, abs=1e-6)
    assert sum(year["counts"].values()) == 10


# --- The example college --------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> College:
    result = load(EXAMPLE_RECORDS)
    assert result.college is not None and not result.errors
    return result.college


def test_example_college_2026(example: College) -> None:
    year = year_compliance(example, 2026, EXAMPLE_TODAY)
    assert {o.key: o.state.value for o in year.obligations} == {
        "plenary-meetings": "met",
        "agendas-sent": "met",
        "minutes-sent": "met",
        "plan-work": "met",
        "plan-training": "met",
        "plan-rules": "met",
        "plan-organisation": "met",  # presented in March 2026, validated in April
        "work-review": "met",
        "fiches": "met",
        "quorum": "met",
    }
    minutes = year.obligation("minutes-sent")
    # The minutes of 13 October are approved at the next plenary: not due yet.
    assert [item.state.value for item in minutes.items] == ["met", "met", "not-applicable"]
    fiches = year.obligation("fiches")
    assert {item.state for item in fiches.items} == {State.MET}
    # 23 physicians and 8 pharmacists; three invited, three who left before 2026, and lbertrand who
    # left in March: the members in office on the day judged, as lint's fiche-missing asks.
    assert len(fiches.items) == 25
    assert year.counts_text() == "10 faites"
    assert year.participation.meetings == 3 and year.participation.previous_meetings == 3


def test_example_college_2025(example: College) -> None:
    year = year_compliance(example, 2025, EXAMPLE_TODAY)
    assert year.obligation("plan-organisation").state is State.MET
    # Dr Marchand's fiche, established in October 2026, came after the end of 2025.
    assert year.obligation("fiches").state is State.LATE
    assert year.obligation("work-review").state is State.NOT_APPLICABLE  # no 2024 plan
    assert year.obligation("plenary-meetings").summary.startswith("3 séances tenues (18/03/2025, 24/06/2025")
    fiches = year.obligation("fiches")
    assert len(fiches.items) == 25  # in office on 31 December 2025
    assert [item.label for item in fiches.items if item.state is not State.MET] == ["Dr Rémi Marchand (médecin)"]


# --- Documents (golden) ------------------------------------------------------------------

GOLDEN_CASES = {
    "obligations-2026": (2026, None),
    "obligations-2025-2026": (2026, 2025),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_markdown(name: str, example: College) -> None:
    year, since = GOLDEN_CASES[name]
    text = Renderer(example).markdown(
        documents.compliance(example, compliance_report(example, year, EXAMPLE_TODAY, since))
    )
    golden = GOLDEN / f"{name}.md"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} manque : UPDATE_GOLDEN=1 make test"
    assert text == golden.read_text(encoding="utf-8")


def test_a_document_of_a_small_college_with_every_state(root: Path) -> None:
    _member(root, "cdurand")
    edit(root, "plans/2024-work.yaml", "validated_on: 2024-04-02", "validated_on: 2024-06-12")
    college = college_of(root)
    text = Renderer(college).markdown(
        documents.compliance(college, compliance_report(college, 2024, dt.date(2025, 6, 1)))
    )
    assert "| Plan de travail annuel | En retard |" in text
    assert "| Fiches de poste établies et transmises au président | Manquant |" in text
    assert (
        "- **Manquant** — Dr Claire Cdurand (médecin)\u00a0: pas de fiche de poste (records/members/cdurand.yaml)"
        in text
    )
    assert text.count("\n# ") == 1


# --- The command ------------------------------------------------------------------------


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def test_command_in_the_terminal(wide: None) -> None:
    code, output = run_cli("compliance", "--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25")
    assert code == 0, output
    assert "Obligations du collège en 2026 — situation au 25/11/2026 (année en cours)" in output
    assert "✘ manquant" not in output and "tous les 25" in output and "autres" not in output
    assert "Sur 10 obligations : 10 faites." in output
    assert "61\u00a0% en 2026 (3 séances), contre 61\u00a0% en 2025 (stable)" in output


def test_command_over_several_years(wide: None) -> None:
    code, output = run_cli(
        "compliance", "--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25", "--year", "2026", "--since", "2025"
    )
    assert code == 0, output
    assert "Obligations du collège de 2025 à 2026" in output and "2026 (en cours)" in output
    assert "À reprendre" in output and "records/fiches/rmarchand.yaml" in output


def test_command_json_and_markdown(tmp_path: Path) -> None:
    code, output = run_cli("compliance", "--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25", "--format", "json")
    assert code == 0
    organisation = json.loads(output)["years"][0]["obligations"][6]
    assert (organisation["key"], organisation["state"]) == ("plan-organisation", "met")
    out = tmp_path / "bilan.md"
    code, output = run_cli(
        "compliance", "--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25", "--format", "md", "--out", str(out)
    )
    assert code == 0, output
    assert out.read_text(encoding="utf-8") == (GOLDEN / "obligations-2026.md").read_text(encoding="utf-8")


def test_command_docx(tmp_path: Path) -> None:
    out = tmp_path / "bilan.docx"
    code, output = run_cli(
        "compliance", "--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25", "--format", "docx", "--out", str(out)
    )
    assert code == 0, output
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "Obligations du collège en 2026" in body and "organisation des fonctions médicales" in body


def test_command_refuses_a_bad_period_and_broken_records(root: Path) -> None:
    code, output = run_cli("compliance", "--records", str(root), "--year", "2024", "--since", "2025")
    assert code == 2 and "--since 2025" in output
    (root / "members" / "bdupont.yaml").write_text("first_name: Bruno\n", encoding="utf-8")
    code, output = run_cli("compliance", "--records", str(root), "--year", "2024")
    assert code == 1 and "collegekit lint" in output


def test_command_takes_the_format_from_the_file_name(tmp_path: Path) -> None:
    out = tmp_path / "bilan.json"
    code, output = run_cli("compliance", "--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25", "--out", str(out))
    assert code == 0, output
    assert json.loads(out.read_text(encoding="utf-8"))["today"] == "2026-11-25"
    code, output = run_cli("compliance", "--records", str(EXAMPLE_RECORDS), "--out", str(tmp_path / "bilan.txt"))
    assert code == 2 and "indiquez --format (md, docx, pdf, json)" in output


def test_a_fiche_still_to_complete_is_not_counted_established(tmp_path: Path) -> None:
    """lint warns fiche-placeholder: compliance cannot say « en règle »."""
    from collegekit.compliance import fiches

    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)
    path = records / "fiches" / "mroux.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "service: Délégation départementale des Hautes-Alpes", "service: Service à préciser"), encoding="utf-8")
    college = load(records).college
    assert college is not None
    found = fiches(college, 2026, dt.date(2026, 11, 25))
    (item,) = [item for item in found.items if "Roux" in item.label]
    assert item.state is State.MISSING and item.detail.startswith("encore à compléter : ")
