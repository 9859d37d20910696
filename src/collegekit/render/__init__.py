"""Rendering the records as documents: minutes, agendas, plans, reviews and
job descriptions, in Markdown and in Word. French dates and numbers come
from collegekit.french, shared with the reports.

    from collegekit.render import Renderer, documents
    renderer = Renderer(college)
    text = renderer.markdown(documents.minutes(college, "2025-03-18-pleniere"))

Modules: `documents` (what is rendered, from which record, to which file),
`context` (what templates are given), `environment` (the sandboxed Jinja
environment and where templates are found), `markdown` (escaping, prose,
French typography), `pandoc`
(Markdown to Word, PDF and HTML), `layout` (the PDF's Typst compile, bounded
in a child process), `build` (rendering, writing, checking).
"""


# Loaded on first use: importing `collegekit.render.markdown` (the escaping)
# loads neither Jinja nor pandoc.
_EXPORTS = {
    "Difference": "build",
    "Rendered": "build",
    "Renderer": "build",
    "compare": "build",
    "write": "build",
    "RenderError": "errors",
}

__all__ = ["Difference", "RenderError", "Rendered", "Renderer", "compare", "documents", "write"]


def __getattr__(name: str) -> object:
    import importlib

    if name == "documents":
        return importlib.import_module("collegekit.render.documents")
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"collegekit.render.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
