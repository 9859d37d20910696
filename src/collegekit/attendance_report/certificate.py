"""A member's attendance certificate, for continuing education (DPC)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from collegekit import french
from collegekit.facts import president_on
from collegekit.models.meeting import Presence
from collegekit.models.member import HEAD_OFFICE
from collegekit.render.markdown import escape
from collegekit.stats import AttendedMeeting

if TYPE_CHECKING:
    from collegekit.records import College

MODES = {Presence.PRESENT: "en salle", Presence.VIDEO: "en visioconférence"}


def certificate_markdown(
    college: College, member_id: str, year: int, attended: Sequence[AttendedMeeting], today: dt.date
) -> str:
    settings = college.settings
    member = college.members[member_id]
    assignment = member.service or (
        settings.head_office.name
        if member.site == HEAD_OFFICE
        else f"délégation départementale, {member.site} {settings.departement_name(member.site)}"
    )
    total = sum(a.minutes for a in attended)
    president_id = president_on(college, today) or president_on(college, dt.date(year, 12, 31))
    lines = [
        f"# Attestation de participation — {year}",
        "",
        f"{escape(settings.name)}  ",
        escape(settings.agency),
        "",
        f"Le collège atteste que **{escape(member.display_name)}**, {escape(member.profession.label)} "
        f"({escape(assignment)}), a participé aux séances suivantes du collège en {year} :",
        "",
        "| Date | Séance | Thème | Participation | Durée |",
        "|---|---|---|---|---:|",
    ]
    for item in attended:
        meeting = item.meeting
        lines.append(
            f"| {escape(french.date(meeting.date, weekday=True))} | {escape(meeting.title)} | "
            f"{escape(meeting.theme or '—')} | {MODES[item.presence]} | "
            f"{escape(french.duration(item.minutes))} |"
        )
    lines += [
        f"| **Total** | **{escape(french.plural(len(attended), 'séance'))}** | | | **{escape(french.duration(total))}** |",
        "",
        "Les durées sont celles des séances, de l'heure d'ouverture à l'heure de clôture inscrites au compte rendu.",
        "",
        "Attestation établie pour servir et valoir ce que de droit, notamment au titre du développement "
        "professionnel continu (DPC).",
        "",
        f"Fait à {escape(settings.head_office.city)}, le {french.date(today)}.",
        "",
        "Pour le collège, la présidence"
        + (f" : {escape(college.members[president_id].display_name)}" if president_id else "")
        + ".",
        "",
    ]
    return "\n".join(lines)
