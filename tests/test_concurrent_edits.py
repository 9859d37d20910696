"""Writers of the same records, each with its own temporary folder (another
user, another shell, a CI job), never lose one another's updates.

Real processes, not threads: the lock must hold between programs that share
nothing but the records folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import EXAMPLE_RECORDS

MEETING = "2026-03-17-pleniere"
WRITERS = 10


def present_members(meeting_file: Path) -> list[str]:
    return re.findall(r"^  ([a-z][a-z0-9-]*): present$", meeting_file.read_text(encoding="utf-8"), re.MULTILINE)


def own_temporary_folder(tmp_path: Path, name: str) -> dict[str, str]:
    folder = tmp_path / "tmp" / name
    folder.mkdir(parents=True)
    return {**os.environ, "TMPDIR": str(folder)}


def test_concurrent_writers_with_separate_temporary_folders_keep_every_update(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)
    meeting_file = records / "meetings" / f"{MEETING}.md"
    members = present_members(meeting_file)[:WRITERS]
    assert len(members) == WRITERS
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "collegekit", "attend", MEETING, member, "--status", "excused", "--records", str(records)],
            env=own_temporary_folder(tmp_path, member),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for member in members
    ]
    outputs = [writer.communicate(timeout=120)[0] for writer in writers]
    assert [writer.returncode for writer in writers] == [0] * WRITERS, outputs
    text = meeting_file.read_text(encoding="utf-8")
    # Every writer said its update was written; every one of them is there.
    assert [member for member in members if f"  {member}: excused\n" not in text] == []


def test_the_lock_is_seen_by_a_writer_with_another_temporary_folder(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)
    meeting_file = records / "meetings" / f"{MEETING}.md"
    before = meeting_file.read_bytes()
    holding, release = tmp_path / "holding", tmp_path / "release"
    # A first writer takes the lock and keeps it until told to go on.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import pathlib, time
                from collegekit.edit import edit_record
                def change(data):
                    pathlib.Path({str(holding)!r}).touch()
                    while not pathlib.Path({str(release)!r}).exists():
                        time.sleep(0.02)
                    data["status"] = "held"
                edit_record(pathlib.Path({str(meeting_file)!r}), "meetings", change)
            """),
        ],
        env=own_temporary_folder(tmp_path, "holder"),
    )
    try:
        deadline = time.monotonic() + 60
        while not holding.exists():
            assert holder.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        second = subprocess.run(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""
                    import pathlib
                    from collegekit import edit
                    edit.LOCK_WAIT_SECONDS = 0.3
                    try:
                        edit.edit_record(pathlib.Path({str(meeting_file)!r}), "meetings", lambda data: data.__setitem__("status", "cancelled"))
                    except edit.EditRefused as refusal:
                        print(refusal)
                """),
            ],
            env=own_temporary_folder(tmp_path, "second"),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "un autre collegekit modifie" in second.stdout, second.stdout + second.stderr
        assert meeting_file.read_bytes() == before
    finally:
        release.touch()
        holder.wait(timeout=60)
    assert holder.returncode == 0
    assert b"status: held" in meeting_file.read_bytes()
    # The lock is a hidden file of the records folder, which the loader skips.
    assert (records / ".collegekit.lock").exists()
