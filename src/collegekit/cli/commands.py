"""The `collegekit` application, built from the command modules.

Each module of `collegekit.cli` registers its commands (`register(app)`).
Typer imports and builds every command it is given (reading the signature and
options of each) before it runs one: for `collegekit lint`, the twenty others
would cost about as much as importing Typer itself. So `application_for`
gives it only the command the arguments name, from that command's module
alone; or, for the list of commands (`collegekit --help`), every command's
summary without its options. Usage lines, help and errors are those of the
whole application.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

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
    "site": "site",
    "new-meeting": "new",
    "new-member": "new",
    "new-fiche": "new",
    "new-plan": "new",
    "draft": "word",
    "import-minutes": "word",
    "attend": "attend",
    "meeting": "attend",
    "send": "send",
    "member": "edits",
    "action": "edits",
    "fiche": "edits",
    "convert-meeting": "convert",
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
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Relit tous les fichiers sans lire ni écrire le cache records/.collegekit-cache "
            "(de même : la variable COLLEGEKIT_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Tenir les dossiers du collège : membres, séances, fiches de poste et plans."""
    if no_cache:
        from collegekit import cache

        cache.disable()


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


# Options of the application itself, given before the command's name.
GLOBAL_FLAGS = ("--no-cache",)


def application_for(arguments: list[str]) -> typer.Typer:
    """The application with no more commands imported and built than `arguments` need."""
    while arguments and arguments[0] in GLOBAL_FLAGS:
        arguments = arguments[1:]
    asked = arguments[0] if arguments and not arguments[0].startswith("-") else None
    if asked in COMMAND_MODULES:
        app = build_app(asked)
        # Its module may register others (new-meeting, new-member...).
        app.registered_commands = [command for command in app.registered_commands if command.name == asked]
        app.registered_groups = [group for group in app.registered_groups if group.name == asked]
        return app
    app = build_app()
    if arguments in ([], ["--help"], ["-h"]):
        for command in app.registered_commands:
            command.callback = _listed_only(command)
        for group in app.registered_groups:
            # The group's Typer is its module's own: emptied in a copy.
            group.typer_instance = _without_commands(group.typer_instance)
    return app  # otherwise a name to correct: all of them, to suggest the nearest


def _listed_only(command: Any) -> Any:
    def listed() -> None:
        """Listed only."""

    listed.__doc__ = command.help or (command.callback.__doc__ if command.callback else None)
    return listed


def _without_commands(group: typer.Typer) -> typer.Typer:
    import copy

    empty = copy.copy(group)
    empty.registered_commands, empty.registered_groups = [], []
    return empty
