"""`collegekit draft`: the agenda of a meeting as a Word document laid out for
note-taking (parts and items as real headings, their speakers and material,
empty bullets under each item, one example of each label, the convened
members as a table to tick), through the same pipeline as every document: a
Jinja template a college can override (`draft.md.j2`), then pandoc with the
reference document. `collegekit import-minutes` reads it back
(collegekit.minutes.import_minutes).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from collegekit.records import College

# The title of the draft's guide to the labels: import-minutes leaves it out.
DRAFT_GUIDE_HEADING = "Comment prendre les notes"


def guide_labels() -> dict[str, str]:
    """The label of each kind of point, as the draft's guide shows it."""
    from collegekit.minutes import labels
    from collegekit.models.meeting import PointKind

    shown = {kind.value: labels.POINT_LABELS[kind][0] for kind in PointKind if kind is not PointKind.INFORMATION}
    return {**shown, "action": labels.ACTION_LABEL}


def draft(college: College, meeting_id: str) -> tuple[PurePosixPath, bytes]:
    """The note-taking draft of a meeting as Word bytes, with its default path
    (relative to the output folder). Same records, same bytes."""
    from collegekit.render import documents
    from collegekit.render.build import Renderer

    document = documents.draft(college, meeting_id)
    renderer = Renderer(college)
    return document.output.with_suffix(".docx"), renderer.docx(document, renderer.markdown(document))
