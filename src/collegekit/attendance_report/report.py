"""One report, many outputs: the labels, the headline, the tables and the
alerts of an attendance report, as plain values every output renders.

A table is a `TableSpec`: columns with a kind, and rows of raw values (ints,
`Rate`, `Points`, dates, text). The terminal and Markdown outputs format them
the French way; the spreadsheet keeps the numbers as numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from collegekit import french
from collegekit.models.meeting import MeetingFormat, MeetingKind
from collegekit.models.member import HEAD_OFFICE, Profession, Status
from collegekit.names import Names
from collegekit.stats import (
    AbsenceStreak,
    AttendanceNotTaken,
    AttendanceStats,
    BelowQuorum,
    Breakdown,
    Cell,
    NeverAttended,
    Tally,
    Trend,
)

if TYPE_CHECKING:
    from collegekit.records import College

DIMENSION_TITLES = {
    "meeting": "Participation par séance",
    "member": "Participation par membre",
    "year": "Participation par année",
    "site": "Participation par affectation",
    "profession": "Participation par profession",
    "management": "Participation selon la fonction d'encadrement",
    "status": "Participation par statut",
    "mode": "Participation selon le format de la séance",
}
DIMENSION_HEADERS = {
    "site": "Affectation",
    "profession": "Profession",
    "management": "Encadrement",
    "status": "Statut",
    "mode": "Format de la séance",
    "year": "Année",
}
MODE_LABELS = {
    MeetingFormat.IN_PERSON: "En présentiel",
    MeetingFormat.VIDEO: "En visioconférence",
    MeetingFormat.HYBRID: "Hybride (salle et visio)",
}
KIND_PLURALS = {
    MeetingKind.PLENARY: "plénières",
    MeetingKind.BUREAU: "du bureau",
    MeetingKind.EXTRAORDINARY: "extraordinaires",
}
SMALL_MARK = "*"
TERMINAL_YEARS = 5  # years of a trend shown in the terminal


@dataclass(frozen=True, slots=True)
class Rate:
    value: float | None
    small: bool = False


@dataclass(frozen=True, slots=True)
class Points:
    value: float | None


Value = str | int | Rate | Points | dt.date | None


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, int, rate, points, date
    terminal: bool = True  # shown in the terminal (which is narrower)
    short: str | None = None  # the header in the terminal
    min_width: int | None = None  # in the terminal, for text that should not be squeezed
    document: bool = True  # shown in the Markdown and Word report (the spreadsheet has every column)

    @property
    def terminal_header(self) -> str:
        return self.short or self.header


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    total: tuple[Value, ...] | None = None


@dataclass(frozen=True)
class AlertSection:
    title: str
    lines: tuple[str, ...]


def shown_change(before: Tally | None, after: Tally | None) -> float | None:
    """The change between two rates as the reader sees them (french.points_between)."""
    if before is None or after is None:
        return None
    change = french.points_between(before.participation, after.participation)
    return None if change is None else float(change)


def format_value(value: Value) -> str:
    """A cell as the terminal and the Markdown report show it."""
    if value is None:
        return french.MISSING
    if isinstance(value, Rate):
        text = french.percent(value.value)
        return f"{text} {SMALL_MARK}" if value.small and value.value is not None else text
    if isinstance(value, Points):
        return french.points(value.value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return french.number(value)
    if isinstance(value, dt.date):
        return french.short_date(value)
    return value


@dataclass
class Report:
    """An attendance report: the statistics and how to name what they count."""

    college: College
    stats: AttendanceStats
    today: dt.date
    pseudonymize: bool = False
    names: Names = field(init=False)

    def __post_init__(self) -> None:
        self.names = Names(self.college, self.pseudonymize)

    # --- names and labels

    def member_name(self, member_id: str) -> str:
        return self.names.name(member_id)

    def member_order(self, member_id: str) -> tuple[object, ...]:
        """By site (the head office first), then by name (or by code, which
        says nothing of the name)."""
        member = self.college.members[member_id]
        site = (member.site != HEAD_OFFICE, member.site)
        if self.pseudonymize:
            return (*site, self.member_name(member_id))
        return (*site, member.last_name.casefold(), member.first_name.casefold(), member_id)

    def site_label(self, site: str) -> str:
        settings = self.college.settings
        if site == HEAD_OFFICE:
            return settings.head_office.name
        return f"{site} {settings.departement_name(site)}"

    def short_site_label(self, site: str) -> str:
        return "Siège" if site == HEAD_OFFICE else f"DD {site}"

    def key_label(self, dimension: str, key: str) -> str:
        if dimension == "site":
            return self.site_label(key)
        if dimension == "profession":
            return french.capitalise(Profession(key).label)
        if dimension == "status":
            return french.capitalise(Status(key).label)
        if dimension == "management":
            return "Avec fonction d'encadrement" if key == "yes" else "Sans fonction d'encadrement"
        if dimension == "mode":
            return MODE_LABELS[MeetingFormat(key)]
        if dimension == "meeting":
            return self.meeting_label(key)
        if dimension == "member":
            return self.member_name(key)
        return key

    def meeting_label(self, meeting_id: str) -> str:
        meeting = self.college.meetings[meeting_id]
        return f"{french.short_date(meeting.date)} {meeting.title}"

    def member_site(self, member_id: str) -> str:
        return self.site_label(self.college.members[member_id].site)

    # --- the period and the headline

    @property
    def period_label(self) -> str:
        period = self.stats.period
        if period.year is not None:
            return str(period.year)
        return f"du {french.date(period.start)} au {french.date(period.end)}"

    @property
    def kinds_label(self) -> str:
        kinds = [k for k in MeetingKind if k in self.stats.options.kinds]
        names = [KIND_PLURALS[k] for k in kinds]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
        return f"séances {joined}"

    @property
    def kinds_short(self) -> str:
        names = [KIND_PLURALS[k] for k in MeetingKind if k in self.stats.options.kinds]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]

    @property
    def headline(self) -> str:
        stats = self.stats
        if not stats.total.expected:
            return f"Participation {self.period_label} : aucune séance tenue dont les présences sont saisies"
        parts = []
        if stats.head_office.expected:
            parts.append(f"siège {french.percent(stats.head_office.participation)}")
        if stats.delegations.expected:
            parts.append(f"DD {french.percent(stats.delegations.participation)}")
        detail = f" ({', '.join(parts)})" if parts else ""
        return f"Participation {self.period_label} : {french.percent(stats.total.participation)}{detail}"

    def summary_lines(self) -> list[str]:
        stats, total = self.stats, self.stats.total
        period = stats.period
        held = len(stats.meetings)
        counted = stats.meetings_with_attendance
        lines = [
            f"Séances comptées : {french.number(held)} ({self.kinds_short}) du {french.date(period.start)} "
            f"au {french.date(period.end)}"
            + (f", dont {french.number(held - counted)} sans présences saisies" if counted < held else "")
            + "."
        ]
        if total.expected:
            lines.append(
                f"Sur {french.plural(total.expected, 'présence attendue', 'présences attendues')} "
                f"({french.plural(total.people, 'membre')}) : "
                f"{french.percent(total.participation)} de participation, dont "
                f"{french.percent(total.video_share)} en visioconférence ; "
                f"{french.percent(total.excused_rate)} d'absences excusées, "
                f"{french.percent(total.absent_rate)} d'absences non excusées."
            )
        if stats.options.include_invited:
            lines.append("Les membres invités sont comptés dans les taux.")
        else:
            guests = len(stats.guests)
            came = f" ({french.plural(guests, 'venue')} d'invités)" if guests else ""
            lines.append(f"Les membres invités ne sont pas comptés dans les taux{came}.")
        return lines

    def notes(self) -> list[str]:
        notes = [
            "Attendus : présences attendues, un membre attendu à une séance (membre ce jour-là, invités "
            + ("compris" if self.stats.options.include_invited else "exclus")
            + ")."
        ]
        if self._any_small():
            notes.append(
                f"{SMALL_MARK} Moins de {self.stats.options.small_group_threshold} personnes : "
                "taux peu significatif, à ne pas lire comme une tendance."
            )
        if self.stats.total.unrecorded:
            notes.append(
                f"{french.plural(self.stats.total.unrecorded, 'présence non saisie', 'présences non saisies')} "
                "(membre attendu absent de la liste des présences) : hors des taux ; « collegekit lint » les signale."
            )
        if self.pseudonymize:
            notes.append(
                "Les noms sont remplacés par des codes stables. Ce n'est pas un anonymat : dans un petit groupe, "
                "l'affectation et la profession peuvent suffire à reconnaître quelqu'un."
            )
        return notes

    def _any_small(self) -> bool:
        if any(cell.small for b in self.stats.breakdowns.values() for cell in b.rows):
            return True
        if any(cell is not None and cell.small for t in self.stats.trends.values() for r in t.rows for cell in r.cells):
            return True
        return "meeting" in self.stats.breakdowns and any(m.small for m in self.stats.meetings)

    # --- alerts

    def alert_sections(self) -> list[AlertSection]:
        alerts = self.stats.alerts
        sections = []
        not_taken = [a for a in alerts if isinstance(a, AttendanceNotTaken)]
        if not_taken:
            sections.append(
                AlertSection(
                    "Séances tenues sans présences saisies (non comptées)",
                    tuple(
                        f"{self.meeting_label(a.meeting_id)} : "
                        f"{french.plural(a.expected, 'membre attendu', 'membres attendus')}, présences à saisir"
                        for a in not_taken
                    ),
                )
            )
        never = sorted(
            (a for a in alerts if isinstance(a, NeverAttended)), key=lambda a: self.member_order(a.member_id)
        )
        if never:
            lines = []
            for a in never:
                excused = (
                    f", dont {french.plural(a.excused, 'absence excusée', 'absences excusées')}" if a.excused else ""
                )
                lines.append(
                    f"{self.member_name(a.member_id)} ({self.member_site(a.member_id)}) : aucune participation sur "
                    f"{french.plural(a.meetings, 'séance attendue', 'séances attendues')}{excused}"
                )
            sections.append(AlertSection("Aucune participation sur la période", tuple(lines)))
        streaks = sorted(
            (a for a in alerts if isinstance(a, AbsenceStreak)), key=lambda a: self.member_order(a.member_id)
        )
        if streaks:
            lines = []
            for a in streaks:
                run = a.run
                assert run.first is not None and run.last is not None
                excused = (
                    f", dont {french.plural(run.excused, 'excusée')}"
                    if run.excused
                    else ""
                )
                ongoing = " ; en cours" if run.ongoing else ""
                lines.append(
                    f"{self.member_name(a.member_id)} ({self.member_site(a.member_id)}) : "
                    f"{french.number(run.length)} absences de suite du {french.short_date(run.first)} "
                    f"au {french.short_date(run.last)}{excused}{ongoing}"
                )
            sections.append(
                AlertSection(f"{self.stats.options.absence_streak} absences consécutives ou plus", tuple(lines))
            )
        quorum = [a for a in alerts if isinstance(a, BelowQuorum)]
        if quorum:
            threshold = french.number(quorum[0].quorum_percent)
            sections.append(
                AlertSection(
                    f"Quorum non atteint ({threshold}{french.NBSP}% des membres attendus)",
                    tuple(
                        f"{self.meeting_label(a.meeting_id)} : {french.percent(a.tally.participation)} "
                        f"({french.number(a.tally.attended)} sur {french.number(a.tally.expected)})"
                        for a in quorum
                    ),
                )
            )
        return sections

    # --- tables

    def tables(self) -> list[TableSpec]:
        tables = []
        for dimension in self.stats.breakdowns:
            if dimension == "meeting":
                tables.append(self.meeting_table())
            elif dimension == "member":
                tables.append(self.member_table())
            elif dimension == "year":
                tables.append(self.year_table())
            else:
                tables.append(self.group_table(self.stats.breakdowns[dimension]))
                if dimension in self.stats.trends:
                    tables.append(self.trend_table(self.stats.trends[dimension]))
        return tables

    def _count_values(self, counts: Tally, small: bool = False) -> tuple[Value, ...]:
        return (
            counts.expected,
            counts.present,
            counts.video,
            counts.excused,
            counts.absent,
            Rate(counts.participation, small),
            Rate(counts.excused_rate, small),
            Rate(counts.absent_rate, small),
            Rate(counts.video_share, small),
        )

    COUNT_COLUMNS = (
        Column("Attendus", "int", short="Att."),
        Column("En salle", "int", short="Salle"),
        Column("En visio", "int", short="Visio"),
        Column("Excusés", "int", short="Exc."),
        Column("Absents", "int", short="Abs."),
        Column("Participation", "rate", short="Taux"),
        Column("Absences excusées", "rate", terminal=False, document=False),
        Column("Absences non excusées", "rate", terminal=False, document=False),
        Column("Part de la visio", "rate", short="%\u00a0visio"),
    )

    def meeting_table(self) -> TableSpec:
        quorum = self.stats.options.quorum_percent is not None
        guests = any(m.guests for m in self.stats.meetings)
        columns = [
            Column("Date", "date"),
            Column("Séance", min_width=20),
            Column("Format", terminal=False),
            *self.COUNT_COLUMNS,
        ]
        if quorum:
            columns.append(Column("Quorum", terminal=False))
        if guests:
            columns.append(Column("Invités venus", "int", terminal=False))
        rows = []
        for stats in self.stats.meetings:
            meeting = self.college.meetings[stats.meeting_id]
            head: tuple[Value, ...] = (meeting.date, meeting.title, MODE_LABELS[meeting.format])
            if stats.attendance_taken:
                row = head + self._count_values(stats.tally, stats.small)
            else:
                # Not counted: no figure, so that the column adds up to the total.
                row = head + (None, None, None, None, None, "non saisies", None, None, None)
            if quorum:
                row += ({True: "atteint", False: "non atteint", None: None}[stats.quorum_reached],)
            if guests:
                row += (stats.guests,)
            rows.append(row)
        total = self.stats.total
        total_row: tuple[Value, ...] = (None, "Ensemble", None, *self._count_values(total))
        if quorum:
            total_row += (None,)
        if guests:
            total_row += (len(self.stats.guests),)
        return TableSpec("meeting", DIMENSION_TITLES["meeting"], tuple(columns), tuple(rows), total_row)

    def member_table(self) -> TableSpec:
        columns = (
            Column("Membre", min_width=18),
            Column("Affectation", short="Affect."),
            Column("Profession", terminal=False),
            Column("Séances attendues", "int", short="Att."),
            Column("En salle", "int", short="Salle"),
            Column("En visio", "int", short="Visio"),
            Column("Excusé", "int", short="Exc."),
            Column("Absent", "int", short="Abs."),
            Column("Participation", "rate", short="Taux"),
            Column("Plus longue série d'absences", "int", short="Série"),
        )
        rows = []
        for stats in sorted(self.stats.members, key=lambda s: self.member_order(s.member_id)):
            member = self.college.members[stats.member_id]
            t = stats.tally
            rows.append(
                (
                    self.member_name(stats.member_id),
                    self.short_site_label(member.site),
                    french.capitalise(self.names.agreed(stats.member_id, member.profession)),
                    t.expected,
                    t.present,
                    t.video,
                    t.excused,
                    t.absent,
                    Rate(t.participation),
                    stats.longest_run.length,
                )
            )
        return TableSpec("member", DIMENSION_TITLES["member"], columns, tuple(rows))

    def year_table(self) -> TableSpec:
        breakdown = self.stats.breakdowns["year"]
        columns = (
            Column("Année", min_width=5),
            Column("Séances", "int"),
            Column("Membres", "int"),
            *self.COUNT_COLUMNS,
            Column("Évolution", "points", short="Évol."),
        )
        rows = []
        previous: dict[int, Tally] = {int(cell.key): cell.tally for cell in breakdown.rows}
        for cell in breakdown.rows:
            year = int(cell.key)
            change = shown_change(previous.get(year - 1), cell.tally)
            rows.append(
                (
                    cell.key,
                    cell.tally.meetings,
                    cell.tally.people,
                    *self._count_values(cell.tally, cell.small),
                    Points(change),
                )
            )
        return TableSpec("year", DIMENSION_TITLES["year"], columns, tuple(rows))

    def group_table(self, breakdown: Breakdown) -> TableSpec:
        dimension = breakdown.dimension
        columns = (Column(DIMENSION_HEADERS[dimension], min_width=22), Column("Membres", "int"), *self.COUNT_COLUMNS)
        rows = tuple(
            (self.key_label(dimension, cell.key), cell.tally.people, *self._count_values(cell.tally, cell.small))
            for cell in breakdown.rows
        )
        total = ("Ensemble", breakdown.total.people, *self._count_values(breakdown.total))
        return TableSpec(dimension, DIMENSION_TITLES[dimension], columns, rows, total)

    def trend_table(self, trend: Trend) -> TableSpec:
        dimension = trend.dimension
        years = trend.years
        columns: list[Column] = [Column(DIMENSION_HEADERS[dimension])]
        for index, year in enumerate(years):
            # Documents show every year and every change; the terminal, the
            # last TERMINAL_YEARS years and the last change.
            recent = index >= len(years) - TERMINAL_YEARS
            columns.append(Column(str(year), "rate", terminal=recent))
            if index:
                last = index == len(years) - 1
                columns.append(Column(f"Évolution {years[index - 1]}→{year}", "points", terminal=last, short="Évol."))

        def values(row_label: str, cells: tuple[Cell | None, ...]) -> tuple[Value, ...]:
            found: list[Value] = [row_label]
            for index, cell in enumerate(cells):
                found.append(Rate(cell.tally.participation, cell.small) if cell is not None else None)
                if index:
                    before = cells[index - 1]
                    found.append(Points(shown_change(before.tally if before else None, cell.tally if cell else None)))
            return tuple(found)

        rows = tuple(values(self.key_label(dimension, row.key), row.cells) for row in trend.rows)
        total = values("Ensemble", trend.total.cells)
        title = f"Évolution par année — {DIMENSION_TITLES[dimension][len('Participation ') :]}"
        return TableSpec(f"trend-{dimension}", title, tuple(columns), rows, total)
