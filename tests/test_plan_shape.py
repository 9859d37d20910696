"""A regional action plan of the size such plans have, written in the
records, comes out whole in the Markdown, the Word document and the PDF: each
element in the order of the source, and nothing the records do not say.

The plan is generated here: 4 challenges (« Défi »), orientations without
numbers, 72 actions numbered through the plan, 4 boxes (on a challenge, an
orientation and two actions), 6 départements with 40 projects, key figures,
an editorial with its signature, images (of the plan, of a challenge) with
their captions and alternative texts. Every text carries a token of its own, so that finding it in a
document says where it is.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pypdf
import pytest
from ruamel.yaml import YAML

from collegekit.lint import lint_records
from tests.conftest import EXAMPLE_RECORDS, run_cli
from tests.test_example_college import EXAMPLE_TODAY
from tests.test_images import png

DEPARTEMENTS = {
    "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes",
    "13": "Bouches-du-Rhône",
    "83": "Var",
    "84": "Vaucluse",
}
PROJECTS_PER_DEPARTEMENT = (7, 7, 7, 7, 6, 6)  # 40
ORIENTATIONS_PER_CHALLENGE = 3
ACTIONS_PER_ORIENTATION = 6  # 4 × 3 × 6 = 72 actions
PLACES = ("Arles", "Haut-Var", "Briançonnais", "Vallée de la Roya", "Pays d'Apt", "Digne-les-Bains")
TODAY = dt.date.fromisoformat(EXAMPLE_TODAY)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def long_title(token: str) -> str:
    # As long as real actions' titles are (up to 290 characters).
    return (
        f"Action {token} consistant à renforcer la coordination des acteurs de la prévention dans les territoires "
        "en associant les collectivités, les professionnels de santé libéraux, les établissements et les "
        "associations d'usagers autour d'objectifs partagés et suivis chaque année"
    )


def generated_plan() -> tuple[dict[str, Any], list[str]]:
    """The plan, and the texts of its elements in the order of the source."""
    order: list[str] = []
    plan: dict[str, Any] = {
        "year": 2027,
        "kind": "regional",
        "title": "Plan régional de prévention TITRE",
        "subtitle": "Feuille de route SOUSTITRE",
        "label": "Document NATURE",
        "axis_label": "Défi",
        "numbering": {"orientations": False, "actions": True},
        "summary_table": False,
        "published_on": "2027-02-09",
    }
    order += ["Plan régional de prévention TITRE", "Feuille de route SOUSTITRE", "Document NATURE", "9 février 2027"]
    plan["editorial"] = {
        "text": "La prévention EDITOTEXTE est l'affaire de tous.",
        "author": "Dr Hervé EDITOAUTEUR",
        "role": "Directeur général EDITOFONCTION",
    }
    order += ["La prévention EDITOTEXTE est l'affaire de tous.", "Dr Hervé EDITOAUTEUR", "Directeur général EDITOFONCTION"]
    plan["figures"] = [
        {"value": 1200, "label": "participants CHIFFREUN"},
        {"value": 72, "label": "actions CHIFFREDEUX"},
        {"value": "6", "label": "départements CHIFFRETROIS"},
    ]
    order += ["1200", "participants CHIFFREUN", "72", "actions CHIFFREDEUX", "6", "départements CHIFFRETROIS"]
    plan["introduction"] = "Le plan INTRODUCTION en quatre défis."
    order.append("Le plan INTRODUCTION en quatre défis.")
    plan["images"] = [{"file": "annexes/carte.png", "alt": "Carte IMAGEALT", "caption": "Les territoires IMAGELEGENDE"}]
    order.append("Les territoires IMAGELEGENDE")
    number = 0
    axes = []
    for challenge in range(1, 5):
        axis: dict[str, Any] = {"title": f"Défi intitulé D{challenge}X", "description": f"Enjeux D{challenge}DESC."}
        order += [f"Défi {challenge}. Défi intitulé D{challenge}X", f"Enjeux D{challenge}DESC."]
        if challenge == 3:
            axis["images"] = [{"file": "annexes/defi3.png", "alt": "Schéma IMAGEDEFIALT", "caption": "Le défi IMAGEDEFI"}]
            order.append("Le défi IMAGEDEFI")
        if challenge == 1:
            axis["boxes"] = [{"title": "Encadré ENCADREUN", "text": "Explication ENCADREUNTEXTE."}]
            order += ["Encadré ENCADREUN", "Explication ENCADREUNTEXTE."]
        orientations = []
        for index in range(1, ORIENTATIONS_PER_CHALLENGE + 1):
            orientation: dict[str, Any] = {"title": f"Orientation intitulée O{challenge}{index}X"}
            order.append(f"Orientation intitulée O{challenge}{index}X")
            if (challenge, index) == (2, 1):
                orientation["boxes"] = [{"title": "Encadré ENCADREDEUX", "text": "Explication ENCADREDEUXTEXTE."}]
                order += ["Encadré ENCADREDEUX", "Explication ENCADREDEUXTEXTE."]
            actions = []
            for _ in range(ACTIONS_PER_ORIENTATION):
                number += 1
                token = f"A{number:03d}"
                action: dict[str, Any] = {"number": number, "title": long_title(token)}
                order += [f"Action {number}", long_title(token)]
                if number % 10 == 0:
                    action["description"] = f"Précisions {token}DESC."
                    order.append(f"Précisions {token}DESC.")
                if number in (30, 60):
                    name = "ENCADRETROIS" if number == 30 else "ENCADREQUATRE"
                    action["boxes"] = [{"title": f"Encadré {name}", "text": f"Explication {name}TEXTE."}]
                    order += [f"Encadré {name}", f"Explication {name}TEXTE."]
                actions.append(action)
            orientation["actions"] = actions
            orientations.append(orientation)
        axis["orientations"] = orientations
        axes.append(axis)
    plan["axes"] = axes
    territories = []
    project = 0
    for (code, name), count in zip(DEPARTEMENTS.items(), PROJECTS_PER_DEPARTEMENT, strict=True):
        order.append(name)
        projects = []
        for _ in range(count):
            project += 1
            token = f"P{project:02d}"
            entry: dict[str, Any] = {"title": f"Projet {token}X"}
            order.append(f"Projet {token}X")
            if project % 3:
                entry["place"] = PLACES[project % len(PLACES)]
                order.append(PLACES[project % len(PLACES)])
            if project % 4 == 1:
                entry["actions"] = [project, project + 30]
                order.append(f"{project} et {project + 30}")
            entry["description"] = f"Le projet {token}DESC réunit les partenaires du territoire."
            order.append(f"Le projet {token}DESC réunit les partenaires du territoire.")
            projects.append(entry)
        territories.append({"departement": code, "projects": projects})
    plan["territories"] = territories
    return plan, order


# What none of the records says, that a template could still print.
NEVER = (
    "Territoire",
    "Région",
    "Plan de travail annuel",
    "Plan régional 2027",  # the kind and year: the plan has a label of its own
    "Présent",
    "Validation",
    "État",
    "Orientation 1",
    "Axe",
    "Pilote",
    "Échéance",
    "Récapitulatif",
    "Glossaire",
    "Bilan",
    "Indicateur",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("shape")
    records = root / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)
    plan, order = generated_plan()
    (records / "plans" / "annexes" / "carte.png").write_bytes(png(200))
    (records / "plans" / "annexes" / "defi3.png").write_bytes(png(100))
    yaml = YAML()
    with (records / "plans" / "2027-regional.yaml").open("w", encoding="utf-8") as stream:
        yaml.dump(plan, stream)
    out = root / "out"
    for output_format in ("both", "pdf"):
        exit_code, output = run_cli(
            "render", "plan", "2027-regional", "--records", str(records), "--out", str(out), "--format", output_format
        )
        assert exit_code == 0, output
    return {"records": records, "out": out / "plans", "order": order}


def comparable(text: str) -> str:
    """Text as compared across formats: compatibility forms (ligatures,
    no-break spaces) folded, without spaces, hyphens and soft hyphens (the
    PDF breaks words at line ends), typographic apostrophes made straight,
    Markdown's escapes removed."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\\", "")
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


def assert_in_order(text: str, order: list[str], where: str) -> None:
    flat = comparable(text)
    position = 0
    for expected in order:
        found = flat.find(comparable(expected), position)
        assert found >= 0, f"{where}: « {expected} » missing after position {position}: …{flat[position:position + 200]}…"
        position = found + len(comparable(expected))


def markdown_text(rendered: dict[str, Any]) -> str:
    text = (rendered["out"] / "2027-plan-regional.md").read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]  # after the note on where the document comes from


def word_text(rendered: dict[str, Any]) -> str:
    with zipfile.ZipFile(rendered["out"] / "2027-plan-regional.docx") as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    paragraphs = ["".join(t.text or "" for t in paragraph.iter(f"{W}t")) for paragraph in root.iter(f"{W}p")]
    return "\n".join(paragraphs)


def pdf_text(rendered: dict[str, Any]) -> str:
    reader = pypdf.PdfReader(rendered["out"] / "2027-plan-regional.pdf")
    # Each page without its number, printed at its foot.
    pages = [re.sub(r"\n\d+\s*$", "", page.extract_text()) for page in reader.pages]
    assert len(pages) > 5
    return "\n".join(pages)


TEXTS = {"markdown": markdown_text, "word": word_text, "pdf": pdf_text}


def test_the_generated_plan_is_of_the_shape_and_lints_clean(rendered: dict[str, Any]) -> None:
    plan, _ = generated_plan()
    actions = [a for axis in plan["axes"] for o in axis["orientations"] for a in o["actions"]]
    boxes = [b for axis in plan["axes"] for b in axis.get("boxes", [])]
    boxes += [b for axis in plan["axes"] for o in axis["orientations"] for b in o.get("boxes", [])]
    boxes += [b for a in actions for b in a.get("boxes", [])]
    projects = [p for t in plan["territories"] for p in t["projects"]]
    assert (len(plan["axes"]), len(actions), len(boxes), len(plan["territories"]), len(projects)) == (4, 72, 4, 6, 40)
    assert max(len(a["title"]) for a in actions) > 250
    records = rendered["records"]
    found = lint_records(records, TODAY).diagnostics
    assert [d.message for d in found if "2027-regional" in d.location.display(records)] == []


@pytest.mark.parametrize("kind", sorted(TEXTS))
def test_every_element_in_the_order_of_the_source(rendered: dict[str, Any], kind: str) -> None:
    assert_in_order(TEXTS[kind](rendered), rendered["order"], kind)


@pytest.mark.parametrize("kind", sorted(TEXTS))
def test_nothing_the_records_do_not_say(rendered: dict[str, Any], kind: str) -> None:
    text = unicodedata.normalize("NFKC", TEXTS[kind](rendered))
    for words in NEVER:
        assert unicodedata.normalize("NFKC", words) not in text, (kind, words)
    # Orientations are not numbered: no « 1.1 », no « Orientation » before their titles.
    assert not re.search(r"\b[1-4]\.[1-3]\b", text), kind
    assert "Orientation intitulée" in text and not re.search(r"Orientation\s+\d", text)
    if kind != "pdf":  # the PDF may break these words at a line's end
        assert text.count("consistant à renforcer") == 72


def test_actions_are_short_headings_and_their_titles_paragraphs(rendered: dict[str, Any]) -> None:
    markdown = markdown_text(rendered)
    headings = re.findall(r"(?m)^(#{1,6}) (.*)$", markdown)
    action_headings = [text for marks, text in headings if text.startswith("Action")]
    assert action_headings == [f"Action {number}" for number in range(1, 73)]
    assert all(len(text) < 120 for _, text in headings)
    assert markdown.count(f"**{long_title('A001')}**") == 1


def test_the_image_keeps_its_alternative_text(rendered: dict[str, Any]) -> None:
    assert "![Carte IMAGEALT](<annexes/carte.png>)\\\n*Les territoires IMAGELEGENDE*" in markdown_text(rendered)
    with zipfile.ZipFile(rendered["out"] / "2027-plan-regional.docx") as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
    assert len(media) == 2
    assert document.index('descr="Carte IMAGEALT"') < document.index('descr="Schéma IMAGEDEFIALT"')
    reader = pypdf.PdfReader(rendered["out"] / "2027-plan-regional.pdf")
    assert any(page.images for page in reader.pages)


def test_a_regional_plan_is_not_expected_early_in_the_year(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)
    path = records / "plans" / "2026-regional.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("presented_on: 2026-03-17\n", ""), encoding="utf-8")
    assert [d.code for d in lint_records(records, TODAY).diagnostics] == []


def render_review(records: Path, out: Path) -> str:
    exit_code, output = run_cli("render", "review", "2024-work", "--records", str(records), "--out", str(out), "--format", "md")
    assert exit_code == 0, output
    return (out / "bilans" / "2024-bilan-plan-de-travail.md").read_text(encoding="utf-8")


def test_the_review_says_once_which_actions_have_no_review_yet(college_dir: Path, tmp_path: Path) -> None:
    plan = college_dir / "plans" / "2024-work.yaml"
    text = plan.read_text(encoding="utf-8")
    without_review = render_review(college_dir, tmp_path / "a")
    assert "*Bilan provisoire\u00a0: le bilan de ce plan n'a pas encore été présenté.*" in without_review
    assert "bilan renseigné" not in without_review  # said once above, not under each action
    plan.write_text(text + "review:\n  presented_on: 2025-01-20\n", encoding="utf-8")
    assert "*Aucune action n'a encore de bilan renseigné.*" in render_review(college_dir, tmp_path / "b")
    more = (
        "      - number: 2\n        title: Une autre action\n        status: done\n        progress: 100\n"
        "        review: Faite.\n"
    )
    plan.write_text(text + more + "review:\n  presented_on: 2025-01-20\n", encoding="utf-8")
    review = render_review(college_dir, tmp_path / "c")
    assert review.count("bilan renseigné") == 1
    assert "*Une action n'a pas encore de bilan renseigné\u00a0: l'action 1.*" in review


def test_the_summary_prints_no_state_a_plan_does_not_state() -> None:
    exit_code, output = run_cli("summary", "--records", str(EXAMPLE_RECORDS))
    assert exit_code == 0, output
    (row,) = [line for line in output.splitlines() if "plan régional" in line]
    assert [cell.strip() for cell in row.strip("│ ").split("│")][2] == "—"
