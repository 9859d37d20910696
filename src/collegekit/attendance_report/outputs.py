"""Writing the attendance report to files, every one through
`write_atomically`; the Markdown, Word and PDF report through the document
pipeline (render: the template attendance.md.j2, which a college may
override, then pandoc).

The file named by the user is checked (`check_output_file`) before anything
is written: a report refused for its path leaves nothing behind, not even
its charts folder.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from collegekit import files
from collegekit.attendance_report.report import Report
from collegekit.attendance_report.tables import csv_text, json_text, xlsx_bytes
from collegekit.files import OutputPathError, resolved, write_atomically

if TYPE_CHECKING:
    from collegekit.render.build import Renderer
    from collegekit.render.documents import Document

__all__ = [
    "DOCUMENT_FORMATS",
    "OutputPathError",
    "chart_folder",
    "check_output_file",
    "csv_text",
    "json_text",
    "render",
    "write_bytes",
    "write_text",
    "xlsx_bytes",
]

# The formats of the report as a document (the others are tables of figures).
DOCUMENT_FORMATS = ("md", "docx", "pdf")


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


def report_document(
    report: Report, folder: Path | None, relative_to: Path | None, renderer: Renderer
) -> tuple[Document, str]:
    """The report as a document and its Markdown, its charts (if `folder`)
    written first into `folder` and linked relative to `relative_to`."""
    from collegekit.render import documents

    charts: list[tuple[str, str]] = []
    if folder is not None:
        # Imported here: without charts, no matplotlib.
        from collegekit.attendance_report.charts import write_charts

        for name, path in write_charts(report, folder).items():
            charts.append((name, (path.relative_to(relative_to) if relative_to else path).as_posix()))
    document = documents.attendance(report, charts, folder)
    return document, renderer.markdown(document)


def markdown_with_charts(report: Report, folder: Path | None, relative_to: Path | None, renderer: Renderer) -> str:
    return report_document(report, folder, relative_to, renderer)[1]


def write_markdown_report(report: Report, out: Path, charts: bool, renderer: Renderer) -> None:
    """The Markdown report at `out`, its charts (if any) in the folder beside it."""
    if not charts:
        write_atomically(out, markdown_with_charts(report, None, None, renderer))
        return
    folder = chart_folder(out)
    before = set(folder.iterdir()) if folder.is_dir() else None
    try:
        write_atomically(out, markdown_with_charts(report, folder, out.parent, renderer))
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


def render(report: Report, output_format: str, out: Path | None, charts: bool, renderer: Renderer | None = None) -> str | None:
    """Produce the report in `output_format` (md, docx, pdf, csv, xlsx, json):
    written to `out`, or returned as text to print when `out` is None. An
    `out` that cannot be written is refused (OutputPathError) before anything
    is, charts included. `renderer`: the college's document pipeline, for the
    document formats (one is made when not given)."""
    if out is not None:
        check_output_file(out, f"participation.{output_format}", charts and output_format == "md", report.college.root)
    if output_format in DOCUMENT_FORMATS and renderer is None:
        from collegekit.render.build import Renderer

        renderer = Renderer(report.college, names=report.names)
        renderer.prepare([output_format])
    if output_format == "md":
        assert renderer is not None
        if out is None:
            return markdown_with_charts(report, None, None, renderer)
        write_markdown_report(report, out, charts, renderer)
        return None
    if output_format in DOCUMENT_FORMATS:
        assert out is not None and renderer is not None
        out = resolved(out)
        with tempfile.TemporaryDirectory(prefix="collegekit-") as scratch:
            folder = Path(scratch).resolve()
            # Charts named by their bare file name: the document keeps no
            # temporary path, and is the same from run to run.
            document, text = report_document(report, folder if charts else None, folder, renderer)
            data = renderer.convert(document, text, output_format)
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
