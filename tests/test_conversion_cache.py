"""Documents converted before (render.conversion_cache): taken again only
when made from the same, never from a file this user's collegekit did not
write, and the same bytes as a fresh conversion."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from collegekit import cache
from collegekit.records import load
from collegekit.render import conversion_cache, pandoc
from collegekit.render import documents as catalogue
from collegekit.render.build import Renderer
from collegekit.render.documents import Document
from collegekit.render.pandoc import Source
from tests.test_cache import copy_example, use_key_of

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs without the cache (conftest); these tests use it."""
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(cache, "_disabled", False)


class Conversions:
    """pandoc.convert_many, counting the documents it is given and noting
    the formats asked of each batch."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.documents = 0
        self.formats: list[tuple[str, ...]] = []
        original = pandoc.convert_many

        def counted(sources, formats, **options):  # type: ignore[no-untyped-def]
            self.documents += len(sources)
            self.formats.append(tuple(formats))
            return original(sources, formats, **options)

        monkeypatch.setattr(pandoc, "convert_many", counted)


def some_documents(root: Path) -> tuple[Renderer, list[Document]]:
    """A renderer of the college at `root` and a few of its documents, one
    of each kind (minutes, agenda, plan, review, fiche)."""
    college = load(root).college
    assert college is not None
    chosen: dict[str, Document] = {}
    for document in catalogue.every_document(college):
        chosen.setdefault(document.kind, document)
    return Renderer(college), list(chosen.values())


def files_of(renderer: Renderer, documents: list[Document], formats: tuple[str, ...]) -> list[dict[str, bytes]]:
    items = [(document, renderer.markdown(document)) for document in documents]
    return [{name: pandoc.one([outcome]) for name, outcome in files.items()}
            for files in renderer.convert_many(items, formats)]


def converted_files(root: Path) -> list[Path]:
    return sorted((root / cache.FOLDER).glob(f"{conversion_cache.PREFIX}-*"))


FORMATS = ("html", "docx", "pdf")


def test_a_document_converted_before_is_taken_again_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_example(tmp_path)
    renderer, documents = some_documents(root)
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    fresh = files_of(renderer, documents, FORMATS)
    monkeypatch.delenv(cache.NO_CACHE_ENV)
    assert not converted_files(root)
    conversions = Conversions(monkeypatch)
    assert files_of(Renderer(renderer.college), documents, FORMATS) == fresh
    assert conversions.documents == len(documents)
    assert len(converted_files(root)) == len(documents) * len(FORMATS)
    again = files_of(Renderer(renderer.college), documents, FORMATS)
    assert again == fresh
    assert conversions.documents == len(documents)  # none converted again


def test_only_the_missing_formats_are_converted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_example(tmp_path)
    renderer, documents = some_documents(root)
    files_of(renderer, documents, ("docx",))
    conversions = Conversions(monkeypatch)
    both = files_of(Renderer(renderer.college), documents, ("docx", "pdf"))
    assert conversions.formats == [("pdf",)]
    assert all(set(files) == {"docx", "pdf"} for files in both)


def test_a_changed_document_is_converted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_example(tmp_path)
    renderer, documents = some_documents(root)
    document = documents[0]
    text = renderer.markdown(document)
    (before,) = renderer.convert_many([(document, text)], ("docx",))
    conversions = Conversions(monkeypatch)
    changed = text.rstrip() + "\n\nUne phrase ajoutée au document.\n"
    (after,) = Renderer(renderer.college).convert_many([(document, changed)], ("docx",))
    assert conversions.documents == 1
    assert after["docx"] != before["docx"]


def test_what_a_file_is_made_from_makes_its_key() -> None:
    source = Source("# Titre\n\nTexte.\n", epoch=1, subject="CRG", description="Note", properties={"source": "a"})
    base = conversion_cache.key(source, "docx", "conversion")
    variants = [
        conversion_cache.key(Source("# Titre\n\nAutre texte.\n", 1, "CRG", "Note", {"source": "a"}), "docx",
                             "conversion"),
        conversion_cache.key(Source(source.markdown, 2, "CRG", "Note", {"source": "a"}), "docx", "conversion"),
        conversion_cache.key(Source(source.markdown, 1, "CRA", "Note", {"source": "a"}), "docx", "conversion"),
        conversion_cache.key(Source(source.markdown, 1, "CRG", "Autre", {"source": "a"}), "docx", "conversion"),
        conversion_cache.key(Source(source.markdown, 1, "CRG", "Note", {"source": "b"}), "docx", "conversion"),
        conversion_cache.key(source, "pdf", "conversion"),
        conversion_cache.key(source, "docx", "another pandoc"),
    ]
    assert base is not None and None not in variants
    assert len({base, *variants}) == len(variants) + 1
    assert conversion_cache.key(source, "docx", "conversion") == base


def test_a_document_with_an_image_is_never_kept() -> None:
    assert conversion_cache.key(Source("# Titre\n\n![Carte](carte.png)\n"), "pdf", "conversion") is None


def test_another_reference_document_is_another_conversion(tmp_path: Path) -> None:
    pandoc_path = pandoc.pandoc_path()
    reference = Path(__file__).parent.parent / "templates" / "reference.docx"
    college_reference = tmp_path / "reference.docx"
    college_reference.write_bytes(reference.read_bytes() + b"\0")
    assert conversion_cache.conversion(pandoc_path, reference) != conversion_cache.conversion(
        pandoc_path, college_reference
    )
    assert conversion_cache.conversion(pandoc_path, reference) != conversion_cache.conversion(pandoc_path, None)


def test_a_file_not_signed_by_this_user_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A converted file goes into a document and, as HTML, into the site's
    pages: one committed beside the records (signed with another key, or
    not at all) is made again. With the user's own key, the same file would
    be used (the control case)."""
    use_key_of(tmp_path / "user", monkeypatch)
    root = copy_example(tmp_path)
    renderer, documents = some_documents(root)
    expected = files_of(renderer, documents, ("html",))
    paths = converted_files(root)
    assert len(paths) == len(documents)
    forged = b"<script>alert('venu du d\xc3\xa9p\xc3\xb4t')</script>\n"
    use_key_of(tmp_path / "elsewhere", monkeypatch)
    signed_elsewhere = cache.signed(forged)
    use_key_of(tmp_path / "user", monkeypatch)
    for index, path in enumerate(paths):
        path.write_bytes(forged if index % 2 else signed_elsewhere)  # type: ignore[arg-type]
    assert files_of(Renderer(renderer.college), documents, ("html",)) == expected
    for path in converted_files(root):  # made again, and kept under the user's key
        assert cache.verified(path.read_bytes()) is not None
    for path in converted_files(root):
        path.write_bytes(cache.signed(forged))  # type: ignore[arg-type]
    assert all(files["html"] == forged for files in files_of(Renderer(renderer.college), documents, ("html",)))


def test_no_cache_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_example(tmp_path)
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    renderer, documents = some_documents(root)
    conversions = Conversions(monkeypatch)
    files_of(renderer, documents, ("html",))
    files_of(Renderer(renderer.college), documents, ("html",))
    assert conversions.documents == 2 * len(documents)
    assert not converted_files(root)


def test_files_no_run_has_used_for_a_month_are_removed(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    renderer, documents = some_documents(root)
    files_of(renderer, documents[:1], ("html",))
    (used,) = converted_files(root)
    folder = root / cache.FOLDER
    long_ago = time.time() - (conversion_cache.UNUSED_DAYS + 1) * 86400
    os.utime(used, (long_ago, long_ago))
    forgotten = folder / f"{conversion_cache.PREFIX}-{cache.namespace()}-{'0' * 64}.bin"
    forgotten.write_bytes(b"")
    os.utime(forgotten, (long_ago, long_ago))
    other_version = folder / f"{conversion_cache.PREFIX}-another-collegekit-{'1' * 64}.bin"
    other_version.write_bytes(b"")
    files_of(Renderer(renderer.college), documents, ("html",))  # takes `used` again, adds the others
    assert used.exists() and used.stat().st_mtime > long_ago
    assert not forgotten.exists()
    assert not other_version.exists()
    assert len(converted_files(root)) == len(documents)


def test_a_site_built_into_a_new_folder_converts_nothing_made_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`render all` made the Word files and PDFs; the site takes them, and
    only converts the HTML of its pages."""
    from collegekit.site.build import Site

    root = copy_example(tmp_path)
    college = load(root).college
    assert college is not None
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    fresh = {page.path: page.content for page in Site(college, TODAY).build(search=False)}
    monkeypatch.delenv(cache.NO_CACHE_ENV)
    Renderer(college).render(catalogue.every_document(college), ["docx", "pdf"])
    conversions = Conversions(monkeypatch)
    built = {page.path: page.content for page in Site(college, TODAY).build(search=False)}
    assert built == fresh
    # The one document that shows an image is made whole, as it is never kept.
    assert sorted(set(conversions.formats)) == [("html",), ("html", "docx", "pdf")]


def test_a_converted_file_that_is_a_link_is_neither_read_nor_written_through(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    renderer, documents = some_documents(root)
    expected = files_of(renderer, documents[:1], ("html",))
    (path,) = converted_files(root)
    outside = tmp_path / "outside.html"
    outside.write_bytes(cache.signed(b"<p>hors du dossier</p>\n"))  # type: ignore[arg-type]
    long_ago = time.time() - 86400
    os.utime(outside, (long_ago, long_ago))
    path.unlink()
    path.symlink_to(outside)
    assert files_of(Renderer(renderer.college), documents[:1], ("html",)) == expected
    assert outside.read_bytes() == cache.signed(b"<p>hors du dossier</p>\n")
    assert outside.stat().st_mtime == long_ago
    assert not path.is_symlink() and cache.verified(path.read_bytes()) == expected[0]["html"]
