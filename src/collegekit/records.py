"""Load a records folder into one immutable `College`, plus diagnostics.

`load` reads every record once, checks each file's identity (its name is its
id), validates it against its model and collects every problem as a
diagnostic. It never raises for a person's mistake: a record that cannot be
read or validated is left out of the College and explained instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from pydantic import BaseModel

from collegekit.diagnostics import Diagnostic, Location, RecordsNotFoundError
from collegekit.models.college import CollegeSettings
from collegekit.models.common import SLUG_PATTERN
from collegekit.models.fiche import Fiche
from collegekit.models.meeting import Meeting, MeetingFrontMatter
from collegekit.models.member import Member
from collegekit.models.plan import Plan, PlanKind
from collegekit.sourcemap import YamlDocument, parse_yaml, split_front_matter
from collegekit.validation import issue_diagnostics, validate

COLLEGE_FILE = "college.yaml"
RECORDS_ENV = "COLLEGEKIT_RECORDS"
MAX_FILE_BYTES = 2_000_000

_SLUG = re.compile(SLUG_PATTERN)
_MEETING_STEM = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
_PLAN_STEM = re.compile(r"^(\d{4})-([a-z]+)$")

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class College:
    """Everything the records say, validated and linked by id."""

    root: Path
    settings: CollegeSettings
    members: Mapping[str, Member]
    meetings: Mapping[str, Meeting]
    fiches: Mapping[str, Fiche]
    plans: Mapping[str, Plan]
    paths: Mapping[str, Path] = field(repr=False)

    def plan(self, year: int, kind: PlanKind) -> Plan | None:
        return self.plans.get(plan_id(year, kind))

    def path_of(self, folder: str, record_id: str) -> Path:
        """The file a record came from, e.g. `path_of("members", "amartin")`."""
        return self.paths[f"{folder}/{record_id}"]

    def locate(self, folder: str, record_id: str, key_path: tuple[str | int, ...] = ()) -> Location:
        """Where a value of a record is written, found again from its file."""
        return locate(self.path_of(folder, record_id), key_path)


@dataclass(frozen=True)
class LoadResult:
    college: College | None
    diagnostics: list[Diagnostic]
    files: int

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def plan_id(year: int, kind: PlanKind) -> str:
    return f"{year}-{kind.value}"


def find_records(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The records folder: `--records`, then $COLLEGEKIT_RECORDS, then the
    first folder holding a college.yaml from the current one upwards."""
    if explicit is not None:
        return _checked_root(explicit, "l'option --records")
    from_env = os.environ.get(RECORDS_ENV)
    if from_env:
        return _checked_root(Path(from_env), f"la variable {RECORDS_ENV}")
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / COLLEGE_FILE).is_file():
            return folder
        if (folder / "records" / COLLEGE_FILE).is_file():
            return folder / "records"
    raise RecordsNotFoundError(
        f"aucun dossier du collège trouvé : ni {start} ni ses dossiers parents ne contiennent {COLLEGE_FILE}.\n"
        f"Indiquez le dossier avec --records DOSSIER ou la variable {RECORDS_ENV}."
    )


def _checked_root(path: Path, origin: str) -> Path:
    if not path.is_dir():
        raise RecordsNotFoundError(f"le dossier « {path} » donné par {origin} n'existe pas.")
    if not (path / COLLEGE_FILE).is_file():
        raise RecordsNotFoundError(
            f"le dossier « {path} » donné par {origin} ne contient pas de {COLLEGE_FILE} : "
            "est-ce bien le dossier des dossiers du collège ?"
        )
    return path


def load(root: Path) -> LoadResult:
    loader = _Loader(root)
    return loader.run()


def locate(path: Path, key_path: tuple[str | int, ...] = ()) -> Location:
    """Parse a record file again to find where a value is written.

    Positions are not kept for every value of every record (that would cost
    more memory than the records themselves); checks ask for the few they
    report, and a file takes well under a millisecond to parse.
    """
    document, _, _ = _read_document(path)
    if document is None:
        return Location(path)
    return document.location(key_path)


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.paths: dict[str, Path] = {}
        self.files = 0

    def run(self) -> LoadResult:
        settings = self._load_one(self.root / COLLEGE_FILE, CollegeSettings)
        members = self._load_folder("members", ".yaml", Member, self._member_identity)
        fiches = self._load_folder("fiches", ".yaml", Fiche, self._fiche_identity)
        plans = self._load_folder("plans", ".yaml", Plan, self._plan_identity)
        meetings = self._load_folder("meetings", ".md", Meeting, self._meeting_identity)
        self.diagnostics.sort(key=Diagnostic.sort_key)
        if settings is None:
            return LoadResult(None, self.diagnostics, self.files)
        college = College(
            root=self.root,
            settings=settings,
            members=MappingProxyType(members),
            meetings=MappingProxyType(meetings),
            fiches=MappingProxyType(fiches),
            plans=MappingProxyType(plans),
            paths=MappingProxyType(self.paths),
        )
        return LoadResult(college, self.diagnostics, self.files)

    def _load_folder(
        self,
        folder: str,
        suffix: str,
        model: type[ModelT],
        identity: Callable[[Path, ModelT, YamlDocument], list[Diagnostic]],
    ) -> dict[str, ModelT]:
        records: dict[str, ModelT] = {}
        for path in self._record_files(folder, suffix):
            record_id = path.stem
            if not self._valid_name(path, folder):
                continue
            record = self._load_one(path, model, identity)
            if record is not None:
                records[record_id] = record
                self.paths[f"{folder}/{record_id}"] = path
        return records

    def _record_files(self, folder: str, suffix: str) -> Iterator[Path]:
        directory = self.root / folder
        if not directory.is_dir():
            return
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.name.lower() == "readme.md":
                continue
            if path.is_file() and path.suffix == suffix:
                yield path
            elif path.is_file() and path.suffix in (".yml", ".yaml", ".md"):
                self.diagnostics.append(
                    Diagnostic.warning(
                        "unexpected-file",
                        Location(path),
                        f"ce fichier est ignoré : les fichiers de {folder}/ se terminent par {suffix}",
                        f"Renommez-le en {path.stem}{suffix} s'il s'agit d'un dossier du collège.",
                    )
                )

    def _valid_name(self, path: Path, folder: str) -> bool:
        stem = path.stem
        valid = {
            "meetings": _MEETING_STEM.match(stem),
            "plans": _PLAN_STEM.match(stem),
        }.get(folder, _SLUG.match(stem))
        if valid:
            return True
        expected = {
            "meetings": "AAAA-MM-JJ-intitule.md, par exemple 2024-03-12-pleniere.md",
            "plans": "ANNEE-type.yaml, par exemple 2024-work.yaml",
        }.get(folder, "lettres minuscules sans accent, chiffres et tirets, par exemple amartin.yaml")
        self.files += 1
        self.diagnostics.append(
            Diagnostic.error(
                "invalid-id",
                Location(path, 1, 1),
                f"le nom de fichier « {path.name} » n'est pas un identifiant valide",
                f"Renommez le fichier : {expected}.",
            )
        )
        return False

    def _load_one(
        self,
        path: Path,
        model: type[ModelT],
        identity: Callable[[Path, ModelT, YamlDocument], list[Diagnostic]] | None = None,
    ) -> ModelT | None:
        self.files += 1
        document, body, problems = _read_document(path)
        self.diagnostics.extend(problems)
        if document is None:
            return None
        if model is not Meeting:
            return self._validated(path, model, document, identity)
        header = self._validated(path, MeetingFrontMatter, document, None)
        if header is None:
            return None
        # The front matter is valid already: add the body without validating twice.
        meeting = Meeting.model_construct(_fields_set=header.model_fields_set, **dict(header), body=body)
        if identity is not None:
            self.diagnostics.extend(identity(path, meeting, document))  # type: ignore[arg-type]
        return meeting  # type: ignore[return-value]

    def _validated(
        self,
        path: Path,
        model: type[ModelT],
        document: YamlDocument,
        identity: Callable[[Path, ModelT, YamlDocument], list[Diagnostic]] | None,
    ) -> ModelT | None:
        if not isinstance(document.data, dict):
            self.diagnostics.append(_not_a_mapping(document))
            return None
        record, problems = validate(model, document)
        self.diagnostics.extend(problems)
        if record is None:
            return None
        issues = getattr(record, "issues", None)
        if issues is not None:
            self.diagnostics.extend(issue_diagnostics(document, issues()))
        if identity is not None:
            self.diagnostics.extend(identity(path, record, document))
        return record

    # Identity: the file name is the record's id; keys repeating it must agree.

    def _member_identity(self, path: Path, member: Member, document: YamlDocument) -> list[Diagnostic]:
        return _same_id(document, "id", member.id, path.stem)

    def _fiche_identity(self, path: Path, fiche: Fiche, document: YamlDocument) -> list[Diagnostic]:
        return _same_id(document, "member", fiche.member, path.stem)

    def _plan_identity(self, path: Path, plan: Plan, document: YamlDocument) -> list[Diagnostic]:
        match = _PLAN_STEM.match(path.stem)
        assert match is not None  # checked by _valid_name
        year, kind = int(match[1]), match[2]
        found: list[Diagnostic] = []
        if kind not in {k.value for k in PlanKind}:
            found.append(
                Diagnostic.error(
                    "invalid-id",
                    Location(path, 1, 1),
                    f"« {kind} » dans le nom du fichier n'est pas un type de plan",
                    "Renommez le fichier ANNEE-type.yaml avec pour type : "
                    + ", ".join(f"{k.value} ({k.label})" for k in PlanKind)
                    + ".",
                )
            )
        if plan.kind is not None and plan.kind.value != kind:
            found.extend(_same_id(document, "kind", plan.kind.value, kind))
        if plan.year is not None and plan.year != year:
            found.extend(_same_id(document, "year", str(plan.year), str(year)))
        return found

    def _meeting_identity(self, path: Path, meeting: Meeting, document: YamlDocument) -> list[Diagnostic]:
        match = _MEETING_STEM.match(path.stem)
        assert match is not None  # checked by _valid_name
        if meeting.date.isoformat() == match[1]:
            return []
        return [
            Diagnostic.error(
                "id-mismatch",
                document.location(("date",)),
                f"la séance est datée du {meeting.date.isoformat()} mais son fichier s'appelle {path.name}",
                "La date du nom du fichier et celle de la clé date doivent être les mêmes : corrigez l'une des deux.",
            )
        ]


def _same_id(document: YamlDocument, key: str, written: str | None, from_name: str) -> list[Diagnostic]:
    if written is None or written == from_name:
        return []
    return [
        Diagnostic.error(
            "id-mismatch",
            document.location((key,)),
            f"« {key}: {written} » ne correspond pas au nom du fichier ({document.path.name})",
            "Le nom du fichier fait foi : corrigez la clé, ou supprimez-la.",
        )
    ]


def _not_a_mapping(document: YamlDocument) -> Diagnostic:
    return Diagnostic.error(
        "wrong-type",
        document.location(),
        "le fichier doit contenir des clés (« clé: valeur »), pas "
        + ("une liste" if isinstance(document.data, list) else "une valeur seule"),
        "Comparez avec l'exemple du README.",
    )


def _read_text(path: Path) -> tuple[str | None, list[Diagnostic]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [
                Diagnostic.error(
                    "file-too-large",
                    Location(path),
                    f"le fichier dépasse {MAX_FILE_BYTES // 1_000_000} Mo, bien plus qu'un dossier du collège",
                    "Vérifiez qu'il s'agit bien d'un dossier du collège ; les pièces jointes vont ailleurs.",
                )
            ]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Diagnostic.error("unreadable-file", Location(path), f"lecture impossible : {error.strerror}")]
    if b"\x00" in raw:
        return None, [
            Diagnostic.error(
                "binary-file",
                Location(path, 1, 1),
                "ce fichier n'est pas un fichier texte",
                "Un dossier du collège est un fichier texte YAML ou Markdown ; déplacez ce fichier ailleurs.",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Diagnostic.error(
                "not-utf8",
                Location(path, line, column),
                "le fichier n'est pas encodé en UTF-8 (accents illisibles)",
                "Enregistrez-le en UTF-8 depuis votre éditeur (« Enregistrer sous », encodage UTF-8).",
            )
        ]
    return text.replace("\r\n", "\n"), []


def _read_document(path: Path) -> tuple[YamlDocument | None, str, list[Diagnostic]]:
    """Read a record file: its YAML (the front matter of a .md file) and its body."""
    text, problems = _read_text(path)
    if text is None:
        return None, "", problems
    if path.suffix != ".md":
        document, problems = parse_yaml(text, path)
        return document, "", problems
    front, problems = split_front_matter(text, path)
    if front is None:
        return None, "", problems
    document, problems = parse_yaml(front.yaml_text, path, front.line_offset)
    return document, front.body, problems
