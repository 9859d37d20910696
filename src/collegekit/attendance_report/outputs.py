"""Writing the attendance report and certificate to files, every one through
`write_atomically`; the DOCX through the render module's pandoc conversion."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from collegekit.attendance_report.markdown import report_markdown
from collegekit.attendance_report.report import Report
from collegekit.attendance_report.tables import csv_text, json_text, xlsx_bytes
from collegekit.files import write_atomically

if TYPE_CHECKING:
    from collegekit.records import College

__all__ = [
    "chart_folder",
    "csv_text",
    "find_docx_converter",
    "json_text",
    "markdown_to_docx",
    "render",
    "write_bytes",
    "write_text",
    "xlsx_bytes",
]

# Markdown text and the document's date -> the bytes of a .docx file.
DocxConverter = Callable[[str, dt.date, str], bytes]


def find_docx_converter(college: College) -> DocxConverter | None:
    """Markdown -> DOCX through the render module (pandoc, with the college's
    reference document, deterministic dates), or None where it is missing.
    The reference document and pandoc are found now, so that a broken one
    stops the command before any work (a RenderError)."""
    try:
        from collegekit.render import pandoc
        from collegekit.render.documents import epoch
        from collegekit.render.environment import REFERENCE_DOCX, find_template_file, template_folders
    except ImportError:
        return None
    subject = college.settings.short_name or college.settings.name
    reference = find_template_file(template_folders(college.root), REFERENCE_DOCX).resolve()
    pandoc.check_reference(reference)
    executable = pandoc.pandoc_path()

    def convert(markdown: str, day: dt.date, description: str) -> bytes:
        return pandoc.to_docx(
            markdown,
            reference=reference,
            epoch=epoch(day),
            subject=subject,
            description=description,
            properties={},
            pandoc=executable,
        )

    return convert


def write_text(text: str, out: Path | None) -> str | None:
    """Write to `out`, or give the text back to be printed."""
    if out is None:
        return text
    write_atomically(out, text)
    return None


def write_bytes(data: bytes, out: Path) -> None:
    write_atomically(out, data)


def chart_folder(out: Path) -> Path:
    """Where a Markdown report's images go: beside it, `rapport-graphiques/`."""
    return out.with_name(f"{out.stem}-graphiques")


def markdown_with_charts(report: Report, folder: Path | None, relative_to: Path | None) -> str:
    charts: dict[str, str] = {}
    if folder is not None:
        from collegekit.attendance_report.charts import write_charts

        for name, path in write_charts(report, folder).items():
            charts[name] = (path.relative_to(relative_to) if relative_to else path).as_posix()
    return report_markdown(report, charts)


def markdown_to_docx(markdown: str, out: Path, converter: DocxConverter, day: dt.date, description: str) -> None:
    write_atomically(out, converter(markdown, day, description))


def render(
    report: Report, output_format: str, out: Path | None, charts: bool, converter: DocxConverter | None = None
) -> str | None:
    """Produce the report in `output_format` (md, docx, csv, xlsx, json):
    written to `out`, or returned as text to print when `out` is None."""
    if output_format == "md":
        if out is None:
            return report_markdown(report)
        write_atomically(out, markdown_with_charts(report, chart_folder(out) if charts else None, out.parent))
        return None
    if output_format == "docx":
        assert out is not None and converter is not None
        out = out.resolve()
        description = f"Participation aux séances du collège, {report.period_label} : produit par collegekit."
        with tempfile.TemporaryDirectory(prefix="collegekit-") as scratch:
            folder = Path(scratch).resolve()
            text = markdown_with_charts(report, folder if charts else None, folder)
            # pandoc finds the charts relative to its working folder, and
            # writes their path into the document: a bare file name keeps the
            # document free of temporary paths, and the same from run to run.
            with contextlib.chdir(folder):
                data = converter(text, report.today, description)
        write_atomically(out, data)
        return None
    if output_format == "csv":
        return write_text(csv_text(report), out)
    if output_format == "json":
        return write_text(json_text(report), out)
    if output_format == "xlsx":
        assert out is not None
        write_bytes(xlsx_bytes(report), out)
        return None
    raise ValueError(f"unknown format: {output_format}")
