"""Records that attack the documents: every field a document prints, in
every kind of document, holds Markdown, HTML, raw Word XML, pandoc attribute
syntax, TeX and YAML metadata lines, and all of it comes out as the words
written, in Markdown as in Word.

One hostile college is built and rendered once for the module (pandoc costs
about 0.2 s a Word file); the tests then read what was written. Each field
gets its own tag, so a failure names the field that let something through.

Plain fields (names, titles, points...) must come out literally even when
the Markdown is read with pandoc's extensions on (raw HTML, raw attributes,
raw TeX; only typographic quotes off, as collegekit reads it) and as GitHub
reads it: the escaping alone protects them. Prose fields (a meeting's text, a plan's introduction, a section's
text, a review's summary) are Markdown on purpose: their formatting is kept,
but raw Word XML, HTML and TeX, and YAML metadata lines, come out as text
when read the way collegekit reads them (`pandoc.READER`).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pypandoc
import pytest
from ruamel.yaml import YAML

from collegekit.render.pandoc import READER
from tests.conftest import BASE_RECORDS, CASES, run_cli

TODAY = "2025-02-01"  # the 2024 plan's review is presented, 2025 has just begun


def hostile(tag: str) -> str:
    """One line of plain text that would be markup if it were not escaped."""
    return (
        f"{tag} <w:p><w:r><w:t>INJECTED-{tag}</w:t></w:r></w:p> "
        f"`<w:r><w:t>INJECTED-{tag}-CODE</w:t></w:r>`{{=openxml}} "
        '[x]{custom-style="Title"} {.attr} {#ident} <script>alert(1)</script> '
        r"\textbf{tex} $m$ ~z~ ^s^ @cite &amp; *e* __u__ | # [^1] <!-- c --> \\"
    )


def at_line_start(prefix: str, tag: str) -> str:
    """Plain text that templates print at the start of a line, opening with a block marker."""
    return f"{prefix} {hostile(tag)}"


def web_address(tag: str) -> str:
    """An http address: `link()` writes it as an autolink, unescaped, so it
    may hold anything but spaces, < > \\ and backticks."""
    return f'https://visio.example/{tag}/{{=openxml}}*e*_u_$m$~z~^s^[x]{{custom-style="Title"}}@cite|#{{.attr}}'


def multiline(tag: str) -> str:
    """A plain field written over several lines: each line a block of its own
    in Markdown if it were not flattened and escaped."""
    return "\n".join(
        [
            f"1. {tag} premier",
            "# Titre pirate",
            "- puce",
            "> citation",
            '::: {custom-style="Title"}',
            "```{=openxml}",
            f"<w:p><w:r><w:t>INJECTED-{tag}-BLOC</w:t></w:r></w:p>",
            "```",
            "---",
            f"title: pirate {tag}",
            "---",
            "| a | b |",
        ]
    )


def prose(tag: str) -> str:
    """Markdown prose with raw Word XML, HTML, TeX, pandoc spans and divs with
    their attributes, and a YAML metadata block."""
    return "\n".join(
        [
            f"{tag} <w:p><w:r><w:t>INJECTED-{tag}</w:t></w:r></w:p> et <div>html</div> et "
            r"\begin{center}tex\end{center}.",
            "",
            "```{=openxml}",
            f"<w:p><w:r><w:t>INJECTED-{tag}-BLOC</w:t></w:r></w:p>",
            "```",
            "",
            f"Et `<w:p><w:r><w:t>INJECTED-{tag}-CODE</w:t></w:r></w:p>`{{=openxml}}.",
            "",
            f'Un [titre {tag}]{{custom-style="Title"}} et un [lien](https://x.example){{.attr}}.',
            "",
            '::: {custom-style="Title"}',
            f"bloc stylé {tag}",
            ":::",
            "",
            "---",
            f"title: titre pirate {tag}",
            "---",
            "",
        ]
    )


def prose_words(tag: str) -> list[str]:
    """What a reader must see of `prose(tag)`."""
    return [
        f"{tag} <w:p><w:r><w:t>INJECTED-{tag}</w:t></w:r></w:p> et <div>html</div> et "
        r"\begin{center}tex\end{center}.",
        f"<w:p><w:r><w:t>INJECTED-{tag}-BLOC</w:t></w:r></w:p>",
        f"<w:p><w:r><w:t>INJECTED-{tag}-CODE</w:t></w:r></w:p>",
        f'[titre {tag}]{{custom-style="Title"}}',
        '{.attr}',
        '::: {custom-style="Title"}',
        f"titre pirate {tag}",
    ]


def flat(text: str) -> str:
    return " ".join(text.split())


# Fields printed at the start of a line, or written over several lines; the
# others hold `hostile(tag)`, the prose fields `prose(tag)`.
SHAPES = {
    "AXISDESC": lambda tag: at_line_start("-", tag),
    "ORIENTDESC": lambda tag: at_line_start(">", tag),
    "AREVIEW": lambda tag: at_line_start(":::", tag),
    "DESC": multiline,
    "VIDEO": web_address,
    "MLINK": web_address,
}
PROSE_TAGS = frozenset({"BODY", "INTRO", "SUMMARY", "ARTICLETEXT", "EDITORIAL", "BOXTEXT"})


def planted(tag: str) -> str:
    """The value planted in the field tagged `tag`."""
    if tag in PROSE_TAGS:
        return prose(tag)
    return SHAPES.get(tag, hostile)(tag)


def plain_words(tag: str) -> str:
    """What a reader must see of a plain field: its words, one space between them."""
    return flat(planted(tag))


_yaml = YAML()
_yaml.preserve_quotes = True
_yaml.width = 4096


def _edit_yaml(path: Path, change: Any) -> None:
    data = _yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    buffer = io.StringIO()
    _yaml.dump(data, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _edit_meeting(path: Path, change: Any, body: str) -> None:
    """Plant values as the first form of meeting files held them (the agenda
    in the front matter, texts plain), then convert the file: the body gets
    the agenda, the texts escaped as Markdown, the prose kept."""
    from collegekit.minutes.convert import convert_file

    _, front, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    data = _yaml.load(front)
    data["agenda"] = [{"title": "Partie", "items": [{"title": "Point"}]}]
    change(data)
    buffer = io.StringIO()
    _yaml.dump(data, buffer)
    path.write_text(f"---\n{buffer.getvalue()}---\n{body}", encoding="utf-8")
    assert convert_file(path)


def plant(root: Path) -> set[str]:
    """Hostile values in every field some document prints; the tags used."""
    used: set[str] = set()

    def value(tag: str) -> str:
        used.add(tag)
        return planted(tag)

    def college(data: Any) -> None:
        data["name"] = value("COLLEGE")
        data["agency"] = value("AGENCY")
        data["head_office"]["name"] = value("SIEGE")
        data["departements"][1]["name"] = value("DEPT")  # 84, bdupont's site
        data["steering_committee"] = value("COMITE")
        data["functions"][0]["name"] = value("FONCTION")

    _edit_yaml(root / "college.yaml", college)
    _edit_yaml(root / "members" / "amartin.yaml", lambda data: data.update(last_name=value("NAME")))

    def meeting(data: Any) -> None:
        data["title"] = value("MTITLE")
        data["theme"] = value("THEME")
        data["place"] = value("PLACE")
        data["video_link"] = value("VIDEO")
        data["recipients"] = [value("RECIPIENT")]
        data["guests"] = [{"name": value("GUEST"), "role": value("GROLE"), "organisation": value("GORG")}]
        data["actions"] = [{"owner": "bdupont", "text": value("FOLLOWUP"), "due": "2024-04-30"}]
        part = data["agenda"][0]
        part["title"] = value("PART")
        item = part["items"][0]
        item["title"] = value("ITEM")
        # A person is written « Dr Name (Organisation) » in the body.
        item["speakers"] = ["amartin", {"name": "Dr " + value("SPEAKER"), "organisation": value("SORG")}]
        item["material"] = [{"title": value("MATERIAL"), "file": "veille.pdf"}, {"link": value("MLINK")}]
        item["points"] = [
            value("POINT"),
            {"kind": ["alert"], "text": value("ALERT")},
            {"kind": ["vigilance"], "text": value("VIGILANCE")},
            {"kind": ["decision"], "text": value("DECISION")},
        ]
        item["sections"] = [
            {
                "title": value("SECTION"),
                "points": [value("SPOINT")],
                "round_table": [
                    {
                        "by": {"name": "Dr " + value("TOUR")},
                        "points": [value("TPOINT")],
                        "reply": {"by": {"member": "amartin"}, "text": value("REPLY")},
                    }
                ],
            }
        ]

    _edit_meeting(root / "meetings" / "2024-03-12-pleniere.md", meeting, value("BODY"))

    def work_plan(data: Any) -> None:
        data["title"] = value("PTITLE")
        data["introduction"] = value("INTRO")
        axis = data["axes"][0]
        axis["title"] = value("AXIS")
        axis["description"] = value("AXISDESC")
        action = axis["actions"][0]
        action.update(
            number=2,  # after the orientation's action, first in the file
            title=value("ACTION"),
            description=value("DESC"),
            indicators=[value("INDICATOR")],
            contributors=["bdupont"],
            territory=["84"],
            status="in-progress",
            progress=50,
            review=value("AREVIEW"),
        )
        axis["orientations"] = [
            {
                "title": value("ORIENT"),
                "description": value("ORIENTDESC"),
                "actions": [{"number": 1, "title": value("OACTION"), "owner": "amartin"}],
            }
        ]
        axis["boxes"] = [{"title": value("BOXTITLE"), "text": value("BOXTEXT")}]
        data["subtitle"] = value("PSUBTITLE")
        data["label"] = value("PLABEL")
        data["axis_label"] = value("AXLABEL")
        data["editorial"] = {"text": value("EDITORIAL"), "author": value("EDAUTHOR"), "role": value("EDROLE")}
        data["figures"] = [{"value": value("FIGVALUE"), "label": value("FIGLABEL")}]
        data["images"] = [{"file": "annexes/carte.png", "alt": "Carte", "caption": value("CAPTION")}]
        data["territories"] = [
            {
                "departement": "84",
                "description": value("TERRDESC"),
                "projects": [
                    {"title": value("PROJECT"), "place": value("PROJPLACE"), "description": value("PROJDESC"), "actions": [1]}
                ],
            }
        ]
        data["glossary"] = [{"term": value("TERM"), "definition": value("DEFINITION")}]
        data["review"] = {"presented_on": "2025-01-20", "summary": value("SUMMARY")}

    _edit_yaml(root / "plans" / "2024-work.yaml", work_plan)
    (root / "plans" / "annexes").mkdir()
    shutil.copy(CASES / "image-not-allowed" / "records" / "meetings" / "annexes" / "carte.png", root / "plans" / "annexes")
    rules = {
        "title": value("RTITLE"),
        "status": "validated",
        "presented_on": "2024-03-12",
        "sections": [{"title": value("ARTICLE"), "text": value("ARTICLETEXT")}],
    }
    buffer = io.StringIO()
    _yaml.dump(rules, buffer)
    (root / "plans" / "2024-rules.yaml").write_text(buffer.getvalue(), encoding="utf-8")

    def fiche(data: Any) -> None:
        data["post_title"] = value("POST")
        data["service"] = value("FSERVICE")
        data["line_manager"] = {"name": value("MANAGER"), "title": value("MANAGERTITLE")}
        activity = data["activities"]["regional"][0]
        activity["title"] = value("ACTIVITY")
        activity["description"] = value("ACTDESC")

    _edit_yaml(root / "fiches" / "amartin.yaml", fiche)
    return used


@dataclass(frozen=True)
class Kind:
    """A kind of document: how to make it, where it goes, which planted fields it shows."""

    name: str
    docx: str  # relative to the output folder
    markdown: str
    plain: tuple[str, ...]
    prose: tuple[str, ...] = ()
    commands: tuple[tuple[str, ...], ...] = field(default=())


MEETING = "2024-03-12-pleniere"
MEETING_FIELDS = (
    "COLLEGE", "NAME", "MTITLE", "THEME", "PLACE", "GUEST", "GROLE", "GORG",
    "PART", "ITEM", "SPEAKER", "SORG", "MATERIAL", "MLINK", "SECTION",
)  # fmt: skip
KINDS = [
    Kind(
        "minutes",
        f"comptes-rendus/{MEETING}-compte-rendu.docx",
        f"comptes-rendus/{MEETING}-compte-rendu.md",
        (*MEETING_FIELDS, "DEPT", "RECIPIENT", "FOLLOWUP", "POINT", "ALERT", "VIGILANCE", "DECISION", "SPOINT",
         "TOUR", "TPOINT", "REPLY"),
        ("BODY",),
    ),
    Kind(
        "agenda",
        f"ordres-du-jour/{MEETING}-ordre-du-jour.docx",
        f"ordres-du-jour/{MEETING}-ordre-du-jour.md",
        (*MEETING_FIELDS, "DEPT", "COMITE", "VIDEO"),
    ),
    Kind(
        "plan",
        "plans/2024-plan-de-travail.docx",
        "plans/2024-plan-de-travail.md",
        ("COLLEGE", "NAME", "DEPT", "PTITLE", "AXIS", "AXISDESC", "ACTION", "DESC", "INDICATOR", "ORIENT",
         "ORIENTDESC", "OACTION", "TERM", "DEFINITION", "PSUBTITLE", "PLABEL", "AXLABEL", "EDAUTHOR", "EDROLE",
         "FIGVALUE", "FIGLABEL", "CAPTION", "BOXTITLE", "TERRDESC", "PROJECT", "PROJPLACE", "PROJDESC"),
        ("INTRO", "EDITORIAL", "BOXTEXT"),
    ),
    Kind(
        "plan (text in sections)",
        "plans/2024-reglement-interieur.docx",
        "plans/2024-reglement-interieur.md",
        ("COLLEGE", "RTITLE", "ARTICLE"),
        ("ARTICLETEXT",),
    ),
    Kind(
        "review",
        "bilans/2024-bilan-plan-de-travail.docx",
        "bilans/2024-bilan-plan-de-travail.md",
        ("COLLEGE", "NAME", "PTITLE", "AXIS", "ACTION", "ORIENT", "OACTION", "AREVIEW", "PLABEL", "AXLABEL"),
        ("SUMMARY",),
    ),
    Kind(
        "fiche",
        "fiches-de-poste/amartin-fiche-de-poste.docx",
        "fiches-de-poste/amartin-fiche-de-poste.md",
        ("COLLEGE", "NAME", "DEPT", "POST", "FSERVICE", "MANAGER", "MANAGERTITLE", "ACTIVITY", "ACTDESC",
         "FONCTION"),
    ),
    Kind(
        "compliance",
        "obligations.docx",
        "obligations.md",
        ("COLLEGE", "NAME"),
        commands=(
            ("compliance", "--year", "2024", "--today", TODAY, "--out", "{out}/obligations.docx"),
            ("compliance", "--year", "2024", "--today", TODAY, "--out", "{out}/obligations.md"),
        ),
    ),
    Kind(
        "coverage",
        "couverture.docx",
        "couverture.md",
        ("COLLEGE", "NAME", "DEPT", "FONCTION"),
        commands=(
            ("coverage", "--today", TODAY, "--out", "{out}/couverture.docx"),
            ("coverage", "--today", TODAY, "--out", "{out}/couverture.md"),
        ),
    ),
    Kind(
        "attendance-report",
        "participation.docx",
        "participation.md",
        ("COLLEGE", "NAME", "MTITLE"),
        commands=(
            ("attendance-report", "--year", "2024", "--today", TODAY, "--format", "docx", "--no-charts",
             "--out", "{out}/participation.docx"),
            ("attendance-report", "--year", "2024", "--today", TODAY, "--format", "md", "--no-charts",
             "--out", "{out}/participation.md"),
        ),
    ),
    Kind(
        "attendance-certificate",
        "attestation.docx",
        "attestation.md",
        ("COLLEGE", "AGENCY", "SIEGE", "NAME", "MTITLE", "THEME"),
        commands=(
            ("attendance-certificate", "amartin", "--year", "2024", "--today", TODAY,
             "--out", "{out}/attestation.docx"),
            ("attendance-certificate", "amartin", "--year", "2024", "--today", TODAY,
             "--out", "{out}/attestation.md"),
        ),
    ),
]  # fmt: skip


ALL_KINDS = [pytest.param(kind, id=kind.name) for kind in KINDS]


@pytest.fixture(scope="module")
def hostile_records(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """The hostile college, which lint finds valid, and the tags planted in it."""
    records = tmp_path_factory.mktemp("hostile") / "records"
    shutil.copytree(BASE_RECORDS, records)
    tags = plant(records)
    exit_code, output = run_cli("lint", "--records", str(records), "--today", TODAY)
    assert exit_code == 0, output  # valid records: nothing stops a hostile value but the escaping
    return records, tags


@pytest.fixture(scope="module")
def out(hostile_records: tuple[Path, set[str]]) -> Path:
    """Every document of the table, rendered once."""
    records, _ = hostile_records
    out = records.parent / "out"
    exit_code, output = run_cli("render", "all", "--records", str(records), "--out", str(out))
    assert exit_code == 0, output
    for kind in KINDS:
        for command in kind.commands:
            arguments = [argument.replace("{out}", str(out)) for argument in command]
            exit_code, output = run_cli(*arguments, "--records", str(records))
            assert exit_code == 0, (kind.name, output)
    return out


def test_every_field_planted_is_checked_somewhere(hostile_records: tuple[Path, set[str]]) -> None:
    # A tag no document lists would be a field whose escaping nobody checks.
    _, tags = hostile_records
    assert {tag for kind in KINDS for tag in (*kind.plain, *kind.prose)} == tags
    assert {tag for kind in KINDS for tag in kind.prose} == PROSE_TAGS


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_INJECTED_ELEMENT = re.compile(r"<(?:w:)?t(?:\s[^>]*)?>\s*INJECTED")


def _xml_parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")}


def word_paragraphs(docx: Path) -> list[str]:
    """The visible text of each paragraph of the body: its w:t, w:br as a line break."""
    root = ElementTree.fromstring(_xml_parts(docx)["word/document.xml"])
    paragraphs = []
    for paragraph in root.iter(f"{W}p"):
        pieces = []
        for element in paragraph.iter():
            if element.tag == f"{W}t":
                pieces.append(element.text or "")
            elif element.tag in (f"{W}br", f"{W}cr"):
                pieces.append("\n")
            elif element.tag == f"{W}tab":
                pieces.append("\t")
        paragraphs.append(_spaces("".join(pieces)))
    return paragraphs


def _spaces(text: str) -> str:
    # French typography turns some spaces into non-breaking ones.
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def markdown_as_text(path: Path, reader: str, links_as_text: Path) -> str:
    text = pypandoc.convert_file(
        str(path), "plain", format=reader,
        extra_args=["--wrap=none", "--columns=100000", f"--lua-filter={links_as_text}"],
    )  # fmt: skip
    return _spaces(text)


# Plain fields: every extension on but typographic quotes (collegekit's reader
# has them off too), and GitHub's reader. Prose: collegekit's reader.
PLAIN_READERS = ("markdown-smart", "gfm")


@pytest.fixture(scope="module")
def read_back(out: Path) -> dict[tuple[str, str], str]:
    """Each Markdown file read back as plain text by each reader, pandoc
    running on every core at once. A link shows its text: as plain text,
    pandoc would write an address's percent-encoded target instead."""
    links_as_text = out.parent / "links-as-text.lua"
    links_as_text.write_text("function Link(link) return link.content end\n", encoding="utf-8")
    jobs = [(kind, reader) for kind in KINDS for reader in (*PLAIN_READERS, *((READER,) if kind.prose else ()))]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        texts = list(pool.map(lambda job: markdown_as_text(out / job[0].markdown, job[1], links_as_text), jobs))
    return {(kind.name, reader): text for (kind, reader), text in zip(jobs, texts, strict=True)}


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_no_raw_word_xml_gets_in(out: Path, kind: Kind) -> None:
    parts = _xml_parts(out / kind.docx)
    for name, xml in parts.items():
        assert not _INJECTED_ELEMENT.search(xml), f"{name}: {_INJECTED_ELEMENT.search(xml)}"
        assert "<script" not in xml and "<b>" not in xml and "<div" not in xml, name
    # The words are there, escaped as XML text inside a run.
    document = parts["word/document.xml"]
    for tag in (*kind.plain, *kind.prose):
        if f"<w:t>INJECTED-{tag}" in planted(tag):
            assert f"&lt;w:t&gt;INJECTED-{tag}" in document, tag
    # No metadata block in a record retitles the document.
    assert "pirate" not in parts["docProps/core.xml"]


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_word_shows_the_words_literally(out: Path, kind: Kind) -> None:
    text = "\n".join(word_paragraphs(out / kind.docx))
    for tag in kind.plain:
        assert_every_copy_whole(text, tag)
    for tag in kind.prose:
        for words in prose_words(tag):
            assert words in text, (tag, words, _around(text, tag))


@pytest.mark.parametrize("reader", PLAIN_READERS)
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_markdown_shows_plain_fields_literally(read_back: dict[tuple[str, str], str], kind: Kind, reader: str) -> None:
    # Raw HTML, raw attributes and raw TeX on, or as the forge shows it: the
    # escaping alone keeps the words.
    text = read_back[kind.name, reader]
    for tag in kind.plain:
        assert_every_copy_whole(text, tag)


@pytest.mark.parametrize("kind", [kind for kind in ALL_KINDS if kind.values[0].prose])
def test_markdown_shows_prose_raw_parts_as_text(read_back: dict[tuple[str, str], str], kind: Kind) -> None:
    text = read_back[kind.name, READER]
    for tag in kind.prose:
        for words in prose_words(tag):
            assert words in text, (tag, words, _around(text, tag))


def assert_every_copy_whole(text: str, tag: str) -> None:
    """The planted words are there, and wherever the document shows them
    (a title printed in a heading and in a table), whole: every mention of
    the tag belongs to a complete copy. (A copy's line breaks are spaces: a
    complete copy never spans two paragraphs.)"""
    words = plain_words(tag)
    mention = re.compile(rf"\b{tag}\b")
    copies = text.count(words)
    assert copies >= 1, (tag, _around(text, tag))
    assert len(mention.findall(text)) == copies * len(mention.findall(words)), (tag, _around(text, tag, after=False))


def _around(text: str, tag: str, after: bool = True) -> str:
    """Where the tag is (its first mention, or its first mangled one) for the failure message."""
    index = text.find(tag)
    if not after:
        # The first mention outside a complete copy.
        whole = plain_words(tag)
        for match in re.finditer(rf"\b{tag}\b", text):
            start = text.rfind(whole, 0, match.end())
            if start < 0 or start + len(whole) < match.end():
                index = match.start()
                break
    return text[max(0, index - 40) : index + 500] if index >= 0 else f"{tag} absent"
