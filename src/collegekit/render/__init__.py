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
(Markdown to Word), `build` (rendering, writing, checking).
"""

from collegekit.render import documents
from collegekit.render.build import Difference, Rendered, Renderer, compare, write
from collegekit.render.errors import RenderError

__all__ = ["Difference", "RenderError", "Rendered", "Renderer", "compare", "documents", "write"]
