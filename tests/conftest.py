from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from collegekit.cli import app

# The suite runs without the cache of validated records, so that every test
# reads its records afresh and leaves no folder beside them; tests/test_cache.py
# turns it on and checks that it changes nothing.
os.environ["COLLEGEKIT_NO_CACHE"] = "1"

# No property has a deadline: timings are measured by the benchmarks, never
# asserted in tests, on machines shared and noisy.
settings.register_profile("collegekit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("collegekit")

TESTS = Path(__file__).parent
CASES = TESTS / "cases"
BASE_RECORDS = CASES / "_base" / "records"
EXAMPLE_RECORDS = TESTS.parent / "records"


@pytest.fixture(autouse=True, scope="session")
def user_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The key that signs the cache (collegekit.cache.key) is the user's,
    kept in their cache folder: the suite's own, not the machine's."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture
def college_dir(tmp_path: Path) -> Path:
    """A copy of the small valid college the cases build on; cwd is its parent."""
    shutil.copytree(BASE_RECORDS, tmp_path / "records")
    return tmp_path / "records"


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


# --- Sites built once for the session ----------------------------------------
# Building a site runs pandoc on every document: the page tests
# (test_site.py) and the browser and axe tests (test_site_browser.py) share
# these, and none of them writes into them (a test that changes a site works
# on its own copy).

EXAMPLE_TODAY = "2026-11-25"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example college's site, as `collegekit site` writes it."""
    out = tmp_path_factory.mktemp("example-site") / "public"
    exit_code, output = run_cli("site", "--records", str(EXAMPLE_RECORDS), "--out", str(out), "--today", EXAMPLE_TODAY)
    assert exit_code == 0, output
    return out


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the small college with hostile text planted in every field
    (tests/test_document_injection.py); its records are beside it, in ../records."""
    from tests.test_document_injection import TODAY, plant

    records = tmp_path_factory.mktemp("hostile-site") / "records"
    shutil.copytree(BASE_RECORDS, records)
    plant(records)
    out = records.parent / "public"
    exit_code, output = run_cli("site", "--records", str(records), "--out", str(out), "--today", TODAY)
    assert exit_code == 0, output
    return out

