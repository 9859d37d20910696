"""Charts of the attendance report, as PNG images (matplotlib, Agg backend).

This module is imported only when a report with charts is asked for:
matplotlib takes a third of a second to import, which the terminal report,
the spreadsheets and every other command do not pay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MultipleLocator  # noqa: E402

from collegekit import french  # noqa: E402
from collegekit.attendance_report.report import SMALL_MARK, Report  # noqa: E402
from collegekit.files import write_atomically  # noqa: E402

FILES = {
    "meetings": "participation-par-seance.png",
    "sites": "participation-par-affectation.png",
    "professions": "participation-par-profession.png",
    "modes": "salle-et-visio-par-seance.png",
}
ROOM, VIDEO, LINE, QUORUM, SMALL = "#1f5f8b", "#8fbcd9", "#1f5f8b", "#c0392b", "#b8c4cc"
DPI = 110


def _percent_axis(axis: object) -> None:
    axis.set_major_formatter(FuncFormatter(lambda value, _: french.percent(value)))  # type: ignore[attr-defined]


def _figure(width: float, height: float) -> Figure:
    # A Figure of its own, not pyplot's: nothing global to close, and pyplot is not imported.
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _png(figure: Figure) -> bytes:
    import io

    buffer = io.BytesIO()
    # No software version or date in the file: same records, same bytes.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def meetings_chart(report: Report) -> bytes | None:
    meetings = [m for m in report.stats.meetings if m.attendance_taken and m.tally.expected]
    if not meetings:
        return None
    labels = [french.short_date(report.college.meetings[m.meeting_id].date) for m in meetings]
    rates = [m.tally.participation or 0.0 for m in meetings]
    figure = _figure(max(6.0, 0.55 * len(meetings) + 2), 3.6)
    axes = figure.add_subplot()
    positions = list(range(len(meetings)))
    axes.plot(positions, rates, marker="o", color=LINE, linewidth=2)
    for x, rate in zip(positions, rates, strict=True):
        axes.annotate(
            french.percent(rate), (x, rate), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8
        )
    quorum = report.stats.options.quorum_percent
    if quorum is not None:
        axes.axhline(
            quorum / 100, color=QUORUM, linestyle="--", linewidth=1, label=f"Quorum ({french.percent(quorum / 100)})"
        )
        axes.legend(loc="lower right", fontsize=8, frameon=False)
    _meeting_ticks(axes, positions, labels)
    axes.set_ylim(0, 1.08)
    axes.yaxis.set_major_locator(MultipleLocator(0.25))
    _percent_axis(axes.yaxis)
    axes.set_title("Participation par séance", fontsize=11, loc="left")
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def _meeting_ticks(axes: Any, positions: list[int], labels: list[str]) -> None:
    """Meeting dates under the x axis, slanted when there are many."""
    crowded = len(labels) > 6
    axes.set_xticks(positions, labels, rotation=45 if crowded else 0, ha="right" if crowded else "center", fontsize=8)


def _bars(report: Report, dimension: str, title: str) -> bytes | None:
    breakdown = report.stats.breakdowns.get(dimension)
    if breakdown is None or not breakdown.rows:
        return None
    rows = list(reversed(breakdown.rows))  # the first row at the top
    labels = [report.key_label(dimension, cell.key) + (f" {SMALL_MARK}" if cell.small else "") for cell in rows]
    rates = [cell.tally.participation or 0.0 for cell in rows]
    colours = [SMALL if cell.small else ROOM for cell in rows]
    figure = _figure(7.0, 0.42 * len(rows) + 1.3)
    axes = figure.add_subplot()
    axes.barh(range(len(rows)), rates, color=colours)
    for y, rate in enumerate(rates):
        axes.text(rate + 0.01, y, french.percent(rate), va="center", fontsize=8)
    axes.set_yticks(range(len(rows)), labels, fontsize=8)
    axes.set_xlim(0, 1.1)
    axes.xaxis.set_major_locator(MultipleLocator(0.25))
    _percent_axis(axes.xaxis)
    axes.set_title(title, fontsize=11, loc="left")
    axes.grid(axis="x", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    if any(cell.small for cell in rows):
        threshold = report.stats.options.small_group_threshold
        axes.set_xlabel(
            f"{SMALL_MARK} moins de {threshold} personnes : taux peu significatif",
            fontsize=7,
            color="#555555",
            loc="left",
        )
    return _png(figure)


def modes_chart(report: Report) -> bytes | None:
    meetings = [m for m in report.stats.meetings if m.attendance_taken and m.tally.expected]
    if not meetings:
        return None
    labels = [french.short_date(report.college.meetings[m.meeting_id].date) for m in meetings]
    room = [m.tally.present / m.tally.expected for m in meetings]
    video = [m.tally.video / m.tally.expected for m in meetings]
    figure = _figure(max(6.0, 0.55 * len(meetings) + 2), 3.6)
    axes = figure.add_subplot()
    positions = list(range(len(meetings)))
    axes.bar(positions, room, color=ROOM, label="En salle")
    axes.bar(positions, video, bottom=room, color=VIDEO, label="En visioconférence")
    _meeting_ticks(axes, positions, labels)
    axes.set_ylim(0, 1.0)
    axes.yaxis.set_major_locator(MultipleLocator(0.25))
    _percent_axis(axes.yaxis)
    axes.set_title("En salle et en visioconférence (part des attendus)", fontsize=11, loc="left")
    axes.legend(loc="upper right", fontsize=8, frameon=False)
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def chart_images(report: Report) -> dict[str, bytes]:
    """Every chart the report's data allows, as PNG bytes, by name."""
    images = {
        "meetings": meetings_chart(report),
        "sites": _bars(report, "site", "Participation par affectation"),
        "professions": _bars(report, "profession", "Participation par profession"),
        "modes": modes_chart(report),
    }
    return {name: image for name, image in images.items() if image is not None}


def write_charts(report: Report, folder: Path) -> dict[str, Path]:
    """Write the charts into `folder`; their paths, by name."""
    written = {}
    for name, image in chart_images(report).items():
        path = folder / FILES[name]
        write_atomically(path, image)
        written[name] = path
    return written
