"""Time `collegekit attendance-report` against `python -c pass`.

The target (issue 5): on a synthetic college of 300 members and 20 years of
6 meetings a year, the full report (every breakdown, 20 years of trends,
terminal output) within 30 times the bare interpreter start-up, measured on
the same machine in the same run. The one-year report (`--year`) is timed
too, and so is `collegekit lint` of the same college: loading the records is
most of either command's time, so the report/lint ratio shows what the report
adds. The terminal report never imports matplotlib (a test checks it).

Each command runs in its own process, timed by wall clock from spawn to exit,
in interleaved rounds after an untimed warm-up round (file cache, bytecode
caches); medians are compared, minimums shown beside them. The college is
generated once by `generate.py` into `benchmarks/out/` and reused until the
generator changes.

Usage: .venv/bin/python benchmarks/attendance.py [--quick] [--repetitions N] [--out-json FILE]

Exit status: 1 when a command fails, 0 otherwise; missing the target does not
fail the run (timings on a busy machine are too noisy to gate on).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import generate  # benchmarks/ is on sys.path when this file is run as a script

BENCHMARKS = Path(__file__).resolve().parent
OUT = BENCHMARKS / "out"
VENV_BIN = Path(sys.executable).parent
TARGET = 30.0
MEMBERS, YEARS, MEETINGS_PER_YEAR = 300, 20, 6
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
ENVIRONMENT["COLUMNS"] = "120"


def ensure_college(members: int, years: int, meetings_per_year: int) -> Path:
    digest = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:12]
    key = f"attendance-college-{members}m-{years}y-{meetings_per_year}mpy"
    target = OUT / f"{key}-{digest}"
    if target.is_dir():
        return target
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob(f"{key}-*"):
        shutil.rmtree(stale)
    print(f"generating a college of {members} members over {years} years, {meetings_per_year} meetings a year...")
    scratch = Path(tempfile.mkdtemp(prefix=".generating-", dir=OUT))
    try:
        generate.generate(scratch / "records", members, years, meetings_per_year)
        (scratch / "records").rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def run_once(command: list[str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENVIRONMENT)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited with {completed.returncode}:\n{completed.stderr.decode()[-2000:]}"
        )
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller college (100 members, 8 years), 3 rounds")
    parser.add_argument("--repetitions", type=int, default=None, help="timed rounds (default 7, 3 with --quick)")
    parser.add_argument("--out-json", type=Path, help="also write the numbers to this file")
    options = parser.parse_args(argv)
    members, years = (100, 8) if options.quick else (MEMBERS, YEARS)
    repetitions = options.repetitions or (3 if options.quick else 7)
    college = ensure_college(members, years, MEETINGS_PER_YEAR)
    last = generate.LAST_YEAR
    first = last - years + 1
    collegekit = str(VENV_BIN / "collegekit")
    report = [collegekit, "attendance-report", "--records", str(college), "--today", f"{last}-12-31"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        # Reading the records is most of any command's time: lint of the same
        # college shows what is left to the report itself.
        "lint (same college)": [collegekit, "lint", "--records", str(college), "--today", f"{last}-12-31"],
        f"attendance-report, {years} years": [*report, "--from", f"{first}-01-01", "--to", f"{last}-12-31"],
        f"attendance-report --year {last}": [*report, "--year", str(last)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for round_number in range(repetitions + 1):
            for name, command in commands.items():
                elapsed = run_once(command)
                if round_number:  # the first round warms the caches up
                    times[name].append(elapsed)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    files = sum(1 for _ in college.rglob("*.yaml")) + sum(1 for _ in college.rglob("*.md"))
    print(f"college: {members} members, {years} years, {MEETINGS_PER_YEAR} meetings a year ({files} files)")
    print(f"{'command':<40} {'median':>9} {'min':>9}")
    medians = {}
    for name, values in times.items():
        medians[name] = statistics.median(values)
        print(f"{name:<40} {medians[name]:>8.3f}s {min(values):>8.3f}s")
    baseline = medians["python -c pass"]
    full = medians[f"attendance-report, {years} years"]
    ratio = full / baseline
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"full report / python -c pass = {ratio:.1f} (target <= {TARGET:.0f}: {verdict})")
    print(f"full report / lint of the same college = {full / medians['lint (same college)']:.2f}")
    if options.out_json:
        options.out_json.write_text(
            json.dumps({"times": times, "medians": medians, "ratio": ratio, "target": TARGET}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
