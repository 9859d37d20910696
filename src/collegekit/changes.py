"""Which records a git change touches, and which others depend on them.

`collegekit lint --changed` reports on these only: the records of the change
and every record whose checks read them (a changed member re-checks the
meetings and plans that cite them, a changed meeting the plans linking to it,
a changed college.yaml everything).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from collegekit.diagnostics import CollegekitError
from collegekit.records import COLLEGE_FILE, College


class GitError(CollegekitError):
    pass


def changed_files(root: Path, base: str = "HEAD") -> set[Path]:
    """Files that differ from `base` (committed since, staged, or not yet
    staged) or are new and not ignored, as absolute paths."""
    # A reference that git could take for an option (--output=FILE writes a
    # file) is refused; --end-of-options says the same to git itself.
    if not base or base.startswith("-"):
        raise GitError(f"--base « {base} » n'est pas une référence git : indiquez par exemple --base origin/main.")
    top = _git(root, "rev-parse", "--show-toplevel").strip()
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}")
    except GitError:
        raise GitError(
            f"--base « {base} » : cette référence n'existe pas dans le dépôt git de {root} "
            "(une branche, une étiquette ou un commit, par exemple origin/main)."
        ) from None
    listed = _git(root, "diff", "--name-only", "--no-renames", "--end-of-options", base, "--")
    listed += _git(root, "ls-files", "--others", "--exclude-standard")
    return {(Path(top) / line).resolve() for line in listed.splitlines() if line}


def _git(root: Path, *arguments: str) -> str:
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), *arguments], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git est introuvable : --changed a besoin de git pour savoir ce qui a changé.") from None
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else ""
        raise GitError(
            f"git ne peut pas dire ce qui a changé dans {root} ({detail}). "
            "Le dossier est-il dans un dépôt git, et la référence --base existe-t-elle ?"
        )
    return completed.stdout


def affected_files(college: College, changed: Iterable[Path]) -> set[Path] | None:
    """The record files to report on, or None for all of them."""
    root = college.root.resolve()
    affected = {path.resolve() for path in changed if path.resolve().is_relative_to(root)}
    college_file = (root / COLLEGE_FILE).resolve()
    # A changed college.yaml changes the rules, a deleted record every
    # reference to it: all records are concerned.
    if college_file in affected or any(not path.exists() for path in affected):
        return None
    by_path = {path.resolve(): key for key, path in college.paths.items()}
    changed_keys = {by_path[path] for path in affected if path in by_path}
    members = {key.split("/", 1)[1] for key in changed_keys if key.startswith("members/")}
    meetings = {key.split("/", 1)[1] for key in changed_keys if key.startswith("meetings/")}
    if members:
        # Attendance depends on who was a member on each date: a changed
        # membership can make any meeting incomplete.
        affected |= {college.path_of("meetings", m).resolve() for m in college.meetings}
        for plan_id, plan in college.plans.items():
            if any({a.owner, *a.contributors} & members for a in plan.actions):
                affected.add(college.path_of("plans", plan_id).resolve())
        affected |= {college.path_of("fiches", m).resolve() for m in members if m in college.fiches}
    if meetings:
        for plan_id, plan in college.plans.items():
            if any(set(a.meetings) & meetings for a in plan.actions):
                affected.add(college.path_of("plans", plan_id).resolve())
    fiches = {key.split("/", 1)[1] for key in changed_keys if key.startswith("fiches/")}
    affected |= {college.path_of("members", m).resolve() for m in fiches if m in college.members}
    if any(key.startswith(("meetings/", "plans/")) for key in changed_keys):
        # Yearly counts (meetings held, plans presented) are reported on college.yaml.
        affected.add(college_file)
    return affected
