"""A record's words come out literally, in Markdown and in Word: a name with
`*`, `_`, `#`, `|`, `<`, `[` or a backslash, and attempts at raw Word XML,
HTML or TeX, whether in plain fields or in the meeting's Markdown prose."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypandoc
import pytest

from collegekit.render.markdown import escape
from tests.conftest import run_cli

LAST_NAME = r"Du*p_o#n|t <b>[x](y) \ ~z~ $m$ @c"
ITEM_TITLE = "Veille `<w:p><w:r><w:t>INJECTÉ-TITRE</w:t></w:r></w:p>`{=openxml} | # <script>"
POINT = r"Point * avec _ des | tubes \ et [crochets] et <balises> et &amp; et {.attr}"
BODY = """\
Texte libre avec `<w:p><w:r><w:t>INJECTÉ-PROSE</w:t></w:r></w:p>`{=openxml} et <div>html</div>.

```{=openxml}
<w:p><w:r><w:t>INJECTÉ-BLOC</w:t></w:r></w:p>
```

\\begin{center}tex\\end{center}

---
title: titre pirate
---
"""


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture
def hostile(college_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    member = college_dir / "members" / "bdupont.yaml"
    member.write_text(member.read_text().replace("last_name: Dupont", f"last_name: {_quoted(LAST_NAME)}"))
    meeting = college_dir / "meetings" / "2024-03-12-pleniere.md"
    text = meeting.read_text()
    text = text.replace("### a) Veille sanitaire", f"### a) {ITEM_TITLE}")
    # A point is Markdown: written escaped, its characters come out as written.
    text = text.replace("- Point d'information.", f"- {escape(POINT)}")
    text = text.replace("Intervenants : @amartin,", "Intervenants : @bdupont, @amartin,")
    text = text.replace("Le compte rendu en prose.\n", BODY)
    meeting.write_text(text)
    monkeypatch.chdir(college_dir.parent)
    assert run_cli("lint", "--records", str(college_dir), "--select", "references")[0] == 0
    return college_dir


@pytest.fixture
def rendered(hostile: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    exit_code, output = run_cli("render", "minutes", "2024-03-12-pleniere", "--records", str(hostile), "--out", str(out))
    assert exit_code == 0, output
    return out / "comptes-rendus" / "2024-03-12-pleniere-compte-rendu"


def test_markdown_shows_the_words_literally(rendered: Path) -> None:
    text = pypandoc.convert_file(
        str(rendered.with_suffix(".md")), "plain", format="markdown-raw_html-raw_attribute-raw_tex-yaml_metadata_block",
        extra_args=["--wrap=none"],
    )
    for words in (LAST_NAME, ITEM_TITLE, POINT):
        assert words in text


def test_word_document_shows_the_words_literally(rendered: Path) -> None:
    text = pypandoc.convert_file(str(rendered.with_suffix(".docx")), "plain", extra_args=["--wrap=none"])
    for words in (LAST_NAME, ITEM_TITLE, POINT):
        assert words in text
    # The prose keeps its text, raw parts shown as text or dropped, never run.
    assert "INJECTÉ-PROSE" in text


def test_no_raw_word_xml_gets_in(rendered: Path) -> None:
    with zipfile.ZipFile(rendered.with_suffix(".docx")) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        core = archive.read("docProps/core.xml").decode("utf-8")
    for marker in ("INJECTÉ-TITRE", "INJECTÉ-PROSE", "INJECTÉ-BLOC"):
        assert f"<w:t>{marker}</w:t>" not in document
    assert "<script>" not in document and "<div>" not in document
    # A metadata block in the prose does not retitle the document.
    assert "titre pirate" not in core
