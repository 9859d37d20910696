"""`collegekit render`: the records as documents, in Markdown and in Word.

    collegekit render minutes 2025-03-18-pleniere     le compte rendu d'une séance
    collegekit render agenda 2025-03-18-pleniere      sa convocation et son ordre du jour
    collegekit render plan --year 2025 [--kind work]  un plan, tel que présenté pour validation
    collegekit render review --year 2025              le bilan du plan de travail
    collegekit render fiche mroux                     une fiche de poste
    collegekit render all [--check]                   tout, dans build/
    … --pseudonymize                                  les membres désignés par leur code (pas les fiches)

The rendering itself is in collegekit.render, imported inside the commands
(Jinja, Babel and pandoc are not needed for `collegekit --help`).
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collegekit.cli.common import (
    EXIT_CLEAN,
    EXIT_USAGE,
    RecordsOption,
    check_output_folder,
    fail,
    load_error_free_college,
    records_root,
    write_or_check,
    written_summary,
)
from collegekit.cli.output import PseudonymizeOption
from collegekit.cli.usage import CollegekitTyper
from collegekit.models.plan_kind import YEARLY_KINDS, PlanKind

if TYPE_CHECKING:
    from collegekit.records import College, Selection
    from collegekit.render.build import Rendered, Renderer
    from collegekit.render.documents import Document

app = CollegekitTyper(
    name="render",
    help="Met en forme les documents du collège, en Markdown, en Word et en PDF : comptes rendus, ordres du jour, "
    "plans, bilans et fiches de poste.",
    no_args_is_help=True,
)


class OutputFormat(enum.StrEnum):
    MD = "md"
    DOCX = "docx"
    PDF = "pdf"
    BOTH = "both"

    @property
    def formats(self) -> tuple[str, ...]:
        return ("md", "docx") if self is OutputFormat.BOTH else (self.value,)


# --kind's choices, from models.plan_kind (light: no pydantic at --help).
PlanKindChoice = enum.StrEnum("PlanKindChoice", {kind.name: kind.value for kind in PlanKind})  # type: ignore[misc]
ReviewKindChoice = enum.StrEnum("ReviewKindChoice", {kind.name: kind.value for kind in YEARLY_KINDS})  # type: ignore[misc]


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        help="md (Markdown), docx (Word), pdf, ou both (Markdown et Word).",
        case_sensitive=False,
    ),
]
OutOption = Annotated[
    Path,
    typer.Option("--out", help="Dossier où écrire les documents (créé s'il n'existe pas)."),
]
YearOption = Annotated[int | None, typer.Option("--year", help="L'année du plan, par exemple 2025.", show_default=False)]
MeetingArgument = Annotated[
    str, typer.Argument(metavar="SÉANCE", help="La séance : le nom de son fichier, par exemple 2025-03-18-pleniere.")
]
PlanArgument = Annotated[
    str | None,
    typer.Argument(metavar="PLAN", help="Le plan : le nom de son fichier (2025-work), ou --year et --kind.", show_default=False),
]
WithContactsOption = Annotated[
    bool,
    typer.Option(
        "--with-contacts",
        help="Ajoute le courriel et le téléphone du titulaire aux fiches de poste (données personnelles : "
        "pour un document qui reste en interne).",
    ),
]


@app.command("minutes")
def minutes(
    meeting: MeetingArgument,
    records: RecordsOption = None,
    output_format: FormatOption = OutputFormat.BOTH,
    out: OutOption = Path("build"),
    pseudonymize: PseudonymizeOption = False,
) -> None:
    """Le compte rendu d'une séance (s'il n'est pas encore rédigé : son ordre du jour, en le disant)."""
    from collegekit.render import documents

    _render_meeting(documents.minutes, meeting, records, output_format, out, pseudonymize)


@app.command("agenda")
def agenda(
    meeting: MeetingArgument,
    records: RecordsOption = None,
    output_format: FormatOption = OutputFormat.BOTH,
    out: OutOption = Path("build"),
    pseudonymize: PseudonymizeOption = False,
) -> None:
    """La convocation et l'ordre du jour d'une séance, à envoyer avant la séance."""
    from collegekit.render import documents

    _render_meeting(documents.agenda, meeting, records, output_format, out, pseudonymize)


def _render_meeting(
    build: Callable[[College, str], Document],
    meeting: str,
    records: Path | None,
    output_format: OutputFormat,
    out: Path,
    pseudonymize: bool,
) -> None:
    """One meeting's document, from the college, its members and that meeting alone."""
    _render(
        records,
        out,
        output_format,
        lambda college: [build(college, meeting)],
        pseudonymize=pseudonymize,
        needs=lambda: _meeting_records(records, meeting),
    )


@app.command("plan")
def plan(
    plan_id: PlanArgument = None,
    year: YearOption = None,
    kind: Annotated[
        PlanKindChoice,
        typer.Option(
            "--kind",
            help="work (plan de travail), training (plan de formation), rules (règlement intérieur), "
            "organisation (organisation des fonctions médicales) ou regional (plan régional de l'agence).",
        ),
    ] = PlanKindChoice.WORK,
    records: RecordsOption = None,
    output_format: FormatOption = OutputFormat.BOTH,
    out: OutOption = Path("build"),
    pseudonymize: PseudonymizeOption = False,
) -> None:
    """Un plan de l'année, tel que présenté pour validation (axes, actions, pilotes, territoires, échéances)."""
    _render_plan("plan", plan_id, year, kind.value, records, out, output_format, pseudonymize)


@app.command("review")
def review(
    plan_id: PlanArgument = None,
    year: YearOption = None,
    kind: Annotated[
        ReviewKindChoice,
        typer.Option("--kind", help="work (plan de travail, par défaut) ou training (plan de formation)."),
    ] = ReviewKindChoice.WORK,
    records: RecordsOption = None,
    output_format: FormatOption = OutputFormat.BOTH,
    out: OutOption = Path("build"),
    pseudonymize: PseudonymizeOption = False,
) -> None:
    """Le bilan du plan de travail d'une année : état de chaque action, totaux, actions à reprendre."""
    _render_plan("review", plan_id, year, kind.value, records, out, output_format, pseudonymize)


@app.command("fiche")
def fiche(
    member: Annotated[str, typer.Argument(metavar="MEMBRE", help="Le membre : son identifiant, par exemple mroux.")],
    records: RecordsOption = None,
    output_format: FormatOption = OutputFormat.BOTH,
    out: OutOption = Path("build"),
    with_contacts: WithContactsOption = False,
) -> None:
    """La fiche de poste d'un membre, avec ses activités aux trois niveaux."""
    from collegekit.render import documents

    _render(records, out, output_format, lambda college: [documents.fiche(college, member)],
            with_contacts=with_contacts)


@app.command("all")
def render_all(
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="N'écrit rien : refait tous les documents à part et échoue (code 1), en nommant les fichiers, "
            "si ceux du dossier --out en diffèrent.",
        ),
    ] = False,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Seulement les documents de cette année.", show_default=False),
    ] = None,
    records: RecordsOption = None,
    output_format: FormatOption = OutputFormat.BOTH,
    out: OutOption = Path("build"),
    pseudonymize: PseudonymizeOption = False,
    with_contacts: WithContactsOption = False,
) -> None:
    """Tous les documents : ordres du jour et comptes rendus des séances, plans, bilans et fiches de poste
    (sans les fiches de poste avec --pseudonymize : un poste désigne son titulaire aussi sûrement que son nom)."""
    from collegekit.render import documents

    def select(college: College) -> list[Document]:
        chosen = documents.every_document(college, year)
        return [document for document in chosen if not (pseudonymize and document.kind == "fiche")]

    _render(records, out, output_format, select, check=check, complete=year is None and not pseudonymize,
            with_contacts=with_contacts, pseudonymize=pseudonymize)


def _render_plan(
    command: str, plan_id: str | None, year: int | None, kind: str, records: Path | None, out: Path,
    output_format: OutputFormat, pseudonymize: bool,
) -> None:
    """`render plan` and `render review`: the plan named, or --year and --kind."""
    from collegekit.models.plan import PlanKind
    from collegekit.render import documents

    plan_year, plan_kind = _plan_choice(plan_id, year, kind, command)
    make = documents.plan if command == "plan" else documents.review
    _render(
        records, out, output_format, lambda college: [make(college, plan_year, PlanKind(plan_kind))],
        pseudonymize=pseudonymize,
    )


def _plan_choice(plan_id: str | None, year: int | None, kind: str, command: str) -> tuple[int, str]:
    if plan_id is not None:
        from collegekit.models.plan_kind import PlanId

        parsed = PlanId.parse(plan_id)
        choices = [choice.value for choice in (PlanKindChoice if command == "plan" else ReviewKindChoice)]
        if parsed is None or parsed.kind is None or parsed.kind.value not in choices:
            examples = ", ".join(f"2025-{choice}" for choice in choices)
            what = "un plan" if command == "plan" else "un plan qui a un bilan"
            raise fail(
                f"« {plan_id} » ne désigne pas {what} : écrivez ANNEE-type ({examples}), ou utilisez --year et --kind.",
                EXIT_USAGE,
            )
        return parsed.year, parsed.kind.value
    if year is None:
        raise fail(
            f"indiquez l'année du plan : collegekit render {command} --year 2025 (ou le nom du plan : 2025-work).",
            EXIT_USAGE,
        )
    return year, kind


def _meeting_records(records: Path | None, meeting: str) -> Selection | None:
    """What a meeting's minutes or agenda read: college.yaml, every member
    (names, memberships, who was expected), the meeting, and the meetings of
    the day it announces as the next one; not the plans, the fiches or the
    other meetings. None (everything) when the meeting cannot be found, so
    that the message names the closest ones."""
    from collegekit.records import load

    root = records_root(records)
    stem = meeting.removesuffix(".md").rsplit("/", 1)[-1]
    if not (root / "meetings" / f"{stem}.md").is_file():
        return None
    found = load(root, select=lambda folder, name: folder == "meetings" and name == stem).college
    record = found.meetings.get(stem) if found is not None else None
    if record is None:
        return None  # unreadable: the whole load says why
    announced = record.next_meeting.date if record.next_meeting is not None else None
    next_day = announced.isoformat() if announced is not None else None
    return lambda folder, name: folder == "members" or (
        folder == "meetings" and (name == stem or (next_day is not None and name[:10] == next_day))
    )


def _render(
    records: Path | None,
    out: Path,
    output_format: OutputFormat,
    select: Callable[[College], list[Document]],
    *,
    check: bool = False,
    complete: bool = False,
    with_contacts: bool = False,
    pseudonymize: bool = False,
    needs: Callable[[], Selection | None] | None = None,
) -> None:
    from collegekit.names import Names
    from collegekit.render import Renderer, compare
    from collegekit.render.errors import shown

    if pseudonymize and with_contacts:
        raise fail("--pseudonymize et --with-contacts se contredisent : choisissez l'un ou l'autre.", EXIT_USAGE)
    check_output_folder(out, records)
    college = load_error_free_college(
        records, "avant de mettre les documents en forme", needs() if needs is not None else None
    )
    formats = output_format.formats
    selected = _selected(select, college)
    if not selected:
        typer.echo("Aucun document à mettre en forme.")
        raise typer.Exit(EXIT_CLEAN)
    redo = (
        f"collegekit render all{'' if output_format is OutputFormat.BOTH else ' --format ' + output_format.value}"
        f"{'' if out == Path('build') else ' --out ' + shown(out)}"
    )
    _, written = write_or_check(
        out,
        check,
        lambda: _with_progress(Renderer(college, names=Names(college, pseudonymize, with_contacts)), selected, formats),
        lambda rendered: compare(rendered, out, formats, complete),
        files=("document", "documents"),
        up_to_date="Documents à jour",
        command=redo,
    )
    if len(written) <= 2:
        for path, was_written in written:
            typer.echo(f"{shown(path)}{'' if was_written else ' (inchangé)'}")
    else:
        typer.echo(f"{written_summary(written, out)}.")
    raise typer.Exit(EXIT_CLEAN)


def _selected(select: Callable[[College], list[Document]], college: College) -> list[Document]:
    """The documents asked for, or the reason they cannot be (an unknown record)."""
    from collegekit.diagnostics import CollegekitError

    try:
        return select(college)
    except CollegekitError as error:
        raise fail(str(error), error.exit_code) from None


def _with_progress(renderer: Renderer, documents: list[Document], formats: tuple[str, ...]) -> list[Rendered]:
    """Render, with a progress bar in a terminal when there is more than a moment's work."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal or os.environ.get("CI") or len(documents) < 5:
        return renderer.render(documents, formats)
    with Progress(
        TextColumn("Mise en forme"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(documents))

        def advance(document: Document) -> None:
            progress.update(task, advance=1, description=str(document.output.name))

        return renderer.render(documents, formats, advance)


def register(parent: typer.Typer) -> None:
    parent.add_typer(app, name="render")
