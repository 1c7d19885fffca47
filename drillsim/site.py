"""A handover box's site plan as walking and vehicle graphs, and evacuation routes that avoid a hazard zone.

A route to an assembly point is chosen to minimise first the distance walked inside the zone and then
the total distance: a route that never enters the zone always wins when one exists, and an occupant who
starts inside the zone leaves it by the shortest way out. Edges are straight segments between nodes;
the part of a segment inside the zone is measured by sampling every ``SAMPLE_STEP_M`` metres.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from types import MappingProxyType

import networkx as nx

from drillsim.hazard import HazardZone, erg_zone
from drillsim.model import Chemical, HandoverBox, SiteNode

WALK_SPEED_M_S = 1.2
"""Unimpeded walking speed on the level, m/s (SFPE Handbook, Nelson & Mowrer: about 1.19 m/s; Fruin's
mean free walking speed 1.35 m/s). Evacuees in escape hoods or smoke walk slower: the engine may scale."""

SAMPLE_STEP_M = 2.0
ZONE_PENALTY = 1e6
"""Cost of one metre walked inside the zone relative to one metre outside it."""

_SINK = "\x00assembly"  # virtual node joined to every candidate assembly point


def walk_time_min(length_m: float) -> float:
    """Minutes to walk ``length_m`` at :data:`WALK_SPEED_M_S`.

    >>> round(walk_time_min(144.0), 2)
    2.0
    """
    return length_m / WALK_SPEED_M_S / 60.0


def _edge_length(a: SiteNode, b: SiteNode, given: float) -> float:
    return given if given and given > 0 else math.hypot(a.x_m - b.x_m, a.y_m - b.y_m)


def _graph(box: HandoverBox, mode: str) -> nx.Graph:
    g = nx.Graph()
    nodes = {n.id: n for n in box.site.nodes}
    for n in box.site.nodes:
        g.add_node(n.id, x=n.x_m, y=n.y_m, type=n.type, node=n)
    for e in box.site.edges:
        if not getattr(e, mode) or e.a not in nodes or e.b not in nodes:
            continue
        length = _edge_length(nodes[e.a], nodes[e.b], e.length_m)
        if g.has_edge(e.a, e.b) and g.edges[e.a, e.b]["length_m"] <= length:
            continue
        g.add_edge(e.a, e.b, length_m=length, line=e.line)
    return nx.freeze(g)


@lru_cache(maxsize=64)
def walk_graph(box: HandoverBox) -> nx.Graph:
    """The site's walking graph (frozen; node attrs x, y, type, node; edge attr length_m)."""
    return _graph(box, "walk")


@lru_cache(maxsize=64)
def vehicle_graph(box: HandoverBox) -> nx.Graph:
    """The site's vehicle graph: the edges marked ``vehicle: true`` (frozen, same attributes)."""
    return _graph(box, "vehicle")


@dataclass(frozen=True, slots=True)
class EvacRoute:
    """The evacuation route of one occupied node.

    ``safe`` is True when the route ends at an assembly point outside the zone; ``crosses_zone`` when
    some of the walk (after leaving the origin) lies inside the zone. With no reachable assembly point
    at all, ``assembly_point`` is None, ``path`` is just the origin and ``length_m`` is ``inf``.
    """

    origin: str
    assembly_point: str | None
    path: tuple[str, ...]
    length_m: float
    crosses_zone: bool
    safe: bool

    @property
    def minutes(self) -> float:
        return walk_time_min(self.length_m)


def in_zone_length_m(
    zone: HazardZone, a: tuple[float, float], b: tuple[float, float], length_m: float
) -> float:
    """Metres of the segment a→b (walked ``length_m``) that lie inside ``zone``, by sampling.

    >>> z = HazardZone((0.0, 0.0), 10.0, 10.0, 30.0, 0.0)
    >>> in_zone_length_m(z, (-20.0, 0.0), (20.0, 0.0), 40.0)
    20.0
    """
    straight = math.hypot(b[0] - a[0], b[1] - a[1])
    n = max(1, math.ceil(straight / SAMPLE_STEP_M))
    inside = 0
    for i in range(n):  # midpoints of n equal pieces
        t = (i + 0.5) / n
        if zone.contains(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])):
            inside += 1
    frac = inside / n
    if frac == 0.0 and (zone.contains(*a) or zone.contains(*b)):
        frac = 1.0 / n  # an endpoint on the zone's edge still counts as entering it
    return frac * length_m


def occupied_nodes(box: HandoverBox) -> tuple[SiteNode, ...]:
    """Nodes with people on some shift (assembly points excluded)."""
    return tuple(n for n in box.site.nodes if n.occupancy.max > 0 and n.type != "assembly_point")


def _route_table(
    g: nx.Graph, zone: HazardZone | None, targets: list[str]
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Dijkstra from a virtual sink joined to ``targets``; costs penalise metres inside the zone."""
    h = nx.Graph(g)
    for t in targets:
        h.add_edge(_SINK, t, length_m=0.0, zone_m=0.0)
    for a, b, d in h.edges(data=True):
        if a == _SINK or b == _SINK:
            continue
        if zone is None:
            d["zone_m"] = 0.0
        else:
            pa = (h.nodes[a]["x"], h.nodes[a]["y"])
            pb = (h.nodes[b]["x"], h.nodes[b]["y"])
            d["zone_m"] = in_zone_length_m(zone, pa, pb, d["length_m"])
        d["cost"] = d["length_m"] + ZONE_PENALTY * d["zone_m"]
    for t in targets:
        h.edges[_SINK, t]["cost"] = 0.0
    dist, paths = nx.single_source_dijkstra(h, _SINK, weight="cost")
    return dist, paths


def evacuation_routes(box: HandoverBox, zone: HazardZone | None) -> Mapping[str, EvacRoute]:
    """Evacuation route of every occupied node to the nearest safe assembly point (walking graph).

    Safe assembly points are those outside ``zone`` (all of them when ``zone`` is None). When no safe
    one is reachable, the route goes to the nearest reachable assembly point and says ``safe=False``.
    """
    g = walk_graph(box)
    aps = [n for n in box.site.nodes if n.type == "assembly_point"]
    safe_ids = [a.id for a in aps if zone is None or not zone.contains(a.x_m, a.y_m)]
    all_ids = [a.id for a in aps]
    safe_dist, safe_paths = _route_table(g, zone, safe_ids) if safe_ids else ({}, {})
    any_dist, any_paths = _route_table(g, zone, all_ids) if all_ids else ({}, {})
    out: dict[str, EvacRoute] = {}
    for n in occupied_nodes(box):
        if n.id in safe_dist:
            path, safe = safe_paths[n.id], True
        elif n.id in any_dist:
            path, safe = any_paths[n.id], False
        else:
            out[n.id] = EvacRoute(n.id, None, (n.id,), math.inf, False, False)
            continue
        nodes = tuple(reversed(path[1:]))  # origin ... assembly point (sink dropped)
        length = sum(g.edges[a, b]["length_m"] for a, b in pairwise(nodes))
        crosses = False
        if zone is not None:
            crosses = any(
                in_zone_length_m(
                    zone,
                    (g.nodes[a]["x"], g.nodes[a]["y"]),
                    (g.nodes[b]["x"], g.nodes[b]["y"]),
                    g.edges[a, b]["length_m"],
                )
                > 0
                for a, b in pairwise(nodes)
            )
        out[n.id] = EvacRoute(n.id, nodes[-1], nodes, length, crosses, safe)
    return MappingProxyType(out)


def node_zone(
    box: HandoverBox,
    chem: Chemical,
    node_id: str,
    size: str,
    container: str | None,
    night: bool,
    wind_speed_ms: float,
    wind_from: str | float,
    release_kind: str = "leak",
    quantity_t: float | None = None,
) -> HazardZone:
    """The ERG zone of a release at site node ``node_id``, in the site's own (possibly rotated) frame."""
    node = box.site.node(node_id)
    if node is None:
        raise ValueError(f"{box.id}: no site node {node_id!r}")
    return erg_zone(
        chem,
        size,
        container,
        night,
        wind_speed_ms,
        wind_from,
        origin=(node.x_m, node.y_m),
        release_kind=release_kind,
        frame_north_deg=box.site.north_deg,
        quantity_t=quantity_t,
    )
