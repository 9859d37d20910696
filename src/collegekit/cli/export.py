"""`collegekit export ics`: the meetings as a calendar file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from collegekit import french
from collegekit.cli.common import EXIT_CLEAN, RecordsOption, check_output_file, load_college, require_record, shown_path
from collegekit.cli.usage import CollegekitTyper

app = CollegekitTyper(help="Exporte les dossiers vers d'autres outils.", no_args_is_help=True)


@app.command("ics")
def ics(
    meetings: Annotated[
        list[str] | None, typer.Argument(metavar="SÉANCE", help="Les séances ; par défaut toutes.", show_default=False)
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Seulement les séances de cette année.")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Fichier à écrire ; par défaut la sortie standard.")
    ] = None,
    records: RecordsOption = None,
) -> None:
    """Écrit un fichier iCalendar (.ics) des séances, à importer dans un agenda."""
    from collegekit.calendar import meetings_calendar
    from collegekit.files import write_atomically
    if out is not None:
        check_output_file(out, "seances.ics", records)
    _, college = load_college(records)
    chosen = list(meetings or college.meetings)
    for meeting_id in chosen:
        require_record(college, "meetings", meeting_id)
    if year is not None:
        chosen = [m for m in chosen if college.meetings[m].date.year == year]
    calendar = meetings_calendar(college, chosen)
    if out is None:
        typer.echo(calendar.decode("utf-8"), nl=False)
    else:
        write_atomically(out, calendar)
        typer.echo(f"{french.plural(len(chosen), 'séance')} {french.plural_word(len(chosen), 'exportée')} dans {shown_path(out)}.")
    raise typer.Exit(EXIT_CLEAN)


def register(parent: typer.Typer) -> None:
    parent.add_typer(app, name="export")
