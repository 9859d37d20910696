"""The command line speaks French: a mistake on the command line gives the
usage, where to find help and one French sentence, with exit code 2; the help
of every command has French headings and notes."""

from __future__ import annotations

import pytest
import typer.main

from collegekit.cli import app
from tests.conftest import EXAMPLE_RECORDS, run_cli

RECORDS = ("--records", str(EXAMPLE_RECORDS))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("render", "minutes"), "Erreur : il manque l'argument SÉANCE"),
        (("lint", "--formt", "json"), "Erreur : l'option --formt n'existe pas ; vouliez-vous dire --format ?"),
        (
            ("lint", "--format", "jsn"),
            "Erreur : l'option --format : « jsn » n'est pas une valeur possible ; vouliez-vous dire json ? "
            "(valeurs possibles : text, json, github, gitlab, sarif)",
        ),
        (("attendance-report", "--year", "deux-mille"), "Erreur : l'option --year : attend un nombre entier, pas « deux-mille »"),
        (("lint", "records", "encore"), "Erreur : argument en trop : encore"),
        (
            ("lint", "--today", "2024-02-30"),
            "Erreur : l'option --today : « 2024-02-30 » n'est pas une date du calendrier écrite AAAA-MM-JJ, "
            "par exemple 2026-03-17",
        ),
        (("rendre",), "Erreur : la commande « rendre » n'existe pas ; vouliez-vous dire render ou send ?"),
        (("lint", "--records"), "Erreur : l'option --records attend une valeur"),
        (("lint", "--strict=oui"), "Erreur : l'option --strict ne prend pas de valeur"),
        (("new-plan", "--year", "2027", *RECORDS), "Erreur : il manque l'option --kind"),
        (("action", "2026-work", "12", "--progress", "150", *RECORDS),
         "Erreur : l'option --progress : « 150 » est trop grand : au plus 100"),
        (("action", "2026-work", "12", "--progress", "-5", *RECORDS),
         "Erreur : l'option --progress : « -5 » est trop petit : au moins 0"),
    ],
)
def test_usage_mistakes_in_french(arguments: tuple[str, ...], message: str) -> None:
    exit_code, output = run_cli(*arguments)
    assert exit_code == 2
    assert output.splitlines()[-1] == message
    assert "Traceback" not in output and "Error" not in output


def test_usage_line_and_where_to_find_help() -> None:
    exit_code, output = run_cli("render", "minutes")
    assert output.splitlines()[:2] == [
        "Utilisation : collegekit render minutes [OPTIONS] SÉANCE",
        "Aide : collegekit render minutes --help",
    ]


def test_a_group_without_command_shows_its_help() -> None:
    exit_code, output = run_cli("render")
    assert exit_code == 2
    assert output.startswith("Utilisation : collegekit render [OPTIONS] COMMANDE [ARGUMENTS]...")


def _every_command_path() -> list[list[str]]:
    command = typer.main.get_command(app)
    paths: list[list[str]] = [[]]
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        paths.append([name])
        paths.extend([name, child] for child in getattr(sub, "commands", {}))
    return paths


ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "[default:", "[required]", "<str>", "<int>", "<path>")


@pytest.mark.parametrize("path", _every_command_path(), ids=lambda path: " ".join(path) or "collegekit")
def test_help_in_french(path: list[str]) -> None:
    exit_code, output = run_cli(*path, "--help")
    assert exit_code == 0
    assert output.startswith("Utilisation : collegekit")
    assert "Affiche cette aide et s'arrête." in output
    assert [word for word in ENGLISH if word in output] == []


def test_a_wrong_answer_to_a_question_is_told_in_french() -> None:
    import io

    from rich.console import Console

    from collegekit.cli.prompt import Prompt

    console = Console(file=io.StringIO(), force_terminal=False)
    answer = Prompt.ask("Présent ?", choices=["p", "a"], console=console, stream=io.StringIO("oui\np\n"))
    assert answer == "p"
    assert "Répondez par l'un des choix proposés entre crochets." in console.file.getvalue()  # type: ignore[attr-defined]


def test_any_other_command_line_error_is_one_line_not_a_traceback() -> None:
    from typer._click.exceptions import FileError
    from typer.testing import CliRunner

    from collegekit.cli.usage import CollegekitTyper

    app = CollegekitTyper(name="essai")

    @app.callback()
    def root() -> None:
        """Essai."""

    @app.command("ouvrir")
    def ouvrir() -> None:
        raise FileError("registre.txt", "accès refusé")

    result = CliRunner().invoke(app, ["ouvrir"])
    assert result.exit_code == 1
    assert result.output.splitlines() == ["Erreur : impossible d'ouvrir « registre.txt » : accès refusé"]
