"""The `collegekit` application: its commands, gathered from the sub-modules."""

from __future__ import annotations

from typing import Annotated

import typer

from collegekit import __version__
from collegekit.cli import attend, attendance, compliance, export, init, lint, new, render, schema, summary
from collegekit.cli.usage import CollegekitTyper

app = CollegekitTyper(
    name="collegekit",
    help="Tenir les dossiers du collège : membres, séances, fiches de poste et plans.",
    no_args_is_help=True,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"collegekit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Affiche la version et s'arrête."),
    ] = False,
) -> None:
    """Tenir les dossiers du collège : membres, séances, fiches de poste et plans."""


app.command("init")(init.init)
app.command("lint")(lint.lint)
app.command("summary")(summary.summary)
app.command("schema")(schema.schema)
app.add_typer(render.app, name="render")
app.command("new-meeting")(new.new_meeting)
app.command("new-member")(new.new_member)
app.command("new-fiche")(new.new_fiche)
app.command("new-plan")(new.new_plan)
app.command("attend")(attend.attend)
app.command("meeting")(attend.meeting)
app.add_typer(export.app, name="export")
attendance.register(app)
compliance.register(app)
