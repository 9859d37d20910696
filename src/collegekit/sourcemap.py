"""YAML text -> plain Python values, with a way back to file, line and column.

Records are read with the C parser of ruamel.yaml.clib, which composes a node
tree whose nodes carry their start position; that is an order of magnitude
faster than ruamel's round-trip loader, which is kept for editing files.

Values are built from the node tree by hand, so that the rules of the records
hold whatever the YAML library would do: YAML 1.2 scalars (`no` is a string,
`04` a number), dates left as text for the models to check, duplicate keys,
aliases and foreign tags refused, nesting bounded. The node tree is kept only
while a file is validated; positions are found again from it on demand.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.cyaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, MappingStartEvent, NodeEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tag import Tag

from collegekit.diagnostics import Diagnostic, Location

MAX_DEPTH = 40
# libyaml's composer recurses once a level, in C: some 25,000 levels overflow
# the stack and kill the process before `_to_python` can count them. Each
# level needs one of these characters, so a text with few of them is safe to
# compose; any other text is first measured on libyaml's event stream, which
# is flat.
_NESTING_CHARACTERS = "[{-?:"
_NESTING_SAFE_TO_COMPOSE = 1_000

_CORE = "tag:yaml.org,2002:"
# Tags the parser gives to untagged nodes. Being shared objects, they are told
# apart by identity, the cheapest test there is.
_PLAIN = Tag(suffix="tag:collegekit:plain")
_QUOTED = Tag(suffix=_CORE + "str")
_SEQUENCE = Tag(suffix=_CORE + "seq")
_MAPPING = Tag(suffix=_CORE + "map")
_EXPLICIT_SCALAR_TAGS = frozenset(_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
_EXPLICIT_COLLECTION_TAGS = frozenset({_CORE + "seq", _CORE + "map"})

# The YAML 1.2 core schema, for plain scalars; anything else is text.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INTEGER = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
# No number of a college comes near a million billion; past it, Babel's
# formatting (Decimal, 28 digits) and date arithmetic break in the reports.
_TOO_LARGE = 10**15
_SPECIAL_FLOATS = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf, "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf, ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}


class _RecordParser(CParser):  # type: ignore[misc]
    """libyaml's composer, with tag resolution left to `_plain_scalar`.

    ruamel's resolver runs a list of regular expressions in Python on every
    scalar and then wraps the result in a new tag object; deciding once, by
    hand, what a plain scalar is halves the cost of reading a record.
    """

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> Tag:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return _SEQUENCE if kind is SequenceNode else _MAPPING

    def descend_resolver(self, *_: Any) -> None:
        pass

    def ascend_resolver(self, *_: Any) -> None:
        pass


FRONT_MATTER_FENCE = "---"


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed YAML document: its values and the nodes they came from."""

    path: Path
    data: Any
    root: Node
    line_offset: int = 0
    # The keys of each mapping looked into, by the mapping node's id: a file
    # with thousands of problems in one mapping (attendance) is searched by
    # key, not scanned once a problem, which made lint quadratic.
    _keys: dict[int, dict[Any, tuple[Node, Node]]] = field(default_factory=dict, repr=False, compare=False)

    def location(self, key_path: Sequence[str | int] = (), *, at_key: bool = False) -> Location:
        """Where the value at `key_path` is written, or its closest written parent.

        With `at_key`, point at the key itself rather than its value (what a
        person looks for when told a key is unknown).
        """
        node, key_node = _walk(self.root, key_path, self._keys)
        target = key_node if at_key and key_node is not None else node
        mark = target.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)


def _walk(
    root: Node, key_path: Sequence[str | int], keys: dict[int, dict[Any, tuple[Node, Node]]]
) -> tuple[Node, Node | None]:
    node: Node = root
    key_node: Node | None = None
    for part in key_path:
        if isinstance(node, MappingNode) and isinstance(part, str):
            index = keys.get(id(node))
            if index is None:
                # Reversed: with a key written twice, the first one is kept.
                index = keys[id(node)] = {
                    key.value if isinstance(key, ScalarNode) else id(key): (key, value) for key, value in reversed(node.value)
                }
            found = index.get(part)
            if found is None:
                return node, key_node
            key_node, node = found
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            key_node, node = None, node.value[part]
        else:
            # Parts the document does not contain (a missing key, a validator's
            # own step in a Pydantic location): stop at the closest parent.
            return node, key_node
    return node, key_node


class _Refused(Exception):
    def __init__(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.node, self.code, self.message, self.hint = node, code, message, hint


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML document; never raises for what a person may have typed."""
    too_deep = _too_deep(text)
    if too_deep is not None:
        location = Location(path, too_deep.line + 1 + line_offset, too_deep.column + 1)
        return None, [_too_deep_diagnostic(location)]
    try:
        root = _RecordParser(text).get_single_node()
    except MarkedYAMLError as error:
        return None, [_syntax_diagnostic(error, text, path, line_offset)]
    except ReaderError as error:
        position = error.position if isinstance(error.position, int) else 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        return None, [
            Diagnostic.error(
                "yaml-syntax",
                Location(path, line + line_offset, column),
                f"caractère invisible interdit ({_code_point(error.character)}) dans le texte",
                "Supprimez ce caractère : il vient souvent d'un copier-coller depuis un autre logiciel.",
            )
        ]
    except (YAMLError, ValueError, TypeError):
        return None, [
            Diagnostic.error(
                "yaml-syntax",
                Location(path, 1 + line_offset, 1),
                "le fichier n'est pas du YAML lisible",
                "Comparez-le avec un exemple du README.",
            )
        ]
    if root is None:
        return None, [
            Diagnostic.error(
                "empty-file",
                Location(path, 1 + line_offset, 1),
                "le fichier ne contient aucune donnée",
                "Remplissez-le à partir d'un exemple du README, ou supprimez-le.",
            )
        ]
    try:
        data = _to_python(root, set(), 0)
    except _Refused as refusal:
        mark = refusal.node.start_mark
        location = Location(path, mark.line + 1 + line_offset, mark.column + 1)
        return None, [Diagnostic.error(refusal.code, location, refusal.message, refusal.hint)]
    return YamlDocument(path, data, root, line_offset), []


def _code_point(character: object) -> str:
    if isinstance(character, str) and len(character) == 1:
        character = ord(character)
    return f"U+{character:04X}" if isinstance(character, int) else repr(character)


def _too_deep(text: str) -> Any:
    """The mark of the first node nested deeper than MAX_DEPTH, if the text
    might be too deep for the composer; None otherwise.

    A syntax error stops the count: the composer then meets the same error
    no deeper than the count has gone, and reports it.
    """
    if sum(text.count(character) for character in _NESTING_CHARACTERS) <= _NESTING_SAFE_TO_COMPOSE:
        return None
    parser = CParser(text)
    # For each open collection: is it a mapping, and how many nodes it holds
    # so far (in a mapping, keys and values alternate). The depth of a node is
    # the number of collections around it, as `_to_python` counts it; a plain
    # key is not counted, being no deeper than its value.
    open_collections: list[list[Any]] = []
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return None
            if isinstance(event, CollectionEndEvent):
                open_collections.pop()
                continue
            if not isinstance(event, NodeEvent):
                continue
            parent = open_collections[-1] if open_collections else None
            is_key = parent is not None and parent[0] and parent[1] % 2 == 0
            if parent is not None:
                parent[1] += 1
            if isinstance(event, CollectionStartEvent):
                if len(open_collections) > MAX_DEPTH:
                    return event.start_mark
                open_collections.append([isinstance(event, MappingStartEvent), 0])
            elif not is_key and len(open_collections) > MAX_DEPTH:
                return event.start_mark
    except (YAMLError, ValueError, TypeError):
        return None
    finally:
        parser.dispose()


def _too_deep_diagnostic(location: Location) -> Diagnostic:
    return Diagnostic.error(
        "yaml-too-deep",
        location,
        f"les données sont imbriquées sur plus de {MAX_DEPTH} niveaux",
        "Un dossier du collège n'a jamais besoin d'autant de niveaux : vérifiez l'indentation.",
    )


def _to_python(node: Node, seen: set[int], depth: int) -> Any:
    if depth > MAX_DEPTH:
        diagnostic = _too_deep_diagnostic(Location(Path()))
        raise _Refused(node, diagnostic.code, diagnostic.message, diagnostic.hint)
    if id(node) in seen:
        # libyaml hands an alias back as the very node it names.
        raise _Refused(
            node,
            "yaml-alias",
            "les ancres et alias YAML (&nom, *nom) ne sont pas acceptés dans les dossiers",
            "Recopiez la valeur à cet endroit au lieu d'y faire référence.",
        )
    seen.add(id(node))
    tag = node.ctag
    if tag is _PLAIN:
        return _number_or_text(node)
    if tag is _QUOTED:
        return node.value
    if tag is _MAPPING:
        return _mapping(node, seen, depth)
    if tag is _SEQUENCE:
        return [_to_python(item, seen, depth + 1) for item in node.value]
    return _explicitly_tagged(node, seen, depth)


def _mapping(node: MappingNode, seen: set[int], depth: int) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.ctag is not _PLAIN and key_node.ctag is not _QUOTED:
            raise _Refused(
                key_node,
                "yaml-syntax",
                "une clé doit être un simple mot suivi de « : »",
                "Les clés composées et les étiquettes de clé ne sont pas acceptées.",
            )
        key = key_node.value
        if key in mapping:
            raise _Refused(
                key_node,
                "yaml-duplicate-key",
                f"la clé « {key} » apparaît deux fois",
                "Gardez une seule fois la clé, avec la bonne valeur.",
            )
        mapping[key] = _to_python(value_node, seen, depth + 1)
    return mapping


def _explicitly_tagged(node: Node, seen: set[int], depth: int) -> Any:
    """A node written with a tag: only the core ones are accepted."""
    tag = str(node.ctag)
    if isinstance(node, ScalarNode) and tag in _EXPLICIT_SCALAR_TAGS:
        return node.value if tag in (_CORE + "str", _CORE + "timestamp") else _number_or_text(node)
    if tag in _EXPLICIT_COLLECTION_TAGS:
        if isinstance(node, MappingNode):
            return _mapping(node, seen, depth)
        if isinstance(node, SequenceNode):
            return [_to_python(item, seen, depth + 1) for item in node.value]
    raise _Refused(
        node,
        "yaml-tag",
        f"l'étiquette YAML « {tag.removeprefix(_CORE)} » n'est pas acceptée",
        "Supprimez l'étiquette (le mot qui commence par « ! ») : les dossiers ne contiennent que du texte, "
        "des nombres, des dates, des listes et des clés.",
    )


def _number_or_text(node: ScalarNode) -> Any:
    value = _plain_scalar(node.value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _TOO_LARGE:
        # Python refuses to print an integer of more than 4,300 digits; the
        # reports cannot format one of more than 28 (see _TOO_LARGE).
        raise _Refused(
            node,
            "out-of-range",
            f"ce nombre de {len(node.value)} caractères est bien trop grand pour un dossier",
            "Vérifiez la valeur ; un numéro (téléphone, RPPS) s'écrit entre guillemets.",
        )
    return value


def _plain_scalar(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _BOOLEANS:
        return _BOOLEANS[value]
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INTEGER.match(value):
            # A text of digits is worth converting only if it can make a
            # number below _TOO_LARGE (the cost of converting is quadratic);
            # longer ones are that bound, for the caller to refuse.
            return int(value) if len(value.lstrip("+-0")) <= 40 else _TOO_LARGE
        if first == "0" and len(value) > 2 and value[1] in "xo":
            try:
                return int(value, 0)
            except ValueError:
                return value
        if _FLOAT.match(value):
            return float(value)
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
    # Dates stay text too: the models say which dates exist and in what form.
    return value


# libyaml's problems, in the words of someone who edits YAML by hand.
_SYNTAX_MESSAGES: tuple[tuple[str, str, str], ...] = (
    (
        "mapping values are not allowed",
        "un « : » est mal placé",
        "Un texte qui contient « : » doit être entre guillemets ; sinon vérifiez l'indentation de la ligne.",
    ),
    (
        "could not find expected ':'",
        "il manque « : » après une clé",
        "Écrivez chaque clé sous la forme « clé: valeur ».",
    ),
    (
        "did not find expected key",
        "l'indentation ne correspond pas à la ligne précédente",
        "Alignez la ligne sur les autres clés du même niveau (avec des espaces).",
    ),
    (
        "did not find expected '-' indicator",
        "l'indentation d'une liste est incohérente",
        "Alignez les tirets « - » des éléments de la liste.",
    ),
    (
        "found unexpected end of stream",
        "le fichier s'arrête au milieu d'une valeur (guillemet ou crochet non refermé ?)",
        "Refermez le guillemet, le crochet ou l'accolade ouvert.",
    ),
    (
        "did not find expected ',' or ']'",
        "une liste entre crochets n'est pas refermée (il manque « ] » ou une virgule)",
        "Refermez le crochet, ou mettez entre guillemets un texte qui contient une virgule ou un crochet.",
    ),
    (
        "did not find expected ',' or '}'",
        "des clés entre accolades ne sont pas refermées (il manque « } » ou une virgule)",
        "Refermez l'accolade, ou mettez entre guillemets un texte qui contient une virgule.",
    ),
    (
        "found undefined alias",
        "les ancres et alias YAML (&nom, *nom) ne sont pas acceptés dans les dossiers",
        "Recopiez la valeur à cet endroit au lieu d'y faire référence.",
    ),
    (
        "expected a single document",
        "le fichier contient plusieurs documents YAML (séparés par « --- »)",
        "Gardez un seul document par fichier.",
    ),
    (
        "found character that cannot start any token",
        "caractère inattendu en début de valeur",
        "Mettez la valeur entre guillemets.",
    ),
    (
        "did not find expected node content",
        "une valeur manque ou est mal placée",
        "Vérifiez la ponctuation de la ligne (virgules, crochets, tirets).",
    ),
)


def _syntax_diagnostic(error: MarkedYAMLError, text: str, path: Path, line_offset: int) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line_index = mark.line if mark is not None else 0
    column = mark.column + 1 if mark is not None else 1
    lines = text.split("\n")
    line_text = lines[line_index] if line_index < len(lines) else ""
    problem = error.problem or ""
    if "\t" in line_text and ("tab" in problem or "cannot start any token" in problem or "\t" in problem):
        return Diagnostic.error(
            "yaml-tab",
            Location(path, line_index + 1 + line_offset, line_text.index("\t") + 1),
            "une tabulation sert d'indentation ; YAML n'accepte que des espaces",
            "Remplacez la tabulation par des espaces (réglez votre éditeur pour insérer des espaces).",
        )
    for english, french, hint in _SYNTAX_MESSAGES:
        if english in problem or english in (error.context or ""):
            return Diagnostic.error(
                "yaml-syntax", Location(path, line_index + 1 + line_offset, column), f"syntaxe YAML : {french}", hint
            )
    return Diagnostic.error(
        "yaml-syntax",
        Location(path, line_index + 1 + line_offset, column),
        f"syntaxe YAML invalide ({problem.strip() or 'erreur de lecture'})",
        "Comparez la ligne avec un exemple du README.",
    )


@dataclass(frozen=True, slots=True)
class FrontMatter:
    yaml_text: str
    body: str
    line_offset: int


def split_front_matter(text: str, path: Path) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """Cut a Markdown record into its YAML front matter and its body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        return None, [
            Diagnostic.error(
                "front-matter-missing",
                Location(path, 1, 1),
                "le fichier ne commence pas par un en-tête YAML entre deux lignes « --- »",
                "Mettez « --- » sur la première ligne, les données de la séance, puis « --- » avant le texte.",
            )
        ]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FRONT_MATTER_FENCE, "..."):
            body = "\n".join(lines[index + 1 :])
            return FrontMatter("\n".join(lines[1:index]) + "\n", body.lstrip("\n"), 1), []
    return None, [
        Diagnostic.error(
            "front-matter-unclosed",
            Location(path, 1, 1),
            "l'en-tête YAML ouvert par « --- » à la ligne 1 n'est jamais refermé",
            "Ajoutez une ligne « --- » entre les données de la séance et le texte du compte rendu.",
        )
    ]
