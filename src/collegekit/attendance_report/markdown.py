"""The attendance report as a Markdown document (and, through pandoc, DOCX)."""

from __future__ import annotations

from collections.abc import Mapping

from collegekit import french
from collegekit.attendance_report.report import Report, TableSpec, format_value

# The report is read like the rendered documents (by pandoc, and on the
# forge): it escapes the records' words with the same function, so a fix to
# the escaping protects both.
from collegekit.render.markdown import escape

CHART_TITLES = {
    "meetings": "Participation par séance",
    "sites": "Participation par affectation",
    "professions": "Participation par profession",
    "modes": "Participation en salle et en visioconférence, par séance",
}


def table(spec: TableSpec) -> list[str]:
    right = {"int", "rate", "points"}
    shown = [index for index, column in enumerate(spec.columns) if column.document]
    columns = [spec.columns[index] for index in shown]
    lines = [
        "| " + " | ".join(escape(c.header) for c in columns) + " |",
        "|" + "|".join("---:" if c.kind in right else "---" for c in columns) + "|",
    ]
    for row in spec.rows:
        lines.append("| " + " | ".join(escape(format_value(row[index])) for index in shown) + " |")
    if spec.total is not None:
        cells = [escape(format_value(spec.total[index])) for index in shown]
        lines.append("| " + " | ".join(f"**{cell}**" if cell != french.MISSING else cell for cell in cells) + " |")
    return lines


def report_markdown(report: Report, charts: Mapping[str, str] | None = None) -> str:
    """The whole report; `charts` maps a chart's name to the image's path as
    the document should link it."""
    settings = report.college.settings
    lines = [
        f"# Participation aux séances du collège — {escape(report.period_label)}",
        "",
        f"{escape(settings.name)}  ",
        f"Rapport établi le {french.date(report.today)}.",
        "",
        f"**{escape(report.headline)}**",
        "",
    ]
    for line in report.summary_lines():
        lines += [escape(line), ""]
    sections = report.alert_sections()
    lines += ["## Alertes", ""]
    if not sections:
        lines += ["Aucune alerte sur la période.", ""]
    for section in sections:
        lines += [f"**{escape(section.title)}**", ""]
        lines += [f"- {escape(line)}" for line in section.lines]
        lines.append("")
    if charts:
        lines += ["## Graphiques", ""]
        for name, path in charts.items():
            title = CHART_TITLES.get(name, name)
            lines += [f"![{escape(title)}]({path})", ""]
    for spec in report.tables():
        lines += [f"## {escape(spec.title)}", ""]
        lines += table(spec)
        lines.append("")
    lines += ["## Méthode", ""]
    lines += [
        f"- Séances comptées : les {escape(report.kinds_label)} tenues pendant la période "
        "(état « tenue » ou compte rendu rédigé ou approuvé).",
        "- Membres attendus : ceux dont une période d'appartenance couvre la date de la séance ; un membre arrivé "
        "après ou parti avant n'est pas compté absent.",
        "- Taux de participation : présents en salle et en visioconférence, rapportés aux présences attendues.",
        f"- Absences répétées : {report.stats.options.absence_streak} absences de suite ou plus, excusées ou non "
        "(règle du collège).",
    ]
    lines += [f"- {escape(note)}" for note in report.notes()]
    lines.append("")
    return "\n".join(lines)
