"""What can stop a rendering, each with its exit code and a French message.

- 2 (usage or environment): an unknown meeting, member or plan; a template or
  reference document that cannot be found or opened; pandoc failing; a
  folder of the output folder that leads out of it.
- 1 (a problem in the college's own files): a template with a syntax error,
  an undefined variable or a forbidden access; documents that differ from a
  fresh render (`render all --check`).
"""

from __future__ import annotations

import os
from pathlib import Path

from collegekit.diagnostics import CollegekitError


class RenderError(CollegekitError):
    exit_code = 2


class UnknownRecordError(RenderError):
    exit_code = 2


class TemplateMissingError(RenderError):
    exit_code = 2


class TemplateError(RenderError):
    """A template of the college (or of collegekit) fails while rendering."""

    exit_code = 1


class TemplateOutsideError(RenderError):
    """A template, or the college's templates folder, is a link leading out of where templates live."""

    exit_code = 2


class ReferenceDocumentError(RenderError):
    exit_code = 2


class PandocError(RenderError):
    exit_code = 2

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail  # what pandoc itself said, if it ran


class OutsideOutputError(RenderError):
    """A folder inside the output folder is a symbolic link leading out of it."""

    exit_code = 2


def shown(path: Path | str) -> str:
    """A path as the user will recognise it: relative when below the current folder."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()
