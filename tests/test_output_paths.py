"""Where the commands write: rendered documents stay inside --out whatever
the records and the command line say, and an output file named by the user
is written where asked or refused with a French message, never a traceback.

What could send a file elsewhere, read from the code:
- document names come from record ids (file names checked against a slug
  pattern by the loader) and from ids typed on the command line (`render
  minutes ../../x`): a name that is not a loaded record must be refused;
- the output folder is often committed: a folder inside it (comptes-rendus/,
  plans/...) may be a symbolic link, leading inside it, out of it, or
  nowhere; `write` refuses one that leads out before writing anything
  (`--out` itself may be a link: the user named it);
- explicit output files (`compliance --out`, `attendance-certificate --out`...)
  may be a directory, lie under a regular file, be empty or go through `..`.

Property-based like tests/test_fuzz.py: FUZZ_EXAMPLES sets the number of
examples (25 by default, `make fuzz` more).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from collegekit.cli import app
from collegekit.records import load
from collegekit.render import documents
from tests.conftest import BASE_RECORDS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = "2024-11-01"


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    # Whatever happens, an answer and an exit code, never a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output, result.output
    if result.exit_code != 0:
        assert "collegekit : " in result.output, result.output  # the French message of `fail`
    return result


Tree = dict[str, tuple[str, bytes]]


def tree(root: Path) -> Tree:
    """Every file and link below `root`, links not followed."""
    found: Tree = {}
    for folder, folders, files in os.walk(root):
        for name in files + folders:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path).encode())
            elif path.is_file():
                found[key] = ("file", path.read_bytes())
    return found


def changed(before: Tree, after: Tree) -> set[str]:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A fresh folder, the current folder while in use: a file written
    relative to the current folder is seen too. Resolved: /tmp may be a link."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder).resolve()
        with contextlib.chdir(base):
            yield base


# --- rendered documents ------------------------------------------------------

FOLDERS = sorted(documents.FOLDERS.values())
HARMLESS = ("absent", "folder", "link inside")
HARMFUL = ("link outside", "dangling link", "file")
# Each folder harmless, then at most two made harmful: renders that succeed
# are drawn as often as refused ones.
layouts_of_out = st.tuples(
    st.fixed_dictionaries({folder: st.sampled_from(HARMLESS) for folder in FOLDERS}),
    st.dictionaries(st.sampled_from(FOLDERS), st.sampled_from(HARMFUL), max_size=2),
).map(lambda drawn: {**drawn[0], **drawn[1]})

_characters = st.characters(codec="utf-8", exclude_characters="/\x00")
slug = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6), min_size=1, max_size=3).map(
    "-".join
)
valid_stem = st.builds(lambda day, slug: f"{day.isoformat()}-{slug}", st.dates(), slug)
any_stem = st.text(_characters, min_size=1, max_size=30)
meeting = st.tuples(
    valid_stem,
    # The title, printable (YAML refuses control characters): it may feed nothing but the text.
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc",)), min_size=1, max_size=30),
    st.sampled_from(["plenary", "bureau", "extraordinary"]),
    st.sampled_from(["held", "planned", "cancelled"]),
)
# Now and then a file whose name is no id: it stops the whole render, so rarely.
misnamed = st.one_of(st.none(), st.none(), st.none(), any_stem)
out_spelling = st.sampled_from(["out", "./x/../out", "absolute", "link to the folder"])


def add_meeting(records: Path, stem: str, title: str, kind: str, status: str) -> None:
    day = stem[:10] if len(stem) > 10 and stem[:10].count("-") == 2 else "2024-05-02"
    (records / "meetings" / f"{stem}.md").write_text(
        "---\n"
        f"kind: {kind}\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"date: {day}\n"
        'start: "14:00"\n'
        'end: "16:00"\n'
        "format: video\n"
        f"status: {status}\n"
        "---\n",
        encoding="utf-8",
    )


def lay_out(base: Path, spelling: str, layouts: dict[str, str]) -> tuple[str, Path]:
    """The output folder as the user names it, where it really is, and what it already holds."""
    real = base / "real-out" if spelling == "link to the folder" else base / "out"
    real.mkdir()
    for folder, layout in layouts.items():
        path = real / folder
        if layout == "folder":
            path.mkdir()
        elif layout == "link inside":
            (real / f"archive-{folder}").mkdir()
            path.symlink_to(f"archive-{folder}")
        elif layout == "link outside":
            (base / "elsewhere" / folder).mkdir(parents=True)
            path.symlink_to(base / "elsewhere" / folder)
        elif layout == "dangling link":
            path.symlink_to(base / "nowhere" / folder)
        elif layout == "file":
            path.write_text("pas un dossier\n", encoding="utf-8")
    if spelling == "link to the folder":
        (base / "out-link").symlink_to(real)
        return "out-link", real
    return {"out": "out", "./x/../out": "./x/../out", "absolute": str(real)}[spelling], real


@FUZZ
@given(
    meetings=st.lists(meeting, max_size=2),
    stray=misnamed,
    spelling=out_spelling,
    layouts=layouts_of_out,
)
def test_render_all_writes_only_inside_out(
    meetings: list[tuple[str, str, str, str]], stray: str | None, spelling: str, layouts: dict[str, str]
) -> None:
    with workspace() as base:
        records = base / "records"
        shutil.copytree(BASE_RECORDS, records)
        for stem, title, kind, status in meetings:
            add_meeting(records, stem, title, kind, status)
        if stray is not None:
            add_meeting(records, stray, "Séance", "plenary", "held")
        out, real = lay_out(base, spelling, layouts)
        loaded = load(records)
        college = loaded.college if loaded.college is not None and not loaded.errors else None
        needed = {doc.output.parts[0] for doc in documents.every_document(college)} if college else set()
        before = tree(base)

        result = invoke("render", "all", "--records", str(records), "--out", out, "--format", "md")

        written = changed(before, tree(base))
        # Nothing changes outside the real output folder, whatever its folders lead to.
        assert all((base / key).is_relative_to(real) for key in written), (written, result.output)
        if college is None:
            event("records with errors")
            assert result.exit_code == 1 and not written, result.output  # records with errors: nothing rendered
        elif any(layouts[folder] in ("link outside", "dangling link") for folder in needed):
            event("a folder leading out")
            assert result.exit_code == 2 and "mène hors du dossier de sortie" in result.output, result.output
            assert not written  # refused before the first file
        elif any(layouts[folder] == "file" for folder in needed):
            event("a file in place of a folder")
            assert result.exit_code == 2 and "écriture impossible" in result.output, result.output
        else:
            event("rendered")
            assert result.exit_code == 0, result.output
            expected = {doc.markdown_path for doc in documents.every_document(college)}
            assert all((real / path).resolve().is_file() for path in expected)
            assert all((real / path).resolve().is_relative_to(real) for path in expected)


# Ids as typed on the command line: a path, a file name, dots, anything.
typed_id = st.one_of(
    st.sampled_from(
        [
            "2024-03-12-pleniere",
            "meetings/2024-03-12-pleniere.md",
            "../../2024-03-12-pleniere",
            "../../../etc/passwd",
            "..",
            "amartin",
            "../members/amartin.yaml",
            "2024-work",
            "../2024-work.yaml",
            "2024",
            "/",
        ]
    ),
    st.text(_characters, min_size=1, max_size=30),
)
single_command = st.sampled_from(["minutes", "agenda", "fiche", "plan", "review"])


@FUZZ
@given(command=single_command, typed=typed_id)
def test_a_typed_id_names_a_record_or_is_refused(command: str, typed: str) -> None:
    with workspace() as base:
        records = base / "records"
        shutil.copytree(BASE_RECORDS, records)
        before = tree(base)

        # After `--`: a typed id starting with "-" is an id, not an option.
        result = invoke("render", command, "--records", str(records), "--out", "out", "--format", "md", "--", typed)

        written = changed(before, tree(base))
        assert all((base / key).is_relative_to(base / "out") for key in written), (written, result.output)
        if result.exit_code == 0:
            assert len(written) == 1, written
            (path,) = written
            assert path.startswith(f"out/{documents.FOLDERS[command]}/"), path
        else:
            assert result.exit_code == 2 and not written, result.output


def test_a_folder_leading_out_stops_every_format_before_any_write() -> None:
    with workspace() as base:
        records = base / "records"
        shutil.copytree(BASE_RECORDS, records)
        (base / "out").mkdir()
        (base / "hooks").mkdir()
        (base / "out" / "plans").symlink_to("../hooks")
        before = tree(base)

        result = invoke("render", "all", "--records", str(records), "--out", "out")

        assert result.exit_code == 2
        assert result.output == (
            "collegekit : « out/plans » mène hors du dossier de sortie « out » (vers hooks) : aucun document "
            "n'est écrit. Remplacez ce lien symbolique par un dossier, ou choisissez un autre --out.\n"
        )
        assert changed(before, tree(base)) == set()


# --- output files named by the user ---------------------------------------------

RECORDS_ARGS = ("--records", str(BASE_RECORDS), "--today", TODAY)


@dataclass(frozen=True)
class Output:
    name: str
    command: tuple[str, ...]
    suffix: str


OUTPUTS = [
    Output("compliance md", ("compliance", "--year", "2024", "--format", "md"), ".md"),
    Output("coverage md", ("coverage", "--format", "md"), ".md"),
    Output("attendance-report md", ("attendance-report", "--year", "2024", "--format", "md"), ".md"),
    Output("attendance-report docx", ("attendance-report", "--year", "2024", "--format", "docx", "--no-charts"),
           ".docx"),
    Output("attendance-report xlsx", ("attendance-report", "--year", "2024", "--format", "xlsx"), ".xlsx"),
    Output("attendance-certificate md", ("attendance-certificate", "amartin", "--year", "2024"), ".md"),
    Output("attendance-certificate docx", ("attendance-certificate", "amartin", "--year", "2024", "--format", "docx"),
           ".docx"),
]  # fmt: skip

CASES = ("through ..", "an existing folder", "under a file", "empty")


def _cases() -> list[object]:
    return [pytest.param(output, case, id=f"{output.name}-{case}") for output in OUTPUTS for case in CASES]


@pytest.mark.parametrize(("output", "case"), _cases())
def test_an_output_file_goes_where_asked_or_is_refused(output: Output, case: str) -> None:
    with workspace() as base:
        (base / "folder").mkdir()
        (base / "a-file").write_text("pas un dossier\n", encoding="utf-8")
        target = {
            "through ..": f"a/../b/document{output.suffix}",
            "an existing folder": "folder",
            "under a file": f"a-file/document{output.suffix}",
            "empty": "",
        }[case]
        before = tree(base)

        result = invoke(*output.command, *RECORDS_ARGS, "--out", target)

        written = changed(before, tree(base))
        if case == "through ..":
            assert result.exit_code == 0, result.output
            assert (base / "b" / f"document{output.suffix}").is_file()
            assert all(key.startswith("b/") for key in written), written  # the report's charts go beside it
        else:
            assert result.exit_code == 2, result.output
            assert written == set(), written


REPORT_MD = ("attendance-report", "--year", "2024", "--format", "md")
CERTIFICATE = ("attendance-certificate", "amartin", "--year", "2024")
NO_FILE_NAME = "--out ne nomme pas de fichier : indiquez le fichier à écrire, par exemple --out participation.md."


@pytest.mark.parametrize(
    ("command", "target", "message"),
    [
        pytest.param(REPORT_MD, "", NO_FILE_NAME, id="report-empty"),
        pytest.param(REPORT_MD, ".", NO_FILE_NAME, id="report-dot"),
        pytest.param(REPORT_MD, "/", NO_FILE_NAME, id="report-root"),
        pytest.param(REPORT_MD, "folder/..", NO_FILE_NAME, id="report-dot-dot"),
        pytest.param(
            ("attendance-report", "--year", "2024", "--format", "xlsx"),
            "",
            "--out ne nomme pas de fichier : indiquez le fichier à écrire, par exemple --out participation.xlsx.",
            id="report-xlsx-empty",
        ),
        pytest.param(
            REPORT_MD,
            "folder",
            "« folder » est un dossier : indiquez un nom de fichier avec --out, par exemple "
            "--out folder/participation.md.",
            id="report-folder",
        ),
        pytest.param(
            REPORT_MD,
            "a-file/rapport.md",
            "« a-file » est un fichier, pas un dossier : impossible d'y écrire « a-file/rapport.md ». "
            "Choisissez un autre --out.",
            id="report-under-a-file",
        ),
        pytest.param(
            REPORT_MD,
            "a-file/../rapport.md",
            "« a-file » est un fichier, pas un dossier : impossible d'y écrire « a-file/../rapport.md ». "
            "Choisissez un autre --out.",
            id="report-through-a-file",
        ),
        pytest.param(
            REPORT_MD,
            "rapport.md",
            "« rapport-graphiques » n'est pas un dossier, or les graphiques du rapport vont dans un dossier de ce "
            "nom : déplacez ce fichier, choisissez un autre --out, ou ajoutez --no-charts.",
            id="report-charts-folder-is-a-file",
        ),
        pytest.param(
            ("attendance-report", "--year", "2024", "--format", "docx", "--no-charts"),
            "-",
            "le format docx s'écrit dans un fichier : indiquez --out FICHIER.docx.",
            id="report-docx-dash",
        ),
        pytest.param(
            ("attendance-report", "--year", "2024", "--format", "xlsx"),
            "-",
            "le format xlsx s'écrit dans un fichier : indiquez --out FICHIER.xlsx.",
            id="report-xlsx-dash",
        ),
        pytest.param(
            (*REPORT_MD, "--charts"),
            "-",
            "les graphiques d'un rapport md sont des images : indiquez --out FICHIER.md.",
            id="report-charts-dash",
        ),
        pytest.param(
            CERTIFICATE,
            "",
            "--out ne nomme pas de fichier : indiquez le fichier à écrire, par exemple "
            "--out attestation-2024-amartin.md.",
            id="certificate-empty",
        ),
        pytest.param(
            (*CERTIFICATE, "--format", "docx"),
            "folder",
            "« folder » est un dossier : indiquez un nom de fichier avec --out, par exemple "
            "--out folder/attestation-2024-amartin.docx.",
            id="certificate-folder",
        ),
        pytest.param(
            (*CERTIFICATE, "--format", "docx"),
            "-",
            "le format docx s'écrit dans un fichier : indiquez --out FICHIER.docx.",
            id="certificate-docx-dash",
        ),
    ],
)
def test_attendance_outputs_refused_with_what_to_do(command: tuple[str, ...], target: str, message: str) -> None:
    # Refused before the records are read: nothing written, not even the
    # report's charts folder (which used to come before the refusal).
    with workspace() as base:
        (base / "folder").mkdir()
        (base / "a-file").write_text("pas un dossier\n", encoding="utf-8")
        (base / "rapport-graphiques").write_text("pas un dossier\n", encoding="utf-8")
        before = tree(base)

        result = invoke(*command, *RECORDS_ARGS, "--out", target)

        assert (result.exit_code, result.output) == (2, f"collegekit : {message}\n")
        assert changed(before, tree(base)) == set()
        assert sorted(path.name for path in base.iterdir()) == ["a-file", "folder", "rapport-graphiques"]
        assert list((base / "folder").iterdir()) == []


@pytest.mark.parametrize(
    ("command", "start"),
    [
        (REPORT_MD, "# Participation aux séances du collège — 2024\n"),
        (("attendance-report", "--year", "2024", "--format", "csv"), "\ufeff"),
        (("attendance-report", "--year", "2024", "--format", "json"), "{"),
        (CERTIFICATE, "# Attestation de participation — 2024\n"),
    ],
    ids=["report-md", "report-csv", "report-json", "certificate-md"],
)
def test_dash_is_the_standard_output(command: tuple[str, ...], start: str) -> None:
    # As for attendance-certificate: `--out -` prints a text format, it does
    # not write a file named « - » (nor a folder « --graphiques »).
    with workspace() as base:
        result = invoke(*command, *RECORDS_ARGS, "--out", "-")

        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(start), result.stdout[:200]
        assert "![" not in result.stdout  # no charts without a file for them to sit beside
        assert list(base.iterdir()) == []


def test_a_report_that_fails_takes_its_charts_back(monkeypatch: pytest.MonkeyPatch) -> None:
    # A failure the path check cannot foresee (a full disk) once the charts
    # are written: the charts this run added go, images already there stay.
    import errno

    from collegekit.attendance_report import outputs

    real = outputs.write_atomically

    def disk_full_for_the_report(path: Path, content: str | bytes) -> None:
        if path.suffix == ".md":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, content)

    monkeypatch.setattr(outputs, "write_atomically", disk_full_for_the_report)
    with workspace() as base:
        (base / "ancien-graphiques").mkdir()
        (base / "ancien-graphiques" / "garder.png").write_bytes(b"ancienne image")
        before = tree(base)

        for name in ("nouveau.md", "ancien.md"):
            result = invoke(*REPORT_MD, *RECORDS_ARGS, "--out", name)
            assert (result.exit_code, result.output) == (
                2,
                f"collegekit : impossible d'écrire {name} : plus de place sur le disque.\n",
            )

        assert changed(before, tree(base)) == set()
        assert sorted(path.name for path in base.iterdir()) == ["ancien-graphiques"]
