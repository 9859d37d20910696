"""The `collegekit` command: a thin shell over the library.

Each sub-module holds one command group: it parses options, calls the library
and prints. Exit codes: 0 clean, 1 findings, 2 usage or environment errors.

This module stays light: `collegekit --version` answers without importing the
command line library, and the application (`collegekit.cli.commands`) is
built when a command runs, with only the command asked for.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    # A command lives for a second or two and frees what it allocates by
    # reference counting; the cyclic collector would only rescan the record
    # models and loaded files over and over (about 50 ms of start-up alone).
    gc.disable()
    if sys.argv[1:] == ["--version"]:
        from collegekit import __version__

        print(f"collegekit {__version__}")
        return
    # Pydantic looks for plugins in every installed package's metadata the
    # first time it builds a model (about 2 × `python -c pass`); collegekit
    # uses none. A value set by the user stands.
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    import typer

    from collegekit.cli.commands import application_for
    from collegekit.diagnostics import CollegekitError

    try:
        application_for(sys.argv[1:])()
    except CollegekitError as error:
        typer.echo(f"collegekit : {error}", err=True)
        sys.exit(error.exit_code)
    except OSError as error:
        # A folder that cannot be written, a disk full, a file locked by
        # another program: the environment's problem, told without a traceback.
        where = f" ({error.filename})" if error.filename else ""
        from collegekit.files import system_reason

        reason = system_reason(error)
        typer.echo(f"collegekit : opération impossible{where} : {reason}.", err=True)
        sys.exit(2)


def __getattr__(name: str) -> object:
    # `from collegekit.cli import app`: the whole application, built once.
    if name == "app":
        from collegekit.cli.commands import build_app

        global app
        app = build_app()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
