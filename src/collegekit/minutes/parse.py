"""A meeting's Markdown body -> its agenda, actions and prose, with positions.

The body is read with markdown-it-py (CommonMark, which gives each block its
source lines) and walked heading by heading:

- `## I. Titre` opens a part, `### a) Titre` a lettered item; an unnumbered
  heading below a part or an item is a section; a heading that starts with
  « Tour de table » opens a round table, its words kept as its title;
- sub-parts, items and round tables keep the order they are written in
  (`order`, when it is not the usual one);
- an unnumbered `##` heading (and anything before part I) is prose, kept
  where it is written;
- right under a heading, `Intervenant(s) :`, `Support(s) :` and `Durée :`
  lines; then list items are points (nested items are sub-points), entries of
  a round table, answers (`Réponse de … :`, `Réponse du Dr … :`, `Réponse de la DGOS :`, as many
  as were given) and a speaker's role in parentheses after them (`@cmoreau (présidente) :`) or actions (`Action :`).

Every element keeps where it is written (`positions`, key path -> line and
column in the body, 1-based), so that a check reporting
("agenda", 1, "items", 0, "speakers", 2) points at that speaker in the file.
Whatever does not follow a convention is a `BodyProblem`, never dropped
silently. The labels are those of `collegekit.minutes.labels`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from collegekit.minutes import labels
from collegekit.models.meeting import (
    AgendaPart,
    FollowUpAction,
    KeyPath,
    PointKind,
    Prose,
)

_PART = re.compile(r"^(?P<number>[IVXLCDM]+|\d+)[.)]\s+(?P<title>\S.*)$")
_ITEM = re.compile(r"^(?P<letter>[a-zA-Z])[.)]\s+(?P<title>\S.*)$")
_MEMBER = r"@[a-z0-9]+(?:-[a-z0-9]+)*"
# What looks like an @id is taken as one, to be reported if it is not valid.
_AT = r"@[^\s,:*]*"
_NAMED = rf"(?:{_AT}|\*\*(?!\s)(?:(?!\*\*).)+\*\*)"
# A speaker's role, in parentheses after the @id or the bold name:
# « @cmoreau (présidente) », « **Dr Mathieu Rey (ORU PACA)** (médecin coordonnateur) ».
_ROLE = r"\s*\((?P<role>(?:[^()\n]|\([^()\n]*\))+)\)"  # « (médecin coordonnateur (SAMU)) » too
_WITH_ROLE = re.compile(rf"^(?P<who>{_NAMED}){_ROLE}$")
_WHO = rf"(?:{_NAMED}(?:{_ROLE.replace('?P<role>', '?:')})?)"
_ENTRY_SPEAKERS = re.compile(rf"^(?P<who>{_WHO}(?:\s*,\s*{_WHO})*)\s*:(?:[ \t]+|\n|$)")
_REPLY = re.compile(rf"^{labels.REPLY_OPENING}(?P<who>{_WHO}|[^:\n]+?)\s*:(?:[ \t]+|\n|$)", re.IGNORECASE)
_META = re.compile(r"^(?P<label>[^\W\d][\w ]*?)\s*:\s*(?P<value>.*)$")
_ACTION_OWNER = re.compile(rf"^(?P<owner>{_MEMBER})(?:\s+—\s+|\s*$)")
_ACTION_DUE = re.compile(rf"(?:^|\s+—\s+){labels.ACTION_DUE}\s*:?\s*(?P<date>\d{{4}}-\d{{2}}-\d{{2}})$", re.IGNORECASE)
_DURATION = re.compile(r"^(?:(?P<hours>\d+)\s*h(?:eures?)?\s*(?P<rest>\d+)?|(?P<minutes>\d+)\s*(?:min|minutes?)\.?)$")
_LINK = re.compile(r"^\[(?P<title>.*)\](?:\((?P<target>[^()\s]*)\))?$")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    text = ""
    for value, numeral in _ROMAN:
        while number >= value:
            text += numeral
            number -= value
    return text


def letter(number: int) -> str:
    return chr(ord("a") + number - 1) if 1 <= number <= 26 else str(number)


@dataclass(frozen=True, slots=True)
class BodyProblem:
    """A mistake in the body: a diagnostic code, a position in the body (1-based)."""

    code: str
    line: int
    column: int
    message: str
    hint: str | None = None
    warning: bool = False


@dataclass
class ParsedBody:
    agenda: tuple[AgendaPart, ...]
    actions: tuple[FollowUpAction, ...]
    prose: tuple[Prose, ...]
    positions: dict[KeyPath, tuple[int, int]]
    problems: list[BodyProblem]

    def position(self, key_path: KeyPath) -> tuple[int, int] | None:
        """Where the value at key_path is written, or its closest written parent."""
        for end in range(len(key_path), 0, -1):
            found = self.positions.get(tuple(key_path[:end]))
            if found is not None:
                return found
        return None


# While walking, every block is a plain dict (models are frozen); it is
# validated into the models once complete.


@dataclass
class _Block:
    kind: str  # "part", "item", "section", "round_table"
    data: dict[str, Any]
    path: KeyPath
    level: int
    seen_content: bool = False


@dataclass
class _ProseRegion:
    after_part: int
    blocks: list[str] = field(default_factory=list)


def parse_body(body: str) -> ParsedBody:
    return _Parser(body).run()


@functools.cache
def _markdown() -> Any:
    # Building the parser costs more than parsing a body: one for the process.
    # Only the blocks are needed (the inline source is kept as written, in
    # each inline token's content): inline parsing is a third of the time.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable(["inline", "text_join"], ignoreInvalid=True)


class _Parser:
    def __init__(self, body: str) -> None:
        self.body = body
        self.lines = body.split("\n")
        self.parts: list[dict[str, Any]] = []
        self.actions: list[dict[str, Any]] = []
        self.action_lines: list[tuple[int, int]] = []
        self.prose: list[_ProseRegion] = [_ProseRegion(0)]
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.problems: list[BodyProblem] = []
        # The open blocks, outermost first: part, item, section, round table.
        self.stack: list[_Block] = []

    # The walk.

    def run(self) -> ParsedBody:
        from markdown_it.tree import SyntaxTreeNode

        tree = SyntaxTreeNode(_markdown().parse(self.body))
        for node in tree.children:
            if node.type == "heading":
                self._heading(node)
            elif node.type == "html_block":
                continue  # hints such as <!-- Décision : ... --> render to nothing
            elif self._in_prose():
                self._prose_node(node)
            elif node.type in ("bullet_list", "ordered_list"):
                self._list(node)
            elif node.type == "paragraph":
                self._paragraph(node)
            else:
                self._unplaced(node)
        return self._result()

    def _in_prose(self) -> bool:
        return not self.stack

    def _heading(self, node: Any) -> None:
        level = int(node.tag[1])
        title = _inline(node)
        line = _line(node)
        if level <= 2:
            match = _PART.match(title)
            if match and level == 2:
                self._open_part(match, line)
            else:
                self.stack = []
                if self.prose[-1].after_part != len(self.parts):
                    self.prose.append(_ProseRegion(len(self.parts)))
                self._prose_node(node)
            return
        if not self.stack:
            if _ITEM.match(title) and level == 3:
                self._problem(
                    "item-outside-part", line, 1,
                    f"le point « {title} » n'est sous aucune partie : il est lu comme du texte libre",
                    "Placez-le sous une partie « ## I. Titre », ou retirez sa lettre s'il s'agit d'un sous-titre du texte.",
                )
            self._prose_node(node)
            return
        part = self.stack[0]
        item = next((b for b in self.stack if b.kind == "item"), None)
        if labels.is_round_table_title(title):
            holder = self._deepest_holder(level)
            if holder is None:
                self._bad_level(level, title, line)
                holder = self.stack[-1] if self.stack[-1].kind != "round_table" else self.stack[-2]
            self._open_round_table(holder, title, level, line)
            return
        item_match = _ITEM.match(title)
        if level == 3 and item_match:
            self._open_item(part, item_match, line)
        elif level == 3:
            self._open_section(part, title, level, line)
        elif level == 4 and item is not None:
            self._open_section(item, title, level, line)
        else:
            self._bad_level(level, title, line)
            self._open_section(item or part, title, level, line)

    def _deepest_holder(self, level: int) -> _Block | None:
        """The block a round table heading of this level belongs to: the one
        whose heading is one level above."""
        for block in reversed(self.stack):
            if block.kind != "round_table" and block.level == level - 1:
                return block
        return None

    def _bad_level(self, level: int, title: str, line: int) -> None:
        self._problem(
            "heading-level", line, 1,
            f"le titre « {title} » est au niveau {'#' * level}, qui ne correspond pas à sa place",
            "Parties : « ## I. Titre » ; points : « ### a) Titre » ; sous-titres : « ### » sous une partie, "
            "« #### » sous un point ; un tour de table un niveau sous ce qu'il suit.",
        )

    def _open_part(self, match: re.Match[str], line: int) -> None:
        index = len(self.parts)
        expected = roman(index + 1)
        if match["number"] != expected:
            self._problem(
                "numbering", line, 4,
                f"la partie « {match['number']}. » n'a pas le numéro attendu : elle vient en place de « {expected}. »",
                f"Numérotez les parties dans l'ordre en chiffres romains : « ## {expected}. {match['title']} ».",
                warning=True,
            )
        data: dict[str, Any] = {"title": match["title"]}
        self.parts.append(data)
        path: KeyPath = ("agenda", index)
        self.positions[path] = (line, 1)
        self.stack = [_Block("part", data, path, 2)]

    def _open_item(self, part: _Block, match: re.Match[str], line: int) -> None:
        items = part.data.setdefault("items", [])
        index = len(items)
        expected = letter(index + 1)
        if match["letter"] != expected:
            self._problem(
                "numbering", line, 5,
                f"le point « {match['letter']}) » n'a pas la lettre attendue : il vient en place de « {expected}) »",
                f"Lettrez les points dans l'ordre : « ### {expected}) {match['title']} ».",
                warning=True,
            )
        data: dict[str, Any] = {"title": match["title"]}
        items.append(data)
        part.data.setdefault("order", []).append("item")
        path = part.path + ("items", index)
        self.positions[path] = (line, 1)
        self.stack = [part, _Block("item", data, path, 3)]

    def _open_section(self, holder: _Block, title: str, level: int, line: int) -> None:
        sections = holder.data.setdefault("sections", [])
        data: dict[str, Any] = {"title": title}
        path = holder.path + ("sections", len(sections))
        sections.append(data)
        holder.data.setdefault("order", []).append("section")
        self.positions[path] = (line, 1)
        self.stack = self.stack[: self.stack.index(holder) + 1] + [_Block("section", data, path, level)]

    def _open_round_table(self, holder: _Block, title: str, level: int, line: int) -> None:
        tables = holder.data.setdefault("round_tables", [])
        data: dict[str, Any] = {"title": title, "entries": []}
        path = holder.path + ("round_tables", len(tables))
        tables.append(data)
        holder.data.setdefault("order", []).append("round_table")
        self.positions[path] = (line, 1)
        self.stack = self.stack[: self.stack.index(holder) + 1] + [_Block("round_table", data, path, level)]

    # Prose.

    def _prose_node(self, node: Any) -> None:
        start, end = node.map
        text = "\n".join(self.lines[start:end]).strip("\n")
        if node.type == "paragraph":
            for offset, source in enumerate(self.lines[start:end]):
                meta = _META.match(source.strip())
                if meta and _meta_kind(meta["label"]):
                    self._problem(
                        "line-outside-heading", start + offset + 1, 1,
                        f"la ligne « {meta['label']} : » n'est sous aucune partie ni aucun point de l'ordre du jour",
                        "Placez-la juste sous le titre de la partie ou du point concerné.",
                    )
                    break
        elif node.type in ("bullet_list", "ordered_list") and _all_actions(node):
            for item in node.children:
                self._action(item, ())
            return
        self.prose[-1].blocks.append(text)

    # Under an agenda heading.

    def _paragraph(self, node: Any) -> None:
        block = self.stack[-1]
        start, end = node.map
        if block.kind != "round_table" and not block.seen_content:
            metas = [_META.match(source.strip()) for source in self.lines[start:end]]
            if all(meta and _meta_kind(meta["label"]) for meta in metas):
                for offset, meta in enumerate(metas):
                    assert meta is not None
                    self._meta(block, meta, start + offset + 1)
                return
        block.seen_content = True
        first = self.lines[start].strip()
        meta = _META.match(first)
        if meta and _meta_kind(meta["label"]):
            self._problem(
                "line-outside-heading", start + 1, _column(self.lines[start]),
                f"la ligne « {meta['label']} : » n'est pas juste sous un titre",
                "Les lignes Intervenant(s), Support(s) et Durée se placent juste sous le titre, avant les points.",
            )
            return
        self._unplaced(node)

    def _unplaced(self, node: Any) -> None:
        start = node.map[0] if node.map else 0
        excerpt = self.lines[start].strip() if start < len(self.lines) else ""
        if len(excerpt) > 60:
            excerpt = excerpt[:57] + "..."
        # Under no heading (an action's sub-list in the prose before part I),
        # there is no block to name.
        block = self.stack[-1] if self.stack else None
        if block is not None:
            block.seen_content = True
        where = f"sous « {block.data['title']} »" if block is not None else "hors des parties de l'ordre du jour"
        self._problem(
            "unplaced-text", start + 1, _column(self.lines[start]) if start < len(self.lines) else 1,
            f"ce texte {where} n'est ni un point ni une ligne Intervenant/Support : "
            f"il n'apparaîtrait pas dans le compte rendu (« {excerpt} »)",
            "Faites-en un point de liste (« - texte »), ou placez le texte libre sous un titre « ## » sans numéro "
            "avant la partie I ou après la dernière partie.",
        )

    def _meta(self, block: _Block, meta: re.Match[str], line: int) -> None:
        kind = _meta_kind(meta["label"])
        value = meta["value"].strip()
        column = self.lines[line - 1].find(value) + 1 if value else 1
        if kind == "speakers":
            speakers = block.data.setdefault("speakers", [])
            for text, offset in _split_commas(value):
                named, role = _role_of(text)
                speaker = self._speaker(_unbold(named), line, column + offset)
                if speaker is not None and role:
                    speaker["role"] = role
                if speaker is not None:
                    self.positions[block.path + ("speakers", len(speakers))] = (line, column + offset)
                    speakers.append(speaker)
        elif kind == "material":
            material = block.data.setdefault("material", [])
            for text, offset in _split_commas(value):
                found = material_from_text(text)
                if found is None:
                    self._problem(
                        "incomplete-material", line, column + offset,
                        f"le support « {text} » n'a ni fichier ni lien",
                        "Écrivez « [Titre](fichier.pdf) », « [Titre](https://...) », un nom de fichier ou un lien.",
                    )
                    continue
                self.positions[block.path + ("material", len(material))] = (line, column + offset)
                material.append(found)
        else:
            minutes = duration_minutes(value)
            if minutes is None:
                self._problem(
                    "unplaced-text", line, column,
                    f"« {value} » n'est pas une durée",
                    "Écrivez la durée prévue en minutes (« Durée : 25 min ») ou en heures (« Durée : 1 h 30 »).",
                )
            else:
                block.data["duration_minutes"] = minutes
                self.positions[block.path + ("duration_minutes",)] = (line, column)

    def _list(self, node: Any) -> None:
        block = self.stack[-1]
        block.seen_content = True
        if block.kind == "round_table":
            entries = block.data["entries"]
            for item in node.children:
                if self._action_item(item):
                    self._action(item, block.path)
                    continue
                path = block.path + ("entries", len(entries))
                entry = self._entry(item, path)
                if entry is not None:
                    entries.append(entry)
            return
        points = block.data.setdefault("points", [])
        self._points(node, points, block.path)

    def _points(self, list_node: Any, points: list[dict[str, Any]], holder: KeyPath) -> None:
        for item in list_node.children:
            if self._action_item(item):
                self._action(item, holder)
                continue
            path = holder + ("points", len(points))
            point = self._point(item, path)
            if point is not None:
                points.append(point)

    def _point(self, item: Any, path: KeyPath) -> dict[str, Any] | None:
        line, column = _line(item), self._item_column(item)
        self.positions[path] = (line, column)
        paragraphs, lists, others = _item_children(item)
        for other in others:
            self._unplaced(other)
        text = "\n\n".join(paragraphs)
        kinds, text = self._kinds(text, line, column)
        if not text.strip():
            self._problem(
                "unplaced-text", line, column, "ce point est vide", "Écrivez son texte après le tiret, ou supprimez la ligne.",
            )
            return None
        point: dict[str, Any] = {"kind": kinds, "text": text}
        sub_points: list[dict[str, Any]] = []
        for nested in lists:
            self._points(nested, sub_points, path)
        if sub_points:
            point["points"] = sub_points
        return point

    def _kinds(self, text: str, line: int, column: int) -> tuple[list[PointKind], str]:
        found = labels.leading_label(text)
        if found is None:
            return [PointKind.INFORMATION], text
        label, rest = found
        kinds = labels.kinds_of(label)
        if kinds is not None:
            return list(kinds), rest
        first_word = label.split()[0] if label.split() else label
        close = labels.close_label(label) or (labels.close_label(first_word) if len(label.split()) == 1 else None)
        if close is not None:
            self._problem(
                "unknown-label", line, column + 2,
                f"« {label} : » n'est pas une étiquette de point : vouliez-vous dire « {close} » ?",
                "Étiquettes : " + ", ".join(f"« {name} : »" for name in (*labels.ALL_POINT_LABELS, labels.ACTION_LABEL))
                + " ; sans étiquette, le point est une information.",
            )
        return [PointKind.INFORMATION], text

    def _entry(self, item: Any, path: KeyPath) -> dict[str, Any] | None:
        line, column = _line(item), self._item_column(item)
        self.positions[path] = (line, column)
        paragraphs, lists, others = _item_children(item)
        first = paragraphs[0] if paragraphs else ""
        match = _ENTRY_SPEAKERS.match(first)
        speakers: list[dict[str, Any]] = []
        rest = first
        if match:
            source = self.lines[line - 1]
            for text, offset in _split_commas(match["who"]):
                where = source.find(text)
                at = (line, (where + 1) if where >= 0 else column + offset)
                named, role = _role_of(text)
                for part, _ in _split_commas(_unbold(named)):
                    speaker = self._speaker(part, *at)
                    if speaker is not None and role:
                        speaker["role"] = role
                    if speaker is not None:
                        self.positions[path + ("speakers", len(speakers))] = at
                        speakers.append(speaker)
            rest = first[match.end() :]
        entry: dict[str, Any] = {"speakers": speakers}
        nested_items = [child for nested in lists for child in nested.children]
        replies = [child for child in nested_items if _REPLY.match(_first_paragraph(child))]
        others_nested = [child for child in nested_items if child not in replies]
        points: list[dict[str, Any]] = []
        if rest.strip() or not speakers:
            for other in others:
                self._unplaced(other)
            point = self._point_from(rest, paragraphs[1:], line, column, path + ("points", 0))
            if point is None:
                return None
            sub_points: list[dict[str, Any]] = []
            for child in others_nested:
                if self._action_item(child):
                    self._action(child, path)
                    continue
                sub = self._point(child, path + ("points", 0, "points", len(sub_points)))
                if sub is not None:
                    sub_points.append(sub)
            if sub_points:
                point["points"] = sub_points
            points.append(point)
        else:
            for child in others_nested:
                if self._action_item(child):
                    self._action(child, path)
                    continue
                point = self._point(child, path + ("points", len(points)))
                if point is not None:
                    points.append(point)
        if not points:
            self._problem(
                "unplaced-text", line, column,
                "cette intervention du tour de table n'a aucun point",
                "Écrivez ce qui a été dit après « : », ou en sous-liste.",
            )
            return None
        entry["points"] = points
        if not speakers and len(points) > 1:
            return None  # cannot happen: an unnamed entry is one item
        if replies:
            entry["replies"] = [self._reply(reply, path + ("replies", index)) for index, reply in enumerate(replies)]
        return entry

    def _point_from(self, text: str, more: list[str], line: int, column: int, path: KeyPath) -> dict[str, Any] | None:
        self.positions[path] = (line, column)
        full = "\n\n".join([text, *more]) if more else text
        kinds, full = self._kinds(full, line, column)
        if not full.strip():
            self._problem("unplaced-text", line, column, "ce point est vide", "Écrivez son texte, ou supprimez la ligne.")
            return None
        return {"kind": kinds, "text": full}

    def _reply(self, item: Any, path: KeyPath) -> dict[str, Any]:
        line, column = _line(item), self._item_column(item)
        paragraphs, lists, others = _item_children(item)
        for other in [*others, *lists]:
            self._unplaced(other)
        match = _REPLY.match(paragraphs[0])
        assert match is not None
        who = match["who"]
        self.positions[path] = (line, column)
        where = self.lines[line - 1].find(who)
        self.positions[path + ("by",)] = (line, where + 1 if where >= 0 else column)
        text = "\n\n".join([paragraphs[0][match.end() :], *paragraphs[1:]])
        who, role = _role_of(who)
        by = self._speaker(_unbold(who), line, where + 1 if where >= 0 else column) or {"organisation": who}
        if role:
            by["role"] = role
        return {"by": by, "text": text, "article": labels.written_article(match["article"])}

    def _speaker(self, text: str, line: int, column: int) -> dict[str, Any] | None:
        if text.startswith("@") and not re.fullmatch(_MEMBER, text):
            self._problem(
                "incomplete-speaker", line, column,
                f"« {text} » n'est pas un identifiant de membre",
                "Après @, l'identifiant du membre (le nom de son fichier dans members/, par exemple @cmoreau) ; "
                "pour une personne extérieure, son nom et son organisme : Dr Nom (Organisme).",
            )
            return None
        return speaker_from_text(text)

    # Actions.

    def _action_item(self, item: Any) -> bool:
        found = labels.leading_label(_first_paragraph(item))
        return found is not None and labels.is_one_of(found[0], (labels.ACTION_LABEL,))

    def _action(self, item: Any, holder: KeyPath) -> None:
        line, column = _line(item), self._item_column(item)
        paragraphs, lists, others = _item_children(item)
        for other in [*others, *lists]:
            self._unplaced(other)
        found = labels.leading_label(paragraphs[0])
        assert found is not None
        rest = "\n\n".join([found[1], *paragraphs[1:]])
        text = rest.strip()
        owner = None
        if owner_match := _ACTION_OWNER.match(text):
            owner, text = owner_match["owner"][1:], text[owner_match.end() :]
        due = None
        if due_match := _ACTION_DUE.search(text):
            try:
                due = dt.date.fromisoformat(due_match["date"])
                text = text[: due_match.start()]
            except ValueError:
                due = None
        text = text.strip()
        number = len(self.actions) + 1
        missing = [what for what, value in (("de responsable (@identifiant)", owner), ("d'échéance", due), ("de texte", text)) if not value]
        if missing:
            self._problem(
                "incomplete-action", line, column,
                f"l'action {number} n'a pas " + " ni ".join(missing),
                f"Écrivez « Action : @responsable{labels.ACTION_SEPARATOR}ce qu'il faut faire"
                f"{labels.ACTION_SEPARATOR}{labels.ACTION_DUE} AAAA-MM-JJ ».",
            )
        path: KeyPath = ("actions", len(self.action_lines))
        self.positions[path] = (line, column)
        if owner:
            where = self.lines[line - 1].find("@" + owner)
            self.positions[path + ("owner",)] = (line, where + 1 if where >= 0 else column)
        self.action_lines.append((line, column))
        self.actions.append({"number": number, "owner": owner, "text": text, "due": due})

    # Results.

    def _result(self) -> ParsedBody:
        agenda: list[AgendaPart] = []
        for index, data in enumerate(self.parts):
            try:
                agenda.append(AgendaPart.model_validate(data))
            except ValidationError as error:
                line, column = self.positions.get(("agenda", index), (1, 1))
                self._problem("unplaced-text", line, column, f"cette partie ne peut pas être lue : {error.errors()[0]['msg']}")
        actions = []
        for data in self.actions:
            if data["owner"] and data["text"]:
                actions.append(FollowUpAction.model_validate(data))
        prose = tuple(
            Prose(after_part=region.after_part, text="\n\n".join(region.blocks))
            for region in self.prose
            if region.blocks
        )
        return ParsedBody(tuple(agenda), tuple(actions), prose, self.positions, self.problems)

    def _problem(self, code: str, line: int, column: int, message: str, hint: str | None = None, *, warning: bool = False) -> None:
        self.problems.append(BodyProblem(code, line, column, message, hint, warning))

    def _item_column(self, item: Any) -> int:
        return _column(self.lines[item.map[0]])


# Speakers, material, durations written as text.


def speaker_from_text(text: str) -> dict[str, Any]:
    """« @cmoreau », « Dr Mathieu Rey (ORU PACA) », « Mme Durand », « DD 04 »."""
    text = text.strip()
    if re.fullmatch(_MEMBER, text):
        return {"member": text[1:]}
    name, organisation = _name_and_parenthesis(text)
    if _is_person(name):
        return {"name": name, "organisation": organisation} if organisation else {"name": name}
    return {"organisation": text}


def _is_person(text: str) -> bool:
    first = text.split(" ", 1)[0]
    return first in labels.CIVILITIES and " " in text


def _name_and_parenthesis(text: str) -> tuple[str, str | None]:
    """« Dr X (Observatoire (ORU) PACA) » -> ("Dr X", "Observatoire (ORU) PACA")."""
    if not text.endswith(")"):
        return text, None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                name = text[:index].rstrip()
                inside = text[index + 1 : -1].strip()
                return (name, inside) if name and inside else (text, None)
    return text, None


def material_from_text(text: str) -> dict[str, Any] | None:
    """« [Diaporama](fichier.pdf) », « https://... », « <https://...> », « note.pdf »;
    None for a title without a file or a link (« [Diaporama] », « [Diaporama]() »)."""
    text = text.strip()
    match = _LINK.match(text)
    if match and not match["target"]:
        return None
    if match:
        key = "link" if match["target"].startswith(("http://", "https://")) else "file"
        return {"title": match["title"], key: match["target"]} if match["title"] else {key: match["target"]}
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    return {"link": text} if text.startswith(("http://", "https://")) else {"file": text}


def duration_minutes(text: str) -> int | None:
    match = _DURATION.match(text.strip())
    if match is None:
        return None
    if match["minutes"]:
        return int(match["minutes"]) or None
    return int(match["hours"]) * 60 + int(match["rest"] or 0) or None


def _meta_kind(label: str) -> str | None:
    if labels.is_one_of(label, labels.SPEAKERS_LABELS):
        return "speakers"
    if labels.is_one_of(label, labels.MATERIAL_LABELS):
        return "material"
    if labels.is_one_of(label, labels.DURATION_LABELS):
        return "duration"
    return None


def _split_commas(text: str) -> list[tuple[str, int]]:
    """Parts separated by commas outside (), [] and **…**, with their offsets."""
    parts: list[tuple[str, int]] = []
    depth, bold, start, index = 0, False, 0, 0
    while index < len(text):
        char = text[index]
        if text.startswith("**", index):
            bold = not bold
            index += 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0 and not bold:
            parts.append((text[start:index], start))
            start = index + 1
        index += 1
    parts.append((text[start:], start))
    found = []
    for part, offset in parts:
        stripped = part.strip()
        if stripped:
            found.append((stripped, offset + len(part) - len(part.lstrip())))
    return found


def _role_of(text: str) -> tuple[str, str | None]:
    """« @cmoreau (présidente) » -> ("@cmoreau", "présidente"); a text without
    a role after an @id or a bold name -> (text, None)."""
    match = _WITH_ROLE.match(text.strip())
    return (match["who"], match["role"].strip()) if match else (text, None)


def _unbold(text: str) -> str:
    text = text.strip()
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        return text[2:-2].strip()
    return text


# Markdown tree helpers.


def _inline(node: Any) -> str:
    """A paragraph's or heading's Markdown source; its lines joined (a line break
    inside a paragraph is a space in Markdown, and the writer wraps again)."""
    text = "".join(child.content for child in node.children if child.type == "inline").strip()
    return " ".join(line.strip() for line in text.split("\n"))


def _line(node: Any) -> int:
    return node.map[0] + 1 if node.map else 1


def _column(source: str) -> int:
    return len(source) - len(source.lstrip()) + 1


def _first_paragraph(item: Any) -> str:
    for child in item.children:
        if child.type == "paragraph":
            return _inline(child)
        break
    return ""


def _item_children(item: Any) -> tuple[list[str], list[Any], list[Any]]:
    """A list item's paragraphs (Markdown source), nested lists and anything else."""
    paragraphs: list[str] = []
    lists: list[Any] = []
    others: list[Any] = []
    for child in item.children:
        if child.type == "paragraph":
            paragraphs.append(_inline(child))
        elif child.type in ("bullet_list", "ordered_list"):
            lists.append(child)
        elif child.type != "html_block":
            others.append(child)
    if not paragraphs:
        paragraphs.append("")
    return paragraphs, lists, others


def _all_actions(list_node: Any) -> bool:
    for item in list_node.children:
        found = labels.leading_label(_first_paragraph(item))
        if found is None or not labels.is_one_of(found[0], (labels.ACTION_LABEL,)):
            return False
    return True


__all__ = ["BodyProblem", "ParsedBody", "letter", "parse_body", "roman"]
