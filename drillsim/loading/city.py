"""Build the City (districts, roads, fire stations, hospitals, EMS, antidotes) from kb/city/*.yaml."""

from __future__ import annotations

import math

from drillsim.loading.reader import Record
from drillsim.model import (
    STATION_KINDS,
    Antidote,
    City,
    Congestion,
    District,
    EmsCentre,
    FireStation,
    HazmatTeam,
    Hospital,
    Park,
    RoadClass,
    RoadEdge,
    RoadNode,
    frozen_map,
)

CAPABILITIES = (
    "foam",
    "water_curtain",
    "leak_sealing",
    "decontamination",
    "gas_detection",
    "gas_tight_suits",
    "heavy_rescue",
    "high_volume_water",
    "aerial",
    "hf_treatment",
    "cyanide_treatment",
    "chemical_analysis",
    "transfer_pumping",
)


def _caps(rec: Record) -> tuple[str, ...]:
    caps = rec.strs("capabilities", required=True)
    for c in caps:
        if c not in CAPABILITIES:
            rec.err(
                "capabilities",
                f"{rec.what}: unknown capability '{c}' (expected one of: {', '.join(CAPABILITIES)})",
            )
    return caps


def build_city(parts: dict[str, Record | None]) -> City:
    """``parts`` maps file stem (city, roads, fire_stations, hospitals, ems, antidotes) to its top record."""
    city = parts.get("city")
    districts: list[District] = []
    parks: list[Park] = []
    classes: list[RoadClass] = []
    congestion: list[Congestion] = []
    name_zh = name_en = ""
    if city is not None and city.ok:
        name_zh, name_en = city.text("name_zh"), city.text("name_en")
        for d in city.records("districts", "district", required=True):
            districts.append(
                District(
                    d.id(),
                    d.text("name_zh"),
                    d.text("name_en"),
                    d.enum("kind", ("urban", "county")),
                    d.num("hazmat_target_min", minimum=1),
                    d.line,
                )
            )
            d.done()
        for p in city.records("parks", "park"):
            parks.append(Park(p.id(), p.text("name_zh"), p.text("name_en"), p.text("district"), p.line))
            p.done()
        for c in city.records("road_classes", "road class", required=True):
            classes.append(RoadClass(c.id(), c.num("speed_kmh", minimum=1), c.text("source")))
            c.done()
        for g in city.records("congestion", "congestion period"):
            from_h = g.num("from_h", maximum=24)
            to_h = g.num("to_h", maximum=24)
            if to_h == from_h:
                g.err(
                    "to_h",
                    f"congestion period: to_h equals from_h {from_h} (expected a period; it may wrap midnight)",
                )
            congestion.append(Congestion(from_h, to_h, g.num("factor", minimum=0.1, maximum=10)))
            g.done()
        city.done()

    nodes: list[RoadNode] = []
    edges: list[RoadEdge] = []
    roads = parts.get("roads")
    if roads is not None and roads.ok:
        for n in roads.records("nodes", "road node", required=True):
            nodes.append(
                RoadNode(
                    n.id(),
                    n.text("name_zh"),
                    n.text("name_en"),
                    n.num("x_km", minimum=-1000, maximum=1000),
                    n.num("y_km", minimum=-1000, maximum=1000),
                    n.text("district"),
                    n.line,
                )
            )
            n.done()
        pos = {n.id: (n.x_km, n.y_km) for n in nodes}
        for e in roads.records("edges", "road edge", required=True):
            a, b = e.text("from"), e.text("to")
            straight = math.dist(pos[a], pos[b]) if a in pos and b in pos else 0.0
            length = e.num("length_km", required=False, default=None, minimum=0.001)
            if length is None:
                length = max(straight * 1.15, 0.01)
            elif straight and length < straight * 0.99:
                e.err(
                    "length_km",
                    f"road edge {a}-{b}: length_km {length} is shorter than the straight line {straight:.2f} km",
                )
            for end, key in ((a, "from"), (b, "to")):
                if end and end not in pos:
                    e.err(key, f"road edge {a}-{b}: unknown road node '{end}'")
            edges.append(RoadEdge(a, b, e.text("class"), float(length), e.flag("oneway"), e.line))
            e.done()
        roads.done()

    stations: list[FireStation] = []
    fs = parts.get("fire_stations")
    if fs is not None and fs.ok:
        for s in fs.records("stations", "fire station", required=True):
            sid = s.id()
            s.what = f"fire station '{sid}'"
            stations.append(
                FireStation(
                    id=sid,
                    fictional=s.flag("fictional", required=True),
                    name_zh=s.text("name_zh"),
                    name_en=s.text("name_en"),
                    kind=s.enum("kind", STATION_KINDS),
                    district=s.text("district"),
                    node=s.text("node"),
                    engines=s.whole("engines", maximum=100),
                    hazmat_units=s.whole("hazmat_units", maximum=50),
                    crew=s.whole("crew", minimum=1, maximum=1000),
                    scba_sets=s.whole("scba_sets", maximum=2000),
                    turnout_min=s.num("turnout_min", minimum=0.1, maximum=30),
                    capabilities=_caps(s),
                    line=s.line,
                )
            )
            s.done()
        fs.done()

    hospitals: list[Hospital] = []
    hs = parts.get("hospitals")
    if hs is not None and hs.ok:
        for h in hs.records("hospitals", "hospital", required=True):
            hid = h.id()
            h.what = f"hospital '{hid}'"
            stock: dict[str, int] = {}
            st = h.record("antidote_stock", f"hospital '{hid}' antidote_stock", required=False)
            if st is not None and st.ok:
                for k in list(st.data):
                    stock[str(k)] = st.whole(str(k), maximum=100_000)
                st.done()
            hospitals.append(
                Hospital(
                    id=hid,
                    fictional=h.flag("fictional", required=True),
                    name_zh=h.text("name_zh"),
                    name_en=h.text("name_en"),
                    district=h.text("district"),
                    node=h.text("node"),
                    level=h.text("level"),
                    poison_center=h.flag("poison_center"),
                    poison_beds=h.whole("poison_beds", maximum=2000),
                    icu_beds=h.whole("icu_beds", maximum=2000),
                    baseline_occupancy_pct=h.num("baseline_occupancy_pct", maximum=100),
                    ambulances=h.whole("ambulances", maximum=200),
                    decon=h.flag("decon"),
                    hyperbaric=h.flag("hyperbaric"),
                    antidote_stock=frozen_map(stock),
                    line=h.line,
                )
            )
            h.done()
        hs.done()

    centres: list[EmsCentre] = []
    teams: list[HazmatTeam] = []
    ems = parts.get("ems")
    if ems is not None and ems.ok:
        for c in ems.records("ems_centres", "EMS centre", required=True):
            centres.append(
                EmsCentre(
                    c.id(),
                    c.flag("fictional", required=True),
                    c.text("name_zh"),
                    c.text("name_en"),
                    c.text("node"),
                    c.num("call_to_dispatch_min", minimum=0.1, maximum=60),
                    c.whole("ambulances", maximum=1000),
                    c.line,
                )
            )
            c.done()
        for t in ems.records("hazmat_teams", "hazmat team"):
            teams.append(
                HazmatTeam(
                    t.id(),
                    t.flag("fictional", required=True),
                    t.text("name_zh"),
                    t.text("name_en"),
                    t.text("kind"),
                    t.text("node"),
                    t.num("turnout_min", minimum=0.1, maximum=120),
                    t.whole("units", minimum=1, maximum=50),
                    _caps(t),
                    t.line,
                )
            )
            t.done()
        ems.done()

    antidotes: list[Antidote] = []
    an = parts.get("antidotes")
    if an is not None and an.ok:
        for a in an.records("antidotes", "antidote", required=True):
            antidotes.append(
                Antidote(
                    a.id(),
                    a.text("name_zh"),
                    a.text("name_en"),
                    a.strs("for_chemicals", required=True),
                    a.text("dose"),
                    a.text("source"),
                    a.flag("verified", default=True),
                    a.line,
                )
            )
            a.done()
        an.done()

    return City(
        name_zh=name_zh,
        name_en=name_en,
        districts=tuple(districts),
        parks=tuple(parks),
        road_classes=tuple(classes),
        congestion=tuple(congestion),
        road_nodes=tuple(nodes),
        road_edges=tuple(edges),
        fire_stations=tuple(stations),
        hospitals=tuple(hospitals),
        ems_centres=tuple(centres),
        hazmat_teams=tuple(teams),
        antidotes=tuple(antidotes),
    )
