"""What every command shares: the --records option, loading, exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from collegekit.records import LoadResult

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

RecordsOption = Annotated[
    Path | None,
    typer.Option(
        "--records",
        help="Dossier des dossiers du collège (celui qui contient college.yaml). "
        "Par défaut : $COLLEGEKIT_RECORDS, ou le premier dossier contenant college.yaml "
        "en remontant depuis le dossier courant.",
        show_default=False,
    ),
]


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"collegekit : {message}", err=True)
    return typer.Exit(code)


def records_root(records: Path | None) -> Path:
    # Imported here so that `--help` and `--version` stay light.
    from collegekit.diagnostics import CollegekitError
    from collegekit.records import find_records

    try:
        return find_records(records)
    except CollegekitError as error:
        raise fail(str(error), error.exit_code) from None


def load_records(records: Path | None) -> LoadResult:
    from collegekit.records import load

    return load(records_root(records))


def shown_path(path: Path) -> str:
    """A path as the user will recognise it: relative when below the current folder."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
