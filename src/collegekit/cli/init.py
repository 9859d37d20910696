"""`collegekit init`: the repository of a new college."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from collegekit.cli.common import EXIT_CLEAN, EXIT_USAGE, fail, shown_path
from collegekit.cli.new import NoInputOption, interactive


class CiChoice(enum.StrEnum):
    GITHUB = "github"
    GITLAB = "gitlab"
    NONE = "none"


def init(
    path: Annotated[Path, typer.Argument(metavar="DOSSIER", help="Le dossier du nouveau dépôt (créé s'il n'existe pas).")],
    name: Annotated[str | None, typer.Option("--name", help="Nom complet du collège.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Nom de la région.")] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="L'agence ; par défaut « Agence régionale de santé <région> ».")] = None,
    city: Annotated[str | None, typer.Option("--city", help="Ville du siège.")] = None,
    committee: Annotated[str | None, typer.Option("--committee", help="L'instance destinataire des comptes rendus.")] = None,
    departement: Annotated[
        list[str] | None, typer.Option("--departement", help="Un département, CODE=Nom (à répéter).", show_default=False)
    ] = None,
    ci: Annotated[CiChoice, typer.Option("--ci", help="Fichier d'intégration continue : github, gitlab ou none.")] = CiChoice.GITHUB,
    force: Annotated[bool, typer.Option("--force", help="Accepte un dossier qui n'est pas vide (sans rien y remplacer).")] = False,
    no_input: NoInputOption = False,
) -> None:
    """Crée le dépôt des dossiers d'un nouveau collège : college.yaml, dossiers vides, vérifications automatiques."""
    from collegekit.files import FileExistsRefusal, write_atomically
    from collegekit.models.common import DEPARTEMENT_CODE
    from collegekit.scaffold import init_files

    # A folder holding only its .git (a repository just made, or cloned empty) is empty enough.
    has_git = path.is_dir() and (path / ".git").exists()
    if path.exists() and (not path.is_dir() or (any(p.name != ".git" for p in path.iterdir()) and not force)):
        raise fail(f"{shown_path(path)} existe et n'est pas vide : choisissez un autre dossier, ou ajoutez --force.", EXIT_USAGE)
    asking = interactive(no_input)
    answers = {}
    for key, value, question in (
        ("name", name, "Nom du collège"),
        ("region", region, "Région"),
        ("city", city, "Ville du siège"),
        ("committee", committee, "Instance destinataire des comptes rendus (par exemple « Comité de direction »)"),
    ):
        if not value and asking:
            from collegekit.cli.prompt import Prompt

            value = Prompt.ask(question)
        if not value:
            raise fail(f"il manque --{key} (ou lancez la commande dans un terminal pour répondre aux questions).", EXIT_USAGE)
        answers[key] = value
    entries = list(departement or ())
    if not entries and asking:
        from collegekit.cli.prompt import Prompt

        entries = [e.strip() for e in Prompt.ask("Départements (CODE=Nom, séparés par des virgules)").split(",") if e.strip()]
    departements = []
    for entry in entries:
        code, _, label = entry.partition("=")
        if not DEPARTEMENT_CODE.match(code.strip()) or not label.strip():
            raise fail(f"--departement {entry} : écrivez CODE=Nom, par exemple 04=Alpes-de-Haute-Provence.", EXIT_USAGE)
        departements.append((code.strip(), label.strip()))
    if not departements:
        raise fail("il faut au moins un département : --departement CODE=Nom.", EXIT_USAGE)
    contents = init_files(
        name=answers["name"],
        region=answers["region"],
        agency=agency or f"Agence régionale de santé {answers['region']}",
        city=answers["city"],
        committee=answers["committee"],
        departements=departements,
        ci=None if ci is CiChoice.NONE else ci.value,
    )
    written = 0
    for relative, text in contents.items():
        try:
            write_atomically(path / relative, text, overwrite=False)
            written += 1
        except FileExistsRefusal:
            typer.echo(f"{relative} existe déjà : gardé tel quel.", err=True)
    typer.echo(f"Dépôt du collège créé dans {shown_path(path)} ({written} fichiers).")
    git = "" if has_git else "git init, "
    typer.echo(f"Ensuite : cd {shown_path(path)}, {git}puis « collegekit new-member » pour chaque membre.")
    raise typer.Exit(EXIT_CLEAN)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
