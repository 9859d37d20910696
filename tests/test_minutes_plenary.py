"""A realistic hybrid plenary written in the body alone, as a secretary types
it: six parts, sub-sections, two round tables (named, collective and unnamed
entries, answers), decisions, alerts, questions, actions and links. Every
element must reach the rendered Markdown and the Word document."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypandoc
import pytest

from tests.conftest import run_cli

MEETING = "2024-11-19-pleniere"

FRONT = """\
---
kind: plenary
number: 4
title: 4e séance plénière 2024
theme: Réforme des urgences et soins non programmés
date: 2024-11-19
start: "14:00"
end: "17:30"
place: Siège de l'ARS, Marseille — salle du conseil, et visioconférence
format: hybrid
status: minutes-approved
invited: [amartin, bdupont]
attendance:
  amartin: present
  bdupont: video
guests:
  - name: Dr Mathieu Rey
    organisation: ORU PACA
    role: médecin coordonnateur
organisations: [ARS PACA, ORU PACA, URPS médecins libéraux PACA]
recipients: [Comité de direction, Membres du collège]
follow_up:
  1: done
  2: {status: in-progress, note: Réunion fixée.}
minutes_approved_on: 2024-12-17
next_meeting: {date: 2025-03-11, title: prochaine séance plénière, format: video}
---
"""

BODY = """
## Introduction de la présidente

La présidente ouvre la séance à 14 heures et remercie Dr Mathieu Rey.

## I. Ouverture de la séance

Intervenante : @amartin

- Décision : Le compte rendu de la séance du 8 octobre 2024 est approuvé.
- Le calendrier 2025 est présenté, voir [le calendrier](https://exemple.fr/calendrier-2025).

## II. Bilan de l'été dans les urgences

Intervenant : Dr Mathieu Rey (ORU PACA)
Supports : [Diaporama](2024-11-19-oru.pdf), https://exemple.fr/oru
Durée : 30 min

- Point d'alerte : Le temps d'attente sur brancard des patients âgés reste critique.
  - Deux structures ont fermé la nuit en août.
    - Les élus n'ont été prévenus que la veille.
- Question : Les passages ont-ils augmenté dans le *Haut-Var* ?

  Les chiffres du troisième trimestre seront disponibles en janvier.

### Tour de table des délégations

- **DD 13** : Les Bouches-du-Rhône signalent des délais de transfert accrus.
  - Réponse de la **DGOS** : Un renfort est prévu.
- **DD 04, DD 05** : Les deux délégations demandent une réunion commune avec les élus.
  - Réponse de **ARS PACA** : La réunion sera organisée.
- Plusieurs participants soulignent la fatigue des équipes de nuit.
  - Réponse de @amartin : Un point sera fait en janvier.
- @bdupont : Question et point de vigilance : Le SMUR de montagne restera-t-il ouvert l'hiver ?
  - Réponse de **Dr Mathieu Rey (ORU PACA)** : Oui, avec une équipe partagée avec Gap.
  - Réponse de **M. Paul Roux (SDIS 04)** (chef de centre) : Les pompiers appuient la ligne de Gap.
- @amartin (présidente) : Le collège relaiera ces demandes.

## III. Réforme des urgences, volet par volet

### a) Régulation médicale

Intervenant : @bdupont

#### Service d'accès aux soins

- Vigilance : La filière de médecine générale manque de régulateurs en semaine.
- Action : @amartin — Transmettre au CODIR le tableau de bord du SAS — échéance 2024-12-15

#### Autorisations de médecine d'urgence

- Décision : Le collège demande à être associé à l'instruction des demandes.

### b) Permanence des soins

- Alerte : La nuit profonde n'est plus couverte dans trois secteurs.

#### Tour de table

- **Plusieurs délégations** :
  - Les secteurs de garde sont trop grands.
  - Vigilance : Les médecins retraités quittent la permanence des soins.
- Le conseil de l'ordre sera consulté.

## IV. Plans 2025

### Plan de travail

- Les propositions d'actions sont à adresser au bureau avant le 31 janvier.
- Action : @bdupont — Préparer le bilan du plan de travail 2024 — échéance 2025-02-28

## V. Vie du collège

- Décision : Dr Anne Martin est reconduite à la présidence pour deux ans.

## VI. Questions diverses

- Aucune question n'est soulevée.

## Conclusion

La présidente lève la séance à 17 h 30.
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from tests.conftest import BASE_RECORDS

    root = tmp_path_factory.mktemp("plenary") / "records"
    shutil.copytree(BASE_RECORDS, root)
    (root / "meetings" / f"{MEETING}.md").write_text(FRONT + BODY, encoding="utf-8")
    exit_code, output = run_cli("lint", "--records", str(root), "--today", "2024-12-20", "--select", "meetings,references,attendance")
    assert exit_code == 0, output
    out = root.parent / "out"
    exit_code, output = run_cli("render", "minutes", MEETING, "--records", str(root), "--out", str(out))
    assert exit_code == 0, output
    return out / "comptes-rendus" / f"{MEETING}-compte-rendu"


def markdown(rendered: Path) -> str:
    return rendered.with_suffix(".md").read_text(encoding="utf-8").replace("\u00a0", " ")


def test_the_header_says_what_the_records_say(rendered: Path) -> None:
    text = markdown(rendered)
    assert "*Compte rendu approuvé le 17 décembre 2024.*" in text
    assert "Projet de compte rendu" not in text
    assert "**Organismes représentés :** ARS PACA ; ORU PACA ; URPS médecins libéraux PACA" in text
    assert "**Prochaine séance :** Prochaine séance plénière, le mardi 11 mars 2025, en visioconférence." in text


def test_every_part_item_and_section_in_order(rendered: Path) -> None:
    text = markdown(rendered)
    headings = re.findall(r"^#{2,4} .+$", text, flags=re.MULTILINE)
    assert headings == [
        "## Participants",
        "## Introduction de la présidente",
        "## I. Ouverture de la séance",
        "## II. Bilan de l'été dans les urgences",
        "## III. Réforme des urgences, volet par volet",
        "### a) Régulation médicale",
        "#### Service d'accès aux soins",
        "#### Autorisations de médecine d'urgence",
        "### b) Permanence des soins",
        "## IV. Plans 2025",
        "### Plan de travail",
        "## V. Vie du collège",
        "## VI. Questions diverses",
        "## Conclusion",
        "## Suites à donner",
    ]
    # The prose stays where it is written: the introduction before part I, the
    # conclusion after part VI.
    assert text.index("remercie Dr Mathieu Rey") < text.index("## I. Ouverture")
    assert text.index("## VI. Questions diverses") < text.index("lève la séance à 17 h 30") < text.index("## Suites à donner")


def test_points_keep_their_kind_links_and_paragraphs(rendered: Path) -> None:
    text = markdown(rendered)
    for line in (
        "**Intervenant :** Dr Anne Martin",
        "**Intervenant :** Dr Mathieu Rey (ORU PACA)",
        "**Supports :** Diaporama (fichier 2024-11-19-oru.pdf) ; <https://exemple.fr/oru>",
        "- **Décision :** Le compte rendu de la séance du 8 octobre 2024 est approuvé.",
        "- Le calendrier 2025 est présenté, voir [le calendrier](https://exemple.fr/calendrier-2025).",
        "- **Point d'alerte :** **Le temps d'attente sur brancard des patients âgés reste critique.**",
        "  - Deux structures ont fermé la nuit en août.",
        "    - Les élus n'ont été prévenus que la veille.",
        "- **Question :** Les passages ont-ils augmenté dans le *Haut-Var* ?",
        "  Les chiffres du troisième trimestre seront disponibles en janvier.",
        "- **Point de vigilance :** *La filière de médecine générale manque de régulateurs en semaine.*",
        "- **Point d'alerte :** **La nuit profonde n'est plus couverte dans trois secteurs.**",
        "- **Décision :** Dr Anne Martin est reconduite à la présidence pour deux ans.",
    ):
        assert line in text, line


def test_round_tables_as_written(rendered: Path) -> None:
    text = markdown(rendered)
    for line in (
        "**Tour de table des délégations**",
        "- **DD 13 :** Les Bouches-du-Rhône signalent des délais de transfert accrus.",
        "- **DD 04, DD 05 :** Les deux délégations demandent une réunion commune avec les élus.",
        # No speaker invented for an unnamed entry.
        "- Plusieurs participants soulignent la fatigue des équipes de nuit.",
        # Each who answers with the article French gives them: written (la DGOS),
        # elided before a vowel (l'ARS), a doctor's (du Dr).
        "  - *Réponse de la DGOS :* Un renfort est prévu.",
        "  - *Réponse de l'ARS PACA :* La réunion sera organisée.",
        "  - *Réponse du Dr Anne Martin :* Un point sera fait en janvier.",
        "- **Bruno Dupont :** **Question et point de vigilance :** *Le SMUR de montagne restera-t-il ouvert l'hiver ?*",
        "  - *Réponse du Dr Mathieu Rey (ORU PACA) :* Oui, avec une équipe partagée avec Gap.",
        # Several replies, in the order given; a role in parentheses after the name is printed after a comma.
        "  - *Réponse de M. Paul Roux (SDIS 04), chef de centre :* Les pompiers appuient la ligne de Gap.",
        "- **Dr Anne Martin, présidente :** Le collège relaiera ces demandes.",
        "**Tour de table**",
        "- **Plusieurs délégations :**",
        "  - Les secteurs de garde sont trop grands.",
        "  - **Point de vigilance :** *Les médecins retraités quittent la permanence des soins.*",
        "- Le conseil de l'ordre sera consulté.",
    ):
        assert line in text, line


def test_actions_with_their_follow_up(rendered: Path) -> None:
    text = markdown(rendered)
    assert "| Transmettre au CODIR le tableau de bord du SAS | Dr Anne Martin | 15 décembre 2024 | fait |" in text
    assert "| Préparer le bilan du plan de travail 2024 | Bruno Dupont | 28 février 2025 | en cours |" in text


def test_the_word_document_holds_every_element(rendered: Path) -> None:
    docx = rendered.with_suffix(".docx")
    text = pypandoc.convert_file(str(docx), "plain", extra_args=["--wrap=none"]).replace("\u00a0", " ")
    for expected in (
        "Introduction de la présidente",
        "VI. Questions diverses",
        "Service d'accès aux soins",
        "Tour de table des délégations",
        "DD 04, DD 05 :",
        "Plusieurs participants soulignent la fatigue des équipes de nuit.",
        "Réponse du Dr Mathieu Rey (ORU PACA) :",
        "Question et point de vigilance :",
        "Les chiffres du troisième trimestre seront disponibles en janvier.",
        "Organismes représentés : ARS PACA ; ORU PACA ; URPS médecins libéraux PACA",
        "Préparer le bilan du plan de travail 2024",
        "Prochaine séance plénière, le mardi 11 mars 2025, en visioconférence",
        "La présidente lève la séance à 17 h 30.",
    ):
        assert expected in text, expected
    with zipfile.ZipFile(docx) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        relations = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    # Links are real hyperlinks, headings real Word headings.
    assert document.count("<w:hyperlink") >= 2
    assert 'Target="https://exemple.fr/calendrier-2025"' in relations
    assert '<w:pStyle w:val="Heading3" />' in document  # the sections under an item
