"""The `collegekit` application, built from the command modules.

Each module of `collegekit.cli` registers its commands (`register(app)`).
`build_app(command)` imports only the module of the command asked for: a
command's start-up, and its help, do not pay for importing the twenty others
(their option types and choices, about 20 ms). The list of commands
(`collegekit --help`) needs them all.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from collegekit import __version__
from collegekit.cli.usage import CollegekitTyper

# Every command, with the module that registers it, in the order of the help.
COMMAND_MODULES = {
    "init": "init",
    "lint": "lint",
    "summary": "summary",
    "schema": "schema",
    "render": "render",
    "new-meeting": "new",
    "new-member": "new",
    "new-fiche": "new",
    "new-plan": "new",
    "attend": "attend",
    "meeting": "attend",
    "export": "export",
    "attendance-report": "attendance",
    "attendance-certificate": "attendance",
    "compliance": "compliance",
    "coverage": "compliance",
    "plan": "compliance",
}


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"collegekit {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Affiche la version et s'arrête."),
    ] = False,
) -> None:
    """Tenir les dossiers du collège : membres, séances, fiches de poste et plans."""


def build_app(command: str | None = None) -> typer.Typer:
    """The application with every command, or with the commands of `command`'s module."""
    app = CollegekitTyper(
        name="collegekit",
        help="Tenir les dossiers du collège : membres, séances, fiches de poste et plans.",
        no_args_is_help=True,
    )
    app.callback()(_root)
    modules = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else dict.fromkeys(COMMAND_MODULES.values())
    for module in modules:
        importlib.import_module(f"collegekit.cli.{module}").register(app)
    return app
