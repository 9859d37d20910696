"""Start-up: `collegekit --version`, `--help` and the help of every command
against `python -c pass` (target: each within 8 times).

These are the commands the bureau types to find its way, and the floor of
every other command. Each runs in its own process through `launcher.py`, in
interleaved rounds after an untimed warm-up round, as in `run.py`; medians
are compared.

Usage: .venv/bin/python benchmarks/startup.py [--repetitions N] [--out-json FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from run import Benchmark, collegekit_executable, measure, seconds

TARGET = 8.0


def command_paths(collegekit: str) -> list[list[str]]:
    """Every command and sub-command, read from the help of collegekit and of its groups."""
    probe = (
        "import typer.main\n"
        "from collegekit.cli import app\n"
        "command = typer.main.get_command(app)\n"
        "for name, sub in command.commands.items():\n"
        "    print(name)\n"
        "    for child in getattr(sub, 'commands', {}):\n"
        "        print(name, child)\n"
    )
    listed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listed.splitlines()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=11, help="timed rounds (default 11)")
    parser.add_argument("--out-json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    collegekit = collegekit_executable()
    startup = Benchmark("python -c pass", [sys.executable, "-c", "pass"])
    commands = [
        Benchmark("collegekit --version", [collegekit, "--version"]),
        Benchmark("collegekit --help", [collegekit, "--help"]),
        *(Benchmark(f"collegekit {' '.join(path)} --help", [collegekit, *path, "--help"])
          for path in command_paths(collegekit)),
    ]
    with tempfile.TemporaryDirectory(prefix="collegekit-startup-") as scratch:
        measure([startup, *commands], args.repetitions, Path(scratch))
    print(f"start-up: {args.repetitions} timed rounds after one warm-up round")
    header = f"{'command':<46} {'median':>10} {'min':>10} {'× python -c pass':>17}  target ≤ {TARGET:g}"
    print(header)
    print("-" * len(header))
    print(f"{startup.name:<46} {seconds(startup.median):>10} {seconds(startup.minimum):>10}")
    results = []
    for benchmark in commands:
        if benchmark.median is None or startup.median is None:
            print(f"{benchmark.name:<46} not timed: {benchmark.unavailable}")
            continue
        ratio = benchmark.median / startup.median
        verdict = "met" if ratio <= TARGET else "MISSED"
        print(f"{benchmark.name:<46} {seconds(benchmark.median):>10} {seconds(benchmark.minimum):>10} "
              f"{ratio:>17.1f}  {verdict}")
        results.append({"name": benchmark.name, "median_seconds": benchmark.median, "ratio": ratio})
    if args.out_json is not None:
        payload = {"python_median_seconds": startup.median, "commands": results}
        args.out_json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 1 if any(benchmark.unavailable for benchmark in commands) else 0


if __name__ == "__main__":
    sys.exit(main())
