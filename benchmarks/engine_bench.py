"""Engine speed: events per second of one drill on the sample city next to a bare SimPy model of the same work."""

from __future__ import annotations

import time
from typing import Any

from benchmarks.bare_simpy import run_bare, trace
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


def measure(content: Any, scenario: str | None, seed: int, repeats: int, every: bool) -> Section:
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
        log(f"engine: {s}")
        results[s] = _one(run_drill, content, s, seed, repeats)
    main = results[sid]
    sec.data.update(
        {
            "scenario": sid,
            "seed": seed,
            "events_per_s": round(main["events_per_s"].median),
            "bare_simpy_events_per_s": round(main["bare_events_per_s"].median),
            "overhead_vs_bare_simpy": round(main["overhead"], 2),
            "overhead_in_run_vs_bare_simpy": round(main["overhead_in_run"], 2),
            "drill_wall_s": main["wall_s"].to_json(5),
            "events": main["events"],
            "bare_events": main["bare_events"],
            "timeline_events": main["timeline_events"],
            "events_by_type": main["by_type"],
            "run_share": round(main["run_share"], 3),
            "events_per_s_in_run": round(main["events_per_s_in_run"]),
            "bare_simpy_events_per_s_in_run": round(main["bare_events_per_s_in_run"]),
            "phases_ms": main["phases_ms"],
        }
    )
    if every:
        sec.data["scenarios"] = {
            s: {
                "drill_wall_ms": round(r["wall_s"].median * 1000, 2),
                "events": r["events"],
                "events_per_s": round(r["events_per_s"].median),
                "bare_simpy_events_per_s": round(r["bare_events_per_s"].median),
                "overhead_vs_bare_simpy": round(r["overhead"], 2),
                "run_share": round(r["run_share"], 3),
            }
            for s, r in results.items()
        }
    sec.row(f"one drill: {sid} (seed {seed})", main["wall_s"].scaled(1000).show("{:.1f}") + " ms")
    sec.row(
        "SimPy events processed",
        f"{main['events']} (timeline events {main['timeline_events']}; bare model {main['bare_events']})",
    )
    sec.row("events/s, whole drill", main["events_per_s"].show("{:,.0f}"))
    sec.row("events/s, bare SimPy model", main["bare_events_per_s"].show("{:,.0f}"))
    sec.row("overhead per event vs bare (goal <= 1.3x)", f"{main['overhead']:.1f}x")
    sec.row(
        "  drill phases: set-up | run | timeline",
        " | ".join(f"{v:.2f} ms" for v in main["phases_ms"].values()),
    )
    sec.row(
        "  events/s in the run phase alone: drill | bare",
        f"{main['events_per_s_in_run']:,.0f} | {main['bare_events_per_s_in_run']:,.0f} "
        f"({main['overhead_in_run']:.1f}x)",
    )
    if every and len(results) > 1:
        for s, r in results.items():
            sec.row(
                f"  {s}",
                f"{r['wall_s'].median * 1000:.1f} ms, {r['events']} events, {r['overhead']:.1f}x bare",
            )
    return sec


def _one(run_drill: Any, content: Any, sid: str, seed: int, repeats: int) -> dict[str, Any]:
    """One scenario: drill and bare model measured in turn (so machine load hits both alike)."""
    tr, timeline = trace(lambda: run_drill(content, sid, seed))
    bare_tr, _ = trace(lambda: run_bare(tr))
    wall: list[float] = []
    phases: list[tuple[float, float, float]] = []
    bare: list[float] = []
    bare_runs: list[float] = []
    for i in range(1 + max(3, repeats)):  # the first round is the warm-up
        w, _tl = timed(lambda: run_drill(content, sid, seed))
        ph = _phases(content, sid, seed)
        b_setup, b_run = run_bare(tr)
        if i:
            wall.append(w)
            phases.append(ph)
            bare.append(b_setup + b_run)
            bare_runs.append(b_run)
    bare_run_s = Figure.of(bare_runs).median
    n = tr.total
    nb = bare_tr.total
    eps = Figure.of([n / s for s in wall])
    beps = Figure.of([nb / s for s in bare])
    setup_s, run_s, timeline_s = (Figure.of([p[i] for p in phases]).median for i in range(3))
    run_share = run_s / (setup_s + run_s + timeline_s)
    eps_run = n / run_s if run_s > 0 else float("inf")
    return {
        "wall_s": Figure.of(wall),
        "events": n,
        "bare_events": nb,
        "timeline_events": len(getattr(timeline, "events", ())),
        "by_type": dict(tr.events.most_common()),
        "events_per_s": eps,
        "bare_events_per_s": beps,
        "overhead": beps.median / eps.median,
        "events_per_s_in_run": eps_run,
        "bare_events_per_s_in_run": nb / bare_run_s,
        "overhead_in_run": (nb / bare_run_s) / eps_run,
        "run_share": run_share,
        "phases_ms": {
            "setup": round(setup_s * 1000, 3),
            "run": round(run_s * 1000, 3),
            "timeline": round(timeline_s * 1000, 3),
        },
    }
