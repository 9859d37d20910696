"""The obligations registry (collegekit.obligations): declared like the
checks, and an obligation and the lint checks about the same duty agree over
random colleges: compliance reports it missing or late exactly when lint has
a finding about it, for every year lint judges and every pair."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from collegekit.checks import CheckContext, Finding, all_checks, years_covered
from collegekit.compliance import State, year_compliance
from collegekit.models.fiche import Fiche
from collegekit.models.meeting import SentToCommittee
from collegekit.models.plan import Plan
from collegekit.models.plan_kind import PlanKind
from collegekit.obligations import Duty, all_obligations
from collegekit.records import RECORD_KINDS, College, plan_id
from tests.test_stats import college
from tests.test_stats_properties import PROPERTIES, colleges


def test_the_registry_is_the_report() -> None:
    found = year_compliance(college({}, {}), 2024, dt.date(2024, 6, 1))
    assert [o.key for o in found.obligations] == [duty.key for duty in all_obligations()]
    codes = {check.code for check in all_checks()}
    kinds = {"college"} | {kind.folder for kind in RECORD_KINDS}
    for duty in all_obligations():
        assert set(duty.checks) <= codes and duty.reads and duty.reads <= kinds, duty.key


# Each (year, kind) a random college may have a plan for, and the dates it
# may hold around a due date of the end of March (presented by then,
# validated by the end of April).
PLAN_YEARS = range(2022, 2027)
OWN_KINDS = [kind for kind in PlanKind if kind.own]


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Plan]:
    found = {}
    for year in PLAN_YEARS:
        for kind in OWN_KINDS:
            if not draw(st.booleans()):
                continue
            around = st.none() | st.dates(min_value=dt.date(year, 2, 1), max_value=dt.date(year, 6, 30))
            presented = draw(around)
            validated = draw(around) if presented is not None else None
            data = {
                "title": "Plan",
                "status": draw(st.sampled_from(["draft", "presented", "validated"])),
                "presented_on": presented,
                "validated_on": validated,
            }
            if kind is PlanKind.WORK:
                data["review"] = {"presented_on": draw(st.none() | st.dates(dt.date(year + 1, 1, 1), dt.date(year + 1, 6, 30)))}
            found[plan_id(year, kind)] = Plan.model_validate(data)
    return found


@st.composite
def colleges_and_days(draw: st.DrawFn) -> tuple[College, dt.date]:
    drawn = draw(colleges())
    rules = {"min_plenary_meetings_per_year": draw(st.integers(0, 4))}
    day = draw(st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 31)))
    # Sessions sent to the committee (or not) around their date and their approval.
    around = st.none() | st.dates(min_value=dt.date(2021, 12, 1), max_value=dt.date(2027, 1, 31))
    meetings = {
        meeting_id: meeting.model_copy(
            update={
                "minutes_approved_on": draw(around),
                "sent_to_committee": SentToCommittee(agenda=draw(around), minutes=draw(around)),
            }
        )
        for meeting_id, meeting in drawn.meetings.items()
    }
    records = college(drawn.members, meetings, rules)
    # A fiche for some members, set before, during or after the years judged.
    fiches = {
        member_id: Fiche.model_validate({**FICHE, "set_on": set_on})
        for member_id in drawn.members
        if (set_on := draw(st.none() | st.dates(min_value=dt.date(2021, 6, 1), max_value=dt.date(2027, 6, 30))))
        is not None
    }
    records = dataclasses.replace(records, fiches=fiches)
    drawn_plans = draw(plans())
    # Compliance names each record's file as its evidence.
    paths = {f"meetings/{meeting_id}": Path("records", "meetings", f"{meeting_id}.md") for meeting_id in drawn.meetings}
    paths |= {f"members/{member_id}": Path("records", "members", f"{member_id}.yaml") for member_id in drawn.members}
    paths |= {f"plans/{identifier}": Path("records", "plans", f"{identifier}.yaml") for identifier in drawn_plans}
    paths |= {f"fiches/{member_id}": Path("records", "fiches", f"{member_id}.yaml") for member_id in fiches}
    return dataclasses.replace(records, plans=drawn_plans, paths=paths), day


_PLAN_FILE = re.compile(r"plans/(\d{4}-[a-z]+)\.yaml")


FICHE = {
    "post_title": "Médecin",
    "service": "Direction",
    "line_manager": {"name": "M. Jean Durand", "title": "Directeur"},
    "activities": {"regional": [{"title": "Veille", "share": 100}], "departmental": [], "interdepartmental": []},
}
_SENT = {"agendas-sent": "l'ordre du jour", "minutes-sent": "le compte rendu"}


def years_of(duty: Duty, findings: list[Finding], records: College) -> set[int]:
    """The years of this duty the findings of its checks speak of."""
    if duty.key == "plenary-meetings":  # « ... en 2024 ... »
        return {int(match[1]) for finding in findings if (match := re.search(r"\ben (\d{4})\b", finding.message))}
    if duty.key == "fiches":  # « ... n'a pas de fiche de poste (membre en 2024 et 2025) »; fiche-not-sent apart
        return {
            int(year)
            for finding in findings
            if "(membre en" in finding.message
            for year in re.findall(r"\b\d{4}\b", finding.message.rsplit("(membre en", 1)[-1])
        }
    if duty.key in _SENT:  # a session's agenda or minutes: the year of the session
        return {
            records.meetings[finding.record_id].date.year
            for finding in findings
            if finding.message.startswith(_SENT[duty.key])
        }
    # A plan's findings are in the plan, or name its file when it is missing.
    plans = {finding.record_id for finding in findings if finding.folder == "plans"}
    plans |= {match for finding in findings for match in _PLAN_FILE.findall(finding.message)}
    if duty.key == "work-review":  # the review of year N is due in year N + 1
        return {int(plan[:4]) + 1 for plan in plans if plan.endswith("-work")}
    kind = duty.key.removeprefix("plan-")
    return {int(plan[:4]) for plan in plans if plan.endswith(f"-{kind}")}


def test_every_obligation_lint_can_judge_is_paired() -> None:
    paired = {duty.key for duty in all_obligations() if duty.checks}
    assert paired == {
        "plenary-meetings",
        "agendas-sent",
        "minutes-sent",
        "fiches",
        *(f"plan-{kind.value}" for kind in OWN_KINDS),
        "work-review",
    }


@PROPERTIES
@given(colleges_and_days())
def test_an_obligation_is_missing_or_late_exactly_when_lint_has_a_finding(drawn: tuple[College, dt.date]) -> None:
    records, today = drawn
    checks = {check.code: check for check in all_checks()}
    years = list(years_covered(records, today))
    found = {year: year_compliance(records, year, today) for year in years}
    for duty in all_obligations():
        if not duty.checks:
            continue
        findings = [finding for code in duty.checks for finding in checks[code].function(CheckContext(records, today))]
        years_found = years_of(duty, findings, records)
        for year in years:
            obligation = found[year].obligation(duty.key)
            failed = obligation.state in (State.MISSING, State.LATE)
            if duty.key == "fiches":
                # Paired item by item: a member without a fiche that year (a fiche not sent
                # to the president, fiche-not-sent, is paired member by member below).
                failed = any(item.detail == "pas de fiche de poste" for item in obligation.items)
            assert failed == (year in years_found), (duty.key, year, today, obligation.summary, findings)
    unsent = {finding.record_id for finding in checks["fiche-not-sent"].function(CheckContext(records, today))}
    listed = {
        Path(item.evidence[0]).stem
        for year in years
        for item in found[year].obligation("fiches").items
        if item.detail.endswith("pas transmise au président")
    }
    assert unsent == listed, (today, unsent, listed)
