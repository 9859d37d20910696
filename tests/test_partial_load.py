"""A command reads only the records it needs (issue 17): one meeting's
minutes or agenda read college.yaml, the members, that meeting and the
meetings of the day it announces as the next one, not the plans, the fiches
or the other meetings; lint reads everything. Checked by the files the
loader is given, not by time; the documents stay those of a whole load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collegekit import records
from collegekit.render import documents
from collegekit.render.build import Renderer
from tests.conftest import EXAMPLE_RECORDS, run_cli


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, root, ignore=shutil.ignore_patterns(".collegekit-cache"))
    return root


@pytest.fixture
def files_read(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The record files every load of the command is given, relative to the records."""
    read: set[str] = set()
    original = records._load_through

    def spy(tasks: list[records._Task], cache: object, **options: object) -> list[records._Loaded]:
        read.update(records._relative(folder, path) for folder, path in tasks)
        return original(tasks, cache, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(records, "_load_through", spy)
    return read


def every_file(root: Path) -> set[str]:
    found = {"college.yaml"}
    for kind in records.RECORD_KINDS:
        found |= {f"{kind.folder}/{path.name}" for path in (root / kind.folder).glob(f"*{kind.suffix}")}
    return found


def meeting_ids(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "meetings").glob("*.md"))


@pytest.mark.parametrize("kind", ["minutes", "agenda"])
def test_one_meeting_reads_the_college_its_members_and_that_meeting(
    example: Path, files_read: set[str], tmp_path: Path, kind: str
) -> None:
    loaded = records.load(example, cache=False).college
    assert loaded is not None
    meeting = next(m for m in meeting_ids(example) if loaded.meetings[m].next_meeting is not None
                   and loaded.meetings[m].next_meeting.date is not None)  # type: ignore[union-attr]
    announced = loaded.meetings[meeting].next_meeting.date.isoformat()  # type: ignore[union-attr]
    files_read.clear()  # what this test read to choose the meeting
    exit_code, output = run_cli("render", kind, meeting, "--format", "md", "--records", str(example),
                                "--out", str(tmp_path / "build"))
    assert exit_code == 0, output
    members = {f"members/{path.name}" for path in (example / "members").glob("*.yaml")}
    next_ones = {f"meetings/{m}.md" for m in meeting_ids(example) if m.startswith(announced)}
    assert files_read == {"college.yaml", f"meetings/{meeting}.md"} | members | next_ones
    assert not any(name.startswith(("plans/", "fiches/")) for name in files_read)
    assert len(files_read) < len(every_file(example))


def test_lint_still_reads_everything(example: Path, files_read: set[str]) -> None:
    exit_code, _ = run_cli("lint", "--records", str(example), "--today", "2026-11-25")
    assert exit_code in (0, 1)
    assert files_read == every_file(example)


def test_an_unknown_meeting_still_gets_the_closest_names(example: Path, tmp_path: Path) -> None:
    meeting = meeting_ids(example)[-1]
    exit_code, output = run_cli("render", "minutes", meeting[:-1], "--format", "md", "--records", str(example),
                                "--out", str(tmp_path / "build"))
    assert exit_code != 0
    assert meeting in output


def test_each_meetings_documents_are_those_of_a_whole_load(example: Path, tmp_path: Path) -> None:
    whole = records.load(example, cache=False).college
    assert whole is not None
    renderer = Renderer(whole)
    for meeting in meeting_ids(example):
        for kind in ("minutes", "agenda"):
            out = tmp_path / f"{kind}-{meeting}"
            exit_code, output = run_cli("render", kind, meeting, "--format", "md", "--records", str(example),
                                        "--out", str(out))
            assert exit_code == 0, output
            document = getattr(documents, kind)(whole, meeting)
            written = out / document.markdown_path
            assert written.read_text(encoding="utf-8") == renderer.markdown(document), (kind, meeting)
