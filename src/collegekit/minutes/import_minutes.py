"""`collegekit import-minutes`: a Word document read back into the body
conventions of the meeting file.

The document may be the note-taking draft filled in (collegekit.minutes.draft),
the rendered minutes, or minutes written in Word from scratch. What the file
holds is read by collegekit.minutes.word_file (pandoc's JSON AST, Word's
heading numbering, comments, properties); here it is mapped onto the
conventions of collegekit.minutes.labels.

Whatever the mapping cannot place (a table other than the attendance, an
image, a footnote, text before the first heading...) is listed in
`Imported.unplaced`, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from collegekit import french
from collegekit.diagnostics import CollegekitError
from collegekit.minutes.draft import DRAFT_GUIDE_HEADING
from collegekit.minutes.word_file import (
    check_word_file,
    document_properties,
    heading_numbering,
    read_ast,
    review_marks,
)
from collegekit.records import College


class NothingRecognised(CollegekitError):
    """A readable Word document in which nothing is a heading, a point or a table to tick."""

    exit_code = 1


# --- Inlines --------------------------------------------------------------------

# Word's typography back to the records' plain characters: special spaces as
# spaces (French typography puts its non-breaking spaces back when the minutes
# are rendered), its curly apostrophe as the apostrophe the labels are written with.
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u2019": "'"}
# Characters that mean something anywhere in a line of the body. `@` is left
# alone: "Action : @cmoreau" typed in Word is the convention itself.
_INLINE_SPECIAL = frozenset("\\`*_[]<>")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# What opens a block at the start of a line: a list marker, a quote, a heading,
# a numbered item ("1." "1)"), a thematic break.
_BLOCK_START = re.compile(r"^(?:[-+*](?=\s|$)|>|#{1,6}(?=\s|$)|\d{1,9}[.)](?=\s|$))")


def plain(text: str) -> str:
    """Word's text in the records' characters (see _SPACES)."""
    for special, space in _SPACES.items():
        text = text.replace(special, space)
    return text


def escape_text(text: str) -> str:
    escaped = "".join("\\" + char if char in _INLINE_SPECIAL else char for char in plain(text))
    return _ENTITY.sub(lambda match: "\\" + match[0], escaped)


def safe_start(markdown: str) -> str:
    """A paragraph or point that would otherwise open a list, a quote or a heading."""
    match = _BLOCK_START.match(markdown)
    if not match:
        return markdown
    if match[0][0].isdigit():
        return match[0][:-1] + "\\" + markdown[len(match[0]) - 1 :]
    return "\\" + markdown


def text_of(inlines: Iterable[dict[str, Any]]) -> str:
    """The plain text of inlines, spaces made ordinary, runs of spaces as one."""
    parts: list[str] = []
    for inline in inlines:
        kind, content = inline.get("t"), inline.get("c")
        if kind == "Str":
            parts.append(plain(content))
        elif kind in ("Space", "SoftBreak"):
            parts.append(" ")
        elif kind == "LineBreak":
            parts.append("\n")
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            parts.append(text_of(content))
        elif kind in ("Span", "Link", "Cite"):
            parts.append(text_of(content[1] if kind != "Cite" else content[1]))
        elif kind == "Quoted":
            parts.append("«\u00a0" + text_of(content[1]) + "\u00a0»")
        elif kind in ("Code", "Math"):
            parts.append(plain(content[1]))
    return re.sub(r"[ \t]+", " ", "".join(parts)).strip(" ")


@dataclass
class Lost:
    """What a mapping could not place, in French, with where it was."""

    items: list[str] = field(default_factory=list)

    def add(self, what: str, where: str, excerpt: str = "") -> None:
        excerpt = _excerpt(excerpt)
        self.items.append(f"{what} ({where}){' : « ' + excerpt + ' »' if excerpt else ''}")


def _excerpt(text: str, length: int = 70) -> str:
    text = " ".join(plain(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class InlineWriter:
    """Pandoc inlines as body Markdown; images, footnotes and raw Word content
    go to `lost` (with `where`) instead of into the text."""

    def __init__(self, lost: Lost) -> None:
        self.lost = lost
        self.where = ""

    def markdown(self, inlines: Iterable[dict[str, Any]]) -> str:
        text = "".join(self._inline(inline) for inline in inlines)
        return re.sub(r"[ \t]+", " ", text).strip(" ")

    def _inline(self, inline: dict[str, Any]) -> str:
        kind, content = inline.get("t"), inline.get("c")
        if kind == "Str":
            return escape_text(content)
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind == "LineBreak":
            return "\n"
        if kind == "Emph":
            return self._delimited("*", content)
        if kind == "Strong":
            return self._delimited("**", content)
        if kind in ("Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            return self.markdown(content)
        if kind == "Span":
            return self.markdown(content[1])
        if kind == "Cite":
            return self.markdown(content[1])
        if kind == "Quoted":
            return "«\u00a0" + self.markdown(content[1]) + "\u00a0»"
        if kind in ("Code", "Math"):
            code = plain(content[1])
            fence = "``" if "`" in code else "`"
            return f"{fence}{code}{fence}" if kind == "Code" else escape_text(code)
        if kind == "Link":
            label, (address, _title) = self.markdown(content[1]), content[2]
            if not address:
                return label
            if label in (address, escape_text(address)) and re.match(r"^https?://\S+$", address):
                return f"<{address}>"
            return f"[{label}]({address.replace(' ', '%20').replace(')', '%29')})"
        if kind == "Image":
            self.lost.add("image", self.where, text_of(content[1]))
            return ""
        if kind == "Note":
            note = " ".join(text_of(block.get("c", [])) for block in content if block.get("t") in ("Para", "Plain"))
            self.lost.add("note de bas de page", self.where, note)
            return ""
        if kind == "RawInline":
            return ""
        return ""

    def _delimited(self, mark: str, content: list[dict[str, Any]]) -> str:
        inner = self.markdown(content)
        # Word often makes the space beside a bold word bold too: "**mot **" is
        # not emphasis in Markdown, so spaces go outside the marks.
        stripped = inner.strip()
        if not stripped:
            return inner
        before = " " if inner[:1].isspace() else ""
        after = " " if inner[-1:].isspace() else ""
        return f"{before}{mark}{stripped}{mark}{after}"


# --- Members by name ------------------------------------------------------------


def name_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", plain(text)).casefold().split())


class MemberLookup:
    """A member's id from the name a document shows (« Dr Claire Moreau »,
    « Claire Moreau », « Moreau Claire », or the id itself); None when no
    member, or more than one, has that name."""

    def __init__(self, college: College) -> None:
        self._ids: dict[str, set[str]] = {}
        for member_id, member in college.members.items():
            for name in (
                member.display_name,
                member.full_name,
                f"{member.last_name} {member.first_name}",
                member_id,
                "@" + member_id,
            ):
                self._ids.setdefault(name_key(name), set()).add(member_id)

    def find(self, name: str) -> str | None:
        ids = self._ids.get(name_key(name), set())
        return next(iter(ids)) if len(ids) == 1 else None


def split_names(text: str) -> list[str]:
    """« A, B et C (X, Y) » → ["A", "B", "C (X, Y)"]: commas and « et » outside parentheses."""
    names, depth, current = [], 0, ""
    index = 0
    while index < len(text):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if depth == 0 and (char in ",;" or text.startswith(" et ", index)):
            names.append(current)
            current = ""
            index += 1 if char in ",;" else 4
            continue
        current += char
        index += 1
    names.append(current)
    return [name.strip() for name in names if name.strip()]


def _with_own_article(piece: str) -> bool:
    """« la DGOS », « l'ARS », « les URPS », « le CHU »: a name with the
    article it takes of its own (french.NAME_ARTICLES), not a role."""
    words = piece.replace("’", "'").split(" ", 1)
    elided = words[0].split("'", 1)
    return (len(words) == 2 and words[0] in french.NAME_ARTICLES and words[0] != "l'") or (
        len(elided) == 2 and elided[0] == "l" and elided[1][:1].isupper()
    )


# --- Labels: the words of collegekit.minutes.labels ----------------------------------


def label_kinds(text: str) -> tuple[str, ...] | None:
    """The kinds a point's label names (« Question et point de vigilance » →
    question, vigilance; « Action » → action), or None when `text` is not a label."""
    from collegekit.minutes import labels

    text = plain(text).strip()
    if labels.is_one_of(text, (labels.ACTION_LABEL,)):
        return ("action",)
    kinds = labels.kinds_of(text)
    return tuple(kind.value for kind in kinds) if kinds else None


_LINE = re.compile(r"^(?P<label>[^\W\d][\w ]*?)\s*:\s*(?P<value>.*)$")
_MINUTES = re.compile(r"^(?P<minutes>\d+)\s*min")


def line_kind(text: str) -> tuple[str, str] | None:
    """A line right under a heading: ("speakers" | "material" | "duration", its value)."""
    from collegekit.minutes import labels

    match = _LINE.match(plain(text).replace("**", "").strip())
    if match is None:
        return None
    for kind, words in (
        ("speakers", labels.SPEAKERS_LABELS),
        ("material", labels.MATERIAL_LABELS),
        ("duration", labels.DURATION_LABELS),
    ):
        if labels.is_one_of(match["label"], words):
            return kind, match["value"]
    return None


def agenda_line(text: str) -> bool:
    """Whether a line of a body is a speakers, material or duration line."""
    return line_kind(text) is not None


_HEADING_LINE = re.compile(r"^#{2,6}\s+(?P<text>.*?)\s*#*\s*$")


def keep_planned_durations(current: str, imported: str) -> tuple[str, int]:
    """The imported body with the planned durations of the current one put
    back under the same headings, and how many were.

    A duration is the agenda's, not the minutes': the minutes document does
    not show it, so minutes imported from that document would drop every
    « Durée : » line of the record, and the agenda rendered afterwards its
    planned times. Headings are matched by their text and, for a text that
    comes back, by its occurrence; a heading that already has a duration in
    the imported body keeps that one."""
    planned: dict[tuple[str, int], str] = {}
    for heading, meta in _headed_lines(current.splitlines()):
        duration = next((line for line in meta if (line_kind(line) or ("",))[0] == "duration"), None)
        if duration is not None:
            planned[heading] = duration
    if not planned:
        return imported, 0
    lines = imported.splitlines()
    put_back = 0
    # From the end, so that an insertion does not move the places still to come.
    for heading, start, end in reversed(list(_heading_places(lines))):
        duration = planned.get(heading)
        meta = lines[start:end]
        if duration is None or any((line_kind(line) or ("",))[0] == "duration" for line in meta):
            continue
        lines[end:end] = [duration] if meta else [duration, ""]
        put_back += 1
    return "\n".join(lines) + ("\n" if imported.endswith("\n") else ""), put_back


def _heading_places(lines: list[str]) -> Iterator[tuple[tuple[str, int], int, int]]:
    """Each heading, keyed by its text and occurrence, with where its lines
    right under it (speakers, material, duration) start and end: after the
    heading and one blank line."""
    seen: dict[str, int] = {}
    for index, line in enumerate(lines):
        match = _HEADING_LINE.match(line)
        if match is None:
            continue
        text = " ".join(match["text"].split())
        seen[text] = seen.get(text, 0) + 1
        start = index + 1
        if start < len(lines) and not lines[start].strip():
            start += 1
        end = start
        while end < len(lines) and agenda_line(lines[end]):
            end += 1
        yield (text, seen[text]), start, end


def _headed_lines(lines: list[str]) -> Iterator[tuple[tuple[str, int], list[str]]]:
    for heading, start, end in _heading_places(lines):
        yield heading, lines[start:end]


def is_round_table(title: str) -> bool:
    from collegekit.minutes import labels

    return labels.is_round_table_title(plain(title))


def reply_prefix() -> re.Pattern[str]:
    from collegekit.minutes import labels

    return re.compile(rf"^{labels.REPLY_OPENING}", re.IGNORECASE)


# --- The document, mapped onto the body conventions --------------------------------

# Numbered headings as a secretary types them: « I. », « II) », « III - » for
# parts (up to XXXIX), « a) », « b. » for items.
_PART = re.compile(r"^(?P<number>X{0,3}(?:IX|IV|V?I{0,3}))(?:\s*[.)]|\s+[-–—])\s*(?:[-–—]\s+)?(?P<title>\S.*)$")
_ITEM = re.compile(r"^(?P<letter>[a-z])\s*[).]\s*(?:[-–—]\s+)?(?P<title>\S.*)$")

# In a document collegekit made, what comes from the meeting's front matter
# rather than from its body: recognised to be left out (and said so), never
# imported as minutes.
GENERATED_HEADINGS = ("participants", "suites à donner", "présences", "membres convoqués", "intervenants extérieurs")
_GENERATED_PARAGRAPH = re.compile(
    r"^(prochaine séance|participation|le quorum|destinataires|intervenants extérieurs|copie pour information)\b",
    re.IGNORECASE,
)

_HEADER_FIELD = re.compile(
    r"^(date|lieu|format|thème|présidence|visioconférence|instance|organismes?(?: participants?)?)\s*:", re.IGNORECASE
)
_GUESTS = re.compile(r"^intervenants extérieurs\s*:", re.IGNORECASE)
_STATUS = re.compile(
    r"^(compte rendu approuvé|projet de compte rendu|séance annulée|la séance n'a pas eu lieu|"
    r"le compte rendu de cette séance)",
    re.IGNORECASE,
)

_PRESENCE_COLUMNS = {
    "present": ("présent", "présente", "présents", "présent en salle", "en salle", "salle"),
    "video": ("visio", "visioconférence", "en visio", "en visioconférence", "à distance"),
    "excused": ("excusé", "excusée", "excusés", "excusé(e)"),
    "absent": ("absent", "absente", "absents", "absent(e)"),
}
_TICKS = frozenset({"x", "✓", "✔", "☑", "☒", "✗", "✘"})


@dataclass
class Imported:
    """A Word document read back: the body to write, and what to tell the user."""

    body: str
    unplaced: list[str]  # what could not be placed, in French, with where it was
    notes: list[str]  # what was changed on the way (renumbering...), in French
    attendance: dict[str, str]  # member id → present, video, excused or absent, as ticked
    attendance_problems: list[str]
    recognised: int  # headings, points and ticked rows found
    made_by: str | None  # "draft", "minutes" or None: which collegekit document this was
    made_for: str | None = None  # the meeting a collegekit document was made from, by its properties


def made_for(properties: dict[str, str]) -> str | None:
    """The meeting a collegekit document was made from: its `source`
    property names the meeting's file (records/meetings/<id>.md)."""
    source = PurePosixPath(properties.get("source", "").replace("\\", "/"))
    if source.suffix == ".md" and source.parent.name == "meetings":
        return source.stem
    return None


def made_by(properties: dict[str, str]) -> str | None:
    command = properties.get("command", "")
    if command.startswith("collegekit draft"):
        return "draft"
    if command.startswith("collegekit render"):
        return "minutes"
    return None


class _Mapper:
    def __init__(self, college: College, numbering: dict[int, bool], made: str | None) -> None:
        self.college = college
        self.numbering = numbering
        self.made = made
        self.members = MemberLookup(college)
        self.lost = Lost()
        self.inline = InlineWriter(self.lost)
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.attendance: dict[str, str] = {}
        self.attendance_problems: list[str] = []
        self.recognised = 0
        self.top_level = 1
        self.part_level: int | None = None
        self.place: str | None = None  # None before any heading, then prose, part, item, section, skip
        self.parts = 0
        self.items = 0
        self.in_item = False
        self.round_table = False
        self.holder_level = 2  # the level of the heading a round table goes under
        self.item_word_level: int | None = None  # Word's level of the current item's and section's headings
        self.section_word_level: int | None = None
        self.prose_word_level: int | None = None  # Word's level of the heading of the current free text
        self.lines_allowed = False  # right under an agenda heading: speaker, support, duration lines
        self.heading = ""
        self.action_lines: list[str] = []
        self.after_parts: int | None = None  # where the prose after the last part starts
        self._header_noted = False
        self._header_bold_seen = False
        self._guests_next = False  # the list after « Intervenants extérieurs : » is the guests
        self._generated_noted: set[str] = set()

    # Where things are, for the list of what was not placed.
    @property
    def where(self) -> str:
        return f"sous « {_excerpt(self.heading, 50)} »" if self.heading else "avant le premier titre"

    def run(self, blocks: list[dict[str, Any]]) -> None:
        levels = [block["c"][0] for block in blocks if block.get("t") == "Header"]
        self.top_level = min(levels) if levels else 1
        for block in blocks:
            self.block(block)

    # --- Blocks

    def block(self, block: dict[str, Any]) -> None:
        kind, content = block.get("t"), block.get("c")
        self.inline.where = self.where
        if kind == "Header":
            self.header(content[0], content[2], self.numbering.get(id(block), False))
        elif kind in ("Para", "Plain"):
            self.paragraph(content)
        elif kind == "LineBlock":
            for line in content:
                self.paragraph(line)
        elif kind == "OrderedList" and self._numbered_headings(content):
            return
        elif kind in ("BulletList", "OrderedList"):
            self.listing(content if kind == "BulletList" else content[1])
        elif kind == "Table":
            self.table(block)
        elif kind == "BlockQuote":
            for inner in content:
                self.block(inner)
        elif kind == "Div":
            for inner in content[1]:
                self.block(inner)
        elif kind == "Figure":
            self.lost.add("image", self.where, text_of(_caption_inlines(content[1])))
        elif kind == "CodeBlock":
            self.paragraph([{"t": "Str", "c": content[1]}])
        elif kind == "HorizontalRule":
            return
        elif kind == "DefinitionList":
            for term, definitions in content:
                self.paragraph(term)
                for definition in definitions:
                    for inner in definition:
                        self.block(inner)
        else:
            self.lost.add("contenu non reconnu", self.where, kind or "")

    def header(self, level: int, inlines: list[dict[str, Any]], numbered: bool) -> None:
        text = text_of(inlines)
        markdown = self.inline.markdown(inlines).replace("\n", " ")
        self.heading = text
        if self.made == "draft" and text == DRAFT_GUIDE_HEADING:
            return self._skip(f"la section « {text} » du brouillon (mode d'emploi, non importée)")
        if self.made == "minutes" and self.place is None and name_key(text) == "participants":
            self.heading = ""
            return self._note_header()  # still the header: the opening prose follows it
        if self.made and name_key(text) in GENERATED_HEADINGS:
            if name_key(text) == "présences":
                # Its table's ticks are read all the same (the attendance, proposed apart).
                return self._skip(f"le texte de la section « {text} », qui vient du dossier de la séance "
                                  "(les présences cochées dans son tableau sont proposées à part)")
            return self._skip(f"la section « {text} » (elle vient du dossier de la séance, non importée)")
        part, item = _PART.match(text), _ITEM.match(text)
        if part and part["number"]:
            return self.part(level, _after_number(markdown), part["number"])
        if item:
            return self.item(level, _after_number(markdown), item["letter"])
        if numbered and level == self.top_level:
            return self.part(level, markdown, None)
        if numbered and level == self.top_level + 1 and self.parts:
            return self.item(level, markdown, None)
        if self.place == "prose" and self.prose_word_level is not None and level > self.prose_word_level:
            # A sub-heading of free text (of the conclusion...) stays in it.
            self._blank()
            self.lines.extend(["#" * min(6, 2 + level - self.prose_word_level) + " " + markdown, ""])
            return None
        if is_round_table(text) and self.parts:
            return self.section(markdown, round_table=True, word_level=level)
        if self.parts and self.part_level is not None and level > self.part_level:
            return self.section(markdown, word_level=level)
        self.prose_heading(markdown)
        self.prose_word_level = level

    def _skip(self, note: str) -> None:
        self.place = "skip"
        self.notes.append(f"Laissé de côté : {note}.")

    def part(self, level: int, title: str, number: str | None) -> None:
        from collegekit.render.context import roman

        self.after_parts = None
        self.parts += 1
        self.items, self.in_item, self.round_table = 0, False, False
        self.part_level = level
        if number is not None and number != roman(self.parts):
            self.notes.append(f"« {number}. {_excerpt(title, 50)} » devient la partie {roman(self.parts)}.")
        self.holder_level = 2
        self.item_word_level = self.section_word_level = None
        self._heading_line(2, f"{roman(self.parts)}. {title}", "part")

    def item(self, level: int, title: str, letter_written: str | None) -> None:
        from collegekit.render.context import letter

        if not self.parts:
            self.lost.add(
                "point de l'ordre du jour placé avant la première partie (repris comme titre de texte libre)",
                self.where,
            )
            return self.prose_heading(title)
        self.items += 1
        self.in_item, self.round_table = True, False
        if letter_written is not None and letter_written != letter(self.items):
            self.notes.append(f"« {letter_written}) {_excerpt(title, 50)} » devient le point {letter(self.items)}).")
        self.holder_level = 3
        self.item_word_level, self.section_word_level = level, None
        self._heading_line(3, f"{letter(self.items)}) {title}", "item")

    def section(self, title: str, round_table: bool = False, word_level: int | None = None) -> None:
        """A sub-heading. A round table belongs to the part, item or section it
        follows; as a Word heading, to the nearest one above it in level (a
        round table as high as the items, after them, is the part's)."""
        self.round_table = round_table
        if round_table:
            if word_level is not None:
                if self.section_word_level is not None and word_level > self.section_word_level:
                    pass  # the section's
                elif self.in_item and self.item_word_level is not None and word_level > self.item_word_level:
                    self.holder_level = 3
                else:
                    self.holder_level, self.in_item = 2, False
            return self._heading_line(min(6, self.holder_level + 1), title, "section")
        if word_level is not None and self.item_word_level is not None and word_level <= self.item_word_level:
            self.in_item = False  # as high as the items: a sub-heading of the part, after them
        self.holder_level = 4 if self.in_item else 3
        self.section_word_level = word_level
        self._heading_line(self.holder_level, title, "section")

    def prose_heading(self, title: str) -> None:
        if self.parts:
            self.in_item = False
            if self.place != "prose":
                self._blank()
                self.after_parts = len(self.lines)
        self.round_table = False
        self._heading_line(2, title, "prose")

    def _heading_line(self, level: int, title: str, place: str) -> None:
        self.place = place
        self.lines_allowed = place != "prose"
        self.recognised += 1
        self._blank()
        self.lines.append("#" * level + " " + title)
        self._blank()

    # --- Paragraphs

    def paragraph(self, inlines: list[dict[str, Any]]) -> None:
        text = text_of(inlines)
        if not text.strip():
            if any(inline.get("t") in ("Image", "Note") for inline in _walk_inlines(inlines)):
                self.inline.markdown(inlines)  # lists the image or the note
            return
        bold = self._bold_only(inlines) and inlines or _number_then_bold(inlines)
        if bold and self._bold_heading(text, bold):
            return
        if self.place == "skip":
            return
        if self.place is None:
            if self.made == "minutes" and not self._generated_header(inlines, text):
                self._prose_paragraph(inlines)  # the minutes' opening prose, after their header
                return
            if self.made:
                self._note_header()
                return
            self.lost.add("texte", self.where, text)
            return
        if self.made and _GENERATED_PARAGRAPH.match(text):
            key = _GENERATED_PARAGRAPH.match(text)[1].casefold()  # type: ignore[index]
            if key not in self._generated_noted:
                self._generated_noted.add(key)
                self.notes.append(f"Laissé de côté : « {_excerpt(text, 40)} » (vient du dossier de la séance).")
            return
        if self.place == "prose":
            self._prose_paragraph(inlines)
            return
        for line in _split_lines(inlines):
            if not text_of(line).strip():
                continue
            if self.lines_allowed and self._agenda_line(line):
                continue
            self.lines_allowed = False
            self.point(0, line, [])

    def _prose_paragraph(self, inlines: list[dict[str, Any]]) -> None:
        self._blank()
        self.lines.append(safe_start(self._with_breaks(inlines)))
        self._blank()

    def _note_header(self) -> None:
        if not self._header_noted:
            self._header_noted = True
            self.notes.append(
                "Laissé de côté : l'en-tête du document (titre, date, lieu, participants...), qui vient du dossier "
                "de la séance."
            )

    def _generated_header(self, inlines: list[dict[str, Any]], text: str) -> bool:
        """In minutes collegekit rendered, what their header shows from the
        front matter: the college's (or the body's) name in bold, the status in
        italics, the labelled fields, the participation, the guests, the recipients."""
        meaningful = [inline for inline in inlines if inline.get("t") not in ("Space", "SoftBreak")]
        self._guests_next = bool(_GUESTS.match(text))
        if _HEADER_FIELD.match(text) or _GENERATED_PARAGRAPH.match(text):
            return True
        if self._bold_only(inlines) and not self._header_bold_seen:
            self._header_bold_seen = True
            return True
        return bool(meaningful) and all(inline.get("t") == "Emph" for inline in meaningful) and bool(_STATUS.match(text))

    def _with_breaks(self, inlines: list[dict[str, Any]]) -> str:
        return "\\\n".join(self.inline.markdown(line) for line in _split_lines(inlines))

    def _bold_only(self, inlines: list[dict[str, Any]]) -> bool:
        meaningful = [inline for inline in inlines if inline.get("t") not in ("Space", "SoftBreak")]
        return bool(meaningful) and all(inline.get("t") == "Strong" for inline in meaningful)

    def _bold_heading(self, text: str, inlines: list[dict[str, Any]]) -> bool:
        """A paragraph all in bold that reads as a heading: « I. Titre », « a) Titre »,
        « Tour de table... », or a title inside a part (not ending with « : »)."""
        inner: list[dict[str, Any]] = [child for inline in inlines if inline.get("t") == "Strong" for child in inline["c"]]
        markdown = self.inline.markdown(inner).replace("\n", " ")
        part, item = _PART.match(text), _ITEM.match(text)
        level = self.part_level or self.top_level
        if part and part["number"]:
            self.heading = text
            self.part(level, _after_number(markdown), part["number"])
            return True
        if item and self.parts:
            self.heading = text
            self.item(level + 1, _after_number(markdown), item["letter"])
            return True
        if self.place in ("part", "item", "section") and not text.rstrip().endswith(":"):
            if self.made and name_key(text) in GENERATED_HEADINGS:
                self.heading = text
                self._skip(f"la section « {text} » (elle vient du dossier de la séance, non importée)")
                return True
            self.heading = text
            self.section(markdown, round_table=is_round_table(text))
            return True
        return False

    def _numbered_headings(self, content: list[Any]) -> bool:
        """Parts or items typed as a list Word numbers « I. », « II. » or
        « a) », « b) »: each entry a heading, what it holds below it."""
        from collegekit.render.context import letter, roman

        (start, style, _delimiter), items = content
        if style.get("t") not in ("UpperRoman", "LowerAlpha") or (style.get("t") == "LowerAlpha" and not self.parts):
            return False
        firsts = [item[0] if item else None for item in items]
        if not all(
            first and first.get("t") in ("Plain", "Para") and 0 < len(text_of(first["c"])) <= 150 for first in firsts
        ):
            return False
        level = self.part_level or self.top_level
        for offset, item in enumerate(items):
            inlines = item[0]["c"]
            if self._bold_only(inlines):
                inlines = [child for inline in inlines if inline.get("t") == "Strong" for child in inline["c"]]
            title = self.inline.markdown(inlines).replace("\n", " ")
            self.heading = text_of(item[0]["c"])
            if style.get("t") == "UpperRoman":
                self.part(level, title, roman(start + offset))
            else:
                self.item(level + 1, title, letter(start + offset))
            for block in item[1:]:
                self.block(block)
        return True

    def _agenda_line(self, inlines: list[dict[str, Any]]) -> bool:
        """A speakers, material or duration line right under an agenda heading."""
        found = line_kind(text_of(inlines))
        if found is None:
            return False
        kind, value = found
        if kind == "speakers":
            names = [self._speaker(name, role) for name, role in self._named(value)]
            if names:
                self._line(f"{'Intervenants' if len(names) > 1 else 'Intervenant'} : {', '.join(names)}")
        elif kind == "material":
            markdown = self.inline.markdown(_after_colon(inlines))
            items = [_material(piece) for piece in re.split(r"\s+;\s+", markdown) if piece.strip()]
            if items:
                self._line(f"{'Supports' if len(items) > 1 else 'Support'} : {', '.join(items)}")
        elif match := _MINUTES.match(value.strip()):
            self._line(f"Durée : {match['minutes']} min")
        else:
            self._line(f"Durée : {escape_text(value.strip())}")
        return True

    def _line(self, text: str) -> None:
        self.recognised += 1
        if self.lines and self.lines[-1] and not self.lines[-1].startswith("#"):
            self.lines.append(text)
        else:
            self._blank()
            self.lines.append(text)

    def _speaker(self, name: str, role: str | None = None) -> str:
        member = self.members.find(name)
        if role is None:
            return f"@{member}" if member else escape_text(name)
        # With a role, a name is in bold so that the role is not read as its organisation.
        return f"{f'@{member}' if member else f'**{escape_text(name)}**'} ({escape_text(role)})"

    # --- Points

    def listing(self, items: list[list[dict[str, Any]]], depth: int = 0) -> None:
        if self.place == "skip":
            return
        if self.place is None:
            if self.made == "minutes" and not self._guests_next:
                self._blank()
                self._prose_list(items, 0)
                self._blank()
            elif not self.made:
                for item in items:
                    self.lost.add("liste", self.where, " ".join(_blocks_text(item)))
            self._guests_next = False
            return
        if self.place == "prose":
            self._blank()
            self._prose_list(items, 0)
            self._blank()
            return
        self.lines_allowed = False
        for item in items:
            self._list_item(item, depth)

    def _list_item(self, blocks: list[dict[str, Any]], depth: int) -> None:
        text_blocks = [block for block in blocks if block.get("t") in ("Plain", "Para")]
        if text_blocks and text_of(text_blocks[0]["c"]).strip():
            continuation = [self.inline.markdown(block["c"]) for block in text_blocks[1:] if text_of(block["c"]).strip()]
            self.point(depth, text_blocks[0]["c"], continuation)
            inner = depth + 1
        else:
            inner = depth  # an empty bullet (the draft's room for notes), or one holding only a list
        for block in blocks:
            kind = block.get("t")
            if kind in ("BulletList", "OrderedList"):
                for child in block["c"] if kind == "BulletList" else block["c"][1]:
                    self._list_item(child, inner)
            elif kind == "Table":
                self.table(block)
            elif kind not in ("Plain", "Para"):
                self.block(block)

    def _prose_list(self, items: list[list[dict[str, Any]]], depth: int) -> None:
        for item in items:
            first = True
            for block in item:
                kind = block.get("t")
                if kind in ("Plain", "Para") and text_of(block["c"]).strip():
                    text = self.inline.markdown(block["c"]).replace("\n", " ")
                    if first:
                        self.lines.append("  " * depth + "- " + safe_start(text))
                        first = False
                    else:
                        self.lines.extend(["", "  " * (depth + 1) + safe_start(text)])
                elif kind in ("BulletList", "OrderedList"):
                    # Under an empty bullet, its sub-bullets take its place.
                    self._prose_list(block["c"] if kind == "BulletList" else block["c"][1], depth if first else depth + 1)
                elif kind not in ("Plain", "Para"):
                    self.block(block)

    def point(self, depth: int, inlines: list[dict[str, Any]], continuation: list[str]) -> None:
        self.recognised += 1
        text = self._point_text(_strip_spaces(inlines)).replace("\n", " ")
        indent = "  " * depth
        if self.lines and self.lines[-1] and not self.lines[-1].startswith(("-", " ")):
            self._blank()
        self.lines.append(f"{indent}- {safe_start(text)}")
        for paragraph in continuation:
            self.lines.extend(["", indent + "  " + safe_start(paragraph.replace("\n", " "))])

    def _point_text(self, inlines: list[dict[str, Any]]) -> str:
        """A point's Markdown: its bold label unbolded (« **Décision :** x » →
        « Décision : x »), the emphasis the minutes give a vigilance or an alert
        removed, a round table's speakers as @id or **Name** before « : »."""
        from collegekit.minutes import labels

        prefix, rest = _leading_label(inlines)
        if prefix is not None:
            kinds = label_kinds(prefix)
            if kinds is not None:
                if set(kinds) & {"vigilance", "alert"}:
                    rest = _unwrapped(rest)
                return f"{prefix} : {self.inline.markdown(rest)}".rstrip()
            if self.round_table:
                return f"{self._entry_speakers(prefix)} : {self._point_text(rest)}".rstrip()
        answer = _leading_answer(inlines)
        if answer is not None:
            who, article, rest = answer
            opening = labels.reply_opening(plain(who), self._entry_speakers(who), article)
            return f"{opening} : {self._point_text(rest)}".rstrip()
        return self.inline.markdown(inlines)

    def _entry_speakers(self, text: str) -> str:
        """Members as @id, anyone else in bold: « @cmoreau, **DD 04, DD 05** »;
        a role as the documents print it, after a comma and in lower case, back
        in parentheses: « Dr Claire Moreau, présidente » → « @cmoreau (présidente) »."""
        groups: list[str] = []
        others: list[str] = []
        for name, role in self._named(text):
            member = self.members.find(name)
            if member is None and role is None:
                others.append(escape_text(name))
                continue
            if others:
                groups.append(f"**{', '.join(others)}**")
                others = []
            groups.append(self._speaker(name, role))
        if others:
            groups.append(f"**{', '.join(others)}**")
        return ", ".join(groups)

    @staticmethod
    def _named(text: str) -> list[tuple[str, str | None]]:
        """The names of « A, présidente, B et C », each with the role printed
        after it (a piece starting in lower case follows a name: a role),
        except an organisation written with its article (« Dr Claire Moreau,
        la DGOS »): a name of its own."""
        named: list[tuple[str, str | None]] = []
        for piece in split_names(text):
            if named and piece[:1].islower() and named[-1][1] is None and not _with_own_article(piece):
                named[-1] = (named[-1][0], piece)
            else:
                named.append((piece, None))
        return named

    # --- Tables

    def table(self, block: dict[str, Any]) -> None:
        rows = _table_rows(block)
        if self._attendance(rows) or self._actions(rows):
            self.recognised += 1
            return
        if self.place == "skip" or (self.place is None and self.made):
            return  # a table of the header (participants), made from the front matter
        first = " | ".join(cell for cell in rows[0] if cell) if rows else ""
        self.lost.add(f"tableau de {french.plural(len(rows), 'ligne')}", self.where, first)

    def _attendance(self, rows: list[list[str]]) -> bool:
        """The draft's table of presences, or any table with at least two of the
        columns Présent, Visio, Excusé, Absent: the ticked rows."""
        found = _presence_columns(rows)
        if found is None:
            return False
        header_index, columns = found
        name_column = next((index for index in range(len(rows[header_index])) if index not in columns), 0)
        for row in rows[header_index + 1 :]:
            if name_column >= len(row) or not row[name_column].strip():
                continue
            name = row[name_column].strip()
            ticked = [presence for index, presence in columns.items() if index < len(row) and name_key(row[index]) in _TICKS]
            if not ticked:
                continue
            member = self.members.find(name)
            if member is None:
                self.attendance_problems.append(f"« {name} » : aucun membre de ce nom, présence non reprise.")
            elif len(ticked) > 1:
                self.attendance_problems.append(
                    f"« {name} » : plusieurs colonnes cochées ({', '.join(ticked)}), présence non reprise."
                )
            else:
                self.attendance[member] = ticked[0]
        return True

    def _actions(self, rows: list[list[str]]) -> bool:
        """A table of follow-up actions (« Suites à donner » in the minutes:
        Action, Responsable, Échéance): each row an action line, placed after
        the last part, where actions are written."""
        found = _action_columns(rows)
        if found is None:
            return False
        header_index, columns = found
        statuses = set()
        for row in rows[header_index + 1 :]:
            cell = {name: row[index].strip() if index < len(row) else "" for name, index in columns.items()}
            if not cell["action"]:
                continue
            owner = self.members.find(cell["owner"]) if cell["owner"] else None
            due = french_date(cell.get("due", ""))
            if owner is None:
                self.lost.add("action sans responsable membre du collège", self.where, f"{cell['action']} ({cell['owner'] or '?'})")
                continue
            if cell.get("due") and cell["due"] not in ("—", "-") and due is None:
                self.notes.append(f"Échéance « {cell['due']} » illisible : l'action « {_excerpt(cell['action'], 40)} » est reprise sans échéance.")
            if cell.get("status") and name_key(cell["status"]) not in ("à faire", "open"):
                statuses.add(cell["status"])
            self.action_lines.append(action_text(owner, escape_text(cell["action"]), due))
        if statuses:
            self.notes.append(
                "L'état des actions (colonne « État ») n'est pas repris dans le compte rendu : il se suit à part, "
                "dans l'en-tête du dossier de la séance."
            )
        return True

    def _blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def body(self) -> str:
        lines = list(self.lines)
        if self.action_lines:
            # After the last part's content: before the prose that follows it, if any.
            at = self.after_parts if self.after_parts is not None else len(lines)
            while at > 0 and not lines[at - 1]:
                at -= 1
            lines[at:at] = ["", *self.action_lines, ""]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        return "\n".join(lines) + "\n" if lines else ""


def _number_then_bold(inlines: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """« I. **Titre** »: a typed number then a bold title, as one bold run; None otherwise."""
    inlines = _strip_spaces(inlines)
    if len(inlines) < 3 or inlines[0].get("t") != "Str" or not re.fullmatch(r"[IVX]+[.)]|[a-z][.)]", inlines[0]["c"]):
        return None
    rest = [inline for inline in inlines[1:] if inline.get("t") not in ("Space", "SoftBreak")]
    if not rest or not all(inline.get("t") == "Strong" for inline in rest):
        return None
    children = [child for inline in inlines[2:] for child in (inline["c"] if inline.get("t") == "Strong" else [inline])]
    return [{"t": "Strong", "c": [inlines[0], {"t": "Space"}, *children]}]


def _presence_columns(rows: list[list[str]]) -> tuple[int, dict[int, str]] | None:
    """The header row of a table of presences (one of its first three rows) and
    its presence columns by index."""
    for header_index, header in enumerate(rows[:3]):
        columns: dict[int, str] = {}
        for index, cell in enumerate(header):
            for presence, words in _PRESENCE_COLUMNS.items():
                if name_key(cell) in words:
                    columns[index] = presence
        if len(columns) >= 2:
            return header_index, columns
    return None


_ACTION_COLUMNS = {
    "action": ("action", "actions", "suite à donner", "suites à donner"),
    "owner": ("responsable", "responsables", "pilote", "qui", "porteur"),
    "due": ("échéance", "échéances", "date", "pour le", "délai"),
    "status": ("état", "statut"),
}


def _action_columns(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The header row of a table of actions and its columns (action and owner at least)."""
    for header_index, header in enumerate(rows[:2]):
        columns: dict[str, int] = {}
        for index, cell in enumerate(header):
            for name, words in _ACTION_COLUMNS.items():
                if name_key(cell) in words and name not in columns:
                    columns[name] = index
        if "action" in columns and "owner" in columns:
            return header_index, columns
    return None


_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")
_FRENCH_DATE = re.compile(r"^(?:[a-zé]+\s+)?(?P<day>\d{1,2})(?:er)?\s+(?P<month>[a-zéû]+)\s+(?P<year>\d{4})$")
_NUMERIC_DATE = re.compile(r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})$")


def french_date(text: str) -> dt.date | None:
    """« 15 décembre 2025 », « lundi 1er décembre 2025 », « 15/12/2025 » or
    « 2025-12-15 » as a date; None otherwise."""
    text = name_key(text)
    try:
        if match := _FRENCH_DATE.match(text):
            if match["month"] not in _MONTHS:
                return None
            return dt.date(int(match["year"]), _MONTHS.index(match["month"]) + 1, int(match["day"]))
        if match := _NUMERIC_DATE.match(text):
            return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def action_text(owner: str, text: str, due: dt.date | None) -> str:
    """An action as a line of the body, as minutes.write writes it."""
    from collegekit.minutes.write import action_line
    from collegekit.models.meeting import FollowUpAction

    return action_line(FollowUpAction(owner=owner, text=text, due=due))


def _after_number(markdown: str) -> str:
    """A heading's Markdown without its « I. » or « a) »."""
    match = _PART.match(markdown) or _ITEM.match(markdown)
    return match["title"] if match else markdown


def _after_colon(inlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The inlines after the first « : » of a line (inside bold or not)."""
    flat = _flatten_strong(inlines)
    for index, inline in enumerate(flat):
        if inline.get("t") == "Str" and ":" in inline["c"]:
            before, _, after = inline["c"].partition(":")
            rest = flat[index + 1 :]
            return ([{"t": "Str", "c": after}] if after else []) + rest
    return flat


def _flatten_strong(inlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A label's bold removed: « **Supports :** x » read as « Supports : x »."""
    flat: list[dict[str, Any]] = []
    for inline in inlines:
        if inline.get("t") == "Strong":
            flat.extend(inline["c"])
        else:
            flat.append(inline)
    return flat


def _material(piece: str) -> str:
    """A support as the minutes show it, back in the body's form: « Diaporama
    (fichier x.pdf) » → [Diaporama](x.pdf); « Note : <https://...> » → [Note](https://...)."""
    piece = piece.strip()
    if match := re.fullmatch(r"(?P<title>.+?) \(fichier (?P<file>[^()]+)\)", piece):
        return f"[{match['title']}]({match['file'].replace(chr(92), '')})"
    if match := re.fullmatch(r"fichier (?P<file>.+)", piece):
        return match["file"].replace("\\", "")
    if match := re.fullmatch(r"(?P<title>.+?) ?: <(?P<link>[^>]+)>", piece):
        return f"[{match['title']}]({match['link']})"
    if match := re.fullmatch(r"<(?P<link>[^>]+)>", piece):
        return match["link"]
    return piece


def _strip_spaces(inlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    start, end = 0, len(inlines)
    while start < end and inlines[start].get("t") in ("Space", "SoftBreak", "LineBreak"):
        start += 1
    while end > start and inlines[end - 1].get("t") in ("Space", "SoftBreak", "LineBreak"):
        end -= 1
    return inlines[start:end]


def _leading_label(inlines: list[dict[str, Any]]) -> tuple[str | None, list[dict[str, Any]]]:
    """« **X :** rest », « **X** : rest » or « X : rest » (a label written
    plainly): X and the rest; (None, inlines) when the point opens otherwise."""
    inlines = _strip_spaces(inlines)
    if not inlines:
        return None, inlines
    first = inlines[0]
    if first.get("t") == "Strong":
        inner = text_of(first["c"]).strip()
        rest = _strip_spaces(inlines[1:])
        if inner.endswith(":"):
            return inner[:-1].strip(), rest
        if rest and rest[0].get("t") == "Str" and rest[0]["c"].startswith(":"):
            after = rest[0]["c"][1:]
            return inner, _strip_spaces(([{"t": "Str", "c": after}] if after else []) + rest[1:])
        return None, inlines
    # A plain label: the words before the first « : », when they are a label.
    words: list[str] = []
    for index, inline in enumerate(inlines):
        kind = inline.get("t")
        if kind == "Str" and ":" in inline["c"]:
            before, _, after = inline["c"].partition(":")
            candidate = (" ".join(words) + " " + before).strip() if before else " ".join(words).strip()
            candidate = re.sub(r"\s+", " ", candidate)
            if label_kinds(candidate) is not None:
                rest = ([{"t": "Str", "c": after}] if after else []) + inlines[index + 1 :]
                return candidate, _strip_spaces(rest)
            return None, inlines
        if kind == "Str":
            words.append(plain(inline["c"]))
        elif kind not in ("Space", "SoftBreak"):
            return None, inlines
        if len(words) > 6:
            return None, inlines
    return None, inlines


def _leading_answer(inlines: list[dict[str, Any]]) -> tuple[str, str | None, list[dict[str, Any]]] | None:
    """« *Réponse de X :* rest », « *Réponse de la DGOS :* rest » (the minutes'
    form): X, the article written before it (labels.written_article) and the rest."""
    from collegekit.minutes import labels

    inlines = _strip_spaces(inlines)
    if not inlines or inlines[0].get("t") not in ("Emph", "Strong"):
        return None
    inner = text_of(inlines[0]["c"]).strip()
    match = reply_prefix().match(inner)
    if not match or not inner.endswith(":"):
        return None
    return inner[match.end() : -1].strip(), labels.written_article(match["article"]), _strip_spaces(inlines[1:])


def _unwrapped(inlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text of a point the minutes set wholly in italics or bold, without it."""
    inlines = _strip_spaces(inlines)
    if len(inlines) == 1 and inlines[0].get("t") in ("Emph", "Strong"):
        return inlines[0]["c"]
    return inlines


def _split_lines(inlines: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = [[]]
    for inline in inlines:
        if inline.get("t") == "LineBreak":
            lines.append([])
        elif inline.get("t") == "Strong" and any(child.get("t") == "LineBreak" for child in inline["c"]):
            for index, part in enumerate(_split_lines(inline["c"])):
                if index:
                    lines.append([])
                lines[-1].append({"t": "Strong", "c": part})
        else:
            lines[-1].append(inline)
    return lines


def _walk_inlines(inlines: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for inline in inlines:
        yield inline
        content = inline.get("c")
        if inline.get("t") in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            yield from _walk_inlines(content)
        elif inline.get("t") in ("Span", "Link", "Quoted", "Cite"):
            yield from _walk_inlines(content[1])


def _blocks_text(blocks: list[dict[str, Any]]) -> list[str]:
    texts = []
    for block in blocks:
        if block.get("t") in ("Plain", "Para"):
            texts.append(text_of(block["c"]))
        elif block.get("t") == "BulletList":
            for item in block["c"]:
                texts.extend(_blocks_text(item))
        elif block.get("t") == "OrderedList":
            for item in block["c"][1]:
                texts.extend(_blocks_text(item))
    return texts


def _caption_inlines(caption: Any) -> list[dict[str, Any]]:
    # Caption: [short, [blocks]]
    try:
        return [inline for block in caption[1] for inline in block.get("c", [])]
    except (TypeError, IndexError, AttributeError):
        return []


def _table_rows(block: dict[str, Any]) -> list[list[str]]:
    """The text of every row of a pandoc table, head rows first."""
    _attr, _caption, _columns, head, bodies, foot = block["c"]
    rows = list(head[1])
    for body in bodies:
        rows.extend(body[2])
        rows.extend(body[3])
    rows.extend(foot[1])
    found = []
    for row in rows:
        cells = row[1]
        found.append([" ".join(_blocks_text(cell[4])).strip() for cell in cells])
    return found


def _headers(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every Header block, in document order, wherever it is."""
    for block in blocks:
        if not isinstance(block, dict):
            continue
        kind, content = block.get("t"), block.get("c")
        if kind == "Header":
            yield block
        elif kind in ("BlockQuote",):
            yield from _headers(content)
        elif kind == "Div":
            yield from _headers(content[1])
        elif kind == "BulletList":
            for item in content:
                yield from _headers(item)
        elif kind == "OrderedList":
            for item in content[1]:
                yield from _headers(item)
        elif kind == "Table":
            _attr, _caption, _columns, head, bodies, foot = content
            rows = list(head[1]) + [row for body in bodies for row in body[2] + body[3]] + list(foot[1])
            for row in rows:
                for cell in row[1]:
                    yield from _headers(cell[4])


def read_minutes(college: College, path: Path, shown: str, pandoc: str) -> Imported:
    """A Word document mapped onto the body conventions of the meeting file.

    Raises WordFileError for a file that is not a readable .docx, and
    NothingRecognised when nothing in it is a heading, a point or a table
    of presences.
    """
    check_word_file(path, shown)
    ast = read_ast(path, pandoc, shown)
    try:
        flags = heading_numbering(path)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        flags = []
    headers = list(_headers(ast["blocks"]))
    # Pandoc and the XML must agree on the headings, or Word's numbering is not used.
    numbering = {id(block): flag for block, flag in zip(headers, flags, strict=True)} if len(flags) == len(headers) else {}
    properties = document_properties(path)
    made = made_by(properties)
    mapper = _Mapper(college, numbering, made)
    mapper.run(ast["blocks"])
    comments, tracked = review_marks(path)
    for comment in comments:
        mapper.lost.add("commentaire Word", "dans la marge", comment)
    if tracked:
        mapper.notes.append(
            "Le document contient des modifications suivies : elles sont reprises comme acceptées "
            "(vérifiez les différences ci-dessous)."
        )
    if not mapper.recognised and not mapper.attendance:
        raise NothingRecognised(
            f"{shown} ne contient rien de reconnaissable comme compte rendu (ni titre « I. » ou « a) », "
            "ni liste à puces, ni tableau des présences) : rien n'a été écrit."
        )
    return Imported(
        body=mapper.body(),
        unplaced=mapper.lost.items,
        notes=mapper.notes,
        attendance=mapper.attendance,
        attendance_problems=mapper.attendance_problems,
        recognised=mapper.recognised,
        made_by=made,
        made_for=made_for(properties),
    )
