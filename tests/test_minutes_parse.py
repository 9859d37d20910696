"""The meeting body read as minutes (collegekit.minutes.parse and write).

Every convention of the body is parsed into the agenda models with its
position; every departure from them is a located problem; and writing the
models back gives a body that parses to the same models.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collegekit.minutes.parse import parse_body
from collegekit.minutes.write import write_body
from collegekit.models.meeting import (
    AgendaItem,
    AgendaPart,
    FollowUpAction,
    Material,
    Point,
    PointKind,
    Prose,
    RoundTable,
    RoundTableEntry,
    Section,
    Speaker,
)
from collegekit.records import load

ROOT = Path(__file__).resolve().parent.parent

EXAMPLE = """\
## Introduction

Free paragraphs.

## I. Ouverture de la séance

Intervenante : @cmoreau
Supports : [Diaporama](2025-11-25-oru.pdf), https://exemple.fr/page
Durée : 25 min

- Décision : Le compte rendu du 24 juin est approuvé.
- Information without label.
  - A sub-point (any depth).
- Question et point de vigilance : Les délais
  s'allongent, voir [la note](https://exemple.fr/note) et *surtout* la suite.

  Un second paragraphe du même point.
- Action : @cmoreau — Transmettre au CODIR les alertes — échéance 2025-12-15

### Un sous-titre sans lettre

- Vigilance : un point sous le sous-titre.

## II. Réforme des urgences

### a) Bilan de l'été

#### Régulation et SAS

- Alerte : la nuit profonde.

#### Tour de table des délégations

- **DD 84** : En Vaucluse, la montée en charge.
- @mroux : Question : Les médecins de montagne ?
  - Réponse de **Dr Stéphane Giordano (URPS médecins libéraux PACA)** : Oui, par une participation.
- **DD 04, DD 05** : Les deux délégations.
- Plusieurs intervenants soulignent la fatigue des équipes.
- **Plusieurs délégations** :
  - first point
  - Vigilance : second point

<!-- Décision : un commentaire ne compte pas -->

## Conclusion

La présidente lève la séance.
"""


def test_the_conventions_of_the_body() -> None:
    parsed = parse_body(EXAMPLE)
    assert parsed.problems == []
    first, second = parsed.agenda
    assert first.title == "Ouverture de la séance"
    assert first.speakers == (Speaker(member="cmoreau"),)
    assert first.material == (
        Material(title="Diaporama", file="2025-11-25-oru.pdf"),
        Material(link="https://exemple.fr/page"),
    )
    assert first.duration_minutes == 25
    decision, information, question = first.points
    assert decision == Point(kind=PointKind.DECISION, text="Le compte rendu du 24 juin est approuvé.")
    assert information.points == (Point(text="A sub-point (any depth)."),)
    assert question.kind == (PointKind.QUESTION, PointKind.VIGILANCE)
    assert question.text == (
        "Les délais s'allongent, voir [la note](https://exemple.fr/note) et *surtout* la suite.\n\n"
        "Un second paragraphe du même point."
    )
    assert first.sections == (Section(title="Un sous-titre sans lettre", points=(Point(kind=PointKind.VIGILANCE, text="un point sous le sous-titre."),)),)
    (item,) = second.items
    assert item.title == "Bilan de l'été"
    (section,) = item.sections
    assert section.points == (Point(kind=PointKind.ALERT, text="la nuit profonde."),)
    (table,) = item.round_tables
    assert table.title == "Tour de table des délégations"
    dd84, mroux, both, unnamed, group = table.entries
    assert dd84.speakers == (Speaker(organisation="DD 84"),)
    assert mroux.speakers == (Speaker(member="mroux"),)
    assert mroux.points == (Point(kind=PointKind.QUESTION, text="Les médecins de montagne ?"),)
    (reply,) = mroux.replies
    assert reply.by == Speaker(name="Dr Stéphane Giordano", organisation="URPS médecins libéraux PACA")
    assert reply.text == "Oui, par une participation."
    assert both.speakers == (Speaker(organisation="DD 04"), Speaker(organisation="DD 05"))
    assert unnamed.speakers == ()
    assert unnamed.points == (Point(text="Plusieurs intervenants soulignent la fatigue des équipes."),)
    assert group.speakers == (Speaker(organisation="Plusieurs délégations"),)
    assert group.points == (Point(text="first point"), Point(kind=PointKind.VIGILANCE, text="second point"))
    assert parsed.actions == (
        FollowUpAction(number=1, owner="cmoreau", text="Transmettre au CODIR les alertes", due=dt.date(2025, 12, 15)),
    )
    assert parsed.prose == (
        Prose(after_part=0, text="## Introduction\n\nFree paragraphs."),
        Prose(after_part=2, text="## Conclusion\n\nLa présidente lève la séance."),
    )


def test_a_reply_is_read_with_or_without_its_article_and_written_with_it() -> None:
    body = "\n".join([
        "## I. Partie", "", "### Tour de table", "",
        *(f"- **DD {n}** : point {n}\n  - {opening} : réponse {n}" for n, opening in enumerate([
            "Réponse de **Dr Claire Aubert (CHU de Nice)**",  # the old form
            "Réponse du **Dr Claire Aubert (CHU de Nice)**",
            "Réponse de la **DGOS**",
            "Réponse de l'**ARS**",
            "Réponse de **ARS**",
            "Réponse du **CHU de Nice**",
            "Réponse des **URPS**",
            "Réponse d'**Orange**",
            "Réponse de **Mme Jeanne Petit**",
            "Réponse de @cmoreau",
            "réponse de la DGOS",
        ])),
        "",
    ])
    parsed = parse_body(body)
    assert parsed.problems == []
    replies = [entry.replies[0] for entry in parsed.agenda[0].round_tables[0].entries]
    assert [(reply.by, reply.article) for reply in replies] == [
        (Speaker(name="Dr Claire Aubert", organisation="CHU de Nice"), None),
        (Speaker(name="Dr Claire Aubert", organisation="CHU de Nice"), None),
        (Speaker(organisation="DGOS"), "la"),
        (Speaker(organisation="ARS"), None),
        (Speaker(organisation="ARS"), None),
        (Speaker(organisation="CHU de Nice"), "le"),
        (Speaker(organisation="URPS"), "les"),
        (Speaker(organisation="Orange"), ""),
        (Speaker(name="Mme Jeanne Petit"), None),
        (Speaker(member="cmoreau"), None),
        (Speaker(organisation="DGOS"), "la"),
    ]
    assert [line.strip() for line in write_body(parsed.agenda).split("\n") if "Réponse" in line] == [
        "- Réponse du **Dr Claire Aubert (CHU de Nice)** : réponse 0",
        "- Réponse du **Dr Claire Aubert (CHU de Nice)** : réponse 1",
        "- Réponse de la **DGOS** : réponse 2",
        "- Réponse de l'**ARS** : réponse 3",
        "- Réponse de l'**ARS** : réponse 4",
        "- Réponse du **CHU de Nice** : réponse 5",
        "- Réponse des **URPS** : réponse 6",
        "- Réponse d'**Orange** : réponse 7",
        "- Réponse de **Mme Jeanne Petit** : réponse 8",
        "- Réponse de @cmoreau : réponse 9",
        "- Réponse de la **DGOS** : réponse 10",
    ]


def test_a_long_run_of_bold_names_is_read_in_one_pass() -> None:
    # A bold name cannot hold « ** »: each is read one way only. When a bold
    # name could run over the next one, forty names without « : » took the
    # parser 2^40 tries.
    names = ", ".join(f"**DD {n:02d}** (délégation)" for n in range(40))
    parsed = parse_body(f"## I. Partie\n\n### Tour de table\n\n- {names} sans deux-points\n- {names} :\n  - un point\n")
    assert parsed.problems == []
    unnamed, named = parsed.agenda[0].round_tables[0].entries
    assert unnamed.speakers == () and unnamed.points[0].text.endswith("sans deux-points")
    assert named.speakers == tuple(Speaker(organisation=f"DD {n:02d}", role="délégation") for n in range(40))


def test_every_element_keeps_its_line_and_column() -> None:
    parsed = parse_body(EXAMPLE)
    lines = EXAMPLE.split("\n")

    def at(key_path: tuple[str | int, ...]) -> str:
        line, column = parsed.positions[key_path]
        return lines[line - 1][column - 1 :]

    assert at(("agenda", 0)).startswith("## I. Ouverture")
    assert at(("agenda", 0, "speakers", 0)) == "@cmoreau"
    assert at(("agenda", 0, "material", 1)) == "https://exemple.fr/page"
    assert at(("agenda", 0, "points", 2)).startswith("- Question et point")
    assert at(("agenda", 0, "points", 1, "points", 0)) == "- A sub-point (any depth)."
    table = ("agenda", 1, "items", 0, "round_tables", 0)
    assert at(table) == "#### Tour de table des délégations"
    assert at(table + ("entries", 1, "speakers", 0)).startswith("@mroux :")
    assert at(table + ("entries", 2, "speakers", 0)).startswith("**DD 04, DD 05**")
    assert at(table + ("entries", 1, "replies", 0, "by")).startswith("**Dr Stéphane Giordano")
    assert at(("actions", 0, "owner")).startswith("@cmoreau — Transmettre")
    # A path the body does not write stops at its closest written parent.
    assert parsed.position(table + ("entries", 1, "speakers", 0, "member")) == parsed.positions[table + ("entries", 1, "speakers", 0)]


def problems(body: str) -> list[tuple[str, int, int, str]]:
    return [(p.code, p.line, p.column, p.message) for p in parse_body(body).problems]


def test_an_unknown_label_is_reported_with_the_label_meant() -> None:
    body = "## I. Titre\n\n- Vigilence : les délais.\n- Offre de soins : neuf projets.\n"
    assert problems(body) == [
        ("unknown-label", 3, 3, "« Vigilence : » n'est pas une étiquette de point : vouliez-vous dire « Vigilance » ?"),
    ]
    # The point is kept, as information, with its whole text.
    assert parse_body(body).agenda[0].points[0] == Point(text="Vigilence : les délais.")


def test_structure_mistakes_are_located() -> None:
    body = (
        "Intervenant : @cmoreau\n\n"  # 1: under no heading
        "### a) Perdu\n\n"  # 3: item outside a part
        "## I. Un\n\n"
        "Texte sans tiret.\n\n"  # 7: unplaced
        "## III. Trois\n\n"  # 9: numbering
        "### c) Point\n\n"  # 11: numbering
        "###### Trop profond\n\n"  # 13: heading level
        "- Action : Sans responsable\n"  # 15: incomplete action
        "- x\n\n"
        "Supports : note.pdf\n"  # 18: not right under a heading
    )
    assert [(code, line) for code, line, _, _ in problems(body)] == [
        ("line-outside-heading", 1),
        ("item-outside-part", 3),
        ("unplaced-text", 7),
        ("numbering", 9),
        ("numbering", 11),
        ("heading-level", 13),
        ("incomplete-action", 15),
        ("line-outside-heading", 18),
    ]
    # Nothing is lost: the lettered item outside a part stays in the prose.
    assert "### a) Perdu" in parse_body(body).prose[0].text


def test_html_comments_are_hints_that_count_for_nothing() -> None:
    parsed = parse_body("## I. Titre\n\n<!-- Décision : ... -->\n")
    assert parsed.problems == []
    assert parsed.agenda == (AgendaPart(title="Titre"),)


def test_the_example_college_writes_and_parses_back() -> None:
    college = load(ROOT / "records").college
    assert college is not None
    for meeting in college.meetings.values():
        body = write_body(meeting.agenda, meeting.actions)
        parsed = parse_body(body)
        assert parsed.problems == []
        assert parsed.agenda == meeting.agenda
        assert [(a.owner, a.text, a.due) for a in parsed.actions] == [(a.owner, a.text, a.due) for a in meeting.actions]
        assert write_body(parsed.agenda, parsed.actions) == body


# Generated agendas: parse(write(x)) == x.

WORDS = st.sampled_from(
    ["la", "délégation", "des", "urgences", "l'ARS", "(DD 04)", "2025-2026", "42 %", "*important*",
     "[la note](https://exemple.fr/note)", "**gras**", "SAS", "est", "et", "médecins", "—", ":", "question", "1.", "-"]
)
CAPITAL = st.sampled_from(["Le", "La", "Les", "Une", "Offre", "Décision", "Question", "Santé", "Vigilance"])
TEXT = st.builds(lambda first, rest: " ".join([first, *rest]), CAPITAL, st.lists(WORDS, max_size=40))
PARAGRAPHS = st.lists(TEXT, min_size=1, max_size=2).map("\n\n".join)
MEMBER = st.sampled_from(["cmoreau", "mroux", "jean-pierre", "a2"])
ROLE = st.sampled_from([None, None, "présidente", "médecin coordonnateur (SAMU)"])
SPEAKER = st.one_of(
    st.builds(lambda m, role: Speaker(member=m, role=role), MEMBER, ROLE),
    st.builds(lambda n, o, role: Speaker(name=n, organisation=o, role=role),
              st.sampled_from(["Dr Claire Aubert", "Mme Jeanne Petit", "Pr Luc Roy"]),
              st.sampled_from([None, "GHT Alpes du Sud", "Observatoire (ORU) PACA"]), ROLE),
    st.builds(lambda o, role: Speaker(organisation=o, role=role),
              st.sampled_from(["DD 04", "URPS médecins libéraux PACA", "Plusieurs délégations"]), ROLE),
)
KINDS = st.one_of(
    st.just((PointKind.INFORMATION,)),
    st.lists(st.sampled_from([PointKind.DECISION, PointKind.VIGILANCE, PointKind.ALERT, PointKind.QUESTION]),
             min_size=1, max_size=2, unique=True).map(tuple),
)
POINT = st.recursive(
    st.builds(lambda k, t: Point(kind=k, text=t), KINDS, PARAGRAPHS),
    lambda children: st.builds(lambda k, t, p: Point(kind=k, text=t, points=tuple(p)), KINDS, PARAGRAPHS, st.lists(children, max_size=3)),
    max_leaves=6,
)
MATERIAL = st.one_of(
    st.builds(lambda t, f: Material(title=t, file=f), st.sampled_from([None, "Diaporama", "Note de cadrage"]), st.sampled_from(["a.pdf", "2025-11-25-oru.pdf"])),
    st.sampled_from(["https://exemple.fr/page", "https://exemple.fr/x?y=1"]).map(lambda link: Material(link=link)),
)
REPLY = st.builds(
    lambda by, text, article: {"by": by, "text": text, "article": article},
    SPEAKER, TEXT, st.sampled_from([None, "le", "la", "l'", "les", ""]),
)
ENTRY = st.one_of(
    st.builds(lambda s, p, r: RoundTableEntry(speakers=tuple(s), points=tuple(p), replies=tuple(r)),
              st.lists(SPEAKER, min_size=1, max_size=3), st.lists(POINT, min_size=1, max_size=3), st.lists(REPLY, max_size=3)),
    st.builds(lambda p, r: RoundTableEntry(points=(p,), replies=tuple(r)), POINT, st.lists(REPLY, max_size=2)),
)
ROUND_TABLE = st.builds(
    lambda title, entries: RoundTable(title=title, entries=tuple(entries)),
    st.sampled_from(["Tour de table", "Tour de table des délégations"]), st.lists(ENTRY, max_size=4),
)
TITLE = st.builds(lambda first, rest: " ".join([first, *rest]), st.sampled_from(["Régulation", "Bilan", "Santé mentale", "Le SAS"]), st.lists(WORDS, max_size=6))


def _block(**extra: object) -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries(
        {"title": TITLE},
        optional={
            "speakers": st.lists(SPEAKER, min_size=1, max_size=3).map(tuple),
            "material": st.lists(MATERIAL, min_size=1, max_size=2).map(tuple),
            "duration_minutes": st.integers(1, 300),
            "points": st.lists(POINT, min_size=1, max_size=3).map(tuple),
            "round_tables": st.lists(ROUND_TABLE, min_size=1, max_size=2).map(tuple),
            **extra,
        },
    )


def _in_any_order(model: type[AgendaPart] | type[AgendaItem]) -> Callable[[dict[str, Any]], st.SearchStrategy[Any]]:
    """The block, its sub-parts, items and round tables written in any order."""

    def build(fields: dict[str, Any]) -> st.SearchStrategy[Any]:
        kinds = [kind for kind, key in (("section", "sections"), ("item", "items"), ("round_table", "round_tables"))
                 for _ in fields.get(key, ())]
        return st.permutations(kinds).map(lambda order: model(**fields, order=tuple(order)))

    return build


SECTION = _block().map(lambda d: Section(**d))
ITEM = _block(sections=st.lists(SECTION, min_size=1, max_size=2).map(tuple)).flatmap(_in_any_order(AgendaItem))
PART = _block(
    sections=st.lists(SECTION, min_size=1, max_size=2).map(tuple), items=st.lists(ITEM, min_size=1, max_size=3).map(tuple)
).flatmap(_in_any_order(AgendaPart))
ACTION = st.builds(
    lambda owner, text, day: FollowUpAction(owner=owner, text=text, due=day),
    MEMBER, TEXT, st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PART, max_size=4), st.lists(ACTION, max_size=3), st.booleans(), st.booleans())
def test_generated_agendas_parse_back_to_themselves(
    agenda: list[AgendaPart], actions: list[FollowUpAction], introduction: bool, conclusion: bool
) -> None:
    prose = []
    if introduction:
        prose.append(Prose(after_part=0, text="## Introduction\n\nLa séance s'ouvre à 14 heures."))
    if conclusion and agenda:
        prose.append(Prose(after_part=len(agenda), text="## Conclusion\n\nLa séance est levée."))
    body = write_body(agenda, actions, prose)
    parsed = parse_body(body)
    assert parsed.problems == []
    assert parsed.agenda == tuple(agenda)
    assert parsed.actions == tuple(a.model_copy(update={"number": n}) for n, a in enumerate(actions, start=1))
    assert parsed.prose == tuple(prose)
    assert write_body(parsed.agenda, parsed.actions, parsed.prose) == body


def test_text_under_an_action_before_any_heading_is_reported_not_a_crash() -> None:
    problems = [(p.code, p.line, p.column) for p in parse_body("- Action : @x — t\n  - sub\n").problems]
    assert ("unplaced-text", 2, 3) in problems


FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))

# Lines a secretary's body is made of, shuffled and nested at random: whatever
# the order, the parser reports problems and never raises.
_BODY_LINES = st.sampled_from(
    [
        "## I. Partie", "## II. Autre", "### a) Point", "### b) Autre point", "#### Sous-titre", "## Conclusion",
        "#### Tour de table", "### Tour de table des délégations", "Intervenant : @cmoreau", "Support : [x](a.pdf)",
        "Durée : 25 min", "- Décision : texte", "- Vigilence : texte", "- Action : @x — texte — échéance 2026-01-01",
        "- Action : @x — t", "  - sous-point", "    - sous-sous-point", "- **DD 04, DD 05** : texte",
        "  - Réponse de **Dr X (Org)** : oui", "- @mroux : Question : texte", "Un paragraphe.", "", "<!-- note -->",
        "```", "> citation", "1. liste", "- ", "| a | b |", "![image](a.png)",
    ]
)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(st.lists(_BODY_LINES, max_size=30))
def test_any_arrangement_of_the_conventions_parses_without_raising(lines: list[str]) -> None:
    parse_body("\n".join(lines) + "\n")
