"""Markdown text: escaping the records' words, placing their prose, French
typography, and a tidy final layout.

Two kinds of text reach a rendered document. Most values of a record (a name,
a title, a point) are *plain text*: `escape` makes every character come out
literally, whatever Markdown would have made of it. A few values are *prose
written in Markdown* (a meeting's body, a plan's introduction or articles):
`prose` keeps their formatting but places their headings below the heading
that holds them and closes a code block left open. Raw HTML, raw TeX and raw
Word XML are switched off when pandoc reads the result (see `pandoc.py`).

The output is read twice: by pandoc, and by the bureau on the forge (GitHub or
GitLab) where the Markdown is committed. So only what is valid and means the
same in pandoc's Markdown and in CommonMark is written.
"""

from __future__ import annotations

import re

from collegekit.french import NBSP

# Characters that mean something anywhere in a line, in pandoc's Markdown or
# in CommonMark: escaped wherever they appear. Others (. ( ) ! - + : ...) only
# matter at the start of a block, handled below; leaving them bare keeps the
# Markdown readable ("l'ARS", "(AP-HM)", "2025-2026").
_ALWAYS = frozenset("\\`*_{}[]<>#|~^$@&")
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
# "1. ", "12) ", "a. ", "B) ", "iv. ", "II. " at the start of a block open a
# list in pandoc (the first two in CommonMark too); a single capital and a
# period followed by a space do not ("M. Colin"), pandoc wants two spaces.
_LIST_START = re.compile(r"^([0-9]{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(?= |$)")
_INITIAL = re.compile(r"^[A-Z]\. ")


def escape(text: object) -> str:
    """Plain text as Markdown that shows exactly this text, on one line.

    Runs of spaces and line breaks become one space: a record's title or
    point is one paragraph, and a line break inside it would end a table row
    or a list item.
    """
    flat = _WHITESPACE.sub(" ", str(text)).strip()
    escaped = "".join("\\" + char if char in _ALWAYS else char for char in flat)
    if not escaped:
        return escaped
    first = escaped[0]
    if first.isascii() and not first.isalnum() and first not in " \\":
        # "- x", "+ x", "> x", ": x", "= x", "(1) x", "% x"... at the start
        # of a line; harmless to escape anywhere else.
        return "\\" + escaped
    match = _LIST_START.match(escaped)
    if match and not _INITIAL.match(escaped):
        return match[1] + "\\" + escaped[len(match[1]) :]
    return escaped


def escape_inline(text: object) -> str:
    """Escape the characters that matter anywhere in a line, and keep the
    spacing: for a separator (« , », « et ») placed between escaped texts."""
    return "".join("\\" + char if char in _ALWAYS else char for char in str(text))


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def _lines_outside_code(lines: list[str]) -> list[bool]:
    """For each line, whether it is Markdown (True) or inside a fenced code block."""
    outside: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None:
            outside.append(True)  # an opening fence is Markdown itself
            if match:
                fence = match[1]
        else:
            outside.append(False)
            if match and match[1][0] == fence[0] and len(match[1]) >= len(fence) and not line.strip(" `~"):
                fence = None
                outside[-1] = True
    return outside


def prose(text: str, level: int) -> str:
    """Markdown prose from a record, placed under a heading of `level - 1`.

    Its headings are shifted so that the highest of them is at `level`
    (never above), so the prose cannot start a new part of the document or
    take the document's title; setext headings become ATX headings first;
    a code block left open is closed, so it cannot swallow what follows.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    outside = _lines_outside_code(lines)
    # Setext headings ("Titre" underlined with === or ---) become "# Titre".
    for index in range(1, len(lines)):
        if not (outside[index] and outside[index - 1]):
            continue
        underline = _SETEXT.match(lines[index])
        previous = lines[index - 1]
        if (
            underline
            and previous.strip()
            and not _ATX.match(previous)
            and not re.match(r"^ {0,3}([-+*>]|\d+[.)])", previous)
            and (index < 2 or not lines[index - 2].strip())
        ):
            marker = "#" if underline[1][0] == "=" else "##"
            lines[index - 1] = f"{marker} {previous.strip()}"
            lines[index] = ""
    levels = [len(match[1]) for line, ok in zip(lines, outside, strict=True) if ok and (match := _ATX.match(line))]
    shift = max(0, level - min(levels)) if levels else 0
    if shift:
        for index, line in enumerate(lines):
            match = _ATX.match(line) if outside[index] else None
            if match:
                new_level = min(6, len(match[1]) + shift)
                lines[index] = "#" * new_level + line[match.end(1) :]
    result = "\n".join(lines).strip("\n")
    fence = _open_fence(lines)
    if fence:
        result += "\n" + fence
    return result


def _open_fence(lines: list[str]) -> str | None:
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match[1]
        elif match and match[1][0] == fence[0] and len(match[1]) >= len(fence) and not line.strip(" `~"):
            fence = None
    return fence


def point_text(text: str, wrap: str = "") -> str:
    """A point of the minutes (Markdown, one paragraph or several) inside a
    list item: each paragraph wrapped in `wrap` (« ** » for an alert), the
    paragraphs after the first indented under the item's dash."""
    paragraphs = [" ".join(p.split()) for p in str(text).split("\n\n") if p.strip()]
    return "\n\n  ".join(f"{wrap}{p}{wrap}" for p in paragraphs)


_BARE_PIPE = re.compile(r"(?<!\\)\|")


def cell_text(text: str) -> str:
    """Markdown text (an action) in a table cell: one line, its « | » escaped."""
    return _BARE_PIPE.sub(r"\\|", " ".join(str(text).split()))


# French typography: a non-breaking space before « : ; ! ? % » and inside
# guillemets. Only spaces already there are made non-breaking (a "?" without
# a space may be part of an address); guillemets always get theirs.
_SPACE_BEFORE = re.compile(r"(?<=[^\s|]) +(?=[:;!?](?:\s|$|[),.*_\\]))")
_SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d) +(?=%)")
_AFTER_OPENING = re.compile(r"« *(?=\S)")
_BEFORE_CLOSING = re.compile(r"(?<=\S) *»")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def french_typography(markdown: str) -> str:
    lines = markdown.split("\n")
    outside = _lines_outside_code(lines)
    for index, line in enumerate(lines):
        if not outside[index] or _FENCE.match(line) or _TABLE_RULE.match(line):
            continue
        line = _SPACE_BEFORE.sub(NBSP, line)
        line = _SPACE_BEFORE_PERCENT.sub(NBSP, line)
        line = _AFTER_OPENING.sub("«" + NBSP, line)
        line = _BEFORE_CLOSING.sub(NBSP + "»", line)
        lines[index] = line
    return "\n".join(lines)


def tidy(markdown: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip(" \t") for line in markdown.split("\n")]
    outside = _lines_outside_code(lines)
    kept: list[str] = []
    for index, line in enumerate(lines):
        if outside[index] and not line and (not kept or not kept[-1]):
            continue
        kept.append(line)
    return "\n".join(kept).strip("\n") + "\n"


def strip_front_matter(markdown: str) -> str:
    """The document without its leading YAML block (the provenance note)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[end + 5 :]
    return markdown
