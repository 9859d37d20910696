"""The command line's own words in French: help headings and usage errors.

Typer (through its copy of Click) writes "Usage:", "Options", "Missing
argument 'meeting'." and the like in English, with a pydantic message as
detail when a value does not convert. The bureau reads French: commands here
are built from `CollegekitTyper`, whose groups and commands print their help
with French headings and turn every usage error into one French line, with the
command's usage above it and exit code 2.

Help is printed by Click's plain formatter, not by rich: importing rich for
`--help` alone would cost more than the rest of the start-up.

Typer keeps its copy of Click in `typer._click`, a private module: the lock
pins Typer's version, and tests/test_cli_usage.py checks every message here
and the help of every command, so an upgrade that moves it fails the tests.
"""

from __future__ import annotations

import difflib
import re
import sys
from typing import Any, NoReturn

import typer
from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

_SECTIONS = {"Arguments": "Arguments", "Options": "Options", "Commands": "Commandes"}

# Typer checks a choice itself and says so in English: "'x' is not one of 'a', 'b'."
_CHOICES = re.compile(r"is not one of ((?:'[^']*'(?:, )?)+)\.?$")

# And a date that does not convert: "'x' does not match the formats '%Y-%m-%d'."
_NOT_A_DATE = re.compile(r"does not match the formats? '%Y-%m-%d'")
_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)$")
_NO_SUCH_COMMAND = re.compile(r"No such command '(.*)'\.(?: Did you mean '(.*)'\?)?$")

_EXPECTED = {
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_parsing": "un nombre",
    "bool_parsing": "oui ou non",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ",
    "date_parsing": "une date AAAA-MM-JJ",
}


class FrenchHelpFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Utilisation : " if prefix is None else prefix)

    def section(self, name: str) -> Any:
        return super().section(_SECTIONS.get(name, name))

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading} :\n")

    def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
        french = [(term, _NOTES.sub(lambda note: _NOTE_WORDS[note[1]], text)) for term, text in rows]
        super().write_dl(french, *args, **kwargs)


# The notes typer adds after an option's help.
_NOTES = re.compile(r"\[(default: |required\]|env var: )")
_NOTE_WORDS = {"default: ": "[par défaut : ", "required]": "[obligatoire]", "env var: ": "[variable : "}


class FrenchContext(Context):
    formatter_class = FrenchHelpFormatter


class _FrenchHelp:
    """What the French group and command share: the context, the help option."""

    context_class = FrenchContext

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Affiche cette aide et s'arrête."
            # Not given, the help flag would be None, which typer converts
            # with pydantic: a tenth of a second to import, on every command.
            option.default = False
        return option


class FrenchCommand(_FrenchHelp, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = "[OPTIONS]"
        for param in self.params:
            if param.param_type_name == "option" and param.metavar is None and not param.is_flag:
                param.metavar = _french_metavar(param)
            elif param.param_type_name == "argument":
                # The argument's name says what it is; "<str>" would only puzzle.
                param.display_type_rich = _no_type

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        # typer writes a required argument {LIKE-THIS}; an optional one keeps its [brackets].
        return [piece[1:-1] if piece.startswith("{") else piece for piece in super().collect_usage_pieces(ctx)]

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        _refuse_empty_paths(self, ctx, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Context) -> Any:
        _refuse_years_out_of_range(self, ctx)
        return super().invoke(ctx)


def _refuse_empty_paths(command: TyperCommand, ctx: Context, args: list[str]) -> None:
    """`--out ""` becomes the path ".", the current folder, once converted:
    an empty folder is refused while it can still be told from ".". (An
    --out that names a file has no default; files.check_output_file says
    what name to give it.)"""
    for param in command.params:
        if not (param.name == "records" or param.name == "out" and param.default is not None):
            continue
        for option in param.opts:
            given = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == option]
            given += [arg.split("=", 1)[1] for arg in args if arg.startswith(option + "=")]
            if "" in given:
                raise click_errors.BadParameter("un chemin vide ne nomme aucun dossier", ctx=ctx, param=param)


def _refuse_years_out_of_range(command: TyperCommand, ctx: Context) -> None:
    """Every year and date a command accepts lies in the years records may
    name: checked here, once for all commands, before a file is written with
    a date no other command could read."""
    import datetime as dt

    from collegekit.models.common import FIRST_YEAR, LAST_YEAR

    for param in command.params:
        value = ctx.params.get(param.name or "")
        if isinstance(value, dt.date):
            year = value.year
        elif param.name in ("year", "since") and isinstance(value, int) and not isinstance(value, bool):
            year = value
        else:
            continue
        if not FIRST_YEAR <= year <= LAST_YEAR:
            shown = f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else str(value)
            raise click_errors.BadParameter(
                f"« {shown} » n'est pas entre les années {FIRST_YEAR} et {LAST_YEAR}", ctx=ctx, param=param
            )


def _no_type(ctx: Context) -> None:
    return None


# What an option's value is, in the help: "--year ANNÉE" rather than "--year <int>".
_METAVAR_BY_OPTION = {"--start": "HH:MM", "--end": "HH:MM", "--from": "AAAA-MM-JJ", "--to": "AAAA-MM-JJ"}
_METAVAR_BY_NAME = {
    "records": "DOSSIER",
    "out": "CHEMIN",
    "year": "ANNÉE",
    "since": "ANNÉE",
    "today": "AAAA-MM-JJ",
    "date": "AAAA-MM-JJ",
    "base": "RÉF",
    "select": "CODES",
    "ignore": "CODES",
}
_METAVAR_BY_TYPE = {"int": "NOMBRE", "str": "TEXTE", "Path": "CHEMIN", "list[str]": "LISTE"}


def _french_metavar(param: Any) -> str | None:
    # A date is a date whatever the option is called (new-member --start, --leave):
    # its help says how to write it.
    if "AAAA-MM-JJ" in (param.help or ""):
        return "AAAA-MM-JJ"
    by_name = _METAVAR_BY_OPTION.get(param.opts[0]) or _METAVAR_BY_NAME.get(param.name)
    if by_name is not None:
        return by_name
    described = param.type_descriptor
    if described.is_choice:
        # typer lists the choices itself, but a repeatable one as "<list[a|b]>".
        return "<" + "|".join(str(getattr(c, "value", c)) for c in described.choices) + ">" if described.is_list else None
    return _METAVAR_BY_TYPE.get(param.bare_type())


class FrenchGroup(_FrenchHelp, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = "COMMANDE [ARGUMENTS]..."

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as error:
            typer.echo(error.format_message())
            sys.exit(2)
        except click_errors.UsageError as error:
            _fail(error)
        except click_errors.ClickException as error:
            # Any other complaint of the command line library (a file it could
            # not open...): one line, never a traceback.
            if isinstance(error, click_errors.FileError):
                message = f"impossible d'ouvrir « {error.ui_filename} » : {error.message}"
            else:
                message = error.format_message()
            typer.echo(f"Erreur : {message}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("Interrompu.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _fail(error: click_errors.UsageError) -> NoReturn:
    if error.ctx is not None:
        command = error.ctx.command_path
        typer.echo(error.ctx.get_usage(), err=True)
        typer.echo(f"Aide : {command} --help", err=True)
    typer.echo(f"Erreur : {usage_error_message(error)}", err=True)
    sys.exit(error.exit_code)


def usage_error_message(error: click_errors.UsageError) -> str:
    """One French sentence for what was wrong on the command line."""
    if isinstance(error, click_errors.NoSuchOption):
        message = f"l'option {error.option_name} n'existe pas"
        if error.possibilities:
            message += " ; vouliez-vous dire " + " ou ".join(sorted(error.possibilities)) + " ?"
        return message
    if isinstance(error, click_errors.MissingParameter):
        return f"il manque {_parameter_name(error.param, error.param_hint)}"
    if isinstance(error, click_errors.BadParameter):
        return f"{_parameter_name(error.param, error.param_hint)} : {_bad_value(error)}"
    if isinstance(error, click_errors.BadOptionUsage):
        if error.message.endswith("requires an argument."):
            return f"l'option {error.option_name} attend une valeur"
        if error.message.endswith("does not take a value."):
            return f"l'option {error.option_name} ne prend pas de valeur"
        return f"option {error.option_name} mal employée"
    message = error.message
    extra = _EXTRA_ARGUMENTS.match(message)
    if extra is not None:
        return f"argument en trop : {extra[1]}"
    command = _NO_SUCH_COMMAND.match(message)
    if command is not None:
        # Click writes its guesses as a Python list would: 'render', 'send'.
        guesses = [guess.strip().strip("'") for guess in command[2].split(",")] if command[2] else []
        suggestion = f" ; vouliez-vous dire {' ou '.join(guesses)} ?" if guesses else ""
        return f"la commande « {command[1]} » n'existe pas{suggestion}"
    if message == "Missing command.":
        return "indiquez une commande"
    return message


def _parameter_name(param: Any, hint: Any) -> str:
    if param is None:
        return "la valeur" if hint is None else f"la valeur {hint}"
    if param.param_type_name == "argument":
        return f"l'argument {(param.metavar or param.name).upper()}"
    return f"l'option {' / '.join(param.opts)}"


def _bad_value(error: click_errors.BadParameter) -> str:
    """Typer converts values with pydantic: its error says what was expected."""
    from pydantic import ValidationError

    cause = error.__cause__
    if not isinstance(cause, ValidationError):
        return error.message  # collegekit's own callbacks speak French already
    detail = cause.errors()[0]
    given = detail.get("input")
    choices = _CHOICES.search(detail["msg"])
    if choices is not None:
        possible = [choice.strip("'") for choice in choices[1].split(", ")]
        close = difflib.get_close_matches(str(given), possible, n=1)
        suggestion = f" ; vouliez-vous dire {close[0]} ?" if close else ""
        return f"« {given} » n'est pas une valeur possible{suggestion} (valeurs possibles : {', '.join(possible)})"
    if _NOT_A_DATE.search(detail["msg"]):
        return f"« {given} » n'est pas une date du calendrier écrite AAAA-MM-JJ, par exemple 2026-03-17"
    expected = _EXPECTED.get(detail["type"])
    if expected is not None:
        return f"attend {expected}, pas « {given} »"
    bounds = detail.get("ctx", {})
    for bound, size, limit in (("le", "grand", "au plus"), ("lt", "grand", "moins de"),
                               ("ge", "petit", "au moins"), ("gt", "petit", "plus de")):
        if bound in bounds:
            return f"« {given} » est trop {size} : {limit} {bounds[bound]}"
    return f"valeur invalide « {given} »"


class CollegekitTyper(typer.Typer):
    """A Typer application whose help and usage errors are in French."""

    def __init__(self, **settings: Any) -> None:
        settings.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(
            cls=FrenchGroup,
            rich_markup_mode=None,
            add_completion=False,
            # Errors are reported in French by main(); never a traceback for the user.
            pretty_exceptions_enable=False,
            **settings,
        )

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", FrenchCommand)
        return super().command(*args, **kwargs)
