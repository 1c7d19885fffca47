"""The city road network as a weighted graph: travel times by road class and hour, cached fastest routes.

Travel time on an edge is ``length_km / speed_kmh(class) * 60`` minutes, multiplied by the city's
congestion factor for the hour when the edge is an urban arterial or local road (both ends in a district
of kind ``urban``). Expressways, park roads and county roads are not congested. A ``closed`` set of
``(a, b)`` road-node pairs removes those roads in both directions (the ``road_closed`` inject).

Single-source Dijkstra results are cached per (source, congestion factor, closed set), so a drill that
asks for many station-to-gate times computes each source once.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType

import networkx as nx

from drillsim.model import City

CONGESTED_CLASSES = frozenset({"arterial", "local"})
"""Road classes whose travel time the congestion factor multiplies (in urban districts only)."""

_CACHE_SIZE = 256
_NETWORKS: OrderedDict[int, tuple[City, RoadNetwork]] = OrderedDict()
_NETWORKS_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Route:
    """A fastest route: road nodes in order, its length and its travel time (``inf`` if unreachable)."""

    nodes: tuple[str, ...]
    km: float
    minutes: float

    @property
    def reachable(self) -> bool:
        return math.isfinite(self.minutes)


def congestion_factor(city: City, hour: float) -> float:
    """Return the city's travel-time multiplier at ``hour`` (0-24, wraps); 1.0 outside every band.

    Bands are half-open ``[from_h, to_h)``; a band may wrap midnight (``from_h > to_h``). Where bands
    overlap the largest factor wins; a lone band below 1.0 (night) applies as given.

    >>> from drillsim.model import Congestion
    >>> c = City("", "", (), (), (), (Congestion(7, 9, 1.5), Congestion(22, 2, 1.1)), (), (), (), (), (), (), ())
    >>> congestion_factor(c, 8.0), congestion_factor(c, 9.0), congestion_factor(c, 31.0), congestion_factor(c, 1.0)
    (1.5, 1.0, 1.5, 1.1)
    """
    h = hour % 24.0
    matching = []
    for band in city.congestion:
        lo, hi = band.from_h % 24.0, band.to_h % 24.0 if band.to_h != 24 else 24.0
        inside = lo <= h < hi if lo <= hi else (h >= lo or h < hi)
        if inside:
            matching.append(band.factor)
    return max(matching) if matching else 1.0  # a band below 1 (quiet night roads) applies too


def _closed_both_ways(closed: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset({(a, b) for a, b in closed} | {(b, a) for a, b in closed})


class RoadNetwork:
    """The road graph of one city with cached single-source travel times.

    Build it with :func:`road_network` (cached per city) rather than directly.
    """

    def __init__(self, city: City):
        self.city = city
        speeds = {rc.id: rc.speed_kmh for rc in city.road_classes}
        urban = {d.id for d in city.districts if d.kind == "urban"}
        g = nx.DiGraph()
        for n in city.road_nodes:
            g.add_node(n.id, x_km=n.x_km, y_km=n.y_km, district=n.district)
        for e in city.road_edges:
            speed = speeds.get(e.road_class)
            if speed is None or speed <= 0:
                raise ValueError(f"road {e.a}-{e.b}: unknown or non-positive road class {e.road_class!r}")
            base = e.length_km / speed * 60.0
            congests = e.road_class in CONGESTED_CLASSES and (
                g.nodes[e.a].get("district") in urban or g.nodes[e.b].get("district") in urban
            )
            attrs = {"km": e.length_km, "base_min": base, "congests": congests, "road_class": e.road_class}
            g.add_edge(e.a, e.b, **attrs)
            if not e.oneway:
                g.add_edge(e.b, e.a, **attrs)
        self.graph: nx.DiGraph = g
        self._cache: OrderedDict[tuple, tuple[dict[str, float], dict[str, list[str]]]] = OrderedDict()
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ internals
    def _weight(
        self, factor: float, closed: frozenset[tuple[str, str]]
    ) -> Callable[[str, str, dict], float | None]:
        def weight(u: str, v: str, d: dict) -> float | None:
            if (u, v) in closed:
                return None  # networkx hides an edge whose weight is None
            return float(d["base_min"]) * (factor if d["congests"] else 1.0)

        return weight

    def _sssp(
        self, src: str, hour: float, closed: frozenset[tuple[str, str]]
    ) -> tuple[dict[str, float], dict[str, list[str]]]:
        factor = congestion_factor(self.city, hour)
        closed2 = _closed_both_ways(closed)
        key = (src, factor, closed2)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        if src not in self.graph:
            result: tuple[dict[str, float], dict[str, list[str]]] = ({}, {})
        else:
            dist, paths = nx.single_source_dijkstra(self.graph, src, weight=self._weight(factor, closed2))
            result = (dict(dist), dict(paths))
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    # ------------------------------------------------------------------ public
    def travel_from_all(self, src: str, hour: float = 12.0) -> Mapping[str, float]:
        """Minutes from ``src`` to every reachable node at ``hour`` (cached per source and hour band)."""
        return MappingProxyType(self._sssp(src, hour, frozenset())[0])

    def travel_min(
        self, src: str, dst: str, hour: float = 12.0, closed: frozenset[tuple[str, str]] = frozenset()
    ) -> float:
        """Fastest travel time in minutes from ``src`` to ``dst``; ``math.inf`` when unreachable."""
        return self._sssp(src, hour, closed)[0].get(dst, math.inf)

    def route(
        self, src: str, dst: str, hour: float = 12.0, closed: frozenset[tuple[str, str]] = frozenset()
    ) -> Route:
        """The fastest route from ``src`` to ``dst``; an empty route with infinite time when unreachable."""
        dist, paths = self._sssp(src, hour, closed)
        if dst not in dist:
            return Route((), math.inf, math.inf)
        nodes = tuple(paths[dst])
        km = sum(self.graph.edges[a, b]["km"] for a, b in pairwise(nodes))
        return Route(nodes, km, dist[dst])

    def nearest(
        self,
        src: str,
        candidates: Iterable[str],
        hour: float = 12.0,
        closed: frozenset[tuple[str, str]] = frozenset(),
    ) -> list[tuple[str, float]]:
        """Reachable ``candidates`` with their minutes from ``src``, fastest first (ties by id)."""
        dist = self._sssp(src, hour, closed)[0]
        found = {c: dist[c] for c in candidates if c in dist}
        return sorted(found.items(), key=lambda kv: (kv[1], kv[0]))

    def nearest_to(
        self,
        dst: str,
        sources: Iterable[str],
        hour: float = 12.0,
        closed: frozenset[tuple[str, str]] = frozenset(),
    ) -> list[tuple[str, float]]:
        """Reachable ``sources`` with their minutes *to* ``dst``, fastest first (ties by id)."""
        times = {s: self.travel_min(s, dst, hour, closed) for s in dict.fromkeys(sources)}
        return sorted(((s, t) for s, t in times.items() if math.isfinite(t)), key=lambda kv: (kv[1], kv[0]))


def road_network(city: City) -> RoadNetwork:
    """Return the (cached) road network of ``city``; the cache is keyed on the City object's identity."""
    key = id(city)
    with _NETWORKS_LOCK:
        hit = _NETWORKS.get(key)
        if hit is not None and hit[0] is city:
            _NETWORKS.move_to_end(key)
            return hit[1]
    net = RoadNetwork(city)
    with _NETWORKS_LOCK:
        _NETWORKS[key] = (city, net)
        while len(_NETWORKS) > 8:
            _NETWORKS.popitem(last=False)
    return net


@dataclass(frozen=True, slots=True)
class ResponderTime:
    """Fastest route from one responder (station, hospital, EMS centre, hazmat team) to one gate."""

    responder: str
    kind: str  # "fire_station" | "hospital" | "ems" | "hazmat_team"
    gate: str
    route: Route


def responder_routes(
    city: City, gates: Iterable[str], hour: float = 12.0, closed: frozenset[tuple[str, str]] = frozenset()
) -> tuple[ResponderTime, ...]:
    """Fastest routes from every fire station, hospital, EMS centre and hazmat team to each gate node.

    Every route runs responder → gate (a hospital's ambulances drive out from it); for the casualty's
    way back ask ``road_network(city).route(gate, hospital.node)``. One cached Dijkstra runs per source.
    """
    net = road_network(city)
    out: list[ResponderTime] = []
    gate_list = list(dict.fromkeys(gates))
    sources: list[tuple[str, str, str]] = [(s.id, "fire_station", s.node) for s in city.fire_stations]
    sources += [(e.id, "ems", e.node) for e in city.ems_centres]
    sources += [(t.id, "hazmat_team", t.node) for t in city.hazmat_teams]
    sources += [(h.id, "hospital", h.node) for h in city.hospitals]
    for rid, kind, node in sources:
        for gate in gate_list:
            out.append(ResponderTime(rid, kind, gate, net.route(node, gate, hour, closed)))
    return tuple(out)
