"""Metamorphic relations and invariants of the drill engine on the sample city (same seeds, changed city)."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drillsim.engine import Drill, Timeline, run_drill
from drillsim.model import Content, frozen_map

REPO = Path(__file__).resolve().parent.parent
SEEDS = range(10)


@lru_cache(maxsize=1)
def sample() -> Content:
    from drillsim.loading import load_content

    return load_content(REPO)


def with_city(c: Content, **changes: object) -> Content:
    return dataclasses.replace(c, city=dataclasses.replace(c.city, **changes))


def bed_waits(tl: Timeline) -> dict[int, float]:
    """Per casualty who reached a hospital: minutes from first arrival to a bed (inf if never)."""
    first: dict[int, float] = {}
    bed: dict[int, float] = {}
    for e in tl.events:
        cid = e.get("casualty")
        if e.kind == "casualty_at_hospital" and cid not in first:
            first[cid] = e.t
        elif e.kind == "treatment_started" and cid in first:
            bed[cid] = e.t - first[cid]
    return {cid: bed.get(cid, math.inf) for cid in first}


# --------------------------------------------------------------------------- metamorphic relations
@pytest.mark.parametrize("scenario", ["phosgene-release", "chlorine-leak", "xinyi-twin"])
def test_fewer_poison_beds_never_shorten_a_wait(scenario: str) -> None:
    c = sample()
    fewer = with_city(
        c, hospitals=tuple(dataclasses.replace(h, poison_beds=h.poison_beds // 2) for h in c.city.hospitals)
    )
    compared = 0
    for seed in SEEDS:
        base, less = bed_waits(run_drill(c, scenario, seed)), bed_waits(run_drill(fewer, scenario, seed))
        assert base.keys() == less.keys()  # who reaches a hospital, and when, does not depend on beds
        for cid, w in base.items():
            assert less[cid] >= w - 1e-9, (seed, cid, w, less[cid])
            compared += 1
    assert compared > 20


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["chlorine-leak", "hf-burns", "ammonia-cold-store-night", "any-site"])
def test_closer_hazmat_station_never_arrives_later(scenario: str) -> None:
    c = sample()
    hazmat = [s.id for s in c.city.fire_stations if s.hazmat_units > 0]
    for seed in range(8):
        tl = run_drill(c, scenario, seed)
        gate = c.enterprises[tl.enterprise].road_node
        for sid in (hazmat[seed % len(hazmat)], hazmat[(seed + 2) % len(hazmat)]):
            stations = tuple(
                dataclasses.replace(s, node=gate) if s.id == sid else s for s in c.city.fire_stations
            )
            moved = run_drill(with_city(c, fire_stations=stations), scenario, seed)
            before, after = tl.kpis["t_hazmat_arrival"], moved.kpis["t_hazmat_arrival"]
            if before is not None:
                assert after is not None and after <= before + 1e-9, (seed, sid, before, after)


@pytest.mark.parametrize("scenario", ["cyanide-mass-casualty", "hf-burns", "nitration-runaway"])
def test_more_antidote_never_costs_lives(scenario: str) -> None:
    c = sample()
    richer = with_city(
        c,
        hospitals=tuple(
            dataclasses.replace(h, antidote_stock=frozen_map({a: n * 3 for a, n in h.antidote_stock.items()}))
            for h in c.city.hospitals
        ),
    )
    for seed in SEEDS:
        assert run_drill(richer, scenario, seed).kpis["deaths"] <= run_drill(c, scenario, seed).kpis["deaths"]


@pytest.mark.parametrize(
    "scenario", ["chlorine-leak", "ammonia-cold-store-night", "phosgene-release", "hf-burns"]
)
def test_night_shift_exposes_fewer_people(scenario: str) -> None:
    c = sample()
    day_total = night_total = 0
    for seed in SEEDS:
        hour = 23.0 if seed % 2 else 14.0  # same clock, so the same ERG zone: only the people differ
        day = run_drill(c, scenario, seed, overrides={"shift": "day", "hour": hour}).kpis["casualties"]
        night = run_drill(c, scenario, seed, overrides={"shift": "night", "hour": hour}).kpis["casualties"]
        assert night <= day, (seed, day, night)
        day_total += day
        night_total += night
    assert night_total < day_total


# --------------------------------------------------------------------------- invariants
SCENARIOS = (
    "chlorine-leak",
    "ammonia-cold-store-night",
    "lpg-bleve",
    "phosgene-release",
    "cyanide-mass-casualty",
    "hf-burns",
    "nitration-runaway",
    "oil-tank-fire",
    "xinyi-twin",
    "any-site",
)


def _check_capacity(d: Drill) -> None:
    w = d.world
    for pool in w.city.pools():
        assert 0 <= pool.in_use <= pool.capacity, pool.name
    for inc in w.incidents:
        for pool in inc.roles.values():
            assert pool.in_use <= pool.capacity, pool.name
        assert inc.spare_cylinders >= 0
        assert inc.engines_on_scene >= 0 and inc.hazmat_on_scene >= 0
    for h in w.city.hospitals:
        assert all(n >= 0 for n in h.levels().values())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**9), scenario=st.sampled_from(SCENARIOS))
def test_invariants(seed: int, scenario: str) -> None:
    d = Drill(sample(), scenario, seed)
    while not d.finished:
        d.advance(5.0)
        _check_capacity(d)
    tl = d.timeline()
    ev = tl.events
    # event times never go backwards, and start with a release at t = 0
    assert all(a.t <= b.t for a, b in pairwise(ev))
    assert ev[0].kind == "release" and ev[0].t == 0
    # every exposed casualty ends triaged, treated or dead
    exposed = [e.get("casualty") for e in ev if e.kind == "casualty_exposed"]
    assert len(exposed) == len(set(exposed))
    ended = {
        e.get("casualty") for e in ev if e.kind in ("casualty_triaged", "treatment_started", "casualty_died")
    }
    assert set(exposed) <= ended
    died = Counter(e.get("casualty") for e in ev if e.kind == "casualty_died")
    assert all(n == 1 for n in died.values())
    # KPIs agree with the events (recomputed here independently)
    first = {}
    for e in ev:
        first.setdefault(e.kind, e.t)
    k = tl.kpis
    assert k["casualties"] == len(exposed)
    assert k["deaths"] == sum(died.values())
    assert k["t_detected"] == first.get("detected")
    assert k["t_alarm"] == first.get("alarm_internal")
    assert k["t_call_119"] == first.get("call_119")
    assert k["t_report_authority"] == first.get("report_authority")
    assert k["t_esd"] == first.get("esd_activated")
    assert k["t_first_fire_arrival"] == first.get("fire_arrived")
    assert k["t_hazmat_arrival"] == first.get("hazmat_arrived")
    assert k["t_headcount_complete"] == first.get("headcount_complete")
    assert k["antidote_stockouts"] == sum(1 for e in ev if e.kind == "antidote_stockout")
    assert k["diversions"] == sum(1 for e in ev if e.kind == "hospital_diverted")
    treated = [e.t for e in ev if e.kind == "treatment_started"]
    assert k["t_last_casualty_treated"] == (max(treated) if treated else None)
    waits = [e.get("wait_min") for e in ev if e.kind == "treatment_started" and e.get("bed") == "poison"]
    assert k["max_wait_poison_bed_min"] == (max(waits) if waits else None)
    # a time KPI that did not happen is null, never 0 unless it really happened at t = 0
    for name, kind in (("t_call_119", "call_119"), ("t_hazmat_arrival", "hazmat_arrived")):
        assert (k[name] is None) == (kind not in first)
