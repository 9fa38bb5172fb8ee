"""Measure the book's time budgets on this machine and write benchmarks/RESULTS.md.

The budgets, on two CPU cores: a clean build (every chapter executed) within 240 s, a rebuild
with nothing changed or after a stylesheet-only edit within 30 s, the README's `pytest` within
150 s, `pytest -m determinism` within 20 min (1200 s, what `.ci/run` allows it). The website's
budgets are in site.py.

    python benchmarks/run.py            # build (clean, unchanged, CSS edited), tests, website
    python benchmarks/run.py --no-tests # skip the pytest run

The clean build removes _build/ first. The website figures come from site.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(cmd: list[str], *, executes: bool = True) -> float:
    """Seconds `cmd` takes; with `executes=False`, a build that runs a chapter is a failure."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    log = done.stdout + done.stderr
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{log[-4000:]}")
    if not executes and "xecuting" in log:  # ggsite's "executing …", myst-nb's "Executing …"
        sys.exit(f"{' '.join(cmd)} executed a chapter:\n{log[-4000:]}")
    return elapsed


def stylesheet_rebuild(build: list[str]) -> float:
    """Seconds to rebuild after an edit of `_static/book.css` alone (then undone and rebuilt):
    the build tooling is not the package, so no chapter runs again."""
    css = ROOT / "_static" / "book.css"
    original = css.read_bytes()
    try:
        css.write_bytes(original + b"\n/* benchmarks/run.py: a stylesheet-only edit */\n")
        return timed(build, executes=False)
    finally:
        css.write_bytes(original)
        timed(build)


def machine() -> str:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-tests", action="store_true", help="skip the pytest run")
    args = parser.parse_args()

    build = [str(BIN / "jupyter-book"), "build", str(ROOT), "-W", "--keep-going"]
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    rows = [("clean build, every chapter executed", timed(build), 240)]
    rows.append(("rebuild, nothing changed", timed(build), 30))
    rows.append(("rebuild after a stylesheet-only edit", stylesheet_rebuild(build), 30))
    if not args.no_tests:
        pytest = [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider"]
        rows.append(
            ("pytest, the README's test command (after the builds above)", timed(pytest), 150)
        )
        rows.append(
            (
                "pytest -m determinism (in .ci/run, whose budget is 20 min)",
                timed([*pytest, "-m", "determinism"]),
                1200,
            )
        )
    site = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "site.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    lines = [
        "# Benchmarks",
        "",
        f"Measured by `benchmarks/run.py` on {machine()}.",
        "",
        "The budgets are the book's own, set for two CPU cores (the docstrings of `run.py` and",
        "`site.py` state them); a figure over its budget is a regression to fix or to explain.",
        "",
        "| what | seconds | budget (s) |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {seconds:.1f} | {budget} |" for name, seconds, budget in rows],
        "",
        site,
    ]
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
