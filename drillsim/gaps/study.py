"""The gap study: each worst case's five cells (hazmat, second unit, antidote, beds, specialist) judged."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from drillsim.gaps.cases import (
    CAPABILITY_NEEDS,
    LAYOUT_RULE_MIN,
    MARGIN,
    PLANNING_HOUR,
    SEVERITY,
    Cell,
    WorstCase,
    estimate_casualties,
    worst_cases,
)
from drillsim.model import Chemical, Content, HandoverBox
from drillsim.routing import road_network


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
            return Cell(
                "red",
                "no hazmat unit in the city can reach the gate by road",
                None,
                target,
                reason_zh="全市没有危化品处置车辆能经道路到达厂门",
            )
        t, u = times[0]
        peak = next((p for p, v in self.unit_times(box.road_node, self.peak) if v.id == u.id), t)
        status = _classify(t, LAYOUT_RULE_MIN, target)
        verdict = {
            "green": "within the 5-min layout rule (GB 51080-2015 4.1.3)",
            "yellow": f"over the 5-min layout rule, within the district target {target:g} min",
            "red": f"over the district target {target:g} min",
        }[status]
        verdict_zh = {
            "green": "满足 5 分钟布局要求（GB 51080-2015 4.1.3）",
            "yellow": f"超过 5 分钟布局要求，在辖区目标 {target:g} 分钟内",
            "red": f"超过辖区目标 {target:g} 分钟",
        }[status]
        return Cell(
            status,
            f"nearest hazmat unit {u.id} {t:.1f} min (turnout {u.turnout_min:g} + road): {verdict}",
            t,
            target,
            reason_zh=f"最近危化品处置力量 {u.id} {t:.1f} 分钟（出动 {u.turnout_min:g} + 行驶）：{verdict_zh}",
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
                "red",
                "the city has fewer than two hazmat units that can reach the gate",
                None,
                target,
                reason_zh="全市能到达厂门的危化品处置车辆不足两辆",
            )
        t2, u2 = slots[1]
        status = _classify(t2, target, 2 * target)
        share = share_zh = ""
        if within <= 1 and box.park:
            peers = sorted(
                e.id for e in self.content.enterprises.values() if e.park == box.park and e.id != box.id
            )
            if peers:
                share = f"; the park's one unit also covers {', '.join(peers)}"
                share_zh = f"；园区仅有的一辆同时负责 {'、'.join(peers)}"
        return Cell(
            status,
            f"{within} hazmat unit(s) within {target:g} min; the second arrives from {u2.id} in "
            f"{t2:.1f} min (a large release needs two, a second incident takes the first){share}",
            t2,
            target,
            reason_zh=f"{target:g} 分钟内 {within} 辆；第二辆来自 {u2.id}，需 {t2:.1f} 分钟（大量泄漏需要两辆，另一起事故会占用第一辆）{share_zh}",
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
            return Cell(
                "green",
                f"no antidote course for {chem.id}: supportive care",
                applicable=False,
                reason_zh=f"{chem.name_zh}无特效解毒剂：对症支持治疗",
            )
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
            reason_zh=f"救治时限 {window:g} 分钟内经道路可得 {'/'.join(chem.antidotes)} {courses} 人份（{at}），预计伤员 {need:g} 人",
            detail={"window_min": window, "hospitals": where},
        )

    def poison_beds(self, box: HandoverBox, chem: Chemical, need: float) -> Cell:
        if not chem.clinical.needs_poison_bed:
            return Cell(
                "green",
                f"{chem.id} casualties need no poison-treatment bed",
                applicable=False,
                reason_zh=f"{chem.name_zh}伤员无需中毒救治床位",
            )
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
            reason_zh=f"{window:g} 分钟车程内空余中毒救治床位 {free:.1f} 张（{at}），预计伤员 {need:g} 人",
            detail={"window_min": window, "hospitals": where},
        )

    def specialist(self, box: HandoverBox, chem: Chemical, target: float) -> Cell:
        cls = chem.specialist_class
        needs = CAPABILITY_NEEDS.get(cls)
        if needs is None:
            return Cell(
                "green",
                f"hazard class {cls}: no specialist capability assessed",
                applicable=False,
                reason_zh=f"危害类别 {cls}：不评估专业能力",
            )
        caps: set[str] = set()
        near = []
        for t, u in self.unit_times(box.road_node):
            if t <= target:
                caps |= u.capabilities
                near.append(u.id)
        essential = [c for c in needs[0] if c not in caps]
        desirable = [c for c in needs[1] if c not in caps]
        if essential:
            status, why, why_zh = "red", f"missing {', '.join(essential)}", f"缺少 {'、'.join(essential)}"
        elif desirable:
            status, why, why_zh = (
                "yellow",
                f"missing {', '.join(desirable)} (desirable)",
                f"缺少 {'、'.join(desirable)}（宜具备）",
            )
        else:
            status, why, why_zh = "green", "all capabilities present", "能力齐全"
        return Cell(
            status,
            f"hazard class {cls}, units within {target:g} min ({', '.join(near) or 'none'}): {why}",
            reason_zh=f"危害类别 {cls}，{target:g} 分钟内力量（{'、'.join(near) or '无'}）：{why_zh}",
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
    from drillsim.gaps.actions import rank_actions  # actions reads GapStudy: import at call time

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
