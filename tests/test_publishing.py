"""What a reader takes away or launches from the website, and how the website is published:
each chapter as executed `.ipynb` and as `.md`, Binder and Colab buttons derived from the
one repository setting, and a Pages workflow that builds with the README's command."""

from __future__ import annotations

import re
import sys

import jupytext
import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from gatesgrad.reader_copies import (
    NOTEBOOK_BRANCH,
    SETUP_TAG,
    github_parts,
    reader_notebook,
    setup_source,
)
from tests.book_data import ROOT, notebooks

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPOSITORY = CONFIG["repository"]["url"]
LAUNCH = CONFIG["launch_buttons"]


def quick_start() -> list[str]:
    """The two commands of the README's quick start."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", readme, re.S)
    assert block, "the README has no quick start block"
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2, commands
    return commands


def chapter_links(book, doc: str) -> dict[str, str]:
    soup = BeautifulSoup((book.html / f"{doc}.html").read_text(), "html.parser")
    return {
        a.get_text(" ", strip=True): a["href"]
        for a in soup.select(".article-header-buttons a[href]")
    }


@pytest.mark.parametrize("doc", notebooks())
def test_chapter_downloads_as_executed_notebook_and_markdown(book, doc):
    links = chapter_links(book, doc)
    page = book.html / f"{doc}.html"
    markdown = (page.parent / links[".md"]).resolve()
    assert markdown.read_text() == (ROOT / f"{doc}.md").read_text()

    nb = nbformat.read((page.parent / links[".ipynb"]).resolve(), as_version=4)
    nbformat.validate(nb)
    setup, *cells = nb.cells
    assert setup.metadata["tags"] == [SETUP_TAG]
    assert setup.source == setup_source(REPOSITORY, CONFIG["repository"]["branch"])
    code = [c for c in cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "the notebook was not executed"
    assert any(c.outputs for c in code)


def test_setup_cell_installs_only_what_is_missing(monkeypatch):
    source = setup_source("https://github.com/someone/somebook", "main")
    calls = []
    monkeypatch.setattr("subprocess.check_call", calls.append)
    present = {"gatesgrad": True, "myst_nb": False}
    monkeypatch.setattr(
        "importlib.util.find_spec", lambda name: object() if present.get(name) else None
    )
    exec(compile(source, "<setup cell>", "exec"), {})
    assert calls == [[sys.executable, "-m", "pip", "install", "--quiet", "myst-nb"]]

    present["gatesgrad"] = False
    exec(compile(source, "<setup cell>", "exec"), {})
    assert "gatesgrad @ git+https://github.com/someone/somebook@main" in calls[1]

    present.update(gatesgrad=True, myst_nb=True)
    exec(compile(source, "<setup cell>", "exec"), {})
    assert len(calls) == 2  # nothing to install, nothing run


def test_every_chapter_import_is_installed_by_the_setup_cell():
    """A chapter run outside the repository imports only what the setup cell installs,
    the standard library, and what Colab provides (numpy, matplotlib, TensorFlow...)."""
    provided = {"numpy", "matplotlib", "ipywidgets", "tensorflow", "keras", "os"}
    source = setup_source(REPOSITORY)
    for doc in notebooks():
        nb = jupytext.read(ROOT / f"{doc}.md")
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        for module in re.findall(r"^\s*(?:from|import) ([A-Za-z_]\w*)", code, re.M):
            assert module in provided or f'"{module}"' in source, f"{doc} imports {module}"


@pytest.mark.parametrize("doc", notebooks())
def test_launch_buttons_open_the_chapter_from_the_repository_setting(book, doc):
    links = chapter_links(book, doc)
    owner, name = github_parts(REPOSITORY)
    # Written out here, not by the function that wrote the page's links.
    assert links["Binder"] == (
        f"https://mybinder.org/v2/gh/{owner}/{name}/{NOTEBOOK_BRANCH}?urlpath=lab/tree/{doc}.ipynb"
    )
    assert links["Colab"] == (
        f"https://colab.research.google.com/github/{owner}/{name}/blob/{NOTEBOOK_BRANCH}/{doc}.ipynb"
    )


def test_reader_notebook_puts_one_setup_cell_first_and_keeps_the_outputs(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1", id="sum")
    cell.outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# A chapter", id="title"), cell]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, path)

    once = reader_notebook(path, "https://github.com/someone/somebook")
    path.write_text(once)
    twice = reader_notebook(path, "https://github.com/someone/somebook")
    assert once == twice  # the same file build after build, and never two setup cells
    cells = nbformat.reads(twice, as_version=4).cells
    assert [c.metadata.get("tags") for c in cells] == [[SETUP_TAG], None, None]
    assert cells[2].outputs[0]["data"]["text/plain"] == "2"


def test_repository_url_must_be_a_github_repository():
    with pytest.raises(ValueError, match=r"repository_url: expected https://github.com/"):
        github_parts("https://example.org/book")


def test_binder_builds_with_the_python_the_book_needs():
    runtime = (ROOT / "runtime.txt").read_text().strip()
    pyproject = (ROOT / "pyproject.toml").read_text()
    minimum = re.search(r'requires-python = ">=(\d+\.\d+)"', pyproject).group(1)
    assert runtime == f"python-{minimum}"


def test_ci_and_pages_run_the_readme_commands():
    build, test = quick_start()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert build in ci and test in ci

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert build in runs, "the Pages workflow does not build with the README's command"
    published = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert published and published[0]["with"]["path"] == "_build/html"
    pushes = "\n".join(runs)
    assert f"git checkout -B {NOTEBOOK_BRANCH}" in pushes and "_sources/book/*.ipynb" in pushes
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy)
    assert True in workflow and "main" in workflow[True]["push"]["branches"]  # YAML's `on`
