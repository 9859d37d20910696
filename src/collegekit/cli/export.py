"""`collegekit export ics`: the meetings as a calendar file."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated

import typer

from collegekit.cli.common import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, RecordsOption, fail, records_root, shown_path

app = typer.Typer(help="Exporte les dossiers vers d'autres outils.", no_args_is_help=True)


@app.command("ics")
def ics(
    meetings: Annotated[
        list[str] | None, typer.Argument(metavar="[MEETING]...", help="Les séances ; par défaut toutes.", show_default=False)
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
    from collegekit.records import load

    college = load(records_root(records)).college
    if college is None:
        raise fail("college.yaml est invalide : lancez « collegekit lint » pour voir quoi corriger.", EXIT_FINDINGS)
    chosen = list(meetings or college.meetings)
    for meeting_id in chosen:
        if meeting_id not in college.meetings:
            close = difflib.get_close_matches(meeting_id, sorted(college.meetings), n=3, cutoff=0.6)
            suggestion = f" Vouliez-vous dire : {', '.join(close)} ?" if close else ""
            raise fail(f"aucune séance « {meeting_id} » dans meetings/.{suggestion}", EXIT_USAGE)
    if year is not None:
        chosen = [m for m in chosen if college.meetings[m].date.year == year]
    calendar = meetings_calendar(college, chosen)
    if out is None:
        typer.echo(calendar.decode("utf-8"), nl=False)
    else:
        write_atomically(out, calendar)
        typer.echo(f"{len(chosen)} séance{'s' if len(chosen) > 1 else ''} exportée{'s' if len(chosen) > 1 else ''} dans {shown_path(out)}.")
    raise typer.Exit(EXIT_CLEAN)
