"""Engine speed: events per second of drills on the sample city next to a bare SimPy model of the same work.

One seed is not one drill's typical cost: the scenario draws the site, release, weather and hour from
the seed, and set-up work (evacuation routes through the hazard zone) varies with the draw. So a
scenario is measured over ``seeds`` consecutive seeds; each seed's drill and its bare model are timed
in turn, ``rounds`` times after a warm-up round, and the per-seed medians are summed: events per second
is total events / total time, for the drill and for the bare model alike.
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks.bare_simpy import Trace, run_bare, trace
from benchmarks.common import Figure, Section, log, timed

PREFERRED = ("chlorine-leak",)  # the sample city's flagship drill, when present


def _phases(content: Any, sid: str, seed: int) -> tuple[float, float, float]:
    """Seconds of one drill's set-up (``Drill(...)``), run (``run_to_end``) and ``timeline()``."""
    from drillsim.engine import Drill

    t0 = time.perf_counter()
    drill = Drill(content, sid, seed)
    t1 = time.perf_counter()
    drill.run_to_end()
    t2 = time.perf_counter()
    drill.timeline()
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2


def measure(content: Any, scenario: str | None, seed: int, seeds: int, rounds: int, every: bool) -> Section:
    """Fill the engine section: drill wall time, events/s, bare-SimPy events/s, overhead."""
    sec = Section("engine")
    try:
        from drillsim.engine import run_drill
    except ImportError as exc:
        sec.unavailable = f"drillsim.engine not importable ({exc})"
        return sec
    scenarios = sorted(content.scenarios)
    if not scenarios:
        sec.unavailable = "the sample city has no scenario"
        return sec
    sid = scenario or next((s for s in PREFERRED if s in content.scenarios), scenarios[0])
    if sid not in content.scenarios:
        sec.unavailable = f"unknown scenario {sid!r} (known: {', '.join(scenarios)})"
        return sec
    results = {}
    for s in scenarios if every else [sid]:
        log(f"engine: {s}, seeds {seed}..{seed + seeds - 1}, {rounds} round(s)")
        results[s] = _scenario(run_drill, content, s, range(seed, seed + seeds), rounds)
    m = results[sid]
    sec.data.update(
        {
            "scenario": sid,
            "seeds": [seed, seed + seeds - 1],
            "events_per_s": round(m["events_per_s"]),
            "bare_simpy_events_per_s": round(m["bare_events_per_s"]),
            "overhead_vs_bare_simpy": round(m["overhead"], 2),
            "drill_wall_ms": m["wall_ms"].to_json(3),
            "drill_wall_ms_seed_first": round(m["first_seed_ms"], 3),
            "events_per_drill": m["events"].to_json(1),
            "bare_events_per_drill": m["bare_events"].to_json(1),
            "events_by_type": m["by_type"],
            "phases_ms": m["phases_ms"],
            "events_per_s_in_run": round(m["events_per_s_in_run"]),
            "bare_simpy_events_per_s_in_run": round(m["bare_events_per_s_in_run"]),
            "overhead_in_run_vs_bare_simpy": round(m["overhead_in_run"], 2),
        }
    )
    if every:
        sec.data["scenarios"] = {
            s: {
                "drill_wall_ms": r["wall_ms"].to_json(3),
                "events_per_drill": r["events"].median,
                "events_per_s": round(r["events_per_s"]),
                "bare_simpy_events_per_s": round(r["bare_events_per_s"]),
                "overhead_vs_bare_simpy": round(r["overhead"], 2),
                "phases_ms": r["phases_ms"],
            }
            for s, r in results.items()
        }
    n = len(m["per_seed_ms"])
    sec.row(
        f"one drill of {sid}, over {n} seeds (median [min-max] of seeds)",
        m["wall_ms"].show("{:.1f}") + " ms",
    )
    sec.row(
        "SimPy events per drill (median [min-max])",
        f"{m['events'].show('{:.0f}')}; bare model {m['bare_events'].median:.0f}",
    )
    sec.row("events/s, whole drills (total events / total time)", f"{m['events_per_s']:,.0f}")
    sec.row("events/s, bare SimPy model of the same events", f"{m['bare_events_per_s']:,.0f}")
    sec.row("cost per event vs bare (goal <= 1.3x)", f"{m['overhead']:.1f}x")
    sec.row(
        "  drill phases (sum over seeds): set-up | run | timeline",
        " | ".join(f"{v:.1f} ms" for v in m["phases_ms"].values()),
    )
    sec.row(
        "  events/s in the run phase alone: drill | bare",
        f"{m['events_per_s_in_run']:,.0f} | {m['bare_events_per_s_in_run']:,.0f} ({m['overhead_in_run']:.1f}x)",
    )
    slow = sorted(m["per_seed_ms"].items(), key=lambda kv: -kv[1])[:3]
    sec.row("  slowest seeds (ms)", ", ".join(f"seed {k}: {v:.0f}" for k, v in slow))
    if every and len(results) > 1:
        for s, r in results.items():
            sec.row(
                f"  {s}",
                f"{r['wall_ms'].median:.1f} ms [{r['wall_ms'].lo:.1f}-{r['wall_ms'].hi:.1f}], "
                f"{r['events'].median:.0f} events, {r['overhead']:.1f}x bare",
            )
    return sec


def _scenario(run_drill: Any, content: Any, sid: str, seeds: range, rounds: int) -> dict[str, Any]:
    """One scenario over ``seeds``: drill and bare model timed in turn, so machine load hits both alike."""
    traces: dict[int, Trace] = {}
    bare_counts: dict[int, int] = {}
    for s in seeds:
        traces[s], _ = trace(lambda s=s: run_drill(content, sid, s))
        bare_counts[s] = trace(lambda s=s: run_bare(traces[s]))[0].total
    wall: dict[int, list[float]] = {s: [] for s in seeds}
    phases: dict[int, list[tuple[float, float, float]]] = {s: [] for s in seeds}
    bare: dict[int, list[tuple[float, float]]] = {s: [] for s in seeds}
    for r in range(1 + max(1, rounds)):  # round 0 is the warm-up
        for s in seeds:
            w, _tl = timed(lambda s=s: run_drill(content, sid, s))
            ph = _phases(content, sid, s)
            b = run_bare(traces[s])
            if r:
                wall[s].append(w)
                phases[s].append(ph)
                bare[s].append(b)
    wall_s = {s: Figure.of(v).median for s, v in wall.items()}
    bare_s = {s: Figure.of([a + b for a, b in v]).median for s, v in bare.items()}
    bare_run_s = {s: Figure.of([b for _a, b in v]).median for s, v in bare.items()}
    ph_s = [sum(Figure.of([p[i] for p in phases[s]]).median for s in seeds) for i in range(3)]
    events = sum(traces[s].total for s in seeds)
    b_events = sum(bare_counts.values())
    eps = events / sum(wall_s.values())
    beps = b_events / sum(bare_s.values())
    eps_run = events / ph_s[1] if ph_s[1] > 0 else float("inf")
    beps_run = b_events / sum(bare_run_s.values())
    by_type: dict[str, int] = {}
    for tr in traces.values():
        for k, v in tr.events.items():
            by_type[k] = by_type.get(k, 0) + v
    return {
        "wall_ms": Figure.of([v * 1000 for v in wall_s.values()]),
        "per_seed_ms": {s: v * 1000 for s, v in wall_s.items()},
        "first_seed_ms": wall_s[seeds[0]] * 1000,
        "events": Figure.of([traces[s].total for s in seeds]),
        "bare_events": Figure.of(list(bare_counts.values())),
        "by_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
        "events_per_s": eps,
        "bare_events_per_s": beps,
        "overhead": beps / eps,
        "events_per_s_in_run": eps_run,
        "bare_events_per_s_in_run": beps_run,
        "overhead_in_run": beps_run / eps_run,
        "phases_ms": {k: round(v * 1000, 2) for k, v in zip(("setup", "run", "timeline"), ph_s, strict=True)},
    }
