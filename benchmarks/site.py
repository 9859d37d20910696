"""Timing `collegekit site` against `collegekit render all --format md` on the
example college, whole process (start-up, loading, everything written), for
`make bench`.

Usage: python benchmarks/site.py [RECORDS] [--repetitions N] [--out-json FILE]

The goal (issue 18): the site within 3 times what `render all --format md`
takes. Both commands run alternately into fresh folders; the medians are
compared. The site makes more than the Markdown documents: each document's
HTML (pandoc), its Word and PDF files (pandoc, Typst), the charts and the
search index (Pagefind), so its time is given whole and without the
downloads' share, measured by `render all --format docx` and `--format pdf`
in the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
COLLEGEKIT = str(Path(sys.executable).parent / "collegekit")


def _timed(arguments: list[str]) -> float:
    with tempfile.TemporaryDirectory(prefix="collegekit-bench-") as scratch:
        command = [COLLEGEKIT, *arguments, "--out", str(Path(scratch, "out"))]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", nargs="?", type=Path, default=ROOT / "records")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--out-json", type=Path)
    options = parser.parse_args()
    records = ["--records", str(options.records)]
    commands = {
        "site": ["site", *records, "--today", TODAY],
        "render all --format md": ["render", "all", *records, "--format", "md"],
        "render all --format docx": ["render", "all", *records, "--format", "docx"],
        "render all --format pdf": ["render", "all", *records, "--format", "pdf"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(options.repetitions):
        for name, arguments in commands.items():
            times[name].append(_timed(arguments))
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["site"] / medians["render all --format md"]
    downloads = medians["render all --format docx"] + medians["render all --format pdf"]
    for name, value in medians.items():
        print(f"{name:<28} {value:7.2f} s (median of {options.repetitions})")
    print(f"site / render all --format md: {ratio:.1f} (target <= 3) -> {'met' if ratio <= 3 else 'MISSED'}")
    print(f"site less its downloads (docx + pdf renders): {medians['site'] - downloads:.2f} s, "
          f"ratio {(medians['site'] - downloads) / medians['render all --format md']:.1f}")
    if options.out_json:
        options.out_json.parent.mkdir(parents=True, exist_ok=True)
        options.out_json.write_text(json.dumps({"medians": medians, "ratio": ratio, "runs": times}, indent=2) + "\n")


if __name__ == "__main__":
    main()
