"""Facts about the college that several outputs state, computed once here so
that lint, compliance, the reports and the documents cannot disagree: the
plenary sessions of a year, and who presided on a day. (A meeting's
participation is stats.meeting_participation; a plan's kind and id are
models.plan.PlanKind and PlanId.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from collegekit.models.meeting import MeetingKind, MeetingStatus
from collegekit.models.member import Role

if TYPE_CHECKING:
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
