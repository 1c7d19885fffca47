"""Running the drills of a batch: in this process, on a local process pool, or on Dask (``dask_runner``).

Work is shipped compactly. A worker builds its :class:`Arms` (the loaded content and, for a what-if, its
variant) once, in the pool's initializer; a task is a chunk of consecutive run indices; a result is one
compact :class:`RunRow` per run (KPI values and the resources that saturated), never the timeline unless
asked for. Seeds come from :func:`~drillsim.batch.seeds.run_seed`, so the rows of a batch are the same
whoever ran them, and the caller sorts them by run index before any statistic is taken.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from drillsim.batch.overrides import Override, apply_overrides
from drillsim.batch.saturation import saturated
from drillsim.batch.seeds import chunks, run_seed
from drillsim.errors import DrillsimError, ScenarioError
from drillsim.model import KPI_NAMES, Content

BASE, VARIANT = "base", "variant"
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BatchSpec:
    """What to run: the scenario, how many runs from which seed, and the what-if overrides.

    Without ``compare`` a batch has one arm: ``base`` when there are no overrides, else ``variant``.
    With ``compare`` it runs both arms on the same seeds.
    """

    scenario: str
    runs: int
    seed: int
    enterprise: str | None = None
    overrides: tuple[Override, ...] = ()
    compare: bool = False
    timelines: bool = False

    @property
    def arms(self) -> tuple[str, ...]:
        if self.compare:
            return (BASE, VARIANT)
        return (VARIANT,) if self.overrides else (BASE,)


@dataclass(frozen=True, slots=True)
class RunRow:
    """One run's result: its index and seed, KPI values in :data:`KPI_NAMES` order, saturated resources."""

    arm: str
    index: int
    seed: int
    values: tuple[float | int | None, ...]
    saturated: tuple[tuple[str, tuple[str, ...]], ...] = ()
    timeline: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def kpis(self) -> dict[str, float | int | None]:
        return dict(zip(KPI_NAMES, self.values, strict=True))

    @property
    def saturation(self) -> dict[str, tuple[str, ...]]:
        return dict(self.saturated)


class Arms:
    """The content of each arm of a batch, built once per process."""

    def __init__(self, content: Content, spec: BatchSpec):
        self.spec = spec
        self.contents = {BASE: content}
        if spec.overrides:
            self.contents[VARIANT] = apply_overrides(content, spec.overrides)

    def run(self, arm: str, index: int) -> RunRow:
        """Run one drill of the batch and reduce it to a row."""
        from drillsim.engine import run_drill

        seed = run_seed(self.spec.seed, index)
        try:
            tl = run_drill(self.contents[arm], self.spec.scenario, seed, enterprise=self.spec.enterprise)
        except DrillsimError as exc:
            raise ScenarioError(f"run {index} (seed {seed}) of {self.spec.scenario}: {exc}") from None
        except Exception as exc:  # an engine bug: say how to replay it, keep the process alive
            raise ScenarioError(
                f"the engine failed on run {index} (seed {seed}): {type(exc).__name__}: {exc} "
                f"(replay with: drillsim drill {self.spec.scenario} --seed {seed})"
            ) from None
        kpis = tl.kpis
        return RunRow(
            arm,
            index,
            seed,
            tuple(kpis.get(k) for k in KPI_NAMES),
            tuple(saturated(tl.events).items()),
            tl.to_json() if self.spec.timelines else None,
        )

    def run_chunk(self, arm: str, start: int, stop: int) -> list[RunRow]:
        return [self.run(arm, i) for i in range(start, stop)]


def tasks(spec: BatchSpec, workers: int) -> list[tuple[str, int, int]]:
    """(arm, start, stop) for every chunk of every arm, in a fixed order.

    >>> tasks(BatchSpec("s", 4, 1), 1)
    [('base', 0, 1), ('base', 1, 2), ('base', 2, 3), ('base', 3, 4)]
    """
    return [(arm, c.start, c.stop) for arm in spec.arms for c in chunks(spec.runs, workers)]


def sort_rows(rows: Iterable[RunRow]) -> dict[str, list[RunRow]]:
    """Rows by arm, each list in run-index order (the only order statistics ever see)."""
    out: dict[str, list[RunRow]] = {}
    for r in sorted(rows, key=lambda r: (r.arm, r.index)):
        out.setdefault(r.arm, []).append(r)
    return out


# --------------------------------------------------------------------------- in this process
def run_inline(content: Content, spec: BatchSpec, progress: Progress | None = None) -> list[RunRow]:
    """Every run in this process, one after the other (``--workers 1``)."""
    arms = Arms(content, spec)
    rows: list[RunRow] = []
    total = spec.runs * len(spec.arms)
    for arm, start, stop in tasks(spec, 1):
        rows += arms.run_chunk(arm, start, stop)
        if progress:
            progress(len(rows), total)
    return rows


# --------------------------------------------------------------------------- local process pool
_ARMS: Arms | None = None
_INIT_ERROR: str | None = None


def _init_worker(root: str, spec: BatchSpec, digest: str) -> None:
    """Pool initializer: the content once for the life of the worker process.

    A forked worker already holds the parent's :class:`Arms` (set just before the pool started); a spawned
    one loads the tree from ``root`` and refuses it if it is no longer the content the batch began with.
    """
    global _ARMS, _INIT_ERROR
    if _ARMS is not None and _ARMS.spec == spec and _ARMS.contents[BASE].digest == digest:
        return
    try:
        from drillsim.loading import load_content

        content = load_content(root)
        if content.digest != digest:
            raise ScenarioError("the content changed on disk after the batch started; run it again")
        _ARMS = Arms(content, spec)
    except Exception as exc:
        _INIT_ERROR = f"worker could not load the content: {exc}"


def _pool_chunk(arm: str, start: int, stop: int) -> list[RunRow]:
    if _ARMS is None:
        raise ScenarioError(_INIT_ERROR or "worker not initialised")
    return _ARMS.run_chunk(arm, start, stop)


def mp_context() -> Any:
    """``fork`` on Linux (workers inherit the parent's content and start at once), else ``spawn``."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def run_local(
    content: Content, spec: BatchSpec, workers: int, progress: Progress | None = None
) -> list[RunRow]:
    """The runs on ``workers`` local processes, each holding the content (and variant) once."""
    global _ARMS
    rows: list[RunRow] = []
    total = spec.runs * len(spec.arms)
    ctx = mp_context()
    _ARMS = Arms(content, spec) if ctx.get_start_method() == "fork" else None
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(str(content.root), spec, content.digest),
        ) as pool:
            futures = [pool.submit(_pool_chunk, *t) for t in tasks(spec, workers)]
            try:
                for fut in as_completed(futures):
                    rows += fut.result()
                    if progress:
                        progress(len(rows), total)
            except BaseException:
                for f in futures:
                    f.cancel()
                raise
    finally:
        _ARMS = None
    return rows


def values(rows: Sequence[RunRow], kpi: str) -> list[float | int | None]:
    """One KPI's values over ``rows`` (already in run order)."""
    i = KPI_NAMES.index(kpi)
    return [r.values[i] for r in rows]
