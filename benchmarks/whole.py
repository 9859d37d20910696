"""Speed as the user feels it (issue 17): every figure timed as a whole
process, from the shell, against its baseline in the same rounds.

Each row runs the installed `collegekit` entry point in its own process,
start-up, imports and loading of the records included, as a person or a
pre-commit hook runs it, and divides its median by the median of its baseline
measured in the same interleaved rounds:

| command | baseline | target |
|---|---|---|
| `collegekit --help` | `python -c pass` | ≤ 8 × |
| `lint` of college (a), 150 members over 20 years | `python -c pass` | ≤ 25 × cold, ≤ 12 × warm |
| `lint` of college (b), about 10,000 files | PyYAML's C loader over the same files | ≤ 2 × |
| `lint --changed` of (b) after a one-fiche change | `python -c pass` | ≤ 30 × warm |
| `attendance-report`, 300 members × 20 years × 6 meetings | `python -c pass` | ≤ 30 × cold, ≤ 20 × warm |
| `render minutes --format docx` of one meeting of (a) | the bundled pandoc alone on the same Markdown | ≤ 2 × |

Cold: the cache of validated records (`<records>/.collegekit-cache/`) is
deleted before every run, so the run parses and validates every file it
reads (and fills the cache). Warm: the cache is left as the previous run of
the same round left it. For `render`, warm finds the Word file its cold run
converted (render/conversion_cache.py: nothing changed, pandoc does not
run); a third row, "warm, converted again", removes the converted files
first, so that pandoc runs as it does after a record changes. For `lint --changed`, every run changes the fiche
anew (two variants in turn, both differing from the commit), so that a warm
run finds every file in the cache but the one just changed, as a pre-commit
hook does.

The in-process breakdowns (`render.py`, the profiles in README.md) say
where the time goes; the figures are these. One more row measures a floor
rather than a command: `typer_floor.py`, Typer parsing exactly lint's options
and doing nothing, which every collegekit command with options pays.

Usage: .venv/bin/python benchmarks/whole.py [--quick] [--repetitions N] [--out-json FILE]

`--quick`: smaller colleges (60 members over 8 years, 2,000 files, 100
members over 8 years for the report) and 3 rounds, a few minutes; the
full run takes about 20 minutes on the shared 2-CPU VM.

Exit status: 0 when every command ran and lint found the generated colleges
clean, 1 otherwise; a missed target does not fail the run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import generate  # benchmarks/ is on sys.path when this file is run as a script
from attendance import MEETINGS_PER_YEAR
from attendance import ensure_college as ensure_attendance_college
from run import (
    BENCHMARKS,
    LINT_CHANGED_VS_STARTUP_TARGET,
    LINT_DAY,
    LINT_VS_PARSE_TARGET,
    LINT_VS_STARTUP_TARGET,
    Benchmark,
    ChangedCopy,
    PreparationError,
    change_one_fiche,
    collegekit_executable,
    ensure_college,
    measure,
    megabytes,
    prepare_changed_copy,
    record_files,
    seconds,
    settings_for,
)

CACHE_FOLDER = ".collegekit-cache"


def emptying(root: Path) -> Callable[[], None]:
    """Before a cold run: no cache of validated records."""

    def empty() -> None:
        shutil.rmtree(root / CACHE_FOLDER, ignore_errors=True)

    return empty


def forgetting_conversions(root: Path) -> Callable[[], None]:
    """Before a warm run that converts again: the validated records and the
    compiled templates kept, the converted documents (render/conversion_cache)
    removed, so that pandoc runs as it does for a changed record."""

    def forget() -> None:
        for path in (root / CACHE_FOLDER).glob("converted-*"):
            path.unlink()

    return forget


def alternating_change(college: Path, copy: ChangedCopy) -> Callable[[], None]:
    """Before each `lint --changed`: the fiche changed again, alternately
    one and two moves of time share away from the commit, so that the cache
    never holds the text lint is about to read."""
    original = (college / copy.changed).read_text(encoding="utf-8")
    variants = [change_one_fiche(original), change_one_fiche(change_one_fiche(original))]
    turn = [0]

    def change() -> None:
        (copy.root / copy.changed).write_text(variants[turn[0] % 2], encoding="utf-8")
        turn[0] += 1

    return change


def both(*steps: Callable[[], None] | None) -> Callable[[], None]:
    def run() -> None:
        for step in steps:
            if step is not None:
                step()

    return run


@dataclass(frozen=True)
class Row:
    name: str
    command: Benchmark
    baseline: Benchmark
    target: float | None  # None: shown, no target

    @property
    def ratio(self) -> float | None:
        if self.command.median is None or self.baseline.median is None:
            return None
        return self.command.median / self.baseline.median

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "not measured"
        if self.target is None:
            return "(no target)"
        return "met" if self.ratio <= self.target else "NOT MET"


def pandoc_baseline(college: Path, meeting: str, scratch: Path) -> list[str]:
    """The bundled pandoc alone, turning the Markdown collegekit gives it for
    `meeting` into Word with the same reference document and options."""
    from collegekit.records import load
    from collegekit.render import documents, markdown, pandoc
    from collegekit.render.build import Renderer

    loaded = load(college).college
    if loaded is None:
        raise PreparationError(f"{college} does not load")
    renderer = Renderer(loaded)
    text = renderer.markdown(documents.minutes(loaded, meeting))
    source = scratch / "minutes.md"
    source.write_text(markdown.strip_front_matter(text), encoding="utf-8")
    return [
        pandoc.pandoc_path(), f"--from={pandoc.READER}", "--to=docx", f"--reference-doc={renderer.reference()}",
        "--shift-heading-level-by=-1", "--metadata=lang:fr-FR", f"--output={scratch / 'pandoc.docx'}", str(source),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller colleges and 3 rounds: a few minutes")
    parser.add_argument("--repetitions", type=int, default=None, help="timed rounds (default 5, 3 with --quick)")
    parser.add_argument("--out-json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    chosen = settings_for(args.quick)
    repetitions = args.repetitions or (3 if args.quick else 5)
    small, large = ensure_college(chosen.small), ensure_college(chosen.large)
    members, years = (100, 8) if args.quick else (300, 20)
    report_college = ensure_attendance_college(members, years, MEETINGS_PER_YEAR)
    try:
        changed: ChangedCopy | None = prepare_changed_copy(chosen.large, large)
        unprepared = None
    except (PreparationError, OSError) as error:
        changed, unprepared = None, f"the git copy could not be prepared: {error}"
    for root in (small, large, report_college, *([changed.root] if changed else [])):
        shutil.rmtree(root / CACHE_FOLDER, ignore_errors=True)
    collegekit = collegekit_executable()
    last = generate.LAST_YEAR
    meeting = sorted(path.stem for path in (small / "meetings").glob("*.md"))[-1]
    files = {root: len(record_files(root)) for root in (small, large, report_college)}

    def lint(root: Path, *options: str) -> list[str]:
        return [collegekit, "lint", *options, "--today", LINT_DAY, "--records", str(root)]

    with tempfile.TemporaryDirectory(prefix="collegekit-whole-") as scratch_name:
        scratch = Path(scratch_name)
        python = Benchmark("python -c pass", [sys.executable, "-c", "pass"])
        pyyaml = Benchmark("PyYAML C loader (b)", [sys.executable, str(BENCHMARKS / "bare_parse.py"), "--pyyaml",
                                                   str(large)], "b", files[large])
        try:
            pandoc_command = pandoc_baseline(small, meeting, scratch)
            pandoc_alone = Benchmark("pandoc alone, same Markdown", pandoc_command)
        except Exception as error:  # noqa: BLE001 - reported, the other rows still run
            pandoc_alone = Benchmark("pandoc alone, same Markdown", ["false"], unavailable=str(error))
        help_ = Benchmark("collegekit --help", [collegekit, "--help"])
        # The floor of every lint figure: lint's options parsed by Typer, nothing done.
        floor = Benchmark("typer floor (lint's options)", [sys.executable, str(BENCHMARKS / "typer_floor.py"),
                                                          "lint", "--today", LINT_DAY, "--records", str(small)])
        commands: dict[str, Benchmark] = {}
        # One alternation for the cold and the warm runs: each run's fiche
        # differs from the one the run before it read, so that a warm run
        # finds every file in the cache but that one, and never the result
        # of a lint of the very same records.
        change = alternating_change(large, changed) if changed else None
        for temperature in ("cold", "warm"):
            cold = temperature == "cold"
            commands[f"lint a {temperature}"] = Benchmark(
                f"lint (a), {temperature}", lint(small), "a", files[small],
                findings_check=lint(small, "--format", "json"), before=emptying(small) if cold else None,
            )
            commands[f"lint b {temperature}"] = Benchmark(
                f"lint (b), {temperature}", lint(large), "b", files[large],
                findings_check=lint(large, "--format", "json"), before=emptying(large) if cold else None,
            )
            changed_root = changed.root if changed else large
            commands[f"changed {temperature}"] = Benchmark(
                f"lint --changed (b), {temperature}", lint(changed_root, "--changed"), "b", files[large],
                findings_check=lint(changed_root, "--changed", "--format", "json"),
                before=both(emptying(changed_root) if cold else None, change),
                unavailable=unprepared,
            )
            commands[f"report {temperature}"] = Benchmark(
                f"attendance-report, {temperature}",
                [collegekit, "attendance-report", "--records", str(report_college), "--today", f"{last}-12-31",
                 "--from", f"{last - years + 1}-01-01", "--to", f"{last}-12-31"],
                before=emptying(report_college) if cold else None,
            )
            commands[f"render {temperature}"] = Benchmark(
                f"render minutes docx, {temperature}",
                [collegekit, "render", "minutes", meeting, "--format", "docx", "--records", str(small),
                 "--out", str(scratch / "render")],
                before=emptying(small) if cold else None,
            )
        # Warm, but its Word file made again: a record changed since the last render.
        commands["render converted"] = Benchmark(
            "render minutes docx, warm, converted again",
            [collegekit, "render", "minutes", meeting, "--format", "docx", "--records", str(small),
             "--out", str(scratch / "render")],
            before=forgetting_conversions(small),
        )
        # Each cold run just before its warm one: the warm run finds the
        # cache its cold run filled, whatever ran in between.
        order = [python, help_, floor, pyyaml, pandoc_alone]
        for kind in ("lint a", "lint b", "changed", "report", "render"):
            order += [commands[f"{kind} cold"], commands[f"{kind} warm"]]
        order.append(commands["render converted"])
        print(f"measuring: {repetitions} timed rounds after one warm-up round...", file=sys.stderr, flush=True)
        measure(order, repetitions, scratch)

    rows = [
        Row("collegekit --help / python -c pass", help_, python, 8),
        Row("lint (a) cold / python -c pass", commands["lint a cold"], python, LINT_VS_STARTUP_TARGET),
        Row("lint (a) warm / python -c pass", commands["lint a warm"], python, 12),
        Row("typer floor (lint's options) / python -c pass", floor, python, None),
        Row("lint (a) warm / typer floor", commands["lint a warm"], floor, None),
        Row("lint (b) cold / PyYAML C loader (b)", commands["lint b cold"], pyyaml, LINT_VS_PARSE_TARGET),
        Row("lint (b) warm / PyYAML C loader (b)", commands["lint b warm"], pyyaml, LINT_VS_PARSE_TARGET),
        Row("lint --changed (b) cold / python -c pass", commands["changed cold"], python, None),
        Row("lint --changed (b) warm / python -c pass", commands["changed warm"], python,
            LINT_CHANGED_VS_STARTUP_TARGET),
        Row("attendance-report cold / python -c pass", commands["report cold"], python, 30),
        Row("attendance-report warm / python -c pass", commands["report warm"], python, 20),
        Row("render minutes docx cold / pandoc alone", commands["render cold"], pandoc_alone, 2),
        Row("render minutes docx warm / pandoc alone", commands["render warm"], pandoc_alone, 2),
        Row("render minutes docx warm, converted again / pandoc alone", commands["render converted"], pandoc_alone, 2),
    ]
    mode = "quick (--quick)" if args.quick else "full"
    print(f"collegekit, whole processes ({mode} mode): {repetitions} timed rounds after one warm-up round; "
          f"python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"college (a): {files[small]:,} files, {chosen.small.describe()}")
    print(f"college (b): {files[large]:,} files, {chosen.large.describe()}")
    print(f"report college: {files[report_college]:,} files, {members} members over {years} years, "
          f"{MEETINGS_PER_YEAR} meetings a year; render: minutes of {meeting} (a)")
    if changed:
        print(f"lint --changed (b): {changed.changed} changed in a committed git copy ({changed.change})")
    print()
    header = f"{'benchmark':<36} {'median':>10} {'min':>10} {'peak RSS':>11}"
    print(header)
    print("-" * len(header))
    for benchmark in order:
        print(f"{benchmark.name:<36} {seconds(benchmark.median):>10} {seconds(benchmark.minimum):>10} "
              f"{megabytes(benchmark.peak_rss_bytes):>11}")
    print()
    print("| command | ratio of medians | target | verdict |")
    print("|---|---|---|---|")
    for row in rows:
        value = "—" if row.ratio is None else f"{row.ratio:.2f} ×" if row.ratio < 10 else f"{row.ratio:.1f} ×"
        target = "—" if row.target is None else f"≤ {row.target:g} ×"
        print(f"| {row.name} | {value} | {target} | {row.verdict} |")
    failed = False
    for benchmark in order:
        for label, text in (("not timed", benchmark.unavailable), ("warning", benchmark.warning)):
            if text:
                failed = True
                print(f"\n{benchmark.name}: {label}, {text}")
    if args.out_json is not None:
        payload = {
            "mode": mode,
            "repetitions": repetitions,
            "benchmarks": [{"name": b.name, "command": b.command, "seconds": b.times, "median_seconds": b.median,
                            "peak_rss_bytes": b.peak_rss_bytes} for b in order],
            "ratios": [{"name": r.name, "value": r.ratio, "target": r.target, "verdict": r.verdict} for r in rows],
        }
        args.out_json.parent.mkdir(parents=True, exist_ok=True)
        args.out_json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
