"""The documents collegekit renders, where each comes from and where it goes.

| kind     | source record          | template        | output (without .md / .docx)                      |
|----------|------------------------|-----------------|---------------------------------------------------|
| minutes  | meetings/<id>.md       | minutes.md.j2   | comptes-rendus/<id>-compte-rendu                  |
| agenda   | meetings/<id>.md       | agenda.md.j2    | ordres-du-jour/<id>-ordre-du-jour                 |
| plan     | plans/<year>-<kind>    | plan.md.j2      | plans/<year>-plan-de-travail (…-plan-de-formation, …) |
| review   | plans/<year>-<kind>    | review.md.j2    | bilans/<year>-bilan-plan-de-travail               |
| fiche    | fiches/<member>.yaml   | fiche.md.j2     | fiches-de-poste/<member>-fiche-de-poste           |
| draft    | meetings/<id>.md       | draft.md.j2     | prises-de-notes/<id>-prise-de-notes (Word only)   |

The draft is the agenda laid out for taking notes in Word (`collegekit
draft`); it is not part of `render all`.

The reports are documents of the same pipeline (the same template lookup, a
college's own templates/ first, the same sandbox, budget and escaping),
made from what their module computed rather than from one record:

| kind        | computed by                         | template          | command                       |
|-------------|-------------------------------------|-------------------|-------------------------------|
| certificate | stats.attended_meetings             | certificate.md.j2 | attendance-certificate        |
| attendance  | attendance_report.Report            | attendance.md.j2  | attendance-report             |
| compliance  | compliance.compliance_report        | compliance.md.j2  | compliance                    |
| coverage    | coverage.coverage                   | coverage.md.j2    | coverage                      |

The certificate and the attendance report are handed over as they are: their
Markdown carries no provenance note (`note=False`). How a document names
members (pseudonymised or not) is the renderer's `names.Names`, not the
document's: the same builder serves both.

Output names are French: the Word files are sent as they are to the
steering committee and to the members.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from collegekit.images import ImageFolder
from collegekit.models.meeting import MeetingStatus
from collegekit.models.plan import PlanKind
from collegekit.records import College, plan_id
from collegekit.render import context
from collegekit.render.errors import UnknownRecordError

if TYPE_CHECKING:
    from collegekit.attendance_report.report import Report
    from collegekit.compliance import ComplianceReport
    from collegekit.coverage import Coverage
    from collegekit.stats import AttendedMeeting

KINDS = ("minutes", "agenda", "plan", "review", "fiche")
FOLDERS = {
    "minutes": "comptes-rendus",
    "agenda": "ordres-du-jour",
    "plan": "plans",
    "review": "bilans",
    "fiche": "fiches-de-poste",
}


@dataclass(frozen=True)
class Document:
    kind: str
    record_id: str
    template: str
    output: PurePosixPath  # relative to the output folder, without suffix
    source: PurePosixPath  # the record, relative to the records folder's parent
    command: str  # the command that renders this document alone
    day: dt.date  # the date written in the Word file's properties
    make_context: Callable[[College, context.Names], dict[str, Any]]
    # Whether the Markdown file starts with the provenance note (build.NOTE).
    note: bool = True
    # Where the document's images are read, when not beside its record (the
    # attendance report's charts, written by collegekit in a folder of its own).
    images: ImageFolder | None = None

    @property
    def markdown_path(self) -> PurePosixPath:
        return self.output.with_suffix(".md")


def _source(college: College, folder: str, record_id: str) -> PurePosixPath:
    path = Path(college.path_of(folder, record_id))
    root = college.root.resolve()
    try:
        relative = path.resolve().relative_to(root)
    except ValueError:
        relative = Path(folder) / path.name
    return PurePosixPath(root.name or "records") / PurePosixPath(relative.as_posix())


def _unknown(what: str, wanted: str, known: list[str], folder: str) -> UnknownRecordError:
    close = difflib.get_close_matches(wanted, known, n=1)
    hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
    return UnknownRecordError(f"{what} « {wanted} » introuvable dans {folder}/.{hint}")


def _meeting_id(college: College, meeting_id: str) -> str:
    meeting_id = meeting_id.removesuffix(".md").rsplit("/", 1)[-1]
    if meeting_id not in college.meetings:
        raise _unknown("séance", meeting_id, sorted(college.meetings), "meetings")
    return meeting_id


def minutes(college: College, meeting_id: str) -> Document:
    return _meeting_document(college, meeting_id, "minutes", "compte-rendu")


def agenda(college: College, meeting_id: str) -> Document:
    return _meeting_document(college, meeting_id, "agenda", "ordre-du-jour")


def draft(college: College, meeting_id: str) -> Document:
    return _meeting_document(college, meeting_id, "draft", "prise-de-notes", folder=DRAFT_FOLDER)


DRAFT_FOLDER = "prises-de-notes"


def _meeting_document(college: College, meeting_id: str, kind: str, suffix: str, folder: str | None = None) -> Document:
    """The minutes and the agenda of a meeting share everything but their template and name."""
    meeting_id = _meeting_id(college, meeting_id)
    return Document(
        kind=kind,
        record_id=meeting_id,
        template=f"{kind}.md.j2",
        output=PurePosixPath(folder or FOLDERS[kind], f"{meeting_id}-{suffix}"),
        source=_source(college, "meetings", meeting_id),
        command=f"collegekit draft {meeting_id}" if kind == "draft" else f"collegekit render {kind} {meeting_id}",
        day=college.meetings[meeting_id].date,
        make_context=(
            (lambda college, names: context.draft_context(college, names, meeting_id))
            if kind == "draft"
            else (lambda college, names: context.meeting_context(college, names, meeting_id))
        ),
    )


def _plan(college: College, year: int, kind: PlanKind) -> str:
    wanted = plan_id(year, kind)
    if wanted not in college.plans:
        raise _unknown("plan", wanted, sorted(college.plans), "plans")
    return wanted


def plan(college: College, year: int, kind: PlanKind = PlanKind.WORK) -> Document:
    record_id = _plan(college, year, kind)
    record = college.plans[record_id]
    return Document(
        kind="plan",
        record_id=record_id,
        template="plan.md.j2",
        output=PurePosixPath(FOLDERS["plan"], f"{year:04d}-{kind.slug}"),
        source=_source(college, "plans", record_id),
        command=f"collegekit render plan --year {year} --kind {kind.value}",
        day=record.presented_on or dt.date(year, 1, 1),
        make_context=lambda college, names: context.plan_context(college, year, kind),
    )


def review(college: College, year: int, kind: PlanKind = PlanKind.WORK) -> Document:
    if not kind.yearly:
        raise UnknownRecordError(
            f"un {kind.label} n'a pas de bilan : le bilan porte sur le plan de travail (--kind work) "
            "ou le plan de formation (--kind training)."
        )
    record_id = _plan(college, year, kind)
    record = college.plans[record_id]
    presented = record.review.presented_on if record.review else None
    return Document(
        kind="review",
        record_id=record_id,
        template="review.md.j2",
        output=PurePosixPath(FOLDERS["review"], f"{year:04d}-bilan-{kind.slug}"),
        source=_source(college, "plans", record_id),
        command=f"collegekit render review --year {year} --kind {kind.value}",
        day=presented or dt.date(year, 12, 31),
        make_context=lambda college, names: context.review_context(college, year, kind),
    )


def fiche(college: College, member_id: str) -> Document:
    member_id = member_id.removesuffix(".yaml").rsplit("/", 1)[-1]
    if member_id not in college.fiches:
        if member_id in college.members:
            raise UnknownRecordError(f"{college.members[member_id].display_name} n'a pas de fiche de poste dans fiches/.")
        raise _unknown("fiche de poste", member_id, sorted(college.fiches), "fiches")
    return Document(
        kind="fiche",
        record_id=member_id,
        template="fiche.md.j2",
        output=PurePosixPath(FOLDERS["fiche"], f"{member_id}-fiche-de-poste"),
        source=_source(college, "fiches", member_id),
        command=f"collegekit render fiche {member_id}",
        day=college.fiches[member_id].set_on,
        make_context=lambda college, names: context.fiche_context(college, names, member_id),
    )


def every_document(college: College, year: int | None = None) -> list[Document]:
    """Everything `render all` makes, in a stable order.

    - an agenda for every meeting not cancelled;
    - minutes for every meeting held (saying so when they are not written yet);
    - every plan; the review of every work or training plan that has one;
    - every job description.

    With a year: the meetings of that year, its plans, their reviews, and the
    job descriptions set that year.
    """
    documents: list[Document] = []
    for meeting_id in sorted(college.meetings):
        meeting = college.meetings[meeting_id]
        if year is not None and meeting.date.year != year:
            continue
        if meeting.status is not MeetingStatus.CANCELLED:
            documents.append(agenda(college, meeting_id))
        if meeting.status.is_held:
            documents.append(minutes(college, meeting_id))
    for _, parsed, record in college.plans_with_ids():
        if parsed.kind is None:
            continue  # a misnamed plan file: lint reports it
        plan_year, kind = parsed.year, parsed.kind
        if year is not None and plan_year != year:
            continue
        documents.append(plan(college, plan_year, kind))
        if kind.yearly and record.review is not None:
            documents.append(review(college, plan_year, kind))
    for member_id in sorted(college.fiches):
        if year is not None and college.fiches[member_id].set_on.year != year:
            continue
        documents.append(fiche(college, member_id))
    return documents


# --- The reports ------------------------------------------------------------------


def _records_name(college: College) -> str:
    return college.root.resolve().name or "records"


def certificate(
    college: College, member_id: str, year: int, attended: Sequence[AttendedMeeting], today: dt.date
) -> Document:
    """A member's attendance certificate for a year (continuing education)."""
    return Document(
        kind="certificate",
        record_id=member_id,
        template="certificate.md.j2",
        output=PurePosixPath(f"attestation-{year}-{member_id}"),
        source=PurePosixPath(_records_name(college), "meetings"),
        command=f"collegekit attendance-certificate {member_id} --year {year} --today {today.isoformat()}",
        day=today,
        make_context=lambda college, names: context.certificate_context(college, member_id, year, attended, today),
        note=False,
    )


def attendance(report: Report, charts: Sequence[tuple[str, str]] = (), images: Path | None = None) -> Document:
    """The attendance report; `charts`: each chart's name and the path the
    document links it by, read from the folder `images` when pandoc makes the
    document."""
    college = report.college
    return Document(
        kind="attendance",
        record_id=report.period_label,
        template="attendance.md.j2",
        output=PurePosixPath("participation"),
        source=PurePosixPath(_records_name(college), "meetings"),
        command="collegekit attendance-report",
        day=report.today,
        make_context=lambda college, names: context.attendance_context(report, charts),
        note=False,
        images=ImageFolder(base=images, root=images) if images is not None else None,
    )


def compliance(college: College, report: ComplianceReport) -> Document:
    """The obligations of a year, or of several side by side; rendered with
    the names the report was computed with (pseudonymised or not)."""
    span = str(report.last) if report.first == report.last else f"{report.first}-{report.last}"
    command = f"collegekit compliance --year {report.last}"
    if report.first != report.last:
        command += f" --since {report.first}"
    command += f" --today {report.today.isoformat()}"
    return Document(
        kind="compliance",
        record_id=span,
        template="compliance.md.j2",
        output=PurePosixPath("obligations", f"obligations-{span}"),
        source=PurePosixPath(_records_name(college)),
        command=command,
        day=report.years[-1].reference_day,
        make_context=lambda college, names: context.compliance_context(report),
    )


def coverage(college: College, result: Coverage) -> Document:
    """The organisation of the medical functions on a day, from the fiches."""
    return Document(
        kind="coverage",
        record_id=result.day.isoformat(),
        template="coverage.md.j2",
        output=PurePosixPath("organisation", f"couverture-{result.day.isoformat()}"),
        source=PurePosixPath(_records_name(college), "fiches"),
        command=f"collegekit coverage --date {result.day.isoformat()}",
        day=result.day,
        make_context=lambda college, names: context.coverage_context(college, names, result),
    )


def epoch(day: dt.date) -> int:
    """Seconds since 1970 at noon UTC of a day: the date of a Word file's properties."""
    return calendar.timegm(dt.datetime(day.year, day.month, day.day, 12).timetuple())
