"""cProfile of one measured path, for docs/performance.md: ``run.py --profile PATH [--sizes N]``.

Paths: ``load`` (load_content of a synthetic city), ``search-build`` (a full index build),
``search-queries`` (the query mix, 3 rounds, on a built index), ``engine`` (drills of the sample city),
``tui-start`` (the app's imports, as ``python -X importtime`` would show them, by cumulative time).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, child_env

PATHS = ("load", "search-build", "search-queries", "engine", "tui-start")


def _stats(prof: cProfile.Profile, top: int) -> str:
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf).strip_dirs()
    st.sort_stats("cumulative").print_stats(top)
    st.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def profile(path: str, city: Path | None, scenario: str | None, work: Path, top: int = 30) -> str:
    """Run ``path`` under cProfile and return the report text.

    ``search-queries`` reuses the harness's cached content and index of ``city`` under ``work`` when present.
    """
    if path == "tui-start":
        return _import_times(top)
    from drillsim.loading import load_content

    prof = cProfile.Profile()
    if path == "load":
        assert city is not None
        prof.runcall(load_content, city)
        return _stats(prof, top)
    if path == "engine":
        from drillsim.engine import run_drill

        content = load_content(REPO)
        sid = scenario or "chlorine-leak"
        run_drill(content, sid, 1)
        prof.runcall(lambda: [run_drill(content, sid, s) for s in range(1, 51)])
        return _stats(prof, top)
    from drillsim.search import open_index

    assert city is not None
    if path == "search-build":
        content = load_content(city)
        cache = Path(tempfile.mkdtemp(prefix="bench-profile-"))
        prof.runcall(lambda: open_index(content, city, cache=cache, rebuild=True).close())
        return _stats(prof, top)
    if path == "search-queries":
        from benchmarks.queries import QUERIES
        from benchmarks.search_bench import load_city

        cached = work / "search" / city.name
        cached.mkdir(parents=True, exist_ok=True)
        content, _ = load_city(city, cached)
        ix = open_index(content, city, cache=cached / "index-cache")
        for q, _c in QUERIES:
            ix.search(q, limit=10)

        def mix() -> Any:
            for _ in range(3):
                for q, _c in QUERIES:
                    ix.search(q, limit=10)

        prof.runcall(mix)
        ix.close()
        return _stats(prof, top)
    raise SystemExit(f"unknown profile path {path!r} (expected one of {', '.join(PATHS)})")


def _import_times(top: int) -> str:
    """The TUI's start-up imports by cumulative microseconds (``-X importtime``)."""
    code = "import tui.app, tui.screens.home"
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=str(REPO),
    )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own_us, cum_us, name = line[len("import time:") :].split("|", 2)
        rows.append((int(cum_us), int(own_us), name.strip()))
    rows.sort(reverse=True)
    total = max((r[0] for r in rows), default=0)
    lines = [f"imports of `{code}`: {len(rows)} modules; top {top} by cumulative time (ms)"]
    lines += [f"{cum / 1000:9.1f} {own / 1000:9.1f}  {name}" for cum, own, name in rows[:top]]
    lines.append(f"largest cumulative: {total / 1000:.1f} ms")
    return "\n".join(lines)
