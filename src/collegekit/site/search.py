"""Search across the site's pages: Pagefind, and a fallback for file://.

Pagefind (its binary comes in the pagefind-bin wheel) indexes the built
pages into `pagefind/`; the browser fetches its index fragments and its
WebAssembly as needed. Browsers refuse `fetch` and module imports from
`file://` pages, so a site opened from a shared drive cannot use it: for
that case the site also carries `assets/search-index.js`, every page's main
text as one script (loaded with a plain <script> tag, which file:// allows),
and `assets/search.js` searches it word by word. search.js uses Pagefind
when the page comes from a web server, the fallback otherwise.

Pagefind runs on a copy of the pages in a scratch folder: nothing is
written in the site's folder but by render.build.write, and `--check`
compares Pagefind's files like any other.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from collegekit.render.errors import PandocError
from collegekit.site.build import Page

INDEX = PurePosixPath("assets/search-index.js")
# The HTML pages the search covers: the main content of each (data-pagefind-body).
_BODY = "data-pagefind-body"


class SearchError(PandocError):
    """Pagefind missing or failing (an environment problem, exit code 2)."""


def pagefind_executable() -> str:
    try:
        import pagefind_bin

        return str(pagefind_bin.get_executable())
    except (ImportError, OSError) as error:
        raise SearchError(
            f"Pagefind est introuvable ({error}) : réinstallez collegekit avec son paquet pagefind-bin."
        ) from None


def pagefind(pages: Iterable[Page]) -> list[Page]:
    """Pagefind's index of the HTML pages, as files of the site's pagefind/."""
    executable = pagefind_executable()
    with tempfile.TemporaryDirectory(prefix="collegekit-site-") as scratch:
        site = Path(scratch, "site")
        for page in pages:
            if page.path.suffix == ".html":
                target = site / Path(*page.path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(page.content)
        output = Path(scratch, "pagefind")
        arguments = [
            executable, "--site", str(site), "--output-path", str(output), "--force-language", "fr",
            "--keep-index-url", "--silent",
        ]
        try:
            completed = subprocess.run(arguments, capture_output=True, check=False)
        except OSError as error:
            from collegekit.files import system_reason

            raise SearchError(f"Pagefind ne peut pas être lancé ({system_reason(error)}).") from None
        if completed.returncode != 0:
            message = (completed.stderr or completed.stdout).decode("utf-8", "replace").strip()
            raise SearchError(f"Pagefind a échoué (code {completed.returncode}) : {message}")
        return [
            Page(PurePosixPath("pagefind", file.relative_to(output).as_posix()), file.read_bytes())
            for file in sorted(output.rglob("*"))
            if file.is_file()
        ]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _MainText(HTMLParser):
    """The title and the text of a page's searchable part."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the searchable element, how deep
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:  # no end tag: they change no depth
            return
        if self.depth:
            self.depth += 1
            if tag in ("script", "style", "svg"):
                self.skip += 1
        elif any(name == _BODY for name, _ in attrs):
            self.depth = 1
        if tag == "h1" and self.depth:
            self.in_title = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br/>, <rect/>: no text, no depth

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag == "h1":
            self.in_title = False
        if self.depth:
            if tag in ("script", "style", "svg") and self.skip:
                self.skip -= 1
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)
            if self.in_title:
                self.title.append(data)


def fallback_index(pages: Iterable[Page]) -> Page:
    """Every searchable page's title and text, as a script (for file://)."""
    entries = []
    for page in sorted(pages, key=lambda page: str(page.path)):
        if page.path.suffix != ".html":
            continue
        parser = _MainText()
        parser.feed(page.content.decode("utf-8"))
        text = " ".join(" ".join(parser.parts).split())
        if not text:
            continue
        title = " ".join(" ".join(parser.title).split()) or page.path.name
        entries.append({"url": str(page.path), "title": title, "text": text})
    # JSON is a JavaScript literal; "</" is escaped so that no text can close the script.
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return Page(INDEX, f"window.collegekitSearchIndex = {data};\n".encode())
