"""The files that bring collegekit into a college's repository: its CI
(GitHub Actions, GitLab CI) and its pre-commit hook.

They install collegekit from its own git repository at a pinned release: the
repository's address and the release come from one place, collegekit's
package metadata (`[project.urls] Repository` in pyproject.toml, and the
version: release `X.Y.Z` is the tag `vX.Y.Z`). The shipped files hold
placeholders (`<collegekit-repository>`...) that `files()` fills in.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files as package_files
from urllib.parse import urlsplit

# The file of collegekit's repository that a college's .gitlab-ci.yml includes.
GITLAB_TEMPLATE = "ci/collegekit.gitlab-ci.yml"
FILES = ("github-actions.yml", "gitlab-ci.yml", "pre-commit-config.yaml")


@dataclass(frozen=True)
class Source:
    """Where a college's CI installs collegekit from."""

    repository: str  # https://github.com/owner/collegekit
    ref: str  # a tag (v0.1.0) or a commit

    @property
    def github(self) -> str:
        """owner/name, as a workflow's `uses:` names the action."""
        return urlsplit(self.repository).path.strip("/").removesuffix(".git")

    def raw(self, path: str) -> str:
        """A file of the repository at `ref`, as GitLab's `include: remote` reads it."""
        parts = urlsplit(self.repository)
        if parts.netloc == "github.com":
            return f"https://raw.githubusercontent.com/{self.github}/{self.ref}/{path}"
        return f"{self.repository.removesuffix('.git')}/-/raw/{self.ref}/{path}"  # GitLab and its kin


def source() -> Source:
    """collegekit's repository and this version's release tag, from the package metadata."""
    from importlib.metadata import metadata

    from collegekit import __version__

    urls = dict(
        entry.split(", ", 1) for entry in metadata("collegekit").get_all("Project-URL") or () if ", " in entry
    )
    return Source(urls["Repository"], f"v{__version__}")


def files(where: Source | None = None) -> dict[str, str]:
    """The shipped CI files, by name, pointing at `where` (by default, this release)."""
    where = where or source()
    values = {
        "<collegekit-repository>": where.repository,
        "<collegekit-action>": f"{where.github}@{where.ref}",
        "<collegekit-ref>": where.ref,
        "<collegekit-gitlab-template>": where.raw(GITLAB_TEMPLATE),
    }
    found = {}
    for name in FILES:
        text = package_files("collegekit.ci").joinpath(name).read_text(encoding="utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        found[name] = text
    return found
