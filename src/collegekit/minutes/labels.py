"""The words of the minutes' conventions, in one table.

The parser, the writer, `new-meeting`, `draft` and `import-minutes` all read
them from here: a label added or renamed here is understood and written
everywhere at once. Matching ignores case and accents' absence is not
forgiven (French labels are written with them), but spacing around « : » is.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from collegekit import french
from collegekit.models.meeting import PointKind

# kind -> the label written for it (first) and the other spellings understood.
POINT_LABELS: dict[PointKind, tuple[str, ...]] = {
    PointKind.DECISION: ("Décision",),
    PointKind.VIGILANCE: ("Point de vigilance", "Vigilance"),
    PointKind.ALERT: ("Point d'alerte", "Alerte"),
    PointKind.QUESTION: ("Question",),
    PointKind.INFORMATION: ("Information",),
}
ACTION_LABEL = "Action"
ACTION_DUE = "échéance"
# Between the owner, the text and the due date of an action.
ACTION_SEPARATOR = " — "
REPLY_PREFIX = "Réponse de"
REPLY_WORD = "Réponse"
# « Réponse de X », and with the article the speaker takes: « Réponse du
# Dr X », « Réponse de la DGOS », « Réponse de l'ARS », « Réponse des URPS »,
# « Réponse d'Anne Martin ». The group `article` is what was written.
REPLY_OPENING = r"Réponse\s+(?P<article>du\s+|des\s+|de\s+la\s+|de\s+l['’]\s*|d['’]\s*|de\s+)"
_WRITTEN_ARTICLE = {"du": "le", "des": "les", "dela": "la", "del'": "l'", "d'": "", "de": None}
ROUND_TABLE_PREFIX = "Tour de table"

# Lines right under a heading: speakers, material, planned duration.
SPEAKERS_LABELS = ("Intervenant", "Intervenants", "Intervenante", "Intervenantes")
MATERIAL_LABELS = ("Support", "Supports")
DURATION_LABELS = ("Durée", "Durée prévue")

# A person rather than an organisation, when a speaker is written as text.
CIVILITIES = french.CIVILITIES

# Several kinds at once: « Question et point de vigilance : ».
_AND = re.compile(r"\s+et\s+|\s*,\s*", re.IGNORECASE)
_LABEL_AT_START = re.compile(r"^(?P<label>[^\W\d][\w'’ ,-]{1,60}?)\s*:(?:\s+|$)")


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("’", "'")).strip().casefold()


_KIND_BY_LABEL: dict[str, PointKind] = {
    _key(label): kind for kind, labels in POINT_LABELS.items() for label in labels
}
# Labels whose first letter is lower case inside a combined label: « Question et point de vigilance ».
ALL_POINT_LABELS: tuple[str, ...] = tuple(label for labels in POINT_LABELS.values() for label in labels)


def label_of(kinds: tuple[PointKind, ...]) -> str | None:
    """The label written before a point of these kinds; None for information."""
    shown = [kind for kind in kinds if kind is not PointKind.INFORMATION]
    if not shown:
        return None
    words = [POINT_LABELS[kind][0] for kind in shown]
    text = words[0] + "".join(" et " + word[0].lower() + word[1:] for word in words[1:])
    return text


def kinds_of(label: str) -> tuple[PointKind, ...] | None:
    """The kinds a label names (« Question et point de vigilance »), or None
    when it is not a label."""
    kinds: list[PointKind] = []
    for part in _AND.split(label.strip()):
        kind = _KIND_BY_LABEL.get(_key(part))
        if kind is None:
            return None
        if kind not in kinds:
            kinds.append(kind)
    if kinds and PointKind.INFORMATION in kinds and len(kinds) > 1:
        kinds.remove(PointKind.INFORMATION)
    return tuple(kinds) or None


def leading_label(text: str) -> tuple[str, str] | None:
    """« Décision : Le compte rendu... » -> ("Décision", "Le compte rendu...");
    None when the text does not start with words followed by « : »."""
    match = _LABEL_AT_START.match(text)
    if match is None:
        return None
    return match["label"].strip(), text[match.end() :]


def close_label(word: str) -> str | None:
    """The known label a mistyped one probably is (« Vigilence » -> « Vigilance »)."""
    candidates = {_key(label): label for label in (*ALL_POINT_LABELS, ACTION_LABEL)}
    close = difflib.get_close_matches(_key(word), list(candidates), n=1, cutoff=0.8)
    return candidates[close[0]] if close else None


def is_one_of(word: str, labels: tuple[str, ...]) -> bool:
    return _key(word) in {_key(label) for label in labels}


def is_round_table_title(title: str) -> bool:
    return _key(title).startswith(_key(ROUND_TABLE_PREFIX))


def written_article(opening: str) -> str | None:
    """The article an opening « Réponse de la » names (« la »), "" for « d' »
    (no article, elided), None for a bare « de » (not said)."""
    words = "".join(opening.replace("’", "'").split()).casefold()
    return _WRITTEN_ARTICLE[words]


def reply_opening(name: str, who: str, article: str | None = None) -> str:
    """« Réponse du **Dr X** », « Réponse de la **DGOS** », « Réponse de @cmoreau »:
    `name` is the speaker as a reader names them (its article follows from
    it, see french.article_of), `who` as the body writes them."""
    if who.startswith("@"):
        return f"{REPLY_WORD} de {who}"  # a member: the document names them, with their own article
    return f"{REPLY_WORD} {french.article_before(name, 'du', article)}{who}"
