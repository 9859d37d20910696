"""The `collegekit` command: a thin shell over the library.

Each sub-module holds one command group: it parses options, calls the library
and prints. Exit codes: 0 clean, 1 findings, 2 usage or environment errors.
"""

from __future__ import annotations

import errno
import gc
import sys
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
    # Errors are reported in French by main(); never a traceback for the user.
    pretty_exceptions_enable=False,
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


_OS_REASONS = {
    errno.ENOENT: "dossier ou fichier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "disque en lecture seule",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
}


def main() -> None:
    # A command lives for a second or two and frees what it allocates by
    # reference counting; the cyclic collector would only rescan the record
    # models and loaded files over and over (about 50 ms of start-up alone).
    gc.disable()
    from collegekit.diagnostics import CollegekitError

    try:
        app()
    except CollegekitError as error:
        typer.echo(f"collegekit : {error}", err=True)
        sys.exit(error.exit_code)
    except OSError as error:
        # A folder that cannot be written, a disk full, a file locked by
        # another program: the environment's problem, told without a traceback.
        where = f" ({error.filename})" if error.filename else ""
        reason = _OS_REASONS.get(error.errno or 0, error.strerror or str(error))
        typer.echo(f"collegekit : opération impossible{where} : {reason}.", err=True)
        sys.exit(2)
