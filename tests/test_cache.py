"""The cache of validated records (`<records>/.collegekit-cache/`, issue 17).

A run that reads the cache must find exactly what a run without it finds:
the same diagnostics at the same lines and columns, the same records, the
same documents; whatever the cache folder holds (cut short, garbage, another
version's, another file's entry, a folder, a link, someone else's), it is
ignored and rebuilt, never trusted and never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collegekit import cache
from collegekit.lint import lint_records
from collegekit.records import load
from tests.conftest import CASES, EXAMPLE_RECORDS, run_cli
from tests.test_cases import CASE_NAMES, TODAY, apply_case
from tests.test_fuzz import EXAMPLES, RECORD_FILES, mutate, mutation

DAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs without the cache (conftest); these tests use it."""
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(cache, "_disabled", False)


def use_key_of(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, sign as the user whose cache folder is `folder` does."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setattr(cache, "_key", None)
    monkeypatch.setattr(cache, "_no_key", False)


def findings(root: Path, *, use_cache: bool, remembered: bool = False) -> list[tuple[object, ...]]:
    """lint's findings; through the cache of validated records with
    `use_cache`, and also through lint's last result with `remembered`
    (without, the records are read every time, from that cache)."""
    if use_cache and not remembered:
        for path in (root / cache.FOLDER).glob("lint-*.json"):
            path.unlink()
    if not use_cache:
        os.environ[cache.NO_CACHE_ENV] = "1"
    try:
        result = lint_records(root, DAY)
    finally:
        os.environ.pop(cache.NO_CACHE_ENV, None)
    return [
        (d.code, d.severity, str(d.location.path), d.location.line, d.location.column, d.message, d.hint)
        for d in result.diagnostics
    ]


def documents(root: Path, *, use_cache: bool) -> dict[str, object]:
    """Every record as loaded (values and which fields the file gave), and the
    Markdown of every document when the college can be rendered."""
    result = load(root, cache=use_cache)
    college = result.college
    if college is None:
        return {"college": None, "diagnostics": [str(d) for d in result.diagnostics]}
    loaded: dict[str, object] = {"settings": _shape(college.settings)}
    for folder in ("members", "meetings", "fiches", "plans"):
        for record_id, record in college.records_of(folder).items():
            loaded[f"{folder}/{record_id}"] = _shape(record)
    loaded["unloadable"] = sorted(college.unloadable)
    if not result.errors:
        from collegekit.render import documents as kinds
        from collegekit.render.build import Renderer

        renderer = Renderer(college)
        for document in kinds.every_document(college):
            loaded[str(document.markdown_path)] = renderer.markdown(document)
    return loaded


def _shape(value: object) -> object:
    """A model as comparable data: its values, its type and the fields its
    file set (Pydantic's == leaves the last out, and plans read it)."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        fields = {name: _shape(getattr(value, name)) for name in type(value).model_fields}
        return (type(value).__name__, sorted(value.model_fields_set), fields)
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_shape(item) for item in value]
    return value


def copy_example(folder: Path) -> Path:
    root = folder / "records"
    shutil.copytree(EXAMPLE_RECORDS, root, ignore=shutil.ignore_patterns(cache.FOLDER))
    return root


def shards(root: Path) -> list[Path]:
    return sorted((root / cache.FOLDER).glob("records-*.json"))


def payload(path: Path) -> object:
    """What a cache file holds, once its signature is checked."""
    verified = cache.verified(path.read_bytes())
    assert verified is not None, f"{path.name} is not signed with this user's key"
    return json.loads(verified)


def write_payload(path: Path, content: object) -> None:
    """A cache file as collegekit would write it, signed with this user's key."""
    signed = cache.signed(json.dumps(content).encode("utf-8"))
    assert signed is not None
    path.write_bytes(signed)


# The same answers, cached or not.


@settings(max_examples=max(5, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(st.lists(st.tuples(st.sampled_from(RECORD_FILES), mutation), min_size=1, max_size=3),
                       min_size=1, max_size=3))
def test_a_cached_run_finds_exactly_what_a_run_without_the_cache_finds(rounds: list) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        root = copy_example(Path(folder))
        assert findings(root, use_cache=True) == findings(root, use_cache=False)  # fills the cache
        for edits in rounds:
            for file, change in edits:
                target = root / file
                text = target.read_text(encoding="utf-8", errors="surrogatepass")
                target.write_text(mutate(text, change), encoding="utf-8", errors="surrogatepass")
            expected = findings(root, use_cache=False)
            assert findings(root, use_cache=True, remembered=True) == expected  # records read from the cache
            assert findings(root, use_cache=True, remembered=True) == expected  # lint's last result given back
            assert documents(root, use_cache=True) == documents(root, use_cache=False)
        assert shards(root), "the cache was written"


@pytest.mark.parametrize("case", CASE_NAMES)
def test_every_case_reads_the_same_from_the_cache(case: str, college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    apply_case(case, college_dir)
    monkeypatch.chdir(college_dir.parent)
    expected = (CASES / case / "expected.txt").read_text(encoding="utf-8")
    for run in ("cold", "warm"):
        exit_code, output = run_cli("lint", "--records", "records", "--today", TODAY)
        assert f"{output}[exit {exit_code}]\n" == expected, run
    assert shards(college_dir)


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from collegekit import records

    root = copy_example(tmp_path)
    first = findings(root, use_cache=True)
    parsed: list[str] = []
    original = records._read_document
    monkeypatch.setattr(records, "_read_document",
                        lambda path, raw=None: parsed.append(path.name) or original(path, raw))
    assert findings(root, use_cache=True) == first
    # Only a file with a finding is read again, for the finding's position
    # (records.read_positions); the example college's clean files never are.
    with_findings = sorted({Path(found[2]).name for found in first})
    assert sorted(parsed) == with_findings
    parsed.clear()
    member = next((root / "members").glob("*.yaml"))
    member.write_text(member.read_text(encoding="utf-8") + "\n# modifié\n", encoding="utf-8")
    findings(root, use_cache=True)
    assert sorted(parsed) == sorted([member.name, *with_findings])


def test_a_changed_file_is_reported_at_its_exact_place(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    findings(root, use_cache=True)
    member = sorted((root / "members").glob("*.yaml"))[0]
    lines = member.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "colour: bleu")
    member.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cached = findings(root, use_cache=True)
    assert cached == findings(root, use_cache=False)
    assert ("unknown-key", "error", str(member), 2, 1) in [found[:5] for found in cached]
    # And read back from the cache, unchanged since: the same place.
    assert findings(root, use_cache=True) == cached


# What the cache is made of.


def test_the_cache_is_the_owners_only_and_ignored_by_git(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    findings(root, use_cache=True)
    folder = root / cache.FOLDER
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert shards(root)
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
                                capture_output=True, text=True, check=True).stdout
        assert cache.FOLDER not in status


def test_a_cache_folder_open_to_others_is_closed_again(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / cache.FOLDER).mkdir(mode=0o755)
    os.chmod(root / cache.FOLDER, 0o755)
    findings(root, use_cache=True)
    assert stat.S_IMODE((root / cache.FOLDER).stat().st_mode) == 0o700


def test_no_cache_option_and_variable_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_example(tmp_path)
    exit_code, _ = run_cli("--no-cache", "lint", "--records", str(root), "--today", "2026-11-25")
    assert exit_code in (0, 1)
    assert not (root / cache.FOLDER).exists()
    monkeypatch.setattr(cache, "_disabled", False)
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    run_cli("lint", "--records", str(root), "--today", "2026-11-25")
    assert not (root / cache.FOLDER).exists()


def test_no_cache_is_listed_in_the_help() -> None:
    exit_code, output = run_cli("--help")
    assert exit_code == 0
    assert "--no-cache" in output


def test_init_ignores_the_cache_in_git(tmp_path: Path) -> None:
    from collegekit.scaffold import init_files

    files = init_files(name="Collège", region="Provence", agency="ARS", city="Marseille", committee="CRU",
                       departements=[("13", "Bouches-du-Rhône")], ci=None)
    assert f"{cache.FOLDER}/" in files[".gitignore"].splitlines()


# Whatever the cache holds, it is ignored and rebuilt.


def _corrupt_every_shard(root: Path, damage: object) -> None:
    for path in shards(root):
        damage(path)  # type: ignore[operator]


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xff not json at all {[")


def _other_version(path: Path) -> None:
    content = payload(path)
    content["namespace"] = "another-collegekit"  # type: ignore[index]
    write_payload(path, content)


def _other_files_entries(path: Path) -> None:
    """Each entry given the content key and values of another file: a shard
    copied from elsewhere, or entries shuffled."""
    content = payload(path)
    entries = content["entries"]  # type: ignore[index]
    values = list(entries.values())
    content["entries"] = dict(zip(entries, values[1:] + values[:1], strict=True))  # type: ignore[index]
    write_payload(path, content)


def _entries_of_garbage(path: Path) -> None:
    """Each entry under its own content key, but its values nonsense: the
    key matches, the entry does not read back."""
    content = payload(path)
    for value in content["entries"].values():  # type: ignore[index]
        value[1] = json.dumps({"problems": [["x"]], "data": {"name": 3}, "body": 1})
    write_payload(path, content)


def _unsigned(path: Path) -> None:
    """The same content, its signature gone: as anyone could write it."""
    path.write_bytes(path.read_bytes().partition(b"\n")[2])


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize(
    "damage",
    [_truncate, _garbage, _other_version, _other_files_entries, _entries_of_garbage, _unsigned, _folder, _fifo],
    ids=["truncated", "garbage", "other-version", "wrong-key", "entries-of-garbage", "unsigned", "directory", "fifo"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: object) -> None:
    root = copy_example(tmp_path)
    expected = findings(root, use_cache=False)
    expected_documents = documents(root, use_cache=False)
    findings(root, use_cache=True)
    _corrupt_every_shard(root, damage)
    assert findings(root, use_cache=True) == expected
    assert documents(root, use_cache=True) == expected_documents
    # Rebuilt: every shard a file again, read back whole.
    for path in shards(root):
        assert path.is_file()
        payload(path)
    assert findings(root, use_cache=True) == expected


def test_an_unreadable_shard_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_example(tmp_path)
    expected = findings(root, use_cache=False)
    findings(root, use_cache=True)
    for path in shards(root):
        os.chmod(path, 0)
    real_open = os.open

    def refusing(path: object, flags: int, *args: object) -> int:
        # As root, a mode of 0 does not stop reading: refuse as the system would.
        if str(path).endswith(".json") and cache.FOLDER in str(path) and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(cache.os, "open", refusing)
    assert findings(root, use_cache=True) == expected


def test_an_unwritable_cache_is_only_a_slower_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_example(tmp_path)
    expected = findings(root, use_cache=False)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "_replace", full)
    assert findings(root, use_cache=True) == expected


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_someone_elses_cache_is_never_used(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    expected = findings(root, use_cache=False)
    findings(root, use_cache=True)
    for path in shards(root):
        os.chown(path, 12345, 12345)
    assert findings(root, use_cache=True) == expected
    # Someone else's shards are replaced by this user's own.
    assert all(path.stat().st_uid == os.geteuid() for path in shards(root))
    # Someone else's folder is neither read nor written.
    os.chown(root / cache.FOLDER, 12345, 12345)
    before = {path.name: path.read_bytes() for path in shards(root)}
    member = sorted((root / "members").glob("*.yaml"))[0]
    member.write_text(member.read_text(encoding="utf-8") + "# modifié\n", encoding="utf-8")
    assert findings(root, use_cache=True) == findings(root, use_cache=False)
    assert {path.name: path.read_bytes() for path in shards(root)} == before


def test_a_cache_folder_that_is_a_link_is_never_written_through(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (root / cache.FOLDER).symlink_to(elsewhere, target_is_directory=True)
    expected = findings(root, use_cache=False)
    assert findings(root, use_cache=True) == expected
    assert list(elsewhere.iterdir()) == []
    assert (root / cache.FOLDER).is_symlink()


def test_a_shard_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    expected = findings(root, use_cache=False)
    findings(root, use_cache=True)
    target = tmp_path / "secret.json"
    target.write_text("{}", encoding="utf-8")
    first = shards(root)[0]
    first.unlink()
    first.symlink_to(target)
    assert findings(root, use_cache=True) == expected
    assert target.read_text(encoding="utf-8") == "{}"


def test_a_cache_folder_that_is_a_file_is_ignored(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / cache.FOLDER).write_text("pas un dossier", encoding="utf-8")
    assert findings(root, use_cache=True) == findings(root, use_cache=False)
    assert (root / cache.FOLDER).read_text(encoding="utf-8") == "pas un dossier"


def test_two_processes_at_once_never_corrupt_the_cache(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    expected = findings(root, use_cache=False)
    command = [sys.executable, "-m", "collegekit", "lint", "--records", str(root), "--today", "2026-11-25",
               "--format", "json"]
    environment = {key: value for key, value in os.environ.items() if key != cache.NO_CACHE_ENV}
    for _ in range(3):
        shutil.rmtree(root / cache.FOLDER, ignore_errors=True)
        running = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
                   for _ in range(3)]
        outputs = [process.communicate() for process in running]
        assert len({stdout for stdout, _ in outputs}) == 1
        assert all(b"Traceback" not in stderr for _, stderr in outputs)
        for path in shards(root):
            payload(path)
    assert findings(root, use_cache=True) == expected


# The plain data of a record goes through JSON exactly.


@pytest.mark.parametrize(
    "value",
    [
        {"follow_up": {1: {"status": "done"}, 2: "open"}},
        {"a": [1, 1.0, True, None, "1", float("inf")], "b": {"c": [{"d": -0.0}]}},
        {"keys": {True: 1, 3.5: 2, None: 3}},
    ],
)
def test_plain_data_comes_back_exactly(value: object) -> None:
    assert cache.round_trips(value)
    assert repr(cache.loads(cache.dumps(value))) == repr(value)


def test_data_that_would_not_come_back_exactly_is_not_kept() -> None:
    assert not cache.round_trips({"a": {"\x00collegekit-pairs": [["b", 1]]}})


# Signed with this user's key: a cache written anywhere else is not used.


def test_a_cache_forged_elsewhere_cannot_hide_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull request could commit a cache whose entries say its broken
    records are clean; CI signs with a key of its own, and ignores it."""
    root = copy_example(tmp_path)
    use_key_of(tmp_path / "contributor", monkeypatch)
    findings(root, use_cache=True)
    member = sorted((root / "members").glob("*.yaml"))[0]
    relative = f"members/{member.name}"
    broken = member.read_text(encoding="utf-8") + "colour: bleu\n"
    # The entry of the clean file, filed under the broken file's content.
    for path in shards(root):
        content = payload(path)
        entries = content["entries"]  # type: ignore[index]
        if relative in entries:
            entries[relative][0] = cache.content_key(broken.encode("utf-8"))
            write_payload(path, content)
    member.write_text(broken, encoding="utf-8")
    hidden = findings(root, use_cache=True)
    assert "unknown-key" not in [found[0] for found in hidden], "the forged entry is read under its own key"
    use_key_of(tmp_path / "ci", monkeypatch)
    assert findings(root, use_cache=True) == findings(root, use_cache=False)
    assert "unknown-key" in [found[0] for found in findings(root, use_cache=True)]
    # Each shard is written again, under this key.
    for path in shards(root):
        payload(path)


def test_no_key_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder where the key cannot be kept: the records are read
    afresh, and nothing is written beside them."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    use_key_of(blocked, monkeypatch)
    root = copy_example(tmp_path)
    assert findings(root, use_cache=True) == findings(root, use_cache=False)
    assert not (root / cache.FOLDER).exists()


def test_the_key_is_the_users_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_key_of(tmp_path / "home-cache", monkeypatch)
    assert cache.key() is not None
    path = tmp_path / "home-cache" / "collegekit" / "cache-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    # A key others can read is no key: no cache rather than a forgeable one.
    os.chmod(path, 0o644)
    use_key_of(tmp_path / "home-cache", monkeypatch)
    assert cache.key() is None


# lint's last result.


def lint_result(root: Path) -> Path:
    found = sorted((root / cache.FOLDER).glob("lint-*.json"))
    assert len(found) == 1
    return found[0]


@pytest.fixture
def linted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[tuple[object, ...]], list[str]]:
    """A college linted once through the cache, and a list that each later
    lint that reads the records appends to."""
    from collegekit import lint

    root = copy_example(tmp_path)
    member = sorted((root / "members").glob("*.yaml"))[0]
    member.write_text(member.read_text(encoding="utf-8") + "colour: bleu\n", encoding="utf-8")
    first = findings(root, use_cache=True, remembered=True)
    assert first and first == findings(root, use_cache=False)
    linted: list[str] = []
    original = lint._lint
    monkeypatch.setattr(lint, "_lint", lambda *args: linted.append("linted") or original(*args))
    return root, first, linted


def test_an_unchanged_college_is_not_linted_again(linted: tuple[Path, list[tuple[object, ...]], list[str]]) -> None:
    root, first, linted_again = linted
    assert findings(root, use_cache=True, remembered=True) == first
    assert linted_again == []


def _add_image_bytes(root: Path) -> None:
    image = next(path for path in root.rglob("*") if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif"))
    with image.open("ab") as stream:
        stream.write(b"\0")


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "meetings" / "notes.txt").write_text("brouillon\n", encoding="utf-8"),
        lambda root: sorted((root / "fiches").glob("*.yaml"))[0].unlink(),
        lambda root: (root / "members" / "copie.yaml").symlink_to(sorted((root / "members").glob("*.yaml"))[0]),
        lambda root: sorted((root / "plans").glob("*.yaml"))[0].write_text("year: [\n", encoding="utf-8"),
        _add_image_bytes,
    ],
    ids=["file-added", "file-removed", "link-added", "record-changed", "image-changed"],
)
def test_any_change_under_the_records_is_linted(
    change: object, linted: tuple[Path, list[tuple[object, ...]], list[str]]
) -> None:
    root, first, linted_again = linted
    change(root)  # type: ignore[operator]
    cached = findings(root, use_cache=True, remembered=True)
    assert linted_again == ["linted"]
    assert cached == findings(root, use_cache=False)


def test_another_day_or_other_checks_are_linted(linted: tuple[Path, list[tuple[object, ...]], list[str]]) -> None:
    root, first, linted_again = linted
    assert lint_records(root, DAY + dt.timedelta(days=400)).diagnostics != []
    lint_records(root, DAY, select=["references"])
    lint_records(root, DAY, ignore=["unknown-key"])
    assert linted_again == ["linted"] * 3


@pytest.mark.parametrize("damage", [_truncate, _garbage, _unsigned, _fifo], ids=["truncated", "garbage", "unsigned", "fifo"])
def test_a_damaged_lint_result_is_ignored(
    damage: object, linted: tuple[Path, list[tuple[object, ...]], list[str]]
) -> None:
    root, first, linted_again = linted
    damage(lint_result(root))  # type: ignore[operator]
    assert findings(root, use_cache=True, remembered=True) == first
    assert linted_again == ["linted"]
    payload(lint_result(root))


def test_a_lint_result_of_other_records_is_not_given_back(
    linted: tuple[Path, list[tuple[object, ...]], list[str]], tmp_path: Path
) -> None:
    """Copied beside other records (signed by the same user), the result is
    another key's: those records are linted."""
    root, first, linted_again = linted
    other = copy_example(tmp_path / "other")
    (other / cache.FOLDER).mkdir(mode=0o700)
    shutil.copy(lint_result(root), other / cache.FOLDER)
    cached = findings(other, use_cache=True, remembered=True)
    assert linted_again == ["linted"]
    assert cached == findings(other, use_cache=False)


def test_records_changed_while_linted_are_not_remembered(
    linted: tuple[Path, list[tuple[object, ...]], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from collegekit import lint

    root, first, _ = linted
    lint_result(root).unlink()
    member = sorted((root / "members").glob("*.yaml"))[1]
    original = lint._lint

    def edited_meanwhile(*args: object) -> object:
        result = original(*args)
        member.write_text(member.read_text(encoding="utf-8") + "# modifié pendant la vérification\n",
                          encoding="utf-8")
        return result

    monkeypatch.setattr(lint, "_lint", edited_meanwhile)
    lint_records(root, DAY)
    assert not list((root / cache.FOLDER).glob("lint-*.json"))


# Compiled templates (render.template_cache).


def rendered(root: Path, out: Path) -> dict[str, bytes]:
    exit_code, output = run_cli("render", "all", "--records", str(root), "--format", "md", "--out", str(out))
    assert exit_code == 0, output
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*.md"))}


def compiled_templates(root: Path) -> list[Path]:
    return sorted((root / cache.FOLDER).glob("templates-*.bin"))


def test_compiled_templates_give_the_same_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_example(tmp_path)
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    expected = rendered(root, tmp_path / "without")
    monkeypatch.delenv(cache.NO_CACHE_ENV)
    assert rendered(root, tmp_path / "compiling") == expected
    assert compiled_templates(root)
    for path in compiled_templates(root):
        assert cache.verified(path.read_bytes()) is not None
    assert rendered(root, tmp_path / "compiled") == expected


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    rendered(root, tmp_path / "first")
    own = tmp_path / "templates"
    own.mkdir()
    builtin = Path(__file__).parent.parent / "templates" / "minutes.md.j2"
    (own / "minutes.md.j2").write_text(builtin.read_text(encoding="utf-8") + "\nModèle du collège.\n",
                                       encoding="utf-8")
    documents = rendered(root, tmp_path / "second")
    minutes = [text for name, text in documents.items() if "compte-rendu" in name or "minutes" in name]
    assert minutes and all(text.rstrip().endswith("Modèle du collège.".encode()) for text in minutes)


def test_compiled_code_not_signed_by_this_user_is_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled templates are Python code: a file of them committed beside the
    records (signed with another key, or not at all) is compiled afresh."""
    use_key_of(tmp_path / "user", monkeypatch)
    root = copy_example(tmp_path)
    expected = rendered(root, tmp_path / "first")
    import io
    import marshal
    import pickle

    from jinja2.bccache import bc_magic

    hostile = marshal.dumps(compile("raise SystemExit('code venu du dépôt')", "<hostile>", "exec"))
    paths = compiled_templates(root)
    assert paths
    forged = {}
    for path in paths:
        # Right magic, right checksum of the template's source: only the
        # signature tells this file from one collegekit wrote.
        stream = io.BytesIO(cache.verified(path.read_bytes()))  # type: ignore[arg-type]
        assert stream.read(len(bc_magic)) == bc_magic
        forged[path] = bc_magic + pickle.dumps(pickle.load(stream), 2) + hostile
    use_key_of(tmp_path / "elsewhere", monkeypatch)
    signed_elsewhere = {path: cache.signed(data) for path, data in forged.items()}
    use_key_of(tmp_path / "user", monkeypatch)
    for index, path in enumerate(paths):
        path.write_bytes(forged[path] if index % 2 else signed_elsewhere[path])  # type: ignore[arg-type]
    assert rendered(root, tmp_path / "second") == expected
