"""Personal data: contact details belong in member files, nowhere else.

Minutes and plans are sent to the agency's management and often beyond; an
e-mail address or a phone number copied into them spreads personal data the
member never agreed to share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from collegekit.checks import CheckContext, Finding, body_location, check
from collegekit.diagnostics import Severity
from collegekit.models.common import texts_with_paths

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# French numbers, national or international form: 04 91 00 00 00, 04.91.00.00.00, +33 4 91 00 00 00.
PHONE = re.compile(r"(?<![\w+])(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")


def _contact_in(text: str) -> re.Match[str] | None:
    # Looking for "@" first spares the e-mail pattern's slow scan of every word
    # of every text (a fifth of the time of all the checks).
    return ("@" in text and EMAIL.search(text)) or PHONE.search(text)


def _describe(match: re.Match[str]) -> str:
    kind = "une adresse électronique" if "@" in match.group() else "un numéro de téléphone"
    return f"{kind} (« {match.group()} ») figure dans un texte destiné à être diffusé"


HINT = "Les coordonnées n'ont leur place que dans le bloc « contact » d'un fichier de membre : retirez-les d'ici."


@check(
    "personal-data",
    "personal-data",
    Severity.WARNING,
    "Une adresse électronique ou un numéro de téléphone figure dans une séance ou un plan.",
    reads=("meetings", "plans"),
    precise=True,
)
def personal_data(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    for meeting_id, meeting in college.meetings.items():
        for key_path, text in meeting.texts():
            match = _contact_in(text)
            if match:
                yield Finding("meetings", meeting_id, key_path, _describe(match), HINT)
        match = _contact_in(meeting.body)
        if match:
            yield Finding(
                "meetings",
                meeting_id,
                (),
                _describe(match),
                HINT,
                location=body_location(college.path_of("meetings", meeting_id), match.group()),
            )
    for plan_id, plan in college.plans.items():
        for key_path, text in texts_with_paths(plan.model_dump(mode="json", exclude={"year", "kind", "status"})):
            match = _contact_in(text)
            if match:
                yield Finding("plans", plan_id, key_path, _describe(match), HINT)
