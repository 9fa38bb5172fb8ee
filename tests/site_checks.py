"""Drive every exercise check on a built page (called by test_site.py's per-page test): each
number check accepts its answer, values just inside its tolerance on both sides and the answer
written to the precision its exercise asks for, refuses values just outside, answers each
listed slip with its feedback, and answers garbage with a sentence; each choice accepts the
right one and answers every other with its feedback or a plain "not this one". Input goes
through the page's own handlers (the input event, the form's submit, the radio's change),
batched in one call per check: the keyboard path is tested on the view's own page
(tests/test_check_view.py)."""

from __future__ import annotations

import math

from tests.check_state import revealed

# Type each text into check k's box and submit it; or pick each choice. Returns, for each,
# the verdict (data-verdict) and the feedback the live region then holds.
SUBMIT = """
([k, texts]) => {
  const root = document.querySelectorAll(".gg-check-root")[k];
  const input = root.querySelector("input.gg-check-input");
  return texts.map((text) => {
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    root.querySelector("form").requestSubmit();
    return [root.dataset.verdict, root.querySelector("[role=status]").textContent];
  });
}
"""
PICK = """
(k) => {
  const root = document.querySelectorAll(".gg-check-root")[k];
  return [...root.querySelectorAll("input[type=radio]")].map((input) => {
    input.click();
    return [root.dataset.verdict, root.querySelector("[role=status]").textContent];
  });
}
"""
GARBAGE = "0.5 +* 2"


def _cases(data: dict) -> list[tuple[str, str, str]]:
    """(typed, expected verdict, text the feedback must hold) for a number check."""
    secret = revealed(data)
    answer, slips = secret["answer"], secret["wrong"]

    def band(x: float) -> float:
        return max(data["abs"], data["rel"] * math.fabs(x))

    def verdict(x: float) -> tuple[str, str]:
        if math.fabs(x - answer) <= band(answer):
            return "right", "✓ Right"
        slip = next((s for s in slips if math.fabs(x - s[0]) <= band(s[0])), None)
        return ("slip", slip[1]) if slip else ("wrong", "is not " + data["tolerance"])

    tol = band(answer)
    values = [
        answer,
        answer + 0.9 * tol,
        answer - 0.9 * tol,
        answer + 1.1 * tol,
        answer - 1.1 * tol,
    ]
    if "sig" in data or "decimals" in data:  # the answer written as the exercise asks
        values.append(
            float(f"{answer:.{data['sig']}g}") if "sig" in data else round(answer, data["decimals"])
        )
    cases = [(repr(x), *verdict(x)) for x in values]
    assert [c[1] for c in cases[:3]] == ["right"] * 3 and "right" not in (cases[3][1], cases[4][1])
    assert all(c[1] == "right" for c in cases[5:])  # check() refuses a tolerance that would not
    cases += [(repr(float(value)), "slip", feedback) for value, feedback in slips]
    return [*cases, (GARBAGE, "unread", f"Could not read “{GARBAGE}”")]


def drive_checks(page, doc: str, states: list[dict]) -> None:
    """Every check of the page (`states`, in page order) does what its data says."""
    roots = page.locator(".gg-check-root")
    assert roots.count() == len(states), f"{doc}: {roots.count()} checks drawn, {len(states)} sent"
    for k, state in enumerate(states):
        data = state["data"]
        box = roots.nth(k)
        assert box.get_by_label(data["label"]).count() == (data["kind"] == "number")
        if data["kind"] == "number":
            cases = _cases(data)
            got = page.evaluate(SUBMIT, [k, [typed for typed, _, _ in cases]])
            for (typed, verdict, said), (shown, feedback) in zip(cases, got, strict=True):
                assert shown == verdict and said in feedback, (
                    f"{doc}: check {data['key']}: typed {typed!r}, expected {verdict} saying "
                    f"{said!r}, got {shown} saying {feedback!r}"
                )
        else:
            secret = revealed(data)
            got = page.evaluate(PICK, k)
            for index, (shown, feedback) in enumerate(got):
                said = secret["feedback"].get(str(index), "Not this one")
                expected = (
                    ("right", "✓ Right")
                    if index == secret["answer"]
                    else ("slip" if str(index) in secret["feedback"] else "wrong", said)
                )
                assert (shown, expected[1] in feedback) == (expected[0], True), (
                    f"{doc}: check {data['key']}: choice {data['choices'][index]!r}, expected "
                    f"{expected}, got {shown} saying {feedback!r}"
                )
