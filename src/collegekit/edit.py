"""Small edits to existing records that keep everything else as it was.

The bureau edits its records by hand too, with comments and blank lines of
its own: an edit made by collegekit (taking attendance, moving a meeting to
"held") must change the lines it means to change and no others, so that the
pull request shows exactly that. ruamel.yaml's round-trip mode keeps
comments, key order, quoting and folded texts; with the indentation the
records use, an unchanged file comes back byte for byte.

An edit is refused, with the file left alone, when the result would not be a
valid record or when the file changed on disk while it was being edited.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString

from collegekit.diagnostics import CollegekitError, Diagnostic, Location
from collegekit.files import system_reason, write_atomically
from collegekit.records import load_record_file
from collegekit.sourcemap import FRONT_MATTER_FENCE


class EditRefused(CollegekitError):
    """The edit was not written; the message says why and what to do."""

    exit_code = 1

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


def round_trip_yaml() -> YAML:
    """The YAML reader and writer for editing, set to the records' own layout."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap a long line the author wrote on one line
    yaml.preserve_quotes = True
    return yaml


@dataclass(frozen=True)
class _Parts:
    before: str  # the opening fence line of a Markdown record, or ""
    yaml_text: str
    after: str  # the closing fence line and the body, or ""


def _split(text: str, path: Path) -> _Parts:
    if path.suffix != ".md":
        return _Parts("", text, "")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        raise EditRefused(f"{path} ne commence pas par un en-tête « --- » : lancez « collegekit lint ».")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FRONT_MATTER_FENCE, "..."):
            return _Parts(lines[0] + "\n", "".join(line + "\n" for line in lines[1:index]), "\n".join(lines[index:]))
    raise EditRefused(f"l'en-tête de {path} n'est pas refermé par « --- » : lancez « collegekit lint ».")


LOCK_WAIT_SECONDS = 10.0
# Every writer of a records folder takes this one lock, whoever runs it and
# whatever its temporary folder: a lock anywhere else (in $TMPDIR, say) is not
# seen by a second user, a second shell or a CI job, which then lose updates.
# A hidden file, so the loader skips it; `collegekit init` lists it in .gitignore.
LOCK_FILE_NAME = ".collegekit.lock"


@contextmanager
def _editing(path: Path) -> Iterator[None]:
    """One collegekit at a time edits the records `path` belongs to
    (<records>/<folder>/<file>), from reading the file to replacing it.

    The record itself cannot carry the lock, since each write replaces it with
    a new file. Where the platform has no advisory locks, the
    compare-before-replace below still guards the edit.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    lock_path = path.parent.parent / LOCK_FILE_NAME
    try:
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    except OSError as error:
        raise EditRefused(
            f"impossible de prendre le verrou {lock_path} : {system_reason(error)} ; rien n'a été écrit."
        ) from None
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EditRefused(
                        f"un autre collegekit modifie {path.name} en ce moment : rien n'a été écrit, relancez la commande."
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        # Closing the descriptor releases the lock, also after an error.
        os.close(descriptor)


# Given the edited file (in a scratch folder) and its record, the findings
# that stop the edit: see write_checks.added_errors.
Verify = Callable[[Path, Any], list[Diagnostic]]


def edit_record(
    path: Path, folder: str, change: Callable[[CommentedMap], None], verify: Verify | None = None
) -> bool:
    """Apply `change` to the YAML of a record file and write it back in place.

    Returns False when the change left the file as it was (nothing written).
    `folder` is the record's kind folder ("meetings", "members"...), used to
    validate the result before it replaces the file; `verify` may refuse a
    valid record that the checks of the edit's concern would reject.

    A record that is a symbolic link is edited where the link leads (the
    loader refuses links out of the records), and stays a link.
    """
    path = path.resolve()
    with _editing(path):
        return _edit(path, folder, change, verify)


def _edit(path: Path, folder: str, change: Callable[[CommentedMap], None], verify: Verify | None) -> bool:
    try:
        original = path.read_bytes()
    except OSError as error:
        raise EditRefused(f"lecture impossible de {path} : {system_reason(error)}.") from None
    text = original.decode("utf-8-sig").replace("\r\n", "\n")
    parts = _split(text, path)
    yaml = round_trip_yaml()
    try:
        data = yaml.load(parts.yaml_text)
    except YAMLError:
        raise EditRefused(f"{path} n'est pas du YAML valide : lancez « collegekit lint » pour voir où.") from None
    if not isinstance(data, CommentedMap):
        raise EditRefused(f"{path} ne contient pas de clés : lancez « collegekit lint ».")
    change(data)
    stream = io.StringIO()
    yaml.dump(data, stream)
    edited = parts.before + stream.getvalue() + parts.after
    if edited == text:
        return False
    if b"\r\n" in original:
        edited = edited.replace("\n", "\r\n")
    new_bytes = ("\ufeff" if original.startswith(b"\xef\xbb\xbf") else "").encode() + edited.encode("utf-8")
    _refuse_if_invalid(path, folder, new_bytes, verify)
    # Compare before replacing: another program (an editor, a second
    # collegekit) may have saved the file in the meantime.
    if path.read_bytes() != original:
        raise EditRefused(f"{path} a été modifié pendant l'opération : rien n'a été écrit, relancez la commande.")
    write_atomically(path, new_bytes)
    return True


def _refuse_if_invalid(path: Path, folder: str, content: bytes, verify: Verify | None = None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / path.name
        candidate.write_bytes(content)
        record, problems = load_record_file(folder, candidate)
        errors = [d for d in problems if d.is_error]
        if record is not None and not errors and verify is not None:
            errors = verify(candidate, record)
    if record is None or errors:
        elsewhere = any(d.location.path != candidate for d in errors)
        raise EditRefused(
            f"la modification rendrait {'invalides les dossiers ci-dessus' if elsewhere else path.name + ' invalide'} : "
            "rien n'a été écrit.",
            [
                replace(d, location=Location(path, d.location.line, d.location.column))
                if d.location.path == candidate
                else d  # a finding the edit causes in another record (a meeting a member leaves before)
                for d in errors
            ],
        )


def set_attendance(meeting: CommentedMap, presences: dict[str, str]) -> None:
    """Record each member's presence, keeping existing entries in place and
    adding new ones at the end of the attendance list."""
    attendance = meeting.get("attendance")
    if not isinstance(attendance, CommentedMap):
        attendance = CommentedMap()
        meeting["attendance"] = attendance
    for member_id, presence in presences.items():
        attendance[member_id] = presence


def remove_attendance(meeting: CommentedMap, member_ids: list[str]) -> None:
    """Take lines out of the attendance; the key goes when no line is left."""
    attendance = meeting.get("attendance")
    if not isinstance(attendance, CommentedMap):
        return
    for member_id in member_ids:
        attendance.pop(member_id, None)
    if not attendance:
        del meeting["attendance"]


def add_invited(meeting: CommentedMap, member_ids: list[str]) -> None:
    """Add members to the meeting's `invited`: each at its place in a list
    kept in alphabetical order (as new-meeting writes it), else at the end."""
    invited = meeting.get("invited")
    if not isinstance(invited, list):
        from ruamel.yaml.comments import CommentedSeq

        invited = CommentedSeq()
        invited.fa.set_flow_style()
        meeting["invited"] = invited
    ordered = all(str(a) <= str(b) for a, b in zip(invited, invited[1:], strict=False))
    for member_id in member_ids:
        if member_id in invited:
            continue
        place = next((i for i, other in enumerate(invited) if str(other) > member_id), len(invited)) if ordered else len(invited)
        invited.insert(place, member_id)


def remove_invited(meeting: CommentedMap, member_ids: list[str]) -> None:
    """Take members out of the meeting's `invited`, the others kept in their order."""
    invited = meeting.get("invited")
    if isinstance(invited, list):
        for member_id in member_ids:
            while member_id in invited:
                invited.remove(member_id)


def renumber(meeting: CommentedMap, number: int, label: str, year: int) -> None:
    """The meeting's number; its title too when it is the default one of its
    old number (« 1re réunion du bureau 2026 »), never a title of the bureau's own."""
    from collegekit.french import ordinal_title

    old = meeting.get("number")
    if isinstance(old, int) and meeting.get("title") == ordinal_title(old, label, year):
        meeting["title"] = ordinal_title(number, label, year)
    meeting["number"] = number


def set_values(record: CommentedMap, values: dict[str, Any]) -> None:
    """Set top-level keys (a nested key as "parent.child"), creating what is missing."""
    for dotted, value in values.items():
        *parents, key = dotted.split(".")
        target = record
        for parent in parents:
            if not isinstance(target.get(parent), CommentedMap):
                target[parent] = CommentedMap()
            target = target[parent]
        target[key] = value


def set_in_order(record: CommentedMap, values: dict[str, Any], order: list[str]) -> None:
    """Set keys of `record`; a key not yet in the file goes after the last of
    the keys that come before it in `order` (the model's field order), so
    that « presented_on » lands beside « status », not below a plan's axes.
    A value of None removes the key."""
    for key, value in values.items():
        if value is None:
            record.pop(key, None)
        elif key in record:
            record[key] = value
        else:
            earlier = order[: order.index(key)] if key in order else order
            present = [name for name in record if name in earlier]
            position = list(record).index(present[-1]) + 1 if present else 0
            record.insert(position, key, value)


def set_plan_dates(
    plan: CommentedMap,
    *,
    presented_on: dt.date | None = None,
    validated_on: dt.date | None = None,
    review_presented_on: dt.date | None = None,
) -> dict[str, Any]:
    """A plan's presentation, validation and review dates; its stated status
    follows the dates forward (draft -> presented -> validated), never back.
    Returns what it set, by dotted key (« review.presented_on »)."""
    from collegekit.models.plan import Plan, PlanStatus, Review

    order = list(Plan.model_fields)
    ranks = [status.value for status in PlanStatus]
    status = plan.get("status")
    wanted = PlanStatus.VALIDATED if validated_on else PlanStatus.PRESENTED if presented_on else None
    values: dict[str, Any] = {}
    # A plan that states no status (the agency's regional plan) is not given
    # one: the document would then print a state the record never claimed.
    if wanted is not None and status in ranks and ranks.index(status) < ranks.index(wanted.value):
        values["status"] = wanted.value
    if presented_on is not None:
        values["presented_on"] = presented_on
    if validated_on is not None:
        values["validated_on"] = validated_on
    set_in_order(plan, values, order)
    if review_presented_on is not None:
        if not isinstance(plan.get("review"), CommentedMap):
            set_in_order(plan, {"review": CommentedMap()}, order)
        set_in_order(plan["review"], {"presented_on": review_presented_on}, list(Review.model_fields))
        values["review.presented_on"] = review_presented_on
    return values


def split_body(text: str) -> tuple[str, str]:
    """A meeting file's text in two: its front matter with both fences (and
    the line ends as written), and its Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].lstrip("\ufeff").rstrip("\r\n").rstrip() != FRONT_MATTER_FENCE:
        raise EditRefused("le fichier ne commence pas par un en-tête « --- » : lancez « collegekit lint ».")
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in (FRONT_MATTER_FENCE, "..."):
            head = "".join(lines[: index + 1])
            if not head.endswith("\n"):
                head += "\r\n" if "\r\n" in text else "\n"
            return head, "".join(lines[index + 1 :])
    raise EditRefused("l'en-tête n'est pas refermé par « --- » : lancez « collegekit lint ».")


def replace_body(path: Path, body: str, expected: bytes | None = None) -> bool:
    """Replace the Markdown body of a meeting file, its front matter kept byte
    for byte (a blank line between the two). Refused when the result would not
    be a valid record, or when the file is no longer `expected` (its bytes when
    the caller read it). Returns False when the body was already this one."""
    with _editing(path):
        try:
            original = path.read_bytes()
        except OSError as error:
            raise EditRefused(f"lecture impossible de {path} : {system_reason(error)}.") from None
        if expected is not None and original != expected:
            raise EditRefused(f"{path} a été modifié pendant l'opération : rien n'a été écrit, relancez la commande.")
        try:
            text = original.decode("utf-8")
        except UnicodeDecodeError:
            raise EditRefused(f"{path} n'est pas un texte UTF-8 : lancez « collegekit lint ».") from None
        try:
            head, _ = split_body(text)
        except EditRefused as refusal:
            raise EditRefused(f"{path} : {refusal}") from None
        newline = "\r\n" if "\r\n" in head else "\n"
        new_body = body.strip("\n")
        edited = head + (newline + new_body.replace("\n", newline) + newline if new_body else "")
        new_bytes = edited.encode("utf-8")
        if new_bytes == original:
            return False
        _refuse_if_invalid(path, "meetings", new_bytes)
        if path.read_bytes() != original:
            raise EditRefused(f"{path} a été modifié pendant l'opération : rien n'a été écrit, relancez la commande.")
        write_atomically(path, new_bytes)
        return True


def set_at(record: CommentedMap, key_path: tuple[str | int, ...], values: dict[str, Any]) -> None:
    """Set keys of the mapping found at `key_path` (an action inside a plan)."""
    target: Any = record
    for key in key_path:
        target = target[key]
    for key, value in values.items():
        target[key] = value


def set_member(
    member: CommentedMap,
    *,
    leave: dt.date | None = None,
    rejoin: dt.date | None = None,
    role: str | None = None,
    note: str | None = None,
    fields: dict[str, str] | None = None,
) -> None:
    """A member leaves (the open period gets its end), comes back (a new
    period, in `role` or the role they last had), or changes details; an
    empty value removes the key (and an empty contact block goes with its
    last key)."""
    if leave is not None or rejoin is not None:
        with _periods_comments_kept(member) as periods:
            if leave is not None:
                current = next(p for p in periods if isinstance(p, CommentedMap) and "end" not in p)
                _set_end(current, leave)
                if note:
                    current["note"] = note
            if rejoin is not None:
                last = max(periods, key=lambda p: p["start"])
                period = CommentedMap(start=rejoin)
                role = role or last.get("role")
                if role not in (None, "member"):
                    period["role"] = role
                if note:
                    period["note"] = note
                periods.append(period)
    for key, value in (fields or {}).items():
        target = member
        if key == "site":
            # A département's code is written quoted, as new-member does: "05" stays a string.
            # (a plain str would take the old value's quotes: « "head-office" »).
            member[key] = PlainScalarString(value) if value == "head-office" else DoubleQuotedScalarString(value)
            continue
        if key == "gender" and value and key not in member:
            # Beside the civility it completes, as new-member writes it.
            after = next((name for name in ("title", "last_name") if name in member), None)
            position = list(member).index(after) + 1 if after else 0
            member.insert(position, key, value)
            continue
        if key in ("title", "first_name", "last_name", "profession", "status") and value and key not in member:
            from collegekit.models.member import Member

            set_in_order(member, {key: value}, list(Member.model_fields))
            continue
        if key in ("email", "phone"):
            if not isinstance(member.get("contact"), CommentedMap):
                if not value:
                    continue
                member["contact"] = CommentedMap()
            target = member["contact"]
        if value:
            target[key] = value
        else:
            target.pop(key, None)
    if isinstance(member.get("contact"), CommentedMap) and not member["contact"]:
        del member["contact"]


def change_role(member: CommentedMap, index: int, day: dt.date, role: str, split: bool, note: str | None = None) -> None:
    """The member holds `role` from `day`: the period `index` (the one
    covering that day) ends the day before and a new period opens with the
    role, until that period's end if it had one; a period that starts that
    very day just takes the role. The role is written even when it is
    « member »: the new period exists to say it."""
    with _periods_comments_kept(member) as periods:
        period = periods[index]
        if not split:
            period["role"] = role
            if note:
                period["note"] = note
            return
        new = CommentedMap(start=day)
        if "end" in period:
            new["end"] = period["end"]
        new["role"] = role
        if note:
            new["note"] = note
        elif "end" in period and "note" in period:
            # A closed period's note is the reason for leaving (as --leave
            # writes it): it belongs to the departure, now the new period's.
            new["note"] = period.pop("note")
        _set_end(period, day - dt.timedelta(days=1))
        periods.insert(index + 1, new)


def set_period_date(member: CommentedMap, index: int, key: str, day: dt.date, note: str | None = None) -> None:
    """Correct the `start` or `end` of the period `index` (a return or a departure written wrong)."""
    with _periods_comments_kept(member) as periods:
        period = periods[index]
        period[key] = day
        if note:
            period["note"] = note


def _set_end(period: CommentedMap, day: dt.date) -> None:
    """A period's end, beside its start (start, end, role, note: the order the README shows)."""
    if "end" in period or "start" not in period:
        period["end"] = day
    else:
        period.insert(list(period).index("start") + 1, "end", day)


@contextmanager
def _periods_comments_kept(member: CommentedMap) -> Iterator[Any]:
    """ruamel.yaml hangs the comment lines that follow a period on its last
    key: a key added after it, or a period added after it, would land below
    the comment (« # Coordonnées... » then « end: »). The lines are taken off
    while the periods change, then put back after the same period's last key,
    or, for the lines after the whole list, after the new last period; a
    comment at the end of a key's own line stays on that key."""
    periods = member["memberships"]
    last = periods[-1] if len(periods) else None
    taken = [(period, _take_comment_lines(period)) for period in periods if isinstance(period, CommentedMap)]
    yield periods
    for period, lines in taken:
        if lines is None:
            continue
        target = periods[-1] if period is last else period
        if isinstance(target, CommentedMap) and len(target):
            key = list(target)[-1]
            entry = target.ca.items.setdefault(key, [None, None, None, None])
            if entry[2] is None:
                entry[2] = lines
            else:
                entry[2].value = entry[2].value.rstrip("\n") + lines.value


def _take_comment_lines(mapping: CommentedMap) -> Any:
    """The whole comment lines after `mapping`'s last key, taken off it (its
    end-of-line comment, if any, left in place); None when there are none."""
    from ruamel.yaml.tokens import CommentToken

    if not len(mapping):
        return None
    entry = mapping.ca.items.get(list(mapping)[-1])
    if not entry or len(entry) < 3 or entry[2] is None or not isinstance(entry[2], CommentToken):
        return None
    token = entry[2]
    own_line, newline, lines = token.value.partition("\n")
    if not newline or not lines.strip():
        return None
    if own_line.strip():
        token.value = own_line + "\n"
    else:
        entry[2] = None
    return CommentToken("\n" + lines, token.start_mark, token.end_mark)


def set_follow_up(
    meeting: CommentedMap, number: int, status: str, note: str | None, at: str | None = None
) -> None:
    """The later status of the meeting's action `number`, kept in the front
    matter's `follow_up`, outside the approved text of the minutes; `at`, the
    meeting where it was followed up."""
    follow_up = meeting.get("follow_up")
    if not isinstance(follow_up, CommentedMap):
        follow_up = CommentedMap()
        meeting["follow_up"] = follow_up
    entry = follow_up.get(number)
    if note is None and at is None and not isinstance(entry, CommentedMap):
        follow_up[number] = status  # the short form: « 2: done »
        return
    if not isinstance(entry, CommentedMap):
        entry = CommentedMap()
        follow_up[number] = entry
    entry["status"] = status
    if note is not None:
        entry["note"] = note
    if at is not None:
        entry["meeting"] = at
