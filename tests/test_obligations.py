"""The obligations registry (collegekit.obligations): declared like the
checks, and an obligation and the lint checks about the same duty agree over
random colleges: compliance reports it missing exactly when lint has a
finding."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from collegekit.checks import CheckContext, all_checks, years_covered
from collegekit.compliance import State, year_compliance
from collegekit.obligations import all_obligations
from collegekit.records import RECORD_KINDS, College
from tests.test_stats import college
from tests.test_stats_properties import PROPERTIES, colleges


def test_the_registry_is_the_report() -> None:
    found = year_compliance(college({}, {}), 2024, dt.date(2024, 6, 1))
    assert [o.key for o in found.obligations] == [duty.key for duty in all_obligations()]
    codes = {check.code for check in all_checks()}
    kinds = {"college"} | {kind.folder for kind in RECORD_KINDS}
    for duty in all_obligations():
        assert set(duty.checks) <= codes and duty.reads and duty.reads <= kinds, duty.key


@st.composite
def colleges_and_days(draw: st.DrawFn) -> tuple[College, dt.date]:
    drawn = draw(colleges())
    rules = {"min_plenary_meetings_per_year": draw(st.integers(0, 4))}
    day = draw(st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 31)))
    records = college(drawn.members, drawn.meetings, rules)
    # Compliance names each meeting's file as its evidence.
    paths = {f"meetings/{meeting_id}": Path("records", "meetings", f"{meeting_id}.md") for meeting_id in drawn.meetings}
    paths |= {f"members/{member_id}": Path("records", "members", f"{member_id}.yaml") for member_id in drawn.members}
    return dataclasses.replace(records, paths=paths), day


@PROPERTIES
@given(colleges_and_days())
def test_an_obligation_is_missing_exactly_when_lint_has_a_finding(drawn: tuple[College, dt.date]) -> None:
    records, today = drawn
    checks = {check.code: check for check in all_checks()}
    for duty in all_obligations():
        if not duty.checks:
            continue
        # The year a finding speaks of: « ... en 2024 ... ».
        years_found = {
            int(match[1])
            for code in duty.checks
            for finding in checks[code].function(CheckContext(records, today))
            if (match := re.search(r"\ben (\d{4})\b", finding.message))
        }
        for year in years_covered(records, today):
            found = year_compliance(records, year, today).obligation(duty.key)
            assert (found.state is State.MISSING) == (year in years_found), (duty.key, year, found.summary)
