"""New records, ready to fill in, that lint clean the moment they are written.

Each function returns the text of a new record; the command decides where it
goes and never overwrites a file (files.write_atomically with
overwrite=False). The text is written with the round-trip YAML writer used
for edits, so that a new record looks like the ones the bureau writes by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from collegekit.checks.attendance import expected_members
from collegekit.edit import round_trip_yaml
from collegekit.models.meeting import Meeting, MeetingFormat, MeetingKind, MeetingStatus
from collegekit.models.member import Role
from collegekit.records import College
from collegekit.schema import modeline

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_SLUGS = {MeetingKind.PLENARY: "pleniere", MeetingKind.BUREAU: "bureau", MeetingKind.EXTRAORDINARY: "extraordinaire"}
DEFAULT_TIMES = {
    MeetingKind.PLENARY: (dt.time(14, 0), dt.time(17, 0)),
    MeetingKind.BUREAU: (dt.time(12, 30), dt.time(14, 0)),
    MeetingKind.EXTRAORDINARY: (dt.time(14, 0), dt.time(16, 0)),
}

# The agenda a new meeting starts from, unless the college keeps its own in
# templates/agenda-<kind>.yaml (a YAML list of parts, as in a meeting file).
DEFAULT_AGENDAS: dict[MeetingKind, list[str]] = {
    MeetingKind.PLENARY: [
        "Ouverture de la séance et approbation du compte rendu de la séance précédente",
        "Actualités régionales",
        "{theme}",
        "Tour de table des délégations départementales",
        "Questions diverses et date de la prochaine séance",
    ],
    MeetingKind.BUREAU: [
        "Suivi des comptes rendus transmis à l'instance",
        "Préparation de la prochaine séance plénière",
        "Questions diverses",
    ],
    MeetingKind.EXTRAORDINARY: ["{theme}", "Questions diverses"],
}


def meeting_id(day: dt.date, slug: str) -> str:
    return f"{day.isoformat()}-{slug}"


def next_number(college: College, day: dt.date, kind: MeetingKind) -> int:
    """The meeting's number among those of its kind in its year."""
    earlier = [
        m for m in college.meetings.values() if m.kind is kind and m.date.year == day.year and m.date < day
    ]
    return len(earlier) + 1


def invited_on(college: College, day: dt.date, kind: MeetingKind) -> list[str]:
    """Everyone convened: the members of that day (the bureau alone for a
    bureau meeting) and, for the college's sessions, its invited members."""
    # Who is expected depends only on the kind and date of a meeting.
    invited = expected_members(college, Meeting.model_construct(kind=kind, date=day))
    if kind is not MeetingKind.BUREAU:
        invited += [i for i, m in college.members.items() if m.role_on(day) is Role.INVITED and i not in invited]
    return sorted(invited)


def ordinal_title(number: int, kind: MeetingKind, year: int) -> str:
    """« 1re séance plénière 2026 », « 2e réunion du bureau 2026 »."""
    return f"{number}{'re' if number == 1 else 'e'} {kind.label} {year}"


def agenda_skeleton(college: College, kind: MeetingKind, theme: str | None) -> list[Any]:
    own = college.root.parent / "templates" / f"agenda-{kind.value}.yaml"
    if own.is_file():
        parts = round_trip_yaml().load(own.read_text(encoding="utf-8"))
        if isinstance(parts, list):
            return parts
    titles = [t.format(theme=theme) for t in DEFAULT_AGENDAS[kind] if theme or "{theme}" not in t]
    return [CommentedMap(title=title) for title in titles]


def new_meeting_text(
    college: College,
    day: dt.date,
    kind: MeetingKind,
    *,
    title: str | None = None,
    theme: str | None = None,
    place: str | None = None,
    meeting_format: MeetingFormat = MeetingFormat.HYBRID,
    start: dt.time | None = None,
    end: dt.time | None = None,
) -> str:
    number = next_number(college, day, kind)
    default_start, default_end = DEFAULT_TIMES[kind]
    settings = college.settings
    front = CommentedMap()
    front["kind"] = kind.value
    front["number"] = number
    front["title"] = title or ordinal_title(number, kind, day.year)
    if theme:
        front["theme"] = theme
    front["date"] = day
    front["start"] = DoubleQuotedScalarString(f"{start or default_start:%H:%M}")
    front["end"] = DoubleQuotedScalarString(f"{end or default_end:%H:%M}")
    if meeting_format is not MeetingFormat.VIDEO:
        front["place"] = place or f"{settings.head_office.name}, {settings.head_office.city}"
    front["format"] = meeting_format.value
    front["status"] = MeetingStatus.PLANNED.value
    front["invited"] = CommentedSeq(invited_on(college, day, kind))
    front["recipients"] = CommentedSeq([settings.steering_committee, "Membres du collège"])
    front["agenda"] = CommentedSeq(agenda_skeleton(college, kind, theme))
    front.yaml_set_comment_before_after_key(
        "status",
        before="Après la séance : status: held, puis les présences avec « collegekit attend ».",
    )
    stream = io.StringIO()
    round_trip_yaml().dump(front, stream)
    return f"---\n{modeline('meeting')}\n{stream.getvalue()}---\n"

