"""Cross-record checks: the rules a college lives by, one small function each.

A check reads the loaded `College` and yields findings: which record, which
key inside it, and what to say. The runner turns them into diagnostics with
the check's stable code and the exact file, line and column. Checks never
parse files (the images check only asks whether an image a text names is a
file of the records) and never raise for what the records contain.

Every check is listed in `all_checks`; `--select` and `--ignore` take a
check's code or its group, and a college can switch a check off in
college.yaml (`rules.disabled_checks`).

Each check declares the record kinds it reads (`reads`), and whether each of
its findings names, in `Finding.rests_on`, every other record it rests on
(`precise`). `lint --changed` derives from these alone which findings a
change can touch (`concerned`): a finding on a changed record; a finding
resting on one (a changed member re-checks the meetings and plans that cite
it, not the others); and every finding of an imprecise check reading a kind
that changed. A new check is thus re-run on a change without touching
changes.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from collegekit.diagnostics import Diagnostic, Location, Severity
from collegekit.models.labels import LabelledEnum
from collegekit.records import College, MeetingPositions, read_positions

if TYPE_CHECKING:
    from collegekit.sourcemap import YamlDocument

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found: in which record (folder and id; "" and "college"
    for college.yaml), at which key, and what the bureau should do."""

    folder: str
    record_id: str
    key_path: KeyPath
    message: str
    hint: str | None = None
    severity: Severity | None = None  # None: the check's own severity
    location: Location | None = None  # when the key path cannot say it (body text)
    rests_on: tuple[str, ...] = ()  # other records it depends on, as "members/amartin"
    at_key: bool = False  # point at the key rather than its value (a list to complete)


@dataclass(frozen=True)
class CheckContext:
    college: College
    today: dt.date


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    code: str
    group: str
    severity: Severity
    description: str
    function: CheckFunction = field(repr=False)
    reads: frozenset[str] = frozenset()  # record kinds: "college" and the folders of records.RECORD_KINDS
    precise: bool = False  # each finding's rests_on names every other record it depends on


def check(
    code: str, group: str, severity: Severity, description: str, *, reads: Iterable[str], precise: bool = False
) -> Callable[[CheckFunction], Check]:
    """Declare a check; `description` (French) goes into the README and
    --explain; `reads`, the kinds of record it reads (« college », « members »,
    « meetings », « fiches », « plans »); `precise`, whether its findings name
    in `rests_on` every record other than their own that they depend on."""

    def register(function: CheckFunction) -> Check:
        return Check(code, group, severity, description, function, frozenset(reads), precise)

    return register


def record_key(folder: str, record_id: str) -> str:
    """« members/amartin », or « college » for college.yaml: how --changed names records."""
    return f"{folder}/{record_id}" if folder else "college"


def concerned(chosen: Check, finding: Finding, changed: frozenset[str]) -> bool:
    """Whether a change of the records `changed` (record keys) can have made or
    changed this finding: the dependencies --changed derives from the checks'
    declarations."""
    if record_key(finding.folder, finding.record_id) in changed or changed.intersection(finding.rests_on):
        return True
    if chosen.precise:
        return False
    return any(key.split("/", 1)[0] in chosen.reads for key in changed)


def all_checks() -> tuple[Check, ...]:
    from collegekit.checks import attendance, fiches, images, meetings, members, personal_data, plans, references

    return (
        references.unknown_member,
        references.unknown_meeting,
        references.unknown_departement,
        references.unknown_action,
        references.unknown_function,
        references.fiche_profession,
        members.gender_mismatch,
        attendance.attendance_missing_member,
        attendance.attendance_not_a_member,
        attendance.attendance_not_held,
        attendance.speaker_absent,
        meetings.too_few_meetings,
        meetings.minutes_missing,
        meetings.approved_before_meeting,
        meetings.status_out_of_date,
        meetings.not_sent_to_committee,
        meetings.duplicate_meeting,
        meetings.meeting_number,
        meetings.not_convened_member,
        meetings.before_founded,
        fiches.fiche_shares,
        fiches.fiche_dates,
        fiches.fiche_missing,
        fiches.fiche_not_sent,
        fiches.fiche_placeholder,
        plans.plan_missing,
        plans.plan_late,
        plans.plan_not_validated,
        plans.review_late,
        plans.duplicate_action_number,
        plans.action_numbering,
        plans.owner_not_member,
        plans.owner_left,
        plans.done_not_complete,
        plans.overdue_action,
        plans.image_without_alt,
        personal_data.personal_data,
        images.image_not_allowed,
    )


# The checks whose errors make a document or a report wrong rather than
# report a rule the college broke: a record citing a member, a meeting, a
# département or a function that does not exist. `render` and `compliance`
# refuse to work while one of them finds an error. (A refused image is left
# out of the document, with its description: the document stays right.)
BLOCKING_GROUPS = frozenset({"references"})


def blocking_errors(college: College) -> list[Diagnostic]:
    """The errors that stop `render` and `compliance` (see BLOCKING_GROUPS)."""
    blocking = [c for c in all_checks() if c.group in BLOCKING_GROUPS]
    codes = {c.code for c in blocking}
    return [d for d in run_checks(college, dt.date.today(), blocking) if d.is_error and d.code in codes]


def select_checks(
    checks: Iterable[Check], select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Check]:
    wanted, unwanted = set(select), set(ignore)
    return [
        c
        for c in checks
        if (not wanted or c.code in wanted or c.group in wanted) and c.code not in unwanted and c.group not in unwanted
    ]


def run_checks(
    college: College, today: dt.date, checks: Iterable[Check], changed: frozenset[str] | None = None
) -> list[Diagnostic]:
    """The diagnostics of the checks; with `changed` (record keys), only those
    a change of these records concerns."""
    context = CheckContext(college, today)
    disabled = set(college.settings.rules.disabled_checks)
    locator = _Locator(college)
    diagnostics = _unknown_disabled_checks(college, locator) if changed is None or "college" in changed else []
    changed_kinds = None if changed is None else {key.split("/", 1)[0] for key in changed}
    for chosen in checks:
        if chosen.code in disabled or chosen.group in disabled:
            continue
        # A check finds things only in, and from, the kinds of record it
        # reads (tests/test_changes.py holds every check to it): one reading
        # none of the kinds changed has nothing to say about the change.
        if changed_kinds is not None and not changed_kinds & chosen.reads:
            continue
        for finding in chosen.function(context):
            if changed is not None and not concerned(chosen, finding, changed):
                continue
            location = finding.location or locator.locate(finding)
            diagnostics.append(
                Diagnostic(chosen.code, finding.severity or chosen.severity, location, finding.message, finding.hint)
            )
    return diagnostics


def _unknown_disabled_checks(college: College, locator: _Locator) -> list[Diagnostic]:
    known = {c.code for c in all_checks()} | {c.group for c in all_checks()}
    found = []
    for index, code in enumerate(college.settings.rules.disabled_checks):
        if code not in known:
            finding = Finding("", "college", ("rules", "disabled_checks", index), "")
            found.append(
                Diagnostic.error(
                    "unknown-check",
                    locator.locate(finding),
                    f"« {code} » n'est ni une vérification ni un groupe de vérifications",
                    "Les codes possibles sont listés dans le README (« Les vérifications »).",
                )
            )
    return found


class _Locator:
    """Finds where findings are written, parsing each file at most once."""

    def __init__(self, college: College) -> None:
        self.college = college
        self.documents: dict[Path, YamlDocument | MeetingPositions | None] = {}

    def locate(self, finding: Finding) -> Location:
        path = self.college.path_of(finding.folder, finding.record_id)
        if path not in self.documents:
            self.documents[path] = read_positions(path)
        document = self.documents[path]
        return document.location(finding.key_path, at_key=finding.at_key) if document is not None else Location(path)


def body_location(path: Path, needle: str) -> Location:
    """Where `needle` first appears after the front matter of a meeting file."""
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return Location(path)
    closing = text.find("\n---", 3)
    offset = text.find(needle, closing if closing >= 0 else 0)
    if offset < 0:
        return Location(path)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Location(path, line, column)


def member_name(college: College, member_id: str) -> str:
    member = college.members.get(member_id)
    return member.display_name if member else member_id


def agreed(college: College, member_id: str, label: LabelledEnum) -> str:
    """A label said of a member in a message, agreeing with them (« excusée »);
    the masculine for an id that names no member."""
    member = college.members.get(member_id)
    return member.agreed(label) if member else label.label


def before_founding(college: College, day: dt.date) -> bool:
    """A day before the college existed (college.yaml's founded): what is dated
    then is before-founded's one finding, and no other check's."""
    founded = college.settings.founded
    return founded is not None and day < founded


def years_covered(college: College, today: dt.date) -> Iterator[int]:
    """From the first year the records speak of (not before the college was
    founded, when college.yaml says it) to the current one."""
    years = [meeting.date.year for meeting in college.meetings.values()]
    years += [parsed.year for _, parsed, _ in college.plans_with_ids()]
    founded = college.settings.founded
    if founded is not None:
        # A record dated before is before-founded's one finding, not one a year.
        years = [year for year in years if year >= founded.year] or [founded.year]
    if years:
        yield from range(min(years), today.year + 1)
