"""Sphinx extension for the book's website: everything it loads is served by itself.

- ships the explorers' script and stylesheet to `_static/` (explorers mount from the
  `text/html` form of each widget: see `gatesgrad.explorers.base`);
- serves MathJax 3 from `_static/mathjax/` (files from the sphinx-mathjax-offline wheel);
- leaves out the theme's `fontawesome.js` (1.5 MB for custom icons the book does not use;
  see `templates/static/webpack-macros.html`);
- writes each chapter's executed notebook for download, with a cell that installs this
  package first, and points the Colab button at it (`gatesgrad.reader_copies`);
- drops what would reach outside or break a page with no kernel: the widget-state
  blob (the explorers carry their own state), the thebe scripts (a CDN URL, declared
  twice, which logs a console error), and the CDN widget scripts (`nb_ipywidgets_js`);
- when the package's source changes, clears the notebook execution cache and has
  Sphinx read every chapter again, so the book never shows numbers computed by older code;
- executes the chapters that are not cached two at a time before Sphinx reads them
  (`gatesgrad.prerun`), so a build uses both cores of a two-core machine.
"""

from __future__ import annotations

import hashlib
import shutil
from contextlib import suppress
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import nbformat
from jupyter_cache import get_cache
from sphinx.application import Sphinx
from sphinx.util import logging

from .explorers.base import JS_DIR, SITE_SCRIPT, STYLESHEET, site_script
from .prerun import execute_in_parallel, is_chapter, stale_chapters
from .reader_copies import launch_urls, reader_notebook

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).parent
TEMPLATES = PACKAGE_DIR / "templates"  # the theme's asset macros without fontawesome.js
MATHJAX_SCRIPT = "mathjax/tex-chtml.js"
# What tex-chtml.js loads: itself, its fonts, and components it may load on demand.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "a11y", "ui", "input/tex/extensions")
DROPPED_SCRIPTS = ("application/vnd.jupyter.widget-state+json",)


def mathjax_dir() -> Path:
    """MathJax 3 as the sphinx-mathjax-offline wheel ships it (its name has hyphens)."""
    spec = find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "MathJax files not found: install sphinx-mathjax-offline (it is in requirements.txt)"
        )
    return Path(spec.origin).parent / "static" / "mathjax"


def source_hash() -> str:
    """A digest of the package's source, JavaScript included."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in {".py", ".js", ".css", ".html"}:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_dir(app: Sphinx, config: Any) -> Path:
    return Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")


def _clear_stale_cache(app: Sphinx, config: Any) -> None:
    cache = _cache_dir(app, config)
    stamp = Path(app.outdir).parent / ".gatesgrad-source-hash"
    current = source_hash()
    app.gatesgrad_source_changed = stamp.exists() and stamp.read_text() != current
    if app.gatesgrad_source_changed:
        logger.info("[gatesgrad] package source changed: clearing %s, reading every chapter", cache)
        shutil.rmtree(cache, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)


def _prerun_chapters(app: Sphinx, config: Any) -> None:
    """Run the uncached chapters in parallel; Part III's training chapters start first."""
    if config.nb_execution_mode != "cache":
        return
    chapters = sorted(p for p in Path(app.srcdir).glob("book/*.md") if is_chapter(p))
    stale = stale_chapters(chapters[::-1], _cache_dir(app, config))
    if len(stale) < 2:
        return  # myst-nb alone is as fast
    logger.info("[gatesgrad] executing %d chapters two at a time", len(stale))
    outcome = execute_in_parallel(
        stale, _cache_dir(app, config), timeout=config.nb_execution_timeout
    )
    for path, error in outcome.items():
        if error is not None:
            logger.info("[gatesgrad] %s failed (%s); myst-nb will run it again", path.name, error)


def _reread_all(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    return sorted(env.found_docs) if getattr(app, "gatesgrad_source_changed", False) else []


def _offline_config(app: Sphinx, config: Any) -> None:
    config.mathjax_path = MATHJAX_SCRIPT
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.nb_ipywidgets_js = {}


def _drop_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    scripts = context.get("script_files")
    if scripts is None:
        return
    scripts[:] = [js for js in scripts if not _dropped(js)]


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
    executed = _executed_notebook(app, pagename)
    if not repository or not context.get("ipynb_source") or executed is None:
        return
    branch = options.get("repository_branch") or "main"
    target = Path(app.outdir) / "_sources" / context["ipynb_source"]
    target.write_text(reader_notebook(executed, repository, branch), encoding="utf-8")
    launch = options.get("launch_buttons", {})
    urls = launch_urls(repository, pagename, launch["binderhub_url"], launch["colab_url"])
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            for button in group["buttons"]:
                button["url"] = urls[button["text"]]


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


def _write_static(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / SITE_SCRIPT).write_text(site_script(), encoding="utf-8")
    shutil.copyfile(JS_DIR / STYLESHEET, static / STYLESHEET)
    source = mathjax_dir()
    for part in MATHJAX_PARTS:
        src, dst = source / part, static / "mathjax" / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _offline_config, priority=900)
    app.connect("config-inited", _clear_stale_cache, priority=901)
    app.connect("config-inited", _prerun_chapters, priority=902)
    app.connect("env-get-outdated", _reread_all)
    app.connect("html-page-context", _drop_scripts, priority=900)
    app.connect("html-page-context", _accessible_body, priority=900)
    app.connect("html-page-context", _reader_copies, priority=900)
    app.connect("build-finished", _write_static)
    app.add_js_file(SITE_SCRIPT, defer="defer")
    app.add_css_file(STYLESHEET)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
