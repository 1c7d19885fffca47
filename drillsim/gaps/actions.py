"""Ranking what to buy or move first to close the biggest gaps of the matrix."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from drillsim.gaps.cases import LAYOUT_RULE_MIN, MARGIN, SEVERITY, Action
from drillsim.gaps.study import GapStudy
from drillsim.model import Content

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
