"""Monte Carlo capacity studies: N seeded drills of a scenario, their KPI statistics and bottlenecks.

``run_batch(content, spec, workers=W, dask=None)`` runs the drills in this process (W = 1), on W local
processes, or on Dask, and returns a :class:`BatchResult` whose statistics do not depend on any of that:
run ``i`` always has seed ``run_seed(S, i)`` and every statistic is taken over rows sorted by run index.
Method and options are written up in docs/capacity.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from drillsim.batch.overrides import Override, apply_overrides, label, parse_all, parse_set, parse_without
from drillsim.batch.runner import BASE, VARIANT, BatchSpec, RunRow, run_inline, run_local, sort_rows, values
from drillsim.batch.saturation import RESOURCES, bottlenecks, saturated
from drillsim.batch.seeds import run_seed
from drillsim.batch.stats import paired, summarize
from drillsim.errors import UsageError
from drillsim.model import KPI_NAMES, Content

__all__ = [
    "BASE",
    "RESOURCES",
    "VARIANT",
    "BatchResult",
    "BatchSpec",
    "Override",
    "RunRow",
    "apply_overrides",
    "label",
    "parse_all",
    "parse_set",
    "parse_without",
    "run_batch",
    "run_seed",
    "saturated",
]


@dataclass
class BatchResult:
    """The rows of a finished batch (per arm, in run order) and how they were produced."""

    spec: BatchSpec
    rows: Mapping[str, list[RunRow]]
    workers: int
    backend: str
    elapsed_s: float
    digests: Mapping[str, str] = field(default_factory=dict)

    @property
    def main_arm(self) -> str:
        return self.spec.arms[0]

    def kpis(self, arm: str | None = None) -> dict[str, dict[str, Any]]:
        """Statistics of every KPI (see :func:`drillsim.batch.stats.summarize`)."""
        rows = self.rows[arm or self.main_arm]
        return {k: summarize(values(rows, k)) for k in KPI_NAMES}

    def bottlenecks(self, arm: str | None = None) -> list[dict[str, Any]]:
        rows = self.rows[arm or self.main_arm]
        return bottlenecks((r.saturation for r in rows), len(rows))

    def paired(self) -> dict[str, dict[str, Any]]:
        """Variant − base per KPI over the same seeds (compare mode only)."""
        base, var = self.rows[BASE], self.rows[VARIANT]
        return {k: paired(values(base, k), values(var, k)) for k in KPI_NAMES}

    def to_json(self) -> dict[str, Any]:
        """DESIGN.md batch JSON (``runs``, ``kpis``, ``bottlenecks``) plus the study's identity.

        In compare mode the top level describes the baseline; ``variant`` and ``paired`` hold the what-if
        and the paired differences. Timing lives under ``timing`` (the only part that varies between
        identical studies).
        """
        spec = self.spec
        out: dict[str, Any] = {
            "scenario": spec.scenario,
            "enterprise": spec.enterprise,
            "seed": spec.seed,
            "runs": spec.runs,
            "kpis": _round(self.kpis()),
            "bottlenecks": _round(self.bottlenecks()),
            "overrides": [str(o) for o in spec.overrides] if self.main_arm == VARIANT else [],
            "workers": self.workers,
            "backend": self.backend,
            "engine": _engine_id(),
            "content_digest": self.digests.get(self.main_arm, ""),
            "timing": {
                "elapsed_s": round(self.elapsed_s, 3),
                "runs_per_s": round(spec.runs * len(spec.arms) / self.elapsed_s, 2)
                if self.elapsed_s > 0
                else None,
            },
        }
        if spec.compare:
            out["variant"] = {
                "overrides": [str(o) for o in spec.overrides],
                "content_digest": self.digests.get(VARIANT, ""),
                "kpis": _round(self.kpis(VARIANT)),
                "bottlenecks": _round(self.bottlenecks(VARIANT)),
            }
            out["paired"] = _round(self.paired())
        return out

    def csv_rows(self) -> list[dict[str, Any]]:
        """One flat mapping per run (and arm): run, seed, arm, every KPI, one 0/1 column per resource."""
        out = []
        resources = list(RESOURCES) + sorted(
            {k for rows in self.rows.values() for r in rows for k in r.saturation} - set(RESOURCES)
        )
        for arm in self.spec.arms:
            for r in self.rows[arm]:
                row: dict[str, Any] = {"arm": arm, "run": r.index, "seed": r.seed}
                row.update(r.kpis)
                sat = r.saturation
                row.update({f"saturated_{k}": int(k in sat) for k in resources})
                out.append(row)
        return out


def _engine_id() -> dict[str, str]:
    from drillsim import __version__

    return {"name": "drillsim.engine", "version": __version__}


def _round(obj: Any, nd: int = 4) -> Any:
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, Mapping):
        return {k: _round(v, nd) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_round(v, nd) for v in obj]
    return obj


def check_spec(content: Content, spec: BatchSpec) -> None:
    """Refuse a batch that cannot run, before any worker starts (unknown scenario, bad overrides...)."""
    if spec.runs < 1:
        raise UsageError("--runs must be at least 1")
    if spec.compare and not spec.overrides:
        raise UsageError("--compare needs at least one --set or --without (the variant to compare)")
    sc = content.scenarios.get(spec.scenario)
    if sc is None:
        known = ", ".join(sorted(content.scenarios)) or "(none)"
        raise UsageError(f"unknown scenario {spec.scenario!r} (known: {known})")
    if spec.enterprise is not None and spec.enterprise not in sc.enterprises:
        raise UsageError(
            f"scenario {spec.scenario!r} draws no incident at {spec.enterprise!r} "
            f"(it draws from: {', '.join(sc.enterprises)})"
        )
    if spec.overrides:
        apply_overrides(content, spec.overrides)  # raises UsageError on a bad path or value


def run_batch(
    content: Content,
    spec: BatchSpec,
    workers: int = 1,
    dask: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    dask_client: Any = None,
) -> BatchResult:
    """Run a batch study and return its rows, sorted by arm and run index.

    Args:
        content: the loaded content (its ``root`` is what local workers load, once each).
        spec: scenario, runs, base seed, enterprise, overrides, compare mode.
        workers: 1 runs in this process; more use a local process pool (or as many Dask workers with
            ``dask="local"``).
        dask: ``None``, ``"local"`` (a LocalCluster of ``workers`` processes) or a scheduler address.
        progress: called with (runs done, runs in all) as chunks finish.
        dask_client: a connected ``distributed.Client`` to reuse (benchmarks keep one cluster warm).
    """
    check_spec(content, spec)
    t0 = time.perf_counter()
    if dask:
        from drillsim.batch.dask_runner import run_dask

        rows, workers = run_dask(content, spec, dask, workers, progress, client=dask_client)
        backend = "dask-local" if dask == "local" else "dask"
    elif workers <= 1:
        rows, workers, backend = run_inline(content, spec, progress), 1, "inline"
    else:
        rows, backend = run_local(content, spec, workers, progress), "processes"
    elapsed = time.perf_counter() - t0
    by_arm = sort_rows(rows)
    digests = {BASE: content.digest}
    if spec.overrides:
        digests[VARIANT] = apply_overrides(content, spec.overrides).digest
    for arm in spec.arms:
        got = [r.index for r in by_arm.get(arm, [])]
        if got != list(range(spec.runs)):
            raise UsageError(f"batch incomplete: {len(got)} of {spec.runs} runs of arm {arm!r} came back")
    return BatchResult(spec, by_arm, workers, backend, elapsed, digests)
