"""The jurisdiction gap matrix: each enterprise's credible worst cases against the city's response capacity.

For every enterprise and credible worst case (see :func:`worst_cases`) five cells are judged green,
yellow or red, each with its reason: the nearest hazmat unit, a second hazmat unit, antidote courses
within the chemical's treatment window, free poison-treatment beds within the window, and the specialist
capabilities the hazard class calls for. A ranked list of purchases and moves closes the biggest gaps
first. Method, thresholds and sources are written up in ``docs/capacity.md``; everything here is a pure
function of the content (the optional engine runs for expected casualties go through ``casualty_runs``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from drillsim.hazard import erg_zone
from drillsim.model import WIND_DIRS, Chemical, Content, HandoverBox, InventoryItem
from drillsim.routing import road_network

LAYOUT_RULE_MIN = 5.0
"""GB 51080-2015 4.1.3: a station reaches the edge of its district within 5 min of dispatch (reference
response_norms cn_fire_station_5min). Used as the green mark for the first hazmat unit."""
PLANNING_HOUR = 12.0
"""Travel times are taken at noon (no congestion band); the peak-hour time is shown beside them."""
EXPOSURE_MIN = 5.0
"""Estimate without engine runs: minutes a person spends in the zone before leaving (detection, alarm
and reaction; model assumption matching the engine's median delays)."""
MARGIN = 2.0
"""Antidote courses and free beds at least this multiple of the expected casualties are green; fewer than
the casualties is red, in between yellow (room for a second wave or a worse day)."""
GB_CLASSES = ("cyanide", "hf", "chlorine_ammonia", "phosgene", "flammable_gas")
"""Hazard classes every enterprise holding them is assessed on, even when not its largest zone."""

# Capabilities a hazard class needs from the units within the district target: (essential, desirable).
# Drawn from the ERG 2024 orange guides' protective-clothing and spill advice (gas-tight suits for TIH,
# water spray to knock down soluble gases, no water on cyanide salts) and Chinese practice for on-scene
# antidotes (cyanide kits, calcium gluconate for HF); a model choice, documented in docs/capacity.md.
CAPABILITY_NEEDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cyanide": (
        ("gas_tight_suits", "gas_detection", "decontamination"),
        ("cyanide_treatment", "leak_sealing"),
    ),
    "hf": (("gas_tight_suits", "decontamination", "water_curtain"), ("hf_treatment", "leak_sealing")),
    "chlorine_ammonia": (
        ("gas_tight_suits", "leak_sealing", "water_curtain", "gas_detection"),
        ("decontamination",),
    ),
    "phosgene": (("gas_tight_suits", "leak_sealing", "gas_detection", "decontamination"), ("water_curtain",)),
    "flammable_gas": (("water_curtain", "high_volume_water", "gas_detection"), ("leak_sealing",)),
    "flammable_liquid": (("foam", "high_volume_water"), ("transfer_pumping",)),
    "acid": (("gas_tight_suits", "decontamination"), ("leak_sealing", "transfer_pumping")),
    "oxidizer_explosive": (("high_volume_water",), ("water_curtain",)),
    "toxic_other": (("gas_tight_suits", "gas_detection", "decontamination"), ("leak_sealing",)),
}
CELLS = ("hazmat", "hazmat_depth", "antidote", "poison_beds", "specialist")
SEVERITY = {"red": 2, "yellow": 1, "green": 0}


@dataclass(frozen=True, slots=True)
class Cell:
    """One judged cell: colour, the figure and its target, why, and whether it applies at all."""

    status: str
    reason: str
    value: float | None = None
    target: float | None = None
    applicable: bool = True
    detail: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "value": _r(self.value),
            "target": _r(self.target),
            "applicable": self.applicable,
            "reason": self.reason,
            **{k: _r(v) for k, v in self.detail.items()},
        }


@dataclass(frozen=True, slots=True)
class WorstCase:
    """A credible worst case: the release point of one chemical and why it was chosen."""

    enterprise: str
    chemical: str
    unit: str
    item: InventoryItem
    isolate_m: float
    protect_m: float
    gb_weight: float
    basis: tuple[str, ...]
    scenarios: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Action:
    """A purchase or a move that turns cells green; ``score`` ranks it (see :func:`rank_actions`)."""

    key: tuple[str, ...]
    text_en: str
    text_zh: str
    closes: tuple[tuple[str, str, str], ...]
    score: float

    def to_json(self, rank: int) -> dict[str, Any]:
        return {
            "rank": rank,
            "kind": self.key[0],
            "where": self.key[1],
            "item": self.key[2] if len(self.key) > 2 else None,
            "text": self.text_en,
            "text_zh": self.text_zh,
            "closes": [{"enterprise": e, "chemical": c, "cell": k} for e, c, k in self.closes],
            "score": round(self.score, 2),
        }


def _r(v: Any) -> Any:
    return round(v, 2) if isinstance(v, float) and math.isfinite(v) else (None if isinstance(v, float) else v)


# --------------------------------------------------------------------------- worst cases
def gb_weight(chem: Chemical, q_t: float) -> float:
    """GB 18218 share ``β · q / Q`` of ``q_t`` tonnes of ``chem`` (0 when the standard does not cover it)."""
    from drillsim.gb18218 import classify

    found = classify(chem)
    return found[1] * q_t / found[0] if found else 0.0


def _zone_of(chem: Chemical, item: InventoryItem) -> tuple[float, float]:
    z = erg_zone(chem, "large", item.container, True, 1.5, "N", quantity_t=item.max_quantity_t)
    return z.isolate_m, z.protect_m


def worst_cases(content: Content, box: HandoverBox) -> list[WorstCase]:
    """The credible worst cases of one enterprise, from its inventory and the scenarios naming it.

    The release point with the largest ERG large-spill night zone; the chemical with the largest GB 18218
    share (``Σ β q / Q`` over its units) when another; for each class of :data:`GB_CLASSES` held, its
    largest-zone release; and every chemical a scenario draws at this enterprise. One case per chemical.
    """
    best: dict[str, tuple[tuple[float, float, float], str, InventoryItem]] = {}
    weight: dict[str, float] = {}
    for unit in box.units:
        for item in unit.inventory:
            chem = content.chemicals.get(item.chemical)
            if chem is None:
                continue
            weight[chem.id] = weight.get(chem.id, 0.0) + gb_weight(chem, item.max_quantity_t)
            iso, prot = _zone_of(chem, item)
            key = (prot, iso, item.max_quantity_t)
            if chem.id not in best or key > best[chem.id][0]:
                best[chem.id] = (key, unit.id, item)
    if not best:
        return []
    basis: dict[str, list[str]] = {}
    top_zone = max(best, key=lambda c: (best[c][0], weight.get(c, 0.0), c))
    basis.setdefault(top_zone, []).append("largest ERG zone")
    top_gb = max(best, key=lambda c: (weight.get(c, 0.0), best[c][0], c))
    if weight.get(top_gb, 0.0) > 0:
        basis.setdefault(top_gb, []).append("largest GB 18218 share")
    for cls in GB_CLASSES:
        held = [c for c in best if content.chemicals[c].specialist_class == cls]
        if held:
            basis.setdefault(max(held, key=lambda c: (best[c][0], c)), []).append(f"hazard class {cls}")
    named: dict[str, list[str]] = {}
    for sc in content.scenarios.values():
        for gen in sc.incidents:
            for src in gen.sources:
                if src.enterprise == box.id and src.chemical in best:
                    named.setdefault(src.chemical, []).append(sc.id)
                    basis.setdefault(src.chemical, [])
    out = []
    for cid, why in basis.items():
        (prot, iso, _q), unit_id, item = best[cid]
        # the most specific scenario first (fewest enterprises drawn), so engine runs use its weather and injects
        scen = tuple(
            sorted(
                dict.fromkeys(named.get(cid, ())), key=lambda s: (len(content.scenarios[s].enterprises), s)
            )
        )
        out.append(
            WorstCase(
                box.id,
                cid,
                unit_id,
                item,
                iso,
                prot,
                weight.get(cid, 0.0),
                tuple(why) + tuple(f"scenario {s}" for s in scen),
                scen,
            )
        )
    out.sort(key=lambda w: (-w.protect_m, -w.gb_weight, w.chemical))
    return out


def estimate_casualties(content: Content, case: WorstCase) -> tuple[float, str]:
    """Casualties needing hospital care (red or yellow), estimated from people on the day shift in the zone.

    The worst of the eight wind directions; a person inside the isolation circle gets
    ``EXPOSURE_MIN × severity_per_exposure_min`` (× 0.3 in the protective sector) and counts when that
    reaches 1 (the yellow threshold). Off-site people are not counted (the estimate is a floor).
    """
    box = content.enterprises[case.enterprise]
    chem = content.chemicals[case.chemical]
    unit = box.unit(case.unit)
    node = box.site.node(case.item.node or "") or next(
        (n for n in (box.site.node(x) for x in (unit.nodes if unit else ())) if n is not None), None
    )
    if node is None:
        return 0.0, "estimate: release point not on the site plan"
    spm = chem.clinical.severity_per_exposure_min
    best = (0, "N")
    for wind in WIND_DIRS:
        z = erg_zone(
            chem,
            "large",
            case.item.container,
            False,
            2.0,
            wind,
            origin=(node.x_m, node.y_m),
            frame_north_deg=box.site.north_deg,
            quantity_t=case.item.max_quantity_t,
        )
        n = sum(
            p.occupancy.day for p in box.site.nodes if EXPOSURE_MIN * spm * z.factor_at(p.x_m, p.y_m) >= 1.0
        )
        if n > best[0]:
            best = (n, wind)
    return float(
        best[0]
    ), f"estimate: day-shift people in the zone, wind from {best[1]}, {EXPOSURE_MIN:g} min exposure"


# --------------------------------------------------------------------------- capacity
@dataclass(frozen=True, slots=True)
class _Unit:
    id: str
    name_en: str
    name_zh: str
    node: str
    turnout_min: float
    hazmat: int
    capabilities: frozenset[str]


def _units(content: Content) -> list[_Unit]:
    c = content.city
    out = [
        _Unit(s.id, s.name_en, s.name_zh, s.node, s.turnout_min, s.hazmat_units, frozenset(s.capabilities))
        for s in c.fire_stations
    ]
    out += [
        _Unit(t.id, t.name_en, t.name_zh, t.node, t.turnout_min, t.units, frozenset(t.capabilities))
        for t in c.hazmat_teams
    ]
    return out


def _peak_hour(content: Content) -> float:
    bands = content.city.congestion
    if not bands:
        return PLANNING_HOUR
    b = max(bands, key=lambda x: (x.factor, -x.from_h))
    return (b.from_h + 0.5) % 24.0


def _classify(value: float, good: float, ok: float) -> str:
    return "green" if value <= good else ("yellow" if value <= ok else "red")


def _sufficiency(have: float, need: float) -> str:
    if need <= 0:
        return "green" if have >= 1 else "yellow"
    return "red" if have < need else ("yellow" if have < MARGIN * need else "green")


class GapStudy:
    """Judges every enterprise × worst case; build once per content (travel times are cached)."""

    def __init__(
        self, content: Content, casualty_runs: Callable[[WorstCase], tuple[float, str] | None] | None = None
    ):
        self.content = content
        self.net = road_network(content.city)
        self.units = _units(content)
        self.peak = _peak_hour(content)
        self.casualty_runs = casualty_runs

    def unit_times(self, gate: str, hour: float = PLANNING_HOUR) -> list[tuple[float, _Unit]]:
        """Every unit with its turnout + road minutes to ``gate``, fastest first (unreachable left out)."""
        out = [(u.turnout_min + self.net.travel_min(u.node, gate, hour), u) for u in self.units]
        return sorted(((t, u) for t, u in out if math.isfinite(t)), key=lambda x: (x[0], x[1].id))

    # ------------------------------------------------------------------ cells
    def hazmat(self, box: HandoverBox, target: float) -> Cell:
        times = [(t, u) for t, u in self.unit_times(box.road_node) if u.hazmat > 0]
        if not times:
            return Cell("red", "no hazmat unit in the city can reach the gate by road", None, target)
        t, u = times[0]
        peak = next((p for p, v in self.unit_times(box.road_node, self.peak) if v.id == u.id), t)
        status = _classify(t, LAYOUT_RULE_MIN, target)
        verdict = {
            "green": "within the 5-min layout rule (GB 51080-2015 4.1.3)",
            "yellow": f"over the 5-min layout rule, within the district target {target:g} min",
            "red": f"over the district target {target:g} min",
        }[status]
        return Cell(
            status,
            f"nearest hazmat unit {u.id} {t:.1f} min (turnout {u.turnout_min:g} + road): {verdict}",
            t,
            target,
            detail={
                "unit": u.id,
                "peak_min": peak,
                "within_5min": t <= LAYOUT_RULE_MIN,
                "within_target": t <= target,
            },
        )

    def hazmat_depth(self, box: HandoverBox, target: float) -> Cell:
        slots = [(t, u) for t, u in self.unit_times(box.road_node) if u.hazmat > 0 for _ in range(u.hazmat)]
        within = sum(1 for t, _ in slots if t <= target)
        if len(slots) < 2:
            return Cell(
                "red", "the city has fewer than two hazmat units that can reach the gate", None, target
            )
        t2, u2 = slots[1]
        status = _classify(t2, target, 2 * target)
        share = ""
        if within <= 1 and box.park:
            peers = sorted(
                e.id for e in self.content.enterprises.values() if e.park == box.park and e.id != box.id
            )
            if peers:
                share = f"; the park's one unit also covers {', '.join(peers)}"
        return Cell(
            status,
            f"{within} hazmat unit(s) within {target:g} min; the second arrives from {u2.id} in "
            f"{t2:.1f} min (a large release needs two, a second incident takes the first){share}",
            t2,
            target,
            detail={"unit": u2.id, "units_within_target": within},
        )

    def reachable_hospitals(self, box: HandoverBox, window: float) -> list[tuple[float, Any]]:
        out = []
        for h in self.content.city.hospitals:
            t = self.net.travel_min(box.road_node, h.node, PLANNING_HOUR)
            if t <= window:
                out.append((t, h))
        return sorted(out, key=lambda x: (x[0], x[1].id))

    def antidote(self, box: HandoverBox, chem: Chemical, need: float) -> Cell:
        clin = chem.clinical
        if clin.antidote_doses_per_casualty <= 0 or not chem.antidotes:
            return Cell("green", f"no antidote course for {chem.id}: supportive care", applicable=False)
        window = clin.treatment_window_min
        per = clin.antidote_doses_per_casualty
        courses = 0
        where: dict[str, int] = {}
        for _t, h in self.reachable_hospitals(box, window):
            n = 0
            for a in chem.antidotes:
                stock = h.antidote_stock.get(a, 0) if a != "hyperbaric_oxygen" or h.hyperbaric else 0
                n += int(stock) // per
            if n:
                where[h.id] = n
            courses += n
        status = _sufficiency(courses, need)
        at = ", ".join(f"{k} {v}" for k, v in where.items()) or "none"
        return Cell(
            status,
            f"{courses} course(s) of {'/'.join(chem.antidotes)} within the {window:g}-min treatment "
            f"window by road ({at}) for {need:g} expected casualties",
            float(courses),
            need,
            detail={"window_min": window, "hospitals": where},
        )

    def poison_beds(self, box: HandoverBox, chem: Chemical, need: float) -> Cell:
        if not chem.clinical.needs_poison_bed:
            return Cell("green", f"{chem.id} casualties need no poison-treatment bed", applicable=False)
        window = chem.clinical.treatment_window_min
        free = 0.0
        where: dict[str, float] = {}
        for _t, h in self.reachable_hospitals(box, window):
            f = h.poison_beds * (1.0 - h.baseline_occupancy_pct / 100.0)
            if f > 0:
                where[h.id] = round(f, 2)
            free += f
        status = _sufficiency(free, need)
        at = ", ".join(f"{k} {v:g}" for k, v in where.items()) or "none"
        return Cell(
            status,
            f"{free:.1f} free poison-treatment bed(s) within {window:g} min by road ({at}) for "
            f"{need:g} expected casualties",
            free,
            need,
            detail={"window_min": window, "hospitals": where},
        )

    def specialist(self, box: HandoverBox, chem: Chemical, target: float) -> Cell:
        cls = chem.specialist_class
        needs = CAPABILITY_NEEDS.get(cls)
        if needs is None:
            return Cell("green", f"hazard class {cls}: no specialist capability assessed", applicable=False)
        caps: set[str] = set()
        near = []
        for t, u in self.unit_times(box.road_node):
            if t <= target:
                caps |= u.capabilities
                near.append(u.id)
        essential = [c for c in needs[0] if c not in caps]
        desirable = [c for c in needs[1] if c not in caps]
        if essential:
            status, why = "red", f"missing {', '.join(essential)}"
        elif desirable:
            status, why = "yellow", f"missing {', '.join(desirable)} (desirable)"
        else:
            status, why = "green", "all capabilities present"
        return Cell(
            status,
            f"hazard class {cls}, units within {target:g} min ({', '.join(near) or 'none'}): {why}",
            detail={"class": cls, "missing": essential + desirable, "units": near},
        )

    # ------------------------------------------------------------------ rows
    def expected_casualties(self, case: WorstCase) -> tuple[float, str]:
        if case.scenarios and self.casualty_runs is not None:
            found = self.casualty_runs(case)
            if found is not None:
                return found
        return estimate_casualties(self.content, case)

    def row(self, box: HandoverBox, case: WorstCase) -> dict[str, Any]:
        chem = self.content.chemicals[case.chemical]
        district = self.content.city.district(box.district)
        target = district.hazmat_target_min if district else 30.0
        need, basis = self.expected_casualties(case)
        need_ceil = float(math.ceil(need - 1e-9))
        cells = {
            "hazmat": self.hazmat(box, target),
            "hazmat_depth": self.hazmat_depth(box, target),
            "antidote": self.antidote(box, chem, need_ceil),
            "poison_beds": self.poison_beds(box, chem, need_ceil),
            "specialist": self.specialist(box, chem, target),
        }
        worst = max((c.status for c in cells.values()), key=lambda s: SEVERITY[s])
        return {
            "enterprise": box.id,
            "name_en": box.name_en,
            "name_zh": box.name_zh,
            "district": box.district,
            "park": box.park,
            "risk": box.risk,
            "chemical": chem.id,
            "chemical_zh": chem.name_zh,
            "specialist_class": chem.specialist_class,
            "basis": list(case.basis),
            "scenarios": list(case.scenarios),
            "worst_case": {
                "unit": case.unit,
                "node": case.item.node,
                "container": case.item.container,
                "quantity_t": case.item.max_quantity_t,
                "isolate_m": case.isolate_m,
                "protect_m": case.protect_m,
                "gb18218_share": round(case.gb_weight, 3),
            },
            "expected_casualties": round(need, 2),
            "casualties_basis": basis,
            "district_target_min": target,
            "status": worst,
            "cells": cells,
        }


def study(
    content: Content, casualty_runs: Callable[[WorstCase], tuple[float, str] | None] | None = None
) -> dict[str, Any]:
    """The whole gap matrix: ``{"rows": [...], "actions": [...]}`` (cells as :class:`Cell` until JSON)."""
    gs = GapStudy(content, casualty_runs)
    rows = [
        gs.row(box, case)
        for box in sorted(content.enterprises.values(), key=lambda b: b.id)
        for case in worst_cases(content, box)
    ]
    return {"rows": rows, "actions": rank_actions(content, gs, rows)}


def to_json(result: Mapping[str, Any]) -> dict[str, Any]:
    rows = [{**r, "cells": {k: c.to_json() for k, c in r["cells"].items()}} for r in result["rows"]]
    actions = [a.to_json(i + 1) for i, a in enumerate(result["actions"])]
    counts = {
        s: sum(1 for r in result["rows"] for c in r["cells"].values() if c.applicable and c.status == s)
        for s in ("red", "yellow", "green")
    }
    return {"rows": rows, "actions": actions, "counts": counts}


# --------------------------------------------------------------------------- what to buy or move
HAZMAT_KIT = frozenset({"gas_tight_suits", "leak_sealing", "decontamination", "gas_detection"})
"""What a hazmat unit brings to its station (the kit of the sample city's hazmat-capable stations)."""
_CELL_EN = {
    "hazmat": "first hazmat unit",
    "hazmat_depth": "second hazmat unit",
    "antidote": "antidote",
    "poison_beds": "poison-bed",
    "specialist": "specialist capability",
}
_CELL_ZH = {
    "hazmat": "首个危化处置单元",
    "hazmat_depth": "第二个危化处置单元",
    "antidote": "解毒药",
    "poison_beds": "中毒救治床位",
    "specialist": "专业处置能力",
}


def _describe(key: tuple[str, ...], m: Mapping[str, Any]) -> tuple[str, str]:
    """English and Chinese text of a merged action."""
    q = m["qty"]
    closes = list(dict.fromkeys(m["closes"]))
    cells_en = " and ".join(dict.fromkeys(_CELL_EN[c] for _e, _c, c in closes))
    cells_zh = "、".join(dict.fromkeys(_CELL_ZH[c] for _e, _c, c in closes))
    chems: dict[str, list[str]] = {}
    for e, c, k in closes:
        chems.setdefault(e, [])
        if not k.startswith("hazmat") and c not in chems[e]:
            chems[e].append(c)
    who = ", ".join(f"{e} ({', '.join(cs)})" if cs else e for e, cs in chems.items())
    who_zh = "、".join(dict.fromkeys(m["ent_zh"][e] for e, _c, _k in closes))
    kind = key[0]
    if kind == "stock_antidote":
        en = f"stock {q} doses of {m['item_en']} at {m['place_en']}"
        zh = f"在{m['place_zh']}储备{m['item_zh']} {q} 剂"
    elif kind == "surge_beds":
        en = f"plan {q} more poison-treatment beds within reach (surge at {m['place_en']} and its neighbours)"
        zh = f"以{m['place_zh']}为主增加 {q} 张中毒救治床位（扩容预案）"
    elif kind == "hazmat_unit":
        kit = f" with {', '.join(sorted(m['kit']))}" if m["kit"] else ""
        en = f"add {q} hazmat unit(s){kit} at {m['place_en']}"
        zh = f"为{m['place_zh']}增配 {q} 个危化品处置单元"
    elif kind == "new_station":
        en = f"site a hazmat-capable station in {key[1]}: no station of any kind reaches it within the district target"
        zh = f"在{key[1]}新建具备危化品处置能力的消防站（现无消防站可在辖区目标时间内到达）"
    else:
        en = f"give {m['place_en']} the {key[2]} capability"
        zh = f"为{m['place_zh']}配备 {key[2]} 能力"
    return f"{en}: closes the {cells_en} gap for {who}", f"{zh}：补齐{who_zh}的{cells_zh}缺口"


def rank_actions(content: Content, gs: GapStudy, rows: Sequence[Mapping[str, Any]]) -> list[Action]:
    """Actions that close red and yellow cells, merged across rows, biggest gap first.

    A red cell is closed when the figure reaches the need (the expected casualties, one hazmat unit within
    the target, two for depth), a yellow one when it reaches the green mark. ``score`` = Σ over the cells
    an action closes of (2 for red, 1 for yellow) × max(1, expected casualties): a hole many people fall
    into ranks before a thin margin. A cell shared by an enterprise's rows (the hazmat cells) counts once.
    A hazmat unit added at a station brings :data:`HAZMAT_KIT`, so it also closes those capability gaps.
    """
    merged: dict[tuple[str, ...], dict[str, Any]] = {}
    ent_zh = {e.id: e.name_zh for e in content.enterprises.values()}

    def add(
        key: tuple[str, ...], row: Mapping[str, Any], cell: str, qty: int = 1, **info: Any
    ) -> dict[str, Any]:
        m = merged.setdefault(
            key, {"qty": 0, "closes": [], "scores": {}, "kit": set(), "ent_zh": ent_zh, **info}
        )
        m["qty"] = max(m["qty"], qty)
        m["closes"].append((row["enterprise"], row["chemical"], cell))
        who = (
            (row["enterprise"], cell)
            if cell.startswith("hazmat")
            else (row["enterprise"], row["chemical"], cell)
        )
        weight = SEVERITY[row["cells"][cell].status] * max(1.0, row["expected_casualties"])
        m["scores"][who] = max(m["scores"].get(who, 0.0), weight)
        return m

    for row in rows:
        box = content.enterprises[row["enterprise"]]
        chem = content.chemicals[row["chemical"]]
        cells = row["cells"]
        target = row["district_target_min"]
        need = max(1, math.ceil(row["expected_casualties"] - 1e-9))
        for cell_name in ("antidote", "poison_beds"):
            c = cells[cell_name]
            hospitals = gs.reachable_hospitals(box, chem.clinical.treatment_window_min)
            if not c.applicable or c.status == "green" or not hospitals:
                continue
            h = hospitals[0][1]
            goal = need if c.status == "red" else MARGIN * need
            short = max(1, math.ceil(goal - (c.value or 0.0) - 1e-9))
            place = {"place_en": h.name_en, "place_zh": h.name_zh}
            if cell_name == "antidote":
                aid = chem.antidotes[0]
                a = content.city.antidote(aid)
                add(
                    ("stock_antidote", h.id, aid),
                    row,
                    cell_name,
                    short * chem.clinical.antidote_doses_per_casualty,
                    item_en=a.name_en if a else aid,
                    item_zh=a.name_zh if a else aid,
                    **place,
                )
            else:
                add(("surge_beds", h.id), row, cell_name, short, **place)
        kit_station = None
        for cell_name in ("hazmat", "hazmat_depth"):
            c = cells[cell_name]
            near = gs.unit_times(box.road_node)
            if c.status == "green" or not near:
                continue
            t0, s0 = near[0]
            limit = LAYOUT_RULE_MIN if cell_name == "hazmat" and c.status == "yellow" else target
            if t0 > limit:
                if c.status == "red":
                    add(("new_station", box.park or box.district), row, cell_name)
                continue
            units = 1 if cell_name == "hazmat" else max(1, 2 - int(c.detail.get("units_within_target", 0)))
            add(("hazmat_unit", s0.id), row, cell_name, units, place_en=s0.name_en, place_zh=s0.name_zh)
            kit_station = s0
        c = cells["specialist"]
        if c.applicable and c.status != "green":
            near = [u for t, u in gs.unit_times(box.road_node) if t <= target]
            hazmat_near = [u for u in near if u.hazmat > 0] or near
            missing = list(c.detail["missing"])
            if kit_station is not None and kit_station in near:
                kit = [m for m in missing if m in HAZMAT_KIT and m not in kit_station.capabilities]
                if kit:
                    entry = add(
                        ("hazmat_unit", kit_station.id),
                        row,
                        "specialist",
                        1,
                        place_en=kit_station.name_en,
                        place_zh=kit_station.name_zh,
                    )
                    entry["kit"].update(kit)
                    missing = [m for m in missing if m not in kit]
            if hazmat_near:
                u = hazmat_near[0]
                for cap in missing:
                    add(("capability", u.id, cap), row, "specialist", place_en=u.name_en, place_zh=u.name_zh)
    actions = []
    for k, m in merged.items():
        en, zh = _describe(k, m)
        actions.append(Action(k, en, zh, tuple(dict.fromkeys(m["closes"])), math.fsum(m["scores"].values())))
    actions.sort(key=lambda a: (-a.score, a.key))
    return actions


# --------------------------------------------------------------------------- expected casualties from the engine
def worst_case_scenario(content: Content, case: WorstCase) -> tuple[Content, str]:
    """A content copy holding the case's first scenario narrowed to its release: a large spill of the
    case's chemical at the case's enterprise, with the scenario's weather, shift and the injects that can
    still happen (an inject bound to a hazard group the chemical lacks is dropped)."""
    from dataclasses import replace

    from drillsim.model import frozen_map

    sc = content.scenarios[case.scenarios[0]]
    gen = next(
        g
        for g in sc.incidents
        if any(s.enterprise == case.enterprise and s.chemical == case.chemical for s in g.sources)
    )
    mine = [s for s in gen.sources if s.enterprise == case.enterprise and s.chemical == case.chemical]
    total = sum(s.weight for s in mine) or 1.0
    sources = tuple(replace(s, weight=s.weight / total) for s in mine)
    narrowed = replace(gen, sources=sources, size=frozen_map({"large": 1.0}))
    chem = content.chemicals[case.chemical]
    injects = tuple(
        i
        for i in sc.injects
        if i not in content.injects or content.injects[i].when.hazard_group in (None, *chem.hazard_groups)
    )
    new = replace(
        sc, id=f"{sc.id}~worst~{case.enterprise}~{case.chemical}", incidents=(narrowed,), injects=injects
    )
    scenarios = dict(content.scenarios)
    scenarios[new.id] = new
    return replace(content, scenarios=frozen_map(scenarios)), new.id


def engine_casualties(
    content: Content, runs: int, seed: int = 1
) -> Callable[[WorstCase], tuple[float, str] | None]:
    """``casualty_runs`` for :class:`GapStudy`: the mean number of red and yellow casualties of the case's
    chemical over ``runs`` drills of :func:`worst_case_scenario` (seeds as in a batch)."""
    from drillsim.batch.seeds import run_seed
    from drillsim.batch.stats import percentile
    from drillsim.engine import run_drill

    def count(case: WorstCase) -> tuple[float, str] | None:
        if runs <= 0 or not case.scenarios:
            return None
        narrowed, sid = worst_case_scenario(content, case)
        per_run = []
        for i in range(runs):
            tl = run_drill(narrowed, sid, run_seed(seed, i), enterprise=case.enterprise)
            per_run.append(
                sum(
                    1
                    for e in tl.events
                    if e.kind == "casualty_exposed"
                    and e.get("colour") in ("red", "yellow")
                    and e.get("chemical") == case.chemical
                )
            )
        mean = sum(per_run) / runs
        p90 = percentile(sorted(per_run), 90)
        return mean, (
            f"engine: {runs} runs of {case.scenarios[0]} narrowed to a large {case.chemical} release "
            f"(mean; p90 {p90:g})"
        )

    return count
