"""README « La vie d'une séance », run as the README shows it, on a fresh college.

Every `collegekit` line of the section's first shell block is run in turn
(`cd` moves into the new repository, `git init` is left to git); step 4, the
minutes written in an editor, appends the section's Markdown example to the
meeting's file. The calendar is simulated: each command that takes --today
is run as on the day the bureau would run it.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import shlex
from pathlib import Path

import pytest

from collegekit.lint import lint_records
from collegekit.records import load
from tests.conftest import run_cli

README = Path(__file__).parent.parent / "README.md"
SECTION = README.read_text(encoding="utf-8").split("## La vie d'une séance\n", 1)[1].split("\n## ", 1)[0]
# The day each step is run on: convened two weeks before, minutes sent two weeks after.
DAYS = {
    ("send", "agenda"): "2027-03-01",
    ("attend",): "2027-03-16",
    ("send", "minutes"): "2027-03-30",
    ("attendance-report",): "2027-04-01",
}


def commands() -> list[list[str]]:
    block = re.search(r"```sh\n(.*?)```", SECTION, flags=re.DOTALL)
    assert block is not None
    text = block[1].replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        line = line.split(" # ", 1)[0].strip()
        if line and not line.startswith("#"):
            for command in line.split(" && "):
                found.append(shlex.split(command))
    return found


def minutes_example() -> str:
    block = re.search(r"```md\n(.*?)```", SECTION, flags=re.DOTALL)
    assert block is not None
    return block[1]


def test_the_six_commands_of_a_meeting_run_end_to_end_on_a_fresh_college(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cycle = [c[1:] for c in commands() if c[0] == "collegekit" and c[1] not in ("init", "new-member")]
    assert [c[0] for c in cycle] == ["new-meeting", "send", "attend", "send", "attendance-report"]  # and the editor
    for command in commands():
        if command[0] == "cd":
            monkeypatch.chdir(command[1])
            continue
        if command[0] == "git":
            continue
        assert command[0] == "collegekit", command
        arguments = command[1:]
        if arguments[:2] == ["send", "minutes"]:  # step 4 comes before: the minutes, in the editor
            meeting = Path("records", "meetings", "2027-03-16-pleniere.md")
            meeting.write_text(meeting.read_text(encoding="utf-8") + "\n" + minutes_example(), encoding="utf-8")
        day = DAYS.get(tuple(arguments[:2])) or DAYS.get(tuple(arguments[:1]))
        exit_code, output = run_cli(*arguments, *(["--today", day] if day else []))
        assert exit_code == 0, (arguments, output)

    records = Path("records")
    meeting = load(records).college.meetings["2027-03-16-pleniere"]  # type: ignore[union-attr]
    assert meeting.status.value == "minutes-drafted"
    assert {m: p.value for m, p in meeting.attendance.items()} == {"cmoreau": "present", "mroux": "video", "nbenali": "excused"}
    assert (str(meeting.sent_to_committee.agenda), str(meeting.sent_to_committee.minutes)) == ("2027-03-01", "2027-03-30")
    assert meeting.has_minutes
    # --gender f, as the README writes it for a Dr: the president agrees.
    president = load(records).college.members["cmoreau"]  # type: ignore[union-attr]
    assert president.gender is not None and president.agreed(president.memberships[0].role) == "présidente"
    for name, attachments in (
        ("ordre-du-jour", ["2027-03-16-pleniere-ordre-du-jour.docx", "2027-03-16-pleniere-ordre-du-jour.pdf", "2027-03-16-pleniere.ics"]),
        ("compte-rendu", ["2027-03-16-pleniere-compte-rendu.docx", "2027-03-16-pleniere-compte-rendu.pdf"]),
    ):
        draft = email.message_from_bytes(
            Path("build", "courriels", f"2027-03-16-pleniere-{name}.eml").read_bytes(), policy=email.policy.default
        )
        assert draft["X-Unsent"] == "1"
        # Nadia Benali has no address: named by the command, left out of the draft.
        assert [a.addr_spec for a in draft["To"].addresses] == [  # type: ignore[union-attr]
            "claire.moreau@ars-occitanie.example",
            "marc.roux@ars-occitanie.example",
        ]
        assert [part.get_filename() for part in draft.iter_attachments()] == attachments  # type: ignore[attr-defined]
    # What the cycle wrote, lint accepts.
    errors = [d for d in lint_records(records, dt.date(2027, 4, 1)).diagnostics if d.is_error]
    assert errors == []
