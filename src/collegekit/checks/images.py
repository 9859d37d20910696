"""Images: a record's prose may show files of the records, nothing else.

The rule itself lives in `collegekit.images`, which rendering obeys too: what
this check reports is exactly what a document leaves out.
"""

from __future__ import annotations

from collections.abc import Iterator

from collegekit import images
from collegekit.checks import CheckContext, Finding, body_location, check
from collegekit.diagnostics import Severity


@check(
    "image-not-allowed",
    "security",
    Severity.ERROR,
    "Une image d'une séance ou d'un plan n'est pas un fichier du dossier des dossiers (adresse web, "
    "chemin absolu, lien vers l'extérieur, fichier introuvable) : elle ne sera pas dans les documents.",
    reads=("meetings", "plans"),
    precise=True,
)
def image_not_allowed(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    for meeting_id, meeting in college.meetings.items():
        path = college.path_of("meetings", meeting_id)
        folder = images.ImageFolder(base=path.parent, root=college.root)
        for target in images.image_targets(meeting.body):
            problem = images.refusal(target, folder)
            if problem:
                location = body_location(path, target)
                yield Finding("meetings", meeting_id, (), problem, images.HINT, location=location)
    for plan_id, plan in college.plans.items():
        folder = images.ImageFolder(base=college.path_of("plans", plan_id).parent, root=college.root)
        for key_path, text in plan.prose():
            for target in images.image_targets(text):
                problem = images.refusal(target, folder)
                if problem:
                    yield Finding("plans", plan_id, key_path, problem, images.HINT)
        for key_path, image in plan.images_with_paths():
            problem = images.refusal(image.file, folder)
            if problem:
                yield Finding("plans", plan_id, (*key_path, "file"), problem, images.FILE_HINT)
