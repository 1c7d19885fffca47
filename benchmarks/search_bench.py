"""Search on one city, in a child process: load, index build and size, queries; then FTS5 on the same documents.

The child's peak RSS after the drillsim part (load, build, queries; before FTS5 is touched) is the
"memory of search" figure for that city.
"""

from __future__ import annotations

import copyreg
import os
import pickle
import shutil
import tempfile
import time
import types
from pathlib import Path
from typing import Any

from benchmarks.common import (
    REPO,
    Figure,
    digest_files,
    dir_size,
    log,
    peak_rss_mb,
    percentile,
    repeat,
    rss_mb,
    timed,
)
from benchmarks.fts5 import Fts5Index, fts5_available
from benchmarks.queries import pick

LIMIT = 10  # hits per query, as `drillsim search` by default


# --------------------------------------------------------------------------- loading (with an optional cache)
def _mappingproxy(d: dict[Any, Any]) -> types.MappingProxyType:
    return types.MappingProxyType(d)


def _pickle_mappingproxy(m: types.MappingProxyType) -> tuple[Any, tuple[dict[Any, Any]]]:
    return _mappingproxy, (dict(m),)


def load_city(root: Path, cache: Path | None) -> tuple[Any, float | None]:
    """The content at ``root`` and its load time; from a pickle in ``cache`` (time None) when one matches.

    The pickle is keyed by the loader and model sources: a changed loader loads afresh. It exists only so
    that ``--quick`` fits its budget on a machine that has run the harness before; the load time is
    measured whenever the content is actually loaded.
    """
    from drillsim.loading import load_content

    copyreg.pickle(types.MappingProxyType, _pickle_mappingproxy)
    key = digest_files(
        [REPO / "drillsim" / "loading", REPO / "drillsim" / "model", REPO / "drillsim" / "model.py"]
    )
    path = cache / f"content-{key}.pickle" if cache else None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh), None
        except Exception as exc:  # a stale or damaged cache is only a slower run
            log(f"content cache unreadable ({type(exc).__name__}); loading afresh")
    seconds, content = timed(lambda: load_content(root))
    if path is not None:
        tmp = path.with_suffix(".tmp")
        try:
            with tmp.open("wb") as fh:
                pickle.dump(content, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except Exception as exc:
            tmp.unlink(missing_ok=True)
            log(f"content not cached ({type(exc).__name__}: {exc})")
    return content, seconds


# --------------------------------------------------------------------------- queries
def _round_stats(samples_ms: list[float]) -> tuple[float, float, float]:
    return percentile(samples_ms, 50), percentile(samples_ms, 95), max(samples_ms)


def _query_rounds(
    mix: tuple[tuple[str, str], ...], engines: dict[str, Any], rounds: int
) -> dict[str, dict[str, Any]]:
    """Run the mix ``rounds`` times, engines interleaved per query so load noise hits both alike."""
    per_query: dict[str, dict[str, list[float]]] = {name: {q: [] for q, _c in mix} for name in engines}
    per_round: dict[str, list[tuple[float, float, float]]] = {name: [] for name in engines}
    hits: dict[str, dict[str, int]] = {name: {} for name in engines}
    for name, fn in engines.items():  # warm-up: every query once (vocabularies, page cache)
        for q, _c in mix:
            hits[name][q] = len(fn(q))
    for _ in range(rounds):
        this: dict[str, list[float]] = {name: [] for name in engines}
        for q, _c in mix:
            for name, fn in engines.items():
                t0 = time.perf_counter()
                fn(q)
                ms = (time.perf_counter() - t0) * 1000
                this[name].append(ms)
                per_query[name][q].append(ms)
        for name in engines:
            per_round[name].append(_round_stats(this[name]))
    out: dict[str, dict[str, Any]] = {}
    cats = {q: c for q, c in mix}
    for name in engines:
        med = {q: Figure.of(v).median for q, v in per_query[name].items()}
        by_cat: dict[str, list[float]] = {}
        for q, ms in med.items():
            by_cat.setdefault(cats[q], []).append(ms)
        out[name] = {
            "p50_ms": Figure.of([r[0] for r in per_round[name]]),
            "p95_ms": Figure.of([r[1] for r in per_round[name]]),
            "max_ms": Figure.of([r[2] for r in per_round[name]]),
            "per_query_ms": {q: round(v, 2) for q, v in med.items()},
            "category_median_ms": {c: round(Figure.of(v).median, 2) for c, v in by_cat.items()},
            "hits": hits[name],
            "no_hits": [q for q, n in hits[name].items() if n == 0],
        }
    return out


# --------------------------------------------------------------------------- the child's work
def measure_city(opts: dict[str, Any]) -> dict[str, Any]:
    """Everything the search section reports for one city (``opts`` from the parent; see run.py)."""
    from drillsim.search import documents, open_index

    root = Path(opts["content"])
    work = Path(opts["work"])
    work.mkdir(parents=True, exist_ok=True)
    mix = pick(opts.get("queries"))
    rounds = int(opts["rounds"])
    out: dict[str, Any] = {"enterprises": opts.get("enterprises"), "queries": len(mix), "rounds": rounds}
    notes: list[str] = []

    log(f"search: loading {root.name}")
    content, load_s = load_city(root, work if opts.get("reuse") else None)
    out["load_s"] = round(load_s, 3) if load_s is not None else None
    if load_s is None:
        notes.append("content read from the harness's cache (load time measured only when loaded afresh)")
    out["enterprise_count"] = len(content.enterprises)
    rss: dict[str, Any] = {"after_load": (rss_mb(), peak_rss_mb())}
    docs_s, docs = timed(lambda: list(documents(content, str(root))))
    rss["after_documents"] = (rss_mb(), peak_rss_mb())
    out["documents"] = len(docs)
    out["documents_s"] = round(docs_s, 3)

    # ---- index build: fresh generations in a persistent cache (the last one is reused by --quick)
    cache = work / "index-cache"
    ix = None
    if opts.get("reuse"):
        seconds, ix = timed(lambda: open_index(content, root, cache=cache))
        if ix.info.mode not in ("opened", "updated"):
            out["build_s"] = Figure.of([seconds]).to_json()
            notes.append("index built once (no cached index yet)")
        else:
            notes.append(
                f"index reused from the harness's cache ({ix.info.mode}); build time not measured in --quick"
            )
    if ix is None:
        log(f"search: building the index ({len(docs)} documents)")
        samples: list[float] = []
        budget = float(opts["build_budget_s"])
        for i in range(max(1, int(opts["build_repeats"]))):
            if ix is not None:
                ix.close()
            seconds, ix = timed(lambda: open_index(content, root, cache=cache, rebuild=True))
            samples.append(seconds)
            if sum(samples) >= budget and i + 1 < int(opts["build_repeats"]):
                notes.append(
                    f"index build measured {len(samples)} time(s), {sum(samples):.0f} s in all "
                    f"(repeats stop past {budget:.0f} s)"
                )
                break
        out["build_s"] = Figure.of(samples).to_json()
    assert ix is not None
    rss["after_index"] = (rss_mb(), peak_rss_mb())
    if ix.info.location is not None:
        out["index_bytes"] = dir_size(ix.info.location)
    out["index_mode"] = ix.info.mode
    out["index_docs"] = ix.doc_count
    ix.close()
    reopen = repeat(lambda: open_index(content, root, cache=cache).close(), repeats=3, warmup=0)
    out["open_unchanged_s"] = Figure.of(reopen).to_json()

    ix = open_index(content, root, cache=cache)
    t_first, _ = timed(lambda: ix.search(mix[0][0], limit=LIMIT))
    out["first_query_ms"] = round(t_first * 1000, 2)

    # ---- peak memory of the product's part: load, index, every query once (before FTS5 exists)
    for q, _c in mix:
        ix.search(q, limit=LIMIT)
    out["peak_rss_search_mb"] = round(peak_rss_mb(), 1)
    rss["after_queries"] = (rss_mb(), peak_rss_mb())
    out["rss_mb"] = {
        k: {"now": round(now, 1) if now is not None else None, "peak": round(peak, 1)}
        for k, (now, peak) in rss.items()
    }

    # ---- queries, product and reference side by side
    reason = fts5_available()
    tmpdir = Path(tempfile.mkdtemp(prefix="fts5-", dir=work))
    try:
        engines: dict[str, Any] = {"drillsim": lambda q: ix.search(q, limit=LIMIT)}
        if not reason:
            log("search: building the FTS5 reference")
            fts_path = tmpdir / "docs.sqlite"
            fts_build = repeat(
                lambda: Fts5Index.build(fts_path, docs).close(),
                repeats=int(opts["build_repeats"]),
                warmup=0,
                budget_s=float(opts["build_budget_s"]),
            )
            fts = Fts5Index(fts_path)
            out["fts5"] = {
                "build_s": Figure.of(fts_build).to_json(),
                "bytes": fts.size_bytes(),
                "docs": fts.doc_count(),
            }
            engines["fts5"] = lambda q: fts.search(q, LIMIT)
        else:
            out["fts5"] = {"available": False, "reason": reason}
        log(f"search: {len(mix)} queries x {rounds} rounds")
        res = _query_rounds(mix, engines, rounds)
        out["peak_rss_mb"] = round(peak_rss_mb(), 1)
        for name, r in res.items():
            block = {k: (v.to_json(2) if isinstance(v, Figure) else v) for k, v in r.items()}
            if name == "drillsim":
                out["drillsim_queries"] = block
            else:
                out["fts5"].update(block)
        if "fts5" in res:
            out["ratio_p95_vs_fts5"] = round(
                res["drillsim"]["p95_ms"].median / res["fts5"]["p95_ms"].median, 3
            )
        if not reason:
            fts.close()
    finally:
        ix.close()
        shutil.rmtree(tmpdir, ignore_errors=True)

    # ---- incremental re-index of one changed box, then the queries again on the updated index
    updates = int(opts.get("incremental_repeats", 2))
    log(f"search: re-indexing one changed box {updates * 2} times")
    out["incremental"] = _incremental(content, root, cache, updates)
    ix = open_index(content, root, cache=cache)
    try:
        after = _query_rounds(mix, {"drillsim": lambda q: ix.search(q, limit=LIMIT)}, max(1, rounds // 2))
    finally:
        ix.close()
    segments = len(list(ix.info.location.glob("*.seg"))) if ix.info.location else None
    out["after_updates"] = {
        "updates": updates * 2,
        "segments": segments,
        **{k: after["drillsim"][k].to_json(2) for k in ("p50_ms", "p95_ms", "max_ms")},
    }
    out["notes"] = notes
    return out


def _incremental(content: Any, root: Path, cache: Path, repeats: int) -> dict[str, Any]:
    """Time ``open_index`` after one enterprise's box file changed (a comment line added, then removed)."""
    from drillsim.search import open_index

    boxes = sorted((root / "kb" / "enterprises").glob("*.yaml"))
    if not boxes:
        return {"available": False, "reason": "no enterprise box to change"}
    box = boxes[len(boxes) // 2]
    original = box.read_bytes()
    samples: list[float] = []
    modes: list[str] = []
    groups: list[int] = []
    try:
        for i in range(max(1, repeats) * 2):
            changed = original + f"# benchmark touch {i}\n".encode() if i % 2 == 0 else original
            box.write_bytes(changed)
            t0 = time.perf_counter()
            ix = open_index(content, root, cache=cache)
            samples.append(time.perf_counter() - t0)
            modes.append(ix.info.mode)
            groups.append(ix.info.groups_updated)
            ix.close()
    finally:
        box.write_bytes(original)
    if "updated" not in modes:
        return {
            "available": False,
            "reason": f"the index did not update incrementally (modes: {sorted(set(modes))})",
            "s": Figure.of(samples).to_json(),
        }
    return {
        "box": box.name,
        "s": Figure.of(samples).to_json(),
        "groups_updated": max(groups),
        "modes": sorted(set(modes)),
    }
