"""The example college's site in a real browser: Chromium from the system's
packages (no browser download is possible here), driven by Playwright.

Every page is loaded once (from file://, as from a shared drive) and checked
for console errors and failed loads, audited with axe-core (no serious or
critical violation), and photographed at desktop and phone widths into
artifacts/site-screenshots/ (git-ignored). Then: the search finds a word of
the minutes from a web server (Pagefind) and from file:// (the fallback);
the plan filters work with the keyboard alone; a hostile college's pages show
every planted value as text, and nothing planted runs.

Without Chromium the tests skip, saying why, except in CI (CI=true), where
they must run: .ci/run installs Chromium first.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.conftest import TESTS
from tests.test_document_injection import KINDS, flat, plain_words, prose_words
from tests.test_site import SITE_PAGES

CHROMIUM = Path(os.environ.get("COLLEGEKIT_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = TESTS.parent / "artifacts" / "site-screenshots"
WIDTHS = {"bureau": (1280, 900), "telephone": (390, 844)}
SERIOUS = ("serious", "critical")


def _require_chromium() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = f"Chromium est introuvable ({CHROMIUM}) : installez le paquet chromium (apt-get install chromium)."
    if os.environ.get("CI"):
        pytest.fail(f"{message} En CI, .ci/run doit l'installer avant les tests.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options, pointed at the system's Chromium."""
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ["--no-sandbox"]}


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    """The example college's site, built once for the session (conftest.py)."""
    return example_site


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The site from a web server on the loopback address, as Pages serves it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Visit:
    """What loading one page showed."""

    errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    broken_links: list[str] = field(default_factory=list)


def _pages(site: Path) -> list[str]:
    return [
        path.relative_to(site).as_posix()
        for path in sorted(site.rglob("*.html"))
        if "pagefind" not in path.relative_to(site).parts
    ]


def _listen(page: Any, errors: list[str]) -> None:
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"échec du chargement : {request.url}"))


@pytest.fixture(scope="module")
def visits(site: Path, server: str, browser: Any) -> dict[str, Visit]:
    """Every page from the web server, as Pages serves it: loaded, audited,
    photographed. (axe-core reads the stylesheets with requests that a file://
    page refuses: the audit needs a server.)"""
    from axe_playwright_python.sync_playwright import Axe

    found: dict[str, Visit] = {}
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    context = browser.new_context()
    # axe-core comes with every page as it loads (Axe.run would inject its
    # half a megabyte of script again into each page: a quarter of the audit's time).
    context.add_init_script(script=Axe().axe_script)
    page = context.new_page()
    errors: list[str] = []
    _listen(page, errors)
    for relative in _pages(site):
        page.set_viewport_size({"width": WIDTHS["bureau"][0], "height": WIDTHS["bureau"][1]})
        errors.clear()
        response = page.goto(server + relative)
        page.wait_for_load_state("load")
        visit = found[relative] = Visit(errors=[*errors] + ([] if response and response.ok else ["réponse en échec"]))
        results = page.evaluate("axe.run({resultTypes: ['violations']})")
        for violation in results["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                visit.violations.append(f"{violation['id']} ({violation['impact']}) : {targets}")
        for name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            shot = ARTIFACTS / f"{relative.replace('/', '--').removesuffix('.html')}-{name}.png"
            page.screenshot(path=str(shot), full_page=name == "bureau")
            visit.screenshots.append(shot)
    context.close()
    return found


@pytest.fixture(scope="module")
def disk_visits(site: Path, browser: Any) -> dict[str, Visit]:
    """Every page opened from the disk (file://, as from a shared drive),
    once: its console errors and failed loads, and its links that lead to
    no file."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    _listen(page, errors)
    found: dict[str, Visit] = {}
    for relative in _pages(site):
        errors.clear()
        page.goto((site / relative).as_uri())
        page.wait_for_load_state("load")
        visit = found[relative] = Visit(errors=[*errors])
        for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"):
            if href.startswith("file://"):
                target = Path(unquote(href.removeprefix("file://").split("#")[0].split("?")[0]))
                if not target.is_file():
                    visit.broken_links.append(href)
    context.close()
    return found


def test_every_page_opened_from_a_disk_loads_without_console_errors(disk_visits: dict[str, Visit]) -> None:
    assert len(disk_visits) > 50
    assert {path: visit.errors for path, visit in disk_visits.items() if visit.errors} == {}


def test_every_link_of_every_page_opens(disk_visits: dict[str, Visit]) -> None:
    assert {path: visit.broken_links for path, visit in disk_visits.items() if visit.broken_links} == {}


def test_every_page_from_a_web_server_loads_without_console_errors(visits: dict[str, Visit]) -> None:
    assert len(visits) > 50
    assert {path: visit.errors for path, visit in visits.items() if visit.errors} == {}


def test_axe_finds_no_serious_or_critical_violation(visits: dict[str, Visit]) -> None:
    assert {path: visit.violations for path, visit in visits.items() if visit.violations} == {}


def test_screenshots_are_kept_at_both_widths(visits: dict[str, Visit]) -> None:
    for visit in visits.values():
        assert len(visit.screenshots) == len(WIDTHS)
        assert all(shot.stat().st_size > 1000 for shot in visit.screenshots)


def _search(page: Any, url: str, word: str) -> list[str]:
    page.goto(url)
    page.get_by_label("Chercher dans les séances, les plans et les membres").fill(word)
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('trouvée')", timeout=15000)
    return page.eval_on_selector_all("#search-results a", "links => links.map(link => link.getAttribute('href'))")


WORD = "estivale"  # in the minutes of 2025-11-25 (« Bilan de la saison estivale 2025 »)


def test_search_finds_a_word_of_the_minutes_from_a_web_server(server: str, page: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    links = _search(page, server + "recherche.html", WORD)
    assert "seances/2025-11-25-pleniere.html" in links
    assert any("/pagefind/" in url for url in requests)  # Pagefind's index, not the fallback


def test_search_finds_a_word_of_the_minutes_from_a_disk(site: Path, page: Any) -> None:
    links = _search(page, (site / "recherche.html").as_uri(), WORD)
    assert "seances/2025-11-25-pleniere.html" in links
    page.click("#search-results a[href='seances/2025-11-25-pleniere.html']")
    assert page.url.endswith("seances/2025-11-25-pleniere.html")


def test_the_header_search_box_leads_to_the_results(site: Path, page: Any) -> None:
    page.goto((site / "plans/index.html").as_uri())
    page.get_by_label("Rechercher dans le site").fill(WORD)
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('trouvée')", timeout=15000)
    assert page.locator("#search-results a[href='seances/2025-11-25-pleniere.html']").count() == 1


def _tab_to(page: Any, element_id: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} n'est pas atteint au clavier")


def test_plan_filters_work_with_the_keyboard_alone(site: Path, page: Any) -> None:
    page.goto((site / "plans/2025-work.html").as_uri())
    rows = page.locator("#actions tbody tr")
    total = rows.count()
    assert total > 3
    _tab_to(page, "filtre-axe")
    page.keyboard.press("ArrowDown")  # « Axe 1 »
    page.keyboard.press("ArrowDown")  # « Axe 2 »
    shown = page.eval_on_selector_all("#actions tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.axis)")
    assert shown and set(shown) == {"2"} and len(shown) < total
    status = page.locator("#actions-count").inner_text()
    assert status.startswith(f"{len(shown)} action")
    # The focus shows: an outline around the select.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    _tab_to(page, "filtre-pilote")
    page.keyboard.press("ArrowDown")
    owner = page.evaluate("document.getElementById('filtre-pilote').value")
    shown_owners = page.eval_on_selector_all("#actions tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.owner)")
    assert set(shown_owners) <= {owner}
    # Back to every axis and every owner: every action again.
    page.keyboard.press("Home")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "filtre-axe"
    page.keyboard.press("Home")
    assert page.locator("#actions tbody tr:not([hidden])").count() == total


def test_skip_link_is_the_first_stop_and_leads_to_the_content(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-48px"  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


# --- Hostile records ---------------------------------------------------------


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind.name in SITE_PAGES], ids=lambda kind: kind.name)
def test_hostile_values_are_literal_in_the_dom(hostile_site: Path, page: Any, kind: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((hostile_site / SITE_PAGES[kind.name]).as_uri())
    text = flat(page.inner_text("main"))
    assert [tag for tag in kind.plain if plain_words(tag) not in text] == []
    for tag in kind.prose:
        assert [words for words in prose_words(tag) if flat(words) not in text] == []
    assert dialogs == []  # no planted <script>alert(1)</script> ran
    scripts = page.eval_on_selector_all("script", "scripts => scripts.map(s => s.getAttribute('src'))")
    assert all(source and source.endswith(("assets/site.js", "assets/search.js")) for source in scripts), scripts
    planted = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => [...e.attributes].some("
        "a => a.name.startsWith('on') || a.value.includes('INJECTED') || a.name === 'custom-style')).length"
    )
    assert planted == 0
