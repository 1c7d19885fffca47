"""Batch throughput: runs per second on 1 and 2 local workers and on a local Dask cluster, same study each time.

Every backend runs the identical study (scenario, base seed, runs); the statistics they return must be
identical, and the harness checks it. Times are wall clock around ``run_batch`` (pool start included,
as a user waits for it); a Dask cluster is started once, untimed, and kept warm across repeats.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from benchmarks.bare_simpy import Trace, run_bare, trace
from benchmarks.common import Figure, Section, log, peak_rss_mb, timed


def _stable(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("timing", "workers", "backend")}


def _dask_cluster() -> tuple[Any, Any, str]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        return None, None, f"dask.distributed not importable ({exc})"
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    )
    return cluster, Client(cluster), ""


def _bare_chunk(tr: Trace, n: int) -> int:
    for _ in range(n):
        run_bare(tr)
    return n


def _bare_batch(tr: Trace, runs: int, workers: int) -> float:
    """Seconds for ``runs`` bare-model runs in this process or on a fresh pool (its start-up included)."""
    t0 = time.perf_counter()
    if workers <= 1:
        _bare_chunk(tr, runs)
    else:
        ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        parts = [runs // (workers * 4) + (1 if i < runs % (workers * 4) else 0) for i in range(workers * 4)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            done = sum(pool.map(_bare_chunk, [tr] * len(parts), parts))
        assert done == runs
    return time.perf_counter() - t0


def measure(content: Any, scenario: str, runs: int, repeats: int, seed: int, dask: bool) -> Section:
    """Fill the batch section."""
    sec = Section("batch")
    try:
        from drillsim.batch import BatchSpec, run_batch
    except ImportError as exc:
        sec.unavailable = f"drillsim.batch not importable ({exc})"
        return sec
    spec = BatchSpec(scenario, runs, seed)
    warm = BatchSpec(scenario, 4, seed + 1)
    times: dict[str, list[float]] = {}
    docs: dict[str, dict[str, Any]] = {}

    def once(name: str, **kw: Any) -> None:
        seconds, res = timed(lambda: run_batch(content, spec, **kw))
        times.setdefault(name, []).append(seconds)
        docs[name] = _stable(res.to_json())

    # the reference: a bare SimPy batch of the same size in seconds, on 1 and 2 processes, measured in
    # turn with the real one, so it shows what scaling this machine offers at that moment
    from drillsim.engine import run_drill

    tr, _ = trace(lambda: run_drill(content, scenario, seed))
    run_batch(content, warm, workers=1)
    run_batch(content, warm, workers=2)
    inline_s, _ = timed(lambda: run_batch(content, spec, workers=1))
    one_bare, _ = timed(lambda: run_bare(tr))
    bare_runs = max(runs, int(inline_s / max(one_bare, 1e-6)))
    log(
        f"batch: {runs} runs of {scenario} on 1 and 2 workers, x{repeats}, with a {bare_runs}-run bare SimPy batch"
    )
    for _ in range(repeats):
        once("1 worker", workers=1)
        once("2 workers", workers=2)
        times.setdefault("bare 1", []).append(_bare_batch(tr, bare_runs, 1))
        times.setdefault("bare 2", []).append(_bare_batch(tr, bare_runs, 2))
    dask_reason = "not requested" if not dask else ""
    if dask:
        log("batch: starting a local Dask cluster (2 worker processes; not timed)")
        startup, (cluster, client, dask_reason) = timed(_dask_cluster)
        if cluster is not None:
            try:
                log(f"batch: {runs} runs of {scenario} on dask local x{repeats} (+1 warm-up)")
                run_batch(content, warm, workers=2, dask="local", dask_client=client)
                for _ in range(repeats):
                    once("dask local", workers=2, dask="local", dask_client=client)
                sec.data["dask_cluster_start_s"] = round(startup, 2)
            except Exception as exc:  # a Dask failure is a finding, not a crash of the harness
                dask_reason = f"dask local failed: {type(exc).__name__}: {exc}"
                times.pop("dask local", None)
            finally:
                client.close()
                cluster.close()
    bare_speedup = Figure.of(times["bare 1"]).median / Figure.of(times["bare 2"]).median
    sec.data["bare_simpy_speedup_2_processes"] = round(bare_speedup, 3)
    sec.data["bare_simpy_runs"] = bare_runs
    one = Figure.of(times["1 worker"])
    two = Figure.of(times["2 workers"])
    rps = {name: Figure.of([runs / s for s in v]) for name, v in times.items() if not name.startswith("bare")}
    speedup = one.median / two.median
    identical = all(d == docs["1 worker"] for d in docs.values())
    sec.data.update(
        {
            "scenario": scenario,
            "runs": runs,
            "seed": seed,
            "runs_per_s": round(rps["1 worker"].median, 2),
            "runs_per_s_2_workers": round(rps["2 workers"].median, 2),
            "speedup_2_workers": round(speedup, 3),
            "efficiency_2_workers": round(speedup / 2, 3),
            "identical_statistics": identical,
            "seconds": {name: Figure.of(v).to_json() for name, v in times.items()},
        }
    )
    for name, f in rps.items():
        sec.row(f"runs/s, {name} ({runs} runs of {scenario})", f.show("{:.1f}"))
    sec.row("speed-up with 2 workers (goal >= 1.8x)", f"{speedup:.2f}x, efficiency {speedup / 2:.0%}")
    sec.row(
        f"  reference: bare SimPy batch ({bare_runs} runs), 2 processes vs 1",
        f"{bare_speedup:.2f}x (what this machine gave 2 processes meanwhile)",
    )
    if "dask local" in times:
        dask_f = Figure.of(times["dask local"])
        sec.data["dask_runs_per_s"] = round(rps["dask local"].median, 2)
        sec.data["dask_vs_local"] = round(two.median / dask_f.median, 3)
        sec.row("Dask local vs 2 local processes (goal within 10%)", f"{two.median / dask_f.median:.2f}x")
    else:
        sec.data["dask_runs_per_s"] = None
        sec.notes.append(f"dask: {dask_reason}")
        sec.row("Dask local", f"not available: {dask_reason}")
    sec.row("identical statistics on every backend", "yes" if identical else "NO")
    return sec


def memory_child(opts: dict[str, Any]) -> dict[str, Any]:
    """Peak RSS of one batch of ``runs`` drills on 2 local workers (parent and largest worker)."""
    from drillsim.batch import BatchSpec, run_batch
    from drillsim.loading import load_content

    content = load_content(opts["content"])
    seconds, res = timed(
        lambda: run_batch(
            content, BatchSpec(opts["scenario"], int(opts["runs"]), 1), workers=int(opts["workers"])
        )
    )
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "runs": int(opts["runs"]),
        "workers": int(opts["workers"]),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "largest_worker_peak_rss_mb": round(kids, 1),
        "rows": sum(len(v) for v in res.rows.values()),
    }
