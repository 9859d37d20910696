"""The one output layer of the report commands (attendance-report,
attendance-certificate, compliance, coverage, plan status): what --out and
--format mean, declared and decided here once, so that every report behaves
the same way:

- `--out -` is the standard output; no --out is the standard output too (or
  the terminal's tables when no format is asked for);
- the format is the one --format names, else the one --out's extension names
  (« rapport.xlsx » is xlsx); an extension that names another format than
  --format is refused (exit 2), so is an --out whose extension names none
  when --format does not say;
- docx, pdf and xlsx are files: never the standard output;
- the file is checked (files.check_output_file) before anything is loaded.

`--pseudonymize` is declared here once too, with one help, for every report
that names members. Light: typer only, so that `--help` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collegekit.cli.common import EXIT_USAGE, check_output_file, fail, shown_path

if TYPE_CHECKING:
    from collegekit.names import Names
    from collegekit.records import College
    from collegekit.render.build import Renderer
    from collegekit.render.documents import Document

BINARY_FORMATS = ("docx", "pdf", "xlsx")

PseudonymizeOption = Annotated[
    bool,
    typer.Option(
        "--pseudonymize",
        help="Remplace les noms des membres par des codes stables (M-XXXXX), les mêmes dans tous les rapports, "
        "dans toutes les sorties.",
    ),
]


@dataclass(frozen=True)
class Output:
    """Where a report goes: `format` None is the terminal's tables; `path`
    None is the standard output (or, for a file format when --out was not
    given at all, the command's default file)."""

    format: str | None
    path: Path | None
    out_given: bool


def is_standard_output(out: Path | None) -> bool:
    """`--out -`: the standard output, as in most command-line tools, rather
    than a file named « - » that the user would have to find and delete."""
    return out is not None and str(out) == "-"


def resolve_output(
    out: Path | None,
    chosen: str | None,
    formats: Sequence[str],
    example: str,
    records: Path | None,
    *,
    default: str | None = None,
    default_file: bool = False,
) -> Output:
    """The format and file of a report command, or a French usage error
    (exit 2) before any work. `default` is the format when neither --format
    nor --out says (None: the terminal's tables); `default_file` whether a
    docx asked for without --out goes to a default file the command names
    (compliance, coverage) rather than being refused; `example` is a file
    name to suggest, without its extension. The file is checked first: a
    path inside the records is refused as such, whatever its extension."""
    standard = is_standard_output(out)
    path = None if out is None or standard else out
    suffix = path.suffix.lower().lstrip(".") if path is not None else ""
    from_suffix = suffix if suffix in formats else None
    if path is not None:
        check_output_file(path, f"{example}.{chosen or from_suffix or default or formats[0]}", records)
    if chosen is not None and from_suffix is not None and from_suffix != chosen:
        raise fail(
            f"--format {chosen} mais --out « {path.name} » est un fichier {from_suffix} : "  # type: ignore[union-attr]
            f"changez l'extension en .{chosen}, ou retirez --format.",
            EXIT_USAGE,
        )
    output_format = chosen or from_suffix
    if output_format is None and path is not None:
        if default is None:
            names = ", ".join(formats)
            raise fail(f"indiquez --format ({names}) : l'extension de « {path.name} » ne dit pas lequel.", EXIT_USAGE)
        output_format = default
    output_format = output_format or default
    if output_format in BINARY_FORMATS and path is None and (standard or not default_file):
        raise fail(
            f"le format {output_format} s'écrit dans un fichier : indiquez --out FICHIER.{output_format}.", EXIT_USAGE
        )
    return Output(output_format, path, out is not None)


# The reports that are documents (certificate, attendance report, compliance,
# coverage) all go through the document pipeline: these two functions are
# what their commands share of it.


def document_renderer(college: College, output_format: str, names: Names | None = None) -> Renderer:
    """The college's document pipeline, naming members with `names`
    (pseudonymised or not), with what `output_format` needs found now (pandoc,
    the Word reference document): a broken one stops the command before any
    work, in French."""
    from collegekit.diagnostics import CollegekitError
    from collegekit.render.build import Renderer

    try:
        renderer = Renderer(college, names=names)
        renderer.prepare([output_format])
    except CollegekitError as error:
        raise fail(str(error), error.exit_code) from None
    return renderer


def render_document(renderer: Renderer, document: Document, output_format: str) -> bytes:
    """The document's file in `output_format` (md, docx, pdf); a template's or
    pandoc's error in French (exit 2), never a traceback."""
    from collegekit.diagnostics import CollegekitError

    try:
        return renderer.convert(document, renderer.markdown(document), output_format)
    except CollegekitError as error:
        raise fail(str(error), error.exit_code) from None


def write_file(target: Path, content: bytes | str) -> None:
    """Write a report's file (atomically), or a French message (exit 2)."""
    from collegekit.files import system_reason, write_atomically

    if target.exists() and target.is_dir():
        raise fail(f"« {shown_path(target)} » est un dossier : indiquez un nom de fichier avec --out.", EXIT_USAGE)
    try:
        write_atomically(target, content)
    except OSError as error:
        raise fail(f"impossible d'écrire {shown_path(target)} : {system_reason(error)}.", EXIT_USAGE) from None
