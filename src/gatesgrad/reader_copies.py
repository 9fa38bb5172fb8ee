"""The chapters as readers take them away: executed notebooks that run anywhere.

The site offers each chapter as `.md` (its source) and `.ipynb` (executed, outputs kept).
The notebook gets one extra first cell that installs this package when it is missing
(Colab, a fresh Jupyter), from the repository the book is configured with. Colab opens
notebooks from GitHub only and JupyterLab opens a `.md` chapter as text, so the Pages
workflow (`.github/workflows/pages.yml`) pushes the repository plus the executed notebooks
to the branch `NOTEBOOK_BRANCH`, and the Binder and Colab buttons open them there.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

NOTEBOOK_BRANCH = "notebooks"
SETUP_TAG = "gatesgrad-setup"
_GITHUB = re.compile(r"^https://github\.com/([\w.-]+)/([\w.-]+?)/?$")


def github_parts(repository_url: str) -> tuple[str, str]:
    """("owner", "name") of a https://github.com/owner/name URL."""
    match = _GITHUB.match(str(repository_url))
    if match is None:
        raise ValueError(
            f"repository_url: expected https://github.com/<owner>/<name>, got {repository_url!r}"
        )
    return match.group(1), match.group(2)


def setup_source(repository_url: str, branch: str = "main") -> str:
    """The code of the first cell: install what the chapters import if it is not there
    (the book's package, and myst-nb for `glue`)."""
    owner, name = github_parts(repository_url)
    return (
        "# Outside the book's repository (Colab, say), install what the chapter imports.\n"
        "import importlib.util, subprocess, sys\n"
        "\n"
        "needed = {\n"
        f'    "gatesgrad": "gatesgrad @ git+https://github.com/{owner}/{name}@{branch}",\n'
        '    "myst_nb": "myst-nb",\n'
        "}\n"
        "missing = [spec for module, spec in needed.items()\n"
        "           if importlib.util.find_spec(module) is None]\n"
        "if missing:\n"
        '    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])'
    )


def reader_notebook(
    executed: Path | nbformat.NotebookNode, repository_url: str, branch: str = "main"
) -> str:
    """The executed notebook (or the one at the path `executed`), with the setup cell first,
    as JSON text."""
    nb = (
        nbformat.from_dict(executed)
        if isinstance(executed, dict)
        else nbformat.read(str(executed), as_version=4)
    )
    nb.cells = [cell for cell in nb.cells if SETUP_TAG not in cell.metadata.get("tags", [])]
    setup = nbformat.v4.new_code_cell(setup_source(repository_url, branch))
    setup.metadata["tags"] = [SETUP_TAG]
    setup.id = SETUP_TAG  # fixed, so two builds write the same file
    nb.cells.insert(0, setup)
    nb.metadata.pop("source_map", None)  # the build's bookkeeping, not the reader's
    nbformat.validate(nb)
    return nbformat.writes(nb)


def launch_urls(repository_url: str, pagename: str, binderhub: str, colab: str) -> dict[str, str]:
    """Binder's and Colab's addresses of a chapter's executed notebook."""
    owner, name = github_parts(repository_url)
    notebook = f"{pagename}.ipynb"
    return {
        "Binder": f"{binderhub.rstrip('/')}/v2/gh/{owner}/{name}/{NOTEBOOK_BRANCH}"
        f"?urlpath=lab/tree/{notebook}",
        "Colab": f"{colab.rstrip('/')}/github/{owner}/{name}/blob/{NOTEBOOK_BRANCH}/{notebook}",
    }
