"""`collegekit coverage`: full-time equivalents by function and territory, on
small colleges where every figure is known, then on the example college."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from collegekit.coverage import (
    NOBODY,
    SINGLE,
    UNSPECIFIED,
    coverage,
    csv_text,
    fte_text,
    report_data,
    uncovered,
)
from collegekit.records import College, load
from collegekit.render import Renderer, documents
from tests.conftest import BASE_RECORDS, EXAMPLE_RECORDS, run_cli

GOLDEN = Path(__file__).parent / "golden" / "compliance"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
DAY = dt.date(2024, 6, 1)

COLLEGE = """\
name: Collège de test
agency: Agence régionale de santé de test
region: Provence-Alpes-Côte d'Azur
head_office:
  city: Marseille
departements:
  - code: "13"
    name: Bouches-du-Rhône
  - code: "84"
    name: Vaucluse
steering_committee: Comité de direction
functions:
  - id: veille-sanitaire
    name: Veille et sécurité sanitaires
  - id: sante-mentale
    name: Santé mentale et psychiatrie
  - id: prevention
    name: Prévention et promotion de la santé
"""


def member(
    root: Path,
    member_id: str,
    site: str = '"13"',
    memberships: str = "  - start: 2020-01-01\n",
    profession: str = "physician",
) -> None:
    text = textwrap.dedent(
        f"""\
        title: Dr
        first_name: Prénom
        last_name: {member_id.capitalize()}
        profession: {profession}
        status: misp
        site: {site}
        memberships:
        """
    )
    (root / "members" / f"{member_id}.yaml").write_text(text + memberships, encoding="utf-8")


def fiche(root: Path, member_id: str, activities: str, set_on: str = "2024-01-15", departements: str = "[]") -> None:
    text = textwrap.dedent(
        f"""\
        post_title: Médecin
        service: Service
        departements: {departements}
        line_manager:
          name: M. Jean Durand
          title: Directeur
        set_on: {set_on}
        sent_to_president_on: {set_on}
        activities:
        """
    )
    body = textwrap.indent(textwrap.dedent(activities), "  ")
    (root / "fiches" / f"{member_id}.yaml").write_text(text + body, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Two physicians with fiches: amartin (head office) and cdurand (Bouches-du-Rhône).

    amartin: regional watch 60 %, inter-departmental watch 40 % over 13 and 84.
    cdurand: a half-time mental-health post in 13, 20 % regional watch, 30 %
    inter-departmental watch over 13 and 84 — 100 % over the three levels.
    """
    shutil.copytree(BASE_RECORDS, tmp_path / "records")
    records = tmp_path / "records"
    (records / "college.yaml").write_text(COLLEGE, encoding="utf-8")
    for plan in (records / "plans").iterdir():
        plan.unlink()
    member(records, "cdurand")
    fiche(
        records,
        "amartin",
        """\
        regional:
          - {title: Animation de la veille régionale, share: 60, function: veille-sanitaire}
        departmental: []
        interdepartmental:
          - {title: Veille 13-84, share: 40, function: veille-sanitaire, departements: ["13", "84"]}
        """,
    )
    fiche(
        records,
        "cdurand",
        """\
        regional:
          - {title: Référent veille, share: 20, function: veille-sanitaire}
        departmental:
          - {title: Psychiatrie, share: 50, function: sante-mentale, departements: ["13"]}
        interdepartmental:
          - {title: Astreintes 13-84, share: 30, function: veille-sanitaire, departements: ["13", "84"]}
        """,
    )
    return records


def college_of(root: Path) -> College:
    result = load(root)
    assert [d.message for d in result.errors] == []
    assert result.college is not None
    return result.college


def test_a_function_held_by_one_half_time_person(root: Path) -> None:
    result = coverage(college_of(root), DAY)
    cell = result.cell("sante-mentale", "13")
    assert cell.fte == pytest.approx(0.5) and cell.people == ("cdurand",) and cell.flag == SINGLE
    row = result.row("sante-mentale")
    assert row.fte == pytest.approx(0.5) and row.people == ("cdurand",)
    assert result.cell("sante-mentale", "region").flag == NOBODY
    assert result.cell("sante-mentale", "84").flag == NOBODY


def test_shares_over_three_levels_make_one_full_time_post(root: Path) -> None:
    result = coverage(college_of(root), DAY)
    mine = [
        share.fte for row in result.rows for cell in row.cells for share in cell.shares if share.member_id == "cdurand"
    ]
    assert sum(mine) == pytest.approx(1.0)
    assert result.fte == pytest.approx(2.0) and result.people == ("amartin", "cdurand")
    assert result.fiches == ("amartin", "cdurand")


def test_two_people_in_a_cell_and_inter_departmental_shares_split(root: Path) -> None:
    result = coverage(college_of(root), DAY)
    region = result.cell("veille-sanitaire", "region")
    assert region.fte == pytest.approx(0.8) and region.people == ("amartin", "cdurand") and region.flag is None
    # 40 % and 30 % over two départements: 0.35 ETP in each.
    for code in ("13", "84"):
        cell = result.cell("veille-sanitaire", code)
        assert cell.fte == pytest.approx(0.35) and cell.flag is None
    assert result.row("veille-sanitaire").fte == pytest.approx(1.5)
    assert result.territories == ("region", "13", "84")
    assert result.territory_fte == pytest.approx((0.8, 0.85, 0.35))
    assert result.territory_people == (("amartin", "cdurand"), ("amartin", "cdurand"), ("amartin", "cdurand"))


def test_a_function_nobody_holds(root: Path) -> None:
    result = coverage(college_of(root), DAY)
    row = result.row("prevention")
    assert row.fte == 0 and row.people == ()
    assert [cell.flag for cell in row.cells] == [NOBODY, NOBODY, NOBODY]
    assert [(entry.row.function_id, entry.territories) for entry in uncovered(result)] == [
        ("sante-mentale", ("region", "84")),
        ("prevention", ("region", "13", "84")),
    ]


def test_who_counts_on_the_date(root: Path) -> None:
    activities = """\
        regional:
          - {title: Prévention, share: 100, function: prevention}
        departmental: []
        interdepartmental: []
        """
    member(root, "dleft", memberships="  - start: 2020-01-01\n    end: 2024-03-31\n")
    fiche(root, "dleft", activities)
    member(root, "einvited", memberships="  - start: 2020-01-01\n    role: invited\n")
    fiche(root, "einvited", activities)
    member(root, "flate")
    fiche(root, "flate", activities, set_on="2024-09-02")
    member(root, "gnone", profession="pharmacist")
    member(root, "hnurse", profession="nurse")
    result = coverage(college_of(root), DAY)
    assert result.fiches == ("amartin", "cdurand")
    assert result.row("prevention").people == ()
    assert result.without_fiche == ("flate", "gnone")
    # Before dleft left, their fiche counts.
    earlier = coverage(college_of(root), dt.date(2024, 3, 1))
    assert earlier.row("prevention").people == ("dleft",)
    # Once flate's fiche is set, it counts.
    later = coverage(college_of(root), dt.date(2024, 9, 2))
    assert later.row("prevention").people == ("flate",) and later.without_fiche == ("gnone",)


def test_where_an_activity_without_departements_goes(root: Path) -> None:
    member(root, "ivar", site='"84"')
    fiche(
        root,
        "ivar",
        """\
        regional: []
        departmental:
          - {title: Prévention, share: 100, function: prevention}
        interdepartmental: []
        """,
    )
    member(root, "jfiche", site="head-office")
    fiche(
        root,
        "jfiche",
        """\
        regional: []
        departmental:
          - {title: Prévention, share: 100, function: prevention}
        interdepartmental: []
        """,
        departements='["13"]',
    )
    member(root, "khead", site="head-office")
    fiche(
        root,
        "khead",
        """\
        regional: []
        departmental:
          - {title: Prévention, share: 100, function: prevention}
        interdepartmental: []
        """,
    )
    result = coverage(college_of(root), DAY)
    assert result.cell("prevention", "84").people == ("ivar",)  # the member's own département
    assert result.cell("prevention", "13").people == ("jfiche",)  # the fiche's départements
    assert result.cell("prevention", "region").people == ("khead",)  # neither: the region


def test_activities_without_a_function_keep_the_totals_whole(root: Path) -> None:
    fiche(
        root,
        "amartin",
        """\
        regional:
          - {title: Animation du collège, share: 60}
        departmental: []
        interdepartmental:
          - {title: Veille 13-84, share: 40, function: veille-sanitaire, departements: ["13", "84"]}
        """,
    )
    result = coverage(college_of(root), DAY)
    last = result.rows[-1]
    assert last.function_id == UNSPECIFIED and last.name == "Fonction non précisée" and not last.declared
    assert last.cells[0].fte == pytest.approx(0.6) and last.cells[0].flag is None
    assert {cell.flag for cell in last.cells} == {None}
    assert result.fte == pytest.approx(2.0)


def test_fte_reads_as_french() -> None:
    assert [fte_text(v) for v in (0.5, 0.125, 1 / 3, 2.0, 0.0, 12.345)] == ["0,5", "0,13", "0,33", "2", "0", "12,35"]


def test_csv_and_json(root: Path) -> None:
    college = college_of(root)
    result = coverage(college, DAY)
    text = csv_text(college, result)
    assert text.startswith("\ufeffFonction;Code fonction;Territoire;Code territoire;ETP;Personnes;Alerte;Membres\r\n")
    lines = text.split("\r\n")
    assert len(lines) == 1 + 3 * 3 + 1  # header, 3 functions x 3 territories, final empty string
    assert (
        "Santé mentale et psychiatrie;sante-mentale;13 Bouches-du-Rhône;13;0,5;1;une seule personne;Dr Prénom Cdurand"
        in lines
    )
    assert "Prévention et promotion de la santé;prevention;Région;region;0;0;personne;" in lines
    data = report_data(college, result)
    assert data["fte"] == 2 and data["date"] == "2024-06-01"
    mental = data["functions"][1]
    assert mental["id"] == "sante-mentale" and mental["cells"][1]["flag"] == "single"
    assert mental["cells"][1]["shares"] == [
        {"member": "cdurand", "fte": 0.5, "level": "departmental", "activity": "Psychiatrie"}
    ]


# --- The example college ------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> College:
    result = load(EXAMPLE_RECORDS)
    assert result.college is not None and not result.errors
    return result.college


def test_example_college(example: College) -> None:
    result = coverage(example, dt.date(2026, 11, 25))
    # 28 fiches; three of members gone by then (sarnaud, bmichel in 2025, lbertrand in March 2026).
    assert len(result.fiches) == 25 and not {"sarnaud", "bmichel", "lbertrand"} & set(result.fiches)
    assert result.without_fiche == ()
    # Every fiche's shares add up to 100 %: one full-time post each.
    assert result.fte == pytest.approx(25)
    assert sum(row.fte for row in result.rows) == pytest.approx(sum(result.territory_fte))
    assert [row.function_id for row in result.rows] == [f.id for f in example.settings.functions]
    # Dr Marc Roux alone holds environmental health in the Hautes-Alpes: 10 % there,
    # and half of 5 % on Serre-Ponçon shared with the Alpes-de-Haute-Provence.
    cell = result.cell("sante-environnement", "05")
    assert cell.people == ("mroux",) and cell.flag == SINGLE and cell.fte == pytest.approx(0.125)
    assert [(e.row.function_id, e.territories) for e in uncovered(result)] == [
        ("sante-mentale", ("04",)),
        ("medico-social", ("05",)),
        ("produits-de-sante", ("84",)),
    ]
    # In March 2025 every member but the newcomers had a fiche.
    early = coverage(example, dt.date(2025, 3, 1))
    assert "mclement" not in early.fiches and "rmarchand" in early.without_fiche


def test_golden_markdown(example: College) -> None:
    text = Renderer(example).markdown(
        documents.coverage(example, coverage(example, dt.date(2026, 11, 25)))
    )
    golden = GOLDEN / "couverture-2026-11-25.md"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} manque : UPDATE_GOLDEN=1 make test"
    assert text == golden.read_text(encoding="utf-8")


# --- The command ------------------------------------------------------------------------


def test_command_in_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, output = run_cli("coverage", "--records", str(EXAMPLE_RECORDS), "--date", "2026-11-25")
    assert code == 0, output
    assert "Fonctions médicales au 25/11/2026" in output and "d'après 25 fiches de poste" in output
    assert "Tenues par une seule personne" in output and "Que personne ne tient" in output
    assert "Dr Marc Roux" in output


def test_command_formats(tmp_path: Path, root: Path) -> None:
    code, output = run_cli("coverage", "--records", str(root), "--today", "2024-06-01", "--format", "json")
    assert code == 0 and json.loads(output)["date"] == "2024-06-01"
    code, output = run_cli("coverage", "--records", str(root), "--date", "2024-06-01", "--format", "csv")
    assert code == 0 and output.startswith("\ufeffFonction;")
    out = tmp_path / "couverture.md"
    code, output = run_cli(
        "coverage", "--records", str(root), "--date", "2024-06-01", "--format", "md", "--out", str(out)
    )
    assert code == 0, output
    text = out.read_text(encoding="utf-8")
    assert "| Santé mentale et psychiatrie | — | 0,5 • | — | 0,5 | 1 |" in text
    assert "- **Prévention et promotion de la santé\u00a0:** Région, 13 Bouches-du-Rhône et 84 Vaucluse." in text
