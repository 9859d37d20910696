"""The loader: identity, positions, YAML 1.2 scalars and finding the records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from collegekit.diagnostics import RecordsNotFoundError
from collegekit.models.meeting import Presence, Prose, Speaker
from collegekit.records import load
from collegekit.records_folder import RECORDS_ENV, find_records
from tests.conftest import run_cli


def test_loads_the_base_college_into_linked_records(college_dir: Path) -> None:
    result = load(college_dir)
    assert result.diagnostics == []
    college = result.college
    assert college is not None
    assert sorted(college.members) == ["amartin", "bdupont"]
    meeting = college.meetings["2024-03-12-pleniere"]
    assert meeting.attendance == {"amartin": Presence.PRESENT, "bdupont": Presence.VIDEO}
    assert meeting.body.startswith("Le compte rendu en prose.\n\n## I. Actualités\n")
    # The body is the agenda and the minutes: parsed into the models.
    assert meeting.prose == (Prose(after_part=0, text="Le compte rendu en prose."),)
    [part] = meeting.agenda
    assert [item.title for item in part.items] == ["Veille sanitaire"]
    assert part.items[0].speakers == (Speaker(member="amartin"), Speaker(name="Dr Paul Roux", organisation="CHU de Nice"))
    assert college.members["bdupont"].site == "84"
    assert college.members["bdupont"].role_on(meeting.date).value == "bureau"
    assert college.path_of("fiches", "amartin") == college_dir / "fiches" / "amartin.yaml"


def test_college_cannot_be_changed(college_dir: Path) -> None:
    college = load(college_dir).college
    assert college is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        college.members = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        college.members["x"] = college.members["amartin"]  # type: ignore[index]


def test_error_deep_in_front_matter_points_at_its_line_and_column(college_dir: Path) -> None:
    meeting = college_dir / "meetings" / "2024-03-12-pleniere.md"
    meeting.write_text(meeting.read_text().replace("attendance:", "guests: [{name: Dr Paul Roux, organisme: CHU}]\nattendance:"))
    [diagnostic] = load(college_dir).diagnostics
    assert diagnostic.code == "unknown-key"
    # Line 12 of the file (the front matter starts after the "---" of line 1),
    # column of the key inside the flow mapping.
    assert (diagnostic.location.line, diagnostic.location.column) == (12, 31)
    assert diagnostic.hint is not None and "name" in diagnostic.hint


def test_locate_finds_a_value_again(college_dir: Path) -> None:
    college = load(college_dir).college
    assert college is not None
    location = college.locate("meetings", "2024-03-12-pleniere", ("attendance", "bdupont"))
    assert (location.line, location.column) == (14, 12)


def test_locate_finds_a_value_of_the_body_again(college_dir: Path) -> None:
    college = load(college_dir).college
    assert college is not None
    # « Intervenants : @amartin, Dr Paul Roux (CHU de Nice) », line 24 of the file.
    speaker = ("agenda", 0, "items", 0, "speakers", 1)
    location = college.locate("meetings", "2024-03-12-pleniere", speaker)
    assert (location.line, location.column) == (24, 26)
    # A key the body does not write (the member id of a speaker) is found at its speaker.
    assert college.locate("meetings", "2024-03-12-pleniere", (*speaker, "member")) == location


def test_an_unknown_member_in_the_body_is_reported_at_its_line(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = college_dir / "meetings" / "2024-03-12-pleniere.md"
    meeting.write_text(meeting.read_text() + "\n#### Tour de table\n\n- Premier point.\n- @bdupond : Un second point.\n")
    monkeypatch.chdir(college_dir.parent)
    code, output = run_cli("lint", "--records", college_dir.name, "--today", "2024-12-20")
    assert code == 1
    assert f"{college_dir.name}/meetings/2024-03-12-pleniere.md:33:3: erreur[unknown-member] « bdupond » n'a pas de fichier" in output


def test_yaml_1_2_scalars(college_dir: Path) -> None:
    member = college_dir / "members" / "cpetit.yaml"
    member.write_text(
        "first_name: 'No'\nlast_name: no\nprofession: nurse\nstatus: contract\nsite: 04\n"
        "memberships:\n  - start: 2021-05-01\n"
    )
    result = load(college_dir)
    assert [d.message for d in result.diagnostics] == []
    assert result.college is not None
    petit = result.college.members["cpetit"]
    assert (petit.last_name, petit.site) == ("no", "04")


def test_windows_line_endings_and_byte_order_mark_are_read(college_dir: Path) -> None:
    member = college_dir / "members" / "amartin.yaml"
    member.write_bytes(b"\xef\xbb\xbf" + member.read_bytes().replace(b"\n", b"\r\n"))
    assert load(college_dir).diagnostics == []


def test_records_given_the_same_keys_share_one_set_of_them(college_dir: Path) -> None:
    # A large college holds hundreds of thousands of records and parts of
    # records: one shared set per shape of record, not one per record.
    college = load(college_dir).college
    assert college is not None
    first, second = college.members["amartin"].memberships[0], college.members["bdupont"].memberships[1]
    assert first.model_fields_set == {"start", "role"}
    assert first.model_fields_set is second.model_fields_set
    copied = first.model_copy(update={"end": None})
    assert "end" in copied.model_fields_set and first.model_fields_set is second.model_fields_set


def test_meeting_file_name_must_carry_its_date(college_dir: Path) -> None:
    meetings = college_dir / "meetings"
    (meetings / "2024-03-12-pleniere.md").rename(meetings / "2024-03-13-pleniere.md")
    [diagnostic] = load(college_dir).diagnostics
    assert diagnostic.code == "id-mismatch"
    assert diagnostic.location.line == 5


def test_plan_file_name_must_name_a_kind(college_dir: Path) -> None:
    plans = college_dir / "plans"
    (plans / "2024-work.yaml").rename(plans / "2024-travail.yaml")
    codes = [d.code for d in load(college_dir).diagnostics]
    assert codes == ["invalid-id", "id-mismatch"]


def test_find_records_prefers_option_then_environment_then_parents(
    college_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nested = college_dir / "meetings"
    monkeypatch.delenv(RECORDS_ENV, raising=False)
    assert find_records(cwd=nested) == college_dir.resolve()
    assert find_records(cwd=tmp_path) == (tmp_path / "records").resolve()
    other = tmp_path / "other"
    other.mkdir()
    (other / "college.yaml").write_text("name: x\n")
    monkeypatch.setenv(RECORDS_ENV, str(other))
    assert find_records(cwd=nested) == other
    assert find_records(college_dir, cwd=nested) == college_dir


def test_no_records_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RECORDS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RecordsNotFoundError):
        find_records()
    exit_code, output = run_cli("lint")
    assert exit_code == 2
    assert "aucun dossier du collège trouvé" in output
    exit_code, output = run_cli("lint", "--records", str(tmp_path))
    assert exit_code == 2
    assert "ne contient pas de college.yaml" in output


def test_lint_json_output(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (college_dir / "members" / "amartin.yaml").write_text("first_name: [\n")
    monkeypatch.chdir(college_dir.parent)
    exit_code, output = run_cli("lint", "--records", "records", "--format", "json")
    assert exit_code == 1
    assert '"code": "yaml-syntax"' in output
    assert '"path": "records/members/amartin.yaml"' in output


def test_invalid_college_file_still_reports_other_files(college_dir: Path) -> None:
    (college_dir / "college.yaml").write_text("name: x\n")
    (college_dir / "members" / "amartin.yaml").write_text("first_name: [\n")
    result = load(college_dir)
    assert result.college is None
    assert {d.code for d in result.diagnostics} == {"missing-key", "yaml-syntax"}


def test_loading_on_two_cores_gives_the_same_college(monkeypatch: pytest.MonkeyPatch) -> None:
    from collegekit import records
    from tests.conftest import EXAMPLE_RECORDS

    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 10**9)
    alone = load(EXAMPLE_RECORDS)
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 2)
    shared = load(EXAMPLE_RECORDS)
    assert shared.college == alone.college
    assert list(shared.college.meetings) == list(alone.college.meetings)  # type: ignore[union-attr]
    assert shared.diagnostics == alone.diagnostics and shared.files == alone.files


def test_diagnostics_found_on_two_cores_are_all_reported(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from collegekit import records

    for index in range(6):
        (college_dir / "members" / f"broken{index}.yaml").write_text("first_name: [\n")
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 2)
    result = load(college_dir)
    assert [d.location.path.name for d in result.diagnostics] == [f"broken{i}.yaml" for i in range(6)]


def test_roles_on_a_day_match_each_members_periods() -> None:
    import datetime as dt

    from tests.conftest import EXAMPLE_RECORDS

    college = load(EXAMPLE_RECORDS).college
    assert college is not None
    day = dt.date(2018, 1, 1)
    while day < dt.date(2100, 1, 1):
        expected = {i: m.role_on(day) for i, m in college.members.items() if m.role_on(day) is not None}
        assert college.roles_on(day) == expected, day
        day += dt.timedelta(days=97)


def test_the_follow_up_of_an_action_the_minutes_do_not_have_is_reported(college_dir: Path) -> None:
    meeting = college_dir / "meetings" / "2024-03-12-pleniere.md"
    text = meeting.read_text(encoding="utf-8").replace("attendance:", "follow_up:\n  1: done\nattendance:")
    meeting.write_text(text + "- Action : @amartin — Relancer — échéance 2024-04-01\n", encoding="utf-8")
    assert load(college_dir).diagnostics == []
    assert load(college_dir).college.meetings["2024-03-12-pleniere"].actions[0].status.value == "done"  # type: ignore[union-attr]
    meeting.write_text(text.replace("  1: done", "  1: done\n  2: cancelled"), encoding="utf-8")
    [first, second] = load(college_dir).diagnostics
    assert (first.code, first.location.line, first.location.column) == ("out-of-range", 13, 3)
    assert first.message == "follow_up donne l'état d'une action n° 1, qui n'existe pas : le compte rendu n'a aucune ligne « Action : »"
    assert (second.code, second.location.line) == ("out-of-range", 14)
