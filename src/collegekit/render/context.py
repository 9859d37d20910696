"""What the templates are given: the records, and what a reader needs from
them ready to print (names rather than ids, département names rather than
codes, attendance grouped and counted, plan totals).

Everything here is a pure function of the College: no clock, no file, so
that the same records always give the same documents. Lists are sorted
wherever the records do not fix an order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from collegekit import french
from collegekit.facts import president_on
from collegekit.models.meeting import Material, Meeting, MeetingStatus, Point, PointKind, Presence
from collegekit.models.member import HEAD_OFFICE, Role
from collegekit.models.plan import ActionStatus, Box, Image, Plan, PlanAction, PlanKind
from collegekit.names import Names, public_member
from collegekit.records import College, plan_id
from collegekit.render.markdown import escape, prose
from collegekit.stats import meeting_participation, reaches_quorum

if TYPE_CHECKING:
    from collegekit.attendance_report.report import Report
    from collegekit.compliance import ComplianceReport
    from collegekit.coverage import Coverage
    from collegekit.stats import AttendedMeeting

_SAFE_LINK = re.compile(r"^https?://[^\s<>\\`]+$")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    result = ""
    for value, numeral in _ROMAN:
        while number >= value:
            result += numeral
            number -= value
    return result


def letter(number: int) -> str:
    """1 → a, 26 → z, 27 → aa."""
    result = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        result = chr(ord("a") + remainder) + result
    return result


# Points: each kind looks different in the documents.
_KIND_ORDER = (PointKind.ALERT, PointKind.VIGILANCE, PointKind.DECISION, PointKind.QUESTION, PointKind.INFORMATION)


def point_style(point: Point) -> str:
    """The most serious kind of a point: alert, vigilance, decision, question or information."""
    for kind in _KIND_ORDER:
        if kind in point.kind:
            return kind.value
    return PointKind.INFORMATION.value


def point_label(point: Point) -> str:
    """« Décision », « Point de vigilance », « Question et point d'alerte »; "" for information."""
    labels = [kind.label for kind in point.kind if kind is not PointKind.INFORMATION]
    return french.capitalise(" et ".join(labels)) if labels else ""


def helpers(names: Names) -> dict[str, Any]:
    """The functions templates may call: the naming of `names` (pseudonymised
    or not), and the presentation helpers of every document."""
    return {
        "member_name": names.member_name,
        "member_names": names.member_names,
        "member_place": names.member_place,
        "site": names.site,
        "departement": names.departement,
        "departements": names.departements,
        "territory": names.territory,
        "function_name": names.function_name,
        "speaker": names.speaker,
        "speakers": names.speakers,
        "speakers_label": names.speakers_label,
        "replied": names.replied,
        "point_label": point_label,
        "point_style": point_style,
        "material": material,
        "fields": fields,
        "heading": heading,
        "box": box,
        "image": image,
        "link": link,
        "roman": roman,
        "letter": letter,
        "plural": french.plural_word,
        "capitalise": french.capitalise,
    }


def fields(pairs: Iterable[tuple[str, Any]]) -> Markup:
    """Labelled lines of one paragraph, « **Date :** mardi 18 mars 2025 », one a
    line; a pair whose value is empty (None, "", []) is left out."""
    lines = []
    for label, value in pairs:
        if value is None or value == "" or value == [] or value == ():
            continue
        shown = value if isinstance(value, Markup) else escape(value)
        lines.append(f"**{escape(label)} :** {shown}")
    return Markup("\\\n".join(lines))


def heading(level: int) -> Markup:
    """The Markdown mark of a heading of this level: `{{ heading(3) }} Titre` → ### Titre."""
    return Markup("#" * max(1, min(6, int(level))))


def link(address: str | None) -> Markup:
    """A web address as a link when it is a plain http(s) address, as text otherwise."""
    if not address:
        return Markup("")
    return Markup(f"<{address}>") if _SAFE_LINK.match(address) else Markup(escape(address))


def material(item: Material) -> Markup:
    """A slide deck or document shown: its title, then its file or its link."""
    title = escape(item.title) if item.title else ""
    if item.link:
        address = link(item.link)
        return Markup(f"{title} : {address}") if title else address
    file = escape(item.file or "")
    return Markup(f"{title} (fichier {file})") if title else Markup(f"fichier {file}")


# Minutes and agendas.


@dataclass(frozen=True)
class Person:
    member_id: str
    name: str
    place: str
    invited: bool

    def __str__(self) -> str:
        return f"{self.name} ({self.place})" if self.place else self.name


@dataclass(frozen=True)
class AttendanceGroup:
    presence: str
    label: str
    people: list[Person]


@dataclass(frozen=True)
class Participation:
    expected: int
    attended: int
    in_room: int
    by_video: int
    invited_counted: bool
    quorum_percent: float | None
    quorum_reached: bool | None

    @property
    def rate(self) -> float:
        return self.attended * 100 / self.expected if self.expected else 0.0


_GROUP_LABELS = {
    Presence.PRESENT: "Présents en salle",
    Presence.VIDEO: "Présents en visioconférence",
    Presence.EXCUSED: "Excusés",
    Presence.ABSENT: "Absents",
}


def people(names: Names, member_ids: Iterable[str], day: dt.date) -> list[Person]:
    found = []
    for member_id in member_ids:
        member = names.member(member_id)
        invited = member is not None and member.role_on(day) is Role.INVITED
        found.append(Person(member_id, names.member_name(member_id), names.member_place(member_id, day), invited))

    def key(person: Person) -> tuple[str, str, str]:
        member = names.member(person.member_id)
        if member is None:
            return (french.sort_key(person.member_id), "", person.member_id)
        return french.name_key(member.last_name, member.first_name, person.member_id)

    return sorted(found, key=key)


def attendance_groups(names: Names, meeting: Meeting) -> list[AttendanceGroup]:
    groups = []
    for presence, label in _GROUP_LABELS.items():
        ids = [member_id for member_id, status in meeting.attendance.items() if status is presence]
        if ids:
            groups.append(AttendanceGroup(presence.value, label, people(names, ids, meeting.date)))
    return groups


def participation(college: College, meeting_id: str) -> Participation:
    """The participation the minutes print: stats.meeting_participation, the
    count the attendance report shows for the same meeting."""
    rules = college.settings.rules
    counts, _ = meeting_participation(college, meeting_id)
    return Participation(
        expected=counts.expected,
        attended=counts.attended,
        in_room=counts.present,
        by_video=counts.video,
        invited_counted=rules.invited_count_in_rates,
        quorum_percent=rules.quorum_percent,
        quorum_reached=reaches_quorum(counts, rules.quorum_percent),
    )


def next_meeting(college: College, meeting: Meeting) -> Meeting | None:
    """The meeting record of the date given as next meeting, of the same kind if several."""
    if meeting.next_meeting is None or meeting.next_meeting.date is None:
        return None
    day = meeting.next_meeting.date
    same_day = [college.meetings[key] for key in sorted(college.meetings) if college.meetings[key].date == day]
    same_day.sort(key=lambda other: other.kind is not meeting.kind)
    return same_day[0] if same_day else None


def meeting_context(college: College, names: Names, meeting_id: str) -> dict[str, Any]:
    meeting = college.meetings[meeting_id]
    # The prose of the body, where it was written: before part I (opening),
    # after part N (prose_after[N]); the prose after the last part closes.
    prose_after: dict[int, str] = {}
    for block in meeting.prose:
        after = min(block.after_part, len(meeting.agenda))
        prose_after[after] = "\n\n".join(filter(None, [prose_after.get(after, ""), block.text]))
    opening = prose_after.pop(0, "")
    closing = prose_after.pop(len(meeting.agenda), "") if meeting.agenda else ""
    president = president_on(college, meeting.date)
    return {
        "meeting": meeting,
        "meeting_id": meeting_id,
        "kind_label": meeting.kind.label,
        "cancelled": meeting.status is MeetingStatus.CANCELLED,
        "held": meeting.status.is_held,
        "approved": meeting.status is MeetingStatus.MINUTES_APPROVED,
        "drafted": meeting.status is MeetingStatus.MINUTES_DRAFTED,
        "has_minutes": meeting.has_minutes,
        "opening": opening,
        "closing": closing,
        "prose_after": prose_after,
        "attendance": attendance_groups(names, meeting),
        "participation": participation(college, meeting_id),
        "invited_people": people(names, meeting.invited, meeting.date),
        "president": names.member_name(president) if president else None,
        "next": next_meeting(college, meeting),
    }


@dataclass(frozen=True)
class TickRow:
    """A convened member on the draft's table of presences, with the presence
    already recorded (an excuse sent before the meeting), if any."""

    name: str
    place: str
    presence: str | None


def draft_context(college: College, names: Names, meeting_id: str) -> dict[str, Any]:
    """The meeting's values, plus what the note-taking draft shows: the
    convened members to tick, the labels of the points, an example action."""
    from collegekit.minutes.draft import DRAFT_GUIDE_HEADING, guide_labels
    from collegekit.stats import expected_members

    values = meeting_context(college, names, meeting_id)
    meeting = college.meetings[meeting_id]
    convened = meeting.invited or tuple(expected_members(college, meeting, include_invited=True))
    rows = [
        TickRow(person.name, person.place, presence.value if (presence := meeting.attendance.get(person.member_id)) else None)
        for person in people(names, convened, meeting.date)
    ]
    owner = president_on(college, meeting.date) or (convened[0] if convened else "identifiant")
    return {
        **values,
        "to_tick": rows,
        "guide_heading": DRAFT_GUIDE_HEADING,
        "labels": guide_labels(),
        "example_owner": owner,
        "example_due": (meeting.date + dt.timedelta(days=30)).isoformat(),
    }


# Plans and reviews.


@dataclass(frozen=True)
class ActionGroup:
    """An orientation, or the actions written directly under an axis (title None).
    `number` is None when the plan does not number its orientations."""

    number: str | None
    title: str | None
    description: str | None
    actions: list[PlanAction]
    boxes: list[Box] = field(default_factory=list)


@dataclass(frozen=True)
class AxisView:
    number: int
    title: str
    description: str | None
    groups: list[ActionGroup]
    boxes: list[Box] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)

    @property
    def actions(self) -> list[PlanAction]:
        return [action for group in self.groups for action in group.actions]


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class AxisReview:
    number: int
    title: str
    total: int
    counts: dict[str, int]
    average_progress: float


@dataclass
class ReviewSummary:
    total: int
    statuses: list[StatusCount]
    axes: list[AxisReview]
    carry_over: list[PlanAction] = field(default_factory=list)
    carried_into_next: int | None = None
    next_year: int | None = None
    total_hours: float | None = None  # training plans: hours of every action
    done_hours: float | None = None  # of the actions done
    dpc_hours: float | None = None  # of the actions done that count for DPC
    without_review: list[PlanAction] = field(default_factory=list)  # in document order


def axis_views(plan: Plan) -> list[AxisView]:
    views = []
    numbered = plan.numbering.orientations
    for axis_number, axis in enumerate(plan.axes, start=1):
        groups = [
            ActionGroup(
                f"{axis_number}.{number}" if numbered else None,
                orientation.title,
                orientation.description,
                list(orientation.actions),
                list(orientation.boxes),
            )
            for number, orientation in enumerate(axis.orientations, start=1)
        ]
        if axis.actions:
            groups.append(ActionGroup(str(axis_number), None, None, list(axis.actions)))
        views.append(AxisView(axis_number, axis.title, axis.description, groups, list(axis.boxes), list(axis.images)))
    return views


@dataclass(frozen=True)
class ProjectView:
    title: str
    place: str | None
    description: str | None
    actions: list[str]


@dataclass(frozen=True)
class TerritoryView:
    code: str
    name: str
    description: str | None
    projects: list[ProjectView]


def territory_views(college: College, plan: Plan) -> list[TerritoryView]:
    """The départements of the plan and their projects, in the order written.
    A project cites actions by number, or by title when the document does
    not print the numbers."""
    titles = {action.number: action.title for action in plan.actions}

    def cited(number: int) -> str:
        return str(number) if plan.numbering.actions else titles.get(number, str(number))

    return [
        TerritoryView(
            territory.departement,
            college.settings.departement_name(territory.departement),
            territory.description,
            [ProjectView(p.title, p.place, p.description, [cited(number) for number in p.actions]) for p in territory.projects],
        )
        for territory in plan.territories
    ]


@dataclass(frozen=True)
class SummaryTable:
    """The columns of the summary table: only those some action fills."""

    numbers: bool
    owner: bool
    territory: bool
    deadline: bool
    hours: bool
    dpc: bool

    @property
    def count(self) -> int:
        return 1 + sum((self.numbers, self.owner, self.territory, self.deadline, self.hours, self.dpc))


def summary_table(plan: Plan, actions: Sequence[PlanAction], training: bool) -> SummaryTable | None:
    if not plan.summary_table or not actions:
        return None
    return SummaryTable(
        numbers=plan.numbering.actions,
        owner=any(action.owner for action in actions),
        territory=any(action.territory for action in actions),
        deadline=any(action.deadline for action in actions),
        hours=training or any(action.hours is not None for action in actions),
        dpc=training or any(action.dpc is not None for action in actions),
    )


def document_label(plan: Plan, year: int, kind: PlanKind) -> str:
    """What the document is: the plan's own words, or its kind and year."""
    return plan.label or f"{french.capitalise(kind.label)} {year}"


def box(item: Box) -> Markup:
    """A box as a block quote: its title in bold, then its text (Markdown)."""
    text = prose(item.text, 6)
    lines = [f"**{escape(item.title)}**", "", *text.strip("\n").split("\n")]
    return Markup("\n".join(f"> {line}".rstrip() for line in lines))


def image(item: Image) -> Markup:
    """An image of the plan with its alternative text, its caption below.

    The image is never alone in its paragraph (a line break and the caption,
    or a no-break space, follow it): pandoc would print its alternative text
    as a caption.
    """
    target = "".join("\\" + char if char in "\\<>" else char for char in item.file)
    shown = f"![{escape(item.alt)}](<{target}>)"
    if item.caption:
        return Markup(f"{shown}\\\n*{escape(item.caption)}*")
    return Markup(shown + french.NBSP)


_LABELS_FEMININE_PLURAL = {
    ActionStatus.PLANNED: "prévues",
    ActionStatus.IN_PROGRESS: "en cours",
    ActionStatus.DONE: "réalisées",
    ActionStatus.POSTPONED: "reportées",
    ActionStatus.ABANDONED: "abandonnées",
}
_CARRY_OVER = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.POSTPONED)
# The order of a review: what is done first, what is dropped last.
REVIEW_ORDER = (
    ActionStatus.DONE,
    ActionStatus.IN_PROGRESS,
    ActionStatus.PLANNED,
    ActionStatus.POSTPONED,
    ActionStatus.ABANDONED,
)


def review_summary(college: College, plan: Plan, year: int, kind: PlanKind) -> ReviewSummary:
    actions = plan.actions
    by_status = Counter(action.status for action in actions)
    statuses = [
        StatusCount(status.value, french.capitalise(_LABELS_FEMININE_PLURAL[status]), by_status[status])
        for status in REVIEW_ORDER
        if by_status[status]
    ]
    axes = []
    for view in axis_views(plan):
        axis_actions = view.actions
        counts = Counter(action.status.value for action in axis_actions)
        average = sum(action.progress for action in axis_actions) / len(axis_actions) if axis_actions else 0.0
        axes.append(
            AxisReview(view.number, view.title, len(axis_actions), {s.value: counts[s.value] for s in ActionStatus}, average)
        )
    summary = ReviewSummary(
        total=len(actions),
        statuses=statuses,
        axes=axes,
        carry_over=sorted((a for a in actions if a.status in _CARRY_OVER), key=lambda action: action.number),
        without_review=[action for action in actions if not action.review],
    )
    following = college.plan(year + 1, kind)
    if following is not None:
        summary.next_year = year + 1
        summary.carried_into_next = sum(1 for action in following.actions if action.carried_over_from == year)
    if any(action.hours is not None for action in actions):
        summary.total_hours = sum(action.hours or 0 for action in actions)
        done = [action for action in actions if action.status is ActionStatus.DONE]
        summary.done_hours = sum(action.hours or 0 for action in done)
        summary.dpc_hours = sum(action.hours or 0 for action in done if action.dpc)
    return summary


def plan_context(college: College, year: int, kind: PlanKind) -> dict[str, Any]:
    plan = college.plans[plan_id(year, kind)]
    actions = sorted(plan.actions, key=lambda action: action.number)
    training = kind is PlanKind.TRAINING
    return {
        "plan": plan,
        "plan_id": plan_id(year, kind),
        "year": year,
        "kind": kind.value,
        "kind_label": kind.label,
        "document_label": document_label(plan, year, kind),
        "status_label": french.capitalise(plan.stated_status.label) if plan.stated_status else None,
        "axis_label": plan.axis_label,
        "numbered_actions": plan.numbering.actions,
        "axes": axis_views(plan),
        "territories": territory_views(college, plan),
        "actions": actions,
        "summary_table": summary_table(plan, actions, training),
        "training": training,
    }


def review_context(college: College, year: int, kind: PlanKind) -> dict[str, Any]:
    context = plan_context(college, year, kind)
    context["summary"] = review_summary(college, context["plan"], year, kind)
    return context


# Job descriptions.


@dataclass(frozen=True)
class LevelView:
    level: str
    label: str
    activities: list[Any]
    share: float


def fiche_context(college: College, names: Names, member_id: str) -> dict[str, Any]:
    fiche = college.fiches[member_id]
    levels = [
        LevelView(level.value, french.capitalise(level.label), list(activities), sum(a.share for a in activities))
        for level, activities in fiche.activities.by_level()
    ]
    return {
        "fiche": fiche,
        "member_id": member_id,
        "member": names.member(member_id),
        "levels": levels,
        "activity_count": sum(len(level.activities) for level in levels),
        "total_share": fiche.total_share,
    }


# The reports: their module computed everything; the context only lays it out.


_MODES = {Presence.PRESENT: "en salle", Presence.VIDEO: "en visioconférence"}


@dataclass(frozen=True)
class CertifiedMeeting:
    day: dt.date
    title: str
    theme: str
    mode: str
    duration: str


def certificate_context(
    college: College, member_id: str, year: int, attended: Sequence[AttendedMeeting], today: dt.date
) -> dict[str, Any]:
    """A member's attendance certificate: the member named as on their file
    (a certificate is never pseudonymised), the meetings, their durations."""
    settings = college.settings
    member = college.members[member_id]
    assignment = member.service or (
        settings.head_office.name
        if member.site == HEAD_OFFICE
        else f"délégation départementale, {member.site} {settings.departement_name(member.site)}"
    )
    president_id = president_on(college, today) or president_on(college, dt.date(year, 12, 31))
    return {
        "year": year,
        "today": today,
        "member": public_member(college, member_id),
        # « le » Dr …; nothing before Mme … or a name without title (a person, not an organisation).
        "article": french.article_of(member.display_name, own=""),
        "assignment": assignment,
        "meetings": [
            CertifiedMeeting(
                item.meeting.date, item.meeting.title, item.meeting.theme or "—", _MODES[item.presence],
                french.duration(item.minutes),
            )
            for item in attended
        ],
        "count": french.plural(len(attended), "séance"),
        "total": french.duration(sum(item.minutes for item in attended)),
        "president": college.members[president_id].display_name if president_id else None,
    }


CHART_TITLES = {
    "meetings": "Participation par séance",
    "sites": "Participation par affectation",
    "professions": "Participation par profession",
    "modes": "Participation en salle et en visioconférence, par séance",
}


@dataclass(frozen=True)
class ReportTable:
    """A table of the attendance report as the document shows it: its
    document columns only, every cell formatted."""

    title: str
    headers: list[str]
    right: list[bool]  # each column aligned right (numbers)
    rows: list[list[str]]
    total: list[str] | None


def attendance_context(report: Report, charts: Sequence[tuple[str, str]]) -> dict[str, Any]:
    from collegekit.attendance_report.report import format_value

    tables = []
    for spec in report.tables():
        shown = [index for index, column in enumerate(spec.columns) if column.document]
        tables.append(
            ReportTable(
                title=spec.title,
                headers=[spec.columns[index].header for index in shown],
                right=[spec.columns[index].kind in ("int", "rate", "points") for index in shown],
                rows=[[format_value(row[index]) for index in shown] for row in spec.rows],
                total=[format_value(spec.total[index]) for index in shown] if spec.total is not None else None,
            )
        )
    return {
        "report": report,
        "alerts": report.alert_sections(),
        # Collegekit's own file names: linked as they are.
        "charts": [(CHART_TITLES.get(name, name), Markup(path)) for name, path in charts],
        "tables": tables,
        "missing": french.MISSING,
    }


def compliance_context(report: ComplianceReport) -> dict[str, Any]:
    from collegekit.compliance import state_word

    return {
        "report": report,
        "single": report.first == report.last,
        "year": report.years[-1],
        "rate": french.percent,
        "points": french.points,
        "state_word": state_word,
    }


def coverage_context(college: College, names: Names, result: Coverage) -> dict[str, Any]:
    from dataclasses import replace

    from collegekit.coverage import SINGLE, fte_text, territory_heading, territory_label, uncovered

    return {
        # The members without a fiche in the order of every list of members:
        # by code when pseudonymised.
        "coverage": replace(result, without_fiche=tuple(names.ordered(result.without_fiche))),
        "territory_label": lambda code: territory_label(college, code),
        "territory_heading": territory_heading,
        "territory_list": lambda codes: french.join([territory_label(college, code) for code in codes]),
        "fte": fte_text,
        "single": result.flagged(SINGLE),
        "nobody": uncovered(result),
    }
