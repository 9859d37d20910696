"""The least any collegekit command with options costs: its command line
parsed by Typer, and nothing done.

Typer (0.29 onwards) converts every option's value through a Pydantic
TypeAdapter: parsing a command's options imports most of Pydantic and builds
an adapter per option, whatever the command then does. This script is a Typer
application with exactly the options of `collegekit lint`, started as
collegekit starts (cyclic collector off, Pydantic's plugin scan skipped), whose
command does nothing: `whole.py` times it beside `lint`, so that the floor of
the lint figures is measured in the same rounds, not guessed.

Usage: python benchmarks/typer_floor.py lint [LINT'S OPTIONS...]
"""

import gc
import inspect
import os
import sys
import typing

gc.disable()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402

from collegekit.cli.lint import lint  # noqa: E402


def nothing(**_: object) -> None:
    """The same signature as `collegekit lint`; does nothing."""


nothing.__signature__ = inspect.signature(lint)  # type: ignore[attr-defined]
nothing.__annotations__ = typing.get_type_hints(lint, include_extras=True)

application = typer.Typer(add_completion=False)
application.command("lint")(nothing)
application.command("other")(nothing)  # two commands: the name is parsed, as collegekit's is

if __name__ == "__main__":
    application(sys.argv[1:])
