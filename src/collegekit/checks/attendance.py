"""Attendance: a held meeting accounts for every member of that day, and only them."""

from __future__ import annotations

from collections.abc import Iterator

from collegekit import french
from collegekit.checks import CheckContext, Finding, agreed, before_founding, check, member_name
from collegekit.diagnostics import Severity
from collegekit.facts import held_by, unnoted
from collegekit.models.meeting import Presence


@check(
    "attendance-missing-member",
    "attendance",
    Severity.ERROR,
    "Une séance tenue ne dit pas si un membre du jour était présent, excusé ou absent.",
    reads=("meetings", "members"),
    precise=True,
)
def attendance_missing_member(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    for meeting_id, meeting in held_by(college, context.today):
        missing = unnoted(college, meeting)
        if not missing:
            continue
        if not meeting.attendance:
            yield Finding(
                "meetings",
                meeting_id,
                ("status",),
                f"la séance est tenue mais les présences n'ont pas été saisies ({len(missing)} membres attendus)",
                f"Notez-les : « collegekit attend {meeting_id} --present ID,ID --video ID --excused ID --absent ID » "
                f"(ou « collegekit attend {meeting_id} --interactive »).",
                rests_on=tuple(f"members/{member_id}" for member_id in missing),
            )
            continue
        for member_id in missing:
            yield Finding(
                "meetings",
                meeting_id,
                ("attendance",),
                f"{member_name(college, member_id)} ({member_id}) était membre le {french.short_date(meeting.date)} "
                "mais n'apparaît pas dans les présences",
                f"« collegekit attend {meeting_id} --present {member_id} » (ou --video, --excused, --absent).",
                rests_on=(f"members/{member_id}",),
            )


@check(
    "attendance-not-a-member",
    "attendance",
    Severity.ERROR,
    "Les présences d'une séance citent quelqu'un qui n'était pas membre ce jour-là.",
    reads=("meetings", "members"),
    precise=True,
)
def attendance_not_a_member(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    for meeting_id, meeting in college.meetings.items():
        if before_founding(college, meeting.date):
            continue
        for member_id in meeting.attendance:
            member = college.members.get(member_id)
            if member is None or member.role_on(meeting.date) is not None:
                continue  # an unknown id is reported by unknown-member
            periods = ", ".join(
                f"du {french.short_date(p.start)}" + (f" au {french.short_date(p.end)}" if p.end else "") for p in member.memberships
            )
            yield Finding(
                "meetings",
                meeting_id,
                ("attendance", member_id),
                f"{member.display_name} n'était pas membre du collège le {french.short_date(meeting.date)} "
                f"(membre {periods})",
                f"« collegekit attend {meeting_id} --remove {member_id} », ou corrigez ses périodes d'appartenance "
                f"(« collegekit member {member_id} --rejoin AAAA-MM-JJ »).",
                rests_on=(f"members/{member_id}",),
            )


@check(
    "attendance-not-held",
    "attendance",
    Severity.ERROR,
    f"Une séance à venir note quelqu'un présent ou absent (seul « {Presence.EXCUSED.label} » se note d'avance).",
    reads=("meetings",),
    precise=True,
)
def attendance_not_held(context: CheckContext) -> Iterator[Finding]:
    for meeting_id, meeting in context.college.meetings.items():
        # A past meeting still "planned", or a future one marked held, is
        # status-out-of-date's finding: one mistake, one finding.
        if meeting.date <= context.today or meeting.status.is_held:
            continue
        for member_id, presence in meeting.attendance.items():
            if presence is not Presence.EXCUSED:
                yield Finding(
                    "meetings",
                    meeting_id,
                    ("attendance", member_id),
                    f"la séance du {french.short_date(meeting.date)} n'a pas encore eu lieu : "
                    f"« {agreed(context.college, member_id, presence)} » "
                    f"ne peut pas y être noté pour {member_name(context.college, member_id)}",
                    f"Notez les présences après la séance ; seul « {Presence.EXCUSED.label} » peut se noter d'avance.",
                )


@check(
    "speaker-absent",
    "attendance",
    Severity.WARNING,
    "Un membre intervient à une séance où il est noté excusé ou absent.",
    reads=("meetings",),
    precise=True,
)
def speaker_absent(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    for meeting_id, meeting in held_by(college, context.today):
        if not meeting.attendance:
            continue
        reported: set[str] = set()
        for key_path, speaker in meeting.speakers():
            presence = meeting.attendance.get(speaker.member) if speaker.member else None
            if presence is not None and not presence.attended and speaker.member not in reported:
                reported.add(speaker.member)  # once a meeting, where they first speak
                yield Finding(
                    "meetings",
                    meeting_id,
                    key_path,
                    f"{member_name(college, speaker.member)} intervient mais figure comme "
                    f"« {agreed(college, speaker.member, presence)} » "
                    "dans les présences",
                    "Corrigez sa présence (present ou video), ou l'intervenant.",
                )

