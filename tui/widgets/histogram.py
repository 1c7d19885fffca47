"""Text histograms of a KPI over simulated runs: one bar per bin, counts beside it, readable in monochrome."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text


def bins(values: Sequence[float], n: int = 8) -> list[tuple[float, float, int]]:
    """(low, high, count) for ``n`` equal half-open bins over the values (the last one closed; one bin if all equal).

    >>> bins([1, 2, 2, 3, 4], 3)
    [(1.0, 2.0, 1), (2.0, 3.0, 2), (3.0, 4.0, 2)]
    >>> bins([5, 5], 4)
    [(5.0, 5.0, 2)]
    >>> bins([], 4)
    []
    """
    if not values:
        return []
    lo, hi = float(min(values)), float(max(values))
    if math.isclose(lo, hi):
        return [(lo, hi, len(values))]
    width = (hi - lo) / n
    counts = [0] * n
    for v in values:
        i = min(int((v - lo) / width), n - 1)
        counts[i] += 1
    return [(lo + i * width, lo + (i + 1) * width, c) for i, c in enumerate(counts)]


def histogram(values: Sequence[float | None], n: int = 8, bar_width: int = 24, unit: str = "") -> Text:
    """A histogram of the present values, and a line saying how many runs never reached it."""
    present = [float(v) for v in values if v is not None]
    missing = len(values) - len(present)
    out = Text()
    rows = bins(present, n)
    top = max((c for _, _, c in rows), default=0)
    for lo, hi, c in rows:
        filled = round(bar_width * c / top) if top else 0
        out.append(f"{lo:8.1f}–{hi:<8.1f}{unit} ", style="dim")
        out.append("█" * filled, style="cyan")
        out.append("·" * (bar_width - filled), style="dim")
        out.append(f" {c}\n")
    if missing:
        out.append(f"{'never':>17}{unit} ", style="dim")
        filled = round(bar_width * missing / max(top, missing))
        out.append("▒" * filled, style="magenta")
        out.append(f" {missing}\n")
    return out
