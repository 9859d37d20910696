"""Timing `collegekit site` against `collegekit render all --format md` on the
example college, whole process (start-up, loading, everything written), for
`make bench`.

Usage: python benchmarks/site.py [RECORDS] [--repetitions N] [--out-json FILE]

The goal (issue 18): the site within 3 times what `render all --format md`
takes. The site makes more than the Markdown documents: each document's
HTML, the charts, the search index (Pagefind), and each document's Word and
PDF files to download. The documents are converted in batches
(render/build.py `batches`, two at a time on both cores): one `pandoc lua`
process a batch reads each document once and writes its HTML, its Word file
and its Typst source, then one Typst process lays out the batch's PDFs. The
downloads are still most of a first build's time: pandoc's Word writer and
Typst's layout take some 20 ms a document each, whatever the batching.
A build into a folder holding an earlier build takes them again when nothing
they are made from has changed (site/build.py, FINGERPRINTS), and every
conversion is kept in the records' cache (render/conversion_cache.py), where
any later build or render finds it. So the site is timed five ways, each
command alternately into its folder:

- rebuilt: into the folder of an earlier build of the same records, the
  everyday case (a college rebuilds after changing a few records; CI keeps
  the previous site);
- --no-downloads: into an empty folder, without Word and PDF files;
- new folder: into an empty folder, the conversions found in the records'
  cache (made by an earlier build, or by `render all --format docx/pdf`);
- first build: into an empty folder, the conversions removed from the
  records' cache first (the validated records and compiled templates kept):
  every download made. `render all --format docx` and `--format pdf`, the
  same conversions without the site, are timed beside it likewise;
- fresh checkout: a first build with no cache beside the records at all (no
  validated records, no compiled templates, no conversions: what CI starts
  from in a fresh clone), against `render all --format md` likewise without
  its cache.

Every command runs as the user runs it: bytecode written and read
(PYTHONDONTWRITEBYTECODE is left out of its environment).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
COLLEGEKIT = str(Path(sys.executable).parent / "collegekit")
TARGET = 3


ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
CACHE_FOLDER = ".collegekit-cache"


def _timed(arguments: list[str], out: Path, records: Path, forget: str) -> float:
    """One run, whole process, after removing from the records' cache
    nothing (""), the conversions ("conversions") or everything ("all")."""
    folder = records / CACHE_FOLDER
    if forget == "all":
        shutil.rmtree(folder, ignore_errors=True)
    elif forget == "conversions":
        for path in folder.glob("converted-*"):
            path.unlink()
    command = [COLLEGEKIT, *arguments, "--out", str(out)]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", nargs="?", type=Path, default=ROOT / "records")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--out-json", type=Path)
    options = parser.parse_args()
    records = ["--records", str(options.records)]
    site = ["site", *records, "--today", TODAY]
    markdown_only = ["render", "all", *records, "--format", "md"]
    # name: (arguments, into an earlier build, what is removed from the records' cache first)
    commands = {
        "render all --format md": (markdown_only, False, ""),
        "site (rebuilt)": (site, True, ""),
        "site --no-downloads": ([*site, "--no-downloads"], False, ""),
        "site (new folder)": (site, False, ""),
        "site (first build)": (site, False, "conversions"),
        "render all --format docx": (["render", "all", *records, "--format", "docx"], False, "conversions"),
        "render all --format pdf": (["render", "all", *records, "--format", "pdf"], False, "conversions"),
        "render all --format md, cold": (markdown_only, False, "all"),
        "site (fresh checkout)": (site, False, "all"),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="collegekit-bench-") as scratch:
        earlier = Path(scratch, "earlier")
        _timed(site, earlier, options.records, "")
        for repetition in range(options.repetitions):
            for name, (arguments, rebuilt, forget) in commands.items():
                out = Path(scratch, f"{repetition}-{len(times[name])}-{name.replace(' ', '_').replace(',', '')}")
                if rebuilt:
                    shutil.copytree(earlier, out)
                times[name].append(_timed(arguments, out, options.records, forget))
    medians = {name: statistics.median(values) for name, values in times.items()}
    markdown, markdown_cold = medians["render all --format md"], medians["render all --format md, cold"]
    ratios = {name: medians[name] / (markdown_cold if name == "site (fresh checkout)" else markdown)
              for name in medians if name.startswith("site")}
    for name, value in medians.items():
        against = "render all --format md" + (", cold" if name == "site (fresh checkout)" else "")
        ratio = f"  {ratios[name]:5.1f} x {against}" if name in ratios else ""
        print(f"{name:<30} {value:7.2f} s (median of {options.repetitions}){ratio}")
    for name in ("site (rebuilt)", "site --no-downloads", "site (new folder)", "site (first build)",
                 "site (fresh checkout)"):
        against = "render all --format md" + (", cold" if name == "site (fresh checkout)" else "")
        print(f"{name} / {against}: {ratios[name]:.1f} (target <= {TARGET}) -> "
              f"{'met' if ratios[name] <= TARGET else 'MISSED'}")
    downloads = medians["render all --format docx"] + medians["render all --format pdf"]
    print(f"first build: {medians['site (first build)']:.2f} s; render all --format docx and --format pdf, "
          f"one after the other: {downloads:.2f} s")
    if options.out_json:
        options.out_json.parent.mkdir(parents=True, exist_ok=True)
        options.out_json.write_text(
            json.dumps({"medians": medians, "ratios": ratios, "runs": times}, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
