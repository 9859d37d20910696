"""Markdown escaping, prose placement, French typography and French formats."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from collegekit.french import French
from collegekit.render import markdown
from collegekit.render.markdown import NBSP, cell_text, escape, french_typography, point_text, prose, tidy
from collegekit.render.pandoc import READER, pandoc_path

HOSTILE = [
    "Du*po_nt",
    "# Titre",
    "a | b",
    "<b>gras</b> <!-- x -->",
    "[lien](https://example.org)",
    "![image](x.png)",
    "C:\\dossier\\fichier",
    "`<w:p><w:r><w:t>INJECTÉ</w:t></w:r></w:p>`{=openxml}",
    "\\textbf{gras} $x^2$",
    "1. une liste",
    "- une puce",
    "> une citation",
    "a) b",
    "II. Partie",
    "~~barré~~ ^exposant^ ~indice~",
    "@citation [@clef]",
    "AT&amp;T &copy;",
    "**gras** __gras__",
    "::: {custom-style=\"Title\"}",
    "fin de ligne\\",
    "[^note]",
    "{.classe}",
]


def pandoc_plain(text: str) -> str:
    """What pandoc reads from a line of Markdown, as plain text."""
    return subprocess.run(
        [pandoc_path(), f"--from={READER}", "--to=plain", "--wrap=none"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8").strip()


def test_escaped_text_comes_out_literally_in_pandoc() -> None:
    # One pandoc run for every case: each as a list item, as in the minutes.
    source = "\n".join(f"- {escape(text)}" for text in HOSTILE)
    lines = [line.removeprefix("- ") for line in pandoc_plain(source).split("\n")]
    assert lines == HOSTILE


@pytest.mark.parametrize("text", ["1. une liste", "- une puce", "# Titre", "> citation", "a) b", "+ plus"])
def test_escaped_text_cannot_start_a_block(text: str) -> None:
    assert pandoc_plain(escape(text)) == text


def test_escape_keeps_ordinary_text_readable() -> None:
    assert escape("Siège de l'ARS, Marseille (13) — 2025-2026 : 58 %!") == "Siège de l'ARS, Marseille (13) — 2025-2026 : 58 %!"
    assert escape("M. Bruno Colin") == "M. Bruno Colin"


def test_escape_puts_a_record_on_one_line() -> None:
    assert escape("  deux\nlignes\t ici  ") == "deux lignes ici"
    # A no-break space is not a space to collapse.
    assert escape(f"58{NBSP}%") == f"58{NBSP}%"


def test_prose_headings_go_below_the_given_level() -> None:
    text = "# Introduction\n\nTexte.\n\n## Détail\n\nSuite."
    assert prose(text, 2) == "## Introduction\n\nTexte.\n\n### Détail\n\nSuite."
    # Already low enough: unchanged.
    assert prose("### Déjà\n\nTexte.", 3) == "### Déjà\n\nTexte."
    # Setext headings are headings too.
    assert prose("Titre\n=====\n\nTexte.", 2) == "## Titre\n\n\nTexte."


def test_prose_code_blocks_are_kept_and_closed() -> None:
    text = "Texte.\n\n```\n# pas un titre\n"
    assert prose(text, 2) == "Texte.\n\n```\n# pas un titre\n```"


def test_a_point_of_several_paragraphs_stays_in_its_list_item() -> None:
    text = "Voir [la note](https://exemple.fr) et *surtout*\nla suite.\n\nSecond paragraphe."
    assert point_text(text) == "Voir [la note](https://exemple.fr) et *surtout* la suite.\n\n  Second paragraphe."
    assert point_text("Alerte.\n\nSuite.", "**") == "**Alerte.**\n\n  **Suite.**"


def test_an_action_in_a_table_cell_is_one_line_without_bare_pipes() -> None:
    assert cell_text("a | b \\| c\n\nd") == "a \\| b \\| c d"


def test_french_typography() -> None:
    text = "**Date :** mardi ; « cas » et «cas» ? oui ! 58 % | a | :--- |"
    assert french_typography(text) == (
        f"**Date{NBSP}:** mardi{NBSP}; «{NBSP}cas{NBSP}» et «{NBSP}cas{NBSP}»{NBSP}? oui{NBSP}! 58{NBSP}% | a | :--- |"
    )
    # Addresses and times keep their colons; table rules are left alone.
    assert french_typography("<https://a.fr/?x=1> 14:00") == "<https://a.fr/?x=1> 14:00"
    assert french_typography("|---|--:|") == "|---|--:|"
    # Code blocks are left alone.
    assert french_typography("```\na : b\n```") == "```\na : b\n```"


def test_tidy() -> None:
    assert tidy("\n\na  \n\n\n\nb\n\n") == "a\n\nb\n"


def test_strip_front_matter() -> None:
    assert markdown.strip_front_matter("---\nnote: x\n---\n\n# Titre\n") == "\n# Titre\n"
    assert markdown.strip_front_matter("# Titre\n") == "# Titre\n"


@pytest.fixture
def french() -> French:
    return French("fr_FR")


def test_dates(french: French) -> None:
    assert french.date_long(dt.date(2024, 3, 12)) == "mardi 12 mars 2024"
    assert french.date_long(dt.date(2025, 3, 1)) == "samedi 1er mars 2025"
    assert french.date(dt.date(2025, 4, 1)) == "1er avril 2025"
    assert french.date(dt.date(2025, 4, 10)) == "10 avril 2025"
    assert french.date_numeric(dt.date(2025, 4, 1)) == "01/04/2025"


def test_times_and_numbers(french: French) -> None:
    assert french.time(dt.time(14, 0)) == f"14{NBSP}h"
    assert french.time(dt.time(9, 5)) == f"9{NBSP}h{NBSP}05"
    assert french.percent(58) == f"58{NBSP}%"
    assert french.percent(22, 36) == f"61{NBSP}%"
    assert french.percent(68.5) == f"69{NBSP}%"  # half up, not to even
    assert french.percent(0, 0) == f"0{NBSP}%"
    assert french.number(1250) == f"1{NBSP}250"
    assert french.number(2.5) == "2,5"
    assert french.hours(1) == f"1{NBSP}heure"
    assert french.hours(1.5) == f"1,5{NBSP}heure"
    assert french.hours(3) == f"3{NBSP}heures"
