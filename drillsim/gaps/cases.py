"""Gap-matrix worst cases: the credible worst case per enterprise and its expected casualties."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from drillsim.hazard import erg_zone
from drillsim.model import WIND_DIRS, Chemical, Content, HandoverBox, InventoryItem

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
    reason_zh: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "value": _r(self.value),
            "target": _r(self.target),
            "applicable": self.applicable,
            "reason": self.reason,
            "reason_zh": self.reason_zh or self.reason,
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
