"""The CI templates of collegekit's own repository, run as the forges run them:
the composite action (action.yml) and the GitLab template
(ci/collegekit.gitlab-ci.yml) install collegekit from a fresh clone of this
repository at a commit, then lint a college's records and build its site.

The steps' commands are taken from the files and run with bash, in the
environment the forge gives them (GITHUB_ACTION_PATH, GITHUB_STEP_SUMMARY,
GitLab's variables). pip installs the clone without reaching an index
(PIP_NO_INDEX, PIP_NO_DEPS): the dependencies come from the test's own
environment, through a .pth file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from collegekit import __version__, ci
from tests.conftest import BASE_RECORDS, EXAMPLE_RECORDS, TESTS
from tests.test_ci_files import ci_text, load_yaml

ROOT = TESTS.parent
TAG = f"v{__version__}"
EXAMPLE_TODAY = "2026-11-25"


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A fresh clone of this repository at the commit being tested."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    target = tmp_path_factory.mktemp("ci") / "collegekit"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "checkout", "--quiet", commit], check=True)
    return target, commit


def _environment(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A new virtual environment whose pip installs from no index, and its PATH."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    purelib = Path(sysconfig.get_paths()["purelib"])  # this environment's packages, collegekit's dependencies
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    (site_packages / "collegekit-test-dependencies.pth").write_text(f"{purelib}\n", encoding="utf-8")
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PIP_NO_INDEX": "1",
        "PIP_NO_DEPS": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # sic: pip reads this one inverted (no isolation)
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "LANG": "C.UTF-8",
    }
    return env, venv


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The shell GitHub gives `shell: bash` steps, and GitLab's bash runner (-e).
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )


def _college(tmp_path: Path, records: Path) -> Path:
    repository = tmp_path / "college"
    shutil.copytree(records, repository / "records")
    return repository


def _broken(tmp_path: Path) -> Path:
    repository = _college(tmp_path, BASE_RECORDS)
    meeting = sorted((repository / "records" / "meetings").glob("*.md"))[0]
    meeting.write_text(meeting.read_text("utf-8").replace("kind: ", "kind: pleniere-", 1), encoding="utf-8")
    return repository


# --- The composite action ----------------------------------------------------


def _action() -> dict[str, Any]:
    return load_yaml((ROOT / "action.yml").read_text(encoding="utf-8"))


def _steps_for(command: str, inputs: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """The `run` steps the action runs for `command`, with their env, inputs substituted."""
    action = _action()
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | {"command": command}
    values |= inputs
    steps = []
    for step in action["runs"]["steps"]:
        if "run" not in step:
            continue
        condition = step.get("if")
        if condition is not None:
            checks = re.findall(r"inputs\.command (==|!=) '(\w+)'", condition)
            if not all((values["command"] == value) == (operator == "==") for operator, value in checks):
                continue
        env = {
            key: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda match: values[match[1]], str(value))
            for key, value in step.get("env", {}).items()
        }
        steps.append((step["run"], env))
    return steps


def test_action_is_composite_and_installs_from_its_own_checkout() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert all(step.get("shell") == "bash" for step in action["runs"]["steps"] if "run" in step)
    (install,) = [step for step in action["runs"]["steps"] if step.get("name") == "Installer collegekit"]
    assert "$GITHUB_ACTION_PATH" in install["run"] and "pip install" in install["run"]
    assert set(action["inputs"]) >= {"command", "records", "out", "arguments"}


def _run_action(
    command: str, repository: Path, clone: Path, tmp_path: Path, inputs: dict[str, str]
) -> tuple[list[subprocess.CompletedProcess[str]], Path]:
    env, _ = _environment(tmp_path)
    summary = tmp_path / "summary.md"
    env |= {"GITHUB_ACTION_PATH": str(clone), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(repository)}
    results = []
    for script, step_env in _steps_for(command, inputs):
        result = _bash(script, repository, env | step_env)
        results.append(result)
        if result.returncode != 0:
            break
    return results, summary


def test_action_lint_annotates_summarises_and_fails_on_errors(clone: tuple[Path, str], tmp_path: Path) -> None:
    repository = _broken(tmp_path)
    results, summary = _run_action("lint", repository, clone[0], tmp_path, {})
    install, lint = results
    assert install.returncode == 0, install.stderr
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert re.search(r"^::error file=records/meetings/[^,]+,line=\d+", lint.stdout, re.MULTILINE), lint.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Vérification des dossiers (collegekit lint)")
    assert "records/meetings/" in text and "::error" not in text


def test_action_builds_the_site(clone: tuple[Path, str], tmp_path: Path) -> None:
    repository = _college(tmp_path, EXAMPLE_RECORDS)
    results, summary = _run_action(
        "site", repository, clone[0], tmp_path, {"out": "public", "arguments": f"--today {EXAMPLE_TODAY}"}
    )
    assert [result.returncode for result in results] == [0, 0], results[-1].stderr
    assert (repository / "public" / "index.html").is_file()
    assert (repository / "public" / "pagefind" / "pagefind.js").is_file()
    assert "Site du collège construit dans public/." in summary.read_text(encoding="utf-8")


def test_action_refuses_an_unknown_command(tmp_path: Path) -> None:
    steps = _steps_for("publish", {})
    assert [script for script, _ in steps if "exit 2" in script]
    script, env = steps[-1]
    result = _bash(script, tmp_path, {"PATH": "/usr/bin:/bin", **env})
    assert result.returncode == 2 and "inconnue" in result.stdout


# --- The GitLab template ------------------------------------------------------


def _template() -> dict[str, Any]:
    return load_yaml((ROOT / "ci" / "collegekit.gitlab-ci.yml").read_text(encoding="utf-8"))


def _script(job: dict[str, Any], template: dict[str, Any]) -> str:
    base = template[job["extends"]] if "extends" in job else {}
    return "\n".join([*base.get("before_script", []), *job["script"]])


def _gitlab_variables(template: dict[str, Any], clone: Path, commit: str) -> dict[str, str]:
    """The template's variables, then those of the .gitlab-ci.yml `init` writes
    (GitLab lets the including file's win), pointing at the clone."""
    college = load_yaml(ci.files(ci.Source(f"file://{clone}", commit))["gitlab-ci.yml"])
    return {key: str(value) for key, value in (template["variables"] | college["variables"]).items()}


def test_gitlab_template_publishes_the_site_after_lint_on_the_default_branch() -> None:
    template = _template()
    lint, pages = template["collegekit-lint"], template["pages"]
    assert pages["needs"] == ["collegekit-lint"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    # The previous pipeline's site is kept: its unchanged downloads are reused.
    assert pages["cache"] == {"key": "collegekit-site-$CI_COMMIT_REF_SLUG", "paths": ["public"]}
    assert lint["artifacts"] == {"when": "always", "reports": {"codequality": "gl-code-quality-report.json"}}
    # Where collegekit comes from is said by the file that includes the template.
    assert not {"COLLEGEKIT_REPOSITORY", "COLLEGEKIT_VERSION"} & set(template["variables"])


def test_gitlab_template_stops_when_not_told_where_collegekit_is(tmp_path: Path) -> None:
    template = _template()
    variables = {key: str(value) for key, value in template["variables"].items()}
    result = _bash(_script(template["pages"], template), tmp_path, {"PATH": "/usr/bin:/bin", **variables})
    assert result.returncode == 2
    assert "indiquez COLLEGEKIT_REPOSITORY et COLLEGEKIT_VERSION" in result.stdout


def test_gitlab_lint_job_reports_and_fails_on_errors(clone: tuple[Path, str], tmp_path: Path) -> None:
    template = _template()
    repository = _broken(tmp_path)
    env, _ = _environment(tmp_path)
    result = _bash(_script(template["collegekit-lint"], template), repository,
                   env | _gitlab_variables(template, *clone) | {"CI_PROJECT_DIR": str(repository)})
    assert result.returncode == 1, result.stdout + result.stderr
    report = (repository / "gl-code-quality-report.json").read_text(encoding="utf-8")
    assert '"path": "records/meetings/' in report
    assert "erreur" in result.stdout  # the readable report, in the job's log


def test_gitlab_pages_job_builds_the_site(clone: tuple[Path, str], tmp_path: Path) -> None:
    template = _template()
    repository = _college(tmp_path, EXAMPLE_RECORDS)
    env, _ = _environment(tmp_path)
    variables = _gitlab_variables(template, *clone) | {"COLLEGEKIT_SITE_OPTIONS": f"--today {EXAMPLE_TODAY}"}
    result = _bash(_script(template["pages"], template), repository, env | variables)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (repository / "public" / "index.html").is_file()
    # The next pipeline finds this site in its cache: nothing to make again.
    again = _bash(_script(template["pages"], template), repository, env | variables)
    assert again.returncode == 0, again.stdout + again.stderr
    assert " 0 écrit, " in again.stdout


# --- What a college copies ------------------------------------------------------


def test_the_files_a_college_copies_use_the_templates_at_this_version() -> None:
    source = ci.source()
    assert source.ref == TAG
    workflow = load_yaml(ci_text("github-actions.yml"))
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert [use for use in uses if not use.startswith("actions/")] == [f"{source.github}@{TAG}"] * 2
    site = workflow["jobs"]["site"]
    assert site["needs"] == "lint"
    assert "refs/heads/main" in site["if"]
    assert site["permissions"]["pages"] == "write"
    # The previous push's site is restored where the site is built: unchanged
    # downloads are reused (the gitlab pages job does the same, and runs twice).
    restore = next(step for step in site["steps"] if step.get("uses", "").startswith("actions/cache@"))
    build = next(step for step in site["steps"] if step.get("with", {}).get("command") == "site")
    assert site["steps"].index(restore) < site["steps"].index(build)
    assert restore["with"]["path"] == build["with"]["out"] == "public"
    assert restore["with"]["restore-keys"] == "collegekit-site-"
    assert [use.split("@")[0] for use in uses if use.startswith("actions/")][-2:] == [
        "actions/upload-pages-artifact", "actions/deploy-pages"
    ]
    pipeline = load_yaml(ci_text("gitlab-ci.yml"))
    (include,) = pipeline["include"]
    assert include["remote"].endswith(f"/{TAG}/{ci.GITLAB_TEMPLATE}")
    assert pipeline["variables"]["COLLEGEKIT_VERSION"] == TAG
    assert os.path.isfile(ROOT / ci.GITLAB_TEMPLATE)


# --- The pre-commit hook ----------------------------------------------------------


def test_pre_commit_installs_the_hook_from_the_repository_and_stops_a_commit_with_errors(
    clone: tuple[Path, str], tmp_path: Path
) -> None:
    """pre-commit clones collegekit at the config's rev and installs it in an
    environment of its own (its dependencies, which a package index has, come
    from the test's environment here: no network)."""
    repository = _broken(tmp_path)
    config = ci.files(ci.Source(f"file://{clone[0]}", clone[1]))["pre-commit-config.yaml"]
    (repository / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env, _ = _environment(tmp_path)
    env |= {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    env.pop("PIP_NO_DEPS")
    git = ["git", "-c", "user.name=Bureau", "-c", "user.email=bureau@example.fr"]
    subprocess.run([*git, "init", "--quiet"], cwd=repository, check=True, env=env)
    subprocess.run([*git, "add", "."], cwd=repository, check=True, env=env)
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    result = subprocess.run(run, cwd=repository, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "collegekit lint" in result.stdout and "Failed" in result.stdout
    assert re.search(r"records/meetings/[\w-]+\.md:\d+:\d+: erreur", result.stdout), result.stdout
    # The record put right, the hook (its environment kept) no longer reports
    # it. (It still stops on what the small college lacks as of today, the
    # clock's day: its meetings are of 2024.)
    meeting = sorted((repository / "records" / "meetings").glob("*.md"))[0]
    meeting.write_text(meeting.read_text("utf-8").replace("kind: pleniere-", "kind: ", 1), encoding="utf-8")
    result = subprocess.run(run, cwd=repository, env=env, capture_output=True, text=True, check=False)
    assert "Installing environment" not in result.stdout
    assert "collegekit lint" in result.stdout and "records/meetings/" not in result.stdout, result.stdout
