"""One mistake of each kind in a copy of the example college: exactly one finding each.

Where tests/cases/ shows each check on a minimal college, this shows that on
a real-sized one a single slip gives a single, precise finding: no cascade,
no noise.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from collegekit.checks import all_checks
from collegekit.lint import lint_records
from collegekit.records import load
from tests.conftest import EXAMPLE_RECORDS
from tests.test_example_college import EXAMPLE_TODAY

TODAY = dt.date.fromisoformat(EXAMPLE_TODAY)


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(records: Path) -> None:
        path = records / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def remove(relative: str) -> Callable[[Path], None]:
    return lambda records: (records / relative).unlink()


def copy(source: str, target: str, old: str = "", new: str = "") -> Callable[[Path], None]:
    def apply(records: Path) -> None:
        text = (records / source).read_text(encoding="utf-8")
        (records / target).write_text(text.replace(old, new, 1) if old else text, encoding="utf-8")

    return apply


def excuse_a_speaker(records: Path) -> None:
    meeting_id = "2025-06-24-pleniere"
    meeting = load(records).college.meetings[meeting_id]  # type: ignore[union-attr]
    speaker = next(s.member for _, s in meeting.speakers() if s.member and meeting.attendance[s.member].attended)
    path = records / "meetings" / f"{meeting_id}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"(?m)^  {speaker}: (present|video)$", f"  {speaker}: excused", text), encoding="utf-8")


def first_owner_left_in_2025(records: Path) -> None:
    path = records / "plans" / "2026-work.yaml"
    path.write_text(re.sub(r"owner: [a-z]+", "owner: sarnaud", path.read_text(encoding="utf-8"), count=1))


MINUTES_NEVER_WRITTEN = """---
kind: bureau
title: Réunion du bureau
date: 2026-11-24
start: "12:30"
end: "13:30"
format: video
status: minutes-drafted
attendance: {cmoreau: video, nbenali: video, sfaure: video, elaurent: video}
---
"""

MISTAKES: dict[str, Callable[[Path], None]] = {
    "unknown-member": edit("plans/2025-work.yaml", "owner: vlemaire", "owner: vlemair"),
    "unknown-meeting": edit("plans/2025-work.yaml", "[2025-03-18-pleniere, 2025-04-22-bureau", "[2025-03-19-pleniere, 2025-04-22-bureau"),
    "unknown-departement": edit("members/grobin.yaml", 'site: "83"', 'site: "2A"'),
    "unknown-action": edit("plans/2026-regional.yaml", "actions: [12, 13]", "actions: [12, 31]"),
    "unknown-function": edit("fiches/mroux.yaml", "  - veille-sanitaire\n", "  - veille-sanitair\n"),
    "fiche-profession": copy("fiches/mroux.yaml", "fiches/csimon.yaml", "member: mroux", "member: csimon"),
    "gender-mismatch": edit("members/nbenali.yaml", "title: Mme\n", "title: Mme\ngender: m\n"),
    "attendance-missing-member": edit("meetings/2025-06-24-pleniere.md", "  grobin: absent\n", ""),
    "attendance-not-a-member": edit("meetings/2025-06-24-pleniere.md", "  grobin: absent\n", "  grobin: absent\n  dfontaine: present\n"),
    "speaker-absent": excuse_a_speaker,
    "too-few-meetings": edit("meetings/2025-11-25-pleniere.md", "status: minutes-approved", "status: cancelled"),
    "minutes-missing": lambda records: (records / "meetings" / "2026-11-24-bureau.md").write_text(MINUTES_NEVER_WRITTEN),
    "status-out-of-date": edit("meetings/2026-11-17-bureau.md", "status: held", "status: planned"),
    "not-sent-to-committee": edit("meetings/2025-06-24-pleniere.md", "  minutes: 2025-11-28\n", ""),
    "before-founded": copy("meetings/2025-01-14-bureau.md", "meetings/2015-01-14-bureau.md", "date: 2025-01-14", "date: 2015-01-14"),
    "duplicate-meeting": copy("meetings/2026-11-17-bureau.md", "meetings/2026-11-17-bureau-bis.md"),
    "meeting-number": edit("meetings/2026-12-15-bureau.md", "number: 5\n", "number: 4\n"),
    "not-convened": edit("meetings/2026-12-15-bureau.md", "  - elaurent\n", ""),
    "fiche-shares": edit("fiches/mroux.yaml", "share: 10", "share: 15"),
    "fiche-dates": edit("fiches/mroux.yaml", "sent_to_president_on: 2025-03-07", "sent_to_president_on: 2025-02-20"),
    "fiche-placeholder": edit("fiches/mroux.yaml", 'service: Délégation départementale des Hautes-Alpes', "service: Service à préciser"),
    "fiche-missing": remove("fiches/ofournier.yaml"),
    "fiche-not-sent": edit("fiches/ofournier.yaml", "sent_to_president_on:", "# sent_to_president_on:"),
    "plan-missing": remove("plans/2026-training.yaml"),
    "plan-late": edit("plans/2026-organisation.yaml", "presented_on: 2026-03-17", "presented_on: 2026-04-17"),
    "plan-not-validated": edit("plans/2026-work.yaml", "validated_on: 2026-04-07", "validated_on: 2026-05-07"),
    "review-late": edit("plans/2025-work.yaml", "  presented_on: 2026-03-17", "  presented_on: 2026-04-21"),
    "duplicate-action-number": edit("plans/2025-work.yaml", "- number: 2\n", "- number: 1\n"),
    "action-numbering": edit("plans/2025-work.yaml", "- number: 7\n", "- number: 70\n"),
    "owner-not-member": first_owner_left_in_2025,
    "owner-left": edit("plans/2025-work.yaml", "owner: ofournier\n            contributors: [mroux", "owner: sarnaud\n            contributors: [mroux"),
    "attendance-not-held": edit("meetings/2026-12-15-bureau.md", "status: planned\n", "status: planned\nattendance: {cmoreau: present}\n"),
    "approved-before-meeting": edit("meetings/2025-06-24-pleniere.md", "minutes_approved_on: 2025-11-25", "minutes_approved_on: 2025-01-25"),
    "done-not-complete": edit("plans/2025-training.yaml", "status: done\n        progress: 100", "status: done\n        progress: 90"),
    "overdue-action": edit("plans/2026-work.yaml", "status: postponed\n        progress: 0\n        review: >-\n          Reportée à 2027", "status: planned\n        progress: 0\n        review: >-\n          Reportée à 2027"),
    "personal-data": lambda records: (records / "meetings" / "2025-06-24-pleniere.md").open("a").write(
        "\nContact : secretariat.college@ars-paca.example\n"
    ),
    "image-not-allowed": lambda records: (records / "meetings" / "2025-06-24-pleniere.md").open("a").write(
        "\n![Organigramme](/srv/partage/organigramme.png)\n"
    ),
    "image-without-alt": edit(
        "plans/2026-regional.yaml", "  chacun renvoie aux actions", "  ![](annexes/territoires-paca.png)\n  chacun renvoie aux actions"
    ),
    "unknown-check": lambda records: (records / "college.yaml").open("a").write("  disabled_checks: [fiche-sharez]\n"),
}


def test_every_check_has_a_mistake() -> None:
    assert set(MISTAKES) == {c.code for c in all_checks()} | {"unknown-check"}


@pytest.mark.parametrize("code", sorted(MISTAKES))
def test_one_mistake_gives_one_finding(code: str, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)

    def findings() -> list[tuple[str, str, str]]:
        return [(d.code, d.location.display(records), d.message) for d in lint_records(records, TODAY).diagnostics]

    # The example's own warnings (its organisation plans, which its compliance
    # report shows missing) stay as they are: one more finding, no other change.
    before = findings()
    MISTAKES[code](records)
    found = findings()
    assert [entry for entry in before if entry not in found] == [], found
    assert [entry[0] for entry in found if entry not in before] == [code], found


# A meeting file that does not load: its own error, and no count of its year
# one short because of it (too-few-meetings), nor anything else.
LOAD_MISTAKES = {
    "a date in the French form": edit("meetings/2025-03-18-pleniere.md", "date: 2025-03-18", "date: 18/03/2025"),
    "a presence in French": edit("meetings/2025-03-18-pleniere.md", "  cmoreau: present", "  cmoreau: présent"),
    "a front matter never closed": edit("meetings/2025-03-18-pleniere.md", "\n---\n", "\n", ),
}


@pytest.mark.parametrize("mistake", sorted(LOAD_MISTAKES))
def test_a_meeting_that_does_not_load_gives_its_own_error_alone(mistake: str, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)
    before = {(d.code, d.message) for d in lint_records(records, TODAY).diagnostics}
    LOAD_MISTAKES[mistake](records)
    new = [d for d in lint_records(records, TODAY).diagnostics if (d.code, d.message) not in before]
    assert len(new) == 1, [str(d) for d in new]
    assert new[0].location.path.name == "2025-03-18-pleniere.md" and new[0].is_error


def test_a_file_name_wrong_by_its_case_is_one_finding_that_names_the_right_one(tmp_path: Path) -> None:
    """CMoreau.yaml: every meeting, plan and fiche citing cmoreau would say
    « créez members/cmoreau.yaml »; the file's own name is the one mistake."""
    records = tmp_path / "records"
    shutil.copytree(EXAMPLE_RECORDS, records)
    before = {(d.code, d.message) for d in lint_records(records, TODAY).diagnostics}
    (records / "members" / "cmoreau.yaml").rename(records / "members" / "CMoreau.yaml")
    new = [d for d in lint_records(records, TODAY).diagnostics if (d.code, d.message) not in before]
    assert [(d.code, d.location.path.name, d.hint) for d in new] == [
        ("invalid-id", "CMoreau.yaml",
         "Renommez le fichier en cmoreau.yaml (lettres minuscules sans accent, chiffres et tirets, par exemple "
         "amartin.yaml).")
    ]
