"""Participation statistics on small colleges whose every figure is computed by
hand: who is expected, the rates, each breakdown, trends, alerts, periods.

The college of 2024 (plenary sessions unless said otherwise):

    member  site         profession  membership              at m1    m2 (video)  m3       m4
    amoreau head office  physician   president, since 2020   present  video       (not     present
    bgarcia 13           pharmacist  since 2020              video    absent       taken)  excused
    cnoel   83           nurse       joins 2024-05-01        —        video                absent
    dpetit  13           physician   leaves 2024-06-30       excused  absent               —
    einvit  head office  physician   invited                 present  —                    absent

    m1 2024-03-12 hybrid, m2 2024-06-18 video, m3 2024-10-08 held without
    attendance, m4 2024-11-19 hybrid, m5 2024-12-10 planned (not held, not
    counted), m6 2024-12-17 a bureau meeting (not counted by default),
    m7 2025-01-14 hybrid (next year).

Counted in 2024 (invited excluded): present 2 (a m1, a m4), video 3 (b m1,
a m2, c m2), excused 2 (d m1, b m4), absent 3 (b m2, d m2, c m4): 10
expected, 5 attended: 50 %; excused 20 %, unexcused 30 %; video 3 of 5, 60 %.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from collegekit.facts import president_on
from collegekit.models.college import CollegeSettings
from collegekit.models.meeting import Meeting, MeetingKind, Presence
from collegekit.models.member import Member
from collegekit.names import pseudonyms
from collegekit.records import College
from collegekit.stats import (
    AbsenceRun,
    AbsenceStreak,
    AttendanceNotTaken,
    BelowQuorum,
    NeverAttended,
    Options,
    Period,
    PeriodError,
    Tally,
    attendance_stats,
    attended_meetings,
    expected_members,
    last_months,
    longest_absence_run,
    options_from_rules,
    resolve_period,
    year_period,
)

SETTINGS: dict[str, Any] = {
    "name": "Collège de test",
    "agency": "Agence régionale de santé de test",
    "region": "Provence-Alpes-Côte d'Azur",
    "head_office": {"city": "Marseille"},
    "departements": [{"code": "13", "name": "Bouches-du-Rhône"}, {"code": "83", "name": "Var"}],
    "steering_committee": "Comité de direction",
}


def member(site: str, profession: str, status: str, *memberships: dict[str, Any], **extra: Any) -> Member:
    first, last = extra.pop("name", ("Anne", "Test"))
    return Member.model_validate(
        {
            "first_name": first,
            "last_name": last,
            "profession": profession,
            "status": status,
            "site": site,
            "memberships": list(memberships),
            **extra,
        }
    )


def meeting(day: str, attendance: Mapping[str, str], **fields: Any) -> Meeting:
    data: dict[str, Any] = {
        "kind": "plenary",
        "title": f"Séance du {day}",
        "date": day,
        "start": "14:00",
        "end": "17:15",
        "format": "hybrid",
        "status": "minutes-approved",
        "attendance": dict(attendance),
    }
    data.update(fields)
    return Meeting.model_validate(data)


def college(
    members: Mapping[str, Member], meetings: Mapping[str, Meeting], rules: Mapping[str, Any] | None = None
) -> College:
    settings = CollegeSettings.model_validate({**SETTINGS, "rules": dict(rules or {})})
    return College(Path("."), settings, dict(members), dict(meetings), {}, {}, {})


MEMBERS = {
    "amoreau": member(
        "head-office",
        "physician",
        "misp",
        {"start": "2020-01-01", "role": "president"},
        management_post=True,
        title="Dr",
        name=("Alice", "Moreau"),
    ),
    "bgarcia": member("13", "pharmacist", "phisp", {"start": "2020-01-01"}, name=("Bruno", "Garcia")),
    "cnoel": member("83", "nurse", "contract", {"start": "2024-05-01"}, name=("Chloé", "Noël")),
    "dpetit": member("13", "physician", "misp", {"start": "2020-01-01", "end": "2024-06-30"}, name=("Denis", "Petit")),
    "einvit": member(
        "head-office", "physician", "other", {"start": "2020-01-01", "role": "invited"}, name=("Élise", "Invitée")
    ),
}
MEETINGS = {
    "2024-03-12-pleniere": meeting(
        "2024-03-12", {"amoreau": "present", "bgarcia": "video", "dpetit": "excused", "einvit": "present"}
    ),
    "2024-06-18-pleniere": meeting(
        "2024-06-18",
        {"amoreau": "video", "bgarcia": "absent", "cnoel": "video", "dpetit": "absent"},
        format="video",
    ),
    "2024-10-08-pleniere": meeting("2024-10-08", {}, format="in-person", status="held"),
    "2024-11-19-pleniere": meeting(
        "2024-11-19", {"amoreau": "present", "bgarcia": "excused", "cnoel": "absent", "einvit": "absent"}
    ),
    "2024-12-10-pleniere": meeting("2024-12-10", {"amoreau": "present"}, status="planned"),
    "2024-12-17-bureau": meeting("2024-12-17", {"amoreau": "present"}, kind="bureau", start="12:30", end="13:45"),
    "2025-01-14-pleniere": meeting(
        "2025-01-14", {"amoreau": "present", "bgarcia": "present", "cnoel": "video", "einvit": "absent"}
    ),
}
SMALL = college(MEMBERS, MEETINGS)


def stats_2024(**options: Any):  # type: ignore[no-untyped-def]
    return attendance_stats(SMALL, year_period(2024), Options(**options))


def counts(tally: Tally) -> tuple[int, int, int, int, int]:
    return tally.present, tally.video, tally.excused, tally.absent, tally.unrecorded


# --- who is expected ----------------------------------------------------------


def test_expected_members_follow_the_dated_memberships() -> None:
    assert expected_members(SMALL, MEETINGS["2024-03-12-pleniere"]) == ["amoreau", "bgarcia", "dpetit"]
    # cnoel joined on 2024-05-01, dpetit left on 2024-06-30
    assert expected_members(SMALL, MEETINGS["2024-06-18-pleniere"]) == ["amoreau", "bgarcia", "cnoel", "dpetit"]
    assert expected_members(SMALL, MEETINGS["2024-11-19-pleniere"]) == ["amoreau", "bgarcia", "cnoel"]


def test_invited_members_are_expected_only_when_asked() -> None:
    assert "einvit" in expected_members(SMALL, MEETINGS["2024-03-12-pleniere"], include_invited=True)


def test_only_the_bureau_is_expected_at_a_bureau_meeting() -> None:
    assert expected_members(SMALL, MEETINGS["2024-12-17-bureau"]) == ["amoreau"]
    assert expected_members(SMALL, MEETINGS["2024-12-17-bureau"], include_invited=True) == ["amoreau"]


# --- rates -------------------------------------------------------------------


def test_totals_and_rates_of_the_year() -> None:
    stats = stats_2024()
    total = stats.total
    assert counts(total) == (2, 3, 2, 3, 0)
    assert (total.expected, total.attended, total.people, total.meetings) == (10, 5, 4, 3)
    assert total.participation == pytest.approx(0.5)
    assert total.excused_rate == pytest.approx(0.2)
    assert total.absent_rate == pytest.approx(0.3)
    assert total.video_share == pytest.approx(0.6)


def test_head_office_against_the_delegations() -> None:
    stats = stats_2024()
    assert (stats.head_office.expected, stats.head_office.attended) == (3, 3)
    assert (stats.delegations.expected, stats.delegations.attended) == (7, 2)


def test_a_held_meeting_without_attendance_is_reported_not_counted_absent() -> None:
    stats = stats_2024()
    by_id = {m.meeting_id: m for m in stats.meetings}
    assert list(by_id) == [
        "2024-03-12-pleniere",
        "2024-06-18-pleniere",
        "2024-10-08-pleniere",
        "2024-11-19-pleniere",
    ]  # the planned meeting and the bureau meeting are not counted
    untaken = by_id["2024-10-08-pleniere"]
    assert not untaken.attendance_taken
    assert untaken.tally.expected == 0 and untaken.tally.unrecorded == 3
    assert AttendanceNotTaken("2024-10-08-pleniere", 3) in stats.alerts
    assert stats.meetings_with_attendance == 3


def test_per_meeting_figures() -> None:
    by_id = {m.meeting_id: m for m in stats_2024().meetings}
    m1, m2, m4 = by_id["2024-03-12-pleniere"], by_id["2024-06-18-pleniere"], by_id["2024-11-19-pleniere"]
    assert counts(m1.tally) == (1, 1, 1, 0, 0) and m1.guests == 1  # the invited member came
    assert counts(m2.tally) == (0, 2, 0, 2, 0) and m2.tally.video_share == 1.0  # a meeting by video only
    assert counts(m4.tally) == (1, 0, 1, 1, 0) and m4.guests == 0
    assert m1.quorum_reached is None  # no quorum in this college's rules


def test_per_member_figures() -> None:
    by_id = {m.member_id: m for m in stats_2024().members}
    assert set(by_id) == {"amoreau", "bgarcia", "cnoel", "dpetit"}
    assert (by_id["amoreau"].tally.expected, by_id["amoreau"].tally.attended) == (3, 3)
    assert (by_id["bgarcia"].tally.expected, by_id["bgarcia"].tally.attended) == (3, 1)
    # joined mid-year: expected at two meetings only, not absent at the first
    assert (by_id["cnoel"].tally.expected, by_id["cnoel"].tally.attended) == (2, 1)
    # left mid-year: not expected after leaving
    assert (by_id["dpetit"].tally.expected, by_id["dpetit"].tally.excused) == (2, 1)
    # m3 (attendance not taken) neither breaks nor extends a run
    assert by_id["bgarcia"].longest_run == AbsenceRun(2, 1, dt.date(2024, 6, 18), dt.date(2024, 11, 19), True)


def test_invited_members_counted_when_asked_and_unrecorded_left_out_of_rates() -> None:
    stats = stats_2024(include_invited=True)
    # einvit: present at m1, not recorded at m2, absent at m4
    assert counts(stats.total) == (3, 3, 2, 4, 1)
    assert stats.total.expected == 12 and stats.total.participation == pytest.approx(0.5)
    assert stats.guests == ()


def test_the_college_rule_can_count_invited_members() -> None:
    rules = college(MEMBERS, MEETINGS, {"invited_count_in_rates": True}).settings.rules
    assert options_from_rules(rules).include_invited


# --- breakdowns --------------------------------------------------------------


def rows(stats: Any, dimension: str) -> dict[str, tuple[int, int, int, bool]]:
    return {
        cell.key: (cell.tally.expected, cell.tally.attended, cell.tally.people, cell.small)
        for cell in stats.breakdowns[dimension].rows
    }


def test_breakdowns_by_site_profession_management_status_mode() -> None:
    stats = stats_2024()
    assert rows(stats, "site") == {"head-office": (3, 3, 1, True), "13": (5, 1, 2, True), "83": (2, 1, 1, True)}
    assert list(rows(stats, "site")) == ["head-office", "13", "83"]
    assert rows(stats, "profession") == {
        "physician": (5, 3, 2, True),
        "pharmacist": (3, 1, 1, True),
        "nurse": (2, 1, 1, True),
    }
    assert rows(stats, "management") == {"yes": (3, 3, 1, True), "no": (7, 2, 3, False)}
    assert rows(stats, "status") == {"misp": (5, 3, 2, True), "phisp": (3, 1, 1, True), "contract": (2, 1, 1, True)}
    assert rows(stats, "mode") == {"video": (4, 2, 4, False), "hybrid": (6, 3, 4, False)}
    assert rows(stats, "year") == {"2024": (10, 5, 4, False)}


def test_small_groups_follow_the_college_threshold() -> None:
    stats = stats_2024(small_group_threshold=1)
    assert not any(cell.small for breakdown in stats.breakdowns.values() for cell in breakdown.rows)


def test_member_rows_are_never_marked_small() -> None:
    assert not any(cell.small for cell in stats_2024().breakdowns["member"].rows)


def test_only_the_breakdowns_asked_for() -> None:
    stats = attendance_stats(SMALL, year_period(2024), Options(), ["site", "member"])
    assert list(stats.breakdowns) == ["member", "site"]
    with pytest.raises(ValueError):
        attendance_stats(SMALL, year_period(2024), Options(), ["planet"])


def test_trends_per_year_with_the_change_from_the_previous_year() -> None:
    period = Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    stats = attendance_stats(SMALL, period, Options())
    trend = stats.trends["site"]
    assert trend.years == (2024, 2025)
    head_office = next(row for row in trend.rows if row.key == "head-office")
    assert [cell.tally.participation for cell in head_office.cells if cell] == [1.0, 1.0]
    assert head_office.changes == (None, 0.0)
    thirteen = next(row for row in trend.rows if row.key == "13")
    # 2024: 1 of 5; 2025: bgarcia present, 1 of 1 -> +80 points
    assert thirteen.changes[1] == pytest.approx(80.0)
    assert trend.total.changes[1] == pytest.approx(50.0)  # 50 % then 3 of 3
    assert "meeting" not in stats.trends and "member" not in stats.trends


def test_no_trend_within_a_single_year() -> None:
    assert stats_2024().trends == {}


# --- alerts ------------------------------------------------------------------


def test_never_attended_and_absence_streaks() -> None:
    alerts = stats_2024().alerts
    assert NeverAttended("dpetit", 2, 1) in alerts
    assert not any(isinstance(a, AbsenceStreak) for a in alerts)  # bgarcia's run is 2, the rule 3
    alerts = stats_2024(absence_streak=2).alerts
    streaks = [a for a in alerts if isinstance(a, AbsenceStreak)]
    # dpetit never attended: reported once, not again as a streak
    assert [a.member_id for a in streaks] == ["bgarcia"]


def test_meetings_under_the_quorum() -> None:
    alerts = stats_2024(quorum_percent=60).alerts
    below = [a.meeting_id for a in alerts if isinstance(a, BelowQuorum)]
    assert below == ["2024-06-18-pleniere", "2024-11-19-pleniere"]  # 2 of 4, 1 of 3; m1 has 2 of 3
    by_id = {m.meeting_id: m for m in stats_2024(quorum_percent=50).meetings}
    assert by_id["2024-06-18-pleniere"].quorum_reached is True  # exactly the quorum


def test_longest_absence_run() -> None:
    day = dt.date(2024, 1, 1)
    days = [day + dt.timedelta(days=i) for i in range(6)]
    P, E, A = Presence.PRESENT, Presence.EXCUSED, Presence.ABSENT
    assert longest_absence_run([]) == AbsenceRun()
    run = longest_absence_run(list(zip(days, [A, E, P, A, A, E], strict=True)))
    assert run == AbsenceRun(3, 1, days[3], days[5], True)
    run = longest_absence_run(list(zip(days, [A, A, P, E, E, P], strict=True)))
    assert run == AbsenceRun(2, 0, days[0], days[1], False)  # the earliest of equal runs


# --- periods -----------------------------------------------------------------


def test_from_and_to_are_included() -> None:
    inside = Period(dt.date(2024, 3, 12), dt.date(2024, 6, 18))
    assert [m.meeting_id for m in attendance_stats(SMALL, inside, Options()).meetings] == [
        "2024-03-12-pleniere",
        "2024-06-18-pleniere",
    ]
    outside = Period(dt.date(2024, 3, 13), dt.date(2024, 6, 17))
    stats = attendance_stats(SMALL, outside, Options())
    assert stats.meetings == () and stats.total == Tally() and stats.total.participation is None


def test_resolve_period() -> None:
    today = dt.date(2026, 11, 25)
    assert resolve_period(today) == Period(dt.date(2025, 11, 26), dt.date(2026, 11, 25))
    assert resolve_period(today, year=2025) == year_period(2025)
    assert resolve_period(today, start=dt.date(2026, 1, 1)) == Period(dt.date(2026, 1, 1), today)
    assert resolve_period(today, end=dt.date(2025, 12, 31)) == Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31), 2025)
    assert resolve_period(today, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)).year == 2024
    with pytest.raises(PeriodError, match="avant de commencer"):
        resolve_period(today, start=dt.date(2025, 2, 1), end=dt.date(2025, 1, 31))
    with pytest.raises(PeriodError, match="--year"):
        resolve_period(today, year=2025, start=dt.date(2025, 1, 1))


def test_twelve_months_back_from_the_end_of_a_month() -> None:
    assert last_months(dt.date(2024, 2, 29)) == Period(dt.date(2023, 3, 1), dt.date(2024, 2, 29))
    assert last_months(dt.date(2025, 3, 31), 1) == Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def test_other_kinds_of_meetings() -> None:
    stats = attendance_stats(SMALL, year_period(2024), Options(kinds=frozenset({MeetingKind.BUREAU})))
    assert [m.meeting_id for m in stats.meetings] == ["2024-12-17-bureau"]
    assert counts(stats.total) == (1, 0, 0, 0, 0)


# --- certificates and pseudonyms ------------------------------------------------


def test_attended_meetings_of_a_year() -> None:
    attended = attended_meetings(SMALL, "amoreau", year_period(2024))
    assert [a.meeting_id for a in attended] == ["2024-03-12-pleniere", "2024-06-18-pleniere", "2024-11-19-pleniere"]
    assert [a.presence for a in attended] == [Presence.PRESENT, Presence.VIDEO, Presence.PRESENT]
    assert sum(a.minutes for a in attended) == 3 * 195
    assert attended_meetings(SMALL, "dpetit", year_period(2024)) == []
    bureau = attended_meetings(SMALL, "amoreau", year_period(2024), {MeetingKind.BUREAU})
    assert [a.minutes for a in bureau] == [75]


def test_president_on_a_date() -> None:
    assert president_on(SMALL, dt.date(2024, 6, 1)) == "amoreau"
    assert president_on(SMALL, dt.date(2019, 6, 1)) is None


def test_pseudonyms_are_stable_distinct_and_say_nothing_of_the_name() -> None:
    codes = pseudonyms(SMALL)
    assert codes == pseudonyms(college(MEMBERS, MEETINGS))
    assert len(set(codes.values())) == len(codes)
    assert all(code.startswith("M-") and len(code) == 7 for code in codes.values())
    assert not any(member_id[:3].upper() in code for member_id, code in codes.items())
    # The same member keeps their code when others join.
    bigger = college({**MEMBERS, "znew": MEMBERS["bgarcia"]}, MEETINGS)
    assert {k: v for k, v in pseudonyms(bigger).items() if k != "znew"} == codes


def test_a_bureau_meeting_counts_the_bureau_alone_in_its_minutes_and_the_report() -> None:
    """Two members outside the bureau listed absent at a bureau meeting were
    not expected there: 1 of 1 in the minutes as in the attendance report
    (the minutes used to count 1 of 3)."""
    from collegekit.render.context import participation

    listed = {"amoreau": "present", "bgarcia": "absent", "cnoel": "absent"}
    bureau = college(MEMBERS, {"2024-12-17-bureau": meeting("2024-12-17", listed, kind="bureau")})
    minutes = participation(bureau, "2024-12-17-bureau")
    [row] = attendance_stats(bureau, year_period(2024), Options(kinds=frozenset(MeetingKind))).meetings
    assert (minutes.expected, minutes.attended) == (row.tally.expected, row.tally.attended) == (1, 1)
