"""The attendance report for spreadsheets and tools: CSV, XLSX and JSON.

CSV and the XLSX "Présences" sheet hold one row per member and meeting (what
the bureau pivots in its own spreadsheets); the XLSX adds one sheet per
table of the report; JSON holds everything, with English keys for tools and
French labels beside them. All three come from the same `Report`, so they
agree on every figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from typing import Any

from collegekit import french
from collegekit.attendance_report.report import MODE_LABELS, Points, Rate, Report, TableSpec
from collegekit.files import zip_entry_date
from collegekit.models.meeting import Presence
from collegekit.stats import AbsenceStreak, AttendanceNotTaken, BelowQuorum, NeverAttended, Observation, Tally

UNRECORDED = "non saisie"


def _presence_label(presence: Presence | None) -> str:
    return presence.label if presence is not None else UNRECORDED


def rows(report: Report) -> list[dict[str, Any]]:
    """One row per member and meeting: every expected member (recorded or
    not), then the invited members who came without being counted."""
    college = report.college
    observations = [*report.stats.observations, *report.stats.guests]
    dates = {o.meeting_id: college.meetings[o.meeting_id].date for o in observations}
    ordered = sorted(
        observations, key=lambda o: (dates[o.meeting_id], o.meeting_id, not o.counted, report.member_order(o.member_id))
    )
    found = []
    for observation in ordered:
        meeting = college.meetings[observation.meeting_id]
        member = college.members[observation.member_id]
        row: dict[str, Any] = {
            "Séance": observation.meeting_id,
            "Date": meeting.date,
            "Type": french.capitalise(meeting.kind.label),
            "Format": MODE_LABELS[meeting.format],
            "Membre": report.names.ref(observation.member_id),
        }
        if not report.pseudonymize:
            row["Nom"] = member.display_name
        role = member.role_on(meeting.date)
        # Profession, status, role and presence are this table's categories,
        # which a spreadsheet filters and counts: one spelling each, the
        # masculine read as generic, so that « Infirmière » is not a group of
        # its own beside « Infirmier ».
        row |= {
            "Affectation": report.site_label(member.site),
            "Profession": french.capitalise(member.profession.label),
            "Statut": french.capitalise(member.status.label),
            "Encadrement": "oui" if member.management_post else "non",
            "Rôle": french.capitalise(role.label) if role else "",
            "Présence": _presence_label(observation.presence),
            "A participé": 1 if observation.presence is not None and observation.presence.attended else 0,
            "Compté dans les taux": "oui" if _counted(observation) else "non",
        }
        found.append(row)
    return found


def _counted(observation: Observation) -> bool:
    return observation.counted and observation.presence is not None


def csv_text(report: Report) -> str:
    """Semicolons and a byte-order mark: what a French spreadsheet opens as is."""
    buffer = io.StringIO()
    data = rows(report)
    fields = list(data[0]) if data else _empty_fields(report)
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in data:
        writer.writerow({key: value.isoformat() if isinstance(value, dt.date) else value for key, value in row.items()})
    return "\ufeff" + buffer.getvalue()


def _empty_fields(report: Report) -> list[str]:
    fields = ["Séance", "Date", "Type", "Format", "Membre"]
    if not report.pseudonymize:
        fields.append("Nom")
    return fields + [
        "Affectation",
        "Profession",
        "Statut",
        "Encadrement",
        "Rôle",
        "Présence",
        "A participé",
        "Compté dans les taux",
    ]


# --- JSON -------------------------------------------------------------------


def _tally(counts: Tally) -> dict[str, Any]:
    def rate(value: float | None) -> float | None:
        return None if value is None else round(value, 6)

    return {
        "expected": counts.expected,
        "present": counts.present,
        "video": counts.video,
        "excused": counts.excused,
        "absent": counts.absent,
        "unrecorded": counts.unrecorded,
        "people": counts.people,
        "meetings": counts.meetings,
        "participation": rate(counts.participation),
        "excused_rate": rate(counts.excused_rate),
        "absent_rate": rate(counts.absent_rate),
        "video_share": rate(counts.video_share),
    }


def report_data(report: Report) -> dict[str, Any]:
    stats, college = report.stats, report.college

    member_key = report.names.ref

    def key(dimension: str, value: str) -> str:
        return member_key(value) if dimension == "member" else value

    meetings = []
    for m in stats.meetings:
        meeting = college.meetings[m.meeting_id]
        meetings.append(
            {
                "id": m.meeting_id,
                "date": meeting.date.isoformat(),
                "title": meeting.title,
                "theme": meeting.theme,
                "kind": meeting.kind.value,
                "format": meeting.format.value,
                "attendance_taken": m.attendance_taken,
                "quorum_reached": m.quorum_reached,
                "guests": m.guests,
                "small_group": m.small,
                **_tally(m.tally),
            }
        )
    members = []
    for s in sorted(stats.members, key=lambda s: report.member_order(s.member_id)):
        member = college.members[s.member_id]
        run = s.longest_run
        entry: dict[str, Any] = {"member": member_key(s.member_id)}
        if not report.pseudonymize:
            entry["name"] = member.display_name
        entry |= {
            "site": member.site,
            "profession": member.profession.value,
            "status": member.status.value,
            "management_post": member.management_post,
            **_tally(s.tally),
            "longest_absence_run": {
                "length": run.length,
                "excused": run.excused,
                "first": run.first.isoformat() if run.first else None,
                "last": run.last.isoformat() if run.last else None,
                "ongoing": run.ongoing,
            },
        }
        members.append(entry)
    breakdowns = {
        dimension: [
            {
                "key": key(dimension, cell.key),
                "label": report.key_label(dimension, cell.key),
                "small_group": cell.small,
                **_tally(cell.tally),
            }
            for cell in breakdown.rows
        ]
        for dimension, breakdown in stats.breakdowns.items()
    }
    trends = {}
    for dimension, trend in stats.trends.items():

        def trend_row(
            label_key: str, label: str, cells: tuple, changes: tuple, years: tuple[int, ...]
        ) -> dict[str, Any]:
            return {
                "key": label_key,
                "label": label,
                "years": {
                    str(year): None
                    if cell is None
                    else {
                        "participation": _tally(cell.tally)["participation"],
                        "expected": cell.tally.expected,
                        "small_group": cell.small,
                    }
                    for year, cell in zip(years, cells, strict=True)
                },
                "change_in_points": {
                    str(year): None if change is None else round(change, 4)
                    for year, change in zip(years, changes, strict=True)
                },
            }

        trends[dimension] = {
            "years": list(trend.years),
            "rows": [
                trend_row(row.key, report.key_label(dimension, row.key), row.cells, row.changes, trend.years)
                for row in trend.rows
            ],
            "total": trend_row("", "Ensemble", trend.total.cells, trend.total.changes, trend.years),
        }
    alerts: list[dict[str, Any]] = []
    for alert in stats.alerts:
        if isinstance(alert, AttendanceNotTaken):
            alerts.append({"kind": "attendance-not-taken", "meeting": alert.meeting_id, "expected": alert.expected})
        elif isinstance(alert, NeverAttended):
            alerts.append(
                {
                    "kind": "never-attended",
                    "member": member_key(alert.member_id),
                    "meetings": alert.meetings,
                    "excused": alert.excused,
                }
            )
        elif isinstance(alert, AbsenceStreak):
            run = alert.run
            alerts.append(
                {
                    "kind": "absence-streak",
                    "member": member_key(alert.member_id),
                    "length": run.length,
                    "excused": run.excused,
                    "first": run.first.isoformat() if run.first else None,
                    "last": run.last.isoformat() if run.last else None,
                    "ongoing": run.ongoing,
                }
            )
        elif isinstance(alert, BelowQuorum):
            alerts.append(
                {
                    "kind": "below-quorum",
                    "meeting": alert.meeting_id,
                    "quorum_percent": alert.quorum_percent,
                    "participation": _tally(alert.tally)["participation"],
                }
            )
    options = stats.options
    presence_rows = [
        {
            "meeting": o.meeting_id,
            "date": college.meetings[o.meeting_id].date.isoformat(),
            "member": member_key(o.member_id),
            "presence": o.presence.value if o.presence is not None else None,
            "attended": o.presence is not None and o.presence.attended,
            "counted": _counted(o),
        }
        for o in sorted(
            [*stats.observations, *stats.guests],
            key=lambda o: (
                college.meetings[o.meeting_id].date,
                o.meeting_id,
                not o.counted,
                report.member_order(o.member_id),
            ),
        )
    ]
    return {
        "college": college.settings.name,
        "generated_on": report.today.isoformat(),
        "period": {
            "start": stats.period.start.isoformat(),
            "end": stats.period.end.isoformat(),
            "year": stats.period.year,
            "label": report.period_label,
        },
        "options": {
            "include_invited": options.include_invited,
            "kinds": sorted(kind.value for kind in options.kinds),
            "small_group_threshold": options.small_group_threshold,
            "absence_streak_alert": options.absence_streak,
            "quorum_percent": options.quorum_percent,
            "pseudonymized": report.pseudonymize,
        },
        "headline": report.headline,
        "total": _tally(stats.total),
        "head_office": _tally(stats.head_office),
        "delegations": _tally(stats.delegations),
        "meetings": meetings,
        "members": members,
        "breakdowns": breakdowns,
        "trends": trends,
        "alerts": alerts,
        "rows": presence_rows,
    }


def json_text(report: Report) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


# --- XLSX -------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("-", title)[:31]
    name, index = base, 2
    while name.casefold() in taken:
        suffix = f" ({index})"
        name = base[: 31 - len(suffix)] + suffix
        index += 1
    taken.add(name.casefold())
    return name


SHORT_TITLES = {
    "meeting": "Par séance",
    "member": "Par membre",
    "year": "Par année",
    "site": "Par affectation",
    "profession": "Par profession",
    "management": "Par encadrement",
    "status": "Par statut",
    "mode": "Par format",
}


def xlsx_bytes(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold, italic, heading = Font(bold=True), Font(italic=True, color="777777"), Font(bold=True, size=12)
    workbook = Workbook()
    taken: set[str] = set()
    summary = workbook.active
    summary.title = _sheet_title("Synthèse", taken)
    summary.append([report.headline])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([report.college.settings.name])
    summary.append([f"Période : du {report.stats.period.start:%d/%m/%Y} au {report.stats.period.end:%d/%m/%Y}"])
    summary.append([])
    for line in report.summary_lines():
        summary.append([line])
    summary.append([])
    summary.append(["Alertes"])
    summary.cell(summary.max_row, 1).font = bold
    sections = report.alert_sections()
    if not sections:
        summary.append(["Aucune alerte sur la période."])
    for section in sections:
        summary.append([section.title])
        summary.cell(summary.max_row, 1).font = bold
        for line in section.lines:
            summary.append([f"– {line}"])
    summary.append([])
    for note in report.notes():
        summary.append([note])
    summary.column_dimensions["A"].width = 120

    presences = workbook.create_sheet(_sheet_title("Présences", taken))
    data = rows(report)
    fields = list(data[0]) if data else _empty_fields(report)
    presences.append(fields)
    for cell in presences[1]:
        cell.font = bold
    for row in data:
        presences.append(list(row.values()))
    date_column = fields.index("Date") + 1
    for (cell,) in presences.iter_rows(min_row=2, min_col=date_column, max_col=date_column):
        cell.number_format = "DD/MM/YYYY"
    _widths(presences, get_column_letter)
    presences.freeze_panes = "A2"
    presences.auto_filter.ref = presences.dimensions

    for spec in report.tables():
        title = SHORT_TITLES.get(spec.key) or "Évol. " + SHORT_TITLES[spec.key.removeprefix("trend-")].removeprefix(
            "Par "
        )
        sheet = workbook.create_sheet(_sheet_title(title, taken))
        _write_spec(sheet, spec, bold, italic, heading)
        _widths(sheet, get_column_letter)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue(), report.today)


def _write_spec(sheet: Any, spec: TableSpec, bold: Any, italic: Any, heading: Any) -> None:
    sheet.append([spec.title])
    sheet["A1"].font = heading
    sheet.append([column.header for column in spec.columns])
    for cell in sheet[2]:
        cell.font = bold
    body = list(spec.rows) + ([spec.total] if spec.total is not None else [])
    any_small = False
    for index, values in enumerate(body):
        sheet.append([_xlsx_value(value) for value in values])
        row_number = sheet.max_row
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row_number, column)
            if isinstance(value, Rate):
                cell.number_format = "0%"
                if value.small and value.value is not None:
                    cell.font = italic
                    any_small = True
            elif isinstance(value, Points):
                cell.number_format = '+0" pts";-0" pts";0" pt"'
            elif isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            if spec.total is not None and index == len(body) - 1:
                cell.font = bold
    sheet.freeze_panes = "A3"
    if any_small:
        sheet.append([])
        sheet.append(["En italique : moins de personnes que le seuil du collège, taux peu significatif."])


def _xlsx_value(value: object) -> object:
    if isinstance(value, Rate):
        return value.value
    if isinstance(value, Points):
        return None if value.value is None else round(value.value, 4)
    return value


def _widths(sheet: Any, letter: Any) -> None:
    for index, column in enumerate(sheet.iter_cols(min_row=1, max_row=min(sheet.max_row, 200)), start=1):
        longest = max((len(str(cell.value)) for cell in column if cell.value is not None and cell.row > 1), default=8)
        header = len(str(column[1].value)) if len(column) > 1 and column[1].value is not None else 8
        sheet.column_dimensions[letter(index)].width = min(60, max(8, longest, header) + 2)


def _reproducible(data: bytes, day: dt.date) -> bytes:
    """The same workbook for the same records: openpyxl stamps the time of
    saving in the document's properties and in every zip entry; both become
    the report's date."""
    stamp = f"{day.isoformat()}T00:00:00Z"
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=zip_entry_date(dt.datetime(day.year, day.month, day.day)))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return output.getvalue()
