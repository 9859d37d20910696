"""`--pseudonymize` on every report that names members: coverage, plan status
and compliance, in each of their outputs, as attendance-report already does.

Each output is produced with and without the option on the example college:
without it, members are named (so the check below has something to find);
with it, no first name, last name or id of any member is left, codes stand in
their place, and each member's code is the one attendance-report gives them.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from collegekit.names import Names, pseudonyms
from collegekit.records import College, load
from tests.conftest import EXAMPLE_RECORDS, run_cli

TODAY = "2026-11-25"
CODE = re.compile(r"\bM-[A-Z2-9]{5,}\b")
RECORDS = ("--records", str(EXAMPLE_RECORDS))


@pytest.fixture(scope="module")
def example() -> College:
    college = load(EXAMPLE_RECORDS).college
    assert college is not None
    return college


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    # Wide tables: a code or a name is not cut across two lines.
    monkeypatch.setenv("COLUMNS", "200")


def identifying(college: College) -> list[str]:
    """What names a member: first and last names, and ids ("amartin")."""
    found = set(college.members)
    for member in college.members.values():
        found.update((member.first_name, member.last_name))
    return sorted(found)


def leaks(text: str, college: College) -> list[str]:
    """Names and ids found as whole words (« Marc » is not in « marché »)."""
    return [word for word in identifying(college) if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def codes_in(text: str) -> set[str]:
    return set(CODE.findall(text))


def cli(*args: str) -> str:
    code, output = run_cli(*args)
    assert code == 0, output
    return output


def docx_text(path: Path) -> str:
    """The text of every XML part of a Word file (properties included), a
    paragraph a line: the runs of a paragraph are joined, so that a name split
    across two runs still shows."""
    with zipfile.ZipFile(path) as archive:
        parts = [archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")]
    lines = []
    for part in parts:
        text = re.sub(r"</w:p>|<(?!/?w:)[^>]+>", "\n", part)  # paragraphs and non-Word elements: a line each
        lines.append(re.sub(r"<[^>]+>", "", text))
    return "\n".join(lines)


@functools.cache
def attendance_codes() -> dict[str, str]:
    """Each member's code as attendance-report gives it: its JSON lists every
    member, by id without --pseudonymize and by code with it; an entry's
    figures (site, profession, counts, absence runs) pair the two lists."""
    period = ("--from", "2025-01-01", "--to", "2026-12-31", "--include-invited", "--today", TODAY)
    kinds = ("--kind", "plenary", "--kind", "extraordinary", "--kind", "bureau")
    base = ("attendance-report", *RECORDS, *period, *kinds, "--by", "member", "--format", "json")
    plain = json.loads(cli(*base))["members"]
    hidden = json.loads(cli(*base, "--pseudonymize"))["members"]

    def figures(entry: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in entry.items() if k not in ("member", "name")}, sort_keys=True)

    by_figures = {figures(entry): entry["member"] for entry in hidden}
    unique = {key for key, count in Counter(figures(entry) for entry in plain).items() if count == 1}
    return {entry["member"]: by_figures[figures(entry)] for entry in plain if figures(entry) in unique}


@pytest.fixture(scope="module")
def codes(example: College) -> dict[str, str]:
    found = attendance_codes()
    assert set(found) == set(example.members), "attendance-report should tell every member's code apart"
    return found


def check_hidden(text: str, college: College, expected: set[str]) -> None:
    """No name nor id, and exactly the codes of the members shown without the option."""
    assert leaks(text, college) == []
    assert expected, "the report should name someone"
    assert codes_in(text) == expected


def check_named(text: str, college: College) -> None:
    assert leaks(text, college), "without --pseudonymize, the report names members"
    assert not codes_in(text)


def test_the_shared_helper_uses_attendance_codes(example: College, codes: dict[str, str]) -> None:
    names = Names(example, pseudonymize=True)
    assert codes == pseudonyms(example) == {member_id: names.name(member_id) for member_id in example.members}
    assert names.name("nobody-by-that-id") == "membre inconnu"
    plain = Names(example)
    assert plain.name("mroux") == "Dr Marc Roux" and plain.ref("mroux") == "mroux"
    assert plain.ordered(["mroux", "adubois"]) == ["mroux", "adubois"]
    assert names.ordered(["mroux", "adubois"]) == sorted(["mroux", "adubois"], key=codes.__getitem__)


# --- collegekit coverage ----------------------------------------------------------------

COVERAGE = ("coverage", *RECORDS, "--date", TODAY)


@pytest.fixture(scope="module")
def coverage_plain() -> dict[str, Any]:
    return json.loads(cli(*COVERAGE, "--format", "json"))


def shown_by_coverage(data: dict[str, Any]) -> set[str]:
    """The members the terminal and the document name: those alone on a
    function and territory, and those without a fiche."""
    single = {cell["people"][0] for row in data["functions"] for cell in row["cells"] if cell["flag"] == "single"}
    return single | set(data["without_fiche"])


def test_coverage_json(example: College, codes: dict[str, str], coverage_plain: dict[str, Any]) -> None:
    text = cli(*COVERAGE, "--format", "json", "--pseudonymize")
    data = json.loads(text)
    shown = coverage_plain["people"] + coverage_plain["without_fiche"]
    check_hidden(text, example, {codes[member_id] for member_id in shown})
    assert data["pseudonymized"] is True and coverage_plain["pseudonymized"] is False

    def mapped(member_ids: list[str]) -> list[str]:
        return sorted(codes[member_id] for member_id in member_ids)

    assert data["people"] == mapped(coverage_plain["people"])
    assert data["fiches"] == mapped(coverage_plain["fiches"])
    assert data["without_fiche"] == mapped(coverage_plain["without_fiche"])
    for plain_territory, territory in zip(coverage_plain["territories"], data["territories"], strict=True):
        assert territory["people"] == mapped(plain_territory["people"])
    for plain_row, row in zip(coverage_plain["functions"], data["functions"], strict=True):
        assert row["people"] == mapped(plain_row["people"]) and row["fte"] == plain_row["fte"]
        for plain_cell, cell in zip(plain_row["cells"], row["cells"], strict=True):
            assert cell["people"] == mapped(plain_cell["people"])
            # The same shares under their members' codes, without the activity's
            # title: free text, which may name someone.
            assert sorted((s["member"], s["level"], s["fte"]) for s in cell["shares"]) == sorted(
                (codes[s["member"]], s["level"], s["fte"]) for s in plain_cell["shares"]
            )
            assert {s["activity"] for s in cell["shares"]} <= {None}


def test_coverage_csv(example: College, codes: dict[str, str], coverage_plain: dict[str, Any]) -> None:
    plain_text = cli(*COVERAGE, "--format", "csv")
    check_named(plain_text, example)
    text = cli(*COVERAGE, "--format", "csv", "--pseudonymize")
    check_hidden(text, example, {codes[member_id] for member_id in coverage_plain["people"]})
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    cells = [cell for row in coverage_plain["functions"] for cell in row["cells"]]
    for row, cell in zip(rows, cells, strict=True):
        shown = row["Membres"].split(", ") if row["Membres"] else []
        assert shown == sorted(codes[member_id] for member_id in cell["people"])


@pytest.mark.parametrize("output_format", ["terminal", "md", "docx"])
def test_coverage_terminal_and_documents(
    tmp_path: Path, example: College, codes: dict[str, str], coverage_plain: dict[str, Any], output_format: str
) -> None:
    def output(*extra: str) -> str:
        if output_format == "terminal":
            return cli(*COVERAGE, *extra)
        out = tmp_path / f"couverture{len(extra)}.{output_format}"
        cli(*COVERAGE, "--format", output_format, "--out", str(out), *extra)
        return docx_text(out) if output_format == "docx" else out.read_text(encoding="utf-8")

    check_named(output(), example)
    text = output("--pseudonymize")
    check_hidden(text, example, {codes[member_id] for member_id in shown_by_coverage(coverage_plain)})
    if output_format != "terminal":
        assert "--pseudonymize" in text  # the command that makes the document again


def test_coverage_single_holder_keeps_their_code(example: College, codes: dict[str, str]) -> None:
    """Dr Marc Roux alone holds santé environnement in the Hautes-Alpes: his
    code, attendance-report's, is on that line."""
    text = cli(*COVERAGE, "--pseudonymize")
    [line] = [line for line in text.splitlines() if "Santé environnement" in line and "05 Hautes-Alpes" in line]
    assert codes["mroux"] in line


# --- collegekit plan status -------------------------------------------------------------

PLAN = ("plan", "status", *RECORDS, "--today", TODAY)


@pytest.mark.parametrize("year", ["2025", "2026"])
def test_plan_status_json(example: College, codes: dict[str, str], year: str) -> None:
    plain = json.loads(cli(*PLAN, "--year", year, "--format", "json"))
    text = cli(*PLAN, "--year", year, "--format", "json", "--pseudonymize")
    data = json.loads(text)
    owners = set()
    for plain_plan, plan in zip(plain["plans"], data["plans"], strict=True):
        for key in ("overdue", "without_owner", "carry_over"):
            for plain_action, action in zip(plain_plan[key], plan[key], strict=True):
                assert action["number"] == plain_action["number"]
                expected = codes[plain_action["owner"]] if plain_action["owner"] else None
                assert action["owner"] == expected
                owners.add(plain_action["owner"])
    check_hidden(text, example, {codes[owner] for owner in owners if owner})
    assert data["pseudonymized"] is True and plain["pseudonymized"] is False


@pytest.mark.parametrize("year", ["2025", "2026"])
def test_plan_status_terminal(example: College, codes: dict[str, str], year: str) -> None:
    plain = json.loads(cli(*PLAN, "--year", year, "--format", "json"))
    shown = {
        action["owner"]
        for plan in plain["plans"]
        for key in ("overdue", "carry_over")
        for action in plan[key]
        if action["owner"]
    }
    check_named(cli(*PLAN, "--year", year), example)
    text = cli(*PLAN, "--year", year, "--pseudonymize")
    check_hidden(text, example, {codes[owner] for owner in shown})
    for plan in plain["plans"]:
        for action in plan["carry_over"]:
            # The first line of the action's row carries its owner's code (both
            # plans number their actions from 1: one of the rows so numbered).
            rows = [line for line in text.splitlines() if re.match(rf"│ +{action['number']} │", line)]
            if action["owner"]:
                assert any(codes[action["owner"]] in row for row in rows), action


# --- collegekit compliance --------------------------------------------------------------

COMPLIANCE = ("compliance", *RECORDS, "--today", TODAY)
# 2025: the year whose late fiche names a member (the example has nothing missing in 2026).
SPANS = {"one-year": ("--year", "2025"), "two-years": ("--year", "2026", "--since", "2025")}


def fiche_items(data: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return [
        next(o for o in year["obligations"] if o["key"] == "fiches")["items"] for year in data["years"]
    ]


def fiche_members(college: College, data: dict[str, Any], shown_only: bool) -> list[set[str]]:
    """The members of the fiches obligation, year by year, found by their
    name in the labels; `shown_only`: those not met, which the terminal and
    the document list (the met ones are counted)."""
    by_label = {f"{m.display_name} ({m.profession_label})": member_id for member_id, m in college.members.items()}
    return [
        {by_label[item["label"]] for item in items if not shown_only or item["state"] != "met"}
        for items in fiche_items(data)
    ]


@pytest.mark.parametrize("span", SPANS)
def test_compliance_json(example: College, codes: dict[str, str], span: str) -> None:
    plain = json.loads(cli(*COMPLIANCE, *SPANS[span], "--format", "json"))
    text = cli(*COMPLIANCE, *SPANS[span], "--format", "json", "--pseudonymize")
    data = json.loads(text)
    members = fiche_members(example, plain, shown_only=False)
    check_hidden(text, example, {codes[member_id] for year in members for member_id in year})
    assert data["pseudonymized"] is True and plain["pseudonymized"] is False
    by_label = {f"{m.display_name} ({m.profession_label})": member_id for member_id, m in example.members.items()}
    for plain_items, items in zip(fiche_items(plain), fiche_items(data), strict=True):
        # The same findings, each now under its member's code, the profession
        # in the masculine (a feminine one would tell a woman); the file is
        # named by the id, so only its folder is given.
        member_of = {id(i): by_label[i["label"]] for i in plain_items}
        assert Counter((i["label"], i["state"], i["detail"]) for i in items) == Counter(
            (f"{codes[member_of[id(i)]]} ({example.members[member_of[id(i)]].profession.label})", i["state"], i["detail"])
            for i in plain_items
        )
        assert {path for i in items for path in i["evidence"]} <= {"records/fiches/", "records/members/"}
        assert [i["label"] for i in items] == sorted(i["label"] for i in items)  # by code, not by name
    # Everything else in the report is the same.
    for plain_year, year in zip(plain["years"], data["years"], strict=True):
        others = [o for o in year["obligations"] if o["key"] != "fiches"]
        assert others == [o for o in plain_year["obligations"] if o["key"] != "fiches"]
        assert year["participation"] == plain_year["participation"]


@pytest.mark.parametrize("span", SPANS)
@pytest.mark.parametrize("output_format", ["terminal", "md", "docx"])
def test_compliance_terminal_and_documents(
    tmp_path: Path, example: College, codes: dict[str, str], span: str, output_format: str
) -> None:
    plain = json.loads(cli(*COMPLIANCE, *SPANS[span], "--format", "json"))
    shown = {member_id for year in fiche_members(example, plain, shown_only=True) for member_id in year}

    def output(*extra: str) -> str:
        if output_format == "terminal":
            return cli(*COMPLIANCE, *SPANS[span], *extra)
        out = tmp_path / f"bilan{len(extra)}.{output_format}"
        cli(*COMPLIANCE, *SPANS[span], "--format", output_format, "--out", str(out), *extra)
        return docx_text(out) if output_format == "docx" else out.read_text(encoding="utf-8")

    check_named(output(), example)
    text = output("--pseudonymize")
    check_hidden(text, example, {codes[member_id] for member_id in shown})
    if output_format != "terminal":
        assert "--pseudonymize" in text


# --- rendered documents: pseudonymisation is a property of the names given -------


@pytest.mark.parametrize(
    "command",
    [("minutes", "2025-11-25-pleniere"), ("agenda", "2026-03-17-pleniere"), ("plan", "2026-work")],
    ids=["minutes", "agenda", "plan"],
)
def test_rendered_documents_name_members_by_their_code(
    example: College, codes: dict[str, str], command: tuple[str, str], tmp_path: Path
) -> None:
    def render(*extra: str) -> str:
        out = tmp_path / ("pseudonymized" if extra else "plain")
        exit_code, output = run_cli("render", *command, *RECORDS, "--format", "md", "--out", str(out), *extra)
        assert exit_code == 0, output
        (path,) = out.rglob("*.md")
        return path.read_text(encoding="utf-8")

    plain, hidden = render(), render("--pseudonymize")
    kind, record = command
    source = next(EXAMPLE_RECORDS.rglob(f"{record}.*")).read_text(encoding="utf-8")
    # Free text typed in the record (« Dr Claire Moreau ouvre la séance ») is
    # not rewritten; every name collegekit writes from a member's id is.
    written = [
        member.display_name
        for member in example.members.values()
        if member.display_name in plain and member.last_name not in source
    ]
    assert written, "the plain document names members"
    assert [name for name in written if name in hidden] == []
    assert {codes[member_id] for member_id, member in example.members.items() if member.display_name in written} <= (
        codes_in(hidden)
    )
    assert f'command: "collegekit render {kind} ' in hidden and ' --pseudonymize"' in hidden


def test_render_all_pseudonymized_leaves_the_fiches_out(tmp_path: Path) -> None:
    exit_code, output = run_cli("render", "all", *RECORDS, "--format", "md", "--out", str(tmp_path), "--pseudonymize")
    assert exit_code == 0, output
    assert (tmp_path / "comptes-rendus").is_dir() and not (tmp_path / "fiches-de-poste").exists()
    exit_code, output = run_cli("render", "all", *RECORDS, "--pseudonymize", "--with-contacts", "--out", str(tmp_path))
    assert (exit_code, output) == (
        2,
        "collegekit : --pseudonymize et --with-contacts se contredisent : choisissez l'un ou l'autre.\n",
    )
