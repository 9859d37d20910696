"""The Jinja environment the templates run in.

- **Where templates come from.** A college overrides any template (and the
  Word reference document) by putting a file of the same name in the
  `templates/` folder beside its records folder (`<records>/../templates/`);
  anything it does not override comes from collegekit's own templates.
  A template is a file of its folder: a symbolic link leading out of it
  (`minutes.md.j2 -> /etc/passwd`), or a templates folder leading out of the
  repository, is refused, never read into a document.
- **Sandboxed.** Templates run in Jinja's immutable sandbox: no access to
  private attributes or to Python's internals (`''.__class__.__mro__`), no
  changing a list or a dict; an undefined variable is an error, not an empty
  string (StrictUndefined).
- **Escaped by default.** Every `{{ value }}` is escaped for Markdown, so a
  record's text comes out literally whatever characters it holds. Markdown
  written in the template itself is kept as it is; prose that is meant to be
  Markdown goes through the `markdown` filter, which marks it as such. (This
  uses Jinja's autoescaping machinery with a Markdown escape instead of an
  HTML one: `finalize` escapes whatever is not already marked safe.)
- **Bounded.** A template may not make a text or a list of more than a
  million elements in one step (`"a" * n`, `"x".ljust(n)`, `center(n)`,
  a format width), and a template's rendering stops after TEMPLATE_SECONDS
  or once it has grown the process by TEMPLATE_MEMORY_MB (`template_budget`):
  a college's template that loops or allocates without end gets a French
  message naming its file and line, not a hung or exhausted machine.
"""

from __future__ import annotations

import functools
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_environment,
    pass_eval_context,
)
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.nodes import EvalContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from collegekit.diagnostics import CollegekitError
from collegekit.files import resolved
from collegekit.french import French
from collegekit.render import markdown, template_cache
from collegekit.render.errors import TemplateError, TemplateMissingError, TemplateOutsideError, shown

REFERENCE_DOCX = "reference.docx"
_PACKAGE = Path(__file__).resolve().parent.parent  # src/collegekit


def builtin_templates() -> Path:
    """collegekit's own templates.

    In a wheel they are installed inside the package (collegekit/templates);
    in a source checkout they are the templates/ folder at the top of the
    repository.
    """
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent.parent / "templates"):
        if (candidate / "minutes.md.j2").is_file():
            return candidate
    raise TemplateMissingError(
        "les modèles de collegekit sont introuvables (ni "
        f"{_PACKAGE / 'templates'} ni {_PACKAGE.parent.parent / 'templates'}) : "
        "l'installation de collegekit est incomplète."
    )


def template_folders(records_root: Path) -> list[Path]:
    """The folders searched for a template, the college's own first."""
    folders = []
    own = resolved(records_root).parent / "templates"
    if own.is_dir():
        if not resolved(own).is_relative_to(own.parent):
            raise TemplateOutsideError(
                f"{shown(own)} est un lien symbolique qui mène hors du dépôt (vers {resolved(own)}) : "
                "aucun modèle n'en est lu. Remplacez le lien par le dossier lui-même."
            )
        folders.append(own)
    builtin = builtin_templates().resolve()
    if builtin not in folders:
        folders.append(builtin)
    return folders


def find_template_file(folders: list[Path], name: str) -> Path:
    for folder in folders:
        candidate = folder / name
        if candidate.is_file():
            return _inside_folder(candidate, folder)
    raise TemplateMissingError(
        f"modèle introuvable : {name} (cherché dans {', '.join(shown(f) + '/' for f in folders)})."
    )


def _inside_folder(path: Path, folder: Path) -> Path:
    """`path`, refused (TemplateOutsideError) if it leads out of its templates folder."""
    if not resolved(path).is_relative_to(resolved(folder)):
        raise TemplateOutsideError(
            f"{shown(path)} est un lien symbolique qui mène hors du dossier des modèles (vers {resolved(path)}) : "
            "il n'est pas lu. Remplacez le lien par le fichier lui-même."
        )
    return path


class FolderLoader(FileSystemLoader):
    """Jinja's file loader, reading only files of its own folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if filename is not None:
            _inside_folder(Path(filename), self.folder)
        return source, filename, uptodate


@pass_eval_context
def _finalize(eval_context: EvalContext, value: Any) -> Any:
    """Every `{{ value }}` of a template: Markdown-escaped unless marked safe.

    (Taking the evaluation context keeps Jinja from computing constant
    expressions such as `{{ "l'ARS" }}` when compiling, where it would
    HTML-escape them: they come here at run time like any value.)
    """
    return _escaped(value)


def _escaped(value: Any) -> Markup:
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    return Markup(markdown.escape(value))


@pass_environment
def _join(
    environment: Environment, items: Iterable[Any], separator: str = "", last: str | None = None,
    attribute: str | None = None,
) -> Markup:
    """Jinja's `join`, with each item escaped for Markdown, and an optional
    last separator: `names | join(", ", " et ")` → « A, B et C »."""
    if attribute is not None:
        # Through the sandbox, as Jinja's own join does.
        items = [environment.getattr(item, attribute) for item in items]
    # Plain strings until the end: adding a str to a Markup would HTML-escape it.
    parts = [str(_escaped(item)) for item in items]
    between, before_last = _separator(separator), _separator(last if last is not None else separator)
    if len(parts) < 2:
        return Markup("".join(parts))
    return Markup(between.join(parts[:-1]) + before_last + parts[-1])


def _separator(text: str) -> str:
    return str(text) if isinstance(text, Markup) else markdown.escape_inline(text)


# The largest text, list or number of repetitions a template may make in one step.
LARGEST = 1_000_000
_WIDE_FIELD = re.compile(r"\{[^{}]*\d{7,}[^{}]*\}")  # "{:>10000000}".format(...)
_WIDE_PERCENT = re.compile(r"%[-#0 +]*(?:\*|\d{7,})")  # "%10000000d" % ...
_WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate", "batch", "slice", "format")


def _sized(value: Any) -> bool:
    return isinstance(value, str | list | tuple)


def _too_large(values: Iterable[Any]) -> bool:
    return any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > LARGEST for v in values)


def _refuse_large(values: Iterable[Any], what: str) -> None:
    if _too_large(values):
        raise SecurityError(f"{what} : un nombre de plus de {LARGEST} y est refusé")


def _refuse_wide(text: Any, pattern: re.Pattern[str]) -> None:
    if isinstance(text, str) and pattern.search(text):
        raise SecurityError(f"largeur de champ démesurée dans « {text[:40]} »")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, refusing single steps that would make a huge
    object in C, where the time and memory budget cannot interrupt them."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            sequence, count = (left, right) if _sized(left) else (right, left)
            if _sized(sequence) and isinstance(count, int) and len(sequence) * count > LARGEST:
                raise SecurityError(f"« * » ferait plus de {LARGEST} éléments")
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > 1_000 and isinstance(left, int | float) and abs(left) > 1:
                raise SecurityError("« ** » : exposant démesuré")
        elif operator == "%":
            _refuse_wide(left, _WIDE_PERCENT)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        # str.ljust(n), str.center(n), str.zfill(n), list.index... of a text or a list.
        if _sized(getattr(obj, "__self__", None)):
            _refuse_large([*args, *kwargs.values()], f"« {getattr(obj, '__name__', 'méthode')} »")
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _refuse_wide(value.__self__, _WIDE_FIELD)

        @functools.wraps(wrapped)
        def bounded(*args: Any, **kwargs: Any) -> str:
            _refuse_large([*args, *kwargs.values()], "« format »")
            return wrapped(*args, **kwargs)

        return bounded


def bound_filters(environment: Environment) -> None:
    """Jinja's filters that take a width or a count, bounded like the sandbox's steps."""
    for name in _WIDTH_FILTERS:
        environment.filters[name] = _bounded_filter(name, environment.filters[name])


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps Jinja's pass_environment / pass_eval_context marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _refuse_large([*args, *kwargs.values()], f"filtre « {name} »")
        if name == "format":
            _refuse_wide(next((a for a in args if isinstance(a, str)), None), _WIDE_PERCENT)
        return function(*args, **kwargs)

    return bounded


# The time and memory one rendering of a template may take: far above what
# collegekit's templates need (a few milliseconds, a few MB).
TEMPLATE_SECONDS = 30.0
TEMPLATE_MEMORY_MB = 512
_BUDGET_TICK = 0.05


class _OverBudget(Exception):
    """A template went past its time or memory budget (its message is French)."""


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def template_budget() -> Iterator[None]:
    """Stop a template past TEMPLATE_SECONDS or TEMPLATE_MEMORY_MB of growth.

    A timer signal checks the budget every few hundredths of a second, in the
    rendering thread itself, between two steps of the template: nothing runs
    beside the template and a child process would have to be given the whole
    college. Signals reach the main thread only; elsewhere the template runs
    without a budget (collegekit renders templates in the main thread).
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    started = time.monotonic()
    baseline = _resident_bytes()

    def check(signum: int, frame: Any) -> None:
        if time.monotonic() - started > TEMPLATE_SECONDS:
            raise _OverBudget(f"le modèle n'a pas fini en {TEMPLATE_SECONDS:g} secondes (une boucle sans fin ?)")
        resident = _resident_bytes()
        if baseline is not None and resident is not None and resident - baseline > TEMPLATE_MEMORY_MB * 2**20:
            raise _OverBudget(
                f"le modèle demande plus de {TEMPLATE_MEMORY_MB} Mo de mémoire (un texte ou une liste qui grossit sans fin ?)"
            )

    previous = signal.signal(signal.SIGALRM, check)
    signal.setitimer(signal.ITIMER_REAL, _BUDGET_TICK, _BUDGET_TICK)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def make_environment(
    folders: list[Path],
    locale: str,
    helpers: dict[str, Callable[..., Any]] | None = None,
    *,
    html: bool = False,
    records: Path | None = None,
) -> ImmutableSandboxedEnvironment:
    """The sandbox every template runs in: templates from `folders` (the
    college's first), StrictUndefined, bounded steps, French words; with
    `records`, their compiled code kept in that folder's cache
    (`template_cache`).

    The documents' templates write Markdown: every `{{ value }}` is
    Markdown-escaped (`_finalize`), and they have the Markdown filters. With
    `html` (the site's pages), escaping is HTML's: Jinja's own autoescape, and
    the only HTML marked safe is what collegekit makes (pandoc's output of a
    document, the charts)."""
    environment = BoundedSandbox(
        loader=ChoiceLoader([FolderLoader(folder) for folder in folders]),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=None if html else _finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=None if records is None else template_cache.for_records(records, "html" if html else "markdown"),
    )
    french = French(locale)
    environment.filters.update(
        {
            "date_long": french.date_long,
            "date": french.date,
            "date_numeric": french.date_numeric,
            "time": french.time,
            "number": french.number,
            "percent": french.percent,
            "hours": french.hours,
        }
    )
    if not html:
        environment.filters.update(
            {
                "markdown": lambda text, level=2: Markup(markdown.prose(str(text), level)),
                # The minutes' points, answers and actions are Markdown in the body.
                "point_text": lambda text, wrap="": Markup(markdown.point_text(str(text), str(wrap))),
                "cell_text": lambda text: Markup(markdown.cell_text(str(text))),
                # Escaping means Markdown escaping here, also when asked for.
                "md": _escaped,
                "e": _escaped,
                "escape": _escaped,
                "forceescape": _escaped,
                "join": _join,
            }
        )
    bound_filters(environment)
    helpers = helpers or {}
    environment.globals.update(helpers)
    # The helpers are filters too: `speakers | map("speaker")`, `code | departement`.
    for name, helper in helpers.items():
        environment.filters.setdefault(name, helper)
    return environment


# Template errors, in French, with the template's file and line.

_UNDEFINED = re.compile(r"^'(?P<name>[^']+)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"^'(?P<owner>[^']+)' has no attribute '(?P<name>[^']+)'$")


def _template_position(error: BaseException, folders: list[Path]) -> tuple[str, int] | None:
    """The innermost template frame of a traceback Jinja has rewritten."""
    found = None
    roots = [str(folder) for folder in folders]
    traceback = error.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if any(filename.startswith(root) for root in roots):
            found = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _owner(text: str) -> str:
    # "collegekit.models.meeting.Meeting object" → "Meeting"
    return text.removesuffix(" object").rsplit(".", 1)[-1]


@contextmanager
def template_errors(folders: list[Path], template_name: str) -> Iterator[None]:
    """Turn any error raised by loading or running a template into a French
    message naming the template's file and line."""
    try:
        with template_budget():
            yield
    except CollegekitError:
        raise
    except Exception as error:  # a template can raise anything: report it, never a traceback
        raise template_error(error, folders, template_name) from None


def template_error(error: Exception, folders: list[Path], template_name: str) -> TemplateError | TemplateMissingError:
    """A French message for an error raised while loading or running a template."""
    if isinstance(error, TemplateSyntaxError):
        where = f"{shown(error.filename)}:{error.lineno}" if error.filename else template_name
        return TemplateError(f"{where} : erreur de syntaxe dans le modèle : {error.message}")
    position = _template_position(error, folders)
    where = f"{shown(position[0])}:{position[1]}" if position else template_name
    if isinstance(error, TemplateNotFound):
        searched = ", ".join(shown(folder) + "/" for folder in folders)
        if position is None:
            return TemplateMissingError(f"modèle introuvable : {error.name} (cherché dans {searched}).")
        return TemplateMissingError(f"{where} : le modèle {error.name} est introuvable (cherché dans {searched}).")
    if isinstance(error, _OverBudget):
        return TemplateError(f"{where} : {error}.")
    if isinstance(error, MemoryError):
        return TemplateError(f"{where} : le modèle demande plus de mémoire que l'ordinateur n'en a.")
    if isinstance(error, SecurityError):
        return TemplateError(f"{where} : accès refusé par le bac à sable des modèles ({error}).")
    if isinstance(error, UndefinedError):
        message = str(error)
        if match := _UNDEFINED.match(message):
            return TemplateError(f"{where} : la variable « {match['name']} » n'est pas définie dans ce modèle.")
        if match := _NO_ATTRIBUTE.match(message):
            return TemplateError(
                f"{where} : « {match['name']} » n'existe pas dans {_owner(match['owner'])} "
                "(faute de frappe dans le modèle ?)."
            )
        return TemplateError(f"{where} : valeur indéfinie dans le modèle ({message}).")
    return TemplateError(f"{where} : erreur dans le modèle ({type(error).__name__} : {error}).")
