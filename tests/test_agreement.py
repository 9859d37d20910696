"""Labels said of a member agree with them: « Présidente », « infirmière »,
« membre invitée ». The civility decides when it tells (Mme, M.), else the
member's `gender`, else the masculine; pseudonymised outputs are all
masculine, so that no agreement tells a woman behind a code."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from collegekit.lint import lint_records
from collegekit.models.member import Member, Profession, Role
from collegekit.names import Names
from collegekit.records import College, load
from collegekit.render import documents
from collegekit.render.build import Renderer
from tests.conftest import EXAMPLE_RECORDS, run_cli

TODAY = "2024-12-20"


@pytest.fixture(scope="module")
def example() -> College:
    result = load(EXAMPLE_RECORDS)
    assert result.college is not None and not result.errors
    return result.college


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- who is feminine


@pytest.mark.parametrize(
    ("title", "gender", "feminine"),
    [
        ("Mme", None, True),
        ("Mlle", None, True),
        ("M.", None, False),
        ("Dr", "f", True),
        ("Pr", "f", True),
        ("Dr", "m", False),
        ("Dr", None, False),
        (None, None, False),
        (None, "f", True),
        # A contradiction (gender-mismatch): the civility wins.
        ("Mme", "m", True),
        ("M.", "f", False),
    ],
)
def test_the_civility_then_gender_then_the_masculine(title: str | None, gender: str | None, feminine: bool) -> None:
    member = Member.model_validate(
        {
            "title": title,
            "gender": gender,
            "first_name": "Camille",
            "last_name": "Martin",
            "profession": "nurse",
            "status": "contract",
            "site": "13",
            "memberships": [{"start": "2024-01-01", "role": "president"}],
        }
    )
    assert member.feminine is feminine
    assert member.profession_label == ("infirmière" if feminine else "infirmier")
    assert member.agreed(Role.PRESIDENT) == ("présidente" if feminine else "président")


def test_epicene_labels_do_not_change() -> None:
    for label in (Profession.PHYSICIAN, Profession.HEALTH_MANAGER, Profession.MIDWIFE, Role.MEMBER, Role.BUREAU):
        assert label.label_for(True) == label.label_for(False) == label.label


# --- documents


def test_a_document_agrees_with_mme_and_with_dr_and_gender_f(example: College) -> None:
    renderer = Renderer(example)
    fiche = renderer.markdown(documents.fiche(example, "nbenali"))
    assert "Mme Nadia Benali, pharmacienne" in fiche
    agenda = renderer.markdown(documents.agenda(example, "2025-03-18-pleniere"))
    # Dr Monique Barbier's file says « gender: f »; Dr Gilles Dumas's says nothing.
    assert "| Dr Monique Barbier | Membre invitée, Cour d'appel d'Aix-en-Provence" in agenda
    assert "| Dr Gilles Dumas | Membre invité, Préfecture des Bouches-du-Rhône" in agenda


def test_a_dr_without_gender_stays_masculine(tmp_path: Path) -> None:
    import shutil

    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)
    edit(records / "members" / "mbarbier.yaml", "gender: f\n", "")
    college = load(records).college
    assert college is not None
    agenda = Renderer(college).markdown(documents.agenda(college, "2025-03-18-pleniere"))
    assert "| Dr Monique Barbier | Membre invité, Cour d'appel" in agenda
    assert "invitée" not in agenda


def test_a_pseudonymised_document_is_in_the_masculine(example: College) -> None:
    renderer = Renderer(example, names=Names(example, pseudonymize=True))
    fiche = renderer.markdown(documents.fiche(example, "nbenali"))
    assert re.search(r"M-[A-Z2-9]{5}, pharmacien\b", fiche)
    assert "pharmacienne" not in fiche and "Benali" not in fiche
    agenda = renderer.markdown(documents.agenda(example, "2025-03-18-pleniere"))
    assert "Membre invité, Cour d'appel" in agenda and "invitée" not in agenda


# --- the site


def small_college(college_dir: Path) -> None:
    """Dr Anne Martin, president, with « gender: f »; Bruno Dupont, nurse of the
    bureau, becomes Mme Brigitte Dupont."""
    edit(college_dir / "members" / "amartin.yaml", "title: Dr\n", "title: Dr\ngender: f\n")
    edit(college_dir / "members" / "bdupont.yaml", "first_name: Bruno\n", "title: Mme\nfirst_name: Brigitte\n")


def site_pages(college_dir: Path, out: Path, *options: str) -> tuple[str, str]:
    exit_code, output = run_cli(
        "site", "--records", str(college_dir), "--out", str(out), "--today", TODAY, "--no-downloads", *options
    )
    assert exit_code == 0, output
    return (out / "index.html").read_text("utf-8"), (out / "membres" / "index.html").read_text("utf-8")


def cells(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.DOTALL)]


def test_the_site_agrees_with_each_member(college_dir: Path, tmp_path: Path) -> None:
    small_college(college_dir)
    home, directory = site_pages(college_dir, tmp_path / "public")
    assert "Dr Anne Martin (siège) : Présidente" in home
    assert "Mme Brigitte Dupont (Vaucluse) : Membre du bureau" in home
    found = cells(directory)
    assert "Infirmière" in found and "Présidente" in found and "Médecin" in found
    assert "Infirmier" not in found and "Président" not in found


def test_the_pseudonymised_site_is_in_the_masculine(college_dir: Path, tmp_path: Path) -> None:
    small_college(college_dir)
    home, directory = site_pages(college_dir, tmp_path / "public", "--pseudonymize")
    assert re.search(r"M-[A-Z2-9]{5} \(siège\) : Président<", home)
    found = cells(directory)
    assert "Infirmier" in found and "Président" in found
    assert "Infirmière" not in found and "Présidente" not in found
    assert "Présidente" not in home and "Infirmière" not in home


# --- lint


def test_a_gender_the_civility_contradicts_is_an_error(college_dir: Path) -> None:
    edit(college_dir / "members" / "bdupont.yaml", "first_name: Bruno\n", "title: Mme\ngender: m\nfirst_name: Brigitte\n")
    diagnostics = lint_records(college_dir, dt.date(2024, 12, 20)).diagnostics
    assert [(d.code, d.location.path.name, d.location.line, d.message, d.hint) for d in diagnostics] == [
        (
            "gender-mismatch",
            "bdupont.yaml",
            2,
            "« gender: m » (masculin) contredit la civilité « Mme » de Brigitte Dupont",
            "Les fonctions s'accordent d'après la civilité : « collegekit member bdupont --gender \"\" » retire "
            "« gender » (il ne sert qu'aux Dr et Pr), ou « collegekit member bdupont --title … » corrige la civilité.",
        )
    ]
    # The civility's command ends it, as the hint says.
    exit_code, output = run_cli("member", "bdupont", "--title", "Monsieur", "--first-name", "Bruno",
                                "--records", str(college_dir), "--today", "2024-12-20")
    assert exit_code == 0, output
    text = (college_dir / "members" / "bdupont.yaml").read_text("utf-8")
    assert "title: M.\ngender: m\nfirst_name: Bruno\n" in text
    assert lint_records(college_dir, dt.date(2024, 12, 20)).diagnostics == []


def test_lint_messages_agree(college_dir: Path) -> None:
    # Mme Brigitte Dupont, excused, speaks at the meeting of 8 October 2024.
    edit(college_dir / "members" / "bdupont.yaml", "first_name: Bruno\n", "title: Mme\nfirst_name: Brigitte\n")
    edit(college_dir / "meetings" / "2024-10-08-pleniere.md", "Le compte rendu en prose.", "## I. Point\n\nIntervenants : @bdupont\n\n- Un point.")
    messages = [d.message for d in lint_records(college_dir, dt.date(2024, 12, 20)).diagnostics if d.code == "speaker-absent"]
    assert messages == ["Mme Brigitte Dupont intervient mais figure comme « excusée » dans les présences"]


# --- the commands that write it


def test_new_member_writes_gender_and_lint_accepts_it(college_dir: Path) -> None:
    exit_code, output = run_cli(
        "new-member", "--records", str(college_dir), "--first-name", "Claire", "--last-name", "Vidal", "--title", "Dr",
        "--gender", "f", "--profession", "pharmacist", "--status", "phisp", "--site", "13", "--start", "2024-11-01",
        "--no-input",
    )
    assert exit_code == 0, output
    path = college_dir / "members" / "cvidal.yaml"
    assert "title: Dr\ngender: f\nfirst_name: Claire\n" in path.read_text("utf-8")
    result = lint_records(college_dir, dt.date(2024, 12, 20))
    # No error; the one warning (no fiche yet) already agrees.
    assert [(d.code, d.message) for d in result.diagnostics if d.location.path.name == "cvidal.yaml"] == [
        ("fiche-missing", "Dr Claire Vidal (pharmacienne) n'a pas de fiche de poste (membre en 2024)")
    ]
    college = load(college_dir).college
    assert college is not None and college.members["cvidal"].feminine


def test_new_member_refuses_a_gender_its_title_contradicts(college_dir: Path) -> None:
    exit_code, output = run_cli(
        "new-member", "--records", str(college_dir), "--first-name", "Marc", "--last-name", "Vidal", "--title", "M.",
        "--gender", "f", "--profession", "nurse", "--status", "contract", "--site", "13", "--no-input",
    )
    assert exit_code == 2
    assert "« gender: f » (féminin) contredit la civilité « M. » de Marc Vidal" in output
    assert "rien n'a été écrit" in output
    assert not (college_dir / "members" / "mvidal.yaml").exists()


def test_member_sets_changes_and_clears_gender(college_dir: Path) -> None:
    path = college_dir / "members" / "amartin.yaml"
    exit_code, output = run_cli("member", "amartin", "--gender", "f", "--records", str(college_dir), "--today", TODAY)
    assert exit_code == 0, output
    assert "title: Dr\ngender: f\nfirst_name: Anne\n" in path.read_text("utf-8")
    college = load(college_dir).college
    assert college is not None and college.members["amartin"].agreed(Role.PRESIDENT) == "présidente"
    exit_code, output = run_cli("member", "amartin", "--gender", "", "--records", str(college_dir), "--today", TODAY)
    assert exit_code == 0, output
    assert "gender" not in path.read_text("utf-8")
    exit_code, output = run_cli("member", "amartin", "--gender", "x", "--records", str(college_dir), "--today", TODAY)
    assert exit_code == 2 and "--gender x" in output


def test_member_refuses_a_gender_the_title_contradicts(college_dir: Path) -> None:
    edit(college_dir / "members" / "bdupont.yaml", "first_name: Bruno\n", "title: M.\nfirst_name: Bruno\n")
    before = (college_dir / "members" / "bdupont.yaml").read_text("utf-8")
    exit_code, output = run_cli("member", "bdupont", "--gender", "f", "--records", str(college_dir), "--today", TODAY)
    assert exit_code == 1
    assert "gender-mismatch" in output and "« gender: f » (féminin) contredit la civilité « M. » de Bruno Dupont" in output
    assert (college_dir / "members" / "bdupont.yaml").read_text("utf-8") == before


def test_the_speakers_label_agrees_with_who_speaks() -> None:
    from collegekit.models.meeting import Speaker
    from tests.conftest import EXAMPLE_RECORDS

    college = load(EXAMPLE_RECORDS).college
    assert college is not None
    names = Names(college)
    claire, nadia, marc = Speaker(member="cmoreau"), Speaker(member="nbenali"), Speaker(member="mroux")
    assert names.speakers_label([claire]) == "Intervenante"  # Dr, gender: f
    assert names.speakers_label([claire, nadia]) == "Intervenantes"
    assert names.speakers_label([claire, marc]) == "Intervenants"
    assert names.speakers_label([Speaker(name="Mme Léa Vidal", organisation="AP-HM")]) == "Intervenante"
    assert names.speakers_label([Speaker(name="Pr Hélène Vidal")]) == "Intervenant"  # the civility does not tell
    assert names.speakers_label([Speaker(organisation="DGOS")]) == "Intervenant"
    # Pseudonymised: the masculine, which tells nothing of who is behind the code.
    assert Names(college, pseudonymize=True).speakers_label([claire, nadia]) == "Intervenants"
