"""collegekit.french: every number and word a reader sees. The property test
holds every output's way of printing a share to the same text, so that 23
present out of 40 reads « 58 % » in the minutes, the attendance report,
compliance and the plan status alike."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from collegekit import french
from collegekit.attendance_report.report import Points, Rate, format_value
from collegekit.french import NBSP, French
from collegekit.render.environment import make_environment


def test_percentages_round_half_up() -> None:
    assert french.percent(0.58) == f"58{NBSP}%"
    assert french.percent(0.585) == f"59{NBSP}%"  # halves go up, not to the even number
    assert french.percent(23 / 40) == f"58{NBSP}%"  # 57.49999999999999 in floats
    assert french.percent(0.6146) == f"61{NBSP}%" and french.percent(0.685) == f"69{NBSP}%"
    assert french.percent(None) == "—" and french.percentage(None) == "—"
    assert french.percentage(68.5) == f"69{NBSP}%"
    assert french.percent_of(22, 36) == f"61{NBSP}%" and french.percent_of(0, 0) == f"0{NBSP}%"


def test_points_of_change() -> None:
    assert french.points(4.0) == f"+4{NBSP}points" and french.points(3.4) == f"+3{NBSP}points"
    assert french.points(-1.2) == f"−1{NBSP}point" and french.points(-2.5) == f"−3{NBSP}points"
    assert french.points(0.3) == "stable" and french.points(None) == "—"
    # The change the reader sees: 33 % then 30 % is −3 points, though 0.334 → 0.296 is −3.8.
    assert french.points_between(0.334, 0.296) == -3
    assert french.points_between(None, 0.5) is None


def test_numbers_words_and_dates() -> None:
    assert french.number(1234) == f"1{NBSP}234" and french.number(0.125) == "0,13" and french.number(-0.0) == "0"
    assert french.plural(0, "séance") == "0 séance" and french.plural(3, "séance tenue", "séances tenues") == (
        "3 séances tenues"
    )
    assert french.join([]) == "" and french.join(["A"]) == "A" and french.join(["A", "B", "C"]) == "A, B et C"
    assert french.join(["IDE", "IADE"], " ou ") == "IDE ou IADE"
    assert french.duration(195) == f"3{NBSP}h{NBSP}15" and french.duration(180) == f"3{NBSP}h"
    assert french.duration(45) == f"45{NBSP}min"
    assert french.hours(1.5) == f"1,5{NBSP}heure" and french.hours(13) == f"13{NBSP}heures"
    assert french.date(dt.date(2025, 3, 1)) == "1er mars 2025"
    assert french.date(dt.date(2025, 3, 18), weekday=True) == "mardi 18 mars 2025"
    assert french.short_date(dt.date(2025, 3, 1)) == "01/03/2025"


def test_names_sort_as_a_french_reader_expects() -> None:
    people = [("Émery", "Luc", "lemery"), ("eliot", "Anne", "aeliot"), ("Dupont", "Zoé", "zdupont")]
    assert [p[2] for p in sorted(people, key=lambda p: french.name_key(*p))] == ["zdupont", "aeliot", "lemery"]


def test_titles_take_their_article() -> None:
    assert french.with_article("plan de formation") == "le plan de formation"
    assert french.with_article("organisation des fonctions médicales", "de") == "d'organisation des fonctions médicales"
    assert french.with_article("règlement intérieur", "du") == "du règlement intérieur"
    assert french.with_article("séance", "au", feminine=True) == "à la séance"


def test_names_take_the_article_of_their_title_or_the_one_written() -> None:
    assert french.name_with_article("Dr Claire Moreau", "du") == "du Dr Claire Moreau"
    assert "que " + french.name_with_article("Dr Claire Moreau") == "que le Dr Claire Moreau"
    assert french.name_with_article("Pr Hélène Vidal (AP-HM)", "du") == "du Pr Hélène Vidal (AP-HM)"
    # Madame and Monsieur take none, whatever was written.
    assert french.name_with_article("Mme Christine Vidal", "du", "la") == "de Mme Christine Vidal"
    assert french.name_with_article("M. Julien Ferri", "au") == "à M. Julien Ferri"
    # An organisation: the article written, else l' before a vowel (an acronym read as letters).
    assert french.name_with_article("DGOS", "du", "la") == "de la DGOS"
    assert french.name_with_article("CHU de Nice", "du", "le") == "du CHU de Nice"
    assert french.name_with_article("ARS", "du") == "de l'ARS"
    assert french.name_with_article("URPS", "du", "les") == "des URPS"
    assert french.name_with_article("ARS PACA", "le") == "l'ARS PACA"
    # Its gender cannot be guessed: no article rather than a wrong one.
    assert french.name_with_article("DGOS", "du") == "de DGOS"
    # Written without one before a vowel: elided « de ».
    assert french.name_with_article("Orange", "du", "") == "d'Orange"
    assert french.name_with_article("Anne Martin", "du", "") == "d'Anne Martin"


@given(st.integers(min_value=0, max_value=400).flatmap(lambda whole: st.tuples(st.integers(0, whole), st.just(whole))))
def test_a_fraction_prints_the_same_in_every_output(fraction: tuple[int, int]) -> None:
    part, whole = fraction
    share = part / whole if whole else 0.0
    expected = french.percent(share)
    templates = make_environment([], "fr_FR", {}).from_string("{{ part | percent(whole) }}|{{ (part * 100 / whole) | percent }}")
    shown = {
        "reports": expected,
        "attendance report": format_value(Rate(share)),
        "documents (share)": French().percent(part, whole),
    }
    if whole:
        from_templates = templates.render(part=part, whole=whole).split("|")
        shown |= {
            "templates": from_templates[0],
            "templates (a percentage)": from_templates[1],
            "plan progress": french.percentage(part * 100 / whole),
        }
    assert set(shown.values()) == {expected}, shown
    # A change between two shares: the same words in the attendance report and compliance.
    assert format_value(Points(french.points_between(0.5, share))) == french.points(french.points_between(0.5, share))
