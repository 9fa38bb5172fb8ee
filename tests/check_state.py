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
