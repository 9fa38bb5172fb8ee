"""The chapters as readers take them away: executed notebooks that run anywhere.

The site offers each chapter as `.md` (its source) and `.ipynb` (executed, outputs kept).
The notebook gets one extra first cell that installs the book's package, with what a reader
needs, when it is missing (Colab, a fresh Jupyter), from the commit whose code computed the
outputs. Colab opens notebooks from GitHub only and JupyterLab opens a `.md` chapter as text,
so the Pages workflow (`.github/workflows/pages.yml`) pushes the repository plus the executed
notebooks to the branch `NOTEBOOK_BRANCH`, and the Binder and Colab buttons open them there.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import nbformat

NOTEBOOK_BRANCH = "notebooks"
SETUP_TAG = "gatesgrad-setup"
# What a chapter imports that Colab lacks; the setup cell installs gatesgrad[reader] without one.
READER_MODULES = ("gatesgrad", "myst_nb")
_GITHUB = re.compile(r"^https://github\.com/([\w.-]+)/([\w.-]+?)/?$")


def github_parts(repository_url: str) -> tuple[str, str]:
    """("owner", "name") of a https://github.com/owner/name URL."""
    match = _GITHUB.match(str(repository_url))
    if match is None:
        raise ValueError(
            f"repository_url: expected https://github.com/<owner>/<name>, got {repository_url!r}"
        )
    return match.group(1), match.group(2)


def checked_out_commit(root: Path) -> str | None:
    """The commit checked out at `root` (`git rev-parse HEAD`); None outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:  # no git on this machine
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def setup_source(repository_url: str, ref: str) -> str:
    """The code of the first cell: install `gatesgrad[reader]` at `ref` (a commit or branch)
    if a module the chapters import is missing."""
    owner, name = github_parts(repository_url)
    modules = ", ".join(f'"{module}"' for module in READER_MODULES)
    return (
        "# Outside the book's environment (Colab, say), install what the chapter imports,\n"
        "# at the commit that computed this notebook's outputs.\n"
        "import importlib.util, subprocess, sys\n"
        "\n"
        f"if any(importlib.util.find_spec(m) is None for m in [{modules}]):\n"
        "    subprocess.check_call([\n"
        '        sys.executable, "-m", "pip", "install", "--quiet",\n'
        f'        "gatesgrad[reader] @ git+https://github.com/{owner}/{name}@{ref}",\n'
        "    ])"
    )


def reader_notebook(executed: Path | nbformat.NotebookNode, repository_url: str, ref: str) -> str:
    """The executed notebook (or the one at the path `executed`), with the setup cell first,
    as JSON text."""
    import nbformat  # here: the tests import this module in every process

    nb = (
        nbformat.from_dict(executed)
        if isinstance(executed, dict)
        else nbformat.read(str(executed), as_version=4)
    )
    nb.cells = [cell for cell in nb.cells if SETUP_TAG not in cell.metadata.get("tags", [])]
    setup = nbformat.v4.new_code_cell(setup_source(repository_url, ref))
    setup.metadata["tags"] = [SETUP_TAG]
    setup.id = SETUP_TAG  # fixed, so two builds write the same file
    nb.cells.insert(0, setup)
    nb.metadata.pop("source_map", None)  # the build's bookkeeping, not the reader's
    nbformat.validate(nb)
    return nbformat.writes(nb)


def point_launch_buttons(
    header_buttons: list[dict[str, Any]],
    repository_url: str,
    pagename: str,
    launch_buttons: dict[str, Any],
) -> None:
    """Point the Binder and Colab buttons at the chapter's executed notebook on the branch
    `NOTEBOOK_BRANCH`. A button is recognised by its URL, which starts with the configured
    `binderhub_url` or `colab_url`; any other launch button keeps the theme's URL."""
    owner, name = github_parts(repository_url)
    notebook = f"{pagename}.ipynb"
    targets = {}
    if binderhub := launch_buttons.get("binderhub_url", "").rstrip("/"):
        targets[f"{binderhub}/"] = (
            f"{binderhub}/v2/gh/{owner}/{name}/{NOTEBOOK_BRANCH}?urlpath=lab/tree/{notebook}"
        )
    if colab := launch_buttons.get("colab_url", "").rstrip("/"):
        targets[f"{colab}/"] = f"{colab}/github/{owner}/{name}/blob/{NOTEBOOK_BRANCH}/{notebook}"
    for group in header_buttons:
        if group.get("label") != "launch-buttons":
            continue
        for button in group["buttons"]:
            url = button.get("url", "")
            button["url"] = next(
                (target for prefix, target in targets.items() if url.startswith(prefix)), url
            )
