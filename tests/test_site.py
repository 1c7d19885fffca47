"""Site graphs and zone-avoiding evacuation routes."""

from __future__ import annotations

import doctest
import importlib.util
import math
import sys
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import drillsim.site as site_mod
from drillsim.hazard import HazardZone, erg_zone
from drillsim.model import WIND_DIRS
from drillsim.site import evacuation_routes, vehicle_graph, walk_graph, walk_time_min


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


def plant():
    """A tank in the middle, an office west of it and two assembly points, north-east and south-west."""
    n = F.node
    nodes = (
        n("gate", "gate", 0, -200),
        n("tank", "tank", 0, 0),
        n("office", "building", -100, 0, occ=20),
        n("lab", "building", 100, 0, occ=5),
        n("j_n", "road_junction", 0, 150),
        n("j_s", "road_junction", 0, -150),
        n("ap_ne", "assembly_point", 200, 200),
        n("ap_sw", "assembly_point", -200, -200),
        n("sock", "wind_sock", 10, 10),
    )
    edges = (
        ("office", "tank"),
        ("tank", "lab"),
        ("office", "j_n"),
        ("office", "j_s"),
        ("lab", "j_n"),
        ("lab", "j_s"),
        ("j_n", "ap_ne"),
        ("j_s", "ap_sw"),
        ("j_s", "gate"),
    )
    return F.box(nodes, edges)


def test_doctests():
    assert doctest.testmod(site_mod).failed == 0


def test_graphs_are_cached_and_frozen():
    b = plant()
    g = walk_graph(b)
    assert walk_graph(b) is g and nx.is_frozen(g)
    assert g.number_of_edges() == 9 and vehicle_graph(b).number_of_edges() == 9
    assert math.isclose(g.edges["office", "tank"]["length_m"], 100.0)


def test_no_zone_goes_to_nearest_assembly_point():
    routes = evacuation_routes(plant(), None)
    assert set(routes) == {"office", "lab"}
    g = walk_graph(plant())
    for origin, r in routes.items():
        best = min(nx.shortest_path_length(g, origin, ap, weight="length_m") for ap in ("ap_ne", "ap_sw"))
        assert math.isclose(r.length_m, best)
        assert r.path[0] == origin and r.path[-1] == r.assembly_point
    assert all(r.safe and not r.crosses_zone for r in routes.values())


def test_route_avoids_zone_and_unsafe_assembly_point():
    b = plant()
    # wind from the south-west: the plume covers the north-east assembly point
    zone = HazardZone((0.0, 0.0), 60.0, 500.0, 30.0, 225.0)
    assert zone.contains(200, 200)
    routes = evacuation_routes(b, zone)
    for r in routes.values():
        assert r.assembly_point == "ap_sw" and r.safe and not r.crosses_zone
        assert "tank" not in r.path


def test_no_safe_route_is_reported():
    b = plant()
    zone = HazardZone((0.0, 0.0), 400.0, 400.0, 30.0, 0.0)  # swallows everything
    routes = evacuation_routes(b, zone)
    assert all(not r.safe for r in routes.values())
    assert all(r.assembly_point is not None and r.crosses_zone for r in routes.values())


def test_isolated_node_has_no_route():
    n = F.node
    b = F.box((n("hut", "building", 0, 0, occ=2), n("ap", "assembly_point", 50, 0)), ())
    r = evacuation_routes(b, None)["hut"]
    assert r.assembly_point is None and not r.safe and r.length_m == math.inf


def test_walk_time():
    assert math.isclose(walk_time_min(72.0), 1.0)


@settings(max_examples=60, deadline=None)
@given(
    wind=st.sampled_from(WIND_DIRS),
    size=st.sampled_from(["small", "large"]),
    night=st.booleans(),
    ox=st.floats(-150, 150),
    oy=st.floats(-150, 150),
    scale=st.floats(0.05, 0.6),
)
def test_zone_avoiding_route_properties(wind, size, night, ox, oy, scale):
    b = plant()
    g = walk_graph(b)
    base = erg_zone(F.chemical(), size, "multiple_ton_cylinders", night, 3.0, wind, origin=(ox, oy))
    zone = HazardZone(base.origin, base.isolate_m * scale, base.protect_m * scale, 30.0, base.wind_from_deg)
    routes = evacuation_routes(b, zone)
    safe_aps = [n.id for n in b.site.nodes if n.type == "assembly_point" and not zone.contains(n.x_m, n.y_m)]
    for origin, r in routes.items():
        if not r.safe:
            continue
        # never shorter than the unconstrained shortest route to a safe assembly point
        shortest = min(nx.shortest_path_length(g, origin, ap, weight="length_m") for ap in safe_aps)
        assert r.length_m >= shortest - 1e-6
        # never enters the zone when some route avoids it
        on = b.site.node(origin)
        if (
            on is not None
            and not zone.contains(on.x_m, on.y_m)
            and _avoiding_route_exists(g, zone, origin, safe_aps)
        ):
            assert not r.crosses_zone


def _avoiding_route_exists(g, zone, origin, targets):
    h = nx.Graph()
    for a, b, d in g.edges(data=True):
        pa, pb = (g.nodes[a]["x"], g.nodes[a]["y"]), (g.nodes[b]["x"], g.nodes[b]["y"])
        if site_mod.in_zone_length_m(zone, pa, pb, d["length_m"]) == 0:
            h.add_edge(a, b)
    return origin in h and any(t in h and nx.has_path(h, origin, t) for t in targets)


def test_sample_content_boxes_route():
    from drillsim.loading import check_content

    result = check_content(Path(__file__).resolve().parents[1])
    if result.content is None or not result.content.enterprises:
        pytest.skip("sample content not loadable yet")
    for box in result.content.enterprises.values():
        routes = evacuation_routes(box, None)
        assert set(routes) == {n.id for n in site_mod.occupied_nodes(box)}
        for r in routes.values():
            assert r.path[0] == r.origin
            if r.assembly_point is not None:
                assert r.path[-1] == r.assembly_point and r.safe
