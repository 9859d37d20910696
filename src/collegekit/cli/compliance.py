"""`collegekit compliance`, `collegekit coverage` and `collegekit plan status`:
what the college has done with its obligations, how the fiches de poste
spread the medical functions over the territory, and how the year's plans
are going. The `plan` group also holds `plan dates`, an edit like those of
cli/edits.py, where it is written.

    collegekit compliance --year 2026 [--since 2025] [--format md|docx|pdf|json] [--pseudonymize]
    collegekit coverage [--date 2026-11-25] [--format md|docx|pdf|csv|json] [--pseudonymize]
    collegekit plan status [--year 2026] [--format json] [--pseudonymize]
    collegekit plan dates 2026-work [--presented-on D] [--validated-on D] [--review-presented-on D]

The figures come from collegekit.compliance, collegekit.coverage and
collegekit.plan_status, their terminal tables from collegekit.compliance_views;
this module parses the options and writes files. The library, rich and the rendering toolchain are
imported inside the commands, so that `collegekit --help` stays light.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from collegekit.cli.common import (
    EXIT_CLEAN,
    EXIT_USAGE,
    RecordsOption,
    TodayOption,
    day_of,
    fail,
    load_error_free_college,
    shown_path,
)
from collegekit.cli.edits import plan_dates
from collegekit.cli.output import (
    PseudonymizeOption,
    document_renderer,
    render_document,
    resolve_output,
    write_file,
)
from collegekit.cli.usage import CollegekitTyper

if TYPE_CHECKING:
    from collegekit.names import Names
    from collegekit.records import College
    from collegekit.render.documents import Document


class ComplianceFormat(enum.StrEnum):
    MD = "md"
    DOCX = "docx"
    PDF = "pdf"
    JSON = "json"


class CoverageFormat(enum.StrEnum):
    MD = "md"
    DOCX = "docx"
    PDF = "pdf"
    CSV = "csv"
    JSON = "json"


class PlanStatusFormat(enum.StrEnum):
    JSON = "json"


OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Fichier à écrire, son extension donnant le format (sauf --format) ; « - » ou sans --out : la sortie "
        "standard (md, csv, json), ou un fichier dans build/ (docx, pdf).",
        show_default=False,
    ),
]

plan_app = CollegekitTyper(
    name="plan",
    help="Suivre les plans de l'année : avancement, actions en retard, actions à reprendre ; noter leurs dates.",
    no_args_is_help=True,
)


COMPLIANCE_HELP = (
    "Les obligations du collège pour une année, chacune faite, en retard, manquante ou sans objet, avec le dossier "
    "qui le prouve\u00a0: séances, envois à l'instance, plans, bilan, fiches de poste, quorum, participation."
)
COVERAGE_HELP = (
    "L'organisation des fonctions médicales selon les fiches de poste\u00a0: équivalents temps plein par fonction et par "
    "territoire, fonctions tenues par une seule personne ou par personne, effectif de chaque fonction."
)
PLAN_STATUS_HELP = (
    "L'avancement du plan de travail et du plan de formation d'une année\u00a0: actions par état, par axe et au total, "
    "actions en retard avec leur pilote, actions sans pilote, actions à reprendre l'année suivante, heures de formation."
)


def register(app: typer.Typer) -> None:
    app.command("compliance", help=COMPLIANCE_HELP)(compliance)
    app.command("coverage", help=COVERAGE_HELP)(coverage)
    app.add_typer(plan_app, name="plan")


# --- collegekit compliance ------------------------------------------------------


def _year_option(what: str) -> Any:
    """--year of a yearly report: `what` is « du bilan », « des plans »."""
    return Annotated[
        int | None,
        typer.Option(
            "--year", help=f"L'année {what}, par exemple 2026 ; par défaut, l'année en cours.", show_default=False
        ),
    ]


ComplianceYearOption = _year_option("du bilan")
PlanYearOption = _year_option("des plans")


def compliance(
    year: ComplianceYearOption = None,
    since: Annotated[
        int | None,
        typer.Option(
            "--since",
            help="Première année d'un bilan sur plusieurs années, côte à côte (évaluations à 12 et à 18-24 mois).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ComplianceFormat | None,
        typer.Option(
            "--format",
            help="md (Markdown), docx (Word), pdf : un document à remettre ; json pour un autre outil. "
            "Par défaut : d'après l'extension de --out, sinon des tableaux dans le terminal.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
    pseudonymize: PseudonymizeOption = False,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """collegekit compliance (help: COMPLIANCE_HELP)."""
    day = day_of(today)
    year = year if year is not None else day.year
    # --year and --since lie in the years records may name (cli.usage checks every year option).
    if since is not None and not since <= year:
        raise fail(f"--since {since} doit être une année antérieure ou égale à --year ({year}).", EXIT_USAGE)
    if since is not None and year - since >= 30:
        raise fail("un bilan porte sur 30 ans au plus : rapprochez --since de --year.", EXIT_USAGE)
    output_format, out = _output(out, output_format, ComplianceFormat, records)
    college = _college(records)
    from collegekit import compliance as library

    names = _names(college, pseudonymize)
    report = library.compliance_report(college, year, day, since, names)
    if output_format is None:
        from collegekit.compliance_views import print_compliance

        print_compliance(college, report)
        raise typer.Exit(EXIT_CLEAN)
    if output_format is ComplianceFormat.JSON:
        _emit_text(_json(library.report_data(college, report)), out)
        raise typer.Exit(EXIT_CLEAN)
    from collegekit.render import documents

    _emit_document(college, documents.compliance(college, report), output_format.value, out, names)
    raise typer.Exit(EXIT_CLEAN)


def coverage(
    date: Annotated[
        dt.datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            help="La date de l'organisation décrite (AAAA-MM-JJ) ; par défaut, aujourd'hui (ou --today).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        CoverageFormat | None,
        typer.Option(
            "--format",
            help="md (Markdown), docx (Word), pdf : un document ; csv (une ligne par fonction et territoire, pour un "
            "tableur) ou json. Par défaut : d'après l'extension de --out, sinon des tableaux dans le terminal.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
    pseudonymize: PseudonymizeOption = False,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """collegekit coverage (help: COVERAGE_HELP)."""
    day = date.date() if date else day_of(today)
    output_format, out = _output(out, output_format, CoverageFormat, records)
    college = _college(records)
    from collegekit import coverage as library

    result = library.coverage(college, day)
    names = _names(college, pseudonymize)
    if output_format is None:
        from rich.console import Console

        from collegekit.compliance_views import print_coverage

        print_coverage(Console(highlight=False), college, result, names)
        raise typer.Exit(EXIT_CLEAN)
    if output_format is CoverageFormat.JSON:
        _emit_text(_json(library.report_data(college, result, names)), out)
        raise typer.Exit(EXIT_CLEAN)
    if output_format is CoverageFormat.CSV:
        _emit_text(library.csv_text(college, result, names), out)
        raise typer.Exit(EXIT_CLEAN)
    from collegekit.render import documents

    _emit_document(college, documents.coverage(college, result), output_format.value, out, names)
    raise typer.Exit(EXIT_CLEAN)


@plan_app.command("status", help=PLAN_STATUS_HELP)
def plan_status(
    year: PlanYearOption = None,
    output_format: Annotated[
        PlanStatusFormat | None,
        typer.Option(
            "--format", help="json pour un autre outil ; par défaut, des tableaux dans le terminal.", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Fichier JSON à écrire (--format json, ou un nom en .json) ; par défaut la sortie standard.",
            show_default=False,
        ),
    ] = None,
    pseudonymize: PseudonymizeOption = False,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """collegekit plan status (help: PLAN_STATUS_HELP)."""
    day = day_of(today)
    year = year if year is not None else day.year
    output_format, out = _output(out, output_format, PlanStatusFormat, records)
    college = _college(records)
    from collegekit import plan_status as library

    report = library.plan_status(college, year, day)
    names = _names(college, pseudonymize)
    if output_format is PlanStatusFormat.JSON:
        _emit_text(_json(library.report_data(college, report, names)), out)
        raise typer.Exit(EXIT_CLEAN)
    from rich.console import Console

    from collegekit.compliance_views import print_plan_status

    print_plan_status(Console(highlight=False), college, report, names)
    raise typer.Exit(EXIT_CLEAN)


# After status, so that the group's help lists the report first.
plan_app.command("dates")(plan_dates)


def _output(out: Path | None, chosen: Any, formats: type[enum.StrEnum], records: Path | None) -> tuple[Any, Path | None]:
    """The format (None: the terminal's tables) and the file (None: the
    standard output, or build/ for docx) that cli.output decides."""
    target = resolve_output(
        out, chosen, [member.value for member in formats], "bilan", records, default_file=True
    )
    return (formats(target.format) if target.format else None), target.path


def _college(records: Path | None) -> College:
    return load_error_free_college(records, "d'abord, le bilan serait faux sans eux")


def _names(college: College, pseudonymize: bool) -> Names:
    """How the report names members: the same codes as attendance-report's."""
    from collegekit.names import Names

    return Names(college, pseudonymize)


def _json(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _emit_text(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    write_file(out, text)
    typer.echo(f"Écrit dans {shown_path(out)}.", err=True)


def _emit_document(college: College, document: Document, output_format: str, out: Path | None, names: Names) -> None:
    """Markdown (to the standard output unless --out), Word or PDF (to --out,
    else build/), naming members as the report does."""
    content = render_document(document_renderer(college, output_format, names), document, output_format)
    if output_format == "md" and out is None:
        typer.echo(content.decode("utf-8"), nl=False)
        return
    target = out or Path("build") / f"{document.output}.{output_format}"
    write_file(target, content)
    typer.echo(f"Écrit dans {shown_path(target)}.", err=True)
