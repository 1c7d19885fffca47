"""Batch throughput for the benchmark harness: runs per second on 1 and 2 local workers and on Dask.

``measure(content, scenario)`` times the run phase of identical studies (seeds, runs) on each backend
after a warm-up, checks that their statistics are identical, and reports the speed-up and parallel
efficiency of 2 workers and Dask's throughput relative to local processes (DESIGN.md targets: at least
1.8x with 2 workers, Dask within 10 % of local processes). The cluster's start-up is not timed.
"""

from __future__ import annotations

import logging
from typing import Any

from drillsim.batch import BatchSpec, run_batch
from drillsim.model import Content


def _stable(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("timing", "workers", "backend")}


def measure(
    content: Content, scenario: str, runs: int = 48, seed: int = 1, dask: bool = True
) -> dict[str, Any]:
    """Runs per second, speed-up and efficiency of one batch on each backend (see module docstring)."""
    spec = BatchSpec(scenario, runs, seed)
    run_batch(content, BatchSpec(scenario, 2, seed + 1), workers=1)  # warm the road-network caches
    one = run_batch(content, spec, workers=1)
    two = run_batch(content, spec, workers=2)
    out: dict[str, Any] = {
        "scenario": scenario,
        "runs": runs,
        "runs_per_s": round(runs / one.elapsed_s, 2),
        "runs_per_s_2_workers": round(runs / two.elapsed_s, 2),
        "speedup_2_workers": round(one.elapsed_s / two.elapsed_s, 3),
        "efficiency_2_workers": round(one.elapsed_s / two.elapsed_s / 2, 3),
        "identical": _stable(one.to_json()) == _stable(two.to_json()),
    }
    if dask:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            out["dask"] = None
            return out
        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            run_batch(content, BatchSpec(scenario, 4, seed + 1), workers=2, dask="local", dask_client=client)
            d = run_batch(content, spec, workers=2, dask="local", dask_client=client)
        out["dask_runs_per_s"] = round(runs / d.elapsed_s, 2)
        out["dask_vs_local"] = round(two.elapsed_s / d.elapsed_s, 3)
        out["identical"] = out["identical"] and _stable(one.to_json()) == _stable(d.to_json())
    return out
