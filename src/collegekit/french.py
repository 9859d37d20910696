"""Every word and number a French reader sees, in one place, with Babel.

« mardi 18 mars 2025 », « 1er avril 2025 », « 14 h 15 », « 1 250 », « 58 % »,
« +3 points », « 3 séances », « A, B et C », names in alphabetical order.
Every space inside a date, a time or a number is non-breaking, so that a line
never ends between 58 and %, or between 14 and h. The documents (render), the
reports (attendance, compliance, coverage, plan status), the certificate and
the checks' messages all format through this module: nothing else rounds or
spells a number for a reader, so that the same fraction reads the same
everywhere. It imports nothing but Babel, and Babel only when a number or a
long date is formatted: lint's messages (short dates, plurals of words) do
not pay for it.

One rounding, half up: a share of 57,5 % prints « 58 % », −2,5 points prints
« −3 points » (halves away from zero, as people round; Python's round() would
give 68 for 68.5). A rate is first rounded to nine decimals, so that the float
noise of 23/40 * 100 = 57.49999999999999 counts as the 57,5 it stands for.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

NBSP = "\u00a0"
_NARROW_NBSP = "\u202f"
LOCALE = "fr_FR"
MISSING = "—"  # what a report prints where there is nothing to count


def _nbsp(text: str) -> str:
    # Babel separates thousands with a narrow no-break space, which some
    # office fonts lack: use the ordinary no-break space everywhere.
    return text.replace(_NARROW_NBSP, NBSP)


def half_up(value: float, places: int = 0) -> Decimal:
    """The project's one rounding: halves away from zero, after the float
    noise below nine decimals is dropped (0,125 → 0,13 ; 57,5 → 58 ; −2,5 → −3)."""
    return Decimal(repr(round(float(value), 9))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- Numbers ----------------------------------------------------------------


@lru_cache(maxsize=4096)
def number(value: float, locale: str = LOCALE) -> str:
    """1 250 ; 2,5 ; 0,13 for 0,125 (two decimals at most, half up)."""
    rounded = half_up(value, 2).normalize()
    if rounded == 0:
        rounded = Decimal(0)  # neither "-0" nor "0E+1"
    from babel.numbers import format_decimal

    return _nbsp(format_decimal(rounded, "#,##0.##", locale=locale))


def whole_percent(rate: float) -> int:
    """A share between 0 and 1 as a whole percentage: 0,575 → 58."""
    return int(half_up(rate * 100))


def percent(rate: float | None, locale: str = LOCALE) -> str:
    """« 58 % » from a share between 0 and 1; « — » for none."""
    if rate is None:
        return MISSING
    return _percent(whole_percent(rate), locale)


@lru_cache(maxsize=512)
def _percent(whole: int, locale: str) -> str:
    from babel.numbers import format_decimal

    return _nbsp(format_decimal(whole, "#,##0", locale=locale)) + NBSP + "%"


def percentage(value: float | None, locale: str = LOCALE) -> str:
    """« 58 % » from a value already in percent (an action's progress); « — » for none."""
    if value is None:
        return MISSING
    return _percent(int(half_up(value)), locale)


def percent_of(part: float, whole: float) -> str:
    """« 58 % » for 23 out of 40; « 0 % » out of nothing."""
    return percent(part / whole if whole else 0)


def points_between(before: float | None, after: float | None) -> int | None:
    """The change between two shares as the reader sees them: the difference
    of the printed percentages, so that « 33 % » then « 30 % » reads
    « −3 points » and never « −2 points »."""
    if before is None or after is None:
        return None
    return whole_percent(after) - whole_percent(before)


def points(change: float | None, locale: str = LOCALE) -> str:
    """A change of a share in percentage points: « +3 points », « −1 point »,
    « stable »; « — » for none (the first year)."""
    if change is None:
        return MISSING
    rounded = int(half_up(change))
    if not rounded:
        return "stable"
    sign = "+" if rounded > 0 else "−"
    return f"{sign}{number(abs(rounded), locale)}{NBSP}{plural_word(abs(rounded), 'point')}"


def hours(value: float, locale: str = LOCALE) -> str:
    """1 heure ; 1,5 heure ; 3 heures"""
    return f"{number(value, locale)}{NBSP}{plural_word(value, 'heure')}"


def duration(minutes: int) -> str:
    """ "3 h 15", "3 h", "45 min"."""
    whole_hours, rest = divmod(minutes, 60)
    if not whole_hours:
        return f"{rest}{NBSP}min"
    return f"{whole_hours}{NBSP}h" + (f"{NBSP}{rest:02d}" if rest else "")


# --- Words ------------------------------------------------------------------


def plural_word(count: float, singular: str, plural_form: str | None = None) -> str:
    """The word for a count: French gives 0 and 1 the singular (« 0 séance »)."""
    return singular if abs(count) < 2 else (plural_form or singular + "s")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 séance", "3 séances", "0 séance"."""
    return f"{number(count)} {plural_word(count, singular, plural_form)}"


def join(items: Sequence[str], last: str = " et ") -> str:
    """« A », « A et B », « A, B et C »; `last=" ou "` for « A, B ou C »."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


def ordinal_title(number: int, label: str, year: int) -> str:
    """A meeting's default title: « 1re séance plénière 2026 », « 2e réunion du
    bureau 2026 » (every kind of meeting is feminine)."""
    return f"{number}{'re' if number == 1 else 'e'} {label} {year}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """A title inside a sentence: « Plan de formation » → « plan de formation »."""
    return text[:1].lower() + text[1:]


def plain(text: str) -> str:
    """A text with its accents and case set aside: what a user's word is
    matched by (« Infirmière » is « infirmiere »), and French sorts by."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def sort_key(text: str) -> str:
    """Alphabetical order as a French reader expects it (É with E, case ignored)."""
    return plain(text)


def name_key(last_name: str, first_name: str, member_id: str) -> tuple[str, str, str]:
    """The order of people in every list: last name, first name, then the id
    so that namesakes keep one order."""
    return sort_key(last_name), sort_key(first_name), member_id


_ELIDED = tuple("aeiouyâàéèêëîïôöûüAEIOUYÂÀÉÈÊËÎÏÔÖÛÜ")
# The article before a word, after a preposition: masculine, feminine,
# before a vowel, plural, then a name that takes no article (before a
# consonant, before a vowel).
_ARTICLES = {
    "le": ("le ", "la ", "l'", "les ", "", ""),
    "du": ("du ", "de la ", "de l'", "des ", "de ", "d'"),
    "au": ("au ", "à la ", "à l'", "aux ", "à ", "à "),
    "de": ("de ", "de ", "d'", "de ", "de ", "d'"),  # after a negation: « pas de plan », « aucune d'organisation »
}
# The article a name takes of its own: « le CHU », « la DGOS », « l'ARS »,
# « les URPS », or none (« Mme Durand », « CPAM » written without one).
NAME_ARTICLES = ("le", "la", "l'", "les", "")
# Civilities: a doctor or a professor takes the article (« le Dr Moreau »,
# « du Pr Vidal »), Madame and Monsieur do not (« de Mme Durand »).
CIVILITIES_WITH_ARTICLE = ("Dr", "Pr")
CIVILITIES = (*CIVILITIES_WITH_ARTICLE, "M.", "Mme", "Mlle", "Me")
# Each civility as a user may write it in full, for the abbreviation the documents use.
CIVILITIES_IN_FULL = {"docteur": "Dr", "docteure": "Dr", "professeur": "Pr", "professeure": "Pr", "madame": "Mme",
                      "monsieur": "M.", "mademoiselle": "Mlle", "maitre": "Me"}


def civility(written: str) -> str | None:
    """The civility the documents write for what a user wrote (« Docteur »,
    « dr », « M » → « Dr », « Dr », « M. »), or None for one they do not know."""
    key = plain(written.strip().rstrip("."))
    for known in CIVILITIES:
        if key == plain(known.rstrip(".")):
            return known
    return CIVILITIES_IN_FULL.get(key)


# Civilities that say whether a person is a woman or a man (Dr, Pr and Me do
# not): what the labels said of a member agree with, before their `gender`.
FEMININE_CIVILITIES = ("Mme", "Mlle", "Madame", "Mademoiselle")
MASCULINE_CIVILITIES = ("M.", "Monsieur")


def civility_is_feminine(title: str | None) -> bool | None:
    """True for « Mme », False for « M. », None for a civility that does not
    tell (« Dr », « Pr ») or none."""
    title = (title or "").strip()
    if title in FEMININE_CIVILITIES:
        return True
    if title in MASCULINE_CIVILITIES:
        return False
    return None


def with_article(label: str, article: str = "le", feminine: bool = False) -> str:
    """A title with its article, elided before a vowel: « le plan de
    formation », « l'organisation des fonctions médicales », « du règlement
    intérieur » (article="du"), « pas d'organisation » (article="de")."""
    masculine, feminine_form, elided = _ARTICLES[article][:3]
    if label.startswith(_ELIDED):
        return elided + label
    return (feminine_form if feminine else masculine) + label


def article_of(name: str, own: str | None = None) -> str:
    """The article a name takes of its own, one of NAME_ARTICLES: « le » for
    « Dr Claire Moreau » and « Pr … », none for « Mme … » or « M. … »
    (whatever `own` says: a title decides); for an organisation `own` when
    it was written (« la » DGOS, « le » CHU), else « l' » before a vowel
    (« l'ARS », an acronym read as letters) and none before a consonant,
    since its gender cannot be guessed."""
    first = name.split(" ", 1)[0]
    if first in CIVILITIES:
        return "le" if first in CIVILITIES_WITH_ARTICLE else ""
    if own is not None:
        return own
    return "l'" if name.startswith(_ELIDED) else ""


def article_before(name: str, article: str = "le", own: str | None = None) -> str:
    """What precedes a name after « de » (article="du"), « à » ("au") or
    nothing ("le"): « du » Dr Claire Moreau, « de la » DGOS, « de l' »ARS,
    « de » Mme Durand, « d' »Anne Martin; `own` as for `article_of`."""
    masculine, feminine, elided, plural_form, bare, bare_elided = _ARTICLES[article]
    kind = article_of(name, own)
    if kind == "les":
        return plural_form
    if kind == "l'":
        return elided
    if kind in ("le", "la"):
        return masculine if kind == "le" else feminine
    return bare_elided if name.startswith(_ELIDED) else bare


def name_with_article(name: str, article: str = "le", own: str | None = None) -> str:
    """« le Dr Claire Moreau » (« que le Dr … »), « du Dr Claire Moreau »
    (article="du"), « de la DGOS » (own="la"), « de l'ARS », « du CHU »
    (own="le"), « de Mme Durand »."""
    return article_before(name, article, own) + name


# --- Dates and times --------------------------------------------------------


def short_date(day: dt.date) -> str:
    """18/03/2025: dates in tables, charts and the checks' messages."""
    return f"{day:%d/%m/%Y}"


def date(day: dt.date, weekday: bool = False, locale: str = LOCALE) -> str:
    """ "18 mars 2025", "1er mars 2025"; with the weekday, "mardi 18 mars 2025"."""
    french = French(locale)
    return french.date_long(day) if weekday else french.date(day)


@dataclass(frozen=True)
class French:
    """The filters of the templates, for one locale (fr_FR by default)."""

    locale: str = LOCALE

    def _pattern(self, day: dt.date, with_weekday: bool) -> str:
        # Babel's patterns give "1 mars"; French writes "1er mars".
        first = day.day == 1 and self.locale.startswith("fr")
        day_part = "d'er'" if first else "d"
        return ("EEEE " if with_weekday else "") + f"{day_part} MMMM y"

    def date_long(self, day: dt.date) -> str:
        """mardi 18 mars 2025 ; samedi 1er mars 2025"""
        from babel.dates import format_date

        return _nbsp(format_date(day, self._pattern(day, True), locale=self.locale))

    def date(self, day: dt.date) -> str:
        """18 mars 2025 ; 1er mars 2025"""
        from babel.dates import format_date

        return _nbsp(format_date(day, self._pattern(day, False), locale=self.locale))

    def date_numeric(self, day: dt.date) -> str:
        """18/03/2025"""
        return short_date(day)

    def time(self, moment: dt.time) -> str:
        """14 h ; 17 h 15 ; 9 h 05"""
        if moment.minute == 0:
            return f"{moment.hour}{NBSP}h"
        return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"

    def number(self, value: float) -> str:
        """1 250 ; 2,5"""
        return number(value, self.locale)

    def percent(self, value: float, total: float | None = None) -> str:
        """A share in percent: `58 | percent` or `attended | percent(expected)` → 58 %."""
        if total is not None:
            return percent(value / total if total else 0, self.locale)
        return percentage(value, self.locale)

    def hours(self, value: float) -> str:
        """1 heure ; 1,5 heure ; 3 heures"""
        return hours(value, self.locale)
