"""Markdown with YAML front matter: split with markdown-it-py's front-matter plugin, headings with lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int  # 1-based line of the heading
    body: str  # Markdown under the heading, up to the next heading of the same or a higher level
    anchor: str


@dataclass(frozen=True, slots=True)
class MarkdownDoc:
    front_matter: str | None
    front_matter_line: int  # 1-based line of the first YAML line
    body: str
    headings: tuple[Heading, ...]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin)


def slug(text: str) -> str:
    """A stable anchor for a heading; keeps CJK characters.

    >>> slug("6.3 应急响应 / Response")
    '6-3-应急响应-response'
    """
    s = re.sub(r"[^\w\u4e00-\u9fff]+", "-", text.lower()).strip("-")
    return s or "section"


def parse_markdown(text: str) -> MarkdownDoc:
    """Split front matter from the body and list the headings with their lines and bodies."""
    tokens = _parser().parse(text)
    lines = text.splitlines()
    fm: str | None = None
    fm_line = 0
    body_start = 0
    raw_heads: list[tuple[int, str, int]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "front_matter":
            fm = tok.content
            fm_line = 2
            body_start = tok.map[1] if tok.map else 0
        elif tok.type == "heading_open" and tok.map:
            level = int(tok.tag[1])
            inline = tokens[i + 1].content if i + 1 < len(tokens) else ""
            raw_heads.append((level, inline.strip(), tok.map[0]))
    heads: list[Heading] = []
    seen: dict[str, int] = {}
    for idx, (level, htext, start) in enumerate(raw_heads):
        end = len(lines)
        for level2, _t, start2 in raw_heads[idx + 1 :]:
            if level2 <= level:
                end = start2
                break
        body = "\n".join(lines[start + 1 : end]).strip("\n")
        anchor = slug(htext)
        n = seen.get(anchor, 0)
        seen[anchor] = n + 1
        if n:
            anchor = f"{anchor}-{n}"
        heads.append(Heading(level, htext, start + 1, body, anchor))
    body_text = "\n".join(lines[body_start:])
    return MarkdownDoc(fm, fm_line, body_text, tuple(heads))
