"""Build Chemical records and SDS documents from kb/chemicals/*.yaml and kb/sds/*.md."""

from __future__ import annotations

import re

from drillsim.loading.markdown import Heading, MarkdownDoc
from drillsim.loading.reader import Record
from drillsim.model import (
    CONTAINERS,
    HAZARD_GROUPS,
    SPECIALIST_CLASSES,
    STATES,
    STORAGE_GROUPS,
    Chemical,
    Clinical,
    Erg,
    ErgSpill,
    ErgTable3Row,
    Gb18218Entry,
    Sds,
    SdsSection,
    UNEntry,
)

CAS_RE = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")


def cas_check_digit(body: str) -> int:
    """The CAS check digit of the digits before it (without dashes).

    >>> cas_check_digit("778250")   # chlorine 7782-50-5
    5
    """
    return sum(int(d) * i for i, d in enumerate(reversed(body), start=1)) % 10


def cas_problem(cas: str) -> str | None:
    """Why ``cas`` is not a valid CAS number, or None.

    >>> cas_problem("7782-50-5") is None
    True
    >>> cas_problem("7782-50-4")
    'CAS 7782-50-4: check digit should be 5 (did you mean 7782-50-5?)'
    """
    m = CAS_RE.match(cas)
    if not m:
        return f"CAS {cas!r} is not in the form NNNNNNN-NN-N"
    body = m.group(1) + m.group(2)
    want = cas_check_digit(body)
    if want != int(m.group(3)):
        return f"CAS {cas}: check digit should be {want} (did you mean {m.group(1)}-{m.group(2)}-{want}?)"
    return None


def _three(rec: Record, key: str) -> tuple[float, float, float]:
    vals = []
    for item, line in rec.items(key, required=True):
        if isinstance(item, bool) or not isinstance(item, int | float) or item < 0 or item > 100:
            rec.probs.error(
                rec.path, line, f"{rec.what}: '{key}' items should be distances in km (0-100), found {item!r}"
            )
            vals.append(0.0)
        else:
            vals.append(float(item))
    if len(vals) != 3:
        rec.err(
            key, f"{rec.what}: '{key}' should list 3 distances (low, moderate, high wind), found {len(vals)}"
        )
        vals = ([*vals, 0.0, 0.0, 0.0])[:3]
    return (vals[0], vals[1], vals[2])


def _spill(rec: Record | None) -> ErgSpill | None:
    if rec is None or not rec.ok:
        return None
    s = ErgSpill(rec.num("isolate_m"), rec.num("day_km"), rec.num("night_km"))
    rec.done()
    return s


def build_chemical(rec: Record) -> Chemical:
    what = rec.what
    cid = rec.id()
    cas = rec.opt_str("cas")
    if cas is not None and (msg := cas_problem(cas)):
        rec.err("cas", f"{what}: {msg}")
    comps = rec.strs("cas_components")
    for c in comps:
        if msg := cas_problem(c):
            rec.err("cas_components", f"{what}: {msg}")
    un = []
    for u in rec.records("un", f"{what}.un", required=True):
        number = u.text("number")
        if number and not re.fullmatch(r"\d{4}", number):
            u.err("number", f'{what}: UN number {number!r} should be 4 digits (quote it: "1017")')
        un.append(UNEntry(number, u.text("name_en"), u.text("erg_guide"), u.flag("tih")))
        u.done()
    if not un:
        rec.err("un", f"{what}: at least one UN entry is required")
    erg = None
    e = rec.record("erg", f"{what}.erg", required=False)
    if e is not None and e.ok:
        table1 = e.record("table1", f"{what}.erg.table1", required=False)
        small = large = None
        if table1 is not None and table1.ok:
            small = _spill(table1.record("small", f"{what}.erg.table1.small", required=True))
            large = _spill(table1.record("large", f"{what}.erg.table1.large", required=False))
            table1.done()
        rows = []
        for r in e.records("table3", f"{what}.erg.table3"):
            rows.append(
                ErgTable3Row(
                    r.enum("container", CONTAINERS),
                    r.num("isolate_m"),
                    _three(r, "day_km"),
                    _three(r, "night_km"),
                )
            )
            r.done()
        erg = Erg(
            source=e.text("source"),
            verified=e.flag("verified", default=True),
            guide_spill_isolate_m=e.num("guide_spill_isolate_m", required=False, default=None),
            fire_isolate_m=e.num("fire_isolate_m", required=False, default=None),
            small=small,
            large=large,
            table3=tuple(rows),
        )
        e.done()
    gb = None
    g = rec.record("gb18218", f"{what}.gb18218", required=False)
    if g is not None and g.ok:
        table = g.whole("table", minimum=1, maximum=2)
        gb = Gb18218Entry(
            table,
            g.text("entry"),
            g.num("critical_quantity_t", minimum=0.001),
            g.num("beta", minimum=0.1, maximum=50),
            g.text("source"),
            g.flag("verified", default=True),
        )
        g.done()
    c = rec.record("clinical", f"{what}.clinical", required=True)
    clinical = Clinical("", False, 60, 120, 60, False, False, 0, 0.1)
    if c is not None and c.ok:
        clinical = Clinical(
            source=c.text("source"),
            verified=c.flag("verified", default=False),
            red_to_death_min=c.num("red_to_death_min", minimum=1),
            yellow_to_red_min=c.num("yellow_to_red_min", minimum=1),
            treatment_window_min=c.num("treatment_window_min", minimum=1),
            needs_poison_bed=c.flag("needs_poison_bed"),
            decon_required=c.flag("decon_required"),
            antidote_doses_per_casualty=c.whole("antidote_doses_per_casualty", maximum=50),
            severity_per_exposure_min=c.num("severity_per_exposure_min", maximum=20),
            note=c.text("note", required=False),
        )
        c.done()
    groups = rec.strs("hazard_groups", required=True)
    for gname in groups:
        if gname not in HAZARD_GROUPS:
            rec.err(
                "hazard_groups",
                f"{what}: unknown hazard group '{gname}' (expected one of: {', '.join(HAZARD_GROUPS)})",
            )
    idlh_ppm = rec.sourced("idlh_ppm", required=False) if rec.has("idlh_ppm") else None
    idlh_mg = rec.sourced("idlh_mg_m3", required=False) if rec.has("idlh_mg_m3") else None
    rec.seen.update({"idlh_ppm", "idlh_mg_m3"})
    if idlh_ppm is None and idlh_mg is None:
        rec.err(
            None,
            f"{what}: missing 'idlh_ppm' or 'idlh_mg_m3' (use value: null with a source when there is none)",
        )
    chem = Chemical(
        id=cid,
        name_zh=rec.text("name_zh"),
        name_en=rec.text("name_en"),
        synonyms_zh=rec.strs("synonyms_zh"),
        synonyms_en=rec.strs("synonyms_en"),
        cas=cas,
        cas_components=comps,
        un=tuple(un),
        state=rec.enum("state", STATES),
        molecular_weight_g_mol=rec.num(
            "molecular_weight_g_mol", required=False, default=None, minimum=1, maximum=2000
        ),
        hazard_groups=groups,
        specialist_class=rec.enum("specialist_class", SPECIALIST_CLASSES),
        storage_group=rec.enum("storage_group", STORAGE_GROUPS),
        erg=erg,
        ghs_classes=rec.sourced("ghs_classes"),
        flash_point_c=rec.sourced("flash_point_c"),
        lel_pct=rec.sourced("lel_pct"),
        uel_pct=rec.sourced("uel_pct"),
        idlh_ppm=idlh_ppm,
        idlh_mg_m3=idlh_mg,
        exposure_route=rec.sourced("exposure_route"),
        antidotes=rec.strs("antidotes"),
        antidote_note=rec.sourced("antidote_note"),
        extinguishing=rec.sourced("extinguishing"),
        water_reactive=rec.sourced("water_reactive"),
        gb18218=gb,
        clinical=clinical,
        path=rec.path,
        line=rec.line,
    )
    rec.done()
    return chem


SECTION_RE = re.compile(r"^(\d{1,2})[.、\s]\s*(.*)$")


def build_sds(doc: MarkdownDoc, rec: Record) -> Sds:
    chem = rec.id("chemical")
    revised = rec.day("revised", required=True)
    language = rec.enum("language", ("zh", "en"), required=False, default="zh")
    source = rec.text("source")
    rec.done()
    sections: list[SdsSection] = []
    h2: list[Heading] = [h for h in doc.headings if h.level == 2]
    for h in h2:
        m = SECTION_RE.match(h.text)
        if not m:
            rec.probs.error(
                rec.path, h.line, f"SDS heading '## {h.text}' should start with its section number 1-16"
            )
            continue
        no = int(m.group(1))
        rest = m.group(2)
        zh, sep, en = rest.partition(" / ")
        if not sep:  # tolerate "title_zh/title_en" without spaces
            zh, _, en = rest.rpartition("/") if "/" in rest else (rest, "", "")
        sections.append(SdsSection(no, zh.strip(), en.strip(), h.body, h.line))
    title = next((h.text for h in doc.headings if h.level == 1), "")
    return Sds(chem, revised, language or "zh", source, title, tuple(sections), rec.path)
