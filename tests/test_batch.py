"""Batch studies: seeds, statistics, bottlenecks, overrides, determinism across workers, compare mode, CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drillsim.batch import (
    BASE,
    VARIANT,
    BatchSpec,
    apply_overrides,
    parse_all,
    parse_set,
    run_batch,
    run_seed,
)
from drillsim.batch.runner import tasks
from drillsim.batch.saturation import bottlenecks, saturated
from drillsim.batch.seeds import chunks
from drillsim.batch.stats import mean_ci, paired, percentile, summarize, t_quantile
from drillsim.cli import main
from drillsim.errors import UsageError
from drillsim.loading import load_content
from drillsim.model import KPI_NAMES

REPO = Path(__file__).resolve().parent.parent
SCENARIO = "chlorine-leak"


@pytest.fixture(scope="module")
def content():
    return load_content(REPO)


def _stable(doc: dict) -> dict:
    """The batch JSON without what legitimately differs between identical studies."""
    return {k: v for k, v in doc.items() if k not in ("timing", "workers", "backend")}


# --------------------------------------------------------------------------- seeds and chunks
def test_run_seeds_depend_only_on_base_and_index() -> None:
    seeds = [run_seed(5, i) for i in range(200)]
    assert len(set(seeds)) == 200
    assert seeds == [run_seed(5, i) for i in range(200)]
    assert all(0 <= s < 2**53 for s in seeds)


@given(st.integers(1, 500), st.integers(1, 16))
def test_chunks_cover_every_run_once_in_order(n: int, w: int) -> None:
    cs = chunks(n, w)
    assert [i for c in cs for i in c] == list(range(n))


def test_compare_tasks_cover_both_arms_on_the_same_indices() -> None:
    spec = BatchSpec(SCENARIO, 5, 1, overrides=(parse_set("weather.wind_dir=NE"),), compare=True)
    got = tasks(spec, 2)
    for arm in (BASE, VARIANT):
        assert [i for a, s, e in got if a == arm for i in range(s, e)] == list(range(5))


# --------------------------------------------------------------------------- statistics
def test_t_quantiles_match_the_printed_table() -> None:
    table = {1: 12.706, 3: 3.182, 9: 2.262, 19: 2.093, 29: 2.045, 60: 2.000}
    for df, t in table.items():
        assert t_quantile(0.975, df) == pytest.approx(t, abs=5e-4)


@settings(max_examples=60)
@given(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=2, max_size=60))
def test_summary_is_ordered_and_ci_contains_the_mean(xs: list[float]) -> None:
    s = summarize(xs)
    assert s["min"] <= s["p50"] <= s["p90"] <= s["p95"] <= s["max"]
    lo, hi = s["ci95"]
    assert lo <= s["mean"] + 1e-9 and s["mean"] - 1e-9 <= hi
    assert s["missing"] == 0 and s["n"] == len(xs)


def test_missing_values_are_counted_not_zeroed() -> None:
    s = summarize([None, 4.0, None, 6.0])
    assert s["missing"] == 2 and s["mean"] == 5.0 and s["min"] == 4.0
    assert summarize([None])["mean"] is None


def test_percentile_is_linear_between_ranks() -> None:
    assert percentile([10, 20, 30, 40, 50], 95) == pytest.approx(48.0)


def test_paired_differences_use_only_runs_present_in_both() -> None:
    d = paired([1.0, 2.0, 3.0, None], [2.0, 3.0, 4.0, 9.0])
    assert d["n"] == 3 and d["mean_diff"] == 1.0 and d["only_variant"] == 1
    assert d["ci95"] == pytest.approx([1.0, 1.0])
    assert mean_ci([1.0]) is None


# --------------------------------------------------------------------------- bottlenecks
def test_saturation_read_from_events() -> None:
    events = [
        {"kind": "casualty_at_hospital", "casualty": 1, "colour": "red", "hospital": "h1"},
        {"kind": "hospital_diverted", "casualty": 1, "hospital": "h1"},
        {"kind": "treatment_started", "bed": "poison", "wait_min": 4.0, "hospital": "h2"},
        {"kind": "treatment_started", "bed": "poison", "wait_min": 0.0, "hospital": "h3"},
        {"kind": "warning", "what": "engine_queued", "station": "s1"},
        {"kind": "warning", "what": "ambulance_queued", "base": "ems_120"},
        {"kind": "plan_gap", "what": "dispatch_hazmat"},
    ]
    assert saturated(events) == {
        "ambulances": ("ems_120",),
        "fire_engines": ("s1",),
        "hazmat_units": ("unreachable",),
        "icu_beds": ("h1",),
        "poison_beds": ("h2",),
    }


def test_bottlenecks_ranked_by_share() -> None:
    ranked = bottlenecks([{"a": ("x",)}, {"a": ("x",), "b": ("y",)}, {"b": ("y",)}, {"b": ("z",)}], 4)
    assert [(b["resource"], b["share"]) for b in ranked] == [("b", 0.75), ("a", 0.5)]


# --------------------------------------------------------------------------- overrides
def test_overrides_apply_to_a_copy(content) -> None:
    ov = parse_all(
        [
            "hospital.h_xinyi.poison_beds=20",
            "hospital.h_xinyi.hydroxocobalamin=12",
            "station.s_xinyi_cz.hazmat_units=2",
            "station.s_xinyi_cz.capabilities+=cyanide_treatment",
            "district.peixian.hazmat_target_min=40",
            "weather.wind_dir=NE",
            "scenario.size=large",
            "enterprise.hengsheng_chloralkali.scba_sets=30",
        ],
        ["station.s_tq2"],
    )
    v = apply_overrides(content, ov)
    h = v.city.hospital("h_xinyi")
    assert h.poison_beds == 20 and h.antidote_stock["hydroxocobalamin"] == 12
    s = v.city.station("s_xinyi_cz")
    assert s.hazmat_units == 2 and "cyanide_treatment" in s.capabilities and "foam" in s.capabilities
    assert v.city.station("s_tq2") is None and content.city.station("s_tq2") is not None
    assert v.city.district("peixian").hazmat_target_min == 40
    assert dict(v.scenarios[SCENARIO].weather.wind_dir) == {"NE": 1.0}
    assert all(dict(g.size) == {"large": 1.0} for g in v.scenarios[SCENARIO].incidents)
    assert v.enterprises["hengsheng_chloralkali"].resources.scba_sets == 30
    assert content.city.hospital("h_xinyi").poison_beds != 20  # the loaded content is untouched
    assert v.digest != content.digest and v.digest.startswith(content.digest)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hospital.H3.poison_beds=20", "unknown hospital 'H3'"),
        ("hospital.h_xinyi.beds=20", "has no field 'beds'"),
        ("hospital.h_xinyi.poison_beds=many", "must be a whole number"),
        ("hospital.h_xinyi.poison_beds=-2", "must be >= 0"),
        ("hospital.h_xinyi.baseline_occupancy_pct=140", "between 0 and 100"),
        ("station.s_tq1.capabilities=teleport", "unknown capability 'teleport'"),
        ("station.s_tq1.node=nowhere", "no road node 'nowhere'"),
        ("weather.wind_dir=NNE", "'NNE' is not one of"),
        ("weather.humidity=80", "unknown weather setting"),
        ("planet.mars.gravity=3", "unknown kind 'planet'"),
        ("hospital.h_xinyi.unobtainium=3", "has no field"),
    ],
)
def test_bad_overrides_are_usage_errors(content, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        apply_overrides(content, [parse_set(text)])


def test_override_syntax_errors() -> None:
    with pytest.raises(UsageError, match="PATH=VALUE"):
        parse_set("hospital.h_xinyi.poison_beds")
    with pytest.raises(UsageError, match=r"KIND\.ID"):
        parse_all([], ["district.xinyi"])


# --------------------------------------------------------------------------- running
def test_identical_statistics_for_one_and_two_workers(content) -> None:
    spec = BatchSpec(SCENARIO, 6, 11)
    one = run_batch(content, spec, workers=1)
    two = run_batch(content, spec, workers=2)
    assert one.backend == "inline" and two.backend == "processes"
    assert _stable(one.to_json()) == _stable(two.to_json())
    assert [r.seed for r in one.rows[BASE]] == [run_seed(11, i) for i in range(6)]
    doc = one.to_json()
    assert doc["runs"] == 6 and set(doc["kpis"]) == set(KPI_NAMES)
    for stats in doc["kpis"].values():
        assert {"mean", "p50", "p90", "p95", "min", "max", "missing", "ci95"} <= set(stats)
    assert isinstance(doc["bottlenecks"], list)
    json.dumps(doc)


def test_a_different_base_seed_gives_different_runs(content) -> None:
    a = run_batch(content, BatchSpec(SCENARIO, 3, 1))
    b = run_batch(content, BatchSpec(SCENARIO, 3, 2))
    assert [r.values for r in a.rows[BASE]] != [r.values for r in b.rows[BASE]]


def test_compare_pairs_seeds_and_a_removed_station_never_helps(content) -> None:
    """Metamorphic: without the Xinyi park station the hazmat unit never arrives sooner on the same seed."""
    spec = BatchSpec(SCENARIO, 5, 3, overrides=parse_all([], ["station.s_xinyi_cz"]), compare=True)
    res = run_batch(content, spec, workers=1)
    base, var = res.rows[BASE], res.rows[VARIANT]
    assert [r.seed for r in base] == [r.seed for r in var]
    i = KPI_NAMES.index("t_hazmat_arrival")
    for b, v in zip(base, var, strict=True):
        if b.values[i] is not None and v.values[i] is not None:
            assert v.values[i] >= b.values[i] - 1e-9
    doc = res.to_json()
    d = doc["paired"]["t_hazmat_arrival"]
    assert d["n"] + d["only_base"] + d["only_variant"] <= 5
    assert d["mean_diff"] is None or d["mean_diff"] > 0
    assert doc["variant"]["overrides"] == ["without station.s_xinyi_cz"]


def test_batch_refuses_what_cannot_run(content) -> None:
    with pytest.raises(UsageError, match="unknown scenario"):
        run_batch(content, BatchSpec("no-such-scenario", 2, 1))
    with pytest.raises(UsageError, match="--compare needs"):
        run_batch(content, BatchSpec(SCENARIO, 2, 1, compare=True))
    with pytest.raises(UsageError, match="draws no incident"):
        run_batch(content, BatchSpec(SCENARIO, 2, 1, enterprise="xinran_lpg"))


# --------------------------------------------------------------------------- command line
def test_cli_json_csv_plot_and_records(tmp_path: Path, capsys) -> None:
    db = tmp_path / "records.sqlite"
    csv_path, svg_path = tmp_path / "runs.csv", tmp_path / "kpis.svg"
    rc = main(
        [
            "--content",
            str(REPO),
            "--db",
            str(db),
            "batch",
            SCENARIO,
            "--runs",
            "4",
            "--seed",
            "9",
            "--workers",
            "1",
            "--json",
            "--csv",
            str(csv_path),
            "--plot",
            str(svg_path),
        ]
    )
    assert rc == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["runs"] == 4 and doc["scenario"] == SCENARIO and doc["seed"] == 9
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and lines[0].startswith("arm,run,seed,t_detected")
    assert svg_path.read_text(encoding="utf-8").startswith("<svg")
    from drillsim.records import DrillRecords

    with DrillRecords(db) as records:
        latest = records.latest_batch(SCENARIO)
        assert latest is not None and latest[1] == 4
        assert records.batch_values(latest[0], "t_detected") == pytest.approx(_column(csv_path, "t_detected"))


def _column(path: Path, name: str) -> list[float | None]:
    import csv

    with open(path, encoding="utf-8") as fh:
        return [float(r[name]) if r[name] else None for r in csv.DictReader(fh)]


def test_cli_table_has_histograms_and_a_what_if_is_not_stored_as_baseline(tmp_path: Path, capsys) -> None:
    db = tmp_path / "records.sqlite"
    rc = main(
        [
            "--content",
            str(REPO),
            "--db",
            str(db),
            "batch",
            SCENARIO,
            "--runs",
            "3",
            "--workers",
            "1",
            "--set",
            "weather.wind_dir=E",
        ]
    )
    assert rc == 0
    out = capsys.readouterr().out
    assert "EXERCISE" in out and "t_hazmat_arrival" in out and "│" in out and "what-if" in out
    from drillsim.records import DrillRecords

    with DrillRecords(db) as records:
        assert records.latest_batch(SCENARIO) is None  # only baselines are what grading compares with


@pytest.mark.parametrize(
    "argv",
    [
        ["batch", "no-such-scenario", "--runs", "2", "--no-store"],
        ["batch", SCENARIO, "--runs", "2", "--no-store", "--set", "hospital.nowhere.poison_beds=1"],
        ["batch", SCENARIO, "--runs", "0", "--no-store"],
        ["batch", SCENARIO, "--runs", "2", "--no-store", "--plot", "x.pdf"],
        ["batch", SCENARIO, "--runs", "2", "--no-store", "--plot", "x.png"],
        ["batch", SCENARIO, "--runs", "2", "--no-store", "--dask", "nonsense"],
    ],
)
def test_cli_usage_errors_exit_2(argv: list[str], capsys) -> None:
    assert main(["--content", str(REPO), *argv]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_runs_per_second_is_finite(content) -> None:
    res = run_batch(content, BatchSpec(SCENARIO, 2, 1))
    rate = res.to_json()["timing"]["runs_per_s"]
    assert rate is not None and math.isfinite(rate) and rate > 0


def test_cli_compare_reports_paired_differences(capsys) -> None:
    rc = main(
        [
            "--content",
            str(REPO),
            "batch",
            SCENARIO,
            "--runs",
            "3",
            "--workers",
            "1",
            "--no-store",
            "--compare",
            "--without",
            "station.s_xinyi_cz",
            "--json",
        ]
    )
    assert rc == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["overrides"] == [] and doc["variant"]["overrides"] == ["without station.s_xinyi_cz"]
    assert set(doc["paired"]) == set(KPI_NAMES)
    assert {"n", "mean_diff", "ci95", "only_base", "only_variant"} <= set(doc["paired"]["t_hazmat_arrival"])


def test_progress_bar_draws_only_on_a_terminal() -> None:
    import io

    from drillsim.batch.report import ProgressBar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    ticks = iter(range(100))
    bar = ProgressBar(tty, clock=lambda: float(next(ticks)))
    bar(5, 10)
    bar(10, 10)
    bar.close()
    assert "5/10" in tty.getvalue() and "10/10" in tty.getvalue()
    quiet = ProgressBar(pipe)
    quiet(1, 2)
    quiet.close()
    assert pipe.getvalue() == ""
