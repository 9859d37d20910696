"""Diagnostics: every problem collegekit finds in the records, as a value.

Parse errors, validation errors, broken references and rule violations are all
the same thing here: a `Diagnostic` with a stable code, a severity, a location
and a message in French that says what to fix. Library code returns them; only
the command line decides what they mean for the exit code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {Severity.ERROR: "erreur", Severity.WARNING: "avertissement"}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file; line and column are 1-based, 0 when unknown."""

    path: Path
    line: int = 0
    column: int = 0

    def display(self, relative_to: Path | None = None) -> str:
        path = self.path
        if relative_to is not None and path.is_absolute():
            try:
                path = path.relative_to(relative_to)
            except ValueError:
                pass
        text = str(path)
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


# Every code collegekit reports, with what it means. Codes are stable: tools and
# colleges' configurations refer to them. Each has a case in tests/cases/.
CATALOGUE: dict[str, str] = {
    "yaml-syntax": "Le fichier n'est pas du YAML valide.",
    "yaml-tab": "Une tabulation sert d'indentation.",
    "yaml-duplicate-key": "Une clé apparaît deux fois au même niveau.",
    "yaml-alias": "Un alias YAML (&ancre, *alias) est utilisé.",
    "yaml-tag": "Une étiquette YAML (!...) est utilisée.",
    "yaml-too-deep": "Les données sont imbriquées trop profondément.",
    "empty-file": "Le fichier est vide.",
    "binary-file": "Le fichier n'est pas un fichier texte.",
    "not-utf8": "Le fichier n'est pas encodé en UTF-8.",
    "file-too-large": "Le fichier est bien trop gros pour un dossier du collège.",
    "unreadable-file": "Le fichier ne peut pas être lu.",
    "merge-conflict": "Le fichier contient encore des marques de conflit de fusion git.",
    "outside-records": "Un lien symbolique mène hors du dossier des dossiers.",
    "unexpected-file": "Un fichier d'un dossier de dossiers n'a pas la bonne extension.",
    "front-matter-missing": "Une séance ne commence pas par son en-tête YAML.",
    "front-matter-unclosed": "L'en-tête YAML d'une séance n'est pas refermé.",
    "unknown-key": "Une clé n'existe pas à cet endroit.",
    "missing-key": "Une clé obligatoire manque.",
    "wrong-type": "Une valeur n'a pas la forme attendue (texte, nombre, liste...).",
    "invalid-value": "Une valeur ne fait pas partie des valeurs possibles.",
    "invalid-date": "Une date n'existe pas ou n'est pas au format AAAA-MM-JJ.",
    "invalid-time": "Une heure n'est pas au format HH:MM.",
    "invalid-id": "Un identifiant ou un nom de fichier n'est pas valide.",
    "invalid-departement": "Un code de département n'est pas valide.",
    "invalid-site": "Une affectation n'est ni le siège ni un département.",
    "invalid-territory": "Un territoire n'est ni la région ni un département.",
    "invalid-period": "Une période finit avant de commencer.",
    "incomplete-speaker": "Un intervenant n'a ni identifiant, ni nom, ni organisme.",
    "incomplete-material": "Un support n'a ni fichier ni lien.",
    "out-of-range": "Un nombre sort des limites permises.",
    "empty-value": "Une valeur obligatoire est vide.",
    "id-mismatch": "Une clé contredit le nom du fichier.",
    "membership-overlap": "Deux périodes d'appartenance d'un membre se chevauchent.",
    "duplicate-entry": "Une même entrée est déclarée deux fois.",
    "unknown-check": "college.yaml désactive une vérification qui n'existe pas.",
    "legacy-agenda": "Une séance garde son ordre du jour dans l'en-tête (ancienne forme) : collegekit convert-meeting.",
    "unknown-label": "Un point commence par une étiquette mal orthographiée (« Vigilence : »).",
    "item-outside-part": "Un point lettré « ### a) » n'est sous aucune partie « ## I. ».",
    "heading-level": "Un titre du compte rendu n'est pas au niveau qui convient à sa place.",
    "numbering": "Les parties (I, II...) ou les points (a, b...) ne se suivent pas.",
    "incomplete-action": "Une action n'a pas de responsable (@identifiant) ou pas d'échéance.",
    "line-outside-heading": "Une ligne Intervenant(s), Support(s) ou Durée n'est pas juste sous un titre.",
    "unplaced-text": "Du texte sous un titre de l'ordre du jour n'est ni un point ni une ligne reconnue.",
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    location: Location
    message: str
    hint: str | None = None

    @classmethod
    def error(cls, code: str, location: Location, message: str, hint: str | None = None) -> Diagnostic:
        return cls(code, Severity.ERROR, location, message, hint)

    @classmethod
    def warning(cls, code: str, location: Location, message: str, hint: str | None = None) -> Diagnostic:
        return cls(code, Severity.WARNING, location, message, hint)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.location.path), self.location.line, self.location.column, self.code)


class CollegekitError(Exception):
    """A problem that stops a command: bad usage or an unusable environment.

    Problems in the records themselves are diagnostics, not exceptions. The
    message is in French and is shown to the user as it is.
    """

    exit_code = 2


class RecordsNotFoundError(CollegekitError):
    pass
