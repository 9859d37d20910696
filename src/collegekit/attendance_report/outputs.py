"""Writing the attendance report and certificate to files, every one through
`write_atomically`; the DOCX through the render module's pandoc conversion.

The file named by the user is checked (`check_output_file`) before anything
is written: a report refused for its path leaves nothing behind, not even
its charts folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from collegekit import files
from collegekit.attendance_report.report import Report
from collegekit.attendance_report.tables import csv_text, json_text, xlsx_bytes
from collegekit.files import OutputPathError, resolved, write_atomically

if TYPE_CHECKING:
    from collegekit.records import College

__all__ = [
    "OutputPathError",
    "chart_folder",
    "check_output_file",
    "csv_text",
    "find_docx_converter",
    "json_text",
    "markdown_to_docx",
    "render",
    "write_bytes",
    "write_text",
    "xlsx_bytes",
]

# Markdown text, the document's date, its description and the folder of its
# charts -> the bytes of a .docx file.
DocxConverter = Callable[[str, dt.date, str, Path | None], bytes]


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

    def convert(markdown: str, day: dt.date, description: str, charts: Path | None) -> bytes:
        from collegekit.images import ImageFolder

        return pandoc.to_docx(
            markdown,
            reference=reference,
            epoch=epoch(day),
            subject=subject,
            description=description,
            properties={},
            pandoc=executable,
            images=ImageFolder(base=charts, root=charts) if charts is not None else None,
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


def check_output_file(out: Path, example: str, charts: bool, records: Path | None) -> None:
    """Refuse (OutputPathError) a path that cannot become the report asked
    for, before anything is written: files.check_output_file, and with
    `charts`, the Markdown report's charts folder beside it."""
    files.check_output_file(out, example, records)
    if charts:
        folder = chart_folder(out)
        if folder.is_symlink():
            # The charts would be written wherever the link leads.
            raise OutputPathError(
                f"« {folder} » est un lien symbolique (vers {resolved(folder)}), or les graphiques du rapport vont "
                "dans un dossier de ce nom : rien n'est écrit. Supprimez le lien, choisissez un autre --out, "
                "ou ajoutez --no-charts."
            )
        if folder.exists() and not folder.is_dir():
            raise OutputPathError(
                f"« {folder} » n'est pas un dossier, or les graphiques du rapport vont dans un dossier de ce nom : "
                "déplacez ce fichier, choisissez un autre --out, ou ajoutez --no-charts."
            )


def chart_folder(out: Path) -> Path:
    """Where a Markdown report's images go: beside it, `rapport-graphiques/`."""
    return out.with_name(f"{out.stem}-graphiques")


def markdown_with_charts(report: Report, folder: Path | None, relative_to: Path | None) -> str:
    # Imported here: csv, json and xlsx have no use for the Markdown and its
    # escaping (the render package, with Jinja and ruamel.yaml).
    from collegekit.attendance_report.markdown import report_markdown

    charts: dict[str, str] = {}
    if folder is not None:
        from collegekit.attendance_report.charts import write_charts

        for name, path in write_charts(report, folder).items():
            charts[name] = (path.relative_to(relative_to) if relative_to else path).as_posix()
    return report_markdown(report, charts)


def write_markdown_report(report: Report, out: Path, charts: bool) -> None:
    """The Markdown report at `out`, its charts (if any) in the folder beside it."""
    if not charts:
        write_atomically(out, markdown_with_charts(report, None, None))
        return
    folder = chart_folder(out)
    before = set(folder.iterdir()) if folder.is_dir() else None
    try:
        write_atomically(out, markdown_with_charts(report, folder, out.parent))
    except BaseException:
        # The images are written first, so that the report never links a
        # missing one; if the report then fails (a full disk...), the images
        # this run added go too: no charts folder without its report.
        # Images it replaced in an existing folder cannot be given back.
        if folder.is_dir():
            for path in set(folder.iterdir()) - (before or set()):
                with contextlib.suppress(OSError):
                    path.unlink()
            if before is None:
                with contextlib.suppress(OSError):
                    folder.rmdir()
        raise


def markdown_to_docx(markdown: str, out: Path, converter: DocxConverter, day: dt.date, description: str) -> None:
    write_atomically(out, converter(markdown, day, description, None))


def render(
    report: Report, output_format: str, out: Path | None, charts: bool, converter: DocxConverter | None = None
) -> str | None:
    """Produce the report in `output_format` (md, docx, csv, xlsx, json):
    written to `out`, or returned as text to print when `out` is None. An
    `out` that cannot be written is refused (OutputPathError) before anything
    is, charts included."""
    if out is not None:
        check_output_file(out, f"participation.{output_format}", charts and output_format == "md", report.college.root)
    if output_format == "md":
        if out is None:
            return markdown_with_charts(report, None, None)
        write_markdown_report(report, out, charts)
        return None
    if output_format == "docx":
        assert out is not None and converter is not None
        out = resolved(out)
        description = f"Participation aux séances du collège, {report.period_label} : produit par collegekit."
        with tempfile.TemporaryDirectory(prefix="collegekit-") as scratch:
            folder = Path(scratch).resolve()
            # Charts named by their bare file name: the document keeps no
            # temporary path, and is the same from run to run.
            text = markdown_with_charts(report, folder if charts else None, folder)
            data = converter(text, report.today, description, folder if charts else None)
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
