"""Facts about the college that several outputs state, computed once here so
that lint, compliance, the reports and the documents cannot disagree: the
plenary sessions of a year, who presided on a day, who is convened to a
meeting, a meeting's number in its year, a plan's due dates and state on a day. (A meeting's participation is stats.meeting_participation; a
plan's kind and id are models.plan.PlanKind and PlanId.)"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from collegekit.models.meeting import MeetingKind, MeetingStatus
from collegekit.models.member import Role
from collegekit.models.plan_kind import PlanKind
from collegekit.stats import BUREAU_ROLES, expected_members

if TYPE_CHECKING:
    from collegekit.models.meeting import Meeting
    from collegekit.models.plan import Plan
    from collegekit.records import College


@dataclass(frozen=True)
class Plenaries:
    """A year's plenary sessions as of a day, each by (date, id), by date."""

    held: tuple[tuple[dt.date, str], ...]
    to_come: tuple[tuple[dt.date, str], ...]  # planned, on or after the day
    stale: tuple[tuple[dt.date, str], ...]  # planned, but their date has passed: not counted
    cancelled: tuple[tuple[dt.date, str], ...]

    def enough(self, minimum: int, year: int, today: dt.date) -> bool:
        """Whether the year has, or can still have, its minimum: a year over
        counts what was held, a running one what is planned too. A past
        session left « planned » counts for neither, since the records do not
        say it took place (lint's status-out-of-date asks to say so)."""
        if today > dt.date(year, 12, 31):
            return len(self.held) >= minimum
        return len(self.held) + len(self.to_come) >= minimum


def held_by_attendance(status: MeetingStatus, date: dt.date, attendance: Iterable[str], today: dt.date) -> bool:
    """Whether recording this attendance (every presence the meeting will
    then hold) says that a meeting still noted planned took place: its day
    has come and someone is noted other than excused. `attend` and
    `import-minutes` then note it held in the same edit, so that lint's
    status-out-of-date, which asks for the attendance, is answered by it."""
    return (
        status is MeetingStatus.PLANNED and date <= today and any(presence != "excused" for presence in attendance)
    )


def held_by(college: College, today: dt.date) -> Iterator[tuple[str, Meeting]]:
    """The meetings held as of `today`. A future meeting marked held is
    status-out-of-date's finding: asking for its attendance too would only
    add noise to one mistake."""
    for meeting_id, meeting in college.meetings.items():
        if meeting.status.is_held and meeting.date <= today:
            yield meeting_id, meeting


def unnoted(college: College, meeting: Meeting) -> list[str]:
    """The members a held meeting must account for whose presence it does not
    say (lint's attendance-missing-member; new-member names them for a member
    who joined before meetings already held)."""
    return [member_id for member_id in expected_members(college, meeting) if member_id not in meeting.attendance]


def plenaries(college: College, year: int, today: dt.date) -> Plenaries:
    """The plenary sessions of `year`, as lint (too-few-meetings) and
    compliance (plenary-meetings) both count them."""
    found: dict[str, list[tuple[dt.date, str]]] = {"held": [], "to_come": [], "stale": [], "cancelled": []}
    for meeting_id, meeting in college.meetings.items():
        if meeting.kind is not MeetingKind.PLENARY or meeting.date.year != year:
            continue
        if meeting.status.is_held:
            found["held"].append((meeting.date, meeting_id))
        elif meeting.status is MeetingStatus.CANCELLED:
            found["cancelled"].append((meeting.date, meeting_id))
        elif meeting.date >= today:
            found["to_come"].append((meeting.date, meeting_id))
        else:
            found["stale"].append((meeting.date, meeting_id))
    return Plenaries(**{key: tuple(sorted(value)) for key, value in found.items()})


def president_on(college: College, day: dt.date) -> str | None:
    """The member presiding the college on a date, if the records say."""
    for member_id, member in sorted(college.members.items()):
        if member.role_on(day) is Role.PRESIDENT:
            return member_id
    return None


# --- Who is convened to a meeting ---------------------------------------------


def convened(college: College, day: dt.date, kind: MeetingKind) -> list[str]:
    """Everyone convened to a meeting of `kind` on `day`: the members of that
    day (the bureau alone for a bureau meeting) and, for the college's
    sessions, its invited members. new-meeting writes it into `invited`;
    new-member, send agenda and lint's not-convened keep a planned meeting's
    list up to date with it; a meeting without a list convenes them all
    (mail.recipients)."""
    return sorted(
        member_id
        for member_id, role in college.roles_on(day).items()
        if kind is not MeetingKind.BUREAU or role in BUREAU_ROLES
    )


def not_convened(college: College, meeting_id: str, today: dt.date) -> list[str]:
    """Who a meeting still to come should convene but its `invited` leaves
    out: a member who joined (or joined the bureau) after it was prepared.
    Nobody for a meeting held or cancelled, whose list is history, for one
    whose date has passed while still « planned » (status-out-of-date asks
    what became of it), nor for one without a list, which convenes everyone
    anyway."""
    meeting = college.meetings[meeting_id]
    if meeting.status is not MeetingStatus.PLANNED or meeting.date < today or not meeting.invited:
        return []
    listed = set(meeting.invited)
    return [member_id for member_id in convened(college, meeting.date, meeting.kind) if member_id not in listed]


def no_longer_members(college: College, meeting_id: str, today: dt.date) -> list[str]:
    """Who a meeting still to come lists in `invited` but who is not a member
    of the college on its date: a member who left (or whose departure was
    brought forward) after it was prepared; the convocation would still go
    to them. Only members out of the college: a member invited to a bureau
    meeting without being of the bureau was invited on purpose."""
    meeting = college.meetings[meeting_id]
    if meeting.status is not MeetingStatus.PLANNED or meeting.date < today:
        return []
    return [member_id for member_id in meeting.invited
            if member_id in college.members and college.members[member_id].membership_on(meeting.date) is None]


def listed_not_convened(college: College, meeting_id: str, today: dt.date) -> list[str]:
    """Who a meeting still to come lists in `invited` but does not convene
    on its date (facts.convened): out of the college, or out of the bureau
    for a bureau meeting. Said only of a member whose role or membership a
    command has just changed: someone else may be on the list on purpose."""
    meeting = college.meetings[meeting_id]
    if meeting.status is not MeetingStatus.PLANNED or meeting.date < today:
        return []
    should = set(convened(college, meeting.date, meeting.kind))
    return [member_id for member_id in meeting.invited if member_id in college.members and member_id not in should]


# --- A meeting's number in its year --------------------------------------------


def next_number(college: College, day: dt.date, kind: MeetingKind) -> int:
    """The number of a new meeting of `kind` on `day`: its rank by date among
    those of its kind in its year that take place (a cancelled one counts
    for none: the meeting that replaces it takes its number)."""
    earlier = [m for m in college.meetings.values() if m.kind is kind and m.date.year == day.year and m.date < day
               and m.status is not MeetingStatus.CANCELLED]
    return len(earlier) + 1


def shifted_by(college: College, day: dt.date, kind: MeetingKind, number: int) -> list[tuple[str, int, int]]:
    """The planned meetings of `kind` later in `day`'s year that a new meeting
    numbered `number` on `day` pushes one place down, as (id, number, new
    number), by date. Held and cancelled meetings keep theirs: they are
    history, and lint's meeting-number says if one then collides."""
    later = sorted(
        (m.date, meeting_id, m.number)
        for meeting_id, m in college.meetings.items()
        if m.kind is kind and m.date.year == day.year and m.date > day
        and m.status is MeetingStatus.PLANNED and m.number is not None and m.number >= number
    )
    return [(meeting_id, old, old + 1) for _, meeting_id, old in later]


def closed_up_after(college: College, meeting_id: str) -> list[tuple[str, int, int]]:
    """The planned meetings of the same kind later in the year that move one
    place up when `meeting_id` is cancelled, as (id, number, new number), by
    date: a cancelled meeting counts for none, as next_number counts."""
    cancelled = college.meetings[meeting_id]
    if cancelled.number is None:
        return []
    later = sorted(
        (m.date, other_id, m.number)
        for other_id, m in college.meetings.items()
        if m.kind is cancelled.kind and m.date.year == cancelled.date.year and m.date > cancelled.date
        and m.status is MeetingStatus.PLANNED and m.number is not None and m.number > cancelled.number
    )
    return [(other_id, old, old - 1) for _, other_id, old in later]


@dataclass(frozen=True)
class Misnumbered:
    meeting_id: str
    number: int
    previous: str  # the meeting of the same kind just before it in the year
    previous_number: int  # as written
    suggested: int  # the number that puts the year in order


def misnumbered(college: College) -> list[Misnumbered]:
    """The meetings whose number repeats, or comes before, the number of the
    meeting of the same kind just before them in the year (cancelled ones
    aside, which a college may or may not count), each with the number that
    puts the year back in order: following every suggestion leaves none."""
    by_year: dict[tuple[MeetingKind, int], list[tuple[dt.date, str, int]]] = {}
    for meeting_id, meeting in college.meetings.items():
        if meeting.number is not None and meeting.status is not MeetingStatus.CANCELLED:
            by_year.setdefault((meeting.kind, meeting.date.year), []).append((meeting.date, meeting_id, meeting.number))
    found = []
    for meetings in by_year.values():
        previous: tuple[str, int, int] | None = None  # id, number as written, number once in order
        days = set()
        for day, meeting_id, number in sorted(meetings):
            if day in days:
                continue  # two on one day: duplicate-meeting's one finding
            days.add(day)
            in_order = number
            if previous is not None and number <= previous[2]:
                in_order = previous[2] + 1
                found.append(Misnumbered(meeting_id, number, previous[0], previous[1], in_order))
            previous = (meeting_id, number, in_order)
    return sorted(found, key=lambda m: m.meeting_id)


# --- A plan's due dates and state on a day ----------------------------------

# A plan presented at the end of the due month is validated by the end of the next one.
VALIDATION_GRACE_MONTHS = 1


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_date(college: College, year: int) -> dt.date:
    """The last day to present a year's plans (and the previous year's review)."""
    return _end_of_month(year, college.settings.rules.plans_due_month)


def validation_due(college: College, year: int) -> dt.date:
    """The last day to validate a year's plans: a month after their presentation deadline."""
    return _end_of_month(year, min(12, college.settings.rules.plans_due_month + VALIDATION_GRACE_MONTHS))


# What a step of a plan (its presentation, its validation) is on a day:
# done in time, done late, not done once its deadline passed, or not yet due.
Step = Literal["met", "late", "missing", "to-come"]


@dataclass(frozen=True)
class PlanDue:
    """A year's plan of a kind as lint (plan-missing, plan-late,
    plan-not-validated) and compliance (plan-work, plan-training...) both
    judge it on a day: the same dates, the same states."""

    year: int
    kind: PlanKind
    identifier: str  # plan_id(year, kind): plans/<identifier>.yaml
    due: dt.date  # presented by
    validate_by: dt.date
    plan: Plan | None
    # A kind that stays in force (rules, organisation) without a version this
    # year: the earlier version in force, (year, id).
    earlier: tuple[int, str] | None
    presentation: Step | None  # None: an earlier version stays in force
    validation: Step | None  # None: not presented (yet)


def plan_due(college: College, year: int, kind: PlanKind, today: dt.date) -> PlanDue:
    from collegekit.models.plan import PlanStatus
    from collegekit.records import plan_id

    identifier = plan_id(year, kind)
    due, validate_by = due_date(college, year), validation_due(college, year)
    plan = college.plans.get(identifier)
    earlier = None
    if plan is None and not kind.yearly:
        versions = [
            (parsed.year, other) for other, parsed, _ in college.plans_with_ids() if parsed.kind is kind and parsed.year < year
        ]
        earlier = max(versions) if versions else None
    presentation: Step | None
    validation: Step | None = None
    if earlier is not None:
        presentation = None
    elif plan is None or plan.presented_on is None:
        presentation = "missing" if today > due else "to-come"
    else:
        presentation = "late" if plan.presented_on > due else "met"
        if plan.validated_on is not None:
            validation = "late" if plan.validated_on > validate_by else "met"
        elif plan.status is PlanStatus.VALIDATED:
            validation = "met"  # validated, its date not written
        else:
            validation = "missing" if today > validate_by else "to-come"
    return PlanDue(year, kind, identifier, due, validate_by, plan, earlier, presentation, validation)


# --- A session's documents sent to the steering committee -------------------

# Sessions whose agenda and minutes go to the steering committee.
SENT_KINDS = (MeetingKind.PLENARY, MeetingKind.EXTRAORDINARY)
# Approved minutes reach the steering committee within this many days.
MINUTES_SENT_WITHIN_DAYS = 30


@dataclass(frozen=True)
class Sending:
    """A session's agenda or minutes sent to the steering committee, as lint
    (not-sent-to-committee) and compliance (agendas-sent, minutes-sent) both
    judge it on a day: the agenda is due the day of the session, the minutes
    within MINUTES_SENT_WITHIN_DAYS of their approval."""

    state: Step
    sent: dt.date | None
    deadline: dt.date | None  # None: the minutes are not approved yet (or their session is to come)
    # Minutes sent before their approval: the draft's sending, which does not
    # count as the approved minutes' (`sent` is then None).
    draft_sent: dt.date | None = None


def draft_minutes_sent(meeting: Meeting) -> dt.date | None:
    """The date minutes were sent to the committee when it comes before their
    approval: what went was the draft, and the approved minutes are still to
    send (`send minutes` then notes their sending in its place)."""
    sent, approved = meeting.sent_to_committee.minutes, meeting.minutes_approved_on
    if sent is None or approved is None or approved < meeting.date or sent >= approved:
        return None
    return sent


def sendings(college: College, meeting_id: str, today: dt.date) -> tuple[Sending, Sending] | None:
    """The agenda's and the minutes' sending of a session, or None for a
    session whose documents do not go to the committee: a bureau meeting, a
    cancelled session, one still « planned » after its date (lint's
    status-out-of-date asks to say what became of it), or one dated before
    the college was founded."""
    meeting = college.meetings[meeting_id]
    founded = college.settings.founded
    if founded is not None and meeting.date < founded:
        return None  # dated before the college: before-founded's one finding
    held = meeting.status.is_held
    if meeting.kind not in SENT_KINDS or not (held or (meeting.status is MeetingStatus.PLANNED and meeting.date >= today)):
        return None
    sent = meeting.sent_to_committee
    agenda_state: Step
    if sent.agenda is not None:
        agenda_state = "met" if sent.agenda <= meeting.date else "late"
    else:
        agenda_state = "missing" if meeting.date < today else "to-come"
    agenda = Sending(agenda_state, sent.agenda, meeting.date)
    approved = meeting.minutes_approved_on
    if approved is not None and approved < meeting.date:
        # Approved before the session: a date lint reports wrong (approved-before-meeting),
        # from which no deadline is counted.
        approved = None
    deadline = approved + dt.timedelta(days=MINUTES_SENT_WITHIN_DAYS) if approved is not None else None
    draft_sent = draft_minutes_sent(meeting)
    minutes_sent = None if draft_sent is not None else sent.minutes
    minutes_state: Step
    if minutes_sent is not None:
        minutes_state = "late" if deadline is not None and minutes_sent > deadline else "met"
    elif not held or (meeting.status is not MeetingStatus.MINUTES_APPROVED and approved is None):
        minutes_state = "to-come"
    elif deadline is not None and today <= deadline:
        minutes_state = "to-come"
    else:
        minutes_state = "missing"
    return agenda, Sending(minutes_state, minutes_sent, deadline, draft_sent)


# --- Who needs a fiche de poste ------------------------------------------------


def fiche_holders(college: College, day: dt.date) -> list[str]:
    """The members who need a fiche de poste on a day: of a profession that
    has them (rules.fiche_professions), members of the college that day (not
    invited). Lint's fiche-missing and compliance's fiches both ask it, on the
    same day: the last day of the year judged, or today for the current year."""
    professions = college.settings.rules.fiche_professions
    return sorted(
        member_id
        for member_id, member in college.members.items()
        if member.profession in professions and member.role_on(day) not in (None, Role.INVITED)
    )


def has_fiche(college: College, member_id: str, today: dt.date) -> bool:
    """Whether the member's fiche de poste is set by `today` (a fiche dated
    later is not one yet)."""
    fiche = college.fiches.get(member_id)
    return fiche is not None and fiche.set_on <= today


def reference_day(year: int, today: dt.date) -> dt.date:
    """The day a year is judged on: its last day, or today while it runs."""
    return min(today, dt.date(year, 12, 31))
