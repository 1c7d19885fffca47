"""The seeded draw: one random stream per stochastic input, and the drill's initial conditions.

Each stream is named, and its k-th number is a BLAKE2b hash of ``(seed, stream name, k)`` (a
counter-based generator: no state beyond the counter, nothing to seed), so adding a draw to one input
(say, the weather) never reshuffles another (say, the casualties). There is no module-level ``random``
anywhere in the engine.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drillsim.engine.params import Delay
from drillsim.errors import ScenarioError
from drillsim.model import Content, HandoverBox, InventoryItem, Scenario, SourceChoice

_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


class Stream:
    """The numbers of one named input: ``random()`` in [0, 1) and ``gauss(mu, sigma)``, in a fixed order.

    ``random()`` uses one hash per number; ``gauss()`` one hash per pair of normals (Box-Muller).
    """

    __slots__ = ("_k", "_prefix", "_spare")

    def __init__(self, seed: int, name: str):
        self._prefix = f"drillsim/{seed}/{name}/".encode()
        self._k = 0
        self._spare: float | None = None

    def _bits(self, size: int) -> bytes:
        h = hashlib.blake2b(b"%b%d" % (self._prefix, self._k), digest_size=size).digest()
        self._k += 1
        return h

    def random(self) -> float:
        return (int.from_bytes(self._bits(8), "big") >> 11) * _TO_UNIT

    def normal_pair(self) -> tuple[float, float]:
        """Two independent standard normals from one hash (Box-Muller)."""
        h = self._bits(16)
        u1 = ((int.from_bytes(h[:8], "big") >> 11) + 1) * _TO_UNIT
        u2 = (int.from_bytes(h[8:], "big") >> 11) * _TO_UNIT
        r = math.sqrt(-2.0 * math.log(u1))
        return r * math.cos(2.0 * math.pi * u2), r * math.sin(2.0 * math.pi * u2)

    def gauss(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        if self._spare is not None:
            z, self._spare = self._spare, None
            return mu + sigma * z
        h = self._bits(16)
        u1 = ((int.from_bytes(h[:8], "big") >> 11) + 1) * _TO_UNIT  # (0, 1]
        u2 = (int.from_bytes(h[8:], "big") >> 11) * _TO_UNIT
        r = math.sqrt(-2.0 * math.log(u1))
        self._spare = r * math.sin(2.0 * math.pi * u2)
        return mu + sigma * r * math.cos(2.0 * math.pi * u2)


def stream(seed: int, name: str) -> Stream:
    """An independent stream for the input ``name`` of the drill seeded ``seed``.

    >>> stream(7, "weather").random() == stream(7, "weather").random()
    True
    >>> stream(7, "weather").random() == stream(7, "people").random()
    False
    >>> 0.0 <= stream(7, "x").random() < 1.0
    True
    """
    return Stream(seed, name)


def weighted(rng: Stream, weights: Mapping[str, float]) -> str:
    """Draw a key of ``weights`` with probability proportional to its weight (zero weights never).

    >>> weighted(stream(1, "x"), {"a": 0.0, "b": 1.0})
    'b'
    """
    items = [(k, float(w)) for k, w in weights.items() if w > 0]
    if not items:
        raise ScenarioError("no positive weight to draw from")
    total = sum(w for _, w in items)
    u = rng.random() * total
    acc = 0.0
    for key, w in items:
        acc += w
        if u < acc:
            return key
    return items[-1][0]


def delay(rng: Stream, d: Delay, scale: float = 1.0) -> float:
    """A lognormal delay in minutes with median ``d.median * scale``."""
    return d.median * scale * math.exp(d.sigma * rng.gauss(0.0, 1.0))


@dataclass(frozen=True, slots=True)
class IncidentDraw:
    """One incident's drawn release: where, what, how, how big and when."""

    index: int
    start_min: float
    enterprise: str
    unit: str
    chemical: str
    node: str
    container: str
    quantity_t: float
    release_kind: str
    size: str

    def to_json(self) -> dict[str, object]:
        return {
            "incident": self.index,
            "start_min": round(self.start_min, 3),
            "enterprise": self.enterprise,
            "unit": self.unit,
            "chemical": self.chemical,
            "node": self.node,
            "container": self.container,
            "quantity_t": self.quantity_t,
            "release_kind": self.release_kind,
            "size": self.size,
        }


@dataclass(frozen=True, slots=True)
class DrillDraw:
    """The drill's initial conditions: shift, clock, weather and the incidents."""

    seed: int
    shift: str
    weekday: int
    hour: float
    night: bool
    wind_from: str
    wind_speed_ms: float
    incidents: tuple[IncidentDraw, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "shift": self.shift,
            "weekday": self.weekday,
            "hour": round(self.hour, 3),
            "night": self.night,
            "wind_from": self.wind_from,
            "wind_speed_ms": round(self.wind_speed_ms, 2),
            "incidents": [i.to_json() for i in self.incidents],
        }


# Clock by shift: day work 08:00-17:00 on weekdays; night 20:00-06:00 any day; holiday any hour at weekends.
_SHIFT_CLOCK = {
    "day": (8.0, 17.0, (0, 1, 2, 3, 4)),
    "night": (20.0, 30.0, (0, 1, 2, 3, 4, 5, 6)),
    "holiday": (0.0, 24.0, (5, 6)),
}


def is_night(hour: float) -> bool:
    """ERG "night" (between sunset and sunrise), taken as 19:00-06:00.

    >>> is_night(23.5), is_night(12.0), is_night(5.9)
    (True, False, True)
    """
    h = hour % 24.0
    return h >= 19.0 or h < 6.0


def _item_for(box: HandoverBox, src: SourceChoice, rng: Stream) -> InventoryItem:
    unit = box.unit(src.unit)
    if unit is None:
        raise ScenarioError(f"enterprise '{box.id}' has no unit '{src.unit}'")
    items = [i for i in unit.inventory if i.chemical == src.chemical]
    if not items:
        raise ScenarioError(f"unit '{src.unit}' of '{box.id}' holds no '{src.chemical}'")
    if len(items) == 1:
        return items[0]
    pick = weighted(rng, {str(k): max(it.max_quantity_t, 1e-6) for k, it in enumerate(items)})
    return items[int(pick)]


def draw_drill(
    content: Content,
    scenario: Scenario,
    seed: int,
    enterprise: str | None = None,
    overrides: Mapping[str, object] | None = None,
) -> DrillDraw:
    """Draw a drill's initial conditions from ``scenario``; ``enterprise`` restricts its sources.

    ``overrides`` pins parts of the draw for experiments and tests: ``shift``, ``hour``,
    ``wind_from``, ``wind_speed_ms``, ``release_kind``, ``size``.
    """
    ov: dict[str, Any] = dict(overrides or {})
    shift = str(ov.get("shift") or weighted(stream(seed, "shift"), scenario.shift))
    lo, hi, days = _SHIFT_CLOCK[shift]
    clock = stream(seed, "clock")
    hour = float(ov["hour"]) if "hour" in ov else (lo + (hi - lo) * clock.random()) % 24.0
    weekday = days[int(clock.random() * len(days))]
    wx = stream(seed, "weather")
    wind_from = str(ov.get("wind_from") or weighted(wx, scenario.weather.wind_dir))
    wmin, wmax = scenario.weather.wind_speed_ms
    speed = float(ov["wind_speed_ms"]) if "wind_speed_ms" in ov else wmin + (wmax - wmin) * wx.random()
    incidents: list[IncidentDraw] = []
    restricted = False
    for k, gen in enumerate(scenario.incidents):
        sources = list(gen.sources)
        if enterprise is not None:
            mine = [s for s in sources if s.enterprise == enterprise]
            if mine:
                sources, restricted = mine, True
        rng = stream(seed, f"incident/{k}/source")
        pick = weighted(rng, {str(j): s.weight for j, s in enumerate(sources)}) if len(sources) > 1 else "0"
        src = sources[int(pick)]
        box = content.enterprises.get(src.enterprise)
        if box is None:
            raise ScenarioError(f"scenario '{scenario.id}': unknown enterprise '{src.enterprise}'")
        item = _item_for(box, src, rng)
        rel = stream(seed, f"incident/{k}/release")
        kind = str(ov.get("release_kind") or weighted(rel, gen.release_kind))
        size = str(ov.get("size") or weighted(rel, gen.size))
        s_lo, s_hi = gen.start_min
        start = s_lo + (s_hi - s_lo) * stream(seed, f"incident/{k}/start").random()
        unit = box.unit(src.unit)
        node = item.node or (unit.nodes[0] if unit is not None and unit.nodes else box.site.nodes[0].id)
        incidents.append(
            IncidentDraw(
                k,
                start,
                src.enterprise,
                src.unit,
                src.chemical,
                node,
                item.container,
                item.max_quantity_t,
                kind,
                size,
            )
        )
    if enterprise is not None and not restricted:
        known = ", ".join(scenario.enterprises)
        raise ScenarioError(
            f"scenario '{scenario.id}' has no source at enterprise '{enterprise}' (it draws from: {known})"
        )
    # t = 0 is the first release: shift all starts so the earliest is 0.
    first = min(i.start_min for i in incidents)
    if first:
        incidents = [IncidentDraw(i.index, i.start_min - first, *_rest(i)) for i in incidents]
    return DrillDraw(seed, shift, weekday, hour, is_night(hour), wind_from, speed, tuple(incidents))


def _rest(i: IncidentDraw) -> tuple:
    return (i.enterprise, i.unit, i.chemical, i.node, i.container, i.quantity_t, i.release_kind, i.size)
