"""`collegekit attendance-report` and `collegekit attendance-certificate`:
participation figures for the bureau, and a member's certificate."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collegekit import french
from collegekit.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    RecordsOption,
    TodayOption,
    day_of,
    fail,
    load_records,
    shown_path,
)
from collegekit.cli.output import (
    PseudonymizeOption,
    document_renderer,
    render_document,
    resolve_output,
    write_file,
)

if TYPE_CHECKING:
    from collegekit.models.meeting import MeetingKind
    from collegekit.records import College
    from collegekit.stats import Period


class ReportFormat(enum.StrEnum):
    MD = "md"
    DOCX = "docx"
    PDF = "pdf"
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


class CertificateFormat(enum.StrEnum):
    MD = "md"
    DOCX = "docx"
    PDF = "pdf"


class KindChoice(enum.StrEnum):
    PLENARY = "plenary"
    EXTRAORDINARY = "extraordinary"
    BUREAU = "bureau"


# --by accepts the English names and their French equivalents.
BY_CHOICES = {
    "meeting": "meeting",
    "seance": "meeting",
    "séance": "meeting",
    "member": "member",
    "membre": "member",
    "year": "year",
    "annee": "year",
    "année": "year",
    "site": "site",
    "affectation": "site",
    "profession": "profession",
    "management": "management",
    "encadrement": "management",
    "status": "status",
    "statut": "status",
    "mode": "mode",
    "format": "mode",
}

YearOption = Annotated[
    int | None, typer.Option("--year", help="Une année civile, par exemple 2025.", show_default=False)
]
KindOption = Annotated[
    list[KindChoice] | None,
    typer.Option(
        "--kind",
        help="Types de séances comptées : plenary, extraordinary, bureau (à répéter). "
        "Par défaut : les séances plénières et extraordinaires.",
        show_default=False,
    ),
]


def attendance_report(
    records: RecordsOption = None,
    year: YearOption = None,
    start: Annotated[
        dt.datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="Début de la période (AAAA-MM-JJ).", show_default=False),
    ] = None,
    end: Annotated[
        dt.datetime | None,
        typer.Option("--to", formats=["%Y-%m-%d"], help="Fin de la période (AAAA-MM-JJ), incluse.", show_default=False),
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="Ventilations à montrer (à répéter ou séparées par des virgules) : meeting (séance), member "
            "(membre), year (année), site (affectation), profession, management (encadrement), status (statut), "
            "mode (format de la séance). Par défaut : toutes.",
            show_default=False,
        ),
    ] = None,
    include_invited: Annotated[
        bool,
        typer.Option("--include-invited", help="Compte les membres invités dans les taux de participation."),
    ] = False,
    kinds: KindOption = None,
    pseudonymize: PseudonymizeOption = False,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            help="md (rapport Markdown), docx (rapport Word), pdf, csv ou xlsx (une ligne par membre et par séance, "
            "pour un tableur), json (pour un autre outil). Par défaut : d'après l'extension de --out, sinon des "
            "tableaux dans le terminal.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Fichier à écrire (obligatoire pour docx, pdf et xlsx) ; sans --out ou avec « - », la sortie standard.",
            show_default=False,
        ),
    ] = None,
    charts: Annotated[
        bool | None,
        typer.Option(
            "--charts/--no-charts",
            help="Graphiques dans le rapport md, docx ou pdf (par défaut : oui quand le rapport est écrit dans un fichier).",
            show_default=False,
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Statistiques de participation aux séances : par séance, membre, année, affectation, profession, encadrement,
    statut et format, avec les alertes (absences répétées, quorum)."""
    from collegekit.stats import ALL_DIMENSIONS, attendance_stats, options_from_rules

    dimensions = _dimensions(by) or list(ALL_DIMENSIONS)
    # The charts folder is checked too, below.
    target = resolve_output(out, output_format, [f.value for f in ReportFormat], "participation", records)
    output_format = ReportFormat(target.format) if target.format else None
    out = target.path
    documents = (ReportFormat.MD, ReportFormat.DOCX, ReportFormat.PDF)
    if charts and output_format not in documents:
        raise fail(
            "les graphiques (--charts) vont dans un rapport md, docx ou pdf : ajoutez --format md, docx ou pdf.",
            EXIT_USAGE,
        )
    if charts and output_format is ReportFormat.MD and out is None:
        raise fail("les graphiques d'un rapport md sont des images : indiquez --out FICHIER.md.", EXIT_USAGE)
    with_charts = charts if charts is not None else out is not None and output_format in documents
    if output_format is not None and out is not None:
        # Refused now, before the records are loaded and anything is written.
        _check_output_file(
            out, f"participation.{output_format.value}", records, with_charts and output_format is ReportFormat.MD
        )
    day = day_of(today)
    period = _period(day, year, start, end)
    college, errors = _college(records)
    # Before any work: say now if the document cannot be made.
    renderer = None
    if output_format in documents:
        from collegekit.names import Names

        renderer = document_renderer(college, output_format.value, Names(college, pseudonymize))
    options = options_from_rules(college.settings.rules, include_invited, _kinds(kinds))
    stats = attendance_stats(college, period, options, dimensions)

    from collegekit.attendance_report.report import Report

    report = Report(college, stats, day, pseudonymize)
    if errors:
        typer.echo(
            f"collegekit : attention, {french.plural(errors, 'erreur')} dans les dossiers "
            "(« collegekit lint » les montre) : les chiffres peuvent être incomplets.",
            err=True,
        )
    if output_format is None:
        from rich.console import Console

        from collegekit.attendance_report.terminal import print_report

        print_report(report, Console(highlight=False))
        raise typer.Exit(EXIT_CLEAN)
    from collegekit.attendance_report.outputs import render
    from collegekit.diagnostics import CollegekitError

    try:
        text = render(report, output_format.value, out, with_charts, renderer)
    except CollegekitError as error:  # a template, pandoc or the reference document
        raise fail(str(error), error.exit_code) from None
    except OSError as error:
        from collegekit.files import system_reason

        raise fail(f"impossible d'écrire {out} : {system_reason(error)}.", EXIT_USAGE) from None
    if text is not None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"Rapport écrit dans {shown_path(out)}.", err=True)  # type: ignore[arg-type]
    raise typer.Exit(EXIT_CLEAN)


def attendance_certificate(
    member: Annotated[str, typer.Argument(metavar="MEMBRE", help="L'identifiant du membre, par exemple cmoreau.")],
    year: Annotated[int, typer.Option("--year", help="L'année civile de l'attestation, par exemple 2025.")],
    records: RecordsOption = None,
    kinds: KindOption = None,
    output_format: Annotated[
        CertificateFormat | None,
        typer.Option(
            "--format", help="md, docx ou pdf ; par défaut, d'après l'extension de --out, sinon md.", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Fichier à écrire ; par défaut attestation-ANNÉE-MEMBRE.md (ou .docx, .pdf) dans le dossier courant. "
            "« - » l'affiche au lieu de l'écrire.",
            show_default=False,
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Écrit l'attestation de participation d'un membre aux séances d'une année (dates, thèmes, durées),
    utilisable au titre du développement professionnel continu (DPC)."""
    from collegekit.stats import DEFAULT_KINDS, attended_meetings, year_period

    day = day_of(today)
    chosen = resolve_output(
        out, output_format, [f.value for f in CertificateFormat], f"attestation-{year}-{member}", records,
        default=CertificateFormat.MD.value, default_file=True,
    )
    output_format = CertificateFormat(chosen.format)
    to_standard_output = chosen.out_given and chosen.path is None
    default_name = f"attestation-{year}-{member}.{output_format.value}"
    target = chosen.path or Path(default_name)
    if not to_standard_output:
        _check_output_file(target, default_name, records)
    college, errors = _college(records)
    renderer = document_renderer(college, output_format.value)
    if member not in college.members:
        import difflib

        close = difflib.get_close_matches(member, sorted(college.members), n=3, cutoff=0.6)
        suggestion = f" Vouliez-vous dire : {', '.join(close)} ?" if close else ""
        raise fail(f"« {member} » n'a pas de fichier dans members/.{suggestion}", EXIT_USAGE)
    wanted = frozenset(_kinds(kinds)) or DEFAULT_KINDS
    attended = attended_meetings(college, member, year_period(year), wanted)
    name = college.members[member].display_name
    if not attended:
        raise fail(f"{name} n'a participé à aucune séance comptée en {year} : pas d'attestation.", EXIT_FINDINGS)
    if errors:
        typer.echo(
            f"collegekit : attention, {french.plural(errors, 'erreur')} dans les dossiers "
            "(« collegekit lint » les montre) : vérifiez l'attestation.",
            err=True,
        )
    from collegekit.render import documents

    content = render_document(
        renderer, documents.certificate(college, member, year, attended, day), output_format.value
    )
    if to_standard_output:
        typer.echo(content.decode("utf-8"), nl=False)
        raise typer.Exit(EXIT_CLEAN)
    write_file(target, content)
    total = sum(a.minutes for a in attended)
    typer.echo(
        f"Attestation de {name} écrite dans {shown_path(target)} : "
        f"{french.plural(len(attended), 'séance')}, {french.duration(total)}."
    )
    raise typer.Exit(EXIT_CLEAN)


def _check_output_file(out: Path, example: str, records: Path | None, charts: bool = False) -> None:
    from collegekit.attendance_report.outputs import OutputPathError, check_output_file
    from collegekit.cli.common import records_for_output

    try:
        check_output_file(out, example, charts, records_for_output(records))
    except OutputPathError as error:
        raise fail(str(error), error.exit_code) from None


def _college(records: Path | None) -> tuple[College, int]:
    result = load_records(records)
    if result.college is None:
        raise fail("college.yaml est invalide : lancez « collegekit lint » pour voir quoi corriger.", EXIT_FINDINGS)
    return result.college, len(result.errors)


def _period(today: dt.date, year: int | None, start: dt.datetime | None, end: dt.datetime | None) -> Period:
    from collegekit.stats import PeriodError, resolve_period

    try:
        return resolve_period(today, year, start.date() if start else None, end.date() if end else None)
    except PeriodError as error:
        raise fail(str(error), error.exit_code) from None


def _kinds(kinds: list[KindChoice] | None) -> list[MeetingKind]:
    from collegekit.models.meeting import MeetingKind

    return [MeetingKind(KindChoice(kind).value) for kind in kinds or ()]


def _dimensions(values: list[str] | None) -> list[str]:
    chosen = []
    for value in values or ():
        for name in value.split(","):
            name = name.strip().casefold()
            if not name:
                continue
            if name not in BY_CHOICES:
                raise fail(
                    f"--by {name} : ventilation inconnue. Possibles : meeting, member, year, site, profession, "
                    "management, status, mode.",
                    EXIT_USAGE,
                )
            chosen.append(BY_CHOICES[name])
    return chosen


def register(app: typer.Typer) -> None:
    app.command("attendance-report")(attendance_report)
    app.command("attendance-certificate")(attendance_certificate)
