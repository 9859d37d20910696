"""Meetings as an iCalendar file, for the members' agendas.

Each meeting keeps the same UID from one export to the next, so that
importing a new export updates the events already in a calendar instead of
duplicating them; times are in Europe/Paris, with the VTIMEZONE that
calendar programs need to place them right on both sides of a clock change.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from collegekit.models.meeting import Meeting, MeetingFormat, MeetingStatus
from collegekit.records import College

PARIS = ZoneInfo("Europe/Paris")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def meeting_uid(college: College, meeting_id: str) -> str:
    """Stable across exports and unique across colleges."""
    name = unicodedata.normalize("NFKD", college.settings.short_name or college.settings.name)
    ascii_name = name.encode("ascii", "ignore").decode().lower()
    college_slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    return f"{meeting_id}.{college_slug}@collegekit"


def agenda_text(meeting: Meeting) -> str:
    lines = []
    for part_index, part in enumerate(meeting.agenda):
        number = ROMAN[part_index] if part_index < len(ROMAN) else str(part_index + 1)
        lines.append(f"{number}. {part.title}")
        for item_index, item in enumerate(part.items):
            lines.append(f"   {chr(ord('a') + item_index % 26)}. {item.title}")
    return "\n".join(lines)


def meetings_calendar(
    college: College, meeting_ids: Iterable[str], stamp: dt.datetime | None = None
) -> bytes:
    """The iCalendar text of these meetings.

    Each event's DTSTAMP is noon UTC of its meeting's day unless `stamp` is
    given: exporting an unchanged calendar again gives the same bytes, so
    the .ics files kept in the repository change only when a meeting does.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//collegekit//calendrier du collège//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", college.settings.short_name or college.settings.name)
    meeting_ids_sorted = sorted(meeting_ids)
    for meeting_id in meeting_ids_sorted:
        meeting = college.meetings[meeting_id]
        event = Event()
        event.add("uid", meeting_uid(college, meeting_id))
        event.add("dtstamp", stamp or dt.datetime.combine(meeting.date, dt.time(12), tzinfo=dt.UTC))
        event.add("dtstart", dt.datetime.combine(meeting.date, meeting.start, tzinfo=PARIS))
        event.add("dtend", dt.datetime.combine(meeting.date, meeting.end, tzinfo=PARIS))
        event.add("summary", f"{meeting.title} — {meeting.theme}" if meeting.theme else meeting.title)
        # The place as written (it often says « et visioconférence » already);
        # the link goes to the description and URL, not into the place again.
        location = meeting.place or ("Visioconférence" if meeting.format is not MeetingFormat.IN_PERSON else "")
        if location:
            event.add("location", location)
        paragraphs = []
        video = meeting.video_link if meeting.format is not MeetingFormat.IN_PERSON else None
        if video:
            event.add("url", video)
            paragraphs.append(f"Lien de la visioconférence : {video}")
        description = agenda_text(meeting)
        if description:
            paragraphs.append(f"Ordre du jour\n{description}")
        if paragraphs:
            event.add("description", "\n\n".join(paragraphs))
        event.add("status", "CANCELLED" if meeting.status is MeetingStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    days = [college.meetings[m].date for m in meeting_ids_sorted]
    if days:
        # The time zone's rules for the years the meetings span, not for 1970-2038.
        calendar.add_missing_timezones(dt.date(min(days).year, 1, 1), dt.date(max(days).year + 1, 1, 1))
        for timezone in calendar.walk("VTIMEZONE"):
            # icalendar's note, in English, on the years the rules cover: not for the members' agendas.
            timezone.pop("COMMENT", None)
    return calendar.to_ical()
