"""Render documents: Markdown from the templates, Word through pandoc; write
them, or compare them with the documents already in the output folder.

Each generated file starts with a note naming its source record and the
command that makes it again. In Markdown it is a YAML block at the top (the
forges show it as a small table above the document; pandoc is not given
it). In Word it is in the document's properties (description, and the custom
properties `source` and `command`), not on the page sent to the reader.
"""

from __future__ import annotations

import json
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from collegekit.files import resolved, write_atomically
from collegekit.images import ImageFolder
from collegekit.names import Names
from collegekit.records import College
from collegekit.render import conversion_cache, markdown, pandoc
from collegekit.render.context import helpers
from collegekit.render.documents import FOLDERS, Document, epoch
from collegekit.render.environment import (
    REFERENCE_DOCX,
    find_template_file,
    make_environment,
    template_errors,
    template_folders,
)
from collegekit.render.errors import OutsideOutputError, PandocError, RenderError, shown
from collegekit.render.markdown import NBSP

FORMATS = ("md", "docx", "pdf")
# The formats pandoc makes, in the order their files are listed.
_BINARY = ("docx", "pdf")
NOTE = (
    f"Document produit par collegekit{NBSP}: ne le modifiez pas à la main, modifiez son dossier "
    "source puis relancez la commande."
)
# Pandoc runs this many at a time: one per core, on both cores of an office laptop.
PANDOC_WORKERS = 2
# Documents converted by one process at most (see `batches`): starting
# pandoc, and Python for Typst, costs about what converting a document does,
# so a college's documents go in as few batches as keep both cores busy.
BATCH = 40

Progress = Callable[[Document], None]
_UNOPENED = object()


@dataclass(frozen=True)
class Rendered:
    document: Document
    path: PurePosixPath  # relative to the output folder
    content: bytes


class Generated(Protocol):
    """A file of a generated folder: a rendered document, a page of the site."""

    @property
    def path(self) -> PurePosixPath: ...  # relative to the output folder

    @property
    def content(self) -> bytes: ...


@dataclass(frozen=True)
class Difference:
    path: PurePosixPath
    reason: str  # "différent", "manquant", "en trop"


class Renderer:
    """Renders the documents of one college with its templates."""

    def __init__(self, college: College, with_contacts: bool = False, names: Names | None = None) -> None:
        self.college = college
        # `names`: how the documents name members, when not by their names
        # without contact details (--pseudonymize gives pseudonymised ones).
        self.names = names if names is not None else Names(college, with_contacts=with_contacts)
        self.folders = template_folders(college.root)
        self.environment = make_environment(self.folders, college.settings.rules.locale, helpers(self.names),
                                            records=college.root)
        self._reference: Path | None = None
        self._pandoc: str | None = None
        # Batches convert on threads: what they find once is found under this lock.
        self._lock = threading.RLock()
        self._conversions: dict[str, str | None] = {}
        self._kept: conversion_cache.ConvertedFiles | None | object = _UNOPENED

    @property
    def subject(self) -> str:
        return self.college.settings.short_name or self.college.settings.name

    def prepare(self, formats: Iterable[str]) -> None:
        """Find now what these formats need (pandoc, the reference document):
        a command stops on a broken one before any work (a RenderError)."""
        formats = set(formats)
        if "docx" in formats:
            self.reference()
        if formats & set(_BINARY):
            self._pandoc = self._pandoc or pandoc.pandoc_path()

    def convert(self, document: Document, markdown_text: str, output_format: str) -> bytes:
        """The document's file in `output_format` from its Markdown: the
        Markdown itself, or what pandoc makes of it."""
        if output_format == "md":
            return markdown_text.encode("utf-8")
        return {"docx": self.docx, "pdf": self.pdf}[output_format](document, markdown_text)

    def command(self, document: Document) -> str:
        """The command that makes the document again, as its note says: with
        --pseudonymize when its names are pseudonymised."""
        return document.command + (" --pseudonymize" if self.names.pseudonymize else "")

    def markdown(self, document: Document) -> str:
        """The complete Markdown file: the provenance note, then the document."""
        values = {"college": self.college.settings, **document.make_context(self.college, self.names)}
        with template_errors(self.folders, document.template):
            text = self.environment.get_template(document.template).render(values)
        body = markdown.tidy(markdown.french_typography(text))
        if not document.note:
            return body
        note = "\n".join(
            [
                "---",
                f"note: {json.dumps(NOTE, ensure_ascii=False)}",
                f"source: {json.dumps(str(document.source), ensure_ascii=False)}",
                f"command: {json.dumps(self.command(document), ensure_ascii=False)}",
                "---",
                "",
            ]
        )
        return note + "\n" + body

    def reference(self) -> Path:
        if self._reference is None:
            found = find_template_file(self.folders, REFERENCE_DOCX)
            pandoc.check_reference(found)
            self._reference = found
        return self._reference

    def docx(self, document: Document, markdown_text: str) -> bytes:
        return pandoc.one([self.convert_many([(document, markdown_text)], ("docx",))[0]["docx"]])

    def pdf(self, document: Document, markdown_text: str) -> bytes:
        return pandoc.one([self.convert_many([(document, markdown_text)], ("pdf",))[0]["pdf"]])

    def convert_many(
        self, items: Sequence[tuple[Document, str]], formats: Collection[str]
    ) -> list[dict[str, pandoc.Outcome]]:
        """Each document's file in each of `formats` (html for the site, docx,
        pdf) from its Markdown, or the error that stopped it, naming its
        record: taken from the files converted before (conversion_cache)
        when made from the same, the others made by one pandoc process,
        which reads each document once (and one Typst process for the PDFs),
        and kept."""
        if "docx" in formats:
            self.reference()
        sources = [self._source(document, text) for document, text in items]
        kept = self._converted_files()
        keys = [{name: self._key(source, name) if kept is not None else None for name in formats}
                for source in sources]
        files: list[dict[str, pandoc.Outcome]] = []
        for file_keys in keys:
            found = {name: kept.get(file_key) if kept is not None and file_key else None
                     for name, file_key in file_keys.items()}
            files.append({name: content for name, content in found.items() if content is not None})
        # The others, grouped by what each document still needs: one batch
        # each (a single one but when some of a document's files were kept).
        needs: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for index, found in enumerate(files):
            missing = tuple(name for name in pandoc.FORMATS if name in formats and name not in found)
            if missing:
                needs[missing].append(index)
        added = False
        for missing, indexes in needs.items():
            outcomes = pandoc.convert_many(
                [sources[index] for index in indexes], missing, pandoc=self._pandoc_path(),
                reference=self._reference if "docx" in missing else None,
            )
            for index, made in zip(indexes, outcomes, strict=True):
                files[index].update(made)
                for name, outcome in made.items():
                    file_key = keys[index][name]
                    if kept is not None and file_key and isinstance(outcome, bytes):
                        kept.put(file_key, outcome)
                        added = True
        if kept is not None and added:
            kept.forget_unused()
        return [
            {name: _named(document, found[name]) for name in pandoc.FORMATS if name in formats}
            for (document, _), found in zip(items, files, strict=True)
        ]

    def conversion_key(self, document: Document, markdown_text: str, name: str) -> str | None:
        """What the document's file in format `name` is made from, as a key
        (conversion_cache.key): the same key, the same bytes. None when it
        cannot be told (a document that shows images)."""
        return self._key(self._source(document, markdown_text), name)

    def _key(self, source: pandoc.Source, name: str) -> str | None:
        with self._lock:
            if name not in self._conversions:
                try:
                    made_by = conversion_cache.conversion(
                        self._pandoc_path(), self.reference() if name == "docx" else None
                    )
                except (OSError, ImportError, RenderError):  # no pandoc, no reference: the conversion says so
                    made_by = None
                self._conversions[name] = made_by
        made_by = self._conversions[name]
        return None if made_by is None else conversion_cache.key(source, name, made_by)

    def _converted_files(self) -> conversion_cache.ConvertedFiles | None:
        with self._lock:
            if self._kept is _UNOPENED:
                self._kept = conversion_cache.ConvertedFiles.open(self.college.root)
            return self._kept

    def _source(self, document: Document, markdown_text: str) -> pandoc.Source:
        """What pandoc is given of a document: its Markdown without the note,
        which its file's properties hold instead."""
        command = self.command(document)
        return pandoc.Source(
            markdown.strip_front_matter(markdown_text),
            epoch=epoch(document.day),
            subject=self.subject,
            description=f"{NOTE} Source{NBSP}: {document.source}. Commande{NBSP}: {command}.",
            properties={"source": str(document.source), "command": command},
            images=self.images(document),
        )

    def _pandoc_path(self) -> str:
        if self._pandoc is None:
            self._pandoc = pandoc.pandoc_path()
        return self._pandoc

    def images(self, document: Document) -> ImageFolder:
        if document.images is not None:
            return document.images
        # Images are read relative to the record, as the forge's preview reads them.
        return ImageFolder(base=(self.college.root.resolve().parent / document.source).parent, root=self.college.root)

    def render(
        self, documents: Iterable[Document], formats: Iterable[str], progress: Progress | None = None
    ) -> list[Rendered]:
        """Every file of every document, in memory. Word files and PDFs are
        made in batches (see `batches`), two at a time, each as soon as its
        documents' Markdown is rendered; the first document's error in their
        order stops the whole (nothing is returned, so nothing is written)."""
        formats = set(formats)
        binary = [name for name in _BINARY if name in formats]
        documents = list(documents)
        if documents:
            # Found once, before any batch starts: a broken reference document
            # or a missing pandoc stops everything before the first run.
            self.prepare(binary)
        workers = PANDOC_WORKERS if binary and (os.cpu_count() or 1) > 1 else 1
        parts = {part.stop - 1: part for part in batches(len(documents), workers)}
        texts: list[str] = []
        submitted: list[tuple[range, Future[list[dict[str, pandoc.Outcome]]]]] = []
        with ThreadPoolExecutor(max_workers=workers) as pool:
            try:
                for index, document in enumerate(documents):
                    texts.append(self.markdown(document))
                    if not binary:
                        if progress is not None:
                            progress(document)
                    elif index in parts:
                        part = parts[index]
                        future = self.submit(pool, [(documents[i], texts[i]) for i in part], binary)
                        if progress is not None:
                            future.add_done_callback(lambda _, part=part: [progress(documents[i]) for i in part])
                        submitted.append((part, future))
                converted = [files for _, future in submitted for files in future.result()]
            except BaseException:
                for _, future in submitted:
                    future.cancel()
                raise
        results = []
        for index, document in enumerate(documents):
            if "md" in formats:
                results.append(Rendered(document, document.markdown_path, texts[index].encode("utf-8")))
            for name in binary:
                outcome = converted[index][name]
                if isinstance(outcome, RenderError):
                    raise outcome
                results.append(Rendered(document, document.output.with_suffix(f".{name}"), outcome))
        return results

    def submit(
        self, pool: Executor, items: Sequence[tuple[Document, str]], formats: Collection[str]
    ) -> Future[list[dict[str, pandoc.Outcome]]]:
        """The documents' files in `formats` from their Markdown, made as one
        batch (see convert_many) on `pool`."""
        return pool.submit(self.convert_many, list(items), tuple(formats))


def _named(document: Document, outcome: pandoc.Outcome) -> pandoc.Outcome:
    """A document's file, or pandoc's or the layout's error naming the
    record it comes from (a reference document's error names that document)."""
    if isinstance(outcome, PandocError):
        return PandocError(f"{document.source} : {outcome}", detail=outcome.detail)
    return outcome


def batches(count: int, workers: int) -> list[range]:
    """Documents 0 to count - 1 in consecutive batches, each converted by one
    pandoc process (and one Typst process for PDFs): at most BATCH each, as
    many as a multiple of the workers, of sizes as even as can be, so that
    each core has its share."""
    if count == 0:
        return []
    needed = -(-count // BATCH)
    groups = min(count, -(-needed // workers) * workers)
    size, larger = divmod(count, groups)
    starts = [index * size + min(index, larger) for index in range(groups + 1)]
    return [range(start, stop) for start, stop in zip(starts, starts[1:], strict=False)]


def write(rendered: Iterable[Generated], out: Path) -> list[tuple[Path, bool]]:
    """Write each file atomically, unless it already holds these bytes.
    Returns each path with whether it was (re)written.

    Every file stays inside `out`. The output folder is often committed, and
    a folder in it (comptes-rendus/...) could be a symbolic link to anywhere:
    if one leads out of `out`, nothing is written. (`out` itself may be a
    link: the user named it.)
    """
    rendered = list(rendered)
    root = resolved(out)
    for folder in sorted({(out / Path(*item.path.parts)).parent for item in rendered}):
        if not resolved(folder).is_relative_to(root):
            raise OutsideOutputError(
                f"« {shown(folder)} » mène hors du dossier de sortie « {shown(out)} » "
                f"(vers {shown(resolved(folder))}) : aucun document n'est écrit. Remplacez ce lien "
                "symbolique par un dossier, ou choisissez un autre --out."
            )
    written = []
    for item in rendered:
        target = out / Path(*item.path.parts)
        try:
            unchanged = target.read_bytes() == item.content
        except OSError:
            unchanged = False
        if not unchanged:
            write_atomically(target, item.content)
        written.append((target, not unchanged))
    return written


def compare(rendered: Iterable[Rendered], out: Path, formats: Iterable[str], complete: bool) -> list[Difference]:
    """How the documents in `out` differ from a fresh render.

    With `complete` (a render of every document), files of the documents'
    folders that no record makes any more are reported too.
    """
    suffixes = {f".{name}" for name in formats}
    expected = {item.path: item.content for item in rendered}
    differences = []
    for path, content in expected.items():
        target = out / Path(*path.parts)
        try:
            current = target.read_bytes()
        except OSError:
            differences.append(Difference(path, "manquant"))
            continue
        if current != content:
            differences.append(Difference(path, "différent"))
    if complete:
        for folder in FOLDERS.values():
            directory = out / folder
            if not directory.is_dir():
                continue
            for file in sorted(directory.iterdir()):
                relative = PurePosixPath(folder, file.name)
                if file.is_file() and file.suffix in suffixes and relative not in expected:
                    differences.append(Difference(relative, "en trop"))
    return sorted(differences, key=lambda difference: str(difference.path))
