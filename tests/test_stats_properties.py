"""Properties of the participation statistics on random colleges (hypothesis):
rates stay between 0 and 1, every breakdown adds up to the total, and a
member who is absent everywhere never raises a rate."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collegekit.models.meeting import Meeting, MeetingKind, Presence
from collegekit.models.member import Member
from collegekit.records import College
from collegekit.stats import ALL_DIMENSIONS, GROUP_DIMENSIONS, AttendanceStats, Options, Period, Tally, attendance_stats
from tests.test_stats import college

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "80"))
PROPERTIES = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FIRST, LAST = dt.date(2022, 1, 1), dt.date(2025, 12, 31)
days = st.dates(min_value=FIRST, max_value=LAST)
PRESENCES = ["present", "video", "excused", "absent"]


@st.composite
def members(draw: st.DrawFn, index: int) -> Member:
    start = draw(days)
    periods: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 2))):
        end = draw(st.none() | st.dates(min_value=start, max_value=LAST + dt.timedelta(days=400)))
        role = draw(st.sampled_from(["member", "member", "bureau", "president", "invited"]))
        periods.append({"start": start.isoformat(), "role": role, **({"end": end.isoformat()} if end else {})})
        if end is None or end >= LAST:
            break
        start = end + dt.timedelta(days=draw(st.integers(1, 200)))
    return Member.model_validate(
        {
            "first_name": "Prénom",
            "last_name": f"Nom{index}",
            "profession": draw(st.sampled_from(["physician", "pharmacist", "nurse", "midwife"])),
            "status": draw(st.sampled_from(["misp", "phisp", "contract", "other"])),
            "site": draw(st.sampled_from(["head-office", "13", "83"])),
            "management_post": draw(st.booleans()),
            "memberships": periods,
        }
    )


@st.composite
def meetings(draw: st.DrawFn, member_ids: list[str]) -> Meeting:
    day = draw(days)
    attendance = {}
    if draw(st.integers(0, 5)):  # now and then, attendance not taken at all
        for member_id in member_ids:
            presence = draw(st.sampled_from([*PRESENCES, None]))
            if presence is not None:
                attendance[member_id] = presence
    return Meeting.model_validate(
        {
            "kind": draw(st.sampled_from(["plenary", "plenary", "bureau", "extraordinary"])),
            "title": "Séance",
            "date": day.isoformat(),
            "start": "14:00",
            "end": "16:00",
            "format": draw(st.sampled_from(["hybrid", "video", "in-person"])),
            "status": draw(st.sampled_from(["held", "minutes-approved", "minutes-drafted", "planned", "cancelled"])),
            "attendance": attendance,
        }
    )


@st.composite
def colleges(draw: st.DrawFn) -> College:
    count = draw(st.integers(1, 7))
    people = {f"m{index}": draw(members(index)) for index in range(count)}
    ids = list(people)
    found = {}
    for index in range(draw(st.integers(0, 8))):
        item = draw(meetings(ids))
        found[f"{item.date.isoformat()}-s{index}"] = item
    return college(people, found)


@st.composite
def options(draw: st.DrawFn) -> Options:
    kinds = draw(st.sets(st.sampled_from(list(MeetingKind)), min_size=1))
    return Options(
        include_invited=draw(st.booleans()),
        kinds=frozenset(kinds),
        small_group_threshold=draw(st.integers(1, 4)),
        absence_streak=draw(st.integers(1, 4)),
        quorum_percent=draw(st.none() | st.floats(0, 100)),
    )


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(days)
    return Period(start, draw(st.dates(min_value=start, max_value=LAST)))


def all_tallies(stats: AttendanceStats) -> list[Tally]:
    found = [stats.total, stats.head_office, stats.delegations]
    found += [m.tally for m in stats.meetings] + [m.tally for m in stats.members]
    found += [cell.tally for b in stats.breakdowns.values() for cell in b.rows]
    found += [cell.tally for t in stats.trends.values() for r in (*t.rows, t.total) for cell in r.cells if cell]
    return found


def counts(tally: Tally) -> tuple[int, ...]:
    return (tally.present, tally.video, tally.excused, tally.absent, tally.unrecorded)


@PROPERTIES
@given(colleges(), periods(), options())
def test_rates_are_between_0_and_1(college: College, period: Period, chosen: Options) -> None:
    for tally in all_tallies(attendance_stats(college, period, chosen)):
        for rate in (tally.participation, tally.excused_rate, tally.absent_rate, tally.video_share):
            assert rate is None or 0 <= rate <= 1
        if tally.expected:
            assert tally.participation + tally.excused_rate + tally.absent_rate == pytest.approx(1)


@PROPERTIES
@given(colleges(), periods(), options())
def test_breakdowns_add_up_to_the_total(college: College, period: Period, chosen: Options) -> None:
    stats = attendance_stats(college, period, chosen)
    for dimension in ALL_DIMENSIONS:
        breakdown = stats.breakdowns[dimension]
        assert breakdown.total == stats.total
        summed = [sum(values) for values in zip(*(counts(c.tally) for c in breakdown.rows), strict=True)]
        assert tuple(summed or (0,) * 5) == counts(stats.total)
        if dimension in ("member", "site", "profession", "management", "status"):
            assert sum(c.tally.people for c in breakdown.rows) == stats.total.people
        if dimension in ("meeting", "year", "mode"):
            assert sum(c.tally.meetings for c in breakdown.rows) == stats.total.meetings
    assert tuple(a + b for a, b in zip(counts(stats.head_office), counts(stats.delegations), strict=True)) == counts(
        stats.total
    )
    meeting_sum = [sum(v) for v in zip(*(counts(m.tally) for m in stats.meetings if m.attendance_taken), strict=True)]
    assert tuple(meeting_sum or (0,) * 5) == counts(stats.total)
    for dimension in GROUP_DIMENSIONS:
        trend = stats.trends.get(dimension)
        if trend is None:
            continue
        for index, total_cell in enumerate(trend.total.cells):
            year_rows = [row.cells[index].tally.expected for row in trend.rows if row.cells[index] is not None]
            assert sum(year_rows) == (total_cell.tally.expected if total_cell else 0)
        assert sum(c.tally.expected for c in trend.total.cells if c) == stats.total.expected


@PROPERTIES
@given(colleges(), periods(), options(), st.sampled_from(["head-office", "13", "83"]))
def test_an_absent_member_never_raises_a_rate(college: College, period: Period, chosen: Options, site: str) -> None:
    before = attendance_stats(college, period, chosen)
    newcomer = Member.model_validate(
        {
            "first_name": "Toujours",
            "last_name": "Absent",
            "profession": "physician",
            "status": "misp",
            "site": site,
            "memberships": [{"start": "2000-01-01"}],
        }
    )
    meetings = {
        meeting_id: meeting.model_copy(update={"attendance": {**meeting.attendance, "zabsent": Presence.ABSENT}})
        if meeting.attendance
        else meeting
        for meeting_id, meeting in college.meetings.items()
    }
    after = attendance_stats(
        College(college.root, college.settings, {**college.members, "zabsent": newcomer}, meetings, {}, {}, {}),
        period,
        chosen,
    )

    def not_higher(old: float | None, new: float | None) -> bool:
        return old is None or new is None or new <= old + 1e-12

    assert not_higher(before.total.participation, after.total.participation)
    old_meetings = {m.meeting_id: m.tally for m in before.meetings}
    for m in after.meetings:
        assert not_higher(old_meetings[m.meeting_id].participation, m.tally.participation)
    for dimension, breakdown in after.breakdowns.items():
        old_rows = {cell.key: cell.tally for cell in before.breakdowns[dimension].rows}
        for cell in breakdown.rows:
            if cell.key in old_rows:
                assert not_higher(old_rows[cell.key].participation, cell.tally.participation)
    assert after.total.attended == before.total.attended


@st.composite
def colleges_with_rules(draw: st.DrawFn) -> College:
    """A random college whose rules count invited members in the rates, or not."""
    drawn = draw(colleges())
    return college(drawn.members, drawn.meetings, {"invited_count_in_rates": draw(st.booleans())})


@PROPERTIES
@given(colleges_with_rules())
def test_a_meeting_has_one_participation_in_its_minutes_the_report_and_the_certificates(college: College) -> None:
    from collegekit.render.context import participation
    from collegekit.stats import attended_meetings, options_from_rules

    everything = Period(FIRST, LAST)
    chosen = options_from_rules(college.settings.rules, kinds=list(MeetingKind))
    report = {m.meeting_id: m for m in attendance_stats(college, everything, chosen).meetings}
    certified = {meeting_id: set() for meeting_id in college.meetings}  # type: dict[str, set[str]]
    for member_id in college.members:
        for attended in attended_meetings(college, member_id, everything, list(MeetingKind)):
            certified[attended.meeting_id].add(member_id)
    for meeting_id, meeting in college.meetings.items():
        minutes = participation(college, meeting_id)
        if meeting_id in report and report[meeting_id].attendance_taken:
            row = report[meeting_id].tally
            assert (minutes.expected, minutes.attended, minutes.in_room, minutes.by_video) == (
                row.expected, row.attended, row.present, row.video
            )
            assert minutes.quorum_reached == report[meeting_id].quorum_reached
        # Everyone counted as attending has the meeting on their certificate;
        # the certificate also lists who came without being expected.
        came = {member_id for member_id, presence in meeting.attendance.items() if presence.attended}
        assert certified[meeting_id] == (came if meeting.status.is_held else set())
        assert minutes.attended <= len(came)
