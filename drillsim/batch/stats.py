"""Statistics of a batch: percentiles, means with t-based 95 % intervals, paired differences, histograms.

Pure Python (no numpy) and order-stable: every function sorts or walks its input in run order, so the
same runs give bit-identical numbers however they were scheduled.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

Value = float | int | None


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of already sorted values, linear between closest ranks.

    This is Hyndman and Fan's definition 7 (numpy's and Excel's default): position ``(n - 1) q / 100``.

    >>> percentile([1, 2, 3, 4], 50), percentile([1, 2, 3, 4], 90), percentile([7], 95)
    (2.5, 3.7, 7.0)
    """
    if not sorted_values:
        raise ValueError("percentile of no values")
    pos = (len(sorted_values) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    frac = pos - lo
    return float(sorted_values[lo]) + (float(sorted_values[hi]) - float(sorted_values[lo])) * frac


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes 6.4)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b).

    >>> round(betainc(2, 3, 0.4), 6)   # 1 - 0.6**4 - 4 * 0.4 * 0.6**3
    0.5248
    """
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    ln = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(ln)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """Cumulative distribution of Student's t with ``df`` degrees of freedom.

    >>> round(t_cdf(2.228138852, 10), 6), t_cdf(0.0, 3)
    (0.975, 0.5)
    """
    x = df / (df + t * t)
    tail = 0.5 * betainc(df / 2.0, 0.5, x)
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (bisection on :func:`t_cdf`, to 1e-10).

    >>> [round(t_quantile(0.975, n), 3) for n in (1, 2, 5, 10, 30, 120)]
    [12.706, 4.303, 2.571, 2.228, 2.042, 1.98]
    """
    if not 0.0 < p < 1.0:
        raise ValueError("p must be in (0, 1)")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-10:
            break
    return 0.5 * (lo + hi)


def mean_ci(values: Sequence[float], level: float = 0.95) -> tuple[float, float, float] | None:
    """(mean, low, high): the mean and its two-sided t-interval; None for fewer than two values.

    The interval is ``mean ± t(1 - (1 - level) / 2, n - 1) · s / √n`` with ``s`` the sample standard
    deviation: exact for normal data, and by the central limit theorem close for the run counts of a
    capacity study (hundreds) whatever the KPI's distribution.

    >>> m, lo, hi = mean_ci([1.0, 2.0, 3.0, 4.0]); m, round(lo, 4), round(hi, 4)
    (2.5, 0.4457, 4.5543)
    >>> mean_ci([5.0]) is None
    True
    """
    n = len(values)
    if n < 2:
        return None
    mean = math.fsum(values) / n
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half = t_quantile(1.0 - (1.0 - level) / 2.0, n - 1) * math.sqrt(var / n)
    return mean, mean - half, mean + half


def summarize(values: Sequence[Value]) -> dict[str, Any]:
    """DESIGN.md statistics of one KPI over the runs (in run order): ``None`` values count as missing.

    >>> s = summarize([3.0, None, 1.0, 2.0])
    >>> s["mean"], s["p50"], s["min"], s["max"], s["missing"], s["n"], [round(x, 3) for x in s["ci95"]]
    (2.0, 2.0, 1.0, 3.0, 1, 3, [-0.484, 4.484])
    >>> summarize([None, None])["mean"] is None
    True
    """
    present = [float(v) for v in values if v is not None]
    out: dict[str, Any] = {"n": len(present), "missing": len(values) - len(present)}
    if not present:
        out.update(dict.fromkeys(("mean", "sd", "p50", "p90", "p95", "min", "max", "ci95")))
        return out
    srt = sorted(present)
    mean = math.fsum(present) / len(present)
    ci = mean_ci(present)
    sd = (
        math.sqrt(math.fsum((v - mean) ** 2 for v in present) / (len(present) - 1))
        if len(present) > 1
        else None
    )
    out.update(
        mean=mean,
        sd=sd,
        p50=percentile(srt, 50),
        p90=percentile(srt, 90),
        p95=percentile(srt, 95),
        min=srt[0],
        max=srt[-1],
        ci95=[ci[1], ci[2]] if ci else None,
    )
    return out


def paired(base: Sequence[Value], variant: Sequence[Value]) -> dict[str, Any]:
    """Paired differences variant − base over runs with the same seed (both present).

    ``only_base`` / ``only_variant`` count runs where the KPI happened in one arm only (a variant that
    brings a hazmat unit where there was none turns missing values into times: that shows here, not in
    the mean difference).

    >>> d = paired([10.0, 12.0, None, 9.0], [8.0, 11.0, 7.0, None])
    >>> d["n"], d["mean_diff"], d["only_base"], d["only_variant"], [round(x, 3) for x in d["ci95"]]
    (2, -1.5, 1, 1, [-7.853, 4.853])
    """
    if len(base) != len(variant):
        raise ValueError("paired samples must have the same length")
    diffs = [
        float(v) - float(b) for b, v in zip(base, variant, strict=True) if b is not None and v is not None
    ]
    only_base = sum(1 for b, v in zip(base, variant, strict=True) if b is not None and v is None)
    only_variant = sum(1 for b, v in zip(base, variant, strict=True) if b is None and v is not None)
    ci = mean_ci(diffs)
    return {
        "n": len(diffs),
        "mean_diff": (math.fsum(diffs) / len(diffs)) if diffs else None,
        "ci95": [ci[1], ci[2]] if ci else None,
        "only_base": only_base,
        "only_variant": only_variant,
        "base_mean": _mean(base),
        "variant_mean": _mean(variant),
    }


def _mean(values: Sequence[Value]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return math.fsum(present) / len(present) if present else None


def histogram(values: Sequence[Value], bins: int = 10) -> tuple[list[float], list[int]]:
    """(edges, counts) of the present values: ``bins`` equal-width bins, or one bin per integer when the
    values are whole numbers spanning fewer than ``bins * 2`` values. The last bin is closed.

    >>> histogram([0, 1, 1, 2, None])
    ([0.0, 1.0, 2.0, 3.0], [1, 2, 1])
    >>> histogram([0.5, 1.5, 2.5, 3.5], bins=2)
    ([0.5, 2.0, 3.5], [2, 2])
    >>> histogram([None])
    ([], [])
    """
    present = sorted(float(v) for v in values if v is not None)
    if not present:
        return [], []
    lo, hi = present[0], present[-1]
    if all(v.is_integer() for v in present) and hi - lo + 1 <= bins * 2:
        edges = [lo + i for i in range(int(hi - lo) + 2)]
    elif hi == lo:
        edges = [lo, lo + 1.0]
    else:
        width = (hi - lo) / bins
        edges = [lo + width * i for i in range(bins)] + [hi]
    counts = [0] * (len(edges) - 1)
    for v in present:
        k = min(int((v - lo) / (edges[1] - edges[0])), len(counts) - 1) if len(counts) > 1 else 0
        # guard against floating edges: walk to the right bin
        while k > 0 and v < edges[k]:
            k -= 1
        while k < len(counts) - 1 and v >= edges[k + 1]:
            k += 1
        counts[k] += 1
    return edges, counts
