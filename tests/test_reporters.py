"""The reporters of `collegekit lint`: exact outputs for a few diagnostics.

The diagnostics below cover what each format must get right: a hint, an
unknown line, characters a format must escape (`%`, `,`, `:`, newlines, in a
message and in a path) and a file outside the folder paths are relative to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from collegekit import __version__
from collegekit.diagnostics import CATALOGUE, Diagnostic, Location
from collegekit.reporters import (
    github_report,
    gitlab_report,
    json_report,
    sarif_report,
    summary_line,
    text_report,
)

ROOT = Path("/srv/college")
MEMBER = ROOT / "records/members/dupont.yaml"
ODD_PATH = ROOT / "records/meetings/séance 1,2:3.md"
OUTSIDE = Path("/tmp/ailleurs/college.yaml")

DIAGNOSTICS = [
    Diagnostic.error(
        "missing-key", Location(MEMBER, 3, 5), "la clé « nom » manque.", "Ajoutez « nom: » sous « identite »."
    ),
    Diagnostic.warning("empty-file", Location(ROOT / "records/plans/2025.yaml"), "le fichier est vide."),
    Diagnostic.error(
        "invalid-time",
        Location(ODD_PATH, 12, 1),
        "heure « 25:00 » invalide, 100 % hors limites\r\nvoir l'ordre du jour",
    ),
    Diagnostic.warning("unknown-key", Location(OUTSIDE, 2, 0), "clé « x » inconnue."),
]


def test_text_report_keeps_the_one_line_form() -> None:
    assert text_report(DIAGNOSTICS, ROOT) == (
        "records/members/dupont.yaml:3:5: erreur[missing-key] la clé « nom » manque.\n"
        "  → Ajoutez « nom: » sous « identite ».\n"
        "records/plans/2025.yaml: avertissement[empty-file] le fichier est vide.\n"
        "records/meetings/séance 1,2:3.md:12:1: erreur[invalid-time] "
        "heure « 25:00 » invalide, 100 % hors limites\r\n"
        "voir l'ordre du jour\n"
        "/tmp/ailleurs/college.yaml:2: avertissement[unknown-key] clé « x » inconnue."
    )


@pytest.mark.parametrize(
    ("errors", "warnings", "files", "expected"),
    [
        (0, 0, 7, "Aucun problème dans 7 fichiers."),
        (0, 0, 1, "Aucun problème dans 1 fichier."),
        (1, 0, 7, "1 erreur dans 7 fichiers."),
        (2, 1, 9, "2 erreurs, 1 avertissement dans 9 fichiers."),
        (0, 2, 1, "2 avertissements dans 1 fichier."),
        (1, 1, 2, "1 erreur, 1 avertissement dans 2 fichiers."),
    ],
)
def test_summary_line(errors: int, warnings: int, files: int, expected: str) -> None:
    error, warning = DIAGNOSTICS[0], DIAGNOSTICS[1]
    assert summary_line([error] * errors + [warning] * warnings, files) == expected


def test_json_report_parses_back() -> None:
    parsed = json.loads(json_report(DIAGNOSTICS, ROOT))
    assert parsed[0] == {
        "code": "missing-key",
        "severity": "error",
        "path": "records/members/dupont.yaml",
        "line": 3,
        "column": 5,
        "message": "la clé « nom » manque.",
        "hint": "Ajoutez « nom: » sous « identite ».",
    }
    assert [(d["severity"], d["path"], d["line"], d["column"], d["hint"]) for d in parsed] == [
        ("error", "records/members/dupont.yaml", 3, 5, "Ajoutez « nom: » sous « identite »."),
        ("warning", "records/plans/2025.yaml", 0, 0, None),
        ("error", "records/meetings/séance 1,2:3.md", 12, 1, None),
        ("warning", "/tmp/ailleurs/college.yaml", 2, 0, None),
    ]
    assert parsed[2]["message"] == DIAGNOSTICS[2].message


def test_github_report() -> None:
    assert github_report(DIAGNOSTICS, ROOT).split("\n") == [
        "::error file=records/members/dupont.yaml,line=3,col=5,title=collegekit missing-key"
        "::la clé « nom » manque.%0AAjoutez « nom: » sous « identite ».",
        "::warning file=records/plans/2025.yaml,title=collegekit empty-file::le fichier est vide.",
        "::error file=records/meetings/séance 1%2C2%3A3.md,line=12,col=1,title=collegekit invalid-time"
        "::heure « 25:00 » invalide, 100 %25 hors limites%0D%0Avoir l'ordre du jour",
        "::warning file=/tmp/ailleurs/college.yaml,line=2,title=collegekit unknown-key::clé « x » inconnue.",
    ]


def test_github_report_escapes_properties_like_the_toolkit() -> None:
    odd = Diagnostic.error("yaml-tab", Location(ROOT / "a%b\nc.yaml", 1, 2), "m")
    assert github_report([odd], ROOT) == "::error file=a%25b%0Ac.yaml,line=1,col=2,title=collegekit yaml-tab::m"


def test_empty_reports() -> None:
    assert github_report([], ROOT) == ""
    assert json.loads(gitlab_report([], ROOT)) == []
    run = json.loads(sarif_report([], ROOT))["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []


def test_gitlab_report() -> None:
    # The fingerprints are pinned: GitLab compares them between pipelines, so a
    # change of recipe would show every finding as new in the next merge request.
    assert json.loads(gitlab_report(DIAGNOSTICS, ROOT)) == [
        {
            "description": "la clé « nom » manque.\nAjoutez « nom: » sous « identite ».",
            "check_name": "missing-key",
            "fingerprint": "1178aa06324a89fcfa9962cbb7cd63b08662727b6538687c1450f4effd0e9408",
            "severity": "major",
            "location": {"path": "records/members/dupont.yaml", "lines": {"begin": 3}},
        },
        {
            "description": "le fichier est vide.",
            "check_name": "empty-file",
            "fingerprint": "88e575187c5f5e9e3ea1c18013f1759504ac989f5d3361b30aecae04009bbea8",
            "severity": "minor",
            "location": {"path": "records/plans/2025.yaml", "lines": {"begin": 1}},
        },
        {
            "description": "heure « 25:00 » invalide, 100 % hors limites\r\nvoir l'ordre du jour",
            "check_name": "invalid-time",
            "fingerprint": "6baebd9cda35d73344d9c1e950211911a4f3347ba3b2130b1f30e296a86e6fda",
            "severity": "major",
            "location": {"path": "records/meetings/séance 1,2:3.md", "lines": {"begin": 12}},
        },
        {
            "description": "clé « x » inconnue.",
            "check_name": "unknown-key",
            "fingerprint": "aff56619b5d4b5928ebe880336cb39b961bb7d07fe118e4fc5abb6ca231a305d",
            "severity": "minor",
            "location": {"path": "/tmp/ailleurs/college.yaml", "lines": {"begin": 2}},
        },
    ]


def _fingerprints(diagnostics: list[Diagnostic], root: Path = ROOT) -> list[str]:
    return [issue["fingerprint"] for issue in json.loads(gitlab_report(diagnostics, root))]


def _unknown_member(line: int, root: Path = ROOT) -> Diagnostic:
    location = Location(root / "records/meetings/m.md", line, 3)
    return Diagnostic.error("unknown-member", location, "« durand » inconnu.")


def test_gitlab_fingerprint_survives_moved_lines_and_another_checkout() -> None:
    assert _fingerprints([_unknown_member(4)]) == _fingerprints([_unknown_member(40)])
    elsewhere = Path("/builds/college")
    assert _fingerprints([_unknown_member(4)]) == _fingerprints([_unknown_member(4, elsewhere)], elsewhere)


def test_gitlab_fingerprint_tells_identical_findings_apart() -> None:
    alone = _fingerprints([_unknown_member(4)])
    first, second = _fingerprints([_unknown_member(4), _unknown_member(9)])
    assert first != second
    assert [first] == alone  # a second occurrence below leaves the first one as it was


def test_gitlab_fingerprint_depends_on_code_path_and_message() -> None:
    base = _unknown_member(4)
    variants = [
        base,
        Diagnostic.error("unknown-meeting", base.location, base.message),
        Diagnostic.error(base.code, Location(ROOT / "records/meetings/n.md", 4, 3), base.message),
        Diagnostic.error(base.code, base.location, "« martin » inconnu."),
    ]
    assert len({_fingerprints([d])[0] for d in variants}) == len(variants)


SARIF_LEVELS = {"none", "note", "warning", "error"}


def _assert_sarif_shape(log: dict[str, Any]) -> None:
    """The parts of the SARIF 2.1.0 schema collegekit uses: required keys and their types."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert isinstance(driver["name"], str) and "informationUri" not in driver
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for rule in driver["rules"]:
        assert isinstance(rule["shortDescription"]["text"], str)
    assert isinstance(run["results"], list)
    for result in run["results"]:
        assert isinstance(result["message"]["text"], str)
        assert result["level"] in SARIF_LEVELS
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert isinstance(physical["artifactLocation"]["uri"], str)
            assert set(physical.get("region", {})) <= {"startLine", "startColumn"}
            assert all(isinstance(v, int) and v >= 1 for v in physical.get("region", {}).values())


def test_sarif_report() -> None:
    log = json.loads(sarif_report(DIAGNOSTICS, ROOT))
    _assert_sarif_shape(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("collegekit", __version__)
    assert driver["rules"] == [
        {"id": code, "shortDescription": {"text": CATALOGUE[code]}}
        for code in ("empty-file", "invalid-time", "missing-key", "unknown-key")
    ]
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"], r["message"]["text"]) for r in results] == [
        ("missing-key", "error", "la clé « nom » manque.\nAjoutez « nom: » sous « identite »."),
        ("empty-file", "warning", "le fichier est vide."),
        ("invalid-time", "error", "heure « 25:00 » invalide, 100 % hors limites\r\nvoir l'ordre du jour"),
        ("unknown-key", "warning", "clé « x » inconnue."),
    ]
    assert [r["locations"][0]["physicalLocation"] for r in results] == [
        {"artifactLocation": {"uri": "records/members/dupont.yaml"}, "region": {"startLine": 3, "startColumn": 5}},
        {"artifactLocation": {"uri": "records/plans/2025.yaml"}},
        {
            "artifactLocation": {"uri": "records/meetings/s%C3%A9ance%201%2C2%3A3.md"},
            "region": {"startLine": 12, "startColumn": 1},
        },
        {"artifactLocation": {"uri": "file:///tmp/ailleurs/college.yaml"}, "region": {"startLine": 2}},
    ]


def test_sarif_rules_come_from_the_given_descriptions() -> None:
    found = [_unknown_member(4), DIAGNOSTICS[1]]
    rules = json.loads(sarif_report(found, ROOT, {"unknown-member": "Un membre inconnu est cité."}))
    assert rules["runs"][0]["tool"]["driver"]["rules"] == [
        {"id": "empty-file"},  # not in the given descriptions: listed by id alone
        {"id": "unknown-member", "shortDescription": {"text": "Un membre inconnu est cité."}},
    ]
