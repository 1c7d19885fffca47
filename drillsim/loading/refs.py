"""Cross-file reference checks: every id named in one file exists where it should."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from drillsim.loading.reader import Problems
from drillsim.loading.source import within_root
from drillsim.model import EXTERNAL_ACTORS, STANDARD_ROLES, Content


def _hint(name: str, known: Iterable[str]) -> str:
    near = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{near[0]}'?)" if near else ""


def check_references(c: Content, root: Path, probs: Problems) -> None:
    """Report dangling references and structural rules that span files."""
    city = c.city
    road_ids = {n.id for n in city.road_nodes}
    district_ids = {d.id for d in city.districts}
    park_ids = {p.id for p in city.parks}
    antidote_ids = {a.id for a in city.antidotes}
    class_ids = {rc.id for rc in city.road_classes}
    city_path = "kb/city"

    # --- city
    for p in city.parks:
        if p.district not in district_ids:
            probs.error(
                f"{city_path}/city.yaml",
                p.line,
                f"park '{p.id}': unknown district '{p.district}'{_hint(p.district, district_ids)}",
            )
    for n in city.road_nodes:
        if n.district and n.district not in district_ids:
            probs.error(
                f"{city_path}/roads.yaml",
                n.line,
                f"road node '{n.id}': unknown district '{n.district}'{_hint(n.district, district_ids)}",
            )
    seen_nodes: set[str] = set()
    for n in city.road_nodes:
        if n.id in seen_nodes:
            probs.error(f"{city_path}/roads.yaml", n.line, f"duplicate road node id '{n.id}'")
        seen_nodes.add(n.id)
    for e in city.road_edges:
        if e.road_class not in class_ids:
            probs.error(
                f"{city_path}/roads.yaml",
                e.line,
                f"road edge {e.a}-{e.b}: unknown road class '{e.road_class}' (expected one of: {', '.join(sorted(class_ids))})",
            )
    if city.road_nodes:
        g = nx.Graph()
        g.add_nodes_from(road_ids)
        g.add_edges_from((e.a, e.b) for e in city.road_edges if e.a in road_ids and e.b in road_ids)
        comps = sorted(nx.connected_components(g), key=len, reverse=True)
        for comp in comps[1:]:
            sample = sorted(comp)[:5]
            line = next((n.line for n in city.road_nodes if n.id == sample[0]), 0)
            probs.error(
                f"{city_path}/roads.yaml",
                line,
                f"road network is not connected: {len(comp)} node(s) cut off, e.g. {', '.join(sample)}",
            )
    for s in city.fire_stations:
        if s.node not in road_ids:
            probs.error(
                f"{city_path}/fire_stations.yaml",
                s.line,
                f"fire station '{s.id}': unknown road node '{s.node}'{_hint(s.node, road_ids)}",
            )
        if s.district not in district_ids:
            probs.error(
                f"{city_path}/fire_stations.yaml",
                s.line,
                f"fire station '{s.id}': unknown district '{s.district}'",
            )
    for h in city.hospitals:
        if h.node not in road_ids:
            probs.error(
                f"{city_path}/hospitals.yaml",
                h.line,
                f"hospital '{h.id}': unknown road node '{h.node}'{_hint(h.node, road_ids)}",
            )
        if h.district not in district_ids:
            probs.error(
                f"{city_path}/hospitals.yaml", h.line, f"hospital '{h.id}': unknown district '{h.district}'"
            )
        for a in h.antidote_stock:
            if a not in antidote_ids:
                probs.error(
                    f"{city_path}/hospitals.yaml",
                    h.line,
                    f"hospital '{h.id}': antidote_stock names unknown antidote '{a}'{_hint(a, antidote_ids)}",
                )
    for e in city.ems_centres:
        if e.node not in road_ids:
            probs.error(
                f"{city_path}/ems.yaml",
                e.line,
                f"EMS centre '{e.id}': unknown road node '{e.node}'{_hint(e.node, road_ids)}",
            )
    for t in city.hazmat_teams:
        if t.node not in road_ids:
            probs.error(
                f"{city_path}/ems.yaml",
                t.line,
                f"hazmat team '{t.id}': unknown road node '{t.node}'{_hint(t.node, road_ids)}",
            )
    for a in city.antidotes:
        for ch in a.for_chemicals:
            if ch not in c.chemicals:
                probs.error(
                    f"{city_path}/antidotes.yaml",
                    a.line,
                    f"antidote '{a.id}': unknown chemical '{ch}'{_hint(ch, c.chemicals)}",
                )
    for kind, items in (
        ("fire station", city.fire_stations),
        ("hospital", city.hospitals),
        ("EMS centre", city.ems_centres),
        ("hazmat team", city.hazmat_teams),
    ):
        seen: set[str] = set()
        for it in items:
            if it.id in seen:
                probs.error(city_path, it.line, f"duplicate {kind} id '{it.id}'")
            seen.add(it.id)

    # --- chemicals and SDS
    for ch in c.chemicals.values():
        for a in ch.antidotes:
            if a not in antidote_ids:
                probs.error(
                    ch.path,
                    ch.line,
                    f"chemical '{ch.id}': unknown antidote '{a}'{_hint(a, antidote_ids)} (expected an id from kb/city/antidotes.yaml)",
                )
        if ch.id not in c.sds:
            probs.error(ch.path, ch.line, f"chemical '{ch.id}' has no SDS (expected kb/sds/{ch.id}.md)")
    for s in c.sds.values():
        if s.chemical not in c.chemicals:
            probs.error(s.path, 1, f"SDS for unknown chemical '{s.chemical}'{_hint(s.chemical, c.chemicals)}")

    # --- enterprises
    for box in c.enterprises.values():
        p = box.path
        if box.district not in district_ids:
            probs.error(
                p,
                box.line,
                f"enterprise '{box.id}': unknown district '{box.district}'{_hint(box.district, district_ids)}",
            )
        if box.park is not None and box.park not in park_ids:
            probs.error(
                p, box.line, f"enterprise '{box.id}': unknown park '{box.park}'{_hint(box.park, park_ids)}"
            )
        if box.road_node not in road_ids:
            probs.error(
                p,
                box.line,
                f"enterprise '{box.id}': gate road node '{box.road_node}' is not in kb/city/roads.yaml{_hint(box.road_node, road_ids)}",
            )
        node_ids = {n.id for n in box.site.nodes}
        unit_ids = {u.id for u in box.units}
        seen_n: set[str] = set()
        for n in box.site.nodes:
            if n.id in seen_n:
                probs.error(p, n.line, f"enterprise '{box.id}': duplicate site node id '{n.id}'")
            seen_n.add(n.id)
            for u in n.controls:
                if u not in unit_ids:
                    probs.error(
                        p, n.line, f"site node '{n.id}': controls unknown unit '{u}'{_hint(u, unit_ids)}"
                    )
        types = [n.type for n in box.site.nodes]
        for need, count, label in (
            ("assembly_point", 2, "assembly points"),
            ("gate", 1, "gate"),
            ("wind_sock", 1, "wind sock"),
            ("esd_point", 1, "ESD point"),
        ):
            if types.count(need) < count:
                probs.error(
                    p,
                    box.line,
                    f"enterprise '{box.id}': site plan has {types.count(need)} {label} (expected at least {count})",
                )
        role_ids = {r.id for r in box.roles}
        for std in STANDARD_ROLES:
            if std not in role_ids:
                probs.error(
                    p,
                    box.line,
                    f"enterprise '{box.id}': missing standard role '{std}' (expected roles: {', '.join(STANDARD_ROLES)}; count may be 0)",
                )
        seen_u: set[str] = set()
        for u in box.units:
            if u.id in seen_u:
                probs.error(p, u.line, f"enterprise '{box.id}': duplicate unit id '{u.id}'")
            seen_u.add(u.id)
            for nid in u.nodes:
                if nid not in node_ids:
                    probs.error(p, u.line, f"unit '{u.id}': unknown site node '{nid}'{_hint(nid, node_ids)}")
            for item in u.inventory:
                if item.chemical not in c.chemicals:
                    probs.error(
                        p,
                        item.line,
                        f"unit '{u.id}': unknown chemical '{item.chemical}'{_hint(item.chemical, c.chemicals)}",
                    )
                if item.node is not None and item.node not in node_ids:
                    probs.error(
                        p,
                        item.line,
                        f"unit '{u.id}': inventory node '{item.node}' is not a site node{_hint(item.node, node_ids)}",
                    )
        for post in box.posts:
            if post.node not in node_ids:
                probs.error(
                    p,
                    post.line,
                    f"post '{post.id}': unknown site node '{post.node}'{_hint(post.node, node_ids)}",
                )
        for att in box.attachments:
            f = att.file
            target = (root / f) if f else root
            if not f or Path(f).is_absolute() or not within_root(root, target):
                probs.error(
                    p,
                    att.line,
                    f"attachment '{f}' escapes the content root (expected a path inside it, e.g. kb/attachments/...)",
                )
            elif not target.is_file():
                probs.error(p, att.line, f"attachment '{f}' does not exist")

    # --- plans
    for plan in c.plans.values():
        p = plan.path
        if plan.enterprise == "city":
            actors = set(EXTERNAL_ACTORS)
            box = None
        else:
            box = c.enterprises.get(plan.enterprise)
            if box is None:
                probs.error(
                    p,
                    plan.line,
                    f"plan '{plan.id}': unknown enterprise '{plan.enterprise}'{_hint(plan.enterprise, c.enterprises)}",
                )
                continue
            actors = {r.id for r in box.roles} | set(EXTERNAL_ACTORS)
        for h in plan.hazards:
            if h not in c.chemicals:
                probs.error(
                    p,
                    plan.line,
                    f"plan '{plan.id}': hazard '{h}' is not a chemical id{_hint(h, c.chemicals)}",
                )
        if box is not None:
            post_ids = {x.id for x in box.posts}
            for post in plan.posts:
                if post not in post_ids:
                    probs.error(
                        p,
                        plan.line,
                        f"plan '{plan.id}': post '{post}' is not a post of '{box.id}'{_hint(post, post_ids)}",
                    )
        elif plan.posts:
            probs.error(p, plan.line, f"plan '{plan.id}': a city plan names no posts")
        for st in plan.steps:
            if st.actor not in actors:
                probs.error(
                    p,
                    st.line,
                    f"plan '{plan.id}' step '{st.id}': actor '{st.actor}' does not exist{_hint(st.actor, actors)} (expected a role of the enterprise or one of: {', '.join(EXTERNAL_ACTORS)})",
                )
        if not plan.steps:
            probs.error(p, plan.line, f"plan '{plan.id}': no executable steps (expected a 'steps' list)")

    # --- scenarios, injects, rubrics
    for s in c.scenarios.values():
        p = s.path
        if s.rubric not in c.rubrics:
            probs.error(
                p, s.line, f"scenario '{s.id}': unknown rubric '{s.rubric}'{_hint(s.rubric, c.rubrics)}"
            )
        for inj in s.injects:
            if inj not in c.injects:
                probs.error(p, s.line, f"scenario '{s.id}': unknown inject '{inj}'{_hint(inj, c.injects)}")
        for k in s.inject_probability:
            if k not in s.injects:
                probs.error(
                    p,
                    s.line,
                    f"scenario '{s.id}': inject_probability names '{k}', which is not in its injects",
                )
        for inc in s.incidents:
            for src in inc.sources:
                box = c.enterprises.get(src.enterprise)
                if box is None:
                    probs.error(
                        p,
                        src.line,
                        f"scenario '{s.id}': unknown enterprise '{src.enterprise}'{_hint(src.enterprise, c.enterprises)}",
                    )
                    continue
                unit = box.unit(src.unit)
                if unit is None:
                    probs.error(
                        p,
                        src.line,
                        f"scenario '{s.id}': '{src.enterprise}' has no unit '{src.unit}'{_hint(src.unit, [u.id for u in box.units])}",
                    )
                    continue
                if src.chemical not in {i.chemical for i in unit.inventory}:
                    probs.error(
                        p,
                        src.line,
                        f"scenario '{s.id}': unit '{src.unit}' of '{src.enterprise}' holds no '{src.chemical}' (holds: {', '.join(i.chemical for i in unit.inventory)})",
                    )
    for inj in c.injects.values():
        group = inj.when.hazard_group
        if group and not any(group in ch.hazard_groups for ch in c.chemicals.values()):
            probs.error(
                "scenarios/injects.yaml",
                inj.line,
                f"inject '{inj.id}': no chemical has hazard group '{group}' (impossible condition)",
            )
