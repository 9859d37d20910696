"""The files that bring collegekit into a college's own repository: the
pre-commit hook manifest at the root of collegekit's repository, and the
ready-to-copy CI files shipped in the package (collegekit/ci/)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from collegekit import __version__, ci
from tests.conftest import TESTS

ROOT = TESTS.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
CI_FILES = ("github-actions.yml", "gitlab-ci.yml", "pre-commit-config.yaml")


def ci_text(name: str) -> str:
    # As `collegekit init` writes it: the shipped file, pointing at this release.
    return ci.files()[name]


def load_yaml(text: str) -> Any:
    # YAML 1.2, as GitHub and GitLab read it: `on` is a key, not `true`.
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return yaml.load(text)


def pre_commit(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
        check=False,
    )


# --- The hook manifest ------------------------------------------------------


def test_manifest_is_valid_for_pre_commit(tmp_path: Path) -> None:
    result = pre_commit("validate-manifest", str(MANIFEST), tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_runs_lint_once_on_the_records() -> None:
    (hook,) = load_yaml(MANIFEST.read_text(encoding="utf-8"))
    assert hook["id"] == "collegekit-lint"
    assert hook["language"] == "python"
    assert hook["entry"] == "collegekit lint --changed"
    assert hook["pass_filenames"] is False
    assert_records_pattern(hook["files"])


def assert_records_pattern(pattern: str) -> None:
    files_pattern = re.compile(pattern)
    for path in (
        "records/college.yaml",
        "records/members/cmoreau.yaml",
        "records/members/cpetit.yml",
        "records/meetings/2025-03-18-pleniere.md",
        "records/plans/2025-work.yaml",
    ):
        assert files_pattern.search(path), path
    for path in ("README.md", "docs/records/x.md", "records/meetings/diaporama.pdf", "schemas/member.schema.json"):
        assert not files_pattern.search(path), path


# --- The ready-to-copy CI files ---------------------------------------------


def test_the_address_and_the_release_come_from_the_package_metadata() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert ci.source() == ci.Source(pyproject["project"]["urls"]["Repository"], f"v{__version__}")


@pytest.mark.parametrize("name", CI_FILES)
def test_ci_file_is_shipped_and_parses(name: str) -> None:
    shipped = files("collegekit").joinpath("ci", name).read_text(encoding="utf-8")
    assert "<collegekit-" in shipped  # filled in by ci.files, from the metadata
    text = ci_text(name)
    assert "<collegekit-" not in text
    assert isinstance(load_yaml(text), dict)
    assert text.endswith("\n") and "\t" not in text
    # Their comments are for the bureau: in French.
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    assert any(comment.startswith("# À copier") for comment in comments)


def test_github_workflow_lints_pull_requests_with_the_action() -> None:
    workflow = load_yaml(ci_text("github-actions.yml"))
    assert "pull_request" in workflow["on"]
    steps = workflow["jobs"]["lint"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert uses[0].startswith("actions/checkout@")
    # The action (action.yml at the root of collegekit's repository) installs
    # collegekit and lints: tests/test_ci_templates.py runs its steps.
    source = ci.source()
    assert uses[-1] == f"{source.github}@{source.ref}"
    assert source.repository == f"https://github.com/{source.github}"
    assert steps[-1]["with"] == {"command": "lint"}
    assert workflow["permissions"] == {"contents": "read"}


def test_gitlab_pipeline_includes_the_template_at_a_version() -> None:
    pipeline = load_yaml(ci_text("gitlab-ci.yml"))
    (include,) = pipeline["include"]
    source = ci.source()
    assert pipeline["variables"]["COLLEGEKIT_VERSION"] == source.ref
    assert pipeline["variables"]["COLLEGEKIT_REPOSITORY"] == source.repository
    assert include["remote"] == f"https://raw.githubusercontent.com/{source.github}/{source.ref}/ci/collegekit.gitlab-ci.yml"
    assert (ROOT / ci.GITLAB_TEMPLATE).is_file()
    # The template's jobs: tests/test_ci_templates.py runs their scripts.
    template = load_yaml((ROOT / "ci" / "collegekit.gitlab-ci.yml").read_text(encoding="utf-8"))
    assert {"collegekit-lint", "pages"} <= set(template)


def test_pre_commit_config_is_valid(tmp_path: Path) -> None:
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(ci_text("pre-commit-config.yaml"), encoding="utf-8")
    result = pre_commit("validate-config", str(config), tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (repo,) = load_yaml(config.read_text(encoding="utf-8"))["repos"]
    # collegekit's own repository at this release: its hook is the manifest's.
    assert (repo["repo"], repo["rev"]) == (ci.source().repository, ci.source().ref)
    (manifest_hook,) = load_yaml(MANIFEST.read_text(encoding="utf-8"))
    assert repo["hooks"] == [{"id": manifest_hook["id"]}]
    assert "additional_dependencies" not in str(config.read_text(encoding="utf-8"))


def test_a_repository_elsewhere_gets_its_own_addresses() -> None:
    source = ci.Source("https://gitlab.example.fr/ars/collegekit.git", "v2.0.0")
    pipeline = load_yaml(ci.files(source)["gitlab-ci.yml"])
    assert pipeline["include"] == [{"remote": "https://gitlab.example.fr/ars/collegekit/-/raw/v2.0.0/ci/collegekit.gitlab-ci.yml"}]
    assert pipeline["variables"]["COLLEGEKIT_REPOSITORY"] == "https://gitlab.example.fr/ars/collegekit.git"
