"""The `collegekit` command: a thin shell over the library.

Each sub-module holds one command group: it parses options, calls the library
and prints. Exit codes: 0 clean, 1 findings, 2 usage or environment errors.

This module stays light: `collegekit --version` answers without importing the
command line library, and the application (`collegekit.cli.commands`) is
built when a command runs, with only the command asked for.
"""

from __future__ import annotations

import errno
import gc
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer
    import typer.models

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
    if sys.argv[1:] == ["--version"]:
        from collegekit import __version__

        print(f"collegekit {__version__}")
        return
    import typer

    from collegekit.cli.commands import build_app
    from collegekit.diagnostics import CollegekitError

    arguments = sys.argv[1:]
    try:
        app = build_app(arguments[0] if arguments else None)
        only_the_command_asked_for(app, arguments)()
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


def only_the_command_asked_for(app: typer.Typer, arguments: list[str]) -> typer.Typer:
    """The application with no more commands built than the arguments need.

    Typer builds every command (reading the signature and options of each)
    before it runs one: for `collegekit lint`, the twenty others cost about as
    much as importing Typer. With only the command asked for, the usage line,
    help and errors are those of the whole application. The list of commands
    (`collegekit --help`) needs each command's summary, not its options.
    """
    asked = arguments[0] if arguments and not arguments[0].startswith("-") else None
    commands = [command for command in app.registered_commands if command.name == asked]
    groups = [group for group in app.registered_groups if group.name == asked]
    pruned = _shallow_copy(app)
    if commands or groups:
        pruned.registered_commands, pruned.registered_groups = commands, groups
    elif arguments in ([], ["--help"], ["-h"]):
        pruned.registered_commands = [_summary_only(command) for command in app.registered_commands]
        pruned.registered_groups = [_summary_only_group(group) for group in app.registered_groups]
    else:
        return app  # a name to correct: all of them, to suggest the nearest
    return pruned


def _summary_only(command: typer.models.CommandInfo) -> typer.models.CommandInfo:
    def listed() -> None:
        """Listed only."""

    listed.__doc__ = command.help or (command.callback.__doc__ if command.callback else None)
    summary = _shallow_copy(command)
    summary.callback = listed
    return summary


def _summary_only_group(group: typer.models.TyperInfo) -> typer.models.TyperInfo:
    summary = _shallow_copy(group)
    summary.typer_instance = _shallow_copy(group.typer_instance)
    summary.typer_instance.registered_commands, summary.typer_instance.registered_groups = [], []
    return summary


def _shallow_copy(thing: Any) -> Any:
    import copy  # only here: `--version` imports as little as it can

    return copy.copy(thing)


def __getattr__(name: str) -> object:
    # `from collegekit.cli import app`: the whole application, built once.
    if name == "app":
        from collegekit.cli.commands import build_app

        global app
        app = build_app()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
