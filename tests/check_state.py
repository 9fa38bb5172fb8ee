"""The exercises' checks as a page or notebook embeds them (`check` in
gatesgrad.explorers.answer_check), read back here without the package's own decoder: each
state's encoded answer is XORed with its key's UTF-8 bytes, then base64."""

from __future__ import annotations

import base64
import json
import re

import nbformat

STATE = re.compile(r'class="gg-check-state">(.*?)</script>', re.S)
HOST = re.compile(r'<div class="gg-check".*?</script></div>', re.S)  # a check, as embedded


def check_states_in(html: str) -> list[dict]:
    """The check states embedded in some HTML, in order."""
    return [json.loads(p.replace("<\\/", "</")) for p in STATE.findall(html)]


# In a chapter's source: an exercise, a code cell, a check's key in a cell, the precision an
# exercise asks for ("to three significant figures", "to three decimal places").
EXERCISE = re.compile(r"```\{exercise\}[^\n]*\n(.*?)\n```", re.S)
CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)\n```", re.S)
CHECK_KEY = re.compile(r'check\(\s*"(\w+)"')
ASKED = re.compile(r"\b(one|two|three|four|five|six)\s+(significant\s+figures|decimal\s+places)")
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def asked_precision(source: str) -> dict[str, dict[str, int]]:
    """{check key: {"sig": n} or {"decimals": n} or {}}: the precision the exercise just above
    each check cell asks for (its first such phrase), read from a chapter's source."""
    exercises = list(EXERCISE.finditer(source))
    asked = {}
    for cell in CODE_CELL.finditer(source):
        key = CHECK_KEY.search(cell.group(1))
        if key is None:
            continue
        text = [e for e in exercises if e.end() < cell.start()][-1].group(1)
        found = ASKED.search(text)
        kind = found and ("sig" if found.group(2).startswith("significant") else "decimals")
        asked[key.group(1)] = {kind: NUMBERS[found.group(1)]} if found else {}
    return asked


def check_bytes(html: str) -> tuple[int, int]:
    """How many checks some HTML embeds, and their bytes (what they add to a page)."""
    hosts = HOST.findall(html)
    return len(hosts), sum(len(h.encode()) for h in hosts)


def revealed(data: dict) -> dict:
    """A check's encoded payload: {"answer", "wrong": [[value, feedback]]} for a number,
    {"answer": index, "feedback": {index: text}} for a choice."""
    mask = data["key"].encode()
    raw = base64.b64decode(data["secret"])
    return json.loads(bytes(b ^ mask[k % len(mask)] for k, b in enumerate(raw)))


def answer_of(data: dict) -> object:
    """What a check accepts: its number, or the text of its right choice."""
    answer = revealed(data)["answer"]
    return answer if data["kind"] == "number" else data["choices"][answer]


def notebook_checks(nb: nbformat.NotebookNode) -> list[dict]:
    """The data of every check a notebook's outputs embed, in order."""
    return [
        state["data"]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        for state in check_states_in(output.get("data", {}).get("text/html", ""))
    ]


def check_answers(nb: nbformat.NotebookNode) -> dict[str, object]:
    """{key: answer} of every check in a notebook."""
    return {data["key"]: answer_of(data) for data in notebook_checks(nb)}
