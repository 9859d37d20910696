"""`collegekit lint`: check the records and report every problem found."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collegekit.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    RecordsOption,
    TodayOption,
    day_of,
    fail,
    records_root,
)

if TYPE_CHECKING:
    from collegekit.diagnostics import Diagnostic


class OutputFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    GITLAB = "gitlab"
    SARIF = "sarif"


def lint(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="DOSSIER", help="Le dossier des dossiers du collège (comme --records).", show_default=False
        ),
    ] = None,
    records: RecordsOption = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            help="text pour une lecture humaine (par défaut) ; json pour un autre outil ; github (annotations "
            "GitHub Actions), gitlab (rapport Code Quality) ou sarif pour l'intégration continue.",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Échoue aussi sur les avertissements (code de sortie 1).")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Ne lance que ces vérifications (codes ou groupes, séparés par des virgules)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Ne signale pas ces codes ou groupes (séparés par des virgules)."),
    ] = None,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed",
            help="Ne signale que les problèmes des dossiers modifiés (selon git) et de ceux qui en dépendent.",
        ),
    ] = False,
    base: Annotated[
        str,
        typer.Option("--base", help="Avec --changed : la référence git de comparaison (par exemple origin/main)."),
    ] = "HEAD",
    today: TodayOption = None,
) -> None:
    """Vérifie les dossiers du collège et signale chaque problème, avec son fichier et sa ligne."""
    from collegekit.files import real_path
    from collegekit.lint import known_codes, lint_records

    selected, ignored = _codes(select), _codes(ignore)
    unknown = sorted(set(selected + ignored) - known_codes()) if selected or ignored else []
    if unknown:
        import difflib

        known = sorted(known_codes())
        guesses = [close[0] for code in unknown if (close := difflib.get_close_matches(code, known, n=1, cutoff=0.6))]
        suggestion = f" Vouliez-vous dire : {', '.join(guesses)} ?" if guesses else ""
        raise fail(
            f"code ou groupe inconnu : {', '.join(unknown)}.{suggestion} Les codes sont listés dans le README.", EXIT_USAGE
        )
    if path is not None and records is not None and real_path(path) != real_path(records):
        raise fail(f"deux dossiers différents : {path} et --records {records}. Indiquez-en un seul.", EXIT_USAGE)
    root = records_root(path or records)
    changed_paths = None
    if changed:
        from collegekit.changes import GitError, changed_files

        try:
            changed_paths = changed_files(root, base)
        except GitError as error:
            raise fail(str(error), EXIT_USAGE) from None
    result = lint_records(root, day_of(today), selected, ignored, changed_paths)
    _print_report(result.diagnostics, result.files, output_format)
    raise typer.Exit(EXIT_FINDINGS if result.failed(strict) else EXIT_CLEAN)


def _print_report(diagnostics: list[Diagnostic], files: int, output_format: OutputFormat | None) -> None:
    from collegekit import reporters

    if output_format is OutputFormat.GITHUB:
        if diagnostics:
            typer.echo(reporters.github_report(diagnostics, _repository_root()))
        return
    if output_format is OutputFormat.GITLAB:
        typer.echo(reporters.gitlab_report(diagnostics, _repository_root()))
        return
    if output_format is OutputFormat.SARIF:
        from collegekit.lint import code_descriptions

        typer.echo(reporters.sarif_report(diagnostics, _repository_root(), code_descriptions()))
        return
    if output_format is OutputFormat.JSON:
        typer.echo(reporters.json_report(diagnostics, Path.cwd()))
        return
    if diagnostics:
        typer.echo(reporters.text_report(diagnostics, Path.cwd()))
    typer.echo(reporters.summary_line(diagnostics, files))
    # In a GitHub workflow the plain run also annotates the pull request.
    if output_format is None and os.environ.get("GITHUB_ACTIONS") == "true" and diagnostics:
        typer.echo(reporters.github_report(diagnostics, _repository_root()))


def _repository_root() -> Path:
    """CI services attach findings to paths relative to the checkout."""
    for variable in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        if os.environ.get(variable):
            return Path(os.environ[variable])
    return Path.cwd()


def _codes(values: list[str] | None) -> list[str]:
    return [code.strip() for value in values or () for code in value.split(",") if code.strip()]


def register(app: typer.Typer) -> None:
    app.command("lint")(lint)
