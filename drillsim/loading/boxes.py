"""Build HandoverBox records (the enterprise's emergency handover box) from kb/enterprises/*.yaml."""

from __future__ import annotations

import math
from datetime import date

from drillsim.loading.reader import Record
from drillsim.model import (
    CONTAINERS,
    NODE_TYPES,
    RISK_COLOURS,
    STATES,
    Attachment,
    Contact,
    HandoverBox,
    HazardUnit,
    InventoryItem,
    OnSiteResources,
    Post,
    Role,
    SiteEdge,
    SiteNode,
    SitePlan,
)

_EPOCH = date(1970, 1, 1)


def _resources(rec: Record | None) -> OnSiteResources:
    if rec is None or not rec.ok:
        return OnSiteResources()
    r = OnSiteResources(
        scba_sets=rec.whole("scba_sets", maximum=2000),
        scba_cylinder_min=rec.num("scba_cylinder_min", minimum=5, maximum=240),
        spare_cylinders=rec.whole("spare_cylinders", required=False, maximum=5000),
        gas_tight_suits=rec.whole("gas_tight_suits", maximum=500),
        fixed_gas_detectors=rec.whole("fixed_gas_detectors", maximum=10000),
        portable_detectors=rec.whole("portable_detectors", required=False, maximum=2000),
        fire_water_m3=rec.num("fire_water_m3", maximum=1_000_000),
        foam_m3=rec.num("foam_m3", required=False, maximum=100_000),
        leak_sealing_kits=rec.whole("leak_sealing_kits", required=False, maximum=500),
        micro_fire_station=rec.flag("micro_fire_station"),
        decon_showers=rec.whole("decon_showers", required=False, maximum=500),
    )
    rec.done()
    return r


def _site(rec: Record | None, box_what: str) -> SitePlan:
    if rec is None or not rec.ok:
        return SitePlan(0.0, (), ())
    north = rec.num("north_deg", required=False, default=0.0, minimum=-360, maximum=360)
    nodes: list[SiteNode] = []
    for n in rec.records("nodes", f"{box_what} site node", required=True):
        nid = n.id()
        n.what = f"site node '{nid}'"
        occ = n.shift_counts("occupancy")
        if occ.max > 500:
            n.err("occupancy", f"{n.what}: occupancy {occ.max} on one node is absurd (expected <= 500)")
        nodes.append(
            SiteNode(
                id=nid,
                type=n.enum("type", NODE_TYPES),
                name_zh=n.text("name_zh"),
                name_en=n.text("name_en"),
                x_m=n.num("x_m", minimum=-50_000, maximum=50_000),
                y_m=n.num("y_m", minimum=-50_000, maximum=50_000),
                occupancy=occ,
                flammable_explosive=n.flag("flammable_explosive"),
                tag=n.text("tag", required=False),
                capacity=n.whole("capacity", required=False, maximum=100_000),
                controls=n.strs("controls"),
                remote=n.flag("remote"),
                line=n.line,
            )
        )
        n.done()
    pos = {n.id: (n.x_m, n.y_m) for n in nodes}
    edges: list[SiteEdge] = []
    for e in rec.records("edges", f"{box_what} site edge", required=True):
        a, b = e.text("from"), e.text("to")
        straight = math.dist(pos[a], pos[b]) if a in pos and b in pos else 0.0
        length = e.num("length_m", required=False, default=None, minimum=0.1)
        if length is None:
            length = max(straight, 0.1)
        elif straight and length < straight * 0.99:
            e.err(
                "length_m",
                f"site edge {a}-{b}: length_m {length} is shorter than the straight line {straight:.0f} m",
            )
        for end in (a, b):
            if end and end not in pos:
                e.err("from" if end == a else "to", f"site edge {a}-{b}: unknown node '{end}'")
        edges.append(SiteEdge(a, b, float(length), e.flag("walk", default=True), e.flag("vehicle"), e.line))
        e.done()
    rec.done()
    return SitePlan(float(north or 0.0), tuple(nodes), tuple(edges))


def build_box(rec: Record) -> HandoverBox:
    bid = rec.id()
    what = f"enterprise '{bid}'"
    rec.what = what
    contacts = []
    for c in rec.records("contacts", f"{what} contact", required=True):
        contacts.append(Contact(c.text("role"), c.text("name_zh"), c.text("name_en"), c.text("phone")))
        c.done()
    roles = []
    for r in rec.records("roles", f"{what} role", required=True):
        roles.append(
            Role(r.id(), r.text("name_zh"), r.text("name_en"), r.shift_counts("on_shift", required=True))
        )
        r.done()
    units = []
    for u in rec.records("units", f"{what} unit", required=True):
        uid = u.id()
        u.what = f"unit '{uid}'"
        inv = []
        for i in u.records("inventory", f"unit '{uid}' inventory item", required=True):
            inv.append(
                InventoryItem(
                    chemical=i.text("chemical"),
                    max_quantity_t=i.num("max_quantity_t", minimum=0.0001),
                    state=i.enum("state", STATES),
                    container=i.enum("container", CONTAINERS),
                    node=i.opt_str("node"),
                    line=i.line,
                )
            )
            i.done()
        declared = u.num("declared_level", required=False, default=None, minimum=1, maximum=4, integer=True)
        units.append(
            HazardUnit(
                id=uid,
                name_zh=u.text("name_zh"),
                name_en=u.text("name_en"),
                kind=u.enum("kind", ("storage", "production")),
                nodes=u.strs("nodes", required=True),
                declared_level=declared,
                inventory=tuple(inv),
                line=u.line,
            )
        )
        u.done()
    posts = []
    for p in rec.records("posts", f"{what} post"):
        posts.append(
            Post(
                p.id(),
                p.text("name_zh"),
                p.text("name_en"),
                p.text("node"),
                p.flag("key", default=True),
                p.line,
            )
        )
        p.done()
    attachments = []
    for a in rec.records("attachments", f"{what} attachment"):
        attachments.append(Attachment(a.text("title_zh"), a.text("title_en"), a.text("file"), a.line))
        a.done()
    last = rec.day("last_verified")
    box = HandoverBox(
        id=bid,
        fictional=rec.flag("fictional", required=True),
        name_zh=rec.text("name_zh"),
        name_en=rec.text("name_en"),
        short_names=rec.strs("short_names"),
        industry_zh=rec.text("industry_zh"),
        industry_en=rec.text("industry_en"),
        address_zh=rec.text("address_zh"),
        address_en=rec.text("address_en"),
        district=rec.id("district"),
        park=rec.opt_str("park"),
        road_node=rec.text("road_node"),
        risk=rec.enum("risk", RISK_COLOURS),
        last_verified=last or _EPOCH,
        people_within_500m=rec.whole("people_within_500m", maximum=1_000_000),
        phone_24h=rec.text("phone_24h"),
        contacts=tuple(contacts),
        roles=tuple(roles),
        resources=_resources(rec.record("resources", f"{what} resources")),
        units=tuple(units),
        posts=tuple(posts),
        site=_site(rec.record("site", f"{what} site"), what),
        attachments=tuple(attachments),
        path=rec.path,
        line=rec.line,
    )
    rec.done()
    return box
