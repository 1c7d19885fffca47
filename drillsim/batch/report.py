"""A batch on paper: the terminal table, text histograms, the progress bar, CSV rows and an SVG plot."""

from __future__ import annotations

import csv
import math
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import escape

from drillsim.batch.runner import BASE, VARIANT, values
from drillsim.batch.stats import histogram
from drillsim.model import KPI_NAMES

KPI_ZH = {
    "t_detected": "发现",
    "t_alarm": "内部报警",
    "t_call_119": "拨打119",
    "t_report_authority": "上报主管部门",
    "t_esd": "紧急切断",
    "t_first_fire_arrival": "首车到场",
    "t_hazmat_arrival": "危化处置力量到场",
    "t_headcount_complete": "清点人数完成",
    "t_leak_controlled": "泄漏控制",
    "t_last_casualty_treated": "最后一名伤员救治",
    "casualties": "伤员",
    "deaths": "死亡",
    "max_wait_poison_bed_min": "中毒床位最长等待",
    "antidote_stockouts": "解毒药断供",
    "diversions": "转院",
}
RESOURCE_ZH = {
    "poison_beds": "中毒救治床位",
    "icu_beds": "ICU床位",
    "ambulances": "救护车",
    "hazmat_units": "危化处置单元",
    "fire_engines": "消防车",
    "antidote_stock": "解毒药库存",
}
SPARK = " ▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉█"


def _is_time(kpi: str) -> bool:
    return kpi.startswith("t_") or kpi.endswith("_min")


def unit(kpi: str) -> str:
    return "min" if _is_time(kpi) else "n"


def fmt(v: Any, digits: int = 1) -> str:
    """A number for the table: ``—`` for None, whole numbers without decimals.

    >>> fmt(None), fmt(3.0), fmt(2.345), fmt(12)
    ('—', '3', '2.3', '12')
    """
    if v is None:
        return "—"
    if isinstance(v, int) or float(v).is_integer():
        return str(int(v))
    return f"{float(v):.{digits}f}"


def sparkline(vals: Sequence[Any], bins: int = 10) -> str:
    """A one-line histogram of the values (empty when none are present).

    >>> sparkline([1, 1, 1, 2, 3, 3])
    '█▃▅'
    """
    _edges, counts = histogram(vals, bins)
    if not counts:
        return ""
    top = max(counts)
    return "".join(SPARK[0 if c == 0 else max(1, round(8 * c / top))] for c in counts)


def bar(count: int, top: int, width: int) -> str:
    """A horizontal bar in eighths of a character.

    >>> bar(5, 10, 4), bar(0, 10, 4), bar(10, 10, 4)
    ('██', '', '████')
    """
    if top <= 0 or count <= 0:
        return ""
    eighths = max(1, round(8 * width * count / top))
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def _label(kpi: str, lang: str) -> str:
    return f"{KPI_ZH.get(kpi, kpi)} {kpi}" if lang == "zh" else kpi


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: int = 1, last_left: bool = True
) -> list[str]:
    """Aligned text columns: the first ``right`` columns (and the last, if ``last_left``) left-aligned."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < right or (last_left and i == len(cells) - 1) else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]


# --------------------------------------------------------------------------- terminal
def render(result: Any, lang: str = "en", hist: bool = True) -> str:
    """The whole terminal report of a :class:`~drillsim.batch.BatchResult`."""

    def t(zh: str, en: str) -> str:
        return zh if lang == "zh" else en

    spec = result.spec
    out: list[str] = []
    where = f" @ {spec.enterprise}" if spec.enterprise else ""
    out.append(
        t(
            f"演练 EXERCISE — 批量推演 {spec.scenario}{where}：{spec.runs} 次，种子 {spec.seed}，{result.workers} 个进程（{result.backend}），用时 {result.elapsed_s:.1f} 秒",
            f"EXERCISE / 演练 — batch {spec.scenario}{where}: {spec.runs} runs, seed {spec.seed}, "
            f"{result.workers} worker(s) ({result.backend}), {result.elapsed_s:.1f} s "
            f"({spec.runs * len(spec.arms) / max(result.elapsed_s, 1e-9):.1f} runs/s)",
        )
    )
    if spec.overrides:
        out.append(t("假设变更：", "what-if: ") + "; ".join(str(o) for o in spec.overrides))
    arms = (
        [(BASE, t("基线", "baseline")), (VARIANT, t("变更后", "variant"))]
        if spec.compare
        else [(result.main_arm, "")]
    )
    for arm, name in arms:
        rows = result.rows[arm]
        stats = result.kpis(arm)
        out.append("")
        if name:
            out.append(f"== {name} ==")
        body = []
        for k in KPI_NAMES:
            s = stats[k]
            ci = f"[{fmt(s['ci95'][0])}, {fmt(s['ci95'][1])}]" if s["ci95"] else "—"
            body.append(
                [
                    _label(k, lang),
                    unit(k),
                    fmt(s["mean"]),
                    ci,
                    fmt(s["p50"]),
                    fmt(s["p90"]),
                    fmt(s["p95"]),
                    fmt(s["min"]),
                    fmt(s["max"]),
                    str(s["missing"]),
                    sparkline(values(rows, k)),
                ]
            )
        heads = [
            t("指标", "KPI"),
            t("单位", "unit"),
            t("均值", "mean"),
            t("95%置信区间", "95% CI"),
            "p50",
            "p90",
            "p95",
            "min",
            "max",
            t("未发生", "missing"),
            t("分布", "distribution"),
        ]
        out += _table(heads, body, right=2)
        out.append("")
        out.append(
            t("瓶颈（资源饱和的推演占比）：", "bottlenecks (share of runs in which the resource saturated):")
        )
        bn = result.bottlenecks(arm)
        if not bn:
            out.append(t("  无资源饱和", "  none saturated"))
        else:
            rows_b = [
                [
                    RESOURCE_ZH.get(b["resource"], b["resource"]) if lang == "zh" else b["resource"],
                    f"{100 * b['share']:.1f}%",
                    str(b["runs"]),
                    ", ".join(f"{w} {n}" for w, n in list(b["where"].items())[:4]),
                ]
                for b in bn
            ]
            out += [
                "  " + x
                for x in _table(
                    [t("资源", "resource"), t("占比", "share"), t("次数", "runs"), t("位置", "where")], rows_b
                )
            ]
    if spec.compare:
        out.append("")
        out.append(
            t("配对差值（变更后 − 基线，同一种子）：", "paired differences (variant − baseline, same seeds):")
        )
        body = []
        for k, d in result.paired().items():
            ci = f"[{fmt(d['ci95'][0], 2)}, {fmt(d['ci95'][1], 2)}]" if d["ci95"] else "—"
            body.append(
                [
                    _label(k, lang),
                    fmt(d["base_mean"]),
                    fmt(d["variant_mean"]),
                    fmt(d["mean_diff"], 2),
                    ci,
                    str(d["n"]),
                    str(d["only_base"]),
                    str(d["only_variant"]),
                ]
            )
        out += _table(
            [
                t("指标", "KPI"),
                t("基线", "base"),
                t("变更后", "variant"),
                t("差值", "diff"),
                t("95%置信区间", "95% CI"),
                t("配对数", "pairs"),
                t("仅基线", "only base"),
                t("仅变更", "only variant"),
            ],
            body,
            last_left=False,
        )
    if hist:
        out.append("")
        if spec.compare:
            out.append(t("== 分布（变更后）==", "== distributions (variant) =="))
        out += histograms(result.rows[result.spec.arms[-1]], lang)
    return "\n".join(out)


def histograms(rows: Sequence[Any], lang: str = "en", width: int = 36, bins: int = 8) -> list[str]:
    """A text-bar histogram per KPI that has values."""
    out: list[str] = []
    for k in KPI_NAMES:
        vals = values(rows, k)
        edges, counts = histogram(vals, bins)
        if not counts:
            continue
        missing = sum(1 for v in vals if v is None)
        out.append(
            f"{_label(k, lang)} ({unit(k)}), n={len(vals) - missing}"
            + (f", missing {missing}" if missing else "")
        )
        top = max(counts)
        integer = all(float(e).is_integer() for e in edges) and edges[1] - edges[0] == 1
        for i, c in enumerate(counts):
            rng = fmt(edges[i]) if integer else f"{fmt(edges[i])}–{fmt(edges[i + 1])}"
            out.append(f"  {rng:>13} │{bar(c, top, width)} {c}")
        out.append("")
    return out


class ProgressBar:
    """A progress bar on a terminal stream, redrawn at most ten times a second; silent off a TTY."""

    def __init__(
        self,
        stream: TextIO,
        label: str = "runs",
        width: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self.label = label
        self.width = width
        self.clock = clock
        self.t0 = clock()
        self.last = -1.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        frac = done / total if total else 1.0
        filled = round(self.width * frac)
        rate = done / (now - self.t0) if now > self.t0 else 0.0
        eta = f" ETA {math.ceil((total - done) / rate)} s" if rate > 0 and done < total else ""
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {self.label} "
            f"{rate:.1f}/s{eta}   "
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 50) + "\r")
            self.stream.flush()


# --------------------------------------------------------------------------- files
def write_csv(path: str | Path, rows: Sequence[Mapping[str, Any]]) -> None:
    """Write the per-run rows (``BatchResult.csv_rows()``); empty cells for KPIs that never happened."""
    if not rows:
        return
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})


def svg(result: Any, title: str = "") -> str:
    """Small-multiple histograms of every KPI with values (both arms side by side in compare mode)."""
    arms = list(result.spec.arms)
    colours = {BASE: "#4c78a8", VARIANT: "#f58518"}
    panels = []
    for k in KPI_NAMES:
        series = {a: values(result.rows[a], k) for a in arms}
        pooled = [v for a in arms for v in series[a]]
        edges, _ = histogram(pooled, 12)
        if not edges:
            continue
        counts = {a: _count(series[a], edges) for a in arms}
        panels.append((k, edges, counts))
    cols, pw, ph = 3, 300, 170
    rows_n = max(1, math.ceil(len(panels) / cols))
    width, height = cols * pw + 20, rows_n * ph + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    legend_x = 10
    for a in arms:
        name = "baseline" if a == BASE else "variant"
        parts.append(
            f'<rect x="{legend_x}" y="32" width="10" height="10" fill="{colours[a]}"/>'
            f'<text x="{legend_x + 14}" y="41">{name}</text>'
        )
        legend_x += 90
    for i, (k, edges, counts) in enumerate(panels):
        x0 = 10 + (i % cols) * pw
        y0 = 50 + (i // cols) * ph
        parts.append(_panel(k, edges, counts, colours, x0, y0, pw - 20, ph - 20))
    parts.append("</svg>")
    return "\n".join(parts)


def _count(vals: Sequence[Any], edges: Sequence[float]) -> list[int]:
    counts = [0] * (len(edges) - 1)
    for v in vals:
        if v is None:
            continue
        k = len(counts) - 1
        for j in range(len(counts)):
            if float(v) < edges[j + 1]:
                k = j
                break
        counts[k] += 1
    return counts


def _panel(
    k: str,
    edges: Sequence[float],
    counts: Mapping[str, list[int]],
    colours: Mapping[str, str],
    x0: float,
    y0: float,
    w: float,
    h: float,
) -> str:
    top = max(max(c) for c in counts.values()) or 1
    plot_h = h - 40
    n = len(edges) - 1
    bw = w / n
    arms = list(counts)
    out = [
        f'<g><text x="{x0}" y="{y0 + 12}" font-weight="bold">{escape(k)} ({unit(k)})</text>',
        f'<line x1="{x0}" y1="{y0 + 20 + plot_h}" x2="{x0 + w}" y2="{y0 + 20 + plot_h}" stroke="#333"/>',
    ]
    for j in range(n):
        for a_i, a in enumerate(arms):
            c = counts[a][j]
            if not c:
                continue
            bh = plot_h * c / top
            sub = bw / len(arms)
            x = x0 + j * bw + a_i * sub
            out.append(
                f'<rect x="{x:.1f}" y="{y0 + 20 + plot_h - bh:.1f}" width="{max(sub - 1, 0.5):.1f}" '
                f'height="{bh:.1f}" fill="{colours[a]}"><title>{fmt(edges[j])}–{fmt(edges[j + 1])}: {c}</title></rect>'
            )
    out.append(f'<text x="{x0}" y="{y0 + 34 + plot_h}">{fmt(edges[0])}</text>')
    out.append(f'<text x="{x0 + w}" y="{y0 + 34 + plot_h}" text-anchor="end">{fmt(edges[-1])}</text>')
    out.append(f'<text x="{x0 + w}" y="{y0 + 12}" text-anchor="end" fill="#666">max {top}</text></g>')
    return "\n".join(out)


def check_plot_path(path: str | Path) -> None:
    """Refuse a plot file the batch could not write, before the batch runs."""
    from drillsim.errors import UsageError

    suffix = Path(path).suffix.lower()
    if suffix not in (".svg", ".png"):
        raise UsageError(f"--plot {path}: give a .svg (or .png with matplotlib installed)")
    if suffix == ".png":
        import importlib.util

        if importlib.util.find_spec("matplotlib") is None:
            raise UsageError(
                f"--plot {path}: PNG needs matplotlib, which is not installed; write a .svg instead"
            )


def write_plot(path: str | Path, result: Any, title: str = "") -> None:
    """Write ``.svg`` (always available) or ``.png`` (needs matplotlib)."""
    check_plot_path(path)
    p = Path(path)
    if p.suffix.lower() == ".svg":
        p.write_text(svg(result, title), encoding="utf-8")
        return
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [
        k
        for k in KPI_NAMES
        if any(v is not None for a in result.spec.arms for v in values(result.rows[a], k))
    ]
    cols = 3
    fig, axes = plt.subplots(
        max(1, math.ceil(len(names) / cols)),
        cols,
        figsize=(12, 2.6 * math.ceil(len(names) / cols)),
        squeeze=False,
    )
    for ax, k in zip(axes.flat, names, strict=False):
        for a in result.spec.arms:
            vals = [v for v in values(result.rows[a], k) if v is not None]
            ax.hist(vals, bins=12, alpha=0.6, label="baseline" if a == BASE else "variant")
        ax.set_title(f"{k} ({unit(k)})", fontsize=9)
    for ax in list(axes.flat)[len(names) :]:
        ax.axis("off")
    if result.spec.compare:
        axes.flat[0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(p, dpi=110)
    plt.close(fig)
