"""Build search documents from the domain model: enterprises and site nodes, chemicals and SDS, plans, scenarios."""

from __future__ import annotations

from collections.abc import Iterator

from drillsim.loading.markdown import slug
from drillsim.model import Chemical, Content, HandoverBox, Plan, Scenario, Sds
from drillsim.search.analysis import plain_text
from drillsim.search.searchdoc import (
    BODY_LIMIT,
    NODE_TYPE_LABEL,
    NODE_TYPES_OF_NOTE,
    PLAN_KIND_LABEL,
    RISK_LABEL,
    SearchDoc,
    bi,
    chem_label,
    chem_name,
    chem_refs,
    join_text,
    owner_of,
    rel_path,
    short_name,
)


# --------------------------------------------------------------------------- enterprises and their site nodes
def enterprise_docs(box: HandoverBox, content: Content, root: str | None) -> Iterator[SearchDoc]:
    """The enterprise profile, one document per hazard unit and per site node of note, and its plans."""
    chems = content.chemicals
    path = rel_path(box.path, root)
    group = f"enterprise:{box.id}"
    district = content.city.district(box.district)
    park = content.city.park(box.park)
    chem_ids = box.chemical_ids
    refs = [r for c in chem_ids for r in chem_refs(chems.get(c))]
    profile = join_text(
        [
            box.industry_zh,
            box.industry_en,
            box.address_zh,
            box.address_en,
            district and bi(district.name_zh, district.name_en),
            park and bi(park.name_zh, park.name_en),
            RISK_LABEL.get(box.risk, box.risk),
            f"24小时电话 24-hour phone {box.phone_24h}",
            *(f"{c.role} {c.name_zh} {c.name_en} {c.phone}" for c in box.contacts),
            "危险化学品 chemicals:",
            *(chem_label(chems.get(c), c) for c in chem_ids),
            "单元 units:",
            *(bi(u.name_zh, u.name_en) for u in box.units),
            "岗位 posts:",
            *(bi(p.name_zh, p.name_en) for p in box.posts),
        ]
    )
    yield SearchDoc(
        id=f"enterprise:{box.id}",
        group=group,
        enterprise=box.id,
        kind="enterprise",
        title=bi(box.name_zh, box.name_en),
        path=path,
        anchor="",
        body=profile[:BODY_LIMIT],
        names=(box.name_zh, box.name_en, *box.short_names, box.id),
        refs=tuple(dict.fromkeys(refs)),
        places=(
            box.address_zh,
            box.address_en,
            district.name_zh if district else box.district,
            district.name_en if district else "",
            park.name_zh if park else "",
            park.name_en if park else "",
            box.industry_zh,
            box.industry_en,
        ),
    )
    owner = owner_of(box)
    stored_at: dict[str, list[str]] = {}
    unit_zh: dict[str, list[str]] = {}
    for u in box.units:
        for n in u.nodes:
            unit_zh.setdefault(n, []).append(u.name_zh or u.name_en)
        for item in u.inventory:
            if item.node:
                stored_at.setdefault(item.node, []).append(
                    f"{chem_name(chems.get(item.chemical), item.chemical)} {item.max_quantity_t:g} t {item.container}"
                )
    for u in box.units:
        unit_chems = list(dict.fromkeys(i.chemical for i in u.inventory))
        body = join_text(
            [
                "重大危险源单元 hazard unit",
                "储存单元 storage" if u.kind == "storage" else "生产单元 production",
                f"申报等级 declared level {u.declared_level}" if u.declared_level else "",
                *(
                    f"{chem_name(chems.get(i.chemical), i.chemical)} {i.max_quantity_t:g} t {i.container}"
                    for i in u.inventory
                ),
                "节点 nodes:",
                *(
                    (n.name_zh or n.name_en) + (f" {n.tag}" if n.tag else "")
                    for n in (box.site.node(x) for x in u.nodes)
                    if n
                ),
            ]
        )
        yield SearchDoc(
            id=f"unit:{box.id}:{u.id}",
            group=group,
            enterprise=box.id,
            kind="site_node",
            title=f"{bi(u.name_zh, u.name_en)} · {short_name(box)}",
            path=path,
            anchor=f"unit-{u.id}",
            body=body[:BODY_LIMIT],
            names=(u.name_zh, u.name_en),
            places=(owner,),
            refs=tuple(dict.fromkeys(r for c in unit_chems for r in chem_refs(chems.get(c)))),
        )
    posts_at: dict[str, list[str]] = {}
    for p in box.posts:
        posts_at.setdefault(p.node, []).append(bi(p.name_zh, p.name_en))
    unit_names = {u.id: bi(u.name_zh, u.name_en) for u in box.units}
    for n in box.site.nodes:
        if n.type not in NODE_TYPES_OF_NOTE:
            continue
        label_zh, label_en = NODE_TYPE_LABEL[n.type]
        occ = n.occupancy
        body = join_text(
            [
                label_zh,
                label_en,
                *stored_at.get(n.id, ()),
                *(f"属于 unit {x}" for x in unit_zh.get(n.id, ())),
                *(f"岗位 post {x}" for x in posts_at.get(n.id, ())),
                n.capacity and f"容纳 capacity {n.capacity}",
                n.controls and "切断 controls " + " ".join(unit_names.get(c, c) for c in n.controls),
                n.remote and "远程 remote",
                occ.max and f"人员 occupancy day {occ.day} night {occ.night} holiday {occ.holiday}",
                n.flammable_explosive and "易燃易爆场所 flammable/explosive area",
            ]
        )
        node_refs: list[str] = []
        for u in box.units:
            if n.id in u.nodes or n.id in (i.node for i in u.inventory):
                node_refs += [
                    r for i in u.inventory if i.node in (None, n.id) for r in chem_refs(chems.get(i.chemical))
                ]
        name = bi(n.name_zh, n.name_en)
        yield SearchDoc(
            id=f"node:{box.id}:{n.id}",
            group=group,
            enterprise=box.id,
            kind="site_node",
            title=f"{n.tag + ' ' if n.tag else ''}{name} · {short_name(box)}",
            path=path,
            anchor=f"node-{n.id}",
            body=body[:BODY_LIMIT],
            names=tuple(x for x in (n.name_zh, n.name_en, n.tag) if x),
            places=(owner,),
            refs=tuple(dict.fromkeys(node_refs)),
        )


# --------------------------------------------------------------------------- chemicals and SDS
def chemical_docs(chem: Chemical, sds: Sds | None, root: str | None) -> Iterator[SearchDoc]:
    """The chemical record and one document per SDS section."""
    group = f"chemical:{chem.id}"
    erg = chem.erg
    erg_text = ""
    if erg is not None:
        erg_text = join_text(
            [
                erg.guide_spill_isolate_m and f"隔离 isolate {erg.guide_spill_isolate_m:g} m",
                erg.small
                and f"小量泄漏 small spill isolate {erg.small.isolate_m:g} m day {erg.small.day_km:g} km night {erg.small.night_km:g} km",
                erg.large
                and f"大量泄漏 large spill isolate {erg.large.isolate_m:g} m day {erg.large.day_km:g} km night {erg.large.night_km:g} km",
                erg.fire_isolate_m and f"火灾 fire isolate {erg.fire_isolate_m:g} m",
            ]
        )
    body = join_text(
        [
            *chem.synonyms_zh,
            *chem.synonyms_en,
            chem.cas and f"CAS {chem.cas}",
            *(
                f"UN {u.number} {u.name_en} ERG guide 指南 {u.erg_guide}" + (" TIH 吸入毒性" if u.tih else "")
                for u in chem.un
            ),
            chem.state,
            " ".join(chem.hazard_groups),
            value_text(chem.ghs_classes.value),
            chem.idlh_ppm and chem.idlh_ppm.value is not None and f"IDLH {chem.idlh_ppm.value} ppm",
            erg_text,
            value_text(chem.extinguishing.value),
            value_text(chem.antidote_note.value),
            " ".join(chem.antidotes),
        ]
    )
    yield SearchDoc(
        id=f"chemical:{chem.id}",
        group=group,
        enterprise="",
        kind="chemical",
        title=bi(chem.name_zh, chem.name_en),
        path=rel_path(chem.path, root),
        anchor="",
        body=body[:BODY_LIMIT],
        names=(chem.name_zh, chem.name_en, *chem.synonyms_zh, *chem.synonyms_en, chem.id),
        cas=tuple(c for c in (chem.cas, *chem.cas_components) if c),
        un=chem.un_numbers,
        erg=chem.erg_guides,
    )
    if sds is None:
        return
    refs = tuple(chem_refs(chem))
    for sec in sds.sections:
        yield SearchDoc(
            id=f"sds:{chem.id}:{sec.no}",
            group=group,
            enterprise="",
            kind="sds_section",
            title=f"{chem.name_zh} {chem.name_en} SDS {sec.no} {bi(sec.title_zh, sec.title_en)}",
            path=rel_path(sds.path, root),
            anchor=slug(f"{sec.no} {sec.title_zh} / {sec.title_en}"),
            body=plain_text(sec.body_md)[:BODY_LIMIT],
            names=(),
            refs=refs,
            heading=f"{sec.title_zh} {sec.title_en}",
            places=(chem.name_zh, chem.name_en, "SDS 安全技术说明书"),
        )


def value_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return "" if value is None or isinstance(value, bool) else str(value)


# --------------------------------------------------------------------------- plans and scenarios
def plan_docs(plan: Plan, content: Content, root: str | None) -> Iterator[SearchDoc]:
    """The plan and one document per section (headed by its anchor)."""
    box = content.enterprises.get(plan.enterprise)
    group = f"enterprise:{plan.enterprise}" if box else f"plan:{plan.id}"
    owner = owner_of(box) if box else "城市 city"
    path = rel_path(plan.path, root)
    chems = content.chemicals
    title = bi(plan.title_zh, plan.title_en)
    head = join_text(
        [
            PLAN_KIND_LABEL.get(plan.kind, plan.kind),
            f"版本 version {plan.version}",
            *(chem_label(chems.get(h), h) for h in plan.hazards),
            *(bi(p.name_zh, p.name_en) for p in (box.posts if box else ()) if p.id in plan.posts),
            owner,
            "章节 sections: " + " ".join(s.title for s in plan.sections),
        ]
    )
    refs = tuple(dict.fromkeys(r for h in plan.hazards for r in chem_refs(chems.get(h))))
    hazard_names = tuple(chem_name(chems.get(h), h) for h in plan.hazards)
    ent = plan.enterprise if box else ""
    yield SearchDoc(
        id=f"plan:{plan.id}",
        group=group,
        enterprise=ent,
        kind="plan",
        title=title,
        path=path,
        anchor="",
        body=head[:BODY_LIMIT],
        names=(plan.title_zh, plan.title_en, plan.id),
        places=(owner, PLAN_KIND_LABEL.get(plan.kind, plan.kind)),
        refs=refs,
    )
    for sec in plan.sections:
        yield SearchDoc(
            id=f"plan:{plan.id}#{sec.anchor}",
            group=group,
            enterprise=ent,
            kind="plan_section",
            title=f"{sec.title} · {plan.title_zh}",
            path=path,
            anchor=sec.anchor,
            body=plain_text(sec.body_md)[:BODY_LIMIT],
            names=(),
            refs=refs,
            heading=sec.title,
            places=(owner, *hazard_names),
        )


def scenario_docs(sc: Scenario, content: Content, root: str | None) -> Iterator[SearchDoc]:
    """The drill scenario: titles, description, enterprises, chemicals and injects it draws from."""
    ents = [content.enterprises.get(e) for e in sc.enterprises]
    chem_ids = list(dict.fromkeys(s.chemical for inc in sc.incidents for s in inc.sources))
    body = join_text(
        [
            sc.description_zh,
            sc.description_en,
            *(f"{short_name(b)} {b.name_zh} {b.name_en}" for b in ents if b),
            *(chem_label(content.chemicals.get(c), c) for c in chem_ids),
            *(bi(i.title_zh, i.title_en) for i in (content.injects.get(x) for x in sc.injects) if i),
        ]
    )
    yield SearchDoc(
        id=f"scenario:{sc.id}",
        group=f"scenario:{sc.id}",
        enterprise=sc.enterprises[0] if len(sc.enterprises) == 1 else "",
        kind="scenario",
        title=bi(sc.title_zh, sc.title_en),
        path=rel_path(sc.path, root),
        anchor="",
        body=body[:BODY_LIMIT],
        names=(sc.title_zh, sc.title_en, sc.id),
        places=tuple(short_name(b) for b in ents if b),
        refs=tuple(dict.fromkeys(r for c in chem_ids for r in chem_refs(content.chemicals.get(c)))),
    )
