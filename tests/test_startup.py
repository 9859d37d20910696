"""The start-up path stays light: `collegekit --help` must not pay for the
record models, the YAML parser or the document toolchain. A structural test
(what gets imported), not a timing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "pydantic", "ruamel", "jinja2", "babel", "pypandoc", "matplotlib", "openpyxl", "icalendar", "holidays", "rich",
)
# Typer itself uses pydantic to convert some option types when it builds a
# command's help; everything else stays out of the help of every command.
HEAVY_FOR_HELP = HEAVY
# The only library modules the help may load: the command line's --kind
# choices and help words come from them, and they import nothing of the above.
LIGHT_LIBRARY = ("collegekit.french", "collegekit.models", "collegekit.models.labels", "collegekit.models.plan_kind")


def test_cli_module_imports_nothing_heavy() -> None:
    probe = (
        "import sys, collegekit.cli; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_version_imports_no_command_line_library() -> None:
    probe = (
        "import sys; sys.argv = ['collegekit', '--version']; from collegekit.cli import main; main(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'collegekit'}))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    from collegekit import __version__

    assert output.splitlines() == [f"collegekit {__version__}", "['collegekit']"]


def test_help_of_every_command_imports_nothing_heavy() -> None:
    probe = f"""
import sys
from typer.testing import CliRunner
from collegekit.cli import app
import typer.main

command = typer.main.get_command(app)
paths = []
for name, sub in command.commands.items():
    paths.append([name])
    for child in getattr(sub, "commands", {{}}):
        paths.append([name, child])
runner = CliRunner()
for path in paths + [[]]:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, (path, result.output)
assert runner.invoke(app, ["--version"]).exit_code == 0
heavy = {{m.split(".")[0] for m in sys.modules}} & set({HEAVY_FOR_HELP!r})
library = {{m for m in sys.modules if m.startswith("collegekit.") and not m.startswith("collegekit.cli")}}
library -= set({LIGHT_LIBRARY!r})
print(len(paths), sorted(heavy | library))
"""
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    count, heavy = output.split(" ", 1)
    assert int(count) >= 10
    assert heavy.strip() == "[]"


def test_an_unwritable_place_is_a_french_message_not_a_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import EXAMPLE_RECORDS

    # No folder can be made in /proc, not even by root; the output checks
    # (files.check_output_file) see nothing wrong beforehand.
    target = Path("/proc/collegekit-test")
    completed = subprocess.run(
        [sys.executable, "-m", "collegekit", "export", "ics", "--records", str(EXAMPLE_RECORDS), "--out", str(target / "x.ics")],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 2
    assert "opération impossible" in completed.stderr and "Traceback" not in completed.stderr


@pytest.mark.parametrize(
    "arguments",
    [["--help"], [], ["lint", "--help"], ["render", "--help"], ["render", "minutes", "--help"], ["lnt"], ["--vers"]],
)
def test_only_the_commands_needed_are_built_and_nothing_shows(arguments: list[str]) -> None:
    from typer.testing import CliRunner

    from collegekit.cli import app
    from collegekit.cli.commands import application_for

    pruned = application_for(arguments)
    assert CliRunner().invoke(pruned, arguments).output == CliRunner().invoke(app, arguments).output
    if arguments[:1] == ["lint"]:
        assert [command.name for command in pruned.registered_commands] == ["lint"]
        assert pruned.registered_groups == []


def test_a_command_imports_only_its_own_module() -> None:
    probe = (
        "import sys; sys.argv = ['collegekit', 'lint', '--help']\n"
        "from collegekit.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('collegekit.cli.')), file=sys.stderr)\n"
    )
    listed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stderr
    assert listed.strip() == "['collegekit.cli.commands', 'collegekit.cli.common', 'collegekit.cli.lint', 'collegekit.cli.usage']"


# What a command imports once its records come from the cache (issue 17):
# lint and render read no YAML and parse no Markdown body, and nothing of the
# other commands' toolchains comes along.
NOT_FOR_LINT = (
    "ruamel.yaml", "markdown_it", "jinja2", "babel", "pypandoc", "matplotlib", "openpyxl", "icalendar", "multiprocessing",
    "rich", "typst", "pypdf",
)
NOT_FOR_RENDER = ("ruamel.yaml", "markdown_it", "matplotlib", "openpyxl", "icalendar", "multiprocessing", "typst", "pypdf")


def _imported_by(arguments: list[str], watched: tuple[str, ...]) -> tuple[int, list[str]]:
    probe = (
        f"import sys; sys.argv = ['collegekit', *{arguments!r}]\n"
        "from collegekit.cli import main\n"
        "code = 0\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    code = stop.code or 0\n"
        "import json\n"
        # ruamel is a namespace package, which looking for ruamel.yaml's files imports: the parser is ruamel.yaml.
        "names = {'ruamel.yaml' if m.startswith('ruamel.yaml') else m if m.startswith('collegekit.') "
        "else m.split('.')[0] for m in sys.modules}\n"
        f"print(code, json.dumps(sorted(names & set({watched!r}))), file=sys.stderr)\n"
    )
    environment = {key: value for key, value in os.environ.items() if key != "COLLEGEKIT_NO_CACHE"}
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environment)
    code, imported = completed.stderr.strip().splitlines()[-1].split(" ", 1)
    return int(code), json.loads(imported)


@pytest.fixture
def warm_records(tmp_path: Path) -> Path:
    from tests.conftest import EXAMPLE_RECORDS

    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records, ignore=shutil.ignore_patterns(".collegekit-cache"))
    code, _ = _imported_by(["lint", "--records", str(records), "--today", "2026-11-25"], ())
    assert code in (0, 1)
    assert (records / ".collegekit-cache").is_dir()
    return records


def test_lint_of_an_unchanged_college_imports_no_record_model(warm_records: Path) -> None:
    """lint's last result comes back: no record is loaded, no check run."""
    code, imported = _imported_by(["lint", "--records", str(warm_records), "--today", "2026-11-25"],
                                  (*NOT_FOR_LINT, "collegekit.records", "collegekit.checks", "collegekit.models.meeting"))
    assert code in (0, 1)
    assert imported == []


def test_lint_from_the_cache_imports_neither_parser_nor_documents(warm_records: Path) -> None:
    # Another day: linted again, every record read from the cache.
    code, imported = _imported_by(["lint", "--records", str(warm_records), "--today", "2026-11-26"],
                                  (*NOT_FOR_LINT, "collegekit.checks"))
    assert code in (0, 1)
    assert imported == ["collegekit.checks"]
    # The same lint without the cache reads YAML: the probe sees the parser.
    _, without = _imported_by(["--no-cache", "lint", "--records", str(warm_records), "--today", "2026-11-25"],
                              ("ruamel.yaml", "markdown_it"))
    assert without == ["markdown_it", "ruamel.yaml"]


def test_render_from_the_cache_imports_only_the_document_toolchain(warm_records: Path, tmp_path: Path) -> None:
    meeting = sorted(path.stem for path in (warm_records / "meetings").glob("*.md"))[-1]
    arguments = ["render", "minutes", meeting, "--format", "docx", "--records", str(warm_records),
                 "--out", str(tmp_path / "build")]
    code, imported = _imported_by(arguments, (*NOT_FOR_RENDER, "jinja2", "pypandoc"))
    assert code == 0
    assert imported == ["jinja2", "pypandoc"]
