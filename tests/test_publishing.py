"""What a reader takes away or launches from the website, and how the website is published:
each chapter as executed `.ipynb` and as `.md`, Binder and Colab buttons derived from the
one repository setting, and a Pages workflow that builds with the README's command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ggsite.reader_copies import (
    NOTEBOOK_BRANCH,
    SETUP_TAG,
    github_parts,
    point_launch_buttons,
    reader_notebook,
    setup_source,
)
from tests.book_data import ROOT, notebooks, page_soup

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
    soup = page_soup(book.html / f"{doc}.html")
    return {
        a.get_text(" ", strip=True): a["href"]
        for a in soup.select(".article-header-buttons a[href]")
    }


@pytest.mark.parametrize("doc", notebooks())
def test_chapter_downloads_as_executed_notebook_and_markdown(book, doc):
    import nbformat

    links = chapter_links(book, doc)
    page = book.html / f"{doc}.html"
    markdown = (page.parent / links[".md"]).resolve()
    assert markdown.read_text() == (ROOT / f"{doc}.md").read_text()

    nb = nbformat.read((page.parent / links[".ipynb"]).resolve(), as_version=4)
    nbformat.validate(nb)
    setup, *cells = nb.cells
    assert setup.metadata["tags"] == [SETUP_TAG]
    assert setup.source == setup_source(REPOSITORY, head_commit())  # what computed the outputs
    code = [c for c in cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "the notebook was not executed"
    assert any(c.outputs for c in code)


def head_commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def reader_installs() -> set[str]:
    """The distributions `pip install gatesgrad[reader]` installs directly, extras followed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names, pending = set(), [Requirement("gatesgrad[reader]")]
    while pending:
        requirement = pending.pop()
        names.add(canonicalize_name(requirement.name))
        if requirement.name == "gatesgrad":
            extras = project["optional-dependencies"]
            wanted = [*project["dependencies"], *(r for e in requirement.extras for r in extras[e])]
            pending += [Requirement(r) for r in wanted]
    return names


def test_setup_cell_installs_the_reader_extra_at_the_commit_when_a_module_is_missing(
    monkeypatch,
):
    source = setup_source("https://github.com/someone/somebook", "0123abc")
    calls = []
    monkeypatch.setattr("subprocess.check_call", calls.append)
    present = {"gatesgrad": True, "myst_nb": False}
    monkeypatch.setattr(
        "importlib.util.find_spec", lambda name: object() if present.get(name) else None
    )
    exec(compile(source, "<setup cell>", "exec"), {})
    assert calls == [
        [
            sys.executable,
            *("-m", "pip", "install", "--quiet"),
            "gatesgrad[reader] @ git+https://github.com/someone/somebook@0123abc",
        ]
    ]

    present.update(gatesgrad=True, myst_nb=True)
    exec(compile(source, "<setup cell>", "exec"), {})
    assert len(calls) == 1  # nothing to install, nothing run


def test_reader_notebooks_install_the_commit_checked_out_else_the_branch(tmp_path):
    from ggsite.hooks import setup_ref  # here: the build's hooks import Sphinx

    assert setup_ref(ROOT, "main") == head_commit()
    assert setup_ref(tmp_path, "main") == "main"  # not a git checkout


def test_every_chapter_import_is_installed_by_the_setup_cell():
    """A chapter run outside the repository imports only the standard library and what
    gatesgrad[reader] installs; the setup cell installs it where one is missing, and
    Colab provides the rest (numpy, matplotlib, TensorFlow...)."""
    import jupytext

    colab = {"numpy", "matplotlib", "ipywidgets", "tensorflow", "keras"}
    source = setup_source(REPOSITORY, "0123abc")
    assert "gatesgrad[reader] @ git+" in source
    installs = reader_installs()
    distributions = packages_distributions()
    for doc in notebooks():
        nb = jupytext.read(ROOT / f"{doc}.md")
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        for module in set(re.findall(r"^\s*(?:from|import) ([A-Za-z_]\w*)", code, re.M)):
            if module in sys.stdlib_module_names:
                continue
            assert module in colab or f'"{module}"' in source, f"{doc} imports {module}"
            names = {canonicalize_name(d) for d in distributions.get(module, [])}
            assert names & installs, f"{doc} imports {module}, which gatesgrad[reader] lacks"


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


def test_launch_buttons_are_matched_by_url_and_others_left_alone():
    buttons = [
        {"label": "download-buttons", "buttons": [{"text": ".md", "url": "/_sources/a.md"}]},
        {
            "label": "launch-buttons",
            "buttons": [
                {"text": "Binder", "url": "https://mybinder.org/v2/gh/o/n/main?urlpath=x"},
                {"text": "JupyterHub", "url": "https://hub.example.org/hub/user-redirect/x"},
                {"text": "Open on Colab", "url": "https://colab.research.google.com/github/x"},
            ],
        },
    ]
    point_launch_buttons(buttons, "https://github.com/o/n", "book/ch", LAUNCH)
    download, launch = ([b["url"] for b in group["buttons"]] for group in buttons)
    assert download == ["/_sources/a.md"]
    assert launch == [
        f"https://mybinder.org/v2/gh/o/n/{NOTEBOOK_BRANCH}?urlpath=lab/tree/book/ch.ipynb",
        "https://hub.example.org/hub/user-redirect/x",
        f"https://colab.research.google.com/github/o/n/blob/{NOTEBOOK_BRANCH}/book/ch.ipynb",
    ]


def test_reader_notebook_puts_one_setup_cell_first_and_keeps_the_outputs(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1", id="sum")
    cell.outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# A chapter", id="title"), cell]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, path)

    once = reader_notebook(path, "https://github.com/someone/somebook", "0123abc")
    path.write_text(once)
    twice = reader_notebook(path, "https://github.com/someone/somebook", "0123abc")
    assert once == twice  # the same file build after build, and never two setup cells
    cells = nbformat.reads(twice, as_version=4).cells
    assert [c.metadata.get("tags") for c in cells] == [[SETUP_TAG], None, None]
    assert cells[2].outputs[0]["data"]["text/plain"] == "2"


def test_the_site_serves_the_books_own_static_files_as_they_are(book):
    """Even after a build that wrote no page (Sphinx 7 then copies no static file)."""
    static = ROOT / "_static"
    sources = [path for path in static.rglob("*") if path.is_file()]
    assert sources
    for source in sources:
        served = book.html / "_static" / source.relative_to(static)
        assert served.read_bytes() == source.read_bytes(), f"{served} is out of date"


def test_repository_url_must_be_a_github_repository():
    with pytest.raises(ValueError, match=r"repository_url: expected https://github.com/"):
        github_parts("https://example.org/book")


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
BINDER = ROOT / ".binder"


def locked(path) -> dict[str, set[str]]:
    """The versions a lock file pins, by package (one per platform or Python it forks on)."""
    pins: dict[str, set[str]] = {}
    for name, version in re.findall(r"^([A-Za-z0-9][\w.-]*)==([^\s;]+)", path.read_text(), re.M):
        pins.setdefault(canonicalize_name(name), set()).add(version)
    return pins


def declared() -> list[Requirement]:
    """Every third-party requirement of the package and its extras."""
    groups = [PYPROJECT["dependencies"], *PYPROJECT["optional-dependencies"].values()]
    requirements = [Requirement(line) for group in groups for line in group]
    return [r for r in requirements if r.name != PYPROJECT["name"]]


def test_the_lock_pins_every_declared_requirement_within_its_range():
    pins = locked(ROOT / "requirements.txt")
    for requirement in declared():
        versions = pins.get(canonicalize_name(requirement.name))
        assert versions, f"requirements.txt does not lock {requirement.name}: run tools/lock"
        for version in versions:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements.txt locks {requirement.name}=={version}, outside"
                f" {requirement}: run tools/lock"
            )


@pytest.mark.parametrize("lock", ["requirements.txt", ".binder/requirements.txt"])
def test_each_lock_is_generated_with_a_hash_for_every_pin(lock):
    lines = (ROOT / lock).read_text().splitlines()
    assert lines[1].strip() == "#    tools/lock", f"{lock} is not written by tools/lock"
    for line, following in zip(lines, lines[1:], strict=False):
        if re.match(r"[A-Za-z0-9]", line):
            assert "==" in line and following.lstrip().startswith("--hash=sha256:"), line


def test_binder_installs_what_a_reader_needs_at_the_tested_versions():
    reader, tested = locked(BINDER / "requirements.txt"), locked(ROOT / "requirements.txt")
    for name, versions in reader.items():
        assert versions <= tested.get(name, set()), f"Binder installs {name} {versions}"
    assert {"tensorflow", "myst-nb", "anywidget", "ipywidgets"} <= reader.keys()
    tools = {"pytest", "playwright", "ruff", "jupyter-book", "jupyterlab", "uv"}
    assert not tools & reader.keys(), "Binder installs tools a reader does not need"

    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert re.search(r"^python -m pip install .*--no-deps \.$", post_build.read_text(), re.M)


def test_binder_builds_with_the_python_the_book_needs():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    minimum = re.fullmatch(r">=(\d+\.\d+)", PYPROJECT["requires-python"]).group(1)
    assert runtime == f"python-{minimum}"
    assert not (ROOT / "runtime.txt").exists(), "Binder reads .binder/ only"


def test_ci_and_pages_run_the_readme_commands():
    build, test = quick_start()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert build in ci and test in ci
    assert ci.index(test) < ci.index(f"{test} -m determinism"), "CI runs the marked tests too"
    assert "npm" not in build + "\n".join(ci), "the quick start and CI need no Node"

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps]
    assert build in runs, "the Pages workflow does not build with the README's command"
    assert test in runs, "the Pages workflow does not run the README's tests"
    pushed = next(i for i, run in enumerate(runs) if "git push" in run)
    published = next(i for i, use in enumerate(uses) if "upload-pages-artifact" in use)
    assert runs.index(build) < runs.index(test) < min(pushed, published), "tested, then published"
    assert not any("setup-node" in use or "npm" in run for use, run in zip(uses, runs, strict=True))
    assert steps[published]["with"]["path"] == "_build/html"
    assert f"git checkout -B {NOTEBOOK_BRANCH}" in runs[pushed]
    assert "_sources/book/*.ipynb" in runs[pushed]
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy)
    assert True in workflow and "main" in workflow[True]["push"]["branches"]  # YAML's `on`


def test_the_canary_installs_the_newest_releases_and_runs_every_test_off_the_push_path():
    """.github/workflows/canary.yml: weekly and on demand, never on a push; the newest
    releases pyproject's ranges allow (not the lock); the README's build and tests, and the
    determinism check."""
    build, test = quick_start()
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "canary.yml").read_text())
    triggers = workflow[True]  # YAML reads `on` as True
    assert set(triggers) == {"schedule", "workflow_dispatch"}, "it must not block a push"
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", triggers["schedule"][0]["cron"]), "weekly"
    (job,) = workflow["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    install = next(run for run in runs if "pip install" in run)
    assert "requirements.txt" not in install, "the canary installs the ranges, not the lock"
    assert "--upgrade" in install and "--upgrade-strategy eager" in install
    assert '-e ".[dev]"' in install, "every direct dependency, by pyproject's ranges"
    assert build.split(" && ")[-1] in runs, "the README's build"
    assert runs.index(build.split(" && ")[-1]) < runs.index(test), "built, then tested"
    assert f"{test} -m determinism" in runs
    assert any("playwright install" in run for run in runs)
    pythons = job["strategy"]["matrix"]["python"]
    assert PYPROJECT["requires-python"] == f">={pythons[0]}", "the oldest supported Python"
    assert job["strategy"]["fail-fast"] is False


CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def test_the_licences_are_stated_in_the_repository_and_on_every_page():
    """The code MIT (LICENSE, as pyproject says), the text and figures CC BY 4.0 (the README
    and the site's footer: a plain link, nothing loaded from outside)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    licence = (ROOT / "LICENSE").read_text()
    assert pyproject["project"]["license"] == {"text": "MIT"}
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 The Gates & Gradients authors\n")
    assert CONFIG["author"] == "The Gates & Gradients authors" and CONFIG["copyright"] == "2026"
    readme = (ROOT / "README.md").read_text()
    section = re.search(r"^## Licence\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert section, "the README has no Licence section"
    assert all(s in section.group(1) for s in ("MIT", "(LICENSE)", "CC BY", CC_BY))
    from bs4 import BeautifulSoup

    footer = BeautifulSoup(CONFIG["html"]["extra_footer"], "html.parser")
    assert [a["href"] for a in footer.find_all("a")] == [CC_BY]
    assert "CC BY 4.0" in footer.get_text() and "MIT" in footer.get_text()
    assert not footer.find_all(["script", "img", "link", "iframe", "style"])
    assert not footer.find_all(attrs={"src": True})


def test_the_readme_links_the_licence_the_changelog_and_the_guide():
    readme = (ROOT / "README.md").read_text()
    for name in ("LICENSE", "CHANGELOG.md", "CONTRIBUTING.md"):
        assert f"]({name})" in readme and (ROOT / name).is_file(), name
    assert "## Changelog" not in readme, "the changelog lives in CHANGELOG.md"
