"""Time `collegekit lint` against the floors it cannot go below.

Absolute times mean little across laptops, so each lint run is compared with
a floor measured on the same machine, in the same run:

- lint of a realistic college (a), 150 members over 20 years, against
  `python -c pass`: the start-up cost any Python command pays. The bureau runs
  lint on every change; it should feel instant (target: at most 25 times the
  bare interpreter start-up).
- lint of a college of about 10,000 record files (b) against a bare parse of
  the same files with libyaml's C parser (`bare_parse.py`): what reading the
  records costs at the least. Lint validates, resolves references and checks
  rules on top of that; it should stay within twice the parse (target ≤ 2).
- `lint --changed` on college (b) after a one-file change (one fiche de poste
  edited in the working tree of a git copy of the college) against
  `python -c pass`: the pre-commit run of a college's repository (target: at
  most 5 times the bare interpreter start-up).
- lint of college (b) against the tools a college would use today instead
  (issue 9, point 3): `yamllint` with its default configuration (syntax and
  style of the `.yaml` files only) and `check-jsonschema` with collegekit's
  own exported schemas (the schema of each record, no cross-record checks).
  Lint does far more than either; it should take at most half of yamllint's
  time and no more than check-jsonschema's (targets ≤ 0.5 and ≤ 1).

Each command runs in its own process, timed by wall clock from spawn to exit,
with its peak resident memory taken from that very process's resource usage
(through `launcher.py`, which says why a launcher is needed).
The commands run in interleaved rounds (every command once a round, after a
warm-up round that is not timed), so that a slow spell of the machine weighs
on all of them alike; the median is reported, with the minimum beside it.

The colleges are generated once by `generate.py` and cached under
`benchmarks/out/` (git-ignored), keyed by their shape and by the generator's
source, so that a changed generator regenerates them; so is the git copy of
college (b), committed once, in which every run makes the one-file change anew.

Usage: .venv/bin/python benchmarks/run.py [--quick] [--only-tools] [--repetitions N] [--out-json FILE]
(`make bench` runs it with no option; `--only-tools` times lint (b), yamllint
and check-jsonschema alone.)

Exit status: 0 when every command ran and lint found the generated colleges
clean, 1 otherwise. Missing a target does not fail the run: timings on a
shared or busy machine are too noisy to gate on; read the table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import generate  # benchmarks/ is on sys.path when this file is run as a script
from bare_parse import front_matter

BENCHMARKS = Path(__file__).resolve().parent
OUT = BENCHMARKS / "out"
LAUNCHER = BENCHMARKS / "launcher.py"
# The interpreter running this file is the venv's (`make bench`), so its
# folder holds the `collegekit` entry point too.
VENV_BIN = Path(sys.executable).parent

# The commands run as on a user's machine, where the first run leaves
# bytecode caches that later runs load: a sandbox or CI setting that forbids
# writing them would make every run recompile collegekit and time that instead.
# Nor may a repository named by the environment (as inside a git hook) stand
# in for the git copy of college (b), for the commands or for run.py's own git.
GIT_LOCATION_VARIABLES = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"}
COMMAND_ENVIRONMENT = {
    name: value
    for name, value in os.environ.items()
    if name != "PYTHONDONTWRITEBYTECODE" and name not in GIT_LOCATION_VARIABLES
}

LINT_VS_STARTUP_TARGET = 25.0
LINT_VS_PARSE_TARGET = 2.0
# Issue 3 asked for 5 ×; issue 17 set the target of a warm run (the cache of
# validated records kept) at 30 ×.
LINT_CHANGED_VS_STARTUP_TARGET = 30.0
LINT_VS_YAMLLINT_TARGET = 0.5
LINT_VS_CHECK_JSONSCHEMA_TARGET = 1.0

# check-jsonschema: which schema (from `collegekit schema`) checks which files
# of a college, as globs relative to the records folder. Meetings are Markdown
# with a YAML front matter, which check-jsonschema cannot read: their front
# matters are extracted once, untimed, into a folder of their own (see
# prepare_check_jsonschema).
SCHEMA_FILES = {"college": "college.yaml", "member": "members/*.yaml", "fiche": "fiches/*.yaml", "plan": "plans/*.yaml"}

# Lint checks the records as of a date: the generated colleges end with
# generate.LAST_YEAR, a fixed past year, so they are linted as of its last day.
# As of today, the years after it would have no meeting and no plan, which
# lint rightly reports (a warning for the running year); the college would
# then not be clean, and its clean path is the one measured.
LINT_DAY = f"{generate.LAST_YEAR}-12-31"

# How the git copy of college (b) is committed: a fixed identity, whatever the
# user's configuration, and no hook or signature to get in the way.
GIT_COMMIT_OPTIONS = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]


@dataclass(frozen=True)
class CollegeShape:
    """The parameters of a generated college; the cache folder is named after them."""

    label: str
    members: int
    years: int
    meetings_per_year: int
    attendees: int
    seed: int = 0

    @property
    def key(self) -> str:
        return (
            f"college-{self.members}m-{self.years}y-{self.meetings_per_year}mpy-{self.attendees}a-seed{self.seed}"
        )

    def describe(self) -> str:
        return (
            f"{self.members} members over {self.years} years, {self.meetings_per_year} meetings a year, "
            f"{self.attendees} members on a date"
        )


@dataclass(frozen=True)
class Settings:
    small: CollegeShape
    large: CollegeShape
    repetitions: int


def settings_for(quick: bool) -> Settings:
    if quick:
        small = CollegeShape("a", members=60, years=8, meetings_per_year=4, attendees=generate.default_attendees(60))
        large_files, repetitions = 2_000, 3
    else:
        small = CollegeShape("a", members=150, years=20, meetings_per_year=4, attendees=generate.default_attendees(150))
        large_files, repetitions = 10_000, 7
    members, years, attendees, meetings_per_year = generate.plan_for_files(
        large_files, small.members, small.years, small.meetings_per_year
    )
    large = CollegeShape("b", members, years, meetings_per_year, attendees)
    return Settings(small, large, repetitions)


# ---------------------------------------------------------------------------
# Colleges, generated once.
# ---------------------------------------------------------------------------


def generator_digest() -> str:
    return hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:12]


def ensure_college(shape: CollegeShape) -> Path:
    """The cached college of this shape, generated first if need be.

    Generation writes to a temporary folder renamed at the end, so that an
    interrupted run never leaves a half college that looks complete.
    """
    target = OUT / f"{shape.key}-{generator_digest()}"
    if target.is_dir():
        return target
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob(f"{shape.key}-*"):
        shutil.rmtree(stale)
    print(f"generating college ({shape.label}): {shape.describe()}...", flush=True)
    scratch = Path(tempfile.mkdtemp(prefix=".generating-", dir=OUT))
    try:
        generate.generate(
            scratch / "records", shape.members, shape.years, shape.meetings_per_year, shape.attendees, shape.seed
        )
        (scratch / "records").rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def record_files(root: Path) -> list[Path]:
    return [*root.rglob("*.yaml"), *root.rglob("*.md")]


# ---------------------------------------------------------------------------
# A git copy of a college, with a one-file change, for `lint --changed`.
# ---------------------------------------------------------------------------


class PreparationError(Exception):
    """The git copy or its change could not be made."""


@dataclass(frozen=True)
class ChangedCopy:
    root: Path
    # The changed file, relative to the root, and what was changed in it.
    changed: str
    change: str


def git(root: Path, *arguments: str) -> str:
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), *arguments],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=COMMAND_ENVIRONMENT,
        )
    except FileNotFoundError:
        raise PreparationError("git is not installed") from None
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()
        raise PreparationError(
            f"`git {' '.join(arguments)}` failed with status {completed.returncode}"
            + (f": {detail[-1]}" if detail else "")
        )
    return completed.stdout


def ensure_git_copy(shape: CollegeShape, college: Path) -> Path:
    """A copy of the college that is a git repository with everything
    committed, made once and cached beside the college (it is named after it,
    so a regenerated college gets a new copy)."""
    target = OUT / f"git-{college.name}"
    if (target / ".git").is_dir():
        return target
    for stale in OUT.glob(f"git-{shape.key}-*"):
        shutil.rmtree(stale)
    print(f"committing a git copy of college ({shape.label})...", flush=True)
    scratch = Path(tempfile.mkdtemp(prefix=".generating-", dir=OUT))
    try:
        copy = scratch / "repository"
        shutil.copytree(college, copy)
        # A file modified in the same second as the index is written is
        # "racily clean": git cannot trust its timestamp and reads it again on
        # every `git diff`. Files just copied would all be, and `lint
        # --changed` would be timed re-reading 10,000 files, which the
        # long-committed files of a real repository never cost. Dated an hour
        # back, they are clean at once.
        past = time.time() - 3600
        for path in copy.rglob("*"):
            if path.is_file():
                os.utime(path, (past, past))
        git(copy, "-c", "init.defaultBranch=main", "init", "--quiet")
        git(copy, "add", "--all")
        git(copy, *GIT_COMMIT_OPTIONS, "commit", "--quiet", "--no-verify", "-m", "Generated college")
        copy.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


SHARE_LINE = re.compile(r"^(?P<indent>[ -]*)share: (?P<share>\d+)[ \t]*$", re.MULTILINE)


def change_one_fiche(text: str) -> str:
    """The fiche with 5 points of time share moved from its largest activity
    to its smallest: the kind of edit a member makes to their fiche, which
    keeps it valid (the shares still add up to 100)."""
    lines = list(SHARE_LINE.finditer(text))
    if len(lines) < 2:
        raise PreparationError("the chosen fiche has fewer than two activities")
    shares = [int(line["share"]) for line in lines]
    largest = max(range(len(shares)), key=shares.__getitem__)
    smallest = min((i for i in range(len(shares)) if i != largest), key=shares.__getitem__)
    if shares[largest] <= 5:
        raise PreparationError("the chosen fiche has no activity share above 5")
    new = {largest: shares[largest] - 5, smallest: shares[smallest] + 5}
    pieces, end = [], 0
    for index, line in enumerate(lines):
        if index in new:
            pieces += [text[end : line.start()], f"{line['indent']}share: {new[index]}"]
            end = line.end()
    return "".join(pieces) + text[end:]


def prepare_changed_copy(shape: CollegeShape, college: Path) -> ChangedCopy:
    """The git copy of the college with one fiche changed in the working tree,
    and nothing else: the change is made anew from the generated college on
    every run, and a copy with any other difference is committed afresh."""
    fiches = sorted(path.name for path in (college / "fiches").glob("*.yaml"))
    if not fiches:
        raise PreparationError(f"college ({shape.label}) has no fiche")
    changed = f"fiches/{fiches[len(fiches) // 2]}"
    copy = ensure_git_copy(shape, college)
    dirty = {line[3:] for line in git(copy, "status", "--porcelain", "--untracked-files=all").splitlines()}
    if dirty - {changed}:
        print(f"the git copy of college ({shape.label}) has other changes: committing it afresh", flush=True)
        shutil.rmtree(copy)
        copy = ensure_git_copy(shape, college)
    original = (college / changed).read_text(encoding="utf-8")
    (copy / changed).write_text(change_one_fiche(original), encoding="utf-8")
    listed = git(copy, "diff", "--name-only", "HEAD", "--").split()
    listed += git(copy, "ls-files", "--others", "--exclude-standard").split()
    if listed != [changed]:
        raise PreparationError(f"git sees {listed or 'no change'} in the copy instead of {changed} alone")
    return ChangedCopy(copy, changed, "5 points of time share moved between two activities")


# ---------------------------------------------------------------------------
# Measuring.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_bytes: int
    returncode: int
    stdout: str
    stderr: str


class LaunchError(Exception):
    """The command could not be started at all."""


def run_once(command: list[str], scratch: Path) -> Run:
    """Run the command through `launcher.py`, which times it from spawn to
    exit and reads its peak memory from its own resource usage.

    Measured from here, the peak memory would be wrong: a child inherits its
    parent's peak, and `resource.getrusage(RUSAGE_CHILDREN)` keeps the
    highest of all children so far (see launcher.py). The launcher's own
    start-up is outside the measured span.
    """
    stdout, stderr = scratch / "stdout", scratch / "stderr"
    launcher = subprocess.run(
        [sys.executable, "-S", "-I", str(LAUNCHER), str(stdout), str(stderr), *command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=COMMAND_ENVIRONMENT,
    )
    if launcher.returncode != 0:
        message = launcher.stderr.strip().splitlines()
        raise LaunchError(message[-1] if message else f"launcher exited with status {launcher.returncode}")
    seconds, peak_rss, returncode = launcher.stdout.split()
    return Run(
        float(seconds),
        int(peak_rss),
        int(returncode),
        stdout.read_text(encoding="utf-8", errors="replace"),
        stderr.read_text(encoding="utf-8", errors="replace"),
    )


@dataclass
class Benchmark:
    name: str
    command: list[str]
    college: str | None = None
    files: int | None = None
    # For lint: the same command with a machine-readable report, to check
    # that the generated college is clean.
    findings_check: list[str] | None = None
    runs: list[Run] = field(default_factory=list)
    # Exit statuses of a run that did its work: yamllint exits with 1 when it
    # reports an error-level problem, as it does on the generated colleges.
    accepted_returncodes: frozenset[int] = frozenset({0})
    # Summarises the warm-up run's output for the report (what the tool found).
    describe_output: Callable[[Run], str] | None = None
    note: str | None = None
    # Run, untimed, before every run of the command: what makes it "cold"
    # (the cache of validated records emptied) or a fresh change to a file.
    before: Callable[[], None] | None = None
    # Why the benchmark was not timed, or what is wrong with its result.
    unavailable: str | None = None
    warning: str | None = None

    @property
    def times(self) -> list[float]:
        return [run.seconds for run in self.runs]

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.runs else None

    @property
    def minimum(self) -> float | None:
        return min(self.times) if self.runs else None

    @property
    def peak_rss_bytes(self) -> int | None:
        return max(run.peak_rss_bytes for run in self.runs) if self.runs else None


def excerpt(text: str, lines: int = 5) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()] or ["(no output)"]
    more = f"\n    ... ({len(kept) - lines} more lines)" if len(kept) > lines else ""
    return "\n".join(f"    {line}" for line in kept[:lines]) + more


def check_warm_up(benchmark: Benchmark, run: Run) -> None:
    """Decide from the warm-up run whether the benchmark can be timed.

    Lint that crashes or has no `lint` command yet is reported and skipped;
    lint that runs but reports problems in a generated college is still timed,
    with a warning, since the generator promises clean colleges.
    """
    crashed = "Traceback (most recent call last)" in run.stderr
    if run.returncode == 0 or (run.returncode in benchmark.accepted_returncodes and not crashed):
        if benchmark.describe_output is not None:
            benchmark.note = benchmark.describe_output(run)
        return
    output = f"{run.stdout}\n{run.stderr}"
    usage_error = run.returncode == 2 and ("No such command" in output or "Usage:" in output)
    if benchmark.findings_check is None or crashed or usage_error:
        benchmark.unavailable = f"exit status {run.returncode}:\n{excerpt(run.stderr or run.stdout)}"
    else:
        benchmark.warning = (
            f"lint exited with status {run.returncode} on a generated college, which should be clean:\n"
            f"{excerpt(output)}"
        )


def check_findings(benchmark: Benchmark, scratch: Path) -> None:
    """Warn when lint reports anything, warnings included, on a generated college.

    The exit status only tells errors apart, and warnings (long absences,
    a missing quorum...) would mean the generator no longer makes the clean
    colleges it promises. Lint's JSON output lists every diagnostic; should
    it be missing or change shape, the exit status alone is checked.
    """
    if benchmark.findings_check is None or benchmark.unavailable or benchmark.warning:
        return
    run = run_once(benchmark.findings_check, scratch)
    try:
        diagnostics = json.loads(run.stdout)
        severities = [diagnostic["severity"] for diagnostic in diagnostics]
    except (ValueError, TypeError, KeyError):
        return
    if diagnostics:
        counts = ", ".join(f"{severities.count(s)} {s}" for s in sorted(set(severities)))
        listed = "\n".join(
            f"{d.get('path')}:{d.get('line')}: {d.get('severity')}[{d.get('code')}] {d.get('message')}"
            for d in diagnostics
        )
        benchmark.warning = f"lint reported {counts} on a generated college, which should be clean:\n{excerpt(listed)}"


def measure(benchmarks: list[Benchmark], repetitions: int, scratch: Path, warm_up: bool = True) -> None:
    """One untimed warm-up round (compiles bytecode, fills the file cache),
    then `repetitions` interleaved rounds of every available benchmark.

    Without the warm-up round (for commands that take minutes, once their
    bytecode is compiled and their files cached by earlier runs), the first
    timed run is the one checked for a crash.
    """
    for benchmark in benchmarks:
        if benchmark.unavailable is not None or not warm_up:
            continue
        try:
            if benchmark.before is not None:
                benchmark.before()
            first = run_once(benchmark.command, scratch)
        except LaunchError as error:
            benchmark.unavailable = f"cannot start {benchmark.command[0]}: {error}"
            continue
        check_warm_up(benchmark, first)
        check_findings(benchmark, scratch)
    progress = sys.stderr.isatty()
    for round_number in range(1, repetitions + 1):
        if progress:
            print(f"\rround {round_number}/{repetitions}", end="", file=sys.stderr, flush=True)
        for benchmark in benchmarks:
            if benchmark.unavailable is not None:
                continue
            try:
                if benchmark.before is not None:
                    benchmark.before()
                run = run_once(benchmark.command, scratch)
            except LaunchError as error:
                benchmark.unavailable = f"cannot start {benchmark.command[0]}: {error}"
                continue
            if warm_up or benchmark.runs:
                benchmark.runs.append(run)
                continue
            check_warm_up(benchmark, run)
            check_findings(benchmark, scratch)
            if benchmark.unavailable is None:
                benchmark.runs.append(run)
    if progress:
        print("\r" + " " * 20 + "\r", end="", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Reporting.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    name: str
    numerator: Benchmark
    denominator: Benchmark
    target: float

    @property
    def value(self) -> float | None:
        if self.numerator.median is None or self.denominator.median is None:
            return None
        return self.numerator.median / self.denominator.median

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "not measured"
        return "met" if self.value <= self.target else "MISSED"


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"


def megabytes(value: int | None) -> str:
    return "—" if value is None else f"{value / 2**20:.1f} MiB"


def print_report(
    settings: Settings,
    colleges: dict[str, Path],
    changed_copy: ChangedCopy | None,
    benchmarks: list[Benchmark],
    ratios: list[Ratio],
) -> None:
    print(f"collegekit benchmarks: {settings.repetitions} timed rounds after one warm-up round")
    print(f"python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    for shape in (settings.small, settings.large):
        files = record_files(colleges[shape.label])
        size = sum(path.stat().st_size for path in files)
        print(f"college ({shape.label}): {len(files):,} files, {size / 1e6:.1f} MB; {shape.describe()}")
    if changed_copy is not None:
        print(
            f"lint --changed (b): a committed git copy of college (b), {changed_copy.changed} changed "
            f"in the working tree ({changed_copy.change})"
        )
    print()
    header = f"{'benchmark':<30} {'files':>7} {'median':>10} {'min':>10} {'peak RSS':>11}"
    print(header)
    print("-" * len(header))
    for benchmark in benchmarks:
        files = f"{benchmark.files:,}" if benchmark.files is not None else "—"
        print(
            f"{benchmark.name:<30} {files:>7} {seconds(benchmark.median):>10} {seconds(benchmark.minimum):>10} "
            f"{megabytes(benchmark.peak_rss_bytes):>11}"
        )
    print()
    header = f"{'ratio of medians':<40} {'value':>7} {'target':>8}  verdict"
    print(header)
    print("-" * len(header))
    for ratio in ratios:
        value = "—" if ratio.value is None else f"{ratio.value:.2f}" if ratio.value < 10 else f"{ratio.value:.1f}"
        print(f"{ratio.name:<40} {value:>7} {'≤ ' + format(ratio.target, 'g'):>8}  {ratio.verdict}")
    for benchmark in benchmarks:
        if benchmark.note:
            print(f"\n{benchmark.name}: {benchmark.note}")
        if benchmark.unavailable:
            print(f"\n{benchmark.name}: not timed, {benchmark.unavailable}")
        if benchmark.warning:
            print(f"\n{benchmark.name}: warning, {benchmark.warning}")


def report_json(
    settings: Settings,
    colleges: dict[str, Path],
    changed_copy: ChangedCopy | None,
    benchmarks: list[Benchmark],
    ratios: list[Ratio],
) -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "repetitions": settings.repetitions,
        "colleges": {
            shape.label: {
                "path": str(colleges[shape.label]),
                "files": len(record_files(colleges[shape.label])),
                "members": shape.members,
                "years": shape.years,
                "meetings_per_year": shape.meetings_per_year,
                "attendees": shape.attendees,
                "seed": shape.seed,
            }
            for shape in (settings.small, settings.large)
        },
        "changed_copy": (
            None
            if changed_copy is None
            else {
                "college": settings.large.label,
                "path": str(changed_copy.root),
                "changed_file": changed_copy.changed,
                "change": changed_copy.change,
            }
        ),
        "benchmarks": [
            {
                "name": benchmark.name,
                "command": benchmark.command,
                "college": benchmark.college,
                "files": benchmark.files,
                "seconds": benchmark.times,
                "median_seconds": benchmark.median,
                "min_seconds": benchmark.minimum,
                "peak_rss_bytes": benchmark.peak_rss_bytes,
                "note": benchmark.note,
                "unavailable": benchmark.unavailable,
                "warning": benchmark.warning,
            }
            for benchmark in benchmarks
        ],
        "ratios": [
            {
                "name": ratio.name,
                "value": ratio.value,
                "min_ratio": (
                    ratio.numerator.minimum / ratio.denominator.minimum
                    if ratio.numerator.minimum and ratio.denominator.minimum
                    else None
                ),
                "target": ratio.target,
                "met": None if ratio.value is None else ratio.value <= ratio.target,
            }
            for ratio in ratios
        ],
    }


def venv_executable(name: str) -> str:
    local = VENV_BIN / name
    return str(local) if local.exists() else shutil.which(name) or name


def collegekit_executable() -> str:
    return venv_executable("collegekit")


# ---------------------------------------------------------------------------
# The tools people use today: yamllint and check-jsonschema.
# ---------------------------------------------------------------------------

YAMLLINT_PROBLEM = re.compile(r"^\s+\d+:\d+\s+(error|warning)\s.*\((?P<rule>[\w-]+)\)$", re.MULTILINE)


def describe_yamllint(run: Run) -> str:
    """What yamllint reported on the college: it is timed doing that."""
    rules = [match["rule"] for match in YAMLLINT_PROBLEM.finditer(run.stdout)]
    files = sum(1 for line in run.stdout.splitlines() if line and not line[0].isspace())
    if not rules:
        return "no problem reported"
    counts = ", ".join(f"{rules.count(rule):,} {rule}" for rule in sorted(set(rules)))
    return f"reported {len(rules):,} problems in {files:,} files ({counts}); the college is valid for collegekit"


def yamllint_benchmark(college: Path) -> Benchmark:
    """yamllint with its default configuration over the records folder.

    `-d default` names the default configuration, so that no `.yamllint` file
    of the working folder or the user's configuration can change the rules.
    It lints the files its configuration calls YAML (`*.yaml`, `*.yml`): the
    meetings, Markdown with a front matter, are not read.
    """
    return Benchmark(
        "yamllint (b), .yaml files only",
        [venv_executable("yamllint"), "-d", "default", str(college)],
        "b",
        len(list(college.rglob("*.yaml"))),
        accepted_returncodes=frozenset({0, 1}),
        describe_output=describe_yamllint,
    )


def prepare_check_jsonschema(college: Path, collegekit: str) -> Path:
    """A folder with collegekit's exported schemas (`schemas/`) and the front
    matter of every meeting of the college as a YAML file (`meetings/`).

    Made anew on every run (a few seconds, untimed): the schemas follow
    collegekit's models, which may have changed since the last run.
    """
    target = OUT / "check-jsonschema"
    if target.exists():
        shutil.rmtree(target)
    (target / "meetings").mkdir(parents=True)
    exported = subprocess.run(
        [collegekit, "schema", "--out", str(target / "schemas")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=COMMAND_ENVIRONMENT,
    )
    if exported.returncode != 0:
        raise PreparationError(f"`collegekit schema` failed with status {exported.returncode}")
    for path in sorted((college / "meetings").glob("*.md")):
        text = front_matter(path.read_text(encoding="utf-8"))
        if text is None:
            raise PreparationError(f"{path.name} has no front matter")
        (target / "meetings" / f"{path.stem}.yaml").write_text(text, encoding="utf-8")
    return target


def check_jsonschema_benchmark(college: Path, collegekit: str) -> Benchmark:
    """check-jsonschema over every record of the college, each kind against
    its schema: one check-jsonschema run per schema, one after the other,
    in one shell (the shell expands the globs: 4,000 paths do not fit in one
    argument). The peak memory is the largest of the runs (on Linux, the
    shell's resource usage includes its children's)."""
    name = "check-jsonschema (b)"
    count = sum(len(list(college.glob(pattern))) for pattern in SCHEMA_FILES.values())
    count += len(list((college / "meetings").glob("*.md")))
    executable = shlex.quote(venv_executable("check-jsonschema"))
    try:
        scratch = prepare_check_jsonschema(college, collegekit)
    except (PreparationError, OSError) as error:
        return Benchmark(name, ["false"], "b", count, unavailable=f"could not be prepared: {error}")
    schemas = scratch / "schemas"
    lines = ["status=0", f"cd {shlex.quote(str(college))} || exit 2"]
    for schema, pattern in SCHEMA_FILES.items():
        schema_file = shlex.quote(str(schemas / f"{schema}.schema.json"))
        lines.append(f"{executable} --schemafile {schema_file} {pattern} || status=1")
    lines.append(f"cd {shlex.quote(str(scratch))} || exit 2")
    meeting_schema = shlex.quote(str(schemas / "meeting.schema.json"))
    lines.append(f"{executable} --schemafile {meeting_schema} meetings/*.yaml || status=1")
    lines.append('exit "$status"')
    return Benchmark(name, ["/bin/sh", "-c", "\n".join(lines)], "b", count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time collegekit lint (and lint --changed) against python start-up, a bare YAML parse, "
        "yamllint and check-jsonschema."
    )
    parser.add_argument("--quick", action="store_true", help="smaller colleges and 3 rounds, for a quick check")
    parser.add_argument(
        "--only-tools",
        action="store_true",
        help="time lint (b), yamllint and check-jsonschema alone (the comparison with the tools in use)",
    )
    parser.add_argument("--repetitions", type=int, default=None, help="timed rounds (default 7, or 3 with --quick)")
    parser.add_argument("--out-json", type=Path, default=None, help="also write the results to this JSON file")
    args = parser.parse_args(argv)

    chosen = settings_for(args.quick)
    if args.repetitions is not None:
        chosen = Settings(chosen.small, chosen.large, max(1, args.repetitions))
    colleges = {shape.label: ensure_college(shape) for shape in (chosen.small, chosen.large)}
    files = {label: len(record_files(path)) for label, path in colleges.items()}

    collegekit = collegekit_executable()
    startup = Benchmark("python -c pass", [sys.executable, "-c", "pass"])
    bare_parse = Benchmark(
        "bare libyaml parse (b)",
        [sys.executable, str(BENCHMARKS / "bare_parse.py"), str(colleges["b"])],
        "b",
        files["b"],
    )
    lint_small, lint_large = (
        Benchmark(
            f"collegekit lint ({label})",
            [collegekit, "lint", "--today", LINT_DAY, "--records", str(colleges[label])],
            label,
            files[label],
            findings_check=[
                collegekit, "lint", "--today", LINT_DAY, "--format", "json", "--records", str(colleges[label])
            ],
        )
        for label in ("a", "b")
    )
    yamllint = yamllint_benchmark(colleges["b"])
    check_jsonschema = check_jsonschema_benchmark(colleges["b"], collegekit)
    tool_ratios = [
        Ratio("lint (b) / yamllint (b)", lint_large, yamllint, LINT_VS_YAMLLINT_TARGET),
        Ratio("lint (b) / check-jsonschema (b)", lint_large, check_jsonschema, LINT_VS_CHECK_JSONSCHEMA_TARGET),
    ]
    changed_copy: ChangedCopy | None = None
    unprepared: str | None = None
    if args.only_tools:
        unprepared = "not run (--only-tools)"
    else:
        try:
            changed_copy = prepare_changed_copy(chosen.large, colleges["b"])
        except (PreparationError, OSError) as error:
            unprepared = f"the git copy of college (b) could not be prepared: {error}"
    changed_root = str(changed_copy.root if changed_copy else OUT / f"git-{colleges['b'].name}")
    lint_changed = Benchmark(
        "collegekit lint --changed (b)",
        [collegekit, "lint", "--changed", "--today", LINT_DAY, "--records", changed_root],
        "b",
        files["b"],
        findings_check=[
            collegekit, "lint", "--changed", "--today", LINT_DAY, "--format", "json", "--records", changed_root
        ],
        unavailable=unprepared,
    )
    if args.only_tools:
        benchmarks, ratios = [lint_large, yamllint, check_jsonschema], tool_ratios
    else:
        benchmarks = [startup, lint_small, bare_parse, lint_large, lint_changed, yamllint, check_jsonschema]
        ratios = [
            Ratio("lint (a) / python -c pass", lint_small, startup, LINT_VS_STARTUP_TARGET),
            Ratio("lint (b) / bare libyaml parse (b)", lint_large, bare_parse, LINT_VS_PARSE_TARGET),
            Ratio("lint --changed (b) / python -c pass", lint_changed, startup, LINT_CHANGED_VS_STARTUP_TARGET),
            *tool_ratios,
        ]

    with tempfile.TemporaryDirectory(prefix="collegekit-bench-") as scratch:
        measure(benchmarks, chosen.repetitions, Path(scratch))
    print_report(chosen, colleges, changed_copy, benchmarks, ratios)
    if args.out_json is not None:
        args.out_json.write_text(
            json.dumps(report_json(chosen, colleges, changed_copy, benchmarks, ratios), indent=2, ensure_ascii=False)
            + "\n",
            encoding="utf-8",
        )
    failed = any(benchmark.unavailable or benchmark.warning for benchmark in benchmarks)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
