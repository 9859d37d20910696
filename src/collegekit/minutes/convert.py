"""`collegekit convert-meeting`: a meeting file of the first form (the agenda
and the minutes' points as YAML in the front matter) -> the agenda and the
minutes written as Markdown in the body.

The front matter is edited round trip: its other keys keep their order,
quoting and comments; `agenda:` and `actions:` leave it, and the actions'
statuses go to `follow_up:` (by action number). The body becomes the prose
that opened the minutes, the parts with their points and round tables (texts
escaped: they were plain text, they are Markdown now), the actions, then the
prose from its « Conclusion » heading on. Before anything is written, the new
body is parsed back: unless it gives exactly the agenda, the actions and the
prose of the old file, the file is left alone and the reason given.
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from collegekit.diagnostics import CollegekitError
from collegekit.files import system_reason
from collegekit.models.meeting import AgendaPart, FollowUpAction, FollowUpStatus, Prose


class ConversionRefused(CollegekitError):
    """The file was not converted; the message says why."""

    exit_code = 1


def convert_file(path: Path) -> bool:
    """Convert one meeting file in place; False when it needs no conversion."""
    from collegekit.files import write_atomically
    from collegekit.records import _MEETING_STEM

    if not _MEETING_STEM.match(path.stem):
        raise ConversionRefused(f"{path} : ce n'est pas un fichier de séance (AAAA-MM-JJ-intitule.md).")
    try:
        original = path.read_bytes()
    except OSError as error:
        raise ConversionRefused(f"{path} : lecture impossible ({system_reason(error)}).") from None
    try:
        text = original.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise ConversionRefused(f"{path} n'est pas encodé en UTF-8 : lancez « collegekit lint ».") from None
    converted = convert_text(text, path)
    if converted is None:
        return False
    _refuse_if_invalid(path, text, converted)
    if path.read_bytes() != original:
        raise ConversionRefused(f"{path} a été modifié pendant la conversion : rien n'a été écrit, relancez la commande.")
    write_atomically(path, converted.encode("utf-8"))
    return True


def convert_text(text: str, path: Path) -> str | None:
    """The converted file, or None when its front matter holds no agenda nor actions."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    from collegekit.edit import _split, round_trip_yaml
    from collegekit.minutes.parse import parse_body
    from collegekit.minutes.write import write_body

    parts = _split(text, path)
    yaml = round_trip_yaml()
    try:
        data = yaml.load(parts.yaml_text)
    except YAMLError:
        raise ConversionRefused(f"{path} n'est pas du YAML valide : lancez « collegekit lint » pour voir où.") from None
    if not isinstance(data, CommentedMap) or ("agenda" not in data and "actions" not in data):
        return None
    agenda = tuple(_valid(AgendaPart, markdown_texts(part), path, ("agenda", index)) for index, part in enumerate(data.get("agenda") or []))
    actions = tuple(
        _valid(FollowUpAction, {**markdown_texts(action), "number": number}, path, ("actions", number - 1))
        for number, action in enumerate(data.get("actions") or [], start=1)
    )
    closing_fence, _, old_body = parts.after.partition("\n")
    opening, closing = split_conclusion(old_body)
    closing = _as_level_two(closing)
    prose = tuple(
        Prose(after_part=after, text=block)
        for after, block in ((0, opening), (len(agenda), closing))
        if block.strip()
    )
    body = write_body(agenda, [a.model_copy(update={"status": FollowUpStatus.OPEN}) for a in actions], prose)
    parsed = parse_body(body)
    problem = _difference(parsed, agenda, actions, prose, parse_body)
    if problem:
        raise ConversionRefused(
            f"{path} : {problem} ; rien n'a été écrit. Déplacez ce texte (ou corrigez-le) puis relancez la conversion."
        )
    _move_out(data, actions)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return parts.before + stream.getvalue() + closing_fence + "\n\n" + body


def _move_out(data: Any, actions: tuple[FollowUpAction, ...]) -> None:
    """agenda and actions leave the front matter; the actions' statuses stay
    in it as follow_up, where the actions were."""
    from ruamel.yaml.comments import CommentedMap

    keys = list(data)
    kept_before = len([key for key in keys[: keys.index("actions" if "actions" in keys else "agenda")] if key != "agenda"])
    followed = CommentedMap()
    for action in actions:
        if action.status is not FollowUpStatus.OPEN:
            followed[action.number] = action.status.value
    for key in ("agenda", "actions"):
        if key in data:
            del data[key]
    if followed:
        data.insert(kept_before, "follow_up", followed)


def markdown_texts(value: Any, *, is_text: bool = False) -> Any:
    """The old form's texts (a `text:`, a point written as a sentence) were
    plain: escaped, they say the same in Markdown. Titles, names and files
    stay as they are."""
    from collegekit.render.markdown import escape

    if isinstance(value, str):
        return escape(value) if is_text else value
    if isinstance(value, list):
        return [markdown_texts(item, is_text=is_text) for item in value]
    if isinstance(value, dict):
        return {key: markdown_texts(item, is_text=key in ("text", "points")) for key, item in value.items()}
    return value


def _valid(model: Any, data: Any, path: Path, where: tuple[str | int, ...]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        key = ".".join(str(part) for part in (*where, *detail["loc"]) if not str(part).startswith(("function", "model")))
        raise ConversionRefused(
            f"{path} : « {key} » n'est pas valide ({detail['msg']}) : corrigez-le (voir « collegekit lint ») avant de convertir."
        ) from None


def _difference(parsed: Any, agenda: Any, actions: Any, prose: Any, parse_body: Any) -> str | None:
    """What the new body would say differently from the old file, if anything."""
    if parsed.problems:
        problem = parsed.problems[0]
        return f"le texte converti poserait un problème ({problem.message})"
    if parsed.agenda != agenda:
        return "le texte libre placé avant ou après l'ordre du jour se lirait comme une partie de l'ordre du jour"
    if [(a.owner, a.text, a.due) for a in parsed.actions] != [(a.owner, a.text, a.due) for a in actions]:
        return "le texte libre contient des lignes « Action : » qui se liraient comme des suites à donner"
    expected = [(p.after_part, _blocks(p.text, parse_body)) for p in prose]
    if [(p.after_part, p.text) for p in parsed.prose] != expected:
        return "une partie du texte libre ne resterait pas à sa place (avant la partie I ou après la dernière)"
    return None


def _blocks(text: str, parse_body: Any) -> str:
    # The parser keeps prose block by block, one blank line between them.
    found = parse_body(text).prose
    return "\n\n".join(p.text for p in found) if found else re.sub(r"\n{3,}", "\n\n", text.strip("\n"))


_CONCLUSION = re.compile(r"^ {0,3}#{1,6}[ \t]+conclusions?\b", re.IGNORECASE)


def split_conclusion(body: str) -> tuple[str, str]:
    """The old form's prose in two: what opened the minutes, and what closed
    them, from the first heading called « Conclusion » (any level) on."""
    from collegekit.render.markdown import _lines_outside_code

    lines = body.replace("\r\n", "\n").split("\n")
    outside = _lines_outside_code(lines)
    for index, line in enumerate(lines):
        if outside[index] and _CONCLUSION.match(line):
            return "\n".join(lines[:index]).strip("\n"), "\n".join(lines[index:]).strip("\n")
    return body.strip("\n"), ""


_ATX = re.compile(r"^(#{1,6})(?=[ \t])")


def _as_level_two(closing: str) -> str:
    """The conclusion, its headings raised so that the first is a « ## »: in
    the body, prose after the last part starts with an unnumbered « ## »
    (a « ### » there would be a sub-part of the last part)."""
    match = _ATX.match(closing)
    if match is None or len(match[1]) <= 2:
        return closing
    shift = len(match[1]) - 2
    from collegekit.render.markdown import _lines_outside_code

    lines = closing.split("\n")
    outside = _lines_outside_code(lines)
    for index, line in enumerate(lines):
        heading = _ATX.match(line) if outside[index] else None
        if heading:
            lines[index] = "#" * max(2, len(heading[1]) - shift) + line[len(heading[1]) :]
    return "\n".join(lines)


def _refuse_if_invalid(path: Path, text: str, converted: str) -> None:
    """Refuse a conversion that would add an error to the file (an error it
    had already, a wrong time say, is for lint to report, not a reason to
    keep the old form)."""
    before, _ = _errors(path, text)
    after, loaded = _errors(path, converted)
    added = [d for d in after if (d.code, d.message) not in {(b.code, b.message) for b in before}]
    if added or (not loaded and not before):
        first = added[0] if added else None
        raise ConversionRefused(
            f"{path} : le fichier converti ne serait pas valide"
            + (f" (ligne {first.location.line} : {first.message})" if first else "")
            + " ; rien n'a été écrit."
        )


def _errors(path: Path, text: str) -> tuple[list[Any], bool]:
    from collegekit.records import load_record_file

    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / path.name
        candidate.write_text(text, encoding="utf-8")
        record, problems = load_record_file("meetings", candidate)
    return [d for d in problems if d.is_error and d.code != "legacy-agenda"], record is not None
