"""`collegekit schema`: write the JSON Schemas of the records, for editors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from collegekit import french
from collegekit.cli.common import EXIT_CLEAN, check_output_folder, fail


def schema(
    out: Annotated[
        Path,
        typer.Option("--out", help="Dossier où écrire les schémas (créé s'il n'existe pas)."),
    ] = Path("schemas"),
) -> None:
    """Écrit les schémas JSON des dossiers (collège, membre, séance, fiche de poste, plan) pour les éditeurs."""
    from collegekit.schema import write_schemas

    check_output_folder(out, None)
    shown = _shown(out)
    try:
        written = write_schemas(out)
    except (FileExistsError, NotADirectoryError):
        if out.exists() and not out.is_dir():
            raise fail(f"« {shown.rstrip('/')} » est un fichier, pas un dossier : choisissez un autre --out.") from None
        raise fail(f"impossible de créer {shown} : l'un des dossiers du chemin est un fichier.") from None
    except PermissionError:
        raise fail(f"impossible d'écrire dans {shown} : accès refusé.") from None
    except OSError as error:
        from collegekit.files import system_reason

        raise fail(f"impossible d'écrire dans {shown} : {system_reason(error)}.") from None
    typer.echo(f"{french.plural(len(written), 'schéma')} {french.plural_word(len(written), 'écrit')} dans {shown}")
    raise typer.Exit(EXIT_CLEAN)


def _shown(folder: Path) -> str:
    """The folder as the user will recognise it: relative when below the current one."""
    absolute = Path(os.path.abspath(folder))
    try:
        shown = absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = absolute.as_posix()
    if shown == ".":
        return "le dossier courant"
    return shown.rstrip("/") + "/"


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
