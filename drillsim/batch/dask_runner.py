"""Running a batch on Dask: a LocalCluster of processes (``--dask local``) or a running scheduler.

Workers need drillsim installed, not the content tree: the tree's files travel once, as one scattered
pack broadcast to every worker, which unpacks it under its temp directory (keyed by the content digest)
and loads it once per process. Tasks are chunks of run indices; results come back as compact
:class:`~drillsim.batch.runner.RunRow` lists, streamed as they finish. ``dask[distributed]`` is an
optional extra (``pip install 'drillsim[dask]'``) and is imported only here.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from drillsim.batch.runner import Arms, BatchSpec, Progress, RunRow, tasks
from drillsim.errors import DrillsimError, ScenarioError, UsageError
from drillsim.model import Content

_CACHE: dict[tuple[str, tuple], Arms] = {}


def content_pack(root: str | Path) -> dict[str, Any]:
    """The content tree as ``{"digest", "files": {relative path: bytes}}`` (what the loader reads)."""
    from drillsim.loading.source import content_files, digest_files

    rootp = Path(root).resolve()
    files = content_files(rootp)
    return {
        "digest": digest_files(rootp, files),
        "files": {f.relative_to(rootp).as_posix(): f.read_bytes() for f in files},
    }


def unpack(pack: dict[str, Any]) -> Path:
    """Write the pack once per machine under the temp directory; returns the content root."""
    base = Path(tempfile.gettempdir()) / f"drillsim-content-{pack['digest']}"
    if (base / ".complete").exists():
        return base
    tmp = Path(tempfile.mkdtemp(prefix="drillsim-content-", dir=tempfile.gettempdir()))
    for rel, data in pack["files"].items():
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (tmp / ".complete").write_text(pack["digest"], encoding="utf-8")
    if base.exists() and not (base / ".complete").exists():
        shutil.rmtree(base, ignore_errors=True)  # left half-written by a worker that died
    try:
        os.replace(tmp, base)
    except OSError:  # another worker on this machine won the race; use its copy
        shutil.rmtree(tmp, ignore_errors=True)
    return base


def _arms(pack: dict[str, Any], spec: BatchSpec) -> Arms:
    key = (pack["digest"], (spec.scenario, spec.seed, spec.enterprise, spec.overrides, spec.timelines))
    arms = _CACHE.get(key)
    if arms is None:
        from drillsim.loading import load_content

        arms = Arms(load_content(unpack(pack)), spec)
        _CACHE.clear()
        _CACHE[key] = arms
    return arms


def dask_chunk(pack: dict[str, Any], spec: BatchSpec, arm: str, start: int, stop: int) -> list[RunRow]:
    """A Dask task: one chunk of runs on this worker's (cached) content."""
    try:
        return _arms(pack, spec).run_chunk(arm, start, stop)
    except DrillsimError as exc:  # travel back as a plain, picklable message
        raise ScenarioError(str(exc)) from None


def _client(address: str, workers: int) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(
            "--dask needs the optional dask extra: pip install 'drillsim[dask]' (dask[distributed])"
        ) from None
    if address == "local":
        cluster = LocalCluster(
            n_workers=max(workers, 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster
    if "://" not in address:
        raise UsageError(
            f"--dask {address!r}: expected 'local' or a scheduler address such as tcp://HOST:8786"
        )
    try:
        return Client(address, timeout="15s"), None
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"--dask {address}: cannot reach the scheduler ({exc})") from None


def run_dask(
    content: Content,
    spec: BatchSpec,
    address: str,
    workers: int,
    progress: Progress | None = None,
    client: Any = None,
) -> tuple[list[RunRow], int]:
    """The runs on Dask; returns the rows and the number of workers that took part.

    ``client`` reuses a connected ``distributed.Client`` (left open); otherwise one is made from
    ``address`` and closed at the end, with its LocalCluster.
    """
    pack = content_pack(content.root)
    if pack["digest"] != content.digest:
        raise ScenarioError("the content changed on disk after it was loaded; run the batch again")
    own = client is None
    cluster = None
    if own:
        client, cluster = _client(address, workers)
    try:
        from distributed import as_completed

        n = len(client.scheduler_info().get("workers", {})) or max(workers, 1)
        [shared] = client.scatter([pack], broadcast=True)
        futures = [client.submit(dask_chunk, shared, spec, *t, pure=False) for t in tasks(spec, n)]
        rows: list[RunRow] = []
        total = spec.runs * len(spec.arms)
        try:
            for fut in as_completed(futures):
                rows += fut.result()
                if progress:
                    progress(len(rows), total)
        except BaseException:
            client.cancel(futures)
            raise
        return rows, n
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
