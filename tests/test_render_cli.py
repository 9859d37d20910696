"""`collegekit render`: what it writes, what it says, and its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture
def college(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(college_dir.parent)
    return college_dir


def test_help_lists_the_documents() -> None:
    exit_code, output = run_cli("render", "--help")
    assert exit_code == 0
    for kind in ("minutes", "agenda", "plan", "review", "fiche", "all"):
        assert kind in output


def test_minutes_in_both_formats_then_unchanged(college: Path) -> None:
    exit_code, output = run_cli("render", "minutes", "2024-03-12-pleniere")
    assert exit_code == 0
    assert output == (
        "build/comptes-rendus/2024-03-12-pleniere-compte-rendu.md\n"
        "build/comptes-rendus/2024-03-12-pleniere-compte-rendu.docx\n"
    )
    exit_code, output = run_cli("render", "minutes", "2024-03-12-pleniere")
    assert output == (
        "build/comptes-rendus/2024-03-12-pleniere-compte-rendu.md (inchangé)\n"
        "build/comptes-rendus/2024-03-12-pleniere-compte-rendu.docx (inchangé)\n"
    )


def test_each_kind_and_its_file(college: Path) -> None:
    cases = {
        ("agenda", "2024-03-12-pleniere"): "build/ordres-du-jour/2024-03-12-pleniere-ordre-du-jour.md",
        ("plan", "--year", "2024"): "build/plans/2024-plan-de-travail.md",
        ("plan", "2024-training"): "build/plans/2024-plan-de-formation.md",
        ("review", "--year", "2024"): "build/bilans/2024-bilan-plan-de-travail.md",
        ("fiche", "amartin"): "build/fiches-de-poste/amartin-fiche-de-poste.md",
    }
    for arguments, path in cases.items():
        assert run_cli("render", *arguments, "--format", "md") == (0, path + "\n")
        assert Path(path).read_text(encoding="utf-8").startswith("---\nnote: ")


def test_out_folder(college: Path, tmp_path: Path) -> None:
    out = tmp_path / "documents" / "2024"
    assert run_cli("render", "fiche", "amartin", "--format", "md", "--out", str(out))[0] == 0
    assert (out / "fiches-de-poste" / "amartin-fiche-de-poste.md").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("minutes", "2024-03-13-pleniere"),
         "collegekit : séance « 2024-03-13-pleniere » introuvable dans meetings/. Vouliez-vous dire « 2024-03-12-pleniere » ?"),
        (("agenda", "pleniere"), "collegekit : séance « pleniere » introuvable dans meetings/."),
        (("plan",), "collegekit : indiquez l'année du plan : collegekit render plan --year 2025"),
        (("plan", "--year", "2023"), "collegekit : plan « 2023-work » introuvable dans plans/. Vouliez-vous dire « 2024-work » ?"),
        (("plan", "2024-budget"), "collegekit : « 2024-budget » ne désigne pas un plan : écrivez ANNEE-type"),
        (("review", "2024-rules"), "collegekit : « 2024-rules » ne désigne pas un plan qui a un bilan"),
        (("review", "--year", "2024", "--kind", "rules"), "Erreur : l'option --kind : « rules » n'est pas une valeur possible (valeurs possibles : work, training)"),
        (("fiche", "bdupont"), "collegekit : Bruno Dupont n'a pas de fiche de poste dans fiches/."),
        (("fiche", "amartn"), "collegekit : fiche de poste « amartn » introuvable dans fiches/. Vouliez-vous dire « amartin » ?"),
    ],
)
def test_usage_errors(college: Path, arguments: tuple[str, ...], message: str) -> None:
    exit_code, output = run_cli("render", *arguments, "--format", "md")
    assert exit_code == 2
    assert message in output
    assert not Path("build").exists()


def test_out_is_a_file(college: Path) -> None:
    Path("build").write_text("")
    exit_code, output = run_cli("render", "fiche", "amartin")
    assert (exit_code, output) == (2, "collegekit : « build » est un fichier, pas un dossier : choisissez un autre --out.\n")


def test_records_with_errors_are_not_rendered(college: Path) -> None:
    member = college / "members" / "bdupont.yaml"
    member.write_text(member.read_text().replace("profession: nurse", "profession: infirmier"))
    exit_code, output = run_cli("render", "fiche", "amartin")
    assert exit_code == 1
    assert "les dossiers contiennent 1 erreur" in output and "collegekit lint" in output


def test_records_not_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COLLEGEKIT_RECORDS", raising=False)
    exit_code, output = run_cli("render", "all")
    assert exit_code == 2 and "aucun dossier du collège trouvé" in output


def test_all_then_check(college: Path) -> None:
    exit_code, output = run_cli("render", "all", "--format", "md")
    assert exit_code == 0
    written = sorted(str(path) for path in Path("build").rglob("*.md"))
    assert written == [
        "build/comptes-rendus/2024-03-12-pleniere-compte-rendu.md",
        "build/comptes-rendus/2024-06-18-pleniere-compte-rendu.md",
        "build/comptes-rendus/2024-10-08-pleniere-compte-rendu.md",
        "build/fiches-de-poste/amartin-fiche-de-poste.md",
        "build/ordres-du-jour/2024-03-12-pleniere-ordre-du-jour.md",
        "build/ordres-du-jour/2024-06-18-pleniere-ordre-du-jour.md",
        "build/ordres-du-jour/2024-10-08-pleniere-ordre-du-jour.md",
        "build/plans/2024-organisation-des-fonctions-medicales.md",
        "build/plans/2024-plan-de-formation.md",
        "build/plans/2024-plan-de-travail.md",
        "build/plans/2024-reglement-interieur.md",
    ]
    assert output == "11 fichiers dans build/ : 11 écrits, 0 inchangé.\n"
    assert run_cli("render", "all", "--format", "md", "--check") == (
        0,
        "Documents à jour : 11 fichiers vérifiés dans build/.\n",
    )

    # A hand edit, a deleted document, a document whose record is gone.
    edited = Path("build/plans/2024-plan-de-travail.md")
    edited.write_text(edited.read_text(encoding="utf-8").replace("Une action", "Une autre action"), encoding="utf-8")
    Path("build/fiches-de-poste/amartin-fiche-de-poste.md").unlink()
    Path("build/ordres-du-jour/2023-01-01-pleniere-ordre-du-jour.md").write_text("ancien\n")
    exit_code, output = run_cli("render", "all", "--format", "md", "--check")
    assert exit_code == 1
    assert output == (
        "build/fiches-de-poste/amartin-fiche-de-poste.md : manquant\n"
        "build/ordres-du-jour/2023-01-01-pleniere-ordre-du-jour.md : en trop\n"
        "build/plans/2024-plan-de-travail.md : différent\n"
        "collegekit : 3 documents à refaire : lancez « collegekit render all --format md » et enregistrez le résultat.\n"
    )
    # --check writes nothing.
    assert "Une autre action" in edited.read_text(encoding="utf-8")


def test_all_then_check_with_word_documents(college: Path) -> None:
    """Word documents too are the same bytes when made again."""
    assert run_cli("render", "all", "--out", "docs")[0] == 0
    assert len(list(Path("docs").rglob("*.docx"))) == 11
    exit_code, output = run_cli("render", "all", "--out", "docs", "--check")
    assert (exit_code, output) == (0, "Documents à jour : 22 fichiers vérifiés dans docs/.\n")


def test_all_of_one_year(college: Path) -> None:
    assert run_cli("render", "all", "--format", "md", "--year", "2023") == (0, "Aucun document à mettre en forme.\n")
    assert run_cli("render", "all", "--format", "md", "--year", "2024")[0] == 0
    assert len(list(Path("build").rglob("*.md"))) == 11


def test_progress_bar_in_a_terminal(college: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    exit_code, output = run_cli("render", "all", "--format", "md")
    assert exit_code == 0
    assert "Mise en forme" in output
    assert output.endswith("11 fichiers dans build/ : 11 écrits, 0 inchangé.\n")
