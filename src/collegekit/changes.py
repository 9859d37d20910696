"""Which records a git change touches.

`collegekit lint --changed` reports the problems of the changed files, and
the findings of the checks that such a change concerns: which ones is derived
from the checks' own declarations (checks.concerned: the record kinds each
reads, the records each finding rests on), not written here. A changed
college.yaml, or a deleted record, concerns everything.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from collegekit.diagnostics import CollegekitError

if TYPE_CHECKING:
    from collegekit.records import College


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
        if base == "HEAD" and _unborn(root):
            # A repository without a commit yet (its first commit, as the
            # pre-commit hook sees it): every file is new.
            listed = _git(root, "ls-files", "-z", "--full-name", "--cached", "--others", "--exclude-standard")
            return {(Path(top) / name).resolve() for name in listed.split("\0") if name}
        raise GitError(
            f"--base « {base} » : cette référence n'existe pas dans le dépôt git de {root} "
            "(une branche, une étiquette ou un commit, par exemple origin/main)."
        ) from None
    # Both listings relative to the top of the repository (ls-files gives
    # paths relative to the folder asked, records/ when it is a subfolder,
    # unless --full-name), NUL-separated so that no name comes quoted.
    listed = _git(root, "diff", "--name-only", "-z", "--no-renames", "--end-of-options", base, "--")
    listed += _git(root, "ls-files", "-z", "--full-name", "--others", "--exclude-standard")
    return {(Path(top) / name).resolve() for name in listed.split("\0") if name}


def _unborn(root: Path) -> bool:
    """HEAD names a branch that has no commit yet."""
    try:
        branch = _git(root, "symbolic-ref", "--quiet", "HEAD").strip()
    except GitError:
        return False  # a detached HEAD is a commit
    try:
        _git(root, "rev-parse", "--verify", "--quiet", branch)
    except GitError:
        return True
    return False


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


def changed_records(college: College, changed: Iterable[Path]) -> frozenset[str] | None:
    """The records (keys « members/amartin », « college ») among changed
    files, or None when the change concerns every record: college.yaml (the
    rules), or a record deleted (every reference to it)."""
    # Here: asking git what changed needs neither the checks nor the models.
    from collegekit.checks import record_key
    from collegekit.records import RECORD_KINDS
    from collegekit.records_folder import COLLEGE_FILE

    folders = {kind.folder for kind in RECORD_KINDS}
    root = college.root.resolve()
    inside = [path.resolve() for path in changed if path.resolve().is_relative_to(root)]
    if any(path == (root / COLLEGE_FILE).resolve() or not path.exists() for path in inside):
        return None
    keys = set()
    for path in inside:
        relative = path.relative_to(root)
        # A record that could not be loaded has no entry in college.paths: its key from its place.
        if len(relative.parts) == 2 and relative.parts[0] in folders:
            keys.add(record_key(relative.parts[0], path.stem))
    return frozenset(keys)
