"""The `collegekit` command: a thin shell over the library.

Each sub-module holds one command group: it parses options, calls the library
and prints. Exit codes: 0 clean, 1 findings, 2 usage or environment errors.
"""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from collegekit import __version__
from collegekit.cli import attend, attendance, compliance, export, init, lint, new, render, schema, summary

app = typer.Typer(
    name="collegekit",
    help="Tenir les dossiers du collège : membres, séances, fiches de poste et plans.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
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


def main() -> None:
    # A command lives for a second or two and frees what it allocates by
    # reference counting; the cyclic collector would only rescan the record
    # models and loaded files over and over (about 50 ms of start-up alone).
    gc.disable()
    app()
