from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collegekit.cli import app

TESTS = Path(__file__).parent
CASES = TESTS / "cases"
BASE_RECORDS = CASES / "_base" / "records"
EXAMPLE_RECORDS = TESTS.parent / "records"


@pytest.fixture
def college_dir(tmp_path: Path) -> Path:
    """A copy of the small valid college the cases build on; cwd is its parent."""
    shutil.copytree(BASE_RECORDS, tmp_path / "records")
    return tmp_path / "records"


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output
