"""Measure the built website in headless Chromium, from disk, offline; print Markdown.

Per page: its own weight (HTML + images only it loads), the part of it that its exercises'
checks take (budget 20 kB a page), the bytes of a first visit (every
file of the site it fetches, theme and maths font included), the first contentful paint and
the load event; for every explorer control, the time from a move to the laid-out redraw.
Lists the largest files of the heaviest first visit. Ends with the figures over the
website's budgets, if any: a page's own weight under 1000 kB, a first visit under 1500 kB,
a first paint under 1000 ms, and every redraw within one frame (p95 at most 16 ms). Also
saves the README's picture of the gradient-decay explorer
(book/images/decay-explorer.png).

The trainer of chapter 13, as a reader starts it: Train pressed at its defaults (the LSTM
beside the SimpleRNN, each in its own Worker), timed until the LSTM's drawn loss (the mean of
the last 50 steps) falls below 0.05, what the chapter calls learned; the budget is 60 s of
training. Then the redraws it made while training (p95 within 16 ms).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "_ext")]  # tests.book_data reads ggsite

from tests.book_data import own_weight, toc_files  # noqa: E402
from tests.check_state import check_bytes  # noqa: E402
from tests.conftest import CHROMIUM_ARGS, fetched_bytes, find_chromium  # noqa: E402

HTML = ROOT / "_build" / "html"
MOVES = 200
TRAINER = "book/13-train-it-yourself"
LEARNED, TRAINER_BUDGET_S = 0.05, 60

# Seconds from Train until a run's drawn loss is below `learned`, and each run's step then.
TRAINER_RUN = """
async ([learned, budget]) => {
  const el = document.querySelector(".gg-trainer");
  const drawn = (run) => {
    const n = run.losses.length, w = Math.min(50, n);
    return n ? run.losses.slice(n - w).reduce((a, b) => a + b, 0) / w : Infinity;
  };
  [...el.querySelectorAll("button")].find((b) => b.textContent === "Train").click();
  const t0 = performance.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const runs = el.ggTrainer.runs(), s = (performance.now() - t0) / 1000;
    const lstm = runs.find((run) => run.arch === "lstm");
    if (drawn(lstm) < learned || s > budget) {
      return { seconds: s, steps: runs.map((run) => [run.arch, run.losses.length, drawn(run)]),
               redraws: el.ggTrainer.redraws.slice() };
    }
  }
}
"""

# Time from a control's event until the redrawn explorer is laid out: the event handlers,
# then the style and layout the browser must compute before it can paint (forced here by
# reading the explorer's size). A control is a slider (moved along its positions) or a
# group of radio buttons (each option checked in turn).
REDRAW_MS = """
(control) => {
  const root = control.closest(".gg-explorer-root");
  const options = [...control.querySelectorAll("input[type=radio]")];
  const times = [];
  for (let i = 0; i < MOVES; i++) {
    let target = control, event = "input";
    if (options.length) {
      target = options[i % options.length];
      target.checked = true;
      event = "change";
    } else {
      control.value = String(i % (Number(control.max) + 1));
    }
    const start = performance.now();
    target.dispatchEvent(new Event(event, { bubbles: true }));
    root.getBoundingClientRect();
    void document.body.offsetHeight;
    times.push(performance.now() - start);
  }
  return times;
}
""".replace("MOVES", str(MOVES))


def percentile(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def largest_files(urls: list[str], site: str) -> list[tuple[str, int]]:
    """The site's files among `urls`, each once, largest first: (path in the site, bytes)."""
    paths = {u[len(site) + 1 :].split("?")[0].split("#")[0] for u in urls if u.startswith(site)}
    return sorted(((p, (HTML / p).stat().st_size) for p in paths), key=lambda f: -f[1])


def main() -> None:
    site = HTML.as_uri()
    rows, redraws, visits, trainer = [], [], {}, None
    with sync_playwright() as p:
        chromium = find_chromium(p.chromium.executable_path)
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for doc in toc_files():
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(site) else r.abort()
            )
            fetched: list[str] = []
            page.on("requestfinished", lambda r, fetched=fetched: fetched.append(r.url))
            page.goto(f"{site}/{doc}.html", wait_until="load")
            page.wait_for_timeout(300)
            paint_ms, load_ms = page.evaluate(
                "[performance.getEntriesByName('first-contentful-paint')[0].startTime,"
                " performance.getEntriesByType('navigation')[0].loadEventEnd]"
            )
            rows.append(
                (
                    doc,
                    own_weight(HTML / f"{doc}.html"),
                    check_bytes((HTML / f"{doc}.html").read_text())[1],
                    fetched_bytes(fetched, site),
                    paint_ms,
                    load_ms,
                )
            )
            visits[doc] = fetched
            if doc.endswith("03-vanishing-gradients"):  # as a reader first sees it
                shot = ROOT / "book" / "images" / "decay-explorer.png"
                shot.parent.mkdir(exist_ok=True)
                page.locator(".gg-explorer-root").first.screenshot(path=str(shot))
            controls = [
                (f"slider {i}", slider)
                for i, slider in enumerate(
                    page.locator(".gg-explorer-root input[type=range]").all()
                )
            ] + [
                (f"options {i}", group)
                for i, group in enumerate(
                    page.locator(".gg-explorer-root fieldset:has(input[type=radio])").all()
                )
            ]
            for name, control in controls:
                times = control.evaluate(REDRAW_MS)
                redraws.append((doc, name, statistics.median(times), percentile(times, 0.95)))
            if doc == TRAINER:
                trainer = page.evaluate(TRAINER_RUN, [LEARNED, TRAINER_BUDGET_S])
            context.close()
        browser.close()

    print("## Website (Chromium, from disk, network blocked)\n")
    print(
        "| page | own weight (kB) | of it, checks (kB) | first visit, all files (kB) "
        "| first paint (ms) | load event (ms) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for doc, own, checks, first, paint, load in rows:
        print(
            f"| {doc} | {own / 1000:.0f} | {checks / 1000:.1f} | {first / 1000:.0f} "
            f"| {paint:.0f} | {load:.0f} |"
        )
    print(
        "\nBudgets: own weight < 1000 kB (its checks < 20 kB), first visit < 1500 kB, first"
        " render < 1000 ms."
        " The maths is MathML written at build time: no script typesets it.\n"
    )
    heaviest = max(rows, key=lambda row: row[3])[0]
    print(f"Largest files of the heaviest first visit ({heaviest}):\n")
    print("| file | kB |\n| --- | ---: |")
    for path, size in largest_files(visits[heaviest], site)[:12]:
        print(f"| {path} | {size / 1000:.0f} |")
    print()
    print(f"| explorer control | redraw median (ms) | redraw p95 (ms) |  ({MOVES} moves each)")
    print("| --- | ---: | ---: |")
    for doc, name, median, p95 in redraws:
        print(f"| {doc} {name} | {median:.2f} | {p95:.2f} |")
    print(
        "\nBudget: a redraw within one frame, 16 ms. Measured from the control's event to the"
        " end of the layout of the redrawn explorer (event handlers, style, layout)."
    )
    times = trainer["redraws"]
    steps = ", ".join(
        f"{arch} at step {n} (drawn loss {loss:.3f})" for arch, n, loss in trainer["steps"]
    )
    print(
        f"\n## The trainer ({TRAINER}, defaults, Train pressed)\n\n"
        f"The LSTM's drawn loss fell below {LEARNED} after {trainer['seconds']:.1f} s of training"
        f" (budget {TRAINER_BUDGET_S} s): {steps}. Redraws while training: {len(times)}, median"
        f" {statistics.median(times):.2f} ms, p95 {percentile(times, 0.95):.2f} ms."
    )
    over = [f"{doc}: own weight {own} B" for doc, own, *_ in rows if own >= 1_000_000]
    over += [f"{doc}: checks {checks} B" for doc, _, checks, *_ in rows if checks >= 20_000]
    if trainer["seconds"] > TRAINER_BUDGET_S:
        over.append(f"the trainer's LSTM not learned within {TRAINER_BUDGET_S} s")
    if percentile(times, 0.95) > 16:
        over.append(f"trainer redraw p95 {percentile(times, 0.95):.1f} ms")
    over += [f"{doc}: first visit {first} B" for doc, _, _, first, *_ in rows if first >= 1_500_000]
    over += [f"{doc}: first paint {paint:.0f} ms" for doc, *_, paint, _ in rows if paint >= 1000]
    over += [f"{doc} {name}: p95 {p95:.1f} ms" for doc, name, _, p95 in redraws if p95 > 16]
    print("\nOver budget: " + ("; ".join(over) if over else "nothing."))


if __name__ == "__main__":
    main()
