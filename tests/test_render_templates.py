"""A college's own templates: they override collegekit's, run in a sandbox,
and their mistakes are reported in French with their file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from collegekit.records import load
from collegekit.render import Renderer, documents
from collegekit.render.errors import TemplateError
from tests.conftest import run_cli


@pytest.fixture
def college(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small test college; its templates/ folder is beside its records."""
    (college_dir.parent / "templates").mkdir()
    monkeypatch.chdir(college_dir.parent)
    return college_dir


def own_template(college: Path, name: str, text: str) -> Path:
    path = college.parent / "templates" / name
    path.write_text(text, encoding="utf-8")
    return path


def render_minutes(college: Path, *options: str) -> tuple[int, str]:
    return run_cli("render", "minutes", "2024-03-12-pleniere", "--records", str(college), "--out", "build", *options)


def test_college_template_overrides_collegekit(college: Path) -> None:
    own_template(college, "minutes.md.j2", "# Notre compte rendu — {{ meeting.title }}\n\n{{ meeting.date | date_long }}\n")
    assert render_minutes(college, "--format", "md") == (0, "build/comptes-rendus/2024-03-12-pleniere-compte-rendu.md\n")
    text = Path("build/comptes-rendus/2024-03-12-pleniere-compte-rendu.md").read_text(encoding="utf-8")
    assert text.endswith("# Notre compte rendu — Séance plénière\n\nmardi 12 mars 2024\n")
    # The provenance note is added whatever the template says.
    assert text.startswith('---\nnote: "Document produit par collegekit')


def test_college_can_override_only_the_shared_macros(college: Path) -> None:
    own_template(
        college,
        "_macros.md.j2",
        (Path(__file__).parent.parent / "templates" / "_macros.md.j2")
        .read_text(encoding="utf-8")
        .replace("**Tour de table**", "**Tour de table des délégations**")
        .replace("{%- elif label %}**{{ label }} :**", "{%- elif label %}**{{ label | upper }} :**"),
    )
    assert render_minutes(college, "--format", "md")[0] == 0
    text = Path("build/comptes-rendus/2024-03-12-pleniere-compte-rendu.md").read_text(encoding="utf-8")
    assert "QUESTION ET POINT D'ALERTE" not in text  # an alert keeps its own look
    assert "**Point d'alerte" not in text and "Question et point d'alerte" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "accès refusé par le bac à sable des modèles"),
        ("{{ meeting.__class__.__init__.__globals__ }}", "accès refusé par le bac à sable des modèles"),
        ("{{ meeting.attendance.clear() }}", "accès refusé par le bac à sable des modèles"),
        ("{{ [].append('x') }}", "accès refusé par le bac à sable des modèles"),
        ("{{ inconnue }}", "la variable « inconnue » n'est pas définie dans ce modèle"),
        ("{{ meeting.titre }}", "« titre » n'existe pas dans Meeting"),
        ("{% if %}", "erreur de syntaxe dans le modèle"),
    ],
)
def test_template_mistakes_are_reported_with_file_and_line(college: Path, text: str, message: str) -> None:
    own_template(college, "minutes.md.j2", f"# Compte rendu\n\n{text}\n")
    exit_code, output = render_minutes(college, "--format", "md")
    assert exit_code == 1
    assert output.startswith("collegekit : templates/minutes.md.j2:3 : ")
    assert message in output
    assert "Traceback" not in output


def test_undefined_variable_in_an_included_template(college: Path) -> None:
    own_template(college, "minutes.md.j2", "# Compte rendu\n{% include 'morceau.md.j2' %}\n")
    own_template(college, "morceau.md.j2", "\n\n{{ seance.titre }}\n")
    exit_code, output = render_minutes(college, "--format", "md")
    assert exit_code == 1
    assert "templates/morceau.md.j2:3 : la variable « seance » n'est pas définie" in output


def test_missing_template(college: Path) -> None:
    own_template(college, "minutes.md.j2", "# Compte rendu\n{% include 'absent.md.j2' %}\n")
    exit_code, output = render_minutes(college, "--format", "md")
    assert exit_code == 2
    assert "templates/minutes.md.j2:2 : le modèle absent.md.j2 est introuvable" in output


def test_broken_reference_document(college: Path) -> None:
    own_template(college, "reference.docx", "ceci n'est pas un document Word")
    exit_code, output = render_minutes(college, "--format", "docx")
    assert exit_code == 2
    assert output.startswith("collegekit : templates/reference.docx : le document Word de référence est inutilisable")
    assert not Path("build/comptes-rendus").exists()


def test_library_raises_a_template_error(college: Path) -> None:
    own_template(college, "fiche.md.j2", "{{ fiche.nom }}")
    result = load(college)
    assert result.college is not None
    with pytest.raises(TemplateError, match=r"templates/fiche\.md\.j2:1 : « nom » n'existe pas dans Fiche"):
        Renderer(result.college).markdown(documents.fiche(result.college, "amartin"))


def test_output_of_constant_expressions_and_joins_is_markdown_escaped(college: Path) -> None:
    own_template(
        college,
        "minutes.md.j2",
        "{{ meeting.title ~ ' *' }}\n{{ ['a_b', 'c'] | join(' | ') }}\n{{ '<b>' | e }}\n{{ none }}|{{ \"l'ARS & <co>\" }}\n",
    )
    assert render_minutes(college, "--format", "md")[0] == 0
    text = Path("build/comptes-rendus/2024-03-12-pleniere-compte-rendu.md").read_text(encoding="utf-8")
    assert text.endswith("Séance plénière \\*\na\\_b \\| c\n\\<b\\>\n|l'ARS \\& \\<co\\>\n")
