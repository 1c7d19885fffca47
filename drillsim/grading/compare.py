"""Placing a drill's actuals in the distribution of simulated runs of the same scenario."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MIN_RUNS = 20
"""A batch smaller than this says too little about a scenario's distribution to compare a drill with."""


def share_faster(actual: float | None, simulated: Sequence[float | None]) -> dict[str, Any] | None:
    """How many simulated runs did better than ``actual`` (lower is better); runs where it never
    happened count as worse. None when there is nothing to compare.

    >>> share_faster(6.0, [2.0, 3.0, 4.0, 8.0, None])["slower_than_pct"]
    60.0
    """
    if actual is None or not simulated:
        return None
    n = len(simulated)
    better = sum(1 for v in simulated if v is not None and v < actual)
    happened = [v for v in simulated if v is not None]
    return {
        "runs": n,
        "slower_than_pct": round(100.0 * better / n, 1),
        "simulated_median": sorted(happened)[len(happened) // 2] if happened else None,
        "missing_in_runs": n - len(happened),
    }


def sentence(name: str, actual: float, cmp: dict[str, Any], lang: str) -> str:
    """The one-line reading of a comparison, in the UI language."""
    pct = cmp["slower_than_pct"]
    runs = cmp["runs"]
    if lang == "zh":
        return f"{name} 用时 {actual:.1f} 分钟，慢于 {runs} 次模拟中 {pct:.0f}% 的运行"
    return f"your {name} at {actual:.1f} min is slower than {pct:.0f}% of {runs:,} simulated runs of this scenario"


def compare_with_batch(db: Any, scenario: str, content_digest: str, grade: Any) -> dict[str, dict[str, Any]]:
    """Each timed KPI actual placed among the newest stored batch of ``scenario`` (same content if there is one).

    Counts (deaths, diversions ...) and first-event measures are not compared; nor is anything when the
    newest batch has fewer than :data:`MIN_RUNS` runs.
    """
    from drillsim.grading.score import COUNT_MEASURES

    if not scenario:
        return {}
    latest = db.latest_batch(scenario, content_digest) or db.latest_batch(scenario)
    if latest is None or latest[1] < MIN_RUNS:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for c in grade.criteria:
        if c.kind != "timed" or c.max == 0 or c.measure.startswith("event:") or c.measure in COUNT_MEASURES:
            continue
        cmp = share_faster(c.actual, db.batch_values(latest[0], c.measure))
        if cmp is not None:
            out[c.id] = cmp
    return out
