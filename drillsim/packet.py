"""The site packet: everything a responder at the gate needs from a handover box, computed once.

Shared by ``drillsim show``, ``drillsim export`` and the TUI's overview tab. Pure: content in, packet out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from drillsim.errors import UsageError
from drillsim.model import WIND_DIRS, Chemical, Content, HandoverBox, SiteNode

STALE_AFTER_DAYS = 365
# Reference condition for the plume figure shown beside ERG (documented in docs/hazard-models.md).
PLUME_RATE_KG_S, PLUME_WIND_MS, PLUME_STABILITY = 1.0, 3.0, "D"


@dataclass(frozen=True, slots=True)
class HazardLine:
    """One hazardous chemical on site, with the figures a responder acts on."""

    chemical: Chemical
    total_t: float
    units: tuple[str, ...]
    nodes: tuple[str, ...]
    containers: tuple[str, ...]
    weight: float  # Σ β q / Q over the units holding it: how much it drives the major-hazard grade
    small_isolate_m: float | None
    small_day_km: float | None
    small_night_km: float | None
    large_isolate_m: float | None
    large_day_km: float | None
    large_night_km: float | None
    fire_isolate_m: float | None
    plume_idlh_m: float | None
    fire_m: Mapping[str, float]
    antidotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Responder:
    id: str
    name_zh: str
    name_en: str
    kind: str
    minutes: float
    detail: str = ""
    detail_zh: str = ""


@dataclass(frozen=True, slots=True)
class WindAdvice:
    """For one wind direction: where each occupied building should go, and who has no safe route."""

    wind_from: str
    source_node: str
    chemical: str
    assignments: Mapping[str, str | None]  # occupied node -> assembly point (None: no route at all)
    unsafe: tuple[str, ...]  # occupied nodes with no safe assembly point in this wind


@dataclass(frozen=True, slots=True)
class Packet:
    box: HandoverBox
    district_zh: str
    district_en: str
    park_zh: str
    park_en: str
    today: date
    days_since_verified: int
    stale: bool
    grades: tuple[Any, ...]  # drillsim.gb18218.UnitAssessment
    hazards: tuple[HazardLine, ...]
    assembly_points: tuple[SiteNode, ...]
    esd_points: tuple[SiteNode, ...]
    hydrants: int
    shift: str
    on_shift: tuple[tuple[str, str, int], ...]  # (name_zh, name_en, count)
    people_on_site: int
    hazmat: tuple[Responder, ...]  # nearest hazmat-capable responders
    fire: tuple[Responder, ...]  # nearest fire stations
    poison_hospitals: tuple[Responder, ...]
    antidote_sources: Mapping[str, tuple[Responder, ...]]  # antidote id -> nearest hospitals holding it
    wind_advice: tuple[WindAdvice, ...]
    warnings: tuple[str, ...]

    @property
    def computed_level(self) -> int | None:
        levels = [g.level for g in self.grades if g.level is not None]
        return min(levels) if levels else None

    @property
    def declared_level(self) -> int | None:
        levels = [u.declared_level for u in self.box.units if u.declared_level is not None]
        return min(levels) if levels else None

    def as_dict(self) -> dict[str, Any]:
        b = self.box
        return {
            "id": b.id,
            "fictional": b.fictional,
            "name_zh": b.name_zh,
            "name_en": b.name_en,
            "short_names": list(b.short_names),
            "industry_zh": b.industry_zh,
            "industry_en": b.industry_en,
            "address_zh": b.address_zh,
            "address_en": b.address_en,
            "district": b.district,
            "park": b.park,
            "road_node": b.road_node,
            "risk": b.risk,
            "phone_24h": b.phone_24h,
            "last_verified": b.last_verified.isoformat(),
            "days_since_verified": self.days_since_verified,
            "stale": self.stale,
            "contacts": [
                {"role": c.role, "name_zh": c.name_zh, "name_en": c.name_en, "phone": c.phone}
                for c in b.contacts
            ],
            "major_hazard": {
                "computed_level": self.computed_level,
                "declared_level": self.declared_level,
                "units": [
                    {
                        "unit": g.unit_id,
                        "s": round(g.s, 3),
                        "r": round(g.r, 2),
                        "alpha": g.alpha,
                        "level": g.level,
                        "declared_level": g.declared_level,
                        "mismatch": g.mismatch,
                    }
                    for g in self.grades
                ],
            },
            "hazards": [
                {
                    "chemical": h.chemical.id,
                    "name_zh": h.chemical.name_zh,
                    "name_en": h.chemical.name_en,
                    "cas": h.chemical.cas,
                    "un": list(h.chemical.un_numbers),
                    "erg_guides": list(h.chemical.erg_guides),
                    "tih": h.chemical.tih,
                    "total_t": h.total_t,
                    "units": list(h.units),
                    "small_spill": {
                        "isolate_m": h.small_isolate_m,
                        "day_km": h.small_day_km,
                        "night_km": h.small_night_km,
                    },
                    "large_spill": {
                        "isolate_m": h.large_isolate_m,
                        "day_km": h.large_day_km,
                        "night_km": h.large_night_km,
                    },
                    "fire_isolate_m": h.fire_isolate_m,
                    "plume_idlh_m": h.plume_idlh_m,
                    "fire_distances_m": dict(h.fire_m),
                    "antidotes": list(h.antidotes),
                }
                for h in self.hazards
            ],
            "assembly_points": [
                {"id": n.id, "name_zh": n.name_zh, "name_en": n.name_en, "capacity": n.capacity}
                for n in self.assembly_points
            ],
            "esd_points": [
                {
                    "id": n.id,
                    "name_zh": n.name_zh,
                    "name_en": n.name_en,
                    "controls": list(n.controls),
                    "remote": n.remote,
                }
                for n in self.esd_points
            ],
            "shift": self.shift,
            "on_shift": [{"role_zh": zh, "role_en": en, "count": n} for zh, en, n in self.on_shift],
            "people_on_site": self.people_on_site,
            "nearest_hazmat": [_resp(r) for r in self.hazmat],
            "nearest_fire": [_resp(r) for r in self.fire],
            "nearest_poison_hospitals": [_resp(r) for r in self.poison_hospitals],
            "antidote_sources": {k: [_resp(r) for r in v] for k, v in self.antidote_sources.items()},
            "wind_advice": [
                {
                    "wind_from": w.wind_from,
                    "source": w.source_node,
                    "chemical": w.chemical,
                    "assignments": dict(w.assignments),
                    "unsafe": list(w.unsafe),
                }
                for w in self.wind_advice
            ],
            "warnings": list(self.warnings),
        }


def _resp(r: Responder) -> dict[str, Any]:
    return {
        "id": r.id,
        "name_zh": r.name_zh,
        "name_en": r.name_en,
        "kind": r.kind,
        "minutes": round(r.minutes, 1),
        "detail": r.detail,
    }


def shift_for(hour: float, weekday: int) -> str:
    """The shift on duty: holiday at weekends, day 08-20, night otherwise.

    >>> shift_for(10, 0), shift_for(23, 2), shift_for(10, 6)
    ('day', 'night', 'holiday')
    """
    if weekday >= 5:
        return "holiday"
    return "day" if 8 <= hour < 20 else "night"


def _num(v: object) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _hazard_line(
    chem: Chemical, total: float, units: list[str], nodes: list[str], containers: list[str], weight: float
) -> HazardLine:
    from drillsim.hazard import fire_distances_m, plume_idlh_distance_m

    erg = chem.erg
    small = erg.small if erg else None
    large = erg.large if erg else None
    large_iso = large.isolate_m if large else None
    large_day = large.day_km if large else None
    large_night = large.night_km if large else None
    if large is None and erg is not None and erg.table3:
        wanted = [r for r in erg.table3 if r.container in containers] or list(erg.table3)
        row = max(wanted, key=lambda r: r.isolate_m)
        large_iso, large_day, large_night = row.isolate_m, row.day_km[1], row.night_km[1]
    plume = None
    if chem.is_("toxic") and chem.state in ("gas", "liquefied_gas") and chem.molecular_weight_g_mol:
        try:
            plume = plume_idlh_distance_m(chem, PLUME_RATE_KG_S, PLUME_WIND_MS, PLUME_STABILITY)
        except (ValueError, ZeroDivisionError):
            plume = None
    fire: Mapping[str, float] = {}
    if chem.is_("flammable"):
        kind = "bleve" if chem.state in ("liquefied_gas", "gas") else "pool_fire"
        biggest_unit_t = total / max(len(units), 1)
        fire = fire_distances_m(chem, biggest_unit_t, kind)
    return HazardLine(
        chemical=chem,
        total_t=round(total, 3),
        units=tuple(dict.fromkeys(units)),
        nodes=tuple(dict.fromkeys(nodes)),
        containers=tuple(dict.fromkeys(containers)),
        weight=round(weight, 3),
        small_isolate_m=small.isolate_m if small else (erg.guide_spill_isolate_m if erg else None),
        small_day_km=small.day_km if small else None,
        small_night_km=small.night_km if small else None,
        large_isolate_m=large_iso,
        large_day_km=large_day,
        large_night_km=large_night,
        fire_isolate_m=erg.fire_isolate_m if erg else None,
        plume_idlh_m=None if plume is None or not math.isfinite(plume) else round(plume),
        fire_m=fire,
        antidotes=chem.antidotes,
    )


def wind_advice(content: Content, box: HandoverBox) -> tuple[WindAdvice, ...]:
    """Assembly point per occupied building for each of the 8 wind directions, for the worst release."""
    from drillsim.hazard import erg_zone
    from drillsim.site import evacuation_routes
    from drillsim.standards import worst_toxic_release

    worst = worst_toxic_release(box, content.chemicals)
    if worst is None:
        return ()
    chem, item, node_id = worst
    node = box.site.node(node_id)
    if node is None:
        return ()
    out = []
    for wind in WIND_DIRS:
        zone = erg_zone(
            chem,
            "large",
            item.container,
            False,
            3.0,
            wind,
            (node.x_m, node.y_m),
            frame_north_deg=box.site.north_deg,
            quantity_t=item.max_quantity_t,
        )
        routes = evacuation_routes(box, zone)
        out.append(
            WindAdvice(
                wind,
                node.id,
                chem.id,
                {k: r.assembly_point for k, r in sorted(routes.items())},
                tuple(sorted(k for k, r in routes.items() if not r.safe)),
            )
        )
    return tuple(out)


def _responders(
    content: Content, box: HandoverBox, hour: float
) -> tuple[
    tuple[Responder, ...], tuple[Responder, ...], tuple[Responder, ...], dict[str, tuple[Responder, ...]]
]:
    from drillsim.routing import road_network

    city = content.city
    net = road_network(city)
    gate = box.road_node

    def minutes(node: str) -> float:
        return net.travel_min(node, gate, hour)

    hazmat: list[Responder] = []
    for s in city.fire_stations:
        if s.hazmat_units > 0:
            hazmat.append(
                Responder(
                    s.id,
                    s.name_zh,
                    s.name_en,
                    "fire_station",
                    minutes(s.node) + s.turnout_min,
                    f"{s.hazmat_units} hazmat",
                    f"危化品处置车 {s.hazmat_units} 辆",
                )
            )
    for t in city.hazmat_teams:
        hazmat.append(
            Responder(
                t.id,
                t.name_zh,
                t.name_en,
                "hazmat_team",
                minutes(t.node) + t.turnout_min,
                f"{t.units} units",
                f"{t.units} 个分队",
            )
        )
    fire = [
        Responder(
            s.id,
            s.name_zh,
            s.name_en,
            "fire_station",
            minutes(s.node) + s.turnout_min,
            f"{s.engines} engines",
            f"消防车 {s.engines} 辆",
        )
        for s in city.fire_stations
    ]
    poison = [
        Responder(
            h.id,
            h.name_zh,
            h.name_en,
            "hospital",
            net.travel_min(gate, h.node, hour),
            f"{h.poison_beds} poison beds, {h.icu_beds} ICU" + (", poison centre" if h.poison_center else ""),
            f"中毒救治床位 {h.poison_beds} 张，ICU {h.icu_beds} 张"
            + ("，中毒救治中心" if h.poison_center else ""),
        )
        for h in city.hospitals
        if h.poison_beds > 0 or h.poison_center
    ]
    antidotes: dict[str, tuple[Responder, ...]] = {}
    needed = {a for cid in box.chemical_ids if (ch := content.chemicals.get(cid)) for a in ch.antidotes}
    for a in sorted(needed):
        holders = [
            Responder(
                h.id,
                h.name_zh,
                h.name_en,
                "hospital",
                net.travel_min(gate, h.node, hour),
                f"{h.antidote_stock.get(a, 0)} doses",
                f"{h.antidote_stock.get(a, 0)} 人份",
            )
            for h in city.hospitals
            if h.antidote_stock.get(a, 0) > 0
        ]
        antidotes[a] = tuple(sorted(holders, key=lambda r: r.minutes)[:3])

    def top(xs: list[Responder], n: int) -> tuple[Responder, ...]:
        return tuple(sorted((r for r in xs if math.isfinite(r.minutes)), key=lambda r: (r.minutes, r.id))[:n])

    return top(hazmat, 3), top(fire, 3), top(poison, 3), antidotes


def build_packet(
    content: Content,
    enterprise_id: str,
    today: date | None = None,
    hour: float = 12.0,
    shift: str | None = None,
    with_warnings: bool = True,
) -> Packet:
    """Compute the packet of one enterprise (raises UsageError for an unknown id, with a suggestion)."""
    from drillsim.gb18218 import assess_box

    box = content.enterprises.get(enterprise_id)
    if box is None:
        box = _by_name(content, enterprise_id)
    today = today or date.today()
    if shift is None:
        shift = shift_for(hour, today.weekday())
    city = content.city
    district = city.district(box.district)
    park = city.park(box.park)
    grades = assess_box(box, content.chemicals)
    weight: dict[str, float] = {}
    for g in grades:
        for row in g.rows:
            weight[row.chemical] = weight.get(row.chemical, 0.0) + row.beta * row.ratio
    per: dict[str, dict[str, Any]] = {}
    for unit in box.units:
        for item in unit.inventory:
            d = per.setdefault(item.chemical, {"t": 0.0, "units": [], "nodes": [], "containers": []})
            d["t"] += item.max_quantity_t
            d["units"].append(unit.id)
            if item.node:
                d["nodes"].append(item.node)
            d["containers"].append(item.container)
    hazards = []
    for cid, d in per.items():
        chem = content.chemicals.get(cid)
        if chem is not None:
            hazards.append(
                _hazard_line(chem, d["t"], d["units"], d["nodes"], d["containers"], weight.get(cid, 0.0))
            )
    hazards.sort(key=lambda h: (-(h.chemical.tih), -h.weight, -h.total_t, h.chemical.id))
    sh: Any = shift
    on_shift = tuple((r.name_zh, r.name_en, r.on_shift.get(sh)) for r in box.roles if r.on_shift.get(sh) > 0)
    people = sum(n.occupancy.get(sh) for n in box.site.nodes)
    hazmat, fire, poison, antidotes = _responders(content, box, hour)
    warnings: tuple[str, ...] = ()
    if with_warnings:
        from drillsim.standards import check_box

        warnings = tuple(f"{p.path}:{p.line}: {p.message}" for p in check_box(content, box, today))
    days = (today - box.last_verified).days
    return Packet(
        box=box,
        district_zh=district.name_zh if district else box.district,
        district_en=district.name_en if district else box.district,
        park_zh=park.name_zh if park else "",
        park_en=park.name_en if park else "",
        today=today,
        days_since_verified=days,
        stale=days > STALE_AFTER_DAYS,
        grades=grades,
        hazards=tuple(hazards),
        assembly_points=box.site.of_type("assembly_point"),
        esd_points=box.site.of_type("esd_point"),
        hydrants=len(box.site.of_type("hydrant")),
        shift=shift,
        on_shift=on_shift,
        people_on_site=people,
        hazmat=hazmat,
        fire=fire,
        poison_hospitals=poison,
        antidote_sources=antidotes,
        wind_advice=wind_advice(content, box),
        warnings=warnings,
    )


def _by_name(content: Content, text: str) -> HandoverBox:
    """Find an enterprise by id, short name or name; else a UsageError with the nearest ids."""
    import difflib

    needle = text.strip().lower()
    for b in content.enterprises.values():
        names = [b.id, b.name_zh, b.name_en, *b.short_names]
        if any(needle == n.lower() for n in names):
            return b
    matches = [
        b
        for b in content.enterprises.values()
        if any(needle and needle in n.lower() for n in (b.name_zh, b.name_en, *b.short_names))
    ]
    if len(matches) == 1:
        return matches[0]
    near = difflib.get_close_matches(text, list(content.enterprises), n=3)
    hint = (
        f" — did you mean {', '.join(near)}?"
        if near
        else f" (try `drillsim list`; {len(matches)} names contain it)"
        if matches
        else " (try `drillsim list` or `drillsim search`)"
    )
    raise UsageError(f"unknown enterprise {text!r}{hint}")
