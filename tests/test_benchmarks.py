"""The benchmark harness works: one tiny run gives the DESIGN.md JSON shape. Times are never asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "benchmarks" / "run.py"
sys.path.insert(0, str(REPO))

from benchmarks.bare_simpy import Trace, run_bare, trace  # noqa: E402
from benchmarks.common import Figure, percentile  # noqa: E402
from benchmarks.fts5 import Fts5Index, fts5_available  # noqa: E402
from benchmarks.queries import CATEGORIES, QUERIES, pick  # noqa: E402

DESIGN = {
    "search": ("p95_ms", "fts5_p95_ms", "ratio_p95_vs_fts5"),
    "engine": ("events_per_s", "bare_simpy_events_per_s", "overhead_vs_bare_simpy"),
    "batch": ("runs_per_s", "speedup_2_workers"),
    "tui": ("startup_s",),
}


def _run(*args: str, tmp: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN), *args, "--workdir", str(tmp)],
        capture_output=True,
        text=True,
        cwd=str(REPO),
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict:
    proc = _run("--tiny", "--json", tmp=tmp_path_factory.mktemp("bench"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_tiny_run_has_the_design_json_shape(tiny: dict) -> None:
    for section, keys in DESIGN.items():
        assert section in tiny
        for key in keys:
            assert key in tiny[section], f"{section}.{key} missing"
            value = tiny[section][key]
            assert value is None or isinstance(value, int | float)
    assert {"memory", "meta"} <= set(tiny)
    assert tiny["meta"]["mode"] == "tiny"


@pytest.mark.slow
def test_tiny_run_measures_every_available_piece(tiny: dict) -> None:
    # a piece that is present must be measured; one that is not must say why
    for section in ("search", "engine", "batch", "tui", "memory"):
        block = tiny[section]
        if block.get("available", True):
            assert all(block.get(k) is not None for k in DESIGN.get(section, ())), (section, block)
        else:
            assert block["reason"]
    if tiny["search"].get("available", True):
        city = tiny["search"]["cities"]["20"]
        assert city["queries"] == 3 and city["documents"] > 0
        assert set(city["drillsim_queries"]["p95_ms"]) == {"median", "min", "max", "n"}
    if tiny["batch"].get("available", True):
        assert tiny["batch"]["identical_statistics"] is True


@pytest.mark.slow
def test_a_missing_piece_is_reported_not_a_crash(tmp_path: Path) -> None:
    proc = _run("--tiny", "--json", "--only", "engine", "--scenario", "no-such-scenario", tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["engine"]["available"] is False
    assert "no-such-scenario" in out["engine"]["reason"]
    assert out["engine"]["events_per_s"] is None
    assert out["search"]["available"] is False  # not selected


def test_unknown_section_is_a_usage_error(tmp_path: Path) -> None:
    proc = _run("--only", "search,gpu", tmp=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "gpu" in proc.stderr


def test_query_mix_is_fixed_and_covers_every_form() -> None:
    assert len(QUERIES) >= 40
    assert len({q for q, _c in QUERIES}) == len(QUERIES)
    assert set(CATEGORIES) >= {"zh", "en", "pinyin", "cas", "un", "typo", "single"}
    assert len(pick(3)) == 3 and pick(None) == QUERIES


def test_figure_and_percentile() -> None:
    f = Figure.of([3.0, 1.0, 2.0])
    assert (f.median, f.lo, f.hi, f.n) == (2.0, 1.0, 3.0, 3)
    assert percentile([10, 20, 30, 40, 50], 50) == 30
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


@pytest.mark.skipif(bool(fts5_available()), reason="SQLite without FTS5 trigram")
def test_fts5_reference_matches_long_and_short_words(tmp_path: Path) -> None:
    class Doc:
        def __init__(self, id: str, title: str, body: str, cas: tuple[str, ...] = ()) -> None:
            self.id, self.kind, self.title, self.body = id, "chemical", title, body
            self.names, self.cas, self.un, self.erg, self.refs = (), cas, (), (), ()

    ix = Fts5Index.build(
        tmp_path / "t.sqlite",
        [Doc("a", "氯 Chlorine", "液氯 leak", ("7782-50-5",)), Doc("b", "氨", "ammonia")],
    )
    assert [r[0] for r in ix.search("chlorine")] == ["a"]
    assert [r[0] for r in ix.search("氯")] == ["a"]  # one character: LIKE
    assert [r[0] for r in ix.search("cas:7782-50-5")] == ["a"]
    assert ix.search("phosgene") == [] and ix.search("   ") == []
    ix.close()


def test_bare_model_processes_the_traced_events() -> None:
    import simpy

    def model() -> None:
        env = simpy.Environment()
        crew = simpy.Resource(env, capacity=3)

        def worker(i: int):  # type: ignore[no-untyped-def]
            yield env.timeout(i)
            with crew.request() as req:
                yield req
                yield env.timeout(2)

        for i in range(10):
            env.process(worker(i))
        env.run()

    tr, _ = trace(model)
    assert tr.events["Request"] == 10 and tr.events["Release"] == 10
    bare, _ = trace(lambda: run_bare(tr))
    assert isinstance(bare, Trace)
    assert abs(bare.total - tr.total) <= 2, (Counter(bare.events), Counter(tr.events))


def test_harness_doctests() -> None:
    import doctest

    from benchmarks import common, queries

    for module in (common, queries):
        assert doctest.testmod(module).failed == 0
