"""Load a records folder into one immutable `College`, plus diagnostics.

`load` reads every record once, checks each file's identity (its name is its
id), validates it against its model and collects every problem as a
diagnostic. It never raises for a person's mistake: a record that cannot be
read or validated is left out of the College and explained instead.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from collegekit import cache as record_cache
from collegekit import french
from collegekit.diagnostics import CollegekitError, Diagnostic, Location, Severity
from collegekit.files import resolved, system_reason
from collegekit.models.college import CollegeSettings
from collegekit.models.common import SLUG_PATTERN, YEAR_PATTERN
from collegekit.models.fiche import Fiche
from collegekit.models.meeting import Meeting, MeetingFrontMatter
from collegekit.models.member import Member, Membership, Role
from collegekit.models.plan import Plan
from collegekit.models.plan_kind import PlanId, PlanKind
from collegekit.records_folder import COLLEGE_FILE, MAX_FILE_BYTES
from collegekit.validation import issue_diagnostics, validate

if TYPE_CHECKING:
    from collegekit.sourcemap import YamlDocument


_SLUG = re.compile(SLUG_PATTERN)
_MERGE_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |$)", re.MULTILINE)
_MEETING_STEM = re.compile(rf"^({YEAR_PATTERN}-\d{{2}}-\d{{2}})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
_PLAN_STEM = re.compile(rf"^({YEAR_PATTERN})-([a-z]+)$")


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
    # Records whose file exists but could not be loaded ("members/amartin"):
    # their own diagnostics say why, and checks do not report them missing.
    unloadable: frozenset[str] = frozenset()

    def roles_on(self, day: dt.date) -> dict[str, Role]:
        """Everyone who belongs to the college on `day`, with their role then."""
        index, last_year = self._periods_by_year
        if day.year > last_year:  # beyond the index, open periods still run
            candidates = [(i, p) for i, m in self.members.items() for p in m.memberships]
        else:
            candidates = index.get(day.year, [])
        return {member_id: period.role for member_id, period in candidates if period.covers(day)}

    @cached_property
    def _periods_by_year(self) -> tuple[dict[int, list[tuple[str, Membership]]], int]:
        # Asking every member about every meeting costs members x meetings
        # (millions of calls on a large college); indexing each period under
        # the years it spans leaves a few dozen candidates a day.
        last_year = max((m.date.year for m in self.meetings.values()), default=dt.date.today().year)
        last_year = max(last_year, dt.date.today().year) + 1
        index: dict[int, list[tuple[str, Membership]]] = {}
        for member_id, member in self.members.items():
            for period in member.memberships:
                until = period.end.year if period.end else last_year
                for year in range(period.start.year, until + 1):
                    index.setdefault(year, []).append((member_id, period))
        return index, last_year

    def plan(self, year: int, kind: PlanKind) -> Plan | None:
        return self.plans.get(plan_id(year, kind))

    def plans_with_ids(self) -> Iterator[tuple[str, PlanId, Plan]]:
        """Each plan, by id, with its id parsed once (the loader reads only
        files named ANNEE-type, so every id parses)."""
        for record_id in sorted(self.plans):
            parsed = PlanId.parse(record_id)
            assert parsed is not None
            yield record_id, parsed, self.plans[record_id]

    def records_of(self, folder: str) -> Mapping[str, Any]:
        """The records of a kind's folder: `records_of("members")` is `members`."""
        return getattr(self, _KIND_BY_FOLDER[folder].folder)  # type: ignore[no-any-return]

    def path_of(self, folder: str, record_id: str) -> Path:
        """The file a record came from, e.g. `path_of("members", "amartin")`;
        `path_of("", "college")` is college.yaml."""
        if not folder:
            return self.root / COLLEGE_FILE
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
    """The id (file name without .yaml) of a year's plan of a kind: « 2025-work »."""
    return str(PlanId(year, kind))


# Which record files a command needs: (folder, file name without its
# suffix) -> read it? college.yaml is always read.
Selection = Callable[[str, str], bool]


def load(root: Path, *, cache: bool | None = None, select: Selection | None = None) -> LoadResult:
    """Load the records of `root`, through the cache of validated records
    (`collegekit.cache`) unless `cache` is False, --no-cache was given or
    $COLLEGEKIT_NO_CACHE is set. With `select`, only the files it accepts
    are read (a command that needs one meeting does not read twenty years
    of plans); lint and every check read the whole college."""
    # Loading allocates hundreds of thousands of small objects and frees
    # almost none: the cyclic garbage collector would scan them again and
    # again for nothing (a third of the load time of a large college).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Loader(root, record_cache.wanted() if cache is None else cache, select).run()
    finally:
        if collecting:
            gc.enable()


def read_positions(path: Path) -> YamlDocument | MeetingPositions | None:
    """Parse a record file again, to find where its values are written.

    Positions are not kept for every value of every record (that would cost
    more memory than the records themselves); checks ask for the few they
    report, and a file takes well under a millisecond to parse.
    """
    document, body, _, body_line = _read_document(path)
    if document is None or path.suffix != ".md":
        return document
    return MeetingPositions(document, body, body_line)


# Key paths of a meeting that lead into its body rather than its front matter.
BODY_KEYS = frozenset({"agenda", "actions"})


@dataclass(frozen=True)
class MeetingPositions:
    """Where a meeting's values are written: the front matter's in its YAML,
    the agenda's and the actions' in the Markdown body."""

    document: YamlDocument
    body: str
    body_line: int

    def location(self, key_path: tuple[str | int, ...] = (), *, at_key: bool = False) -> Location:
        if not key_path or key_path[0] not in BODY_KEYS:
            return self.document.location(key_path, at_key=at_key)
        from collegekit.minutes.parse import parse_body

        found = parse_body(self.body).position(key_path)
        if found is None:
            return Location(self.document.path, self.body_line, 1)
        line, column = found
        return Location(self.document.path, line + self.body_line - 1, column)


def locate(path: Path, key_path: tuple[str | int, ...] = ()) -> Location:
    document = read_positions(path)
    if document is None:
        return Location(path)
    return document.location(key_path)



# Below this many files, a second process costs more than it saves.
PARALLEL_THRESHOLD = 300

_Task = tuple[str, Path]  # (folder, path)
_Loaded = tuple[BaseModel | None, list[Diagnostic]]
# A fresh load, with the file's content key and what the cache keeps of it.
_Fresh = tuple[BaseModel | None, list[Diagnostic], str | None, dict[str, Any] | None]


class _Loader:
    def __init__(self, root: Path, use_cache: bool, select: Selection | None = None) -> None:
        self.root = root
        self.select = select
        self.diagnostics: list[Diagnostic] = []
        self.files = 0
        self.cache = record_cache.RecordCache.open(root) if use_cache else None
        # Records whose file name is invalid only by its case or accents
        # (CMoreau.yaml): known as their id, so that what cites them is not
        # reported too (the file's invalid-id is the one mistake).
        self.misnamed: set[str] = set()

    def run(self) -> LoadResult:
        college_file = self.root / COLLEGE_FILE
        refused = _refused_link(college_file, self.root) if college_file.is_symlink() else None
        if refused is not None:
            self.files += 1
            self.diagnostics.append(refused)
            return LoadResult(None, self.diagnostics, self.files)
        tasks = [("", college_file)]
        tasks += [task for kind in RECORD_KINDS for task in self._tasks(kind)]
        self.files += len(tasks)
        loaded = _load_through(tasks, self.cache, complete=self.select is None)
        (settings, problems) = loaded[0]
        self.diagnostics.extend(problems)
        tasks, loaded = tasks[1:], loaded[1:]
        records: dict[str, dict[str, Any]] = {kind.folder: {} for kind in RECORD_KINDS}
        paths: dict[str, Path] = {}
        unloadable: set[str] = set()
        for (folder, path), (record, problems) in zip(tasks, loaded, strict=True):
            self.diagnostics.extend(problems)
            if record is not None:
                records[folder][path.stem] = record
                paths[f"{folder}/{path.stem}"] = path
            else:
                unloadable.add(f"{folder}/{path.stem}")
        unloadable |= {name for name in self.misnamed if name.split("/", 1)[1] not in records[name.split("/", 1)[0]]}
        self.diagnostics.sort(key=Diagnostic.sort_key)
        if not isinstance(settings, CollegeSettings):
            return LoadResult(None, self.diagnostics, self.files)
        college = College(
            root=self.root,
            settings=settings,
            members=MappingProxyType(records["members"]),
            meetings=MappingProxyType(records["meetings"]),
            fiches=MappingProxyType(records["fiches"]),
            plans=MappingProxyType(records["plans"]),
            paths=MappingProxyType(paths),
            unloadable=frozenset(unloadable),
        )
        return LoadResult(college, self.diagnostics, self.files)

    def _inside(self, path: Path) -> bool:
        """A link to a file or folder elsewhere would let a record read (and
        an edit write) beyond the repository: refused with a diagnostic."""
        problem = _refused_link(path, self.root)
        if problem is not None:
            self.files += 1
            self.diagnostics.append(problem)
        return problem is None

    def _tasks(self, kind: RecordKind) -> Iterator[_Task]:
        directory = self.root / kind.folder
        if not directory.is_dir() or not self._inside(directory):
            return
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.name.lower() == "readme.md":
                continue
            if self.select is not None and not self.select(kind.folder, path.name.split(".", 1)[0]):
                continue
            if path.is_symlink() and not self._inside(path):
                continue
            if not path.is_file():
                continue
            if path.suffix != kind.suffix:
                # « amartin.yaml.txt »: saved by an editor that adds .txt, or
                # shown without its extensions by Windows.
                record_like = path.suffix in (".yml", ".yaml", ".md") or (
                    path.suffix.lower() == ".txt" and Path(path.stem).suffix in (".yml", ".yaml", ".md")
                )
                if record_like:
                    stem = path.name.split(".", 1)[0]
                    self.diagnostics.append(
                        Diagnostic.warning(
                            "unexpected-file",
                            Location(path),
                            f"ce fichier est ignoré : les fichiers de {kind.folder}/ se terminent par {kind.suffix}",
                            f"Renommez-le en {stem}{kind.suffix} s'il s'agit d'un dossier du collège.",
                        )
                    )
                continue
            if not kind.name_pattern.match(path.stem):
                self.files += 1
                plain = french.plain(path.stem)
                fixed = kind.name_pattern.match(plain) is not None
                if fixed:
                    self.misnamed.add(f"{kind.folder}/{plain}")
                self.diagnostics.append(
                    Diagnostic.error(
                        "invalid-id",
                        Location(path, 1, 1),
                        f"le nom de fichier « {path.name} » n'est pas un identifiant valide",
                        f"Renommez le fichier en {plain}{kind.suffix} ({kind.name_example})."
                        if fixed else f"Renommez le fichier : {kind.name_example}.",
                    )
                )
                continue
            yield kind.folder, path


def _refused_link(path: Path, root: Path) -> Diagnostic | None:
    """Why `path` (a file or a folder of the records, perhaps a symbolic link)
    cannot be read as part of the records, or None."""
    try:
        target = resolved(path)
    except (OSError, RuntimeError):  # a loop of links
        target = None
    if target is None or not target.exists():
        return Diagnostic.error(
            "unreadable-file",
            Location(path),
            "ce lien symbolique ne mène à aucun fichier",
            "Supprimez le lien, ou remplacez-le par le fichier lui-même.",
        )
    if not target.is_relative_to(resolved(root)):
        what = "dossier" if target.is_dir() else "fichier"
        return Diagnostic.error(
            "outside-records",
            Location(path),
            f"ce lien symbolique mène hors du dossier des dossiers ({target})",
            f"Un dossier du collège doit se trouver dans le dépôt : copiez le {what} ici au lieu d'un lien.",
        )
    return None


class OutsideRecordsError(CollegekitError):
    """A record would be written through a link leading out of the records."""

    exit_code = 2


def writable_record_path(root: Path, path: Path) -> Path:
    """Where a record at `path` (new or existing) is really written: the file
    a link inside the records leads to, so that the link stays a link.

    Refused (OutsideRecordsError) when the file, or a folder on the way to
    it, leads out of the records: nothing is ever written there.
    """
    target = resolved(path)
    if not target.is_relative_to(resolved(root)):
        raise OutsideRecordsError(
            f"{path} mène hors du dossier des dossiers (vers {target}) : rien n'a été écrit. "
            "Remplacez le lien symbolique par le dossier ou le fichier lui-même."
        )
    return target


def _load_through(tasks: list[_Task], cache: record_cache.RecordCache | None, *, complete: bool = True) -> list[_Loaded]:
    """Load every file: from the cache when its content is the one cached,
    afresh otherwise (and then cached)."""
    if cache is None:
        return [(record, problems) for record, problems, _, _ in _load_all(tasks, keep=False)]
    results: list[_Loaded | None] = [None] * len(tasks)
    missing = []
    for index, (folder, path) in enumerate(tasks):
        results[index] = _from_cache(cache, folder, path)
        if results[index] is None:
            missing.append(index)
    fresh = _load_all([tasks[index] for index in missing])
    for index, (record, problems, key, entry) in zip(missing, fresh, strict=True):
        results[index] = (record, problems)
        if key is not None and entry is not None:
            cache.put(_relative(*tasks[index]), key, entry)
    if complete:  # a load of part of the college knows nothing of the other files
        cache.forget_others({_relative(*task) for task in tasks})
    cache.save()
    return results  # type: ignore[return-value]


def _relative(folder: str, path: Path) -> str:
    return f"{folder}/{path.name}" if folder else path.name


def _from_cache(cache: record_cache.RecordCache, folder: str, path: Path) -> _Loaded | None:
    """The record and diagnostics cached for this very content of the file, or None."""
    relative = _relative(folder, path)
    if not cache.has(relative):
        return None
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        raw = path.read_bytes()
    except OSError:
        return None  # the fresh load says why
    entry = cache.get(relative, record_cache.content_key(raw))
    if entry is None:
        return None
    try:
        return _rebuilt(folder, path, entry)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return None  # not an entry this collegekit wrote: loaded afresh, and replaced


def _rebuilt(folder: str, path: Path, entry: dict[str, Any]) -> _Loaded:
    """A record from its cached data, validated again (what a fresh load
    validates), with the diagnostics found when it was first loaded."""
    problems = [
        Diagnostic(str(code), Severity(severity), Location(path, int(line), int(column)), str(message),
                   None if hint is None else str(hint))
        for code, severity, line, column, message, hint in entry["problems"]
    ]
    data = entry["data"]
    if data is None:
        return None, problems
    model = _KIND_BY_FOLDER[folder].model if folder else CollegeSettings
    if model is not Meeting:
        return model.model_validate(data), problems
    from collegekit.models.meeting import AgendaPart, FollowUpAction, Prose

    body = entry["body"]
    front = MeetingFrontMatter.model_validate(data)
    agenda = tuple(AgendaPart.model_validate(part) for part in body["agenda"])
    actions = tuple(FollowUpAction.model_validate(action) for action in body["actions"])
    prose = tuple(Prose.model_validate(part) for part in body["prose"])
    return _meeting(front, str(body["text"]), agenda, actions, prose), problems


def _entry(path: Path, record: BaseModel | None, problems: list[Diagnostic], data: Any,
           parsed: Any) -> dict[str, Any] | None:
    """What the cache keeps of a fresh load, or None when it would not come
    back exactly (then the file is simply loaded afresh every time)."""
    if any(problem.location.path != path for problem in problems):
        return None
    if record is not None and not record_cache.round_trips(data):
        return None
    entry: dict[str, Any] = {
        "problems": [
            [p.code, p.severity.value, p.location.line, p.location.column, p.message, p.hint] for p in problems
        ],
        "data": None if record is None else data,
    }
    if isinstance(record, Meeting):
        body: dict[str, Any] = {"text": record.body}
        for name, models in (("agenda", parsed.agenda), ("actions", parsed.actions), ("prose", parsed.prose)):
            dumped = [_given_fields(model) for model in models]
            # Kept only if validating the dump gives the very same values
            # back, with the same fields given at every level.
            back = [type(model).model_validate(item) for model, item in zip(models, dumped, strict=True)]
            if back != list(models) or [_given_fields(model) for model in back] != dumped:
                return None
            body[name] = dumped
        entry["body"] = body
    return entry


def _given_fields(model: BaseModel) -> dict[str, Any]:
    """A model as JSON data holding only the fields it was given, at every
    level: validated again, it is the same model with the same fields set.
    (Pydantic's `exclude_unset` cannot read the field sets that
    models.common.Record shares between instances.)"""
    names = [name for name in type(model).model_fields if name in model.model_fields_set]
    nested = {name for name in names if _holds_models(getattr(model, name))}
    plain = model.model_dump(mode="json", include=set(names) - nested) if len(nested) < len(names) else {}
    for name in nested:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            plain[name] = _given_fields(value)
        elif isinstance(value, dict):
            plain[name] = {key: _given_field(item) for key, item in value.items()}
        else:
            plain[name] = [_given_field(item) for item in value]
    return plain


def _given_field(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _given_fields(value)
    from pydantic_core import to_jsonable_python

    return to_jsonable_python(value)


def _holds_models(value: Any) -> bool:
    if isinstance(value, BaseModel):
        return True
    items = value.values() if isinstance(value, dict) else value if isinstance(value, tuple | list) else ()
    return any(isinstance(item, BaseModel) for item in items)


def _load_all(tasks: list[_Task], keep: bool = True) -> list[_Fresh]:
    """Load every file, on both cores when there are enough of them.

    Records are independent until they are linked, so half of the files go to
    a forked process (which has every module imported already) while this one
    loads the other half. Fork is only used where it is the platform's safe
    default (Linux); elsewhere, and for small colleges, files load in turn.
    """
    if len(tasks) < PARALLEL_THRESHOLD or sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        return _load_batch(tasks, keep)
    import functools
    import multiprocessing

    # Alternate files by size so that each process gets half of the work.
    order = sorted(range(len(tasks)), key=lambda index: -_size(tasks[index][1]))
    theirs, ours = order[0::2], order[1::2]
    # The other half comes back in chunks, each unpickled as it arrives: sent
    # whole, half of a large college would be held twice over, as records and
    # as one pickle of them, in both processes.
    chunks = [theirs[start : start + _CHUNK] for start in range(0, len(theirs), _CHUNK)]
    results: list[_Fresh | None] = [None] * len(tasks)
    with multiprocessing.get_context("fork").Pool(processes=1) as pool:
        batch = functools.partial(_load_batch, keep=keep)
        pending = pool.imap(batch, ([tasks[index] for index in chunk] for chunk in chunks))
        for index, loaded in zip(ours, batch([tasks[index] for index in ours]), strict=True):
            results[index] = loaded
        for chunk, loaded_chunk in zip(chunks, pending, strict=True):
            for index, loaded in zip(chunk, loaded_chunk, strict=True):
                results[index] = loaded
    return results  # type: ignore[return-value]


# Files per chunk sent back by the second process: a few hundred kilobytes of
# pickle, enough to keep the cost of each message negligible.
_CHUNK = 200


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _load_batch(tasks: list[_Task], keep: bool = True) -> list[_Fresh]:
    return [_load_fresh(folder, path, keep=keep) for folder, path in tasks]


def load_record_file(folder: str, path: Path) -> _Loaded:
    """Read, validate and check the identity of one record file.

    `folder` is the record kind's folder ("members", "meetings"...), or ""
    for college.yaml.
    """
    record, problems, _, _ = _load_fresh(folder, path, keep=False)
    return record, problems


def _load_fresh(folder: str, path: Path, *, keep: bool = True) -> _Fresh:
    """`load_record_file`, with (if `keep`) the content key of what was read
    and the cache entry of what was found."""
    raw, problems = _read_raw(path)
    if raw is None:
        return None, problems, None, None
    record, problems, data, parsed = _load_raw(folder, path, raw)
    if not keep:
        return record, problems, None, None
    try:
        entry = _entry(path, record, problems, data, parsed)
    except (ValueError, TypeError, AttributeError, RecursionError):
        entry = None  # what cannot be kept exactly is read afresh next time
    return record, problems, record_cache.content_key(raw), entry


def _load_raw(folder: str, path: Path, raw: bytes) -> tuple[BaseModel | None, list[Diagnostic], Any, Any]:
    """The record of a file's bytes, its diagnostics, the plain data validated
    and (for a meeting) its parsed body."""
    document, body, problems, body_line = _read_document(path, raw)
    if document is None:
        return None, problems, None, None
    if not isinstance(document.data, dict):
        return None, [_not_a_mapping(document)], None, None
    model = _KIND_BY_FOLDER[folder].model if folder else CollegeSettings
    legacy: list[Diagnostic] = []
    if model is Meeting:
        document, legacy = _without_legacy_agenda(document)
    record, problems = validate(MeetingFrontMatter if model is Meeting else model, document)
    problems[:0] = legacy
    if record is None:
        return None, problems, None, None
    issues = getattr(record, "issues", None)
    if issues is not None:
        problems.extend(issue_diagnostics(document, issues()))
    parsed = None
    if isinstance(record, MeetingFrontMatter):
        record, body_problems, parsed = _with_body(record, body, body_line, path, document)
        problems.extend(body_problems)
    if folder:
        problems.extend(_KIND_BY_FOLDER[folder].identity(path, record, document))
    return record, problems, document.data, parsed


# A meeting: the front matter's facts, and the agenda and minutes of its body.

_LEGACY_KEYS = ("agenda", "actions")


def _without_legacy_agenda(document: YamlDocument) -> tuple[YamlDocument, list[Diagnostic]]:
    """A front matter that still holds the agenda (the first form of meeting
    files) gets one diagnostic naming the command that converts it; the
    rest of it is read as usual."""
    data = document.data
    found = [key for key in _LEGACY_KEYS if key in data]
    if not found:
        return document, []
    diagnostic = Diagnostic.error(
        "legacy-agenda",
        document.location((found[0],), at_key=True),
        " et ".join(f"« {key}: »" for key in found)
        + " dans l'en-tête : l'ordre du jour et le compte rendu s'écrivent désormais dans le texte, sous l'en-tête",
        f"Convertissez le fichier avec « collegekit convert-meeting {document.path} », puis relisez le texte obtenu.",
    )
    kept = {key: value for key, value in data.items() if key not in _LEGACY_KEYS}
    return replace(document, data=kept), [diagnostic]


def _with_body(
    record: MeetingFrontMatter, body: str, body_line: int, path: Path, document: YamlDocument
) -> tuple[Meeting, list[Diagnostic], Any]:
    from collegekit.minutes.parse import parse_body

    parsed = parse_body(body)
    problems = [
        Diagnostic(
            problem.code,
            Severity.WARNING if problem.warning else Severity.ERROR,
            Location(path, problem.line + body_line - 1, problem.column),
            problem.message,
            problem.hint,
        )
        for problem in parsed.problems
    ]
    numbers = [action.number for action in parsed.actions]
    for number in record.follow_up:
        if number not in numbers:
            decided = f"le compte rendu en a {len(numbers)}" if numbers else "le compte rendu n'a aucune ligne « Action : »"
            problems.append(
                Diagnostic.error(
                    "out-of-range",
                    document.location(("follow_up", str(number)), at_key=True),
                    f"follow_up donne l'état d'une action n° {number}, qui n'existe pas : {decided}",
                    "Les actions sont numérotées dans l'ordre des lignes « Action : » du texte, à partir de 1.",
                )
            )
    return _meeting(record, body, parsed.agenda, parsed.actions, parsed.prose), problems, parsed


def _meeting(record: MeetingFrontMatter, body: str, agenda: tuple[Any, ...], actions: tuple[Any, ...],
             prose: tuple[Any, ...]) -> Meeting:
    """The meeting of a valid front matter and its parsed body, the actions
    with the state the front matter's follow_up gives them."""
    followed_actions = tuple(
        action.model_copy(update={"status": followed.status, "note": followed.note})
        if (followed := record.follow_up.get(action.number or 0)) is not None
        else action
        for action in actions
    )
    # The front matter is valid already: add the body without validating twice.
    return Meeting.model_construct(
        _fields_set=record.model_fields_set | {"body", "agenda", "actions", "prose"},
        **dict(record),
        body=body,
        agenda=agenda,
        actions=followed_actions,
        prose=prose,
    )


# Identity: the file name is the record's id; keys repeating it must agree.


def _member_identity(path: Path, member: Member, document: YamlDocument) -> list[Diagnostic]:
    return _same_id(document, "id", member.id, path.stem)


def _fiche_identity(path: Path, fiche: Fiche, document: YamlDocument) -> list[Diagnostic]:
    return _same_id(document, "member", fiche.member, path.stem)


def _plan_identity(path: Path, plan: Plan, document: YamlDocument) -> list[Diagnostic]:
    match = _PLAN_STEM.match(path.stem)
    assert match is not None  # the loader only reads files with a valid name
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


def _meeting_identity(path: Path, meeting: Meeting, document: YamlDocument) -> list[Diagnostic]:
    match = _MEETING_STEM.match(path.stem)
    assert match is not None  # the loader only reads files with a valid name
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


@dataclass(frozen=True, slots=True)
class RecordKind:
    """A kind of record: all collegekit knows of it, in one table. Adding a
    kind is a row here, a model, and a field of College."""

    name: str  # singular, in English: the kind's name for `collegekit schema`
    folder: str  # under records/
    suffix: str
    model: type[BaseModel]
    name_pattern: re.Pattern[str]
    name_example: str  # French, for a misnamed file
    identity: Callable[[Path, Any, YamlDocument], list[Diagnostic]]  # file name = id
    title: str  # French, for the JSON Schema
    description: str
    schema_model: type[BaseModel] | None = None  # what an editor validates, when not `model`


# In the order of the README (college.yaml first, then these).
RECORD_KINDS = (
    RecordKind(
        "member", "members", ".yaml", Member, _SLUG,
        "lettres minuscules sans accent, chiffres et tirets, par exemple amartin.yaml", _member_identity,
        "Membre", "Une personne et ses périodes d'appartenance au collège : records/members/<identifiant>.yaml.",
    ),
    RecordKind(
        "meeting", "meetings", ".md", Meeting, _MEETING_STEM,
        "AAAA-MM-JJ-intitule.md, par exemple 2024-03-12-pleniere.md", _meeting_identity,
        "Séance",
        "L'en-tête YAML d'une séance, entre les deux lignes « --- » du début de "
        "records/meetings/<AAAA-MM-JJ>-<nom>.md.",
        MeetingFrontMatter,
    ),
    RecordKind(
        "fiche", "fiches", ".yaml", Fiche, _SLUG, "l'identifiant du membre, par exemple amartin.yaml", _fiche_identity,
        "Fiche de poste",
        "La fiche de poste d'un membre et ses activités aux trois niveaux : records/fiches/<identifiant>.yaml.",
    ),
    RecordKind(
        "plan", "plans", ".yaml", Plan, _PLAN_STEM, "ANNEE-type.yaml, par exemple 2024-work.yaml", _plan_identity,
        "Plan",
        "Un plan de l'année (plan de travail, plan de formation, règlement intérieur ou organisation "
        "des fonctions médicales) : records/plans/<année>-<type>.yaml.",
    ),
)
_KIND_BY_FOLDER = {kind.folder: kind for kind in RECORD_KINDS}


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


def _read_raw(path: Path) -> tuple[bytes | None, list[Diagnostic]]:
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
        return path.read_bytes(), []
    except OSError as error:
        return None, [Diagnostic.error("unreadable-file", Location(path), f"lecture impossible : {system_reason(error)}")]


def _read_text(path: Path, raw: bytes | None = None) -> tuple[str | None, list[Diagnostic]]:
    if raw is None:
        raw, problems = _read_raw(path)
        if raw is None:
            return None, problems
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Notepad's « Unicode »: a text file, but not the encoding the records use.
        return None, [
            Diagnostic.error(
                "not-utf8",
                Location(path, 1, 1),
                "le fichier est encodé en UTF-16, pas en UTF-8",
                "Enregistrez-le en UTF-8 depuis votre éditeur (« Enregistrer sous », encodage UTF-8).",
            )
        ]
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
    text = text.replace("\r\n", "\n")
    conflict = _MERGE_CONFLICT.search(text)
    if conflict:
        return None, [
            Diagnostic.error(
                "merge-conflict",
                Location(path, text.count("\n", 0, conflict.start()) + 1, 1),
                "le fichier contient encore des marques de conflit de fusion (<<<<<<<, >>>>>>>)",
                "Choisissez entre les deux versions, puis supprimez les lignes <<<<<<<, ======= et >>>>>>>.",
            )
        ]
    return text, []


def _read_document(path: Path, raw: bytes | None = None) -> tuple[YamlDocument | None, str, list[Diagnostic], int]:
    """Read a record file (or its bytes `raw`, already read): its YAML (the
    front matter of a .md file), its body and the line of the file where the
    body starts."""
    text, problems = _read_text(path, raw)
    if text is None:
        return None, "", problems, 0
    # Here, not at the top: a run whose files all come from the cache never
    # parses YAML, and need not import the parser.
    from collegekit.sourcemap import parse_yaml, split_front_matter

    if path.suffix != ".md":
        document, problems = parse_yaml(text, path)
        return document, "", problems, 0
    front, problems = split_front_matter(text, path)
    if front is None:
        return None, "", problems, 0
    document, problems = parse_yaml(front.yaml_text, path, front.line_offset)
    # The body is the end of the text: the lines before it are the front matter's.
    body_line = text.count("\n", 0, len(text) - len(front.body)) + 1
    return document, front.body, problems, body_line
