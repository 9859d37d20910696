"""Many problems in one file: lint of a meeting whose attendance names 1,000,
4,000, 16,000 and 64,000 people without a member file (one unknown-member
error each). Target: linear, each size within 5 times the previous one (4
times the problems); it was quadratic (0.35 / 0.69 / 4.1 s for the first
three, issue 19), each problem's position found by scanning the mapping.

Each lint runs in its own process through `launcher.py`, in interleaved
rounds after an untimed warm-up round, as in `run.py`; medians are compared.

Usage: .venv/bin/python benchmarks/problems.py [--repetitions N] [--sizes 1000,4000] [--out-json FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from run import Benchmark, collegekit_executable, measure, seconds

BASE = Path(__file__).parent.parent / "tests" / "cases" / "_base" / "records"
MEETING = "meetings/2024-03-12-pleniere.md"
TARGET = 5.0


def college_with_problems(folder: Path, count: int) -> Path:
    records = folder / f"records-{count}"
    shutil.copytree(BASE, records)
    meeting = records / MEETING
    text = meeting.read_text(encoding="utf-8")
    unknown = "".join(f"  inconnu-{index}: present\n" for index in range(count))
    meeting.write_text(text.replace("\nattendance:\n", "\nattendance:\n" + unknown, 1), encoding="utf-8")
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--sizes", default="1000,4000,16000,64000", help="problem counts, comma-separated")
    parser.add_argument("--out-json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    collegekit = collegekit_executable()
    with tempfile.TemporaryDirectory(prefix="collegekit-problems-") as scratch:
        folder = Path(scratch)
        benchmarks = []
        for size in sizes:
            records = college_with_problems(folder, size)
            benchmark = Benchmark(
                f"lint, {size} problems in one file",
                [collegekit, "lint", "--records", str(records), "--today", "2024-12-20"],
                accepted_returncodes=frozenset({1}),  # the problems are found: lint fails, as it should
            )
            benchmarks.append(benchmark)
        measure(benchmarks, args.repetitions, folder)
    print(f"problems in one file: {args.repetitions} timed rounds after one warm-up round")
    header = f"{'command':<40} {'median':>10} {'min':>10} {'× previous size':>16}  target ≤ {TARGET:g}"
    print(header)
    print("-" * len(header))
    results = []
    previous = None
    for size, benchmark in zip(sizes, benchmarks, strict=True):
        if benchmark.unavailable is not None or benchmark.median is None:
            print(f"{benchmark.name:<40} {benchmark.unavailable}")
            return 1
        ratio = benchmark.median / previous if previous else None
        shown = f"{ratio:>16.2f}" if ratio is not None else f"{'':>16}"
        verdict = "" if ratio is None else ("  ok" if ratio <= TARGET else "  MISSED")
        print(f"{benchmark.name:<40} {seconds(benchmark.median):>10} {seconds(benchmark.minimum):>10} {shown}{verdict}")
        results.append({"problems": size, "median_s": benchmark.median, "min_s": benchmark.minimum, "ratio": ratio})
        previous = benchmark.median
    if args.out_json:
        args.out_json.parent.mkdir(parents=True, exist_ok=True)
        args.out_json.write_text(json.dumps({"target": TARGET, "sizes": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
