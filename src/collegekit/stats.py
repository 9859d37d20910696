"""Participation statistics: pure functions over a loaded `College`.

No I/O and no formatting here: the functions count who was expected at which
meeting and how they took part, and return plain values (tallies,
breakdowns, trends, alerts) that `collegekit.attendance_report` turns into
tables, spreadsheets and documents.

The rules, as the bureau asked for them:

- Only meetings of the period that were held (status held or later) and of
  the kinds asked for (plenary and extraordinary sessions by default: the
  bureau's own meetings are not the college's) count.
- A member is *expected* at a meeting when one of their dated memberships
  covers its date: someone who joined after it or left before it is not
  counted absent. Invited members (role `invited`) are not expected, unless
  the caller includes them (option or the college's rule). At a bureau
  meeting only the bureau and the president are expected.
- A held meeting whose attendance was not taken is reported as such and
  counts for nothing; an expected member missing from a meeting's attendance
  is counted as *unrecorded*, outside every rate (lint reports both).
- Rates: participation = (present + video) / recorded expected members; the
  excused and unexcused absence rates on the same base; the share of video
  among those who took part.
- A breakdown cell covering fewer people than the college's threshold is kept
  but marked `small`, so that nobody reads one person's rate as a trend.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from collegekit.diagnostics import CollegekitError
from collegekit.models.meeting import Meeting, MeetingFormat, MeetingKind, Presence
from collegekit.models.member import HEAD_OFFICE, Member, Profession, Role, Status

if TYPE_CHECKING:
    from collegekit.models.college import Rules
    from collegekit.records import College


BUREAU_ROLES = frozenset({Role.BUREAU, Role.PRESIDENT})
DEFAULT_KINDS = frozenset({MeetingKind.PLENARY, MeetingKind.EXTRAORDINARY})


# --- Who was expected -------------------------------------------------------


def expected_members(college: College, meeting: Meeting, include_invited: bool = False) -> list[str]:
    """Who must be accounted for at a meeting: the members of that day (the
    bureau alone for a bureau meeting); invited members may come but are
    expected only with `include_invited`."""
    expected = []
    for member_id, role in college.roles_on(meeting.date).items():
        if role is Role.INVITED and not include_invited:
            continue
        if meeting.kind is MeetingKind.BUREAU and role not in BUREAU_ROLES:
            continue
        expected.append(member_id)
    return expected


# --- The period -------------------------------------------------------------


class PeriodError(CollegekitError):
    """Options that do not make a period (a usage error, exit code 2)."""


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included. `year` is set for a calendar year."""

    start: dt.date
    end: dt.date
    year: int | None = None

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)


def year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), year)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the last day of a shorter month)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def last_months(end: dt.date, months: int = 12) -> Period:
    """The `months` months ending on `end`: 2025-11-26 to 2026-11-25 for 12."""
    return Period(months_before(end, months) + dt.timedelta(days=1), end)


def resolve_period(
    today: dt.date, year: int | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> Period:
    """The period the options ask for: a calendar year, or from/to (each
    defaulting to twelve months from the other, or to today), or else the
    twelve months up to today."""
    if year is not None:
        if start is not None or end is not None:
            raise PeriodError("--year ne se combine pas avec --from ou --to : choisissez l'un ou l'autre.")
        if not 1 <= year <= 9999:
            raise PeriodError(f"l'année {year} n'est pas valide.")
        return year_period(year)
    if start is None and end is None:
        period = last_months(today)
    elif start is None:
        assert end is not None
        period = last_months(end)
    else:
        end = end if end is not None else max(today, start)
        if end < start:
            raise PeriodError(
                f"la période finit le {end.isoformat()}, avant de commencer le {start.isoformat()} : "
                "vérifiez --from et --to."
            )
        period = Period(start, end)
    # A period that is exactly a calendar year is named after it.
    if (period.start, period.end) == (dt.date(period.start.year, 1, 1), dt.date(period.start.year, 12, 31)):
        return year_period(period.start.year)
    return period


# --- Options ----------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    include_invited: bool = False
    kinds: frozenset[MeetingKind] = DEFAULT_KINDS
    small_group_threshold: int = 3
    absence_streak: int = 3
    quorum_percent: float | None = None


def options_from_rules(
    rules: Rules, include_invited: bool = False, kinds: Iterable[MeetingKind] | None = None
) -> Options:
    """The college's own rules, with what the command line adds."""
    return Options(
        include_invited=include_invited or rules.invited_count_in_rates,
        kinds=frozenset(kinds) if kinds else DEFAULT_KINDS,
        small_group_threshold=rules.small_group_threshold,
        absence_streak=rules.absence_streak_alert,
        quorum_percent=rules.quorum_percent,
    )


# --- Counting ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Observation:
    """One member at one meeting: expected (or a guest), and how they took
    part; `presence` is None when their attendance was not recorded."""

    meeting_id: str
    member_id: str
    presence: Presence | None
    counted: bool = True  # False: an invited member who came though not expected


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts over a set of observations, and the rates they give.

    `expected` counts recorded expectations only (present + video + excused +
    absent); `unrecorded` ones are outside every rate. `people` and
    `meetings` are the distinct members and meetings behind the counts.
    """

    present: int = 0
    video: int = 0
    excused: int = 0
    absent: int = 0
    unrecorded: int = 0
    people: int = 0
    meetings: int = 0

    @property
    def attended(self) -> int:
        return self.present + self.video

    @property
    def expected(self) -> int:
        return self.present + self.video + self.excused + self.absent

    @property
    def participation(self) -> float | None:
        return self.attended / self.expected if self.expected else None

    @property
    def excused_rate(self) -> float | None:
        return self.excused / self.expected if self.expected else None

    @property
    def absent_rate(self) -> float | None:
        """Unexcused absences."""
        return self.absent / self.expected if self.expected else None

    @property
    def video_share(self) -> float | None:
        """Share of video among those who took part."""
        return self.video / self.attended if self.attended else None


def tally(observations: Iterable[Observation]) -> Tally:
    counted = [o for o in observations if o.counted]
    counts = Counter(o.presence for o in counted)
    return Tally(
        present=counts[Presence.PRESENT],
        video=counts[Presence.VIDEO],
        excused=counts[Presence.EXCUSED],
        absent=counts[Presence.ABSENT],
        unrecorded=counts[None],
        people=len({o.member_id for o in counted}),
        meetings=len({o.meeting_id for o in counted}),
    )


def counted_meetings(college: College, period: Period, options: Options) -> list[tuple[str, Meeting]]:
    """The held meetings of the period of the kinds asked for, by date."""
    found = [
        (meeting_id, meeting)
        for meeting_id, meeting in college.meetings.items()
        if meeting.status.is_held and meeting.kind in options.kinds and meeting.date in period
    ]
    return sorted(found, key=lambda pair: (pair[1].date, pair[1].start, pair[0]))


def observe(college: College, meeting_id: str, meeting: Meeting, options: Options) -> list[Observation]:
    """Every expected member of a meeting whose attendance was taken, then the
    invited members who came though not expected (counted=False)."""
    if not meeting.attendance:
        return []
    expected = expected_members(college, meeting, options.include_invited)
    observations = [Observation(meeting_id, member_id, meeting.attendance.get(member_id)) for member_id in expected]
    if not options.include_invited:
        roles = college.roles_on(meeting.date)
        for member_id, presence in meeting.attendance.items():
            if roles.get(member_id) is Role.INVITED and presence.attended:
                observations.append(Observation(meeting_id, member_id, presence, counted=False))
    return observations


def meeting_participation(
    college: College, meeting_id: str, include_invited: bool | None = None
) -> tuple[Tally, list[Observation]]:
    """The participation of one meeting: the tally of its expected members
    whose attendance was taken (`expected_members`: the bureau alone at a
    bureau meeting, so that a non-bureau member listed absent there does not
    lower it), and its observations (guests included, not counted). The one
    count the minutes, the attendance report and the certificate read;
    `include_invited` defaults to the college's rules.invited_count_in_rates."""
    meeting = college.meetings[meeting_id]
    if include_invited is None:
        include_invited = college.settings.rules.invited_count_in_rates
    own = observe(college, meeting_id, meeting, Options(include_invited=include_invited))
    return tally(own), own


# --- Breakdowns -------------------------------------------------------------

# A dimension is an attribute of the member (as their record says) or of the meeting.
MEMBER_KEYS: dict[str, Callable[[str, Member], str]] = {
    "member": lambda member_id, member: member_id,
    "site": lambda member_id, member: member.site,
    "profession": lambda member_id, member: member.profession.value,
    "management": lambda member_id, member: "yes" if member.management_post else "no",
    "status": lambda member_id, member: member.status.value,
}
MEETING_KEYS: dict[str, Callable[[str, Meeting], str]] = {
    "meeting": lambda meeting_id, meeting: meeting_id,
    "year": lambda meeting_id, meeting: str(meeting.date.year),
    "mode": lambda meeting_id, meeting: meeting.format.value,
}
ALL_DIMENSIONS = ("meeting", "member", "year", "site", "profession", "management", "status", "mode")
# Groups of people (not single members or meetings), over which trends are drawn.
GROUP_DIMENSIONS = ("site", "profession", "management", "status", "mode")


@dataclass(frozen=True, slots=True)
class Cell:
    key: str
    tally: Tally
    small: bool = False  # fewer people than the threshold: shown but not to be read as a trend


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    rows: tuple[Cell, ...]
    total: Tally


def group_key(college: College, dimension: str, observation: Observation) -> str:
    if dimension in MEMBER_KEYS:
        return MEMBER_KEYS[dimension](observation.member_id, college.members[observation.member_id])
    return MEETING_KEYS[dimension](observation.meeting_id, college.meetings[observation.meeting_id])


def sort_keys(college: College, dimension: str, keys: Iterable[str]) -> list[str]:
    """A stable, meaningful order: the head office first, then the départements;
    enumerations in their declared order; meetings by date; years ascending."""
    orders: dict[str, Callable[[str], object]] = {
        "meeting": lambda key: (college.meetings[key].date, college.meetings[key].start, key),
        "member": lambda key: key,
        "year": int,
        "site": lambda key: (key != HEAD_OFFICE, key),
        "profession": lambda key: list(Profession).index(Profession(key)),
        "management": lambda key: key != "yes",
        "status": lambda key: list(Status).index(Status(key)),
        "mode": lambda key: list(MeetingFormat).index(MeetingFormat(key)),
    }
    return sorted(keys, key=orders[dimension])  # type: ignore[arg-type]


def breakdown(
    college: College,
    observations: Sequence[Observation],
    dimension: str,
    small_group_threshold: int = 3,
    keys: Sequence[str] | None = None,
    total: Tally | None = None,
) -> Breakdown:
    """The observations split by one dimension; the rows add up to the total.
    `keys`, when given, is each observation's key in that dimension (as
    `dimension_keys` computes them) and `total` their tally, to split the same
    observations many times without recomputing either."""
    if keys is None:
        keys = [group_key(college, dimension, o) for o in observations]
    groups: dict[str, list[Observation]] = defaultdict(list)
    for observation, key in zip(observations, keys, strict=True):
        if observation.counted:
            groups[key].append(observation)
    # One member is one person by nature: the small-group mark is for groups.
    marks = dimension != "member"
    rows = []
    for key in sort_keys(college, dimension, groups):
        counts = tally(groups[key])
        rows.append(Cell(key, counts, marks and counts.people < small_group_threshold))
    return Breakdown(dimension, tuple(rows), total if total is not None else tally(observations))


def dimension_keys(
    college: College, observations: Sequence[Observation], dimensions: Iterable[str]
) -> dict[str, list[str]]:
    """Each observation's key in each dimension: computed once a member or a
    meeting, then looked up (thousands of observations, a few hundred records)."""
    found: dict[str, list[str]] = {}
    member_ids = {o.member_id for o in observations}
    meeting_ids = {o.meeting_id for o in observations}
    for dimension in dimensions:
        if dimension in MEMBER_KEYS:
            member_key = MEMBER_KEYS[dimension]
            of_member = {i: member_key(i, college.members[i]) for i in member_ids}
            found[dimension] = [of_member[o.member_id] for o in observations]
        else:
            meeting_key = MEETING_KEYS[dimension]
            of_meeting = {i: meeting_key(i, college.meetings[i]) for i in meeting_ids}
            found[dimension] = [of_meeting[o.meeting_id] for o in observations]
    return found


def head_office_and_delegations(college: College, observations: Iterable[Observation]) -> tuple[Tally, Tally]:
    """The head office against all the départements' delegations together."""
    head_office, delegations = [], []
    for observation in observations:
        member = college.members[observation.member_id]
        (head_office if member.site == HEAD_OFFICE else delegations).append(observation)
    return tally(head_office), tally(delegations)


# --- Trends -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrendRow:
    key: str
    cells: tuple[Cell | None, ...]  # one a year of the trend; None when nobody was expected
    changes: tuple[float | None, ...]  # in percentage points from the previous year; None for the first

    @property
    def last_change(self) -> float | None:
        return self.changes[-1] if self.changes else None


@dataclass(frozen=True)
class Trend:
    dimension: str
    years: tuple[int, ...]
    rows: tuple[TrendRow, ...]
    total: TrendRow


def change_in_points(before: Tally | None, after: Tally | None) -> float | None:
    if before is None or after is None or before.participation is None or after.participation is None:
        return None
    return (after.participation - before.participation) * 100


def trend(
    college: College,
    observations: Sequence[Observation],
    dimension: str,
    years: Sequence[int],
    small_group_threshold: int = 3,
    keys: Sequence[str] | None = None,
    year_totals: dict[int, Tally] | None = None,
) -> Trend:
    """A breakdown for each year, with the change from the previous year.
    `year_totals` caches each year's tally across the dimensions' trends."""
    year_totals = {} if year_totals is None else year_totals
    if keys is None:
        keys = [group_key(college, dimension, o) for o in observations]
    year_of = {meeting_id: meeting.date.year for meeting_id, meeting in college.meetings.items()}
    by_year: dict[int, tuple[list[Observation], list[str]]] = defaultdict(lambda: ([], []))
    for observation, key in zip(observations, keys, strict=True):
        if observation.counted:
            year_observations, year_keys = by_year[year_of[observation.meeting_id]]
            year_observations.append(observation)
            year_keys.append(key)
    per_year = {}
    for year in years:
        year_observations, year_keys = by_year.get(year, ([], []))
        if year not in year_totals:
            year_totals[year] = tally(year_observations)
        per_year[year] = breakdown(
            college, year_observations, dimension, small_group_threshold, year_keys, year_totals[year]
        )
    cells_by_key = {year: {cell.key: cell for cell in per_year[year].rows} for year in years}
    ordered = sort_keys(college, dimension, {key for cells in cells_by_key.values() for key in cells})

    def row(key: str, cells: list[Cell | None]) -> TrendRow:
        changes: list[float | None] = [None]
        for before, after in zip(cells, cells[1:], strict=False):
            changes.append(change_in_points(before.tally if before else None, after.tally if after else None))
        return TrendRow(key, tuple(cells), tuple(changes[: len(cells)]))

    rows = [row(key, [cells_by_key[year].get(key) for year in years]) for key in ordered]
    totals: list[Cell | None] = [
        Cell("", per_year[year].total) if per_year[year].total.expected else None for year in years
    ]
    return Trend(dimension, tuple(years), tuple(rows), row("", totals))


# --- Members: runs of absence, alerts ---------------------------------------


@dataclass(frozen=True, slots=True)
class AbsenceRun:
    """Consecutive meetings a member was expected at and did not attend."""

    length: int = 0
    excused: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    ongoing: bool = False  # the run reaches the member's last recorded meeting of the period


def longest_absence_run(presences: Sequence[tuple[dt.date, Presence]]) -> AbsenceRun:
    """The longest run of absences (excused or not) in date order; meetings
    whose attendance was not recorded are skipped, neither breaking nor
    extending a run. The earliest of equal runs is kept."""
    best = AbsenceRun()
    length = excused = 0
    first: dt.date | None = None
    for index, (day, presence) in enumerate(presences):
        if presence.attended:
            length = excused = 0
            first = None
            continue
        length += 1
        excused += presence is Presence.EXCUSED
        first = first or day
        if length > best.length:
            best = AbsenceRun(length, excused, first, day, index == len(presences) - 1)
    return best


@dataclass(frozen=True)
class MemberStats:
    member_id: str
    tally: Tally
    longest_run: AbsenceRun


@dataclass(frozen=True)
class MeetingStats:
    meeting_id: str
    tally: Tally
    attendance_taken: bool
    guests: int = 0  # invited members who came though not counted
    quorum_reached: bool | None = None  # None: no quorum set, or attendance not taken
    small: bool = False


@dataclass(frozen=True)
class NeverAttended:
    member_id: str
    meetings: int
    excused: int


@dataclass(frozen=True)
class AbsenceStreak:
    member_id: str
    run: AbsenceRun


@dataclass(frozen=True)
class BelowQuorum:
    meeting_id: str
    tally: Tally
    quorum_percent: float


@dataclass(frozen=True)
class AttendanceNotTaken:
    meeting_id: str
    expected: int


Alert = NeverAttended | AbsenceStreak | BelowQuorum | AttendanceNotTaken


def member_stats(college: College, observations: Sequence[Observation]) -> list[MemberStats]:
    by_member: dict[str, list[Observation]] = defaultdict(list)
    for observation in observations:
        if observation.counted:
            by_member[observation.member_id].append(observation)
    found = []
    for member_id in sorted(by_member):
        own = by_member[member_id]
        presences = sorted((college.meetings[o.meeting_id].date, o.presence) for o in own if o.presence is not None)
        found.append(MemberStats(member_id, tally(own), longest_absence_run(presences)))
    return found


def reaches_quorum(counts: Tally, quorum_percent: float | None) -> bool | None:
    if quorum_percent is None or not counts.expected:
        return None
    return counts.attended * 100 >= quorum_percent * counts.expected


def alerts(members: Sequence[MemberStats], meetings: Sequence[MeetingStats], options: Options) -> list[Alert]:
    """Meetings whose attendance was not taken; members who never attended;
    members with a run of absences of the college's length or more (those
    who never attended are not repeated); meetings under the quorum."""
    found: list[Alert] = [
        AttendanceNotTaken(m.meeting_id, m.tally.unrecorded) for m in meetings if not m.attendance_taken
    ]
    for stats in members:
        if stats.tally.expected and not stats.tally.attended:
            found.append(NeverAttended(stats.member_id, stats.tally.expected, stats.tally.excused))
    for stats in members:
        if stats.tally.attended and stats.longest_run.length >= options.absence_streak:
            found.append(AbsenceStreak(stats.member_id, stats.longest_run))
    for meeting in meetings:
        if meeting.quorum_reached is False:
            assert options.quorum_percent is not None
            found.append(BelowQuorum(meeting.meeting_id, meeting.tally, options.quorum_percent))
    return found


# --- The whole report -------------------------------------------------------


@dataclass(frozen=True)
class AttendanceStats:
    period: Period
    options: Options
    observations: tuple[Observation, ...]
    total: Tally
    head_office: Tally
    delegations: Tally
    meetings: tuple[MeetingStats, ...]  # every counted meeting, attendance taken or not, by date
    members: tuple[MemberStats, ...]
    breakdowns: Mapping[str, Breakdown]
    trends: Mapping[str, Trend]
    alerts: tuple[Alert, ...]
    guests: tuple[Observation, ...] = field(default=())

    @property
    def meetings_with_attendance(self) -> int:
        return sum(1 for meeting in self.meetings if meeting.attendance_taken)


def attendance_stats(
    college: College, period: Period, options: Options, dimensions: Iterable[str] = ALL_DIMENSIONS
) -> AttendanceStats:
    """Everything the attendance report shows, for the period and options."""
    chosen = set(dimensions)
    if chosen - set(ALL_DIMENSIONS):
        raise ValueError(f"unknown dimensions: {sorted(chosen - set(ALL_DIMENSIONS))}")
    wanted = [d for d in ALL_DIMENSIONS if d in chosen]
    observations: list[Observation] = []
    meetings: list[MeetingStats] = []
    for meeting_id, meeting in counted_meetings(college, period, options):
        counts, own = meeting_participation(college, meeting_id, options.include_invited)
        observations.extend(own)
        if meeting.attendance:
            meetings.append(
                MeetingStats(
                    meeting_id,
                    counts,
                    True,
                    guests=sum(1 for o in own if not o.counted),
                    quorum_reached=reaches_quorum(counts, options.quorum_percent),
                    small=counts.people < options.small_group_threshold,
                )
            )
        else:
            expected = len(expected_members(college, meeting, options.include_invited))
            meetings.append(MeetingStats(meeting_id, Tally(unrecorded=expected), False))
    counted = [o for o in observations if o.counted]
    guests = tuple(o for o in observations if not o.counted)
    threshold = options.small_group_threshold
    keys = dimension_keys(college, counted, wanted)
    total = tally(counted)
    breakdowns = {d: breakdown(college, counted, d, threshold, keys[d], total) for d in wanted}
    years = sorted({college.meetings[o.meeting_id].date.year for o in counted})
    trends = {}
    if len(years) > 1:
        span = list(range(years[0], years[-1] + 1))
        year_totals: dict[int, Tally] = {}
        trends = {
            d: trend(college, counted, d, span, threshold, keys[d], year_totals)
            for d in wanted
            if d in GROUP_DIMENSIONS
        }
    members = member_stats(college, counted)
    head_office, delegations = head_office_and_delegations(college, counted)
    return AttendanceStats(
        period=period,
        options=options,
        observations=tuple(counted),
        total=total,
        head_office=head_office,
        delegations=delegations,
        meetings=tuple(meetings),
        members=tuple(members),
        breakdowns=breakdowns,
        trends=trends,
        alerts=tuple(alerts(members, meetings, options)),
        guests=guests,
    )


# --- Certificates -----------------------------------------------------------


@dataclass(frozen=True)
class AttendedMeeting:
    meeting_id: str
    meeting: Meeting
    presence: Presence

    @property
    def minutes(self) -> int:
        start = self.meeting.start.hour * 60 + self.meeting.start.minute
        end = self.meeting.end.hour * 60 + self.meeting.end.minute
        return max(0, end - start)


def attended_meetings(
    college: College, member_id: str, period: Period, kinds: Iterable[MeetingKind] = DEFAULT_KINDS
) -> list[AttendedMeeting]:
    """The held meetings of the period a member took part in (in the room or
    by video), by date: what an attendance certificate lists."""
    wanted = frozenset(kinds)
    found = []
    for meeting_id, meeting in college.meetings.items():
        presence = meeting.attendance.get(member_id)
        if (
            presence is not None
            and presence.attended
            and meeting.status.is_held
            and meeting.kind in wanted
            and meeting.date in period
        ):
            found.append(AttendedMeeting(meeting_id, meeting, presence))
    return sorted(found, key=lambda a: (a.meeting.date, a.meeting.start, a.meeting_id))
