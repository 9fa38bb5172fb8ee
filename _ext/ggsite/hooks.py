"""What the book's Sphinx extension does during a build: the website serves everything it
loads itself.

- ships the explorers' script and stylesheet to `_static/` (explorers mount from the
  `text/html` form of each widget: see `gatesgrad.explorers.base`), and the book's own
  `_static/` files on every build, even one that writes no page;
- leaves out the theme's `fontawesome.js` (1.5 MB for custom icons the book does not use;
  see `templates/static/webpack-macros.html`), cuts its icon fonts down to the icons the
  site shows (`icon_fonts`), and loads the search index on the search page only
  (`templates/layout.html`);
- writes each chapter's executed notebook for download, with a cell that installs the
  package at the commit that computed it, and points the launch buttons at it
  (`reader_copies`);
- numbers the ids that sphinx-exercise gives every exercise and solution body alike
  (`exercise-content`, `solution-content`), so no id appears twice on a page;
- drops what would reach outside or break a page with no kernel: the widget-state
  blob (the explorers carry their own state) and the thebe scripts (a CDN URL, declared
  twice, which logs a console error);
- when the package `gatesgrad` changes (any file of it: code, views, data), clears the
  notebook execution cache and has Sphinx read every chapter again, so the book never shows
  numbers computed by older code; the package is recorded only when a build succeeds
  (`freshness`);
- executes the chapters that are not cached, at most two at a time, before Sphinx reads them
  (`prerun`), so a build uses both cores of a two-core machine;
- writes the maths as MathML at build time, with a subset of a maths font (`mathml`): the
  pages load no script to typeset it.
"""

from __future__ import annotations

import logging as std_logging
import shutil
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import pydata_sphinx_theme
from docutils import nodes
from jupyter_cache import get_cache
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset
from sphinx.util.matching import Matcher

import gatesgrad
from gatesgrad.explorers.base import JS_DIR, SITE_SCRIPT, STYLESHEET, site_script

from . import mathml
from .freshness import begin_build, finish_build, package_hash
from .icon_fonts import subset_icon_fonts, trim_theme_stylesheet
from .prerun import execute_in_parallel, is_chapter, stale_chapters, use_kernel_env
from .reader_copies import checked_out_commit, point_launch_buttons, reader_notebook

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(gatesgrad.__file__).parent
TEMPLATES = Path(__file__).with_name("templates")  # the theme's asset macros, less fontawesome.js
THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"
THEME_FONTS = THEME_STATIC / "vendor/fontawesome/webfonts"
THEME_STYLESHEET = THEME_STATIC / "styles/pydata-sphinx-theme.css"
DROPPED_SCRIPTS = ("application/vnd.jupyter.widget-state+json",)


@cache
def setup_ref(root: Path, branch: str) -> str:
    """What the reader notebooks install: the commit checked out at `root`, whose code
    computed their outputs; outside a git checkout, the configured branch."""
    commit = checked_out_commit(root)
    if commit is None:
        logger.info(
            "[ggsite] %s is not a git checkout: the notebooks' setup cell installs the "
            "branch %r, which may differ from the code that computed their outputs",
            root,
            branch,
        )
        return branch
    return commit


def _cache_dir(app: Sphinx, config: Any) -> Path:
    return Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")


class _WarningCount(std_logging.Handler):
    """Counts what Sphinx logs at warning level or above (with -W, each fails the build)."""

    def __init__(self) -> None:
        super().__init__(level=std_logging.WARNING)
        self.count = 0

    def emit(self, record: std_logging.LogRecord) -> None:
        self.count += 1


def _watch_warnings(app: Sphinx) -> None:
    """Count Sphinx's warnings from now on (`_record_package` reads the count)."""
    app.gatesgrad_warnings = _WarningCount()
    std_logging.getLogger("sphinx").addHandler(app.gatesgrad_warnings)


def _clear_stale_cache(app: Sphinx, config: Any) -> None:
    app.gatesgrad_package = package_hash(PACKAGE_DIR)
    build_dir = Path(app.outdir).parent
    app.gatesgrad_source_changed = begin_build(
        build_dir, _cache_dir(app, config), app.gatesgrad_package
    )
    if app.gatesgrad_source_changed:
        logger.info("[ggsite] package gatesgrad changed or new: cleared the execution cache")


def _record_package(app: Sphinx, exception: Exception | None) -> None:
    """Stamp the package the cache now holds, once the build has succeeded (no exception
    and no warning: what `-W --keep-going` would call a failure too)."""
    warnings = app.gatesgrad_warnings
    std_logging.getLogger("sphinx").removeHandler(warnings)
    succeeded = exception is None and warnings.count == 0
    finish_build(Path(app.outdir).parent, app.gatesgrad_package, succeeded=succeeded)


def _prerun_chapters(app: Sphinx, config: Any) -> None:
    """Run the uncached chapters in parallel, the longest first: those `ggsite_execute_first`
    names (in its order), then the others from the last chapter back."""
    if config.nb_execution_mode != "cache":
        return
    chapters = sorted(p for p in Path(app.srcdir).glob("book/*.md") if is_chapter(p))
    first = [Path(app.srcdir) / name for name in config.ggsite_execute_first]
    unknown = [str(p) for p in first if p not in chapters]
    if unknown:
        raise ValueError(f"ggsite_execute_first: expected chapters of the book, got {unknown}")
    order = first + [p for p in chapters[::-1] if p not in first]
    stale = stale_chapters(order, _cache_dir(app, config))
    if len(stale) < 2:
        return  # myst-nb alone is as fast
    logger.info("[ggsite] executing %d chapters, at most two at a time", len(stale))
    outcome = execute_in_parallel(
        stale, _cache_dir(app, config), timeout=config.nb_execution_timeout
    )
    for path, error in outcome.items():
        if error is not None:
            logger.info("[ggsite] %s failed (%s); myst-nb will run it again", path.name, error)


def _reread_all(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    return sorted(env.found_docs) if getattr(app, "gatesgrad_source_changed", False) else []


EXERCISE_IDS = ("exercise-content", "solution-content")  # sphinx-exercise's, one per box


def _unique_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Number sphinx-exercise's repeated ids (`solution-content-2`, ...); nothing links to
    them. Only these: any other id used twice is a fault the website tests should see."""
    seen: dict[str, int] = {}
    for node in doctree.findall(nodes.Element):
        ids = node.get("ids", [])
        for k, name in enumerate(ids):
            if name in EXERCISE_IDS:
                seen[name] = seen.get(name, 0) + 1
                if seen[name] > 1:
                    ids[k] = f"{name}-{seen[name]}"


def _add_templates(app: Sphinx, config: Any) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def _drop_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    scripts = context.get("script_files")
    if scripts is None:
        return
    unused = _unused_assets(context.get("body", ""))
    scripts[:] = [js for js in scripts if not _dropped(js) and _name(js) not in unused]
    sheets = context.get("css_files")
    if sheets is not None:
        sheets[:] = [css for css in sheets if _name(css) not in unused]


def _unused_assets(body: str) -> set[str]:
    """What a page need not load: thebe's stylesheet (the book runs no code in the page), and
    sphinx-design's stylesheet and tab script on a page with no sphinx-design element (none
    has one today: 59 kB a page)."""
    unused = {"sphinx-thebe.css"}
    if 'class="sd-' not in body and " sd-" not in body:
        unused |= {"sphinx-design.min.css", "design-tabs.js"}
    return unused


def _name(asset: Any) -> str:
    return Path(str(getattr(asset, "filename", asset) or "")).name


def _accessible_body(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Reference entries are items of their list (docutils marks them with a role that
    ARIA has deprecated, which axe counts as a critical violation)."""
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def _reader_copies(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Offer the executed notebook with a setup cell; launch it on Binder and Colab."""
    options = app.config.html_theme_options
    repository = options.get("repository_url")
    if not repository or not context.get("ipynb_source"):
        return
    executed = _executed_notebook(app, pagename)
    if executed is None:
        return
    ref = setup_ref(Path(app.srcdir), options.get("repository_branch") or "main")
    target = Path(app.outdir) / "_sources" / context["ipynb_source"]
    target.write_text(reader_notebook(executed, repository, ref), encoding="utf-8")
    point_launch_buttons(
        context.get("header_buttons", []), repository, pagename, options.get("launch_buttons", {})
    )


def _executed_notebook(app: Sphinx, pagename: str) -> Any:
    """The chapter's notebook with its outputs. myst-nb writes `jupyter_execute/` from the
    notebook it parsed, which has no outputs when they came from the cache: take them there."""
    path = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not path.exists():
        return None
    notebook = nbformat.read(str(path), as_version=4)
    with suppress(KeyError):
        _, notebook = get_cache(_cache_dir(app, app.config)).merge_match_into_notebook(notebook)
    return notebook


def _dropped(js: Any) -> bool:
    attributes = getattr(js, "attributes", {})
    filename = str(getattr(js, "filename", "") or "")
    return (
        attributes.get("type") in DROPPED_SCRIPTS
        or "THEBE_JS_URL" in attributes.get("body", "")
        or filename.endswith("sphinx-thebe.js")
    )


def _write_explorer_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / SITE_SCRIPT).write_text(site_script(), encoding="utf-8")
    shutil.copyfile(JS_DIR / STYLESHEET, static / STYLESHEET)


def _copy_book_static(app: Sphinx, exception: Exception | None) -> None:
    """Copy the book's own static files, as Sphinx does. Sphinx 7 copies them only when it
    writes a page (sphinx-doc/sphinx#1810, fixed in Sphinx 8.2, which Jupyter Book 1 does not
    allow), so an edit of `_static/book.css` alone would never reach the site."""
    if exception is not None or app.builder.format != "html":
        return
    excluded = Matcher([*app.config.exclude_patterns, "**/.*"])
    for entry in app.config.html_static_path:
        folder = (Path(app.confdir) / entry).resolve()
        if folder.is_relative_to(Path(app.srcdir).resolve()):  # not the extensions' folders
            copy_asset(folder, Path(app.outdir) / "_static", excluded)


def _pin_reader_copies(app: Sphinx, exception: Exception | None) -> None:
    """Pin every reader notebook to the commit checked out now. A build that writes no page
    (a commit that changed no chapter) leaves them pinned to the one before otherwise."""
    options = app.config.html_theme_options
    repository = options.get("repository_url")
    if exception is not None or not repository:
        return
    ref = setup_ref(Path(app.srcdir), options.get("repository_branch") or "main")
    for copy in (Path(app.outdir) / "_sources").rglob("*.ipynb"):
        text = copy.read_text(encoding="utf-8")
        pinned = reader_notebook(copy, repository, ref)  # its setup cell, replaced
        if pinned != text:
            copy.write_text(pinned, encoding="utf-8")


def _subset_icon_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Ship only the icons the site draws (`icon_fonts`)."""
    if exception is not None or app.builder.format != "html":
        return
    kept = subset_icon_fonts(Path(app.outdir), THEME_FONTS)
    saved = trim_theme_stylesheet(Path(app.outdir), THEME_STYLESHEET)
    logger.info(
        "[ggsite] icon fonts cut to the icons the site draws: %s; %d bytes of unused icon "
        "rules left out of the theme's stylesheet",
        kept,
        saved,
    )


def setup(app: Sphinx) -> dict[str, Any]:
    use_kernel_env()  # myst-nb's kernels too, when it executes a chapter itself
    _watch_warnings(app)
    app.add_config_value("ggsite_execute_first", [], "env", types=[list])
    app.connect("config-inited", _add_templates, priority=900)
    app.connect("config-inited", _clear_stale_cache, priority=901)
    app.connect("config-inited", _prerun_chapters, priority=902)
    app.connect("env-get-outdated", _reread_all)
    app.connect("doctree-resolved", _unique_ids)
    app.connect("html-page-context", _drop_scripts, priority=900)
    app.connect("html-page-context", _accessible_body, priority=900)
    app.connect("html-page-context", _reader_copies, priority=900)
    app.connect("build-finished", _write_explorer_assets)
    app.connect("build-finished", _copy_book_static)
    app.connect("build-finished", _pin_reader_copies)
    app.connect("build-finished", _subset_icon_fonts)
    app.connect("build-finished", _record_package, priority=999)  # last: after the others
    mathml.setup(app)
    app.add_js_file(SITE_SCRIPT, defer="defer")
    app.add_css_file(STYLESHEET)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
