"""The scale suite: collegekit's commands on colleges of 1,000, 10,000 and
100,000 record files, against `python -c pass`, and how they grow.

For each college, generated once by `generate.py` (cached in `out/`):

- `lint`, the whole college checked;
- `lint --changed`, in a committed git copy of the college with one fiche de
  poste changed in the working tree (the pre-commit run);
- `attendance-report --year <last year>`, the report in the terminal;
- `render minutes` of the last meeting, in Markdown and Word;
- `render all`, every document in Markdown and Word (on the 1,000-file college
  only: it renders every meeting's agenda and minutes, every plan, review and
  fiche, and grows with the documents, not with the checks).

Each command is a separate process, timed from spawn to exit with its peak
resident memory (through `launcher.py`, as in `run.py`). The commands of one
college run in interleaved rounds with `python -c pass`, after an untimed
warm-up round in which lint is also run with `--format json` to check that the
generated college is clean. Fewer rounds on larger colleges: a round of the
100,000-file college takes minutes, and its medians are of fewer runs.

The report gives, per college and command, the median and minimum time, the
peak memory, the ratio of the median to `python -c pass` measured in the same
rounds, then the growth from one college to the next: the ratio of times next
to the ratio of files and of bytes (linear growth: the time ratio equals the
file ratio; below it, better than linear). Peak memory at 100,000 files has a
target: under 1 GB.

Usage: .venv/bin/python benchmarks/scale.py [--quick] [--sizes 1000,10000,100000] [--out-json FILE]

Exit status: 0 when every command ran and lint found the colleges clean,
1 otherwise. A missed target does not fail the run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import generate  # benchmarks/ is on sys.path when this file is run as a script
from run import (
    LINT_DAY,
    Benchmark,
    ChangedCopy,
    CollegeShape,
    PreparationError,
    collegekit_executable,
    ensure_college,
    measure,
    megabytes,
    prepare_changed_copy,
    record_files,
    seconds,
)

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (300, 1_000, 3_000)
# Timed rounds by college size: a round of the 1,000-file college takes two
# minutes (render all), one of the largest college ten.
ROUNDS = {1_000: 3, 10_000: 3, 100_000: 1}
# Above this size, no warm-up round: the smaller colleges compiled the
# bytecode, and lint's check for findings reads every file first.
WARM_UP_UP_TO = 10_000
MEMORY_TARGET_BYTES = 1_000_000_000
MEMORY_TARGET_FILES = 100_000
BASE = {"members": 150, "years": 20, "meetings_per_year": 4}
RENDER_ALL_UP_TO = 1_000


@dataclass
class CollegeRun:
    size: int
    shape: CollegeShape
    root: Path
    files: int
    bytes: int
    changed_copy: ChangedCopy | None
    startup: Benchmark
    commands: list[Benchmark]

    def command(self, name: str) -> Benchmark | None:
        return next((benchmark for benchmark in self.commands if benchmark.name == name), None)


def shape_for(size: int) -> CollegeShape:
    members, years, attendees, meetings_per_year = generate.plan_for_files(size, **BASE)
    return CollegeShape(f"{size:,}", members, years, meetings_per_year, attendees)


def last_meeting(root: Path) -> str:
    return sorted(path.stem for path in (root / "meetings").glob("*.md"))[-1]


def college_benchmarks(size: int, root: Path, changed: ChangedCopy | None, unprepared: str | None,
                       scratch: Path) -> list[Benchmark]:
    collegekit = collegekit_executable()
    files = len(record_files(root))
    records = ["--records", str(root)]
    changed_root = str(changed.root) if changed else str(root)
    benchmarks = [
        Benchmark(
            "lint",
            [collegekit, "lint", "--today", LINT_DAY, *records],
            str(size),
            files,
            findings_check=[collegekit, "lint", "--today", LINT_DAY, "--format", "json", *records],
        ),
        Benchmark(
            "lint --changed",
            [collegekit, "lint", "--changed", "--today", LINT_DAY, "--records", changed_root],
            str(size),
            files,
            findings_check=[
                collegekit, "lint", "--changed", "--today", LINT_DAY, "--format", "json", "--records", changed_root
            ],
            unavailable=unprepared,
        ),
        Benchmark(
            "attendance-report",
            [collegekit, "attendance-report", "--year", str(generate.LAST_YEAR), "--today", LINT_DAY, *records],
            str(size),
            files,
        ),
        Benchmark(
            "render minutes",
            [collegekit, "render", "minutes", last_meeting(root), *records, "--out", str(scratch / f"minutes-{size}")],
            str(size),
            files,
        ),
    ]
    if size <= RENDER_ALL_UP_TO:
        benchmarks.append(
            Benchmark("render all", [collegekit, "render", "all", *records, "--out", str(scratch / f"all-{size}")],
                      str(size), files)
        )
    return benchmarks


def run_college(size: int, rounds: int, scratch: Path) -> CollegeRun:
    shape = shape_for(size)
    root = ensure_college(shape)
    changed: ChangedCopy | None = None
    unprepared: str | None = None
    try:
        changed = prepare_changed_copy(shape, root)
    except (PreparationError, OSError) as error:
        unprepared = f"the git copy could not be prepared: {error}"
    startup = Benchmark("python -c pass", [sys.executable, "-c", "pass"])
    commands = college_benchmarks(size, root, changed, unprepared, scratch)
    print(f"measuring the {size:,}-file college ({rounds} round{'s' if rounds > 1 else ''})...", file=sys.stderr,
          flush=True)
    measure([startup, *commands], rounds, scratch, warm_up=size <= WARM_UP_UP_TO)
    paths = record_files(root)
    return CollegeRun(size, shape, root, len(paths), sum(p.stat().st_size for p in paths), changed, startup, commands)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return None if numerator is None or not denominator else numerator / denominator


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 1000 else f"{value:,.0f}"


def print_report(colleges: list[CollegeRun]) -> None:
    print(f"collegekit scale suite: python {platform.python_version()} on {platform.platform()}, "
          f"{os.cpu_count()} CPUs")
    for college in colleges:
        shape = college.shape
        print(
            f"college {college.size:,}: {college.files:,} files, {college.bytes / 1e6:.1f} MB; "
            f"{shape.members:,} members over {shape.years:,} years, {shape.meetings_per_year} meetings a year, "
            f"{shape.attendees} members on a date; {len(college.startup.runs)} timed round(s)"
        )
    print()
    header = (f"{'command':<20} {'college':>8} {'median':>10} {'min':>10} {'peak RSS':>11} "
              f"{'× python -c pass':>17} {'ms/file':>8}")
    print(header)
    print("-" * len(header))
    for college in colleges:
        print(f"{'python -c pass':<20} {college.size:>8,} {seconds(college.startup.median):>10} "
              f"{seconds(college.startup.minimum):>10} {megabytes(college.startup.peak_rss_bytes):>11}")
        for benchmark in college.commands:
            per_file = ratio(benchmark.median, college.files)
            print(
                f"{benchmark.name:<20} {college.size:>8,} {seconds(benchmark.median):>10} "
                f"{seconds(benchmark.minimum):>10} {megabytes(benchmark.peak_rss_bytes):>11} "
                f"{number(ratio(benchmark.median, college.startup.median)):>17} "
                f"{'—' if per_file is None else format(per_file * 1000, '.2f'):>8}"
            )
    print()
    for smaller, larger in zip(colleges, colleges[1:], strict=False):
        print(
            f"growth {smaller.size:,} → {larger.size:,}: files × {larger.files / smaller.files:.2f}, "
            f"bytes × {larger.bytes / smaller.bytes:.2f}"
        )
        header = f"  {'command':<20} {'time ×':>8} {'memory ×':>9}  growth"
        print(header)
        for benchmark in smaller.commands:
            other = larger.command(benchmark.name)
            if other is None:
                continue
            time_growth = ratio(other.median, benchmark.median)
            memory_growth = ratio(other.peak_rss_bytes, benchmark.peak_rss_bytes)
            verdict = "—"
            if time_growth is not None:
                linear = larger.files / smaller.files
                verdict = "linear or better" if time_growth <= linear * 1.1 else "WORSE than linear"
            print(f"  {benchmark.name:<20} {number(time_growth):>8} {number(memory_growth):>9}  {verdict}")
        print()
    for college in colleges:
        if college.size >= MEMORY_TARGET_FILES:
            peak = max((b.peak_rss_bytes or 0) for b in college.commands)
            verdict = "met" if peak < MEMORY_TARGET_BYTES else "MISSED"
            print(f"peak memory at {college.size:,} files: {peak / 1e9:.2f} GB (target < 1 GB): {verdict}")
    for college in colleges:
        for benchmark in college.commands:
            for label, text in (("not timed", benchmark.unavailable), ("warning", benchmark.warning)):
                if text:
                    print(f"\n{benchmark.name} ({college.size:,}): {label}, {text}")


def report_json(colleges: list[CollegeRun]) -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "colleges": [
            {
                "size": college.size,
                "path": str(college.root),
                "files": college.files,
                "bytes": college.bytes,
                "members": college.shape.members,
                "years": college.shape.years,
                "meetings_per_year": college.shape.meetings_per_year,
                "changed_file": college.changed_copy.changed if college.changed_copy else None,
                "benchmarks": [
                    {
                        "name": benchmark.name,
                        "command": benchmark.command,
                        "seconds": benchmark.times,
                        "median_seconds": benchmark.median,
                        "min_seconds": benchmark.minimum,
                        "peak_rss_bytes": benchmark.peak_rss_bytes,
                        "ratio_to_python": ratio(benchmark.median, college.startup.median),
                        "unavailable": benchmark.unavailable,
                        "warning": benchmark.warning,
                    }
                    for benchmark in [college.startup, *college.commands]
                ],
            }
            for college in colleges
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="collegekit's commands on colleges of 1,000 to 100,000 files.")
    parser.add_argument("--quick", action="store_true", help="colleges of 300, 1,000 and 3,000 files")
    parser.add_argument("--sizes", type=str, default=None, help="comma-separated file counts (default 1000,10000,100000)")
    parser.add_argument("--out-json", type=Path, default=None, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES
    if args.sizes:
        sizes = tuple(int(size.replace("_", "")) for size in args.sizes.split(","))
    colleges: list[CollegeRun] = []
    with tempfile.TemporaryDirectory(prefix="collegekit-scale-") as scratch:
        for size in sizes:
            rounds = 3 if args.quick else ROUNDS.get(size, 1 if size > 10_000 else 3)
            colleges.append(run_college(size, rounds, Path(scratch)))
    print_report(colleges)
    if args.out_json is not None:
        args.out_json.write_text(json.dumps(report_json(colleges), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    failed = any(b.unavailable or b.warning for college in colleges for b in college.commands)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
