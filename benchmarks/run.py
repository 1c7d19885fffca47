"""``make bench``: measure search, engine, batch, TUI and memory side by side with their references, in one run.

Usage: ``python benchmarks/run.py [--quick | --tiny] [--json] [--only search,engine,batch,tui,memory]
[--sizes 1000,5000]``. Each figure is the median of several runs after a warm-up, with min and max.
A table goes to the terminal; ``--json`` prints the DESIGN.md object on stdout (table on stderr).
A piece that is missing or fails is reported as not available with the reason; the harness never
asserts a time. See docs/performance.md for the figures measured on this project's machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repo importable as a package root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO, ChildError, Section, child_env, digest_files, emit_child, log, run_child

SECTIONS = ("search", "engine", "batch", "tui", "memory")


@dataclass(frozen=True)
class Mode:
    """How much to measure: sizes, repeats and budgets."""

    name: str
    sizes: tuple[int, ...]
    queries: int | None
    rounds: int
    build_repeats: int
    build_budget_s: float
    reuse: bool
    engine_seeds: int
    engine_rounds: int
    every_scenario: bool
    batch_runs: int
    batch_repeats: int
    dask: bool
    tui_repeats: int
    keystrokes: int
    memory_batch_runs: int
    child_timeout_s: float


MODES = {
    "tiny": Mode("tiny", (20,), 3, 2, 1, 0.0, False, 3, 1, False, 6, 1, False, 1, 2, 20, 900),
    "quick": Mode("quick", (1000,), None, 3, 1, 0.0, True, 10, 2, False, 96, 3, True, 3, 10, 200, 3 * 3600),
    "full": Mode(
        "full", (1000, 5000), None, 5, 3, 900.0, False, 30, 3, True, 400, 5, True, 7, 30, 1000, 8 * 3600
    ),
}


# --------------------------------------------------------------------------- synthetic cities
def synth_key() -> str:
    """What a synthetic city depends on: the sample content and the generator."""
    return digest_files(
        [REPO / "kb", REPO / "plans", REPO / "scenarios", REPO / "drillsim" / "synth.py",
         REPO / "drillsim" / "commands" / "synth.py"]
    )  # fmt: skip


def prepare_city(n: int, seed: int, work: Path, fresh: bool) -> tuple[Path, float | None]:
    """A synthetic city of ``n`` enterprises (reused from ``work`` when the sample and generator are unchanged)."""
    city = work / "cities" / f"synth-{n}-s{seed}-{synth_key()}"
    done = city / ".complete"
    if done.is_file() and not fresh:
        return city, None
    city.mkdir(parents=True, exist_ok=True)
    log(f"synth: writing a {n}-enterprise city to {city}")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "drillsim", "--content", str(REPO), "synth", "--enterprises", str(n),
         "-o", str(city), "--seed", str(seed), "--force"],
        capture_output=True, text=True, env=child_env(), cwd=str(REPO),
    )  # fmt: skip
    if proc.returncode != 0:
        raise ChildError(f"drillsim synth failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    seconds = time.perf_counter() - t0
    done.write_text(json.dumps({"enterprises": n, "seed": seed, "seconds": round(seconds, 1)}))
    return city, seconds


# --------------------------------------------------------------------------- sections
def search_section(mode: Mode, sizes: tuple[int, ...], work: Path, fresh: bool, seed: int) -> Section:
    sec = Section("search")
    try:
        import drillsim.search
        import drillsim.synth  # noqa: F401
    except ImportError as exc:
        sec.unavailable = f"search or synth not importable ({exc})"
        return sec
    cities: dict[str, Any] = {}
    for n in sizes:
        try:
            city, synth_s = prepare_city(n, seed, work, fresh)
            opts = {
                "content": str(city),
                "work": str(work / "search" / city.name),
                "enterprises": n,
                "queries": mode.queries,
                "rounds": mode.rounds,
                "build_repeats": mode.build_repeats,
                "build_budget_s": mode.build_budget_s,
                "reuse": mode.reuse and not fresh,
            }
            res = run_child(["search", json.dumps(opts)], timeout=mode.child_timeout_s)
            res["synth_s"] = round(synth_s, 1) if synth_s is not None else None
            cities[str(n)] = res
        except (ChildError, subprocess.TimeoutExpired, OSError) as exc:
            cities[str(n)] = {"available": False, "reason": str(exc)}
    sec.data["cities"] = cities
    ok = {n: c for n, c in cities.items() if c.get("available", True)}
    if not ok:
        sec.unavailable = "; ".join(f"{n}: {c['reason']}" for n, c in cities.items())
        return sec
    main_n = "1000" if "1000" in ok else next(iter(ok))
    main = ok[main_n]
    q = main["drillsim_queries"]
    fts = main.get("fts5", {})
    sec.data["city_enterprises"] = int(main_n)
    sec.data["p50_ms"] = q["p50_ms"]["median"]
    sec.data["p95_ms"] = q["p95_ms"]["median"]
    sec.data["max_ms"] = q["max_ms"]["median"]
    sec.data["fts5_p95_ms"] = fts.get("p95_ms", {}).get("median")
    sec.data["ratio_p95_vs_fts5"] = main.get("ratio_p95_vs_fts5")
    for n, c in cities.items():
        if n in ok:
            _search_rows(sec, n, c)
        else:
            sec.row(f"{n} city", f"not available: {c['reason']}")
    return sec


def _fig(d: dict[str, Any] | None, unit: str, k: float = 1.0, fmt: str = "{:.3g}") -> str:
    if not d:
        return "not measured"
    med, lo, hi, n = (d["median"] * k, d["min"] * k, d["max"] * k, d["n"])
    if n == 1:
        return f"{fmt.format(med)} {unit} (1 run)"
    return f"{fmt.format(med)} {unit} [{fmt.format(lo)}-{fmt.format(hi)}] x{n}"


def _search_rows(sec: Section, n: str, c: dict[str, Any]) -> None:
    q = c["drillsim_queries"]
    fts = c.get("fts5", {})
    p = f"{n} city:"
    if c.get("synth_s") is not None:
        sec.row(f"{p} drillsim synth", f"{c['synth_s']:.1f} s")
    sec.row(
        f"{p} load content ({c['enterprise_count']} enterprises)",
        f"{c['load_s']:.1f} s" if c.get("load_s") is not None else "from cache",
    )
    sec.row(f"{p} documents", f"{c['documents']} (built in {c['documents_s']:.2f} s)")
    sec.row(f"{p} index build", _fig(c.get("build_s"), "s", fmt="{:.1f}"))
    if "index_bytes" in c:
        sec.row(f"{p} index size", f"{c['index_bytes'] / 1e6:.1f} MB")
    sec.row(f"{p} open unchanged index", _fig(c.get("open_unchanged_s"), "s", fmt="{:.2f}"))
    inc = c.get("incremental", {})
    if inc.get("available", True) and inc:
        sec.row(
            f"{p} re-index one changed box",
            _fig(inc.get("s"), "s", fmt="{:.2f}") + f" ({inc['groups_updated']} group)",
        )
    else:
        sec.row(f"{p} re-index one changed box", f"not available: {inc.get('reason', '?')}")
    after = c.get("after_updates")
    if after:
        seg = f", {after['segments']} index segments" if after.get("segments") else ""
        sec.row(
            f"{p} query p95 / max after {after['updates']} updates{seg}",
            f"{_fig(after['p95_ms'], 'ms', fmt='{:.1f}')} / {_fig(after['max_ms'], 'ms', fmt='{:.1f}')}",
        )
    if "build_s" in fts:
        sec.row(
            f"{p} FTS5 build / size",
            f"{_fig(fts['build_s'], 's', fmt='{:.1f}')} / {fts['bytes'] / 1e6:.1f} MB",
        )
    sec.row(
        f"{p} query p50 drillsim | FTS5",
        f"{_fig(q['p50_ms'], 'ms', fmt='{:.1f}')} | {_fig(fts.get('p50_ms'), 'ms', fmt='{:.1f}')}",
    )
    sec.row(
        f"{p} query p95 drillsim | FTS5",
        f"{_fig(q['p95_ms'], 'ms', fmt='{:.1f}')} | {_fig(fts.get('p95_ms'), 'ms', fmt='{:.1f}')}",
    )
    sec.row(
        f"{p} query max drillsim | FTS5",
        f"{_fig(q['max_ms'], 'ms', fmt='{:.1f}')} | {_fig(fts.get('max_ms'), 'ms', fmt='{:.1f}')}",
    )
    if c.get("ratio_p95_vs_fts5") is not None:
        sec.row(
            f"{p} p95 ratio vs FTS5 (goal <= 2x, p95 < 30 ms, max < 100 ms)", f"{c['ratio_p95_vs_fts5']:.2f}x"
        )
    slow = sorted(q["per_query_ms"].items(), key=lambda kv: -kv[1])[:5]
    sec.row(f"{p} slowest queries (median ms)", ", ".join(f"{k!r} {v:.0f}" for k, v in slow))
    cats = q["category_median_ms"]
    fcats = fts.get("category_median_ms", {})
    sec.row(
        f"{p} median ms by kind drillsim/FTS5",
        ", ".join(f"{k} {v:.0f}/{fcats.get(k, float('nan')):.0f}" for k, v in cats.items()),
    )
    sec.row(
        f"{p} queries with no hit drillsim | FTS5",
        f"{len(q['no_hits'])} | {len(fts.get('no_hits', []))} of {c['queries']}",
    )
    for note in c.get("notes", []):
        sec.notes.append(f"{n} city: {note}")


def _sample_content() -> Any:
    from drillsim.loading import load_content

    return load_content(REPO)


def engine_section(mode: Mode, scenario: str | None, seed: int) -> Section:
    from benchmarks import engine_bench

    return engine_bench.measure(
        _sample_content(), scenario, seed, mode.engine_seeds, mode.engine_rounds, mode.every_scenario
    )


def batch_section(mode: Mode, scenario: str | None, seed: int, dask: bool) -> Section:
    from benchmarks import batch_bench

    content = _sample_content()
    sid = scenario or (
        "chlorine-leak"
        if "chlorine-leak" in content.scenarios
        else next(iter(sorted(content.scenarios)), None)
    )
    if sid is None:
        return Section("batch", unavailable="the sample city has no scenario")
    return batch_bench.measure(content, sid, mode.batch_runs, mode.batch_repeats, seed, dask and mode.dask)


def tui_section(mode: Mode, work: Path) -> Section:
    from benchmarks import tui_bench

    return tui_bench.measure(REPO, work / "tui", mode.tui_repeats, mode.keystrokes)


def memory_section(
    mode: Mode, search: Section | None, work: Path, scenario: str | None, seed: int, fresh: bool
) -> Section:
    sec = Section("memory")
    if mode.name != "full":
        sec.notes.append(
            f"--{mode.name}: search memory on the {max(mode.sizes)} city and a {mode.memory_batch_runs}-run batch "
            "(the full run measures the 5,000 city and a 1,000-run batch)"
        )
    n = max(mode.sizes)
    city = (search.data.get("cities", {}) if search else {}).get(str(n))
    if city is None or not city.get("available", True):
        try:
            path, _ = prepare_city(n, seed, work, fresh)
            opts = {"content": str(path), "work": str(work / "search" / path.name), "enterprises": n,
                    "queries": mode.queries, "rounds": 1, "build_repeats": 1, "build_budget_s": 0.0,
                    "reuse": mode.reuse and not fresh}  # fmt: skip
            city = run_child(["search", json.dumps(opts)], timeout=mode.child_timeout_s)
        except (ChildError, subprocess.TimeoutExpired, OSError) as exc:
            city = {"available": False, "reason": str(exc)}
    if city.get("available", True):
        sec.data["search_peak_rss_mb"] = city["peak_rss_search_mb"]
        sec.data["search_peak_rss_with_queries_and_fts5_mb"] = city["peak_rss_mb"]
        sec.data["search_city_enterprises"] = n
        sec.row(
            f"search, {n} city: load + index + queries (peak RSS)", f"{city['peak_rss_search_mb']:.0f} MB"
        )
        sec.row("  the same process after the FTS5 reference too", f"{city['peak_rss_mb']:.0f} MB")
        steps = city.get("rss_mb", {})
        if steps:
            sec.data["search_rss_steps_mb"] = steps
            sec.row(
                "  RSS now/peak after load, documents, index, queries",
                ", ".join(f"{v['now']:.0f}/{v['peak']:.0f}" for v in steps.values() if v["now"] is not None),
            )
    else:
        sec.data["search_peak_rss_mb"] = None
        sec.row(f"search, {n} city", f"not available: {city['reason']}")
    sid = scenario or "chlorine-leak"
    try:
        log(f"memory: a {mode.memory_batch_runs}-run batch of {sid} on 2 workers")
        b = run_child(
            [
                "batch-memory",
                json.dumps(
                    {"content": str(REPO), "scenario": sid, "runs": mode.memory_batch_runs, "workers": 2}
                ),
            ],
            timeout=mode.child_timeout_s,
        )
        sec.data["batch_runs"] = b["runs"]
        sec.data["batch_peak_rss_mb"] = b["peak_rss_mb"]
        sec.data["batch_largest_worker_peak_rss_mb"] = b["largest_worker_peak_rss_mb"]
        sec.row(f"batch of {b['runs']} runs, 2 workers: parent peak RSS", f"{b['peak_rss_mb']:.0f} MB")
        sec.row("  largest worker peak RSS", f"{b['largest_worker_peak_rss_mb']:.0f} MB")
    except (ChildError, subprocess.TimeoutExpired, OSError) as exc:
        sec.data["batch_peak_rss_mb"] = None
        sec.row("batch", f"not available: {exc}")
    return sec


# --------------------------------------------------------------------------- output
DESIGN_KEYS = {
    "search": ("p95_ms", "fts5_p95_ms", "ratio_p95_vs_fts5"),
    "engine": ("events_per_s", "bare_simpy_events_per_s", "overhead_vs_bare_simpy"),
    "batch": ("runs_per_s", "speedup_2_workers"),
    "tui": ("startup_s",),
}


def to_json(sections: dict[str, Section], meta: dict[str, Any]) -> dict[str, Any]:
    """The DESIGN.md object (its keys always present, null when not measured) plus details and meta."""
    out: dict[str, Any] = {}
    for name in SECTIONS:
        sec = sections.get(name)
        block = sec.to_json() if sec else {"available": False, "reason": "not selected (--only)"}
        for key in DESIGN_KEYS.get(name, ()):
            block.setdefault(key, None)
        out[name] = {k: block[k] for k in DESIGN_KEYS.get(name, ())} | block
    out["meta"] = meta
    return out


def table(sections: dict[str, Section], meta: dict[str, Any]) -> str:
    lines = [
        f"drillsim benchmarks ({meta['mode']}) {meta['date']} on {meta['machine']}; "
        f"load average {meta['loadavg_start']} at start, {meta.get('loadavg_end')} at end; "
        f"{meta.get('elapsed_s', 0):.0f} s",
        "figures: median [min-max] xN runs after a warm-up",
    ]
    width = max([len(label) for s in sections.values() for label, _v in s.rows] + [20])
    for name in SECTIONS:
        sec = sections.get(name)
        if sec is None:
            continue
        lines.append("")
        lines.append(f"== {name}")
        if sec.unavailable:
            lines.append(f"  not available: {sec.unavailable}")
        for label, value in sec.rows:
            lines.append(f"  {label.ljust(width)}  {value}")
        for note in sec.notes:
            lines.append(f"  note: {note}")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, Python {platform.python_version()}"


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=str(REPO), timeout=10
        ).stdout.strip()
    except OSError:
        return ""


# --------------------------------------------------------------------------- main
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n")[0])
    size = p.add_mutually_exclusive_group()
    size.add_argument(
        "--quick", action="store_true", help="1,000 city only, fewer repeats, caches reused (< 3 min warm)"
    )
    size.add_argument(
        "--tiny",
        action="store_true",
        help="a 20-enterprise city, 3 queries, 3 drills: proves the harness works",
    )
    p.add_argument(
        "--json", action="store_true", help="print the DESIGN.md JSON object on stdout (table on stderr)"
    )
    p.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma list of sections ({','.join(SECTIONS)})"
    )
    p.add_argument(
        "--sizes", default=None, help="comma list of synthetic city sizes (default 1000,5000; --quick 1000)"
    )
    p.add_argument(
        "--workdir", default=None, help="where cities, indexes and caches go (default: user cache dir)"
    )
    p.add_argument(
        "--fresh", action="store_true", help="regenerate synthetic cities and reload content (no caches)"
    )
    p.add_argument(
        "--scenario", default=None, help="drill scenario for engine and batch (default chlorine-leak)"
    )
    p.add_argument("--seed", type=int, default=1, help="seed for drills, batches and synthetic cities")
    p.add_argument("--no-dask", action="store_true", help="skip the Dask measurement")
    p.add_argument(
        "--profile",
        default=None,
        metavar="PATH",
        help="cProfile one path instead (load, "
        "search-build, search-queries, engine, tui-start); uses the first --sizes city",
    )
    p.add_argument("--child", nargs=2, metavar=("KIND", "OPTS"), help=argparse.SUPPRESS)
    return p.parse_args(argv)


def _child(kind: str, opts_json: str) -> int:
    opts = json.loads(opts_json)
    if kind == "search":
        from benchmarks.search_bench import measure_city

        emit_child(measure_city(opts))
    elif kind == "batch-memory":
        from benchmarks.batch_bench import memory_child

        emit_child(memory_child(opts))
    else:
        raise SystemExit(f"unknown child kind {kind!r}")
    return 0


def _default_workdir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("drillsim")) / "bench"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return _child(*args.child)
    mode = MODES["tiny" if args.tiny else "quick" if args.quick else "full"]
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        sys.stderr.write(f"unknown section(s) {', '.join(unknown)} (expected: {', '.join(SECTIONS)})\n")
        return 2
    try:
        sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else mode.sizes
    except ValueError:
        sys.stderr.write(f"--sizes takes a comma list of integers (got {args.sizes!r})\n")
        return 2
    if sizes != mode.sizes:
        mode = Mode(**{**mode.__dict__, "sizes": sizes})
    work = Path(args.workdir) if args.workdir else _default_workdir()
    work.mkdir(parents=True, exist_ok=True)
    if args.profile:
        from benchmarks.profile_paths import profile

        city = None
        if args.profile in ("load", "search-build", "search-queries"):
            city, _ = prepare_city(sizes[0], 0, work, args.fresh)
        sys.stdout.write(profile(args.profile, city, args.scenario, work) + "\n")
        return 0
    started = time.time()
    meta: dict[str, Any] = {
        "mode": mode.name,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": machine(),
        "cpu_count": os.cpu_count(),
        "commit": _git_commit(),
        "command": " ".join(["python", "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "sizes": list(sizes),
        "workdir": str(work),
    }
    sections: dict[str, Section] = {}
    runners = {
        "search": lambda: search_section(mode, sizes, work, args.fresh, 0),
        "engine": lambda: engine_section(mode, args.scenario, args.seed),
        "batch": lambda: batch_section(mode, args.scenario, args.seed, not args.no_dask),
        "tui": lambda: tui_section(mode, work),
        "memory": lambda: memory_section(mode, sections.get("search"), work, args.scenario, 0, args.fresh),
    }
    for name in SECTIONS:
        if name not in only:
            continue
        log(f"section {name}")
        t0 = time.perf_counter()
        try:
            sections[name] = runners[name]()
        except Exception as exc:  # a broken piece is reported, never a crash of the whole harness
            sections[name] = Section(name, unavailable=f"{type(exc).__name__}: {exc}")
            log("".join(traceback.format_exception(exc)[-4:]))
        sections[name].data.setdefault("section_s", round(time.perf_counter() - t0, 1))
    meta["elapsed_s"] = round(time.time() - started, 1)
    meta["loadavg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    text = table(sections, meta)
    if args.json:
        sys.stderr.write(text + "\n")
        sys.stdout.write(json.dumps(to_json(sections, meta), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
