"""Snippets: a short window of a hit's text around the first match, matches wrapped in highlight markers."""

from __future__ import annotations

from collections.abc import Sequence

MARK_OPEN = "**"
MARK_CLOSE = "**"
SNIPPET_CHARS = 120
_LEAD = 30


def _spans(text: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``needles`` in ``text`` (case-insensitive), longest needle first."""
    low = text.casefold()
    taken: list[tuple[int, int]] = []
    for needle in sorted({n.casefold() for n in needles if n}, key=len, reverse=True):
        start = 0
        while (i := low.find(needle, start)) >= 0:
            j = i + len(needle)
            if needle.isascii() and needle.isalnum():
                # English words and numbers: whole-word start only ("ammonia" not inside "xammonia")
                if i > 0 and low[i - 1].isascii() and low[i - 1].isalnum():
                    start = i + 1
                    continue
                while j < len(low) and low[j].isascii() and low[j].isalpha() and needle.isalpha():
                    j += 1  # extend a stem to the whole word ("leak" -> "leaking")
            if all(j <= a or i >= b for a, b in taken):
                taken.append((i, j))
            start = j
    return sorted(taken)


def has_match(text: str, needles: Sequence[str]) -> bool:
    """True when any needle occurs in ``text`` (as :func:`make_snippet` would mark it).

    >>> has_match("Tanks", ["tank"]), has_match("abc", ["x"])
    (True, False)
    """
    return bool(_spans(text, needles))


def make_snippet(text: str, needles: Sequence[str], width: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around its first match, matches wrapped in ``**``; the start when nothing matches.

    >>> make_snippet("储存液氯 60 t，位于罐区。泄漏时关闭紧急切断阀。", ["液氯", "切断"])
    '储存**液氯** 60 t，位于罐区。泄漏时关闭紧急**切断**阀。'
    >>> make_snippet("Tanks are leaking ammonia", ["leak"])
    'Tanks are **leaking** ammonia'
    """
    text = " ".join(text.split())
    spans = _spans(text, needles)
    if spans:
        start = max(0, spans[0][0] - _LEAD)
        if start:
            space = text.rfind(" ", start - 10, start)
            start = space + 1 if space > 0 else start
    else:
        start = 0
    end = min(len(text), start + width)
    out: list[str] = ["…"] if start > 0 else []
    pos = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(text[pos:a])
        out.append(MARK_OPEN + text[a:b] + MARK_CLOSE)
        pos = b
    out.append(text[pos:end])
    if end < len(text):
        out.append("…")
    return "".join(out).replace(MARK_CLOSE + MARK_OPEN, "")


def split_marks(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, highlighted) pieces, for front ends that style the matches.

    >>> split_marks("a **b** c")
    [('a ', False), ('b', True), (' c', False)]
    """
    parts = snippet.split(MARK_OPEN)
    return [(p, i % 2 == 1) for i, p in enumerate(parts) if p]
