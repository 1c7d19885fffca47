"""Standards checks on loaded content: warnings for ``drillsim check`` and the site packet.

GB/T 29639-2020 plan chapters, GB/T 16483 SDS sections, an on-site plan for every key post, the
city's 9-person rule for flammable/explosive workplaces, stale boxes, occupied buildings with no route to a
safe assembly point in some wind, incompatible storage in one unit and GB 18218 grades that differ from
the declared ones. Every warning is a :class:`drillsim.errors.Problem` at the offending record's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from drillsim.errors import Problem
from drillsim.gb18218 import assess_box, classify
from drillsim.hazard import HazardZone
from drillsim.model import (
    SHIFTS,
    WIND_DIRS,
    Chemical,
    Content,
    HandoverBox,
    HazardUnit,
    InventoryItem,
    Plan,
    Sds,
)
from drillsim.site import evacuation_routes, node_zone

EVAC_CHECK_WIND_MS = 3.0
"""Wind speed of the evacuation check (10.8 km/h: ERG Table 3's moderate band), daytime, large spill."""


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("drillsim.data").joinpath("standards.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def required_chapters(kind: str) -> tuple[str, ...]:
    """GB/T 29639-2020 chapter titles a plan of ``kind`` must carry.

    >>> required_chapters("onsite")
    ('事故风险描述', '应急工作职责', '应急处置', '注意事项')
    """
    return tuple(_data()["plan_chapters"]["required"].get(kind, ()))


def sds_titles() -> tuple[tuple[int, str, str], ...]:
    """The 16 GB/T 16483 sections as (number, Chinese title, English title)."""
    return tuple(
        (int(s["no"]), str(s["title_zh"]), str(s["title_en"])) for s in _data()["sds_sections"]["sections"]
    )


def _w(path: str, line: int, message: str) -> Problem:
    return Problem(path, max(line, 1), message, severity="warning")


# --------------------------------------------------------------------------- plans and SDS
def check_plan_chapters(plan: Plan) -> list[Problem]:
    """Warn for each GB/T 29639-2020 chapter missing from an enterprise plan's headings."""
    if plan.enterprise == "city":
        return []  # government plans follow other rules
    titles = [s.title for s in plan.sections]
    missing = [c for c in required_chapters(plan.kind) if not any(c in t for t in titles)]
    kind_zh = {"comprehensive": "综合应急预案", "special": "专项应急预案", "onsite": "现场处置方案"}.get(
        plan.kind, plan.kind
    )
    return [
        _w(
            plan.path,
            plan.line,
            f"plan '{plan.id}' ({kind_zh}) has no chapter '{c}' (expected a heading containing it, GB/T 29639-2020)",
        )
        for c in missing
    ]


def _norm(s: str) -> str:
    return re.sub(r"[\s/／、，,()（）]", "", s)


def check_sds_sections(sds: Sds) -> list[Problem]:
    """Warn on missing, extra, repeated, out-of-order or misnamed SDS sections (GB/T 16483, 16 sections)."""
    out: list[Problem] = []
    expected = {no: (zh, en) for no, zh, en in sds_titles()}
    seen: set[int] = set()
    last = 0
    for sec in sds.sections:
        if sec.no not in expected:
            out.append(
                _w(sds.path, sec.line, f"SDS of '{sds.chemical}': extra section {sec.no} (expected 1-16)")
            )
            continue
        if sec.no in seen:
            out.append(_w(sds.path, sec.line, f"SDS of '{sds.chemical}': section {sec.no} appears twice"))
            continue
        if sec.no < last:
            out.append(
                _w(
                    sds.path,
                    sec.line,
                    f"SDS of '{sds.chemical}': section {sec.no} out of order (after {last})",
                )
            )
        zh, en = expected[sec.no]
        # compare on the whole heading: a title with a slash ('成分/组成信息') may be split either way
        if not _norm(sec.title_zh + sec.title_en).startswith(_norm(zh)):
            out.append(
                _w(
                    sds.path,
                    sec.line,
                    f"SDS of '{sds.chemical}': section {sec.no} titled '{sec.title_zh}' (expected '{zh} / {en}')",
                )
            )
        seen.add(sec.no)
        last = max(last, sec.no)
    for no, (zh, en) in sorted(expected.items()):
        if no not in seen:
            out.append(_w(sds.path, 1, f"SDS of '{sds.chemical}': section {no} '{zh} / {en}' is missing"))
    return out


# --------------------------------------------------------------------------- boxes
def check_key_posts(box: HandoverBox, plans: Iterable[Plan]) -> list[Problem]:
    """Warn for every key post that no on-site plan (现场处置方案) of the enterprise covers."""
    covered = {p for plan in plans if plan.kind == "onsite" and plan.enterprise == box.id for p in plan.posts}
    return [
        _w(box.path, post.line, f"key post '{post.id}' ({post.name_zh}) has no on-site plan (现场处置方案)")
        for post in box.posts
        if post.key and post.id not in covered
    ]


def check_people_limit(box: HandoverBox) -> list[Problem]:
    """Warn for flammable/explosive workplaces with more than the city's limit of people on some shift."""
    limit = int(_data()["max_people_flammable_explosive"]["value"])
    out = []
    for n in box.site.nodes:
        if not n.flammable_explosive:
            continue
        over = [f"{s} {n.occupancy.get(s)}" for s in SHIFTS if n.occupancy.get(s) > limit]
        if over:
            out.append(
                _w(
                    box.path,
                    n.line,
                    f"flammable/explosive workplace '{n.id}' ({n.name_zh}) has more than {limit} people "
                    f"({', '.join(over)}; 徐州市危险化学品安全风险集中治理实施方案: 易燃易爆作业场所 ≤ {limit} 人)",
                )
            )
    return out


def check_stale(box: HandoverBox, today: date) -> list[Problem]:
    """Warn when the box was last verified more than a year before ``today``."""
    limit = int(_data()["stale_after_days"]["value"])
    age = (today - box.last_verified).days
    if age > limit:
        return [
            _w(
                box.path,
                box.line,
                f"box '{box.id}' last verified {box.last_verified.isoformat()}, {age} days ago "
                f"(expected within {limit} days)",
            )
        ]
    return []


def _release_node(unit: HazardUnit, item: InventoryItem) -> str | None:
    return item.node or (unit.nodes[0] if unit.nodes else None)


def worst_toxic_release(
    box: HandoverBox, chemicals: Mapping[str, Chemical]
) -> tuple[Chemical, InventoryItem, str] | None:
    """The box's toxic inventory item whose large spill gives the largest ERG zone: (chemical, item, node)."""
    best: tuple[tuple[float, float], Chemical, InventoryItem, str] | None = None
    for unit in box.units:
        for item in unit.inventory:
            chem = chemicals.get(item.chemical)
            node = _release_node(unit, item)
            if chem is None or not chem.is_("toxic") or node is None or box.site.node(node) is None:
                continue
            z = node_zone(
                box,
                chem,
                node,
                "large",
                item.container,
                False,
                EVAC_CHECK_WIND_MS,
                "N",
                quantity_t=item.max_quantity_t,
            )
            size = (z.extent_m, z.isolate_m)
            if best is None or size > best[0]:
                best = (size, chem, item, node)
    return None if best is None else (best[1], best[2], best[3])


def check_evacuation(box: HandoverBox, chemicals: Mapping[str, Chemical]) -> list[Problem]:
    """Warn where occupants cannot reach a safe assembly point clear of the zone, wind by wind.

    The release is a large spill of the box's worst toxic chemical at its node, by day, at
    :data:`EVAC_CHECK_WIND_MS`, for each of the 8 wind directions. Winds in which no assembly point at all
    lies outside the zone give one warning for the box (on-site assembly cannot be safe: the plan needs
    off-site evacuation); otherwise each occupied node that cannot get to a safe assembly point without
    walking through the zone gets a warning naming the winds.
    """
    worst = worst_toxic_release(box, chemicals)
    if worst is None:
        return []
    chem, item, node = worst
    aps = box.site.of_type("assembly_point")
    no_safe_ap: list[str] = []
    bad: dict[str, list[str]] = {}
    zone: HazardZone | None = None
    for wind in WIND_DIRS:
        zone = node_zone(
            box,
            chem,
            node,
            "large",
            item.container,
            False,
            EVAC_CHECK_WIND_MS,
            wind,
            quantity_t=item.max_quantity_t,
        )
        if not any(not zone.contains(a.x_m, a.y_m) for a in aps):
            no_safe_ap.append(wind)
            continue
        for origin, route in evacuation_routes(box, zone).items():
            starts_inside = zone.contains(*_xy(box, origin))
            if not route.safe or (route.crosses_zone and not starts_inside):
                bad.setdefault(origin, []).append(wind)
    if zone is None:
        return []
    what = (
        f"a large {chem.id} release at '{node}' ({zone.basis}; isolation {zone.isolate_m:g} m, "
        f"downwind {zone.protect_m:g} m)"
    )
    out = []
    if no_safe_ap:
        winds = "any wind" if len(no_safe_ap) == len(WIND_DIRS) else "wind from " + ", ".join(no_safe_ap)
        out.append(
            _w(
                box.path,
                box.line,
                f"box '{box.id}': with {winds} every assembly point lies inside the zone of {what}; "
                "on-site assembly cannot be safe (expected an off-site evacuation route in the plan)",
            )
        )
    for origin, winds_bad in bad.items():
        n = box.site.node(origin)
        assert n is not None
        out.append(
            _w(
                box.path,
                n.line,
                f"'{origin}' ({n.name_zh}, {n.occupancy.max} people) has no route to a safe assembly point "
                f"clear of the zone with wind from {', '.join(winds_bad)}: {what}",
            )
        )
    return out


def _xy(box: HandoverBox, node_id: str) -> tuple[float, float]:
    n = box.site.node(node_id)
    return (n.x_m, n.y_m) if n is not None else (0.0, 0.0)


@dataclass(frozen=True, slots=True)
class _Member:
    chem: Chemical
    item: InventoryItem

    def groups(self) -> set[str]:
        g = {self.chem.storage_group}
        if self.chem.specialist_class == "cyanide":
            g.add("cyanide")
        if self.chem.water_reactive.value is True:
            g.add("water_reactive")
        return g


def check_incompatible_storage(box: HandoverBox, chemicals: Mapping[str, Chemical]) -> list[Problem]:
    """Warn for chemicals stored together in one storage unit that must be kept apart."""
    rules = _data()["incompatible_storage"]["pairs"]
    out = []
    for unit in box.units:
        if unit.kind != "storage":
            continue
        members = [_Member(chemicals[i.chemical], i) for i in unit.inventory if i.chemical in chemicals]
        reported: set[tuple[str, str, str]] = set()
        for i, m1 in enumerate(members):
            for m2 in members[i + 1 :]:
                if m1.chem.id == m2.chem.id:
                    continue
                for rule in rules:
                    a, bs = rule["a"], set(rule["b"])
                    for x, y in ((m1, m2), (m2, m1)):
                        if a in x.groups() and bs & y.groups():
                            key = (x.chem.id, y.chem.id, rule["why"])
                            if key in reported:
                                continue
                            reported.add(key)
                            out.append(
                                _w(
                                    box.path,
                                    max(m1.item.line, m2.item.line) or unit.line,
                                    f"storage unit '{unit.id}' holds {x.chem.id} and {y.chem.id} together: "
                                    f"{rule['why']}",
                                )
                            )
    return out


def check_gb18218(box: HandoverBox, chemicals: Mapping[str, Chemical]) -> list[Problem]:
    """Warn where the computed GB 18218 level differs from the unit's declared level."""
    out = []
    for a in assess_box(box, chemicals):
        if not a.mismatch:
            continue
        computed = f"level {a.level}" if a.level is not None else "not a major hazard installation"
        declared = (
            f"declared level {a.declared_level}"
            if a.declared_level is not None
            else "declared no major hazard"
        )
        out.append(
            _w(
                box.path,
                a.line,
                f"unit '{a.unit_id}': GB 18218-2018 gives {computed} (S = {a.s:.2f}, R = {a.r:.1f}, "
                f"α = {a.alpha:g}) but the box has {declared} (expected the computed grade, or a reason)",
            )
        )
    return out


def check_chemical_gb18218(chem: Chemical) -> list[Problem]:
    """Warn when a chemical record's GB 18218 Q or β differs from the standard's tables."""
    found = classify(chem)
    if found is None or not found[3]:
        return []
    return [_w(chem.path, chem.line, f"chemical '{chem.id}': GB 18218 {found[3]} ({found[2]})")]


def check_box(content: Content, box: HandoverBox, today: date | None = None) -> list[Problem]:
    """Every standards warning about one handover box and its plans (for the site packet)."""
    today = today or date.today()
    plans = content.plans_for(box.id)
    out: list[Problem] = []
    for plan in plans:
        out += check_plan_chapters(plan)
    out += check_key_posts(box, plans)
    out += check_people_limit(box)
    out += check_stale(box, today)
    out += check_evacuation(box, content.chemicals)
    out += check_incompatible_storage(box, content.chemicals)
    out += check_gb18218(box, content.chemicals)
    return out


def check_standards(content: Content, today: date | None = None) -> list[Problem]:
    """All standards warnings over the content, sorted by path and line."""
    out: list[Problem] = []
    for box in content.enterprises.values():
        out += check_box(content, box, today)
    for sds in content.sds.values():
        out += check_sds_sections(sds)
    for chem in content.chemicals.values():
        out += check_chemical_gb18218(chem)
    return sorted(out, key=lambda p: (p.path, p.line, p.message))
