"""`member`, `action` and `new-member`'s contact: routine edits without opening the YAML."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from collegekit.lint import lint_records
from collegekit.records import load
from tests.conftest import EXAMPLE_RECORDS, run_cli
from tests.test_scaffold_and_edit import changed_lines

TODAY = "2026-11-25"


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE_RECORDS, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "records"


def cli(*args: str) -> tuple[int, str]:
    return run_cli(*args, "--records", "records", "--today", TODAY)


def test_a_member_leaves_and_comes_back_keeping_the_file_as_written(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("member", "mroux", "--leave", "2026-10-31", "--note", "Retraite")
    assert exit_code == 0, output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == ["+    end: 2026-10-31", "+    note: Retraite"]
    # What the departure leaves to do elsewhere is said: his action still in progress.
    assert "plans/2026-work.yaml:" in output and "[owner-left]" in output and "Dr Marc Roux, a quitté le collège le 31/10/2026" in output
    exit_code, output = cli("member", "mroux", "--rejoin", "2026-11-15")
    assert exit_code == 0, output
    member = load(records).college.members["mroux"]  # type: ignore[union-attr]
    assert [(p.start, p.end) for p in member.memberships] == [
        (dt.date(2019, 10, 1), dt.date(2026, 10, 31)),
        (dt.date(2026, 11, 15), None),
    ]
    # The same command again corrects a return date written wrong.
    exit_code, output = cli("member", "mroux", "--rejoin", "2026-11-20")
    assert exit_code == 0 and "Dr Marc Roux : date de retour corrigée : 15/11/2026 → 20/11/2026." in output, output
    member = load(records).college.members["mroux"]  # type: ignore[union-attr]
    assert member.memberships[-1].start == dt.date(2026, 11, 20)


def test_a_departure_before_a_meeting_attended_is_refused_with_lints_words(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    before = path.read_bytes()
    exit_code, output = cli("member", "mroux", "--leave", "2026-01-31")
    assert exit_code == 1 and path.read_bytes() == before
    assert (
        "meetings/2026-03-17-pleniere.md:84:10: erreur[attendance-not-a-member] Dr Marc Roux n'était pas membre du "
        "collège le 17/03/2026 (membre du 01/10/2019 au 31/01/2026)"
    ) in output
    assert "rendrait invalides les dossiers ci-dessus : rien n'a été écrit" in output


def test_contact_and_employer_are_set_and_cleared(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    exit_code, output = cli("member", "mroux", "--email", "m.roux@ars.example", "--phone", "", "--employer", "CHU de Nice")
    assert exit_code == 0, output
    member = load(records).college.members["mroux"]  # type: ignore[union-attr]
    assert member.contact is not None and member.contact.email == "m.roux@ars.example" and member.contact.phone is None
    assert member.employer == "CHU de Nice"
    exit_code, output = cli("member", "mroux", "--email", "")
    assert exit_code == 0 and "contact:" not in path.read_text(encoding="utf-8")


def test_a_plan_action_moves_on_and_done_means_complete(records: Path) -> None:
    path = records / "plans" / "2026-work.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("action", "2026-work", "3", "--status", "done", "--review", "Volets révisés et arrêtés.")
    assert exit_code == 0, output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        "-            status: in-progress",
        "-            progress: 60",
        "+            status: done",
        "+            progress: 100",
        "+            review: Volets révisés et arrêtés.",
    ]
    assert lint_records(records, dt.date(2026, 11, 25)).diagnostics == []


def test_a_plan_action_done_at_less_than_complete_is_refused(records: Path) -> None:
    path = records / "plans" / "2026-work.yaml"
    before = path.read_bytes()
    exit_code, output = cli("action", "2026-work", "3", "--status", "done", "--progress", "80")
    assert exit_code == 1 and path.read_bytes() == before
    assert "erreur[done-not-complete]" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("action", "2026-work", "99", "--progress", "10"), "le plan 2026-work n'a pas d'action n° 99"),
        (("action", "2026-wrk", "3", "--progress", "10"), "Vouliez-vous dire : 2026-work"),
        (("action", "2026-work", "3", "--status", "open"), "l'état d'une action de plan est"),
        (("action", "2026-03-17-pleniere", "1", "--progress", "10"), "servent aux actions d'un plan"),
        (("action", "2026-03-17-pleniere", "99", "--status", "done"), "pas de n° 99"),
        (("action", "2026-03-17-pleniere", "2", "--status", "done", "--at", "2026-06-24-pleniere"),
         "Vouliez-vous dire : 2026-06-23-pleniere"),
        (("action", "2026-work", "3", "--status", "done", "--at", "2026-06-23-pleniere"), "--at sert au suivi"),
        (("member", "mroux", "--leave", "2026-10-31", "--rejoin", "2026-11-01"), "faites l'un, puis l'autre"),
        (("member", "mroux", "--from", "2027-01-01"), "--from accompagne --role"),
        (("member", "mroux", "--role", "bureau", "--leave", "2027-01-01"), "--role et --leave ensemble"),
        (("member", "mroux", "--site", ""), "un membre a toujours une affectation"),
        (("member", "mroux", "--role", "chef"), "chef"),
    ],
)
def test_impossible_edits_are_usage_errors(records: Path, args: tuple[str, ...], message: str) -> None:
    exit_code, output = cli(*args)
    assert exit_code == 2 and message in output, output


def test_the_follow_up_of_a_meetings_action_goes_to_the_front_matter(records: Path) -> None:
    path = records / "meetings" / "2026-03-17-pleniere.md"
    exit_code, output = cli("action", "2026-03-17-pleniere", "2", "--status", "done")
    assert exit_code == 0, output
    exit_code, output = cli("action", "2026-03-17-pleniere", "1", "--status", "in-progress", "--note", "Relancé en novembre.")
    assert exit_code == 0, output
    text = path.read_text(encoding="utf-8")
    # The converted example already follows its actions: each is changed in place.
    assert "follow_up:\n  1:\n    status: in-progress\n    note: Relancé en novembre.\n  2: done\n  3: done\n" in text
    meeting = load(records).college.meetings["2026-03-17-pleniere"]  # type: ignore[union-attr]
    assert meeting.follow_up[2].status.value == "done" and meeting.follow_up[1].note == "Relancé en novembre."


def test_the_follow_up_names_the_meeting_where_it_was_done(records: Path) -> None:
    exit_code, output = cli("action", "2026-03-17-pleniere", "2", "--status", "done", "--at", "2026-06-23-pleniere")
    assert exit_code == 0, output
    text = (records / "meetings" / "2026-03-17-pleniere.md").read_text(encoding="utf-8")
    assert "  2:\n    status: done\n    meeting: 2026-06-23-pleniere\n  3: done\n" in text
    meeting = load(records).college.meetings["2026-03-17-pleniere"]  # type: ignore[union-attr]
    assert meeting.follow_up[2].meeting == "2026-06-23-pleniere"


def test_new_member_takes_contact_and_employer(records: Path) -> None:
    exit_code, output = run_cli(
        "new-member", "--records", "records", "--first-name", "Léa", "--last-name", "Brun", "--profession", "physician",
        "--status", "misp", "--site", "13", "--role", "invited", "--employer", "Mairie de Marseille",
        "--email", "lea.brun@example.fr", "--phone", "04 91 00 00 00", "--no-input",
    )
    assert exit_code == 0, output
    member = load(records).college.members["lbrun"]  # type: ignore[union-attr]
    assert member.employer == "Mairie de Marseille"
    assert member.contact is not None and member.contact.email == "lea.brun@example.fr" and member.contact.phone == "04 91 00 00 00"


# --- Roles, sites and corrected dates ------------------------------------------


def test_role_values_are_the_models() -> None:
    from collegekit.cli.edits import RoleChoice
    from collegekit.models.member import Role

    assert [choice.value for choice in RoleChoice] == [role.value for role in Role]


def test_a_new_role_closes_the_period_the_day_before_and_opens_one(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("member", "mroux", "--role", "bureau", "--from", "2027-01-01", "--note", "Élu au bureau")
    assert exit_code == 0, output
    assert "Dr Marc Roux : membre → membre du bureau à partir du 01/01/2027.\nrecords/members/mroux.yaml mis à jour.\n" in output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        "+    end: 2026-12-31",
        "+  - start: 2027-01-01",
        "+    role: bureau",
        "+    note: Élu au bureau",
    ]
    assert "  - start: 2019-10-01\n    end: 2026-12-31\n    role: member\n  - start: 2027-01-01\n" in path.read_text(encoding="utf-8")
    assert lint_records(records, dt.date(2026, 11, 25)).diagnostics == []


def test_a_new_role_from_today_by_default_convenes_the_bureau_to_come(records: Path) -> None:
    exit_code, output = cli("member", "mroux", "--role", "bureau")
    assert exit_code == 0, output
    assert "Dr Marc Roux : membre → membre du bureau à partir du 25/11/2026." in output
    assert "Ajouté aux convoqués de : 2026-12-15-bureau." in output
    assert lint_records(records, dt.date(2026, 11, 25)).diagnostics == []


def test_a_presidency_is_handed_over_in_two_commands_and_the_comments_stay(records: Path) -> None:
    mroux, cmoreau = records / "members" / "mroux.yaml", records / "members" / "cmoreau.yaml"
    before = mroux.read_bytes()
    exit_code, output = cli("member", "mroux", "--role", "president", "--from", "2027-01-01")
    assert exit_code == 2 and mroux.read_bytes() == before
    assert output == (
        "collegekit : Dr Claire Moreau est présidente du collège le 01/01/2027 (depuis le 01/10/2019) : Dr Marc Roux "
        "ne peut l'être en même temps. Mettez d'abord fin à cette présidence : « collegekit member cmoreau --role "
        "member --from 2027-01-01 » (ou --role bureau), puis relancez cette commande : rien n'a été écrit.\n"
    )
    text = cmoreau.read_text(encoding="utf-8")
    exit_code, output = cli("member", "cmoreau", "--role", "bureau", "--from", "2027-01-01")
    assert exit_code == 0, output
    assert "Dr Claire Moreau : présidente → membre du bureau à partir du 01/01/2027." in output
    assert "Le collège n'a plus de président à partir du 01/01/2027 : pour nommer qui lui succède, " in output
    # The comment below the periods stays above « contact: », where it was written.
    assert changed_lines(text, cmoreau.read_text(encoding="utf-8")) == [
        "+    end: 2026-12-31",
        "+  - start: 2027-01-01",
        "+    role: bureau",
    ]
    exit_code, output = cli("member", "mroux", "--role", "president", "--from", "2027-01-01")
    assert exit_code == 0, output
    assert "Dr Marc Roux : membre → président à partir du 01/01/2027." in output and "plus de président" not in output
    college = load(records).college
    assert college is not None and college.roles_on(dt.date(2027, 1, 1))["mroux"].value == "president"
    assert college.roles_on(dt.date(2026, 12, 31))["cmoreau"].value == "president"
    assert lint_records(records, dt.date(2026, 11, 25)).diagnostics == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("sarnaud", "--role", "bureau", "--from", "2026-01-01"),
            "collegekit : Dr Sylvie Arnaud n'est pas membre du collège le 01/01/2026 (membre du 01/10/2019 au "
            "30/06/2025) : rien n'a été écrit. Pour un retour au collège dans ce rôle : « collegekit member sarnaud "
            "--rejoin 2026-01-01 --role bureau ».\n",
        ),
        (
            ("cmoreau", "--role", "president", "--from", "2027-01-01"),
            "collegekit : Dr Claire Moreau est déjà présidente le 01/01/2027 (période commencée le 01/10/2019) : "
            "rien n'a été écrit.\n",
        ),
        (
            ("mroux", "--rejoin", "2027-01-01", "--role", "bureau"),
            "collegekit : Dr Marc Roux est déjà membre : --rejoin corrige sa date de retour, sans --role ; pour un "
            "nouveau rôle, « collegekit member mroux --role bureau --from AAAA-MM-JJ ».\n",
        ),
        (
            ("cmoreau", "--rejoin", "2027-01-01"),
            "collegekit : Dr Claire Moreau est déjà membre (depuis le 01/10/2019) : rien n'a été écrit.\n",
        ),
        (
            ("sarnaud", "--leave", "2019-01-31"),
            "collegekit : Dr Sylvie Arnaud a quitté le collège le 30/06/2025 : un départ le 31/01/2019 tomberait "
            "avant le début de sa dernière période (le 01/10/2019). Corrigez ses périodes dans members/sarnaud.yaml : "
            "rien n'a été écrit.\n",
        ),
    ],
)
def test_role_changes_and_corrections_that_make_no_sense_are_refused(
    records: Path, args: tuple[str, ...], message: str
) -> None:
    before = {path: path.read_bytes() for path in records.rglob("*") if path.is_file()}
    exit_code, output = cli("member", *args)
    assert (exit_code, output) == (2, message)
    assert {path: path.read_bytes() for path in records.rglob("*") if path.is_file()} == before


def test_a_role_from_a_day_inside_a_closed_period_followed_by_another_is_refused(records: Path) -> None:
    assert cli("member", "mroux", "--role", "bureau", "--from", "2027-01-01")[0] == 0
    path = records / "members" / "mroux.yaml"
    before = path.read_bytes()
    exit_code, output = cli("member", "mroux", "--role", "president", "--from", "2026-06-01")
    assert exit_code == 2 and path.read_bytes() == before
    assert output == (
        "collegekit : le 01/06/2026 tombe dans une période close de Dr Marc Roux (du 01/10/2019 au 31/12/2026, "
        "membre), suivie d'une autre (du 01/01/2027) : le nouveau rôle ne vaudrait que jusqu'au 31/12/2026. "
        "Choisissez une date de la dernière période (--from 2027-01-01 ou après), ou corrigez les périodes passées "
        "dans members/mroux.yaml : rien n'a été écrit.\n"
    )


def test_a_role_in_the_last_period_of_a_member_who_left_lasts_until_the_departure(records: Path) -> None:
    path = records / "members" / "sarnaud.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("member", "sarnaud", "--role", "bureau", "--from", "2025-05-01")
    assert exit_code == 0, output
    assert "Dr Sylvie Arnaud : membre → membre du bureau à partir du 01/05/2025 (jusqu'à son départ le 30/06/2025)." in output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        "+    end: 2025-04-30",
        "+    role: member",
        "+  - start: 2025-05-01",
        "-    role: member",
        "+    role: bureau",
    ]
    # The departure's note went with the departure, to the new last period.
    assert path.read_text(encoding="utf-8").endswith(
        "    end: 2025-04-30\n    role: member\n  - start: 2025-05-01\n    end: 2025-06-30\n    role: bureau\n"
        "    note: mutation dans une autre ARS\n"
    )
    assert lint_records(records, dt.date(2026, 11, 25)).diagnostics == []


def test_a_past_role_that_leaves_held_meetings_without_the_member_is_refused_with_lints_words(records: Path) -> None:
    path = records / "members" / "sarnaud.yaml"
    before = path.read_bytes()
    exit_code, output = cli("member", "sarnaud", "--role", "bureau", "--from", "2025-01-01")
    assert exit_code == 1 and path.read_bytes() == before
    assert "erreur[attendance-missing-member] Dr Sylvie Arnaud (sarnaud) était membre le 14/01/2025" in output
    assert "« collegekit attend 2025-01-14-bureau --present sarnaud »" in output
    assert "rendrait invalides les dossiers ci-dessus : rien n'a été écrit" in output


def test_a_departure_date_written_wrong_is_corrected_by_the_same_command(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    assert cli("member", "mroux", "--leave", "2026-12-31")[0] == 0
    text = path.read_text(encoding="utf-8")
    exit_code, output = cli("member", "mroux", "--leave", "2026-12-30")
    assert exit_code == 0, output
    assert output.startswith(
        "Dr Marc Roux : date de départ corrigée : 31/12/2026 → 30/12/2026.\nrecords/members/mroux.yaml mis à jour.\n"
    )
    assert changed_lines(text, path.read_text(encoding="utf-8")) == ["-    end: 2026-12-31", "+    end: 2026-12-30"]
    assert "  - start: 2019-10-01\n    end: 2026-12-30\n    role: member\n" in path.read_text(encoding="utf-8")
    exit_code, output = cli("member", "mroux", "--leave", "2026-12-30")
    assert exit_code == 0 and "records/members/mroux.yaml était déjà à jour." in output


def test_a_departure_moved_over_meetings_held_without_the_member_is_refused(records: Path) -> None:
    path = records / "members" / "sarnaud.yaml"
    before = path.read_bytes()
    exit_code, output = cli("member", "sarnaud", "--leave", "2026-10-31")
    assert exit_code == 1 and path.read_bytes() == before
    assert "erreur[attendance-missing-member] Dr Sylvie Arnaud (sarnaud) était membre le 25/11/2025" in output
    assert "rien n'a été écrit" in output


def test_a_return_in_a_new_role_and_a_return_date_corrected(records: Path) -> None:
    path = records / "members" / "sarnaud.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("member", "sarnaud", "--rejoin", "2026-12-01", "--role", "invited", "--employer", "CHU de Nice")
    assert exit_code == 0, output
    assert "Dr Sylvie Arnaud : retour le 01/12/2026, membre invitée." in output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        "+  - start: 2026-12-01",
        "+    role: invited",
        "+employer: CHU de Nice",
    ]
    exit_code, output = cli("member", "sarnaud", "--rejoin", "2025-06-30")
    assert exit_code == 2 and output == (
        "collegekit : Dr Sylvie Arnaud est revenue au collège le 01/12/2026 : un retour le 30/06/2025 tomberait "
        "avant la fin de sa période précédente (le 30/06/2025). Corrigez ses périodes dans members/sarnaud.yaml : "
        "rien n'a été écrit.\n"
    )
    exit_code, output = cli("member", "sarnaud", "--rejoin", "2026-12-02")
    assert exit_code == 0 and "Dr Sylvie Arnaud : date de retour corrigée : 01/12/2026 → 02/12/2026." in output
    assert lint_records(records, dt.date(2026, 11, 25)).diagnostics == []


def test_a_new_site_is_written_quoted_and_its_missing_history_said(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("member", "mroux", "--site", "13")
    assert exit_code == 0, output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == ['-site: "05"', '+site: "13"']
    assert (
        "Attention : l'affectation n'a pas d'historique. Refaits, les comptes rendus et les rapports de participation "
        "des 6 séances passées où figure Dr Marc Roux (2025-03-18-pleniere à 2026-10-13-pleniere) diront "
        "« Bouches-du-Rhône » au lieu de « Hautes-Alpes » ; les documents déjà envoyés ne changent pas."
    ) in output
    assert lint_records(records, dt.date(2026, 11, 25)).diagnostics == []
    exit_code, output = cli("member", "mroux", "--site", "head-office")
    assert exit_code == 0 and "site: head-office\n" in path.read_text(encoding="utf-8")


def test_a_site_the_college_does_not_have_is_refused_and_a_name_is_understood(records: Path) -> None:
    path = records / "members" / "mroux.yaml"
    before = path.read_bytes()
    exit_code, output = cli("member", "mroux", "--site", "99")
    assert exit_code == 2 and path.read_bytes() == before
    assert ("--site 99 : ni head-office (le siège) ni un département déclaré dans college.yaml (04 "
            "(Alpes-de-Haute-Provence), 05 (Hautes-Alpes)") in output
    assert "rien n'a été écrit." in output
    exit_code, output = cli("member", "mroux", "--site", "bouches-du-rhone")
    assert exit_code == 0, output
    assert 'site: "13"\n' in path.read_text(encoding="utf-8")


def test_a_namesake_is_told_to_choose_another_id(records: Path) -> None:
    args = ("--profession", "physician", "--status", "misp", "--site", "05", "--no-input")
    exit_code, output = run_cli("new-member", "--records", "records", "--first-name", "Marius", "--last-name", "Roux", *args)
    assert (exit_code, output) == (
        1,
        "collegekit : records/members/mroux.yaml existe déjà : rien n'a été écrit. Ce fichier est celui de Dr Marc "
        "Roux. Pour une autre personne, choisissez un autre identifiant avec --id, par exemple --id marius-roux.\n",
    )
    exit_code, output = run_cli("new-member", "--records", "records", "--first-name", "Sylvain", "--last-name", "Arnaud", *args)
    assert exit_code == 1 and output.endswith(
        "par exemple --id sylvain-arnaud ; si c'est Dr Sylvie Arnaud qui revient : "
        "« collegekit member sarnaud --rejoin AAAA-MM-JJ ».\n"
    )
    exit_code, output = run_cli(
        "new-member", "--records", "records", "--first-name", "Marius", "--last-name", "Roux", "--id", "marius-roux", *args
    )
    assert exit_code == 0 and (records / "members" / "marius-roux.yaml").exists(), output


def test_the_readmes_handover_of_the_presidency_runs_as_written(records: Path) -> None:
    import re
    import shlex

    readme = (EXAMPLE_RECORDS.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"pour passer la\s+main.*?```sh\n(.*?)```", readme, flags=re.DOTALL)
    assert block is not None
    for line in block[1].splitlines():
        command = shlex.split(line.split(" # ", 1)[0])
        assert command[:2] == ["collegekit", "member"]
        exit_code, output = cli(*command[1:])
        assert exit_code == 0, output
    college = load(records).college
    assert college is not None and college.roles_on(dt.date(2028, 1, 1))["mroux"].value == "president"
    assert college.roles_on(dt.date(2028, 1, 1))["cmoreau"].value == "bureau"
    assert lint_records(records, dt.date(2026, 11, 25)).diagnostics == []


def test_a_members_civility_name_profession_and_status_are_corrected_by_command(records: Path) -> None:
    path = records / "members" / "emercier.yaml"
    before = path.read_text(encoding="utf-8")
    exit_code, output = cli("member", "emercier", "--last-name", "Mercier-Blanc", "--profession", "cadre de santé",
                            "--status", "titulaire d'un autre corps")
    assert exit_code == 0, output
    assert sorted(changed_lines(before, path.read_text(encoding="utf-8"))) == sorted([
        "-last_name: Mercier", "-profession: nurse", "-status: contract",
        "+last_name: Mercier-Blanc", "+profession: health-manager", "+status: civil-servant",
    ])
    exit_code, output = cli("member", "emercier", "--profession", "aide-soignante")
    assert exit_code == 2 and "l'option --profession : « aide-soignante » n'est pas une valeur possible" in output
    exit_code, output = cli("member", "emercier", "--last-name", "")
    assert exit_code == 2 and "--last-name \"\" : un membre a toujours un prénom et un nom." in output
