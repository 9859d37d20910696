"""The Jinja environment of the site's HTML templates.

Like the documents' environment (render/environment.py): templates come from
the college's own `templates/` folder first, then collegekit's (a college
overrides `site/base.html.j2` or `site/style.css` by putting a file of that
name there), are read only from their folder, and run in Jinja's immutable
sandbox with StrictUndefined. Unlike it, escaping is HTML's: every
`{{ value }}` is HTML-escaped unless marked safe, and the only HTML marked
safe is what collegekit makes (pandoc's output of a document, the charts).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, StrictUndefined

from collegekit.french import French

# The documents' loader (it refuses a template that is a link out of its
# folder) and their bounded sandbox (no huge object made in one step).
from collegekit.render.environment import BoundedSandbox, FolderLoader, bound_filters


def make_environment(folders: list[Path], locale: str) -> BoundedSandbox:
    environment = BoundedSandbox(
        loader=ChoiceLoader([FolderLoader(folder) for folder in folders]),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    french = French(locale)
    environment.filters.update(
        {
            "date_long": french.date_long,
            "date": french.date,
            "number": french.number,
            "percent": french.percent,
        }
    )
    bound_filters(environment)
    return environment
