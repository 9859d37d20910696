"""Property-based tests of the hardening of issue #19: nesting at every depth,
huge numbers, extreme dates, concurrent writers with separate temporary
folders and writers killed mid-edit. Like tests/test_fuzz.py, `make fuzz`
runs them with FUZZ_EXAMPLES cases (the nesting, a parse of a few bytes,
with twenty times as many; the writers, which start real processes, with a
fiftieth of them).

What each asserts, whatever the input: an answer and an exit code, never a
traceback (an exception out of a command) or a signal (a crash of the test
process itself); no update that a writer reported written is lost, and no
record is left half-written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from collegekit import sourcemap
from collegekit.cli import app
from collegekit.lint import lint_records
from collegekit.records import load_record_file
from tests.conftest import BASE_RECORDS, EXAMPLE_RECORDS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A parse of a few bytes: twenty times the cases.
MANY = settings(max_examples=EXAMPLES * 20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Cases that start a dozen processes each.
PROCESSES = settings(max_examples=max(3, EXAMPLES // 50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = dt.date(2024, 12, 20)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    # Whatever happens, an exit code and a message, never a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.output, result.exception)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


@contextlib.contextmanager
def base_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "records"
        shutil.copytree(BASE_RECORDS, records)
        yield records


# --- nesting at every depth ---------------------------------------------------

# Each opener adds one level around the innermost scalar `x`, whose depth is
# then 1 (the value of `a`) + the number of openers.
FLOW_OPENERS = {"[": "]", "{k: ": "}"}


@MANY
@given(
    block=st.integers(0, 60),
    flow=st.lists(st.sampled_from(sorted(FLOW_OPENERS)), max_size=80),
    deep=st.one_of(st.just(0), st.just(0), st.sampled_from([1_000, 5_000, 25_000, 30_000, 100_000])),
)
def test_nesting_at_any_depth_is_read_or_refused_never_a_crash(block: int, flow: list[str], deep: int) -> None:
    flow = flow + ["["] * deep
    text = "a:\n  " + "- " * block + "".join(flow) + "x" + "".join(FLOW_OPENERS[o] for o in reversed(flow)) + "\n"
    depth = 1 + block + len(flow)
    event(f"depth {'≤ 40' if depth <= sourcemap.MAX_DEPTH else '> 40'}")
    document, diagnostics = sourcemap.parse_yaml(text, Path("x.yaml"))
    if depth <= sourcemap.MAX_DEPTH:
        assert document is not None and diagnostics == [], diagnostics
    else:
        assert document is None and [d.code for d in diagnostics] == ["yaml-too-deep"]
    if depth <= 2_000:  # safe to compose: the count first and the composer agree
        saved = sourcemap._NESTING_SAFE_TO_COMPOSE
        try:
            sourcemap._NESTING_SAFE_TO_COMPOSE = 0
            _, counted = sourcemap.parse_yaml(text, Path("x.yaml"))
        finally:
            sourcemap._NESTING_SAFE_TO_COMPOSE = saved
        assert [(d.code, d.location) for d in counted] == [(d.code, d.location) for d in diagnostics]


# --- huge numbers -------------------------------------------------------------

digits = st.integers(1, 6_000).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))
number = st.one_of(
    digits,
    digits.map(lambda d: "-" + d),
    digits.map(lambda d: "+" + d),
    digits.map(lambda d: "0x" + d),
    digits.map(lambda d: "0o" + d.replace("8", "7").replace("9", "7")),
    digits.map(lambda d: "!!int " + d),
    digits.map(lambda d: d + ".5e" + d[:3]),
    digits.map(lambda d: f"[{d}, 1]"),
    st.integers(-(10**16), 10**16).map(str),
)
NUMBER_PLACES = [
    ("college.yaml", "rules:\n  min_plenary_meetings_per_year: {n}\n  absence_streak_alert: 2\n"),
    ("college.yaml", "rules:\n  absence_streak_alert: {n}\n"),
    ("college.yaml", "rules:\n  small_group_threshold: {n}\n  quorum_percent: 30\n"),
    ("college.yaml", "rules:\n  plans_due_month: {n}\n"),
    ("fiches/amartin.yaml", None),
    ("meetings/2024-06-18-pleniere.md", None),
    ("plans/2024-work.yaml", None),
]


def with_number(records: Path, place: int, written: str) -> None:
    relative, appended = NUMBER_PLACES[place]
    path = records / relative
    text = path.read_text(encoding="utf-8")
    if appended is not None:
        path.write_text(text + appended.format(n=written), encoding="utf-8")
        return
    # Replace the first number of the file (a share, a plan's year or action
    # number...), or give the record one under a key of its own.
    text, replaced = re.subn(r"(?m)^(\s*(?:- )?[a-z_]+: )\d+$", lambda m: m[1] + written, text, count=1)
    if not replaced:
        text = text.replace("\n", f"\nnombre: {written}\n", 1)
    path.write_text(text, encoding="utf-8")


@FUZZ
@given(written=number, place=st.integers(0, len(NUMBER_PLACES) - 1))
def test_any_number_anywhere_gives_diagnostics_and_commands_cope(written: str, place: int) -> None:
    with base_copy() as records:
        with_number(records, place, written)
        result = lint_records(records, TODAY)
        value = written.removeprefix("!!int ").strip("[]").split(",")[0]
        digits_only = value.lstrip("+-").lstrip("0")
        too_large = re.fullmatch(r"[-+]?[0-9]+", value) and (len(digits_only) > 40 or int(digits_only or "0") >= 10**15)
        event("too large" if too_large else "within the bound")
        if too_large:
            assert "out-of-range" in {d.code for d in result.diagnostics}
        # Whatever lint said, the commands that read the same records answer.
        invoke("compliance", "--year", "2024", "--today", "2025-02-01", "--format", "json", "--records", str(records))
        invoke("attendance-report", "--year", "2024", "--today", "2025-02-01", "--format", "json", "--records", str(records))
        invoke("lint", "--records", str(records), "--today", "2025-02-01", "--format", "json")


# --- extreme dates --------------------------------------------------------------

EDGES = [
    dt.date(1, 1, 1), dt.date(1, 1, 2), dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(2999, 12, 31),
    dt.date(3000, 1, 1), dt.date(9999, 12, 30), dt.date(9999, 12, 31), dt.date(2024, 2, 29), dt.date(2000, 2, 29),
]  # fmt: skip
day = st.one_of(st.sampled_from(EDGES), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
DATE_PLACES = ["meeting", "membership start", "membership end", "plan name", "fiche", "today", "option"]


@FUZZ
@given(chosen=day, place=st.sampled_from(DATE_PLACES))
def test_any_date_anywhere_gives_diagnostics_and_commands_cope(chosen: dt.date, place: str) -> None:
    written = f"{chosen.year:04d}-{chosen.month:02d}-{chosen.day:02d}"
    inside = 1900 <= chosen.year <= 2999
    event(f"{place}, {'inside' if inside else 'outside'} 1900-2999")
    with base_copy() as records:
        today = "2025-02-01"
        if place == "meeting":
            source = records / "meetings" / "2024-06-18-pleniere.md"
            text = source.read_text(encoding="utf-8").replace("date: 2024-06-18", f"date: {written}")
            source.unlink()
            (records / "meetings" / f"{written}-pleniere.md").write_text(text, encoding="utf-8")
        elif place in ("membership start", "membership end"):
            member = records / "members" / "bdupont.yaml"
            text = member.read_text(encoding="utf-8")
            key = "start" if place == "membership start" else "end"
            text = re.sub(r"(?m)^(  - start: )\S+$", lambda m: m[1] + written, text, count=1) if key == "start" else (
                re.sub(r"(?m)^(  - start: \S+)$", lambda m: f"{m[1]}\n    end: {written}", text, count=1)
            )
            member.write_text(text, encoding="utf-8")
        elif place == "plan name":
            shutil.copy(records / "plans" / "2024-work.yaml", records / "plans" / f"{written[:4]}-rules.yaml")
        elif place == "fiche":
            fiche = records / "fiches" / "amartin.yaml"
            fiche.write_text(re.sub(r"(?m)^(\w+: )\d{4}-\d{2}-\d{2}$", lambda m: m[1] + written, fiche.read_text(encoding="utf-8"), count=1), encoding="utf-8")
        elif place == "today":
            today = written
        code, _ = invoke("lint", "--records", str(records), "--today", today)
        if place == "today":
            assert (code == 2) == (not inside)
        if place == "option":
            code, _ = invoke("new-meeting", "--date", written, "--records", str(records), "--no-input")
            assert (code == 2) == (not inside)
            invoke("new-plan", "--year", str(chosen.year), "--kind", "rules", "--records", str(records))
            today = "2025-02-01"
        out = Path(tempfile.mkdtemp())
        try:
            invoke("export", "ics", "--records", str(records), "--out", str(out / "seances.ics"))
            invoke("compliance", "--year", "2024", "--today", today, "--format", "json", "--records", str(records))
            invoke("attendance-report", "--year", "2024", "--today", today, "--format", "json", "--records", str(records))
            invoke("render", "all", "--format", "md", "--records", str(records), "--out", str(out / "documents"))
            if place == "meeting":  # its Word file too: a zip entry's date is between 1980 and 2107
                invoke("render", "minutes", f"{written}-pleniere", "--records", str(records), "--out", str(out / "word"))
            invoke("plan", "status", "--year", "2024", "--today", today, "--format", "json", "--records", str(records))
        finally:
            shutil.rmtree(out)


# --- concurrent and killed writers ---------------------------------------------

MEETING = "2026-03-17-pleniere"
PRESENT = re.compile(r"^  ([a-z][a-z0-9-]*): present$", re.MULTILINE)


def writer(records: Path, member: str, scratch: Path) -> subprocess.Popen[str]:
    temporary = scratch / f"tmp-{member}"
    temporary.mkdir()
    return subprocess.Popen(
        [sys.executable, "-m", "collegekit", "attend", MEETING, member, "--status", "excused", "--records", str(records)],
        env={**os.environ, "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def assert_whole(meeting_file: Path) -> None:
    """The record is one a writer wrote whole: it loads without an error."""
    record, problems = load_record_file("meetings", meeting_file)
    assert record is not None and not [p for p in problems if p.is_error], problems


@PROCESSES
@given(count=st.integers(2, 8), seed=st.randoms(use_true_random=False))
def test_concurrent_writers_with_separate_temporary_folders_lose_nothing(count: int, seed: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        records = scratch / "records"
        shutil.copytree(EXAMPLE_RECORDS, records)
        meeting_file = records / "meetings" / f"{MEETING}.md"
        members = PRESENT.findall(meeting_file.read_text(encoding="utf-8"))
        chosen = seed.sample(members, count)  # type: ignore[attr-defined]
        writers = [writer(records, member, scratch) for member in chosen]
        outputs = [w.communicate(timeout=300)[0] for w in writers]
        assert all("Traceback" not in output for output in outputs), outputs
        assert [w.returncode for w in writers] == [0] * count, outputs
        text = meeting_file.read_text(encoding="utf-8")
        assert [m for m in chosen if f"  {m}: excused\n" not in text] == []  # no lost update
        assert_whole(meeting_file)


@PROCESSES
@given(count=st.integers(2, 8), seed=st.randoms(use_true_random=False), delay=st.floats(0.0, 1.5))
def test_writers_killed_mid_edit_leave_a_whole_record_and_every_reported_update(
    count: int, seed: object, delay: float
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        records = scratch / "records"
        shutil.copytree(EXAMPLE_RECORDS, records)
        meeting_file = records / "meetings" / f"{MEETING}.md"
        members = PRESENT.findall(meeting_file.read_text(encoding="utf-8"))
        chosen = seed.sample(members, count)  # type: ignore[attr-defined]
        writers = [writer(records, member, scratch) for member in chosen]
        killed = set(seed.sample(range(count), seed.randint(1, count)))  # type: ignore[attr-defined]
        time.sleep(delay)
        for index in killed:
            with contextlib.suppress(ProcessLookupError):
                os.kill(writers[index].pid, signal.SIGKILL)
        outputs = [w.communicate(timeout=300)[0] for w in writers]
        event(f"{sum(w.returncode == -signal.SIGKILL for w in writers)} of {count} killed")
        assert all("Traceback" not in output for output in outputs), outputs
        text = meeting_file.read_text(encoding="utf-8")
        reported = [m for m, w in zip(chosen, writers, strict=True) if w.returncode == 0]
        assert [m for m in reported if f"  {m}: excused\n" not in text] == []  # no lost update
        assert_whole(meeting_file)  # no half-written record
        # A killed writer's lock dies with it: the next writer is not kept waiting.
        survivor = writer(records, [m for m in members if m not in chosen][0], scratch)
        output = survivor.communicate(timeout=300)[0]
        assert survivor.returncode == 0, output
