"""Pure helpers for drawing a site plan in terminal cells: lines, glyphs, labels, scale bar, north arrow."""

from __future__ import annotations

import math
from typing import Any

from rich.style import Style
from rich.text import Text

from tui.i18n import pick

ARROWS = "↑↗→↘↓↙←↖"


def short_label(node: Any, lang: str, cells: int = 16) -> str:
    """A node's label on the plan: a tank's tag, else its name without the bracketed part, cut to ``cells``.

    >>> from types import SimpleNamespace as N
    >>> short_label(N(type="tank", tag="V-301A", name_zh="液氯储罐", name_en="Chlorine tank"), "zh")
    'V-301A'
    >>> short_label(N(type="assembly_point", tag="", name_zh="东集合点（东应急门外停车场）", name_en="East AP"), "zh")
    '东集合点'
    """
    from rich.cells import set_cell_size

    if node.type == "tank" and node.tag:
        return node.tag
    name = pick(lang, node.name_zh, node.name_en).split("（")[0].split(" (")[0].strip()
    return set_cell_size(name, cells).rstrip() if len(name) > 0 else node.tag


def nice_length(target_m: float) -> float:
    """The largest 1/2/5 × 10^k metres not above ``target_m`` (for the scale bar).

    >>> nice_length(73), nice_length(240), nice_length(9.9)
    (50.0, 200.0, 5.0)
    """
    if target_m <= 0:
        return 1.0
    exp = math.floor(math.log10(target_m))
    for m in (5, 2, 1):
        v = m * 10.0**exp
        if v <= target_m:
            return float(v)
    return float(10.0**exp)


def north_arrow(north_deg: float) -> str:
    """The arrow pointing to true north on a plan whose up axis has bearing ``north_deg``.

    >>> north_arrow(0), north_arrow(90), north_arrow(45)
    ('↑', '←', '↖')
    """
    return ARROWS[round(-north_deg / 45.0) % 8]


def line_cells(c0: int, r0: int, c1: int, r1: int) -> list[tuple[int, int]]:
    """Cells of a straight line between two cells (Bresenham), ends included.

    >>> line_cells(0, 0, 3, 1)
    [(0, 0), (1, 0), (2, 1), (3, 1)]
    """
    cells = []
    dc, dr = abs(c1 - c0), -abs(r1 - r0)
    sc, sr = (1 if c0 < c1 else -1), (1 if r0 < r1 else -1)
    err = dc + dr
    c, r = c0, r0
    while True:
        cells.append((c, r))
        if c == c1 and r == r1:
            return cells
        e2 = 2 * err
        if e2 >= dr:
            err += dr
            c += sc
        if e2 <= dc:
            err += dc
            r += sr


def edge_char(dc: int, dr: int, vehicle: bool) -> str:
    """The drawing character of a segment going ``dc`` columns and ``dr`` rows (rows grow downwards).

    >>> edge_char(10, 1, True), edge_char(0, 5, True), edge_char(4, -4, True), edge_char(4, 4, False)
    ('━', '┃', '╱', '·')
    """
    if not vehicle:
        return "·"
    if dc == 0 and dr == 0:
        return "━"
    angle = math.degrees(math.atan2(-dr * 2.0, dc)) % 180.0  # a row is about two columns tall
    if angle < 22.5 or angle >= 157.5:
        return "━"
    if angle < 67.5:
        return "╱"
    if angle < 112.5:
        return "┃"
    return "╲"


def assemble(grid: list[list[str]], styles: list[list[str]], bg: list[list[str]]) -> Text:
    text = Text(no_wrap=True, overflow="crop")
    cache: dict[tuple[str, str], Style] = {}
    for r, row in enumerate(grid):
        if r:
            text.append("\n")
        run_chars: list[str] = []
        run_key: tuple[str, str] | None = None
        for c, ch in enumerate(row):
            key = (styles[r][c], bg[r][c])
            if key != run_key:
                if run_chars and run_key is not None:
                    text.append("".join(run_chars), cell_style(cache, run_key))
                run_chars, run_key = [], key
            run_chars.append(ch)
        if run_chars and run_key is not None:
            text.append("".join(run_chars), cell_style(cache, run_key))
    return text


def cell_style(cache: dict[tuple[str, str], Style], key: tuple[str, str]) -> Style:
    style = cache.get(key)
    if style is None:
        fg, back = key
        style = Style.parse(" ".join(x for x in (fg, back) if x) or "none")
        cache[key] = style
    return style
