"""The attendance report in the terminal: a headline, tables, alerts.

The tables are laid out here and printed through rich (styles, colours, no
colour when piped). rich's own Table measures and renders every cell as a
renderable, about 0.15 ms a cell: 0.8 s for the member and meeting tables of
a 20-year report, far more than the figures cost. A table here is text in
columns: numbers right-aligned and never broken, text wrapped at ordinary
spaces only (rich would break "58 %" at its non-breaking space), text
columns narrowed first when the terminal is too narrow.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from collegekit.attendance_report.report import Report, TableSpec, format_value

if TYPE_CHECKING:
    from rich.console import Console

RIGHT = ("int", "rate", "points")
GAP = "  "
LEGEND = (
    "Att. : présences attendues (un membre attendu à une séance) ; Salle, Visio : présents en salle, en "
    "visioconférence ; Exc. : absences excusées ; Abs. : absences non excusées ; Taux : participation "
    "(salle + visio) sur attendus ; %\u00a0visio : part de la visio parmi les participants"
)
LEGEND_RUN = "Série : plus longue suite d'absences"
LEGEND_CHANGE = "Évol. : évolution du taux depuis l'année précédente, en points"
MIN_TEXT_WIDTH = 8


def _wrap(text: str, width: int) -> list[str]:
    if cell_len(text) <= width:
        return [text]
    # Place names are hyphenated (Alpes-de-Haute-Provence): break after a
    # hyphen rather than in the middle of a word.
    return textwrap.wrap(text, width=width, break_on_hyphens=True) or [""]


def table_lines(spec: TableSpec, width: int) -> list[Text]:
    """The table as styled lines, fitted to `width` columns where it can be."""
    shown = [index for index, column in enumerate(spec.columns) if column.terminal]
    columns = [spec.columns[index] for index in shown]
    headers = [column.terminal_header for column in columns]
    body = [[format_value(row[index]) for index in shown] for row in spec.rows]
    total = [format_value(spec.total[index]) for index in shown] if spec.total is not None else None
    rows = body + ([total] if total is not None else [])
    widths = [max([cell_len(headers[i]), *(cell_len(row[i]) for row in rows)]) for i in range(len(columns))]
    text_columns = [i for i, column in enumerate(columns) if column.kind == "text"]
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - width
    if excess > 0 and text_columns:
        # Narrow the text columns, the widest first, down to their minimum.
        floors = {i: max(columns[i].min_width or 0, MIN_TEXT_WIDTH) for i in text_columns}
        while excess > 0:
            widest = max(text_columns, key=lambda i: widths[i] - floors[i])
            if widths[widest] <= floors[widest]:
                break
            widths[widest] -= 1
            excess -= 1

    def render(cells: list[str], style: str = "") -> list[Text]:
        wrapped = [_wrap(cell, widths[i]) if columns[i].kind == "text" else [cell] for i, cell in enumerate(cells)]
        height = max(len(lines) for lines in wrapped)
        found = []
        for line in range(height):
            parts = []
            for i, lines in enumerate(wrapped):
                cell = lines[line] if line < len(lines) else ""
                pad = " " * max(0, widths[i] - cell_len(cell))
                parts.append(pad + cell if columns[i].kind in RIGHT else cell + pad)
            found.append(Text(GAP.join(parts).rstrip(), style=style))
        return found

    lines = [Text(spec.title, style="bold")]
    lines += render(headers, "bold")
    lines.append(Text("─" * (sum(widths) + len(GAP) * (len(widths) - 1))))
    for row in body:
        lines += render(row)
    if total is not None:
        lines.append(Text(""))
        lines += render(total, "bold")
    return lines


def _paragraph(console: Console, text: str, style: str = "", indent: str = "", hanging: str = "") -> None:
    # textwrap breaks at ordinary spaces only, never inside "58 %".
    wrapped = textwrap.fill(
        text,
        width=max(20, console.width),
        initial_indent=indent,
        subsequent_indent=hanging or indent,
        break_on_hyphens=False,
    )
    console.print(Text(wrapped, style=style), soft_wrap=True)


def print_report(report: Report, console: Console) -> None:
    _paragraph(console, report.headline, "bold")
    for line in report.summary_lines():
        _paragraph(console, line)
    specs = report.tables()
    for spec in specs:
        console.print()
        for line in table_lines(spec, console.width):
            console.print(line, soft_wrap=True)
    console.print()
    _paragraph(console, "Alertes", "bold")
    sections = report.alert_sections()
    if not sections:
        _paragraph(console, "Aucune alerte sur la période.")
    for section in sections:
        _paragraph(console, section.title, "bold yellow")
        for line in section.lines:
            _paragraph(console, line, indent="  – ", hanging="    ")
    console.print()
    keys = {spec.key for spec in specs}
    legend = [LEGEND]
    if "member" in keys:
        legend.append(LEGEND_RUN)
    if "year" in keys or any(key.startswith("trend-") for key in keys):
        legend.append(LEGEND_CHANGE)
    _paragraph(console, " ; ".join(legend) + ".", "dim")
    for note in report.notes()[1:]:  # the first one, on "attendus", is in the legend
        _paragraph(console, note, "dim")
