"""Agenda models -> the Markdown body of a meeting file, the inverse of `parse`.

`parse_body(write_body(...))` gives back the same agenda, actions and prose
(tested over the example college and generated agendas). The text is stable:
the same models always give the same bytes, parts numbered I, II..., items
a), b)..., two-space indentation for nested points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from collegekit.minutes import labels
from collegekit.minutes.parse import _ENTRY_SPEAKERS, _REPLY, letter, roman
from collegekit.models.meeting import (
    ROUND_TABLE_TITLE,
    AgendaItem,
    AgendaPart,
    FollowUpAction,
    Material,
    Point,
    PointKind,
    Prose,
    Reply,
    RoundTable,
    RoundTableEntry,
    Section,
    Speaker,
    _Block,
)

INDENT = "  "


def write_body(
    agenda: Sequence[AgendaPart],
    actions: Sequence[FollowUpAction] = (),
    prose: Sequence[Prose] = (),
    *,
    hints: bool = False,
) -> str:
    """The body: prose before part I, the parts, the actions decided, and the
    prose after each part. With `hints`, the first part gets a short HTML
    comment showing the labels (what `new-meeting` writes)."""
    blocks: list[str] = []
    blocks.extend(p.text.strip("\n") for p in prose if p.after_part == 0 and p.text.strip())
    for index, part in enumerate(agenda, start=1):
        blocks.extend(_part(part, index, hints and index == 1))
        if index == len(agenda) and actions:
            blocks.append(_actions(actions))
        blocks.extend(p.text.strip("\n") for p in prose if p.after_part == index and p.text.strip())
    if not agenda and actions:
        blocks.append(_actions(actions))
    extra = [p.text.strip("\n") for p in prose if p.after_part > len(agenda) and p.text.strip()]
    blocks.extend(extra)
    return "\n\n".join(block for block in blocks if block) + "\n" if blocks else ""


def _hint() -> str:
    examples = [f"- {labels.POINT_LABELS[kind][0]} : …" for kind in (PointKind.DECISION, PointKind.VIGILANCE, PointKind.ALERT, PointKind.QUESTION)]
    return "\n".join([
        "<!-- Sous chaque titre : « Intervenant : @id », « Support : [Diaporama](fichier.pdf) », puis les points :",
        "- une information, sans étiquette",
        *examples,
        f"- {labels.ACTION_LABEL} : @responsable{labels.ACTION_SEPARATOR}ce qu'il faut faire{labels.ACTION_SEPARATOR}{labels.ACTION_DUE} AAAA-MM-JJ",
        "-->",
    ])


def _part(part: AgendaPart, number: int, hints: bool) -> list[str]:
    blocks = [f"## {roman(number)}. {part.title}"]
    blocks.extend(_contents(part, 2))
    if hints:
        blocks.append(_hint())
    blocks.extend(_sub_headings(part, 3))
    return blocks


def _sub_headings(block: _Block, level: int) -> list[str]:
    """A block's sub-parts, items and round tables, in the order written."""
    blocks: list[str] = []
    for kind, child, rank in block.in_order():
        if kind == "section":
            blocks.extend(_section(child, level))
        elif kind == "item":
            blocks.extend(_item(child, rank))
        else:
            blocks.extend(_round_table(child, level))
    return blocks


def _item(item: AgendaItem, number: int) -> list[str]:
    blocks = [f"### {letter(number)}) {item.title}"]
    blocks.extend(_contents(item, 3))
    blocks.extend(_sub_headings(item, 4))
    return blocks


def _section(section: Section, level: int) -> list[str]:
    blocks = [f"{'#' * level} {section.title}"]
    blocks.extend(_contents(section, level))
    blocks.extend(_sub_headings(section, level + 1))
    return blocks


def _contents(block: _Block, level: int) -> list[str]:
    """The lines right under a heading, then the points."""
    found: list[str] = []
    meta = []
    if block.speakers:
        word = "Intervenants" if len(block.speakers) > 1 else "Intervenant"
        meta.append(f"{word} : " + ", ".join(speaker_text(s) for s in block.speakers))
    if block.material:
        word = "Supports" if len(block.material) > 1 else "Support"
        meta.append(f"{word} : " + ", ".join(material_text(m) for m in block.material))
    if block.duration_minutes:
        meta.append(f"Durée : {block.duration_minutes} min")
    if meta:
        found.append("\n".join(meta))
    if block.points:
        found.append(points_text(block.points))
    return found


def _round_table(table: RoundTable, level: int) -> list[str]:
    found = [f"{'#' * level} {table.title or ROUND_TABLE_TITLE}"]
    if table.entries:
        found.append("\n".join(_entry(entry) for entry in table.entries))
    return found


def _entry(entry: RoundTableEntry) -> str:
    lines: list[str]
    if entry.speakers:
        who = ", ".join(speaker_text(s, bold=True) for s in entry.speakers) + " :"
        if len(entry.points) == 1:
            point = entry.points[0]
            lines = _point_lines(point, who + " ")
        else:
            lines = [f"- {who}"] + [(INDENT + line) if line else "" for point in entry.points for line in _point_lines(point)]
    else:
        lines = _point_lines(entry.points[0], unnamed=True)
    for reply in entry.replies:
        first = f"{INDENT}- {reply_opening(reply)} : "
        lines.extend((first + _indented(reply.text, INDENT * 2, len(first))).split("\n"))
    return "\n".join(lines)


def points_text(points: Iterable[Point]) -> str:
    return "\n".join(line for point in points for line in _point_lines(point))


def _point_lines(point: Point, prefix: str = "", *, unnamed: bool = False) -> list[str]:
    label = labels.label_of(point.kind)
    text = point.text
    if label is None and _misread(text, entry=unnamed or bool(prefix)):
        label = labels.POINT_LABELS[PointKind.INFORMATION][0]
    first = f"- {prefix}{label} : " if label else f"- {prefix}"
    lines = (first + _indented(text, INDENT, len(first))).split("\n")
    if point.points:
        if "\n\n" in text:
            lines.append("")
        lines.extend((INDENT + line) if line else "" for sub in point.points for line in _point_lines(sub))
    return lines


def _misread(text: str, *, entry: bool) -> bool:
    """Whether an information point's text would be read as something else."""
    found = labels.leading_label(text)
    if found is not None and (labels.kinds_of(found[0]) or labels.close_label(found[0])):
        return True
    if _REPLY.match(text):
        return True
    return entry and bool(_ENTRY_SPEAKERS.match(text))


WIDTH = 100
# A line that would open a block (a list, a heading, a quote...) if a
# wrapped paragraph continued with it.
_BLOCK_START = re.compile(r"^(?:[-+*]|#{1,6}|>|=+|\d{1,9}[.)]|[|`~<])(?:\s|$)")


def _indented(text: str, indent: str, lead: int = 0) -> str:
    """The paragraphs of a point, wrapped, continuation lines indented under
    its dash; `lead` characters precede the first line."""
    paragraphs = [
        _wrap(paragraph, WIDTH - len(indent), lead - len(indent) if index == 0 else 0)
        for index, paragraph in enumerate(text.split("\n\n"))
    ]
    lines = "\n\n".join(paragraphs).split("\n")
    return "\n".join((indent + line) if line else "" for line in lines).removeprefix(indent)


def _wrap(paragraph: str, width: int, lead: int = 0) -> str:
    words = paragraph.split(" ")
    lines: list[str] = []
    for word in words:
        room = width - (lead if len(lines) == 1 else 0)
        if lines and len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        elif lines and (_BLOCK_START.match(word + " ") or not word):
            lines[-1] += " " + word  # never start a line with what would open a block
        else:
            lines.append(word)
    return "\n".join(lines)


def _actions(actions: Sequence[FollowUpAction]) -> str:
    return "\n".join(action_line(action) for action in actions)


def action_line(action: FollowUpAction) -> str:
    parts = [f"@{action.owner}", action.text]
    if action.due:
        parts.append(f"{labels.ACTION_DUE} {action.due.isoformat()}")
    return "- " + _indented(f"{labels.ACTION_LABEL} : " + labels.ACTION_SEPARATOR.join(parts), INDENT, 2)


def reply_opening(reply: Reply) -> str:
    """« Réponse du **Dr X (Org)** », « Réponse de la **DGOS** », « Réponse de @cmoreau »."""
    return labels.reply_opening(reply.by.name or reply.by.organisation or "", speaker_text(reply.by, bold=True), reply.article)


def speaker_text(speaker: Speaker, *, bold: bool = False) -> str:
    """« @cmoreau », « Dr X (Org) » (in bold with `bold`), and a role in
    parentheses after them: « @cmoreau (présidente) », « **Dr X (Org)** (médecin
    coordonnateur) » (the name then in bold, so that the role is not read as its
    organisation)."""
    if speaker.member:
        text = f"@{speaker.member}"
    else:
        if speaker.name and speaker.organisation:
            text = f"{speaker.name} ({speaker.organisation})"
        else:
            text = speaker.name or speaker.organisation or ""
        if bold or speaker.role:
            text = f"**{text}**"
    return f"{text} ({speaker.role})" if speaker.role else text


def material_text(material: Material) -> str:
    target = material.file or material.link or ""
    if material.title:
        return f"[{material.title}]({target})"
    return target


__all__ = ["action_line", "material_text", "points_text", "speaker_text", "write_body"]
