"""The start-up path stays light: `collegekit --help` must not pay for the
record models, the YAML parser or the document toolchain. A structural test
(what gets imported), not a timing."""

from __future__ import annotations

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
