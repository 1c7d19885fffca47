"""Road network: travel times by road class and hour, congestion, closures, caching."""

from __future__ import annotations

import doctest
import importlib.util
import itertools
import math
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import drillsim.routing as routing_mod
from drillsim.model import Congestion, FireStation, Hospital
from drillsim.routing import congestion_factor, responder_routes, road_network


def _factories():
    name = "drillsim_test_hazard_factories"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).parent / "fixtures/hazard/factories.py"
        )
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


F = _factories()


def test_doctests():
    assert doctest.testmod(routing_mod).failed == 0


def test_fastest_route_prefers_arterial_off_peak():
    net = road_network(F.city())
    r = net.route("a", "g1", hour=12)
    # arterial a-b-c: 4.6 km at 45 km/h = 6.13 min; expressway a-x-c: 8 km at 90 = 5.33 min -> expressway
    assert r.nodes == ("a", "x", "c", "g1")
    assert math.isclose(r.minutes, 8 / 90 * 60 + 2.2 / 30 * 60)
    assert math.isclose(r.km, 10.2)


def test_congestion_applies_to_urban_arterials_only():
    c = F.city(speeds={"expressway": 60, "arterial": 45, "local": 30})
    net = road_network(c)
    # off-peak: arterial 6.13 min beats expressway 8 min
    assert net.route("a", "c", hour=12).nodes == ("a", "b", "c")
    # peak: arterial x1.5 = 9.2 min, expressway (not congested) 8 min
    assert net.route("a", "c", hour=8).nodes == ("a", "x", "c")
    assert congestion_factor(c, 8) == 1.5 and congestion_factor(c, 12) == 1.0


def test_closed_road_reroutes_and_unreachable_is_inf():
    net = road_network(F.city(speeds={"expressway": 60, "arterial": 45, "local": 30}))
    assert net.route("a", "c", closed=frozenset({("b", "a")})).nodes == ("a", "x", "c")
    assert net.travel_min("a", "g1", closed=frozenset({("c", "g1")})) == math.inf
    r = net.route("a", "g1", closed=frozenset({("g1", "c")}))
    assert r.nodes == () and not r.reachable


def test_network_and_sssp_are_cached():
    c = F.city()
    net = road_network(c)
    assert road_network(c) is net
    first = net.travel_from_all("a", hour=12)
    assert net.travel_from_all("a", hour=13) == first  # same congestion band -> same cached result
    assert net._sssp("a", 12, frozenset()) is net._sssp("a", 14, frozenset())


def test_nearest_sorted_by_time():
    net = road_network(F.city())
    got = net.nearest("a", ["g1", "b", "x", "nowhere"])
    assert [n for n, _ in got] == ["x", "b", "g1"]  # x 2.67 min, b 3.07 min
    assert all(t1 <= t2 for (_, t1), (_, t2) in itertools.pairwise(got))


def test_responder_routes_cover_every_station_and_hospital():
    base = F.city()
    st_ = FireStation("s1", True, "一站", "Station 1", "ordinary", "urb", "a", 2, 0, 10, 10, 1.0, ())
    h = Hospital("h1", True, "医院", "Hospital", "urb", "b", "三级甲等", True, 10, 5, 70.0, 2, True, False)
    c = type(base)(
        **{**{f: getattr(base, f) for f in base.__slots__}, "fire_stations": (st_,), "hospitals": (h,)}
    )
    rows = responder_routes(c, ["g1"])
    assert {(r.responder, r.kind) for r in rows} == {("s1", "fire_station"), ("h1", "hospital")}
    assert all(r.route.reachable for r in rows)


@settings(max_examples=60, deadline=None)
@given(
    cls=st.sampled_from(["expressway", "arterial", "local"]),
    factor=st.floats(1.01, 4.0),
    hour=st.floats(0, 24, exclude_max=True),
    src=st.sampled_from(["a", "b", "c", "x", "g1"]),
    dst=st.sampled_from(["a", "b", "c", "x", "g1"]),
)
def test_travel_time_never_increases_when_a_class_gets_faster(cls, factor, hour, src, dst):
    speeds = {"expressway": 90.0, "arterial": 45.0, "local": 30.0}
    slow = road_network(F.city(speeds=speeds)).travel_min(src, dst, hour)
    faster = road_network(F.city(speeds={**speeds, cls: speeds[cls] * factor})).travel_min(src, dst, hour)
    assert faster <= slow + 1e-9


@settings(max_examples=40, deadline=None)
@given(hour=st.floats(-48, 48))
def test_congestion_never_speeds_travel(hour):
    c = F.city(congestion=(Congestion(7, 9, 1.5), Congestion(17, 19, 1.8)))
    net = road_network(c)
    assert congestion_factor(c, hour) >= 1.0
    assert net.travel_min("a", "g1", hour) >= net.travel_min("a", "g1", 3.0) - 1e-9
