"""The printable site packet (A4, zh/en): the contents of the handover box as one self-contained HTML file.

Markdown from content (SDS, plans) is rendered with markdown-it-py with raw HTML disabled and links limited
to http(s), mailto and in-page anchors; a Content-Security-Policy forbids scripts. Nothing in content can
inject script.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt

from drillsim.model import Content
from drillsim.packet import Packet
from drillsim.render.siteplan_svg import site_svg

RISK = {
    "red": ("R", "特别管控", "special control", "#c62828"),
    "yellow": ("Y", "重点关注", "key attention", "#f9a825"),
    "green": ("G", "一般监管", "general supervision", "#2e7d32"),
}
SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    return md


def render_markdown(text: str) -> str:
    """Markdown → HTML with raw HTML off and only safe links.

    >>> render_markdown("<script>x</script> [a](javascript:alert(1)) [b](https://x.org)")
    '<p>&lt;script&gt;x&lt;/script&gt; [a](javascript:alert(1)) <a href="https://x.org">b</a></p>\\n'
    """
    return _md().render(text)


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return "—"
    return f"{v:g}{unit}"


CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 10pt; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 17pt; margin: 4px 0; } h2 { font-size: 13pt; border-bottom: 2px solid #333; margin-top: 14px; page-break-after: avoid; }
h3 { font-size: 11pt; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; page-break-inside: auto; }
th, td { border: 1px solid #888; padding: 2px 4px; vertical-align: top; font-size: 9pt; }
th { background: #eee; }
.badge { display: inline-block; padding: 2px 8px; color: #fff; font-weight: bold; border-radius: 3px; }
.stale { color: #c62828; font-weight: bold; }
.fictional { color: #6a1b9a; font-weight: bold; }
.warn { color: #b71c1c; }
.section-break { page-break-before: always; }
figure { margin: 6px 0; page-break-inside: avoid; }
.small { font-size: 8.5pt; color: #444; }
.sds, .plan { font-size: 9pt; }
"""


def packet_html(packet: Packet, content: Content) -> str:
    """The whole packet as one HTML document."""
    b = packet.box
    e = html.escape
    letter, risk_zh, risk_en, colour = RISK.get(b.risk, ("?", b.risk, b.risk, "#555"))
    h: list[str] = []
    a = h.append
    a(f"<h1>{e(b.name_zh)}<br><small>{e(b.name_en)}</small></h1>")
    if b.fictional:
        a(
            '<p class="fictional">样例企业，虚构 / Sample enterprise — fictional (people, address and phone numbers are invented; chemicals, standards and figures are real)</p>'
        )
    a(f'<p><span class="badge" style="background:{colour}">[{letter}] {risk_zh} / {risk_en}</span> ')
    lvl = packet.computed_level
    dec = packet.declared_level
    grade_txt = f"重大危险源 {'—' if lvl is None else f'{lvl} 级'} (GB 18218 computed)" + (
        f" · declared {dec}" if dec is not None else ""
    )
    if lvl != dec:
        grade_txt += ' <span class="warn">≠ declared — check / 与申报不一致</span>'
    a(f"{grade_txt}</p>")
    a("<table>")
    a(
        f"<tr><th>24 小时值班电话 / 24-h phone</th><td><b>{e(b.phone_24h)}</b></td><th>地址 / Address</th><td>{e(b.address_zh)}<br>{e(b.address_en)}</td></tr>"
    )
    a(
        f"<tr><th>区域 / District · park</th><td>{e(packet.district_zh)} {e(packet.park_zh)}<br>{e(packet.district_en)} {e(packet.park_en)}</td>"
    )
    stale = (
        f' <span class="stale">STALE 已过期 ({packet.days_since_verified} d)</span>'
        if packet.stale
        else f" ({packet.days_since_verified} d ago)"
    )
    a(f"<th>最近核实 / Last verified</th><td>{b.last_verified.isoformat()}{stale}</td></tr>")
    a(
        f"<tr><th>行业 / Industry</th><td>{e(b.industry_zh)} / {e(b.industry_en)}</td><th>厂外500m人员 / People within 500 m</th><td>{b.people_within_500m}</td></tr>"
    )
    a("</table>")
    a("<h2>联系人 Contacts</h2><table><tr><th>岗位 Role</th><th>姓名 Name</th><th>电话 Phone</th></tr>")
    for c in b.contacts:
        a(f"<tr><td>{e(c.role)}</td><td>{e(c.name_zh)} {e(c.name_en)}</td><td>{e(c.phone)}</td></tr>")
    a("</table>")

    a("<h2>主要危险 Top hazards (ERG 2024)</h2>")
    a(
        "<table><tr><th>化学品 Chemical</th><th>UN / CAS / ERG</th><th>量 t</th><th>小量泄漏 Small spill<br>isolate m / day km / night km</th>"
        "<th>大量泄漏 Large spill</th><th>火灾隔离 Fire isolate m</th><th>烟羽至IDLH Plume→IDLH m*</th><th>热辐射 Fire 12.5 kW/m² m</th><th>解毒剂 Antidote</th></tr>"
    )
    for hz in packet.hazards:
        ch = hz.chemical
        tih = " <b>TIH</b>" if ch.tih else ""
        anti = (
            ", ".join(
                e(f"{ad.name_zh} {ad.name_en}") if (ad := content.city.antidote(x)) else e(x)
                for x in hz.antidotes
            )
            or "—"
        )
        fire = _fmt(round(hz.fire_m["r_12_5_kw_m2"])) if "r_12_5_kw_m2" in hz.fire_m else "—"
        a(
            f"<tr><td><b>{e(ch.name_zh)}</b> {e(ch.name_en)}{tih}</td><td>UN {e('/'.join(ch.un_numbers))}<br>CAS {e(ch.cas or '—')}<br>ERG {e('/'.join(ch.erg_guides))}</td>"
            f"<td>{hz.total_t:g}</td><td>{_fmt(hz.small_isolate_m)} / {_fmt(hz.small_day_km)} / {_fmt(hz.small_night_km)}</td>"
            f"<td>{_fmt(hz.large_isolate_m)} / {_fmt(hz.large_day_km)} / {_fmt(hz.large_night_km)}</td><td>{_fmt(hz.fire_isolate_m)}</td>"
            f"<td>{_fmt(hz.plume_idlh_m)}</td><td>{fire}</td><td>{anti}</td></tr>"
        )
    a("</table>")
    a(
        '<p class="small">* Gaussian plume, ground-level centreline, 1 kg/s continuous release, 3 m/s, stability D (docs/hazard-models.md) — an order of magnitude beside ERG, not a substitute. '
        "ERG distances: Table 1/3 where the chemical is TIH, else the orange guide.</p>"
    )

    a(
        "<h2>救援力量 Responders (midday travel + turnout)</h2><table><tr><th>类别 Kind</th><th>单位 Unit</th><th>分钟 min</th><th>说明</th></tr>"
    )
    for label, rows in (
        ("危化品处置 Hazmat", packet.hazmat),
        ("消防站 Fire", packet.fire),
        ("中毒救治 Poison treatment", packet.poison_hospitals),
    ):
        for r in rows:
            a(
                f"<tr><td>{label}</td><td>{e(r.name_zh)} {e(r.name_en)}</td><td>{r.minutes:.0f}</td><td>{e(r.detail)}</td></tr>"
            )
    for anti, rows in packet.antidote_sources.items():
        ad = content.city.antidote(anti)
        name = f"{ad.name_zh} {ad.name_en}" if ad else anti
        if not rows:
            a(
                f'<tr><td>解毒剂 {e(name)}</td><td colspan="3" class="warn">全市无库存 / no stock anywhere in the city</td></tr>'
            )
        for r in rows:
            a(
                f"<tr><td>解毒剂 {e(name)}</td><td>{e(r.name_zh)} {e(r.name_en)}</td><td>{r.minutes:.0f}</td><td>{e(r.detail)}</td></tr>"
            )
    a("</table>")

    a(
        f"<h2>现场人员与资源 On site ({e(packet.shift)} shift: {packet.people_on_site} people)</h2><table><tr><th>岗位 Role</th><th>人数</th></tr>"
    )
    for zh, en, n in packet.on_shift:
        a(f"<tr><td>{e(zh)} {e(en)}</td><td>{n}</td></tr>")
    a("</table>")
    res = b.resources
    a(
        f"<p>正压式空气呼吸器 SCBA {res.scba_sets} 套（{res.scba_cylinder_min:g} min/瓶，备用 {res.spare_cylinders}）· 气密服 gas-tight suits {res.gas_tight_suits} · "
        f"固定式检测报警 fixed detectors {res.fixed_gas_detectors} · 消防水 fire water {res.fire_water_m3:g} m³ · 泡沫 foam {res.foam_m3:g} m³ · 堵漏工具 leak kits {res.leak_sealing_kits} · "
        f"微型消防站 {'有 yes' if res.micro_fire_station else '无 no'} · 洗消 decon showers {res.decon_showers}</p>"
    )
    a("<h3>紧急切断 ESD points</h3><ul>")
    for n in packet.esd_points:
        a(
            f"<li><b>{e(n.name_zh)}</b> {e(n.name_en)} — controls {e(', '.join(n.controls))} — {'远程 remote' if n.remote else '现场手动 manual'}</li>"
        )
    a("</ul><h3>集合点 Assembly points</h3><ul>")
    for n in packet.assembly_points:
        a(f"<li><b>{e(n.name_zh)}</b> {e(n.name_en)} (capacity {n.capacity})</li>")
    a("</ul>")

    a(
        "<h2>重大危险源辨识 GB 18218-2018</h2><table><tr><th>单元 Unit</th><th>S = Σq/Q</th><th>α</th><th>R</th><th>级别 computed</th><th>申报 declared</th></tr>"
    )
    for g in packet.grades:
        unit = b.unit(g.unit_id)
        name = f"{unit.name_zh} {unit.name_en}" if unit else g.unit_id
        mismatch = ' <span class="warn">≠</span>' if g.mismatch else ""
        a(
            f"<tr><td>{e(name)}</td><td>{g.s:.2f}</td><td>{g.alpha:g}</td><td>{g.r:.1f}</td><td>{'—' if g.level is None else g.level}{mismatch}</td><td>{'—' if g.declared_level is None else g.declared_level}</td></tr>"
        )
    a("</table>")

    a('<h2 class="section-break">总平面图 Site plan</h2>')
    a(f"<figure>{site_svg(b, title=f'{b.name_zh} 总平面图 / site plan')}</figure>")
    a("<h2>应急疏散图 Evacuation map</h2>")
    from drillsim.site import evacuation_routes

    calm = evacuation_routes(b, None)
    a(
        f"<figure>{site_svg(b, routes={k: r.path for k, r in calm.items()}, title=f'{b.name_zh} 应急疏散图 / evacuation routes (no wind)')}</figure>"
    )
    if packet.wind_advice:
        worst = max(packet.wind_advice, key=lambda w: (len(w.unsafe), w.wind_from == "E"))
        chem = content.chemicals[worst.chemical]
        from drillsim.hazard import erg_zone

        src = b.site.node(worst.source_node)
        item = next(
            (
                i
                for u in b.units
                for i in u.inventory
                if i.chemical == chem.id and (i.node == worst.source_node or i.node is None)
            ),
            None,
        )
        zone = erg_zone(
            chem,
            "large",
            item.container if item else None,
            False,
            3.0,
            worst.wind_from,
            (src.x_m, src.y_m) if src else (0.0, 0.0),
            frame_north_deg=b.site.north_deg,
            quantity_t=item.max_quantity_t if item else None,
        )
        routes = evacuation_routes(b, zone)
        label = f"{chem.name_zh} {chem.name_en} large release at {worst.source_node}, wind from {worst.wind_from}: isolation {zone.isolate_m:g} m, downwind {zone.protect_m:g} m"
        a(
            f"<figure>{site_svg(b, routes={k: r.path for k, r in routes.items()}, unsafe=worst.unsafe, zone_polygon=zone.polygon(48), zone_label=label, title=f'风向 wind from {worst.wind_from}')}</figure>"
        )
        a(
            f"<h3>按风向疏散 Which assembly point, by wind — worst release: {e(chem.name_zh)} {e(chem.name_en)} at {e(worst.source_node)}</h3>"
        )
        occupied = sorted({k for w in packet.wind_advice for k in w.assignments})
        a(
            "<table><tr><th>建筑 Building</th>"
            + "".join(f"<th>{w.wind_from}</th>" for w in packet.wind_advice)
            + "</tr>"
        )
        for node_id in occupied:
            n = b.site.node(node_id)
            cells = []
            for w in packet.wind_advice:
                ap = w.assignments.get(node_id)
                apn = b.site.node(ap) if ap else None
                text = e(apn.name_zh) if apn else "✗"
                cells.append(f'<td class="warn">{text} ✗</td>' if node_id in w.unsafe else f"<td>{text}</td>")
            a(f"<tr><td>{e(n.name_zh if n else node_id)}</td>{''.join(cells)}</tr>")
        a(
            "</table><p class='small'>✗ = no safe assembly point in that wind: shelter in place or leave by the gate upwind (the site plan has no route clear of the zone).</p>"
        )

    if packet.warnings:
        a("<h2>核查提示 Standards checks</h2><ul>")
        for w in packet.warnings:
            a(f'<li class="warn">{e(w)}</li>')
        a("</ul>")

    a('<h2 class="section-break">安全技术说明书 Safety data sheets (GB/T 16483)</h2>')
    for hz in packet.hazards:
        sds = content.sds.get(hz.chemical.id)
        if sds is None:
            continue
        a(f'<div class="sds"><h3 id="sds-{e(sds.chemical)}">{e(sds.title)}</h3>')
        for sec in sds.sections:
            a(f"<h4>{sec.no} {e(sec.title_zh)} / {e(sec.title_en)}</h4>{render_markdown(sec.body_md)}")
        a("</div>")
    plans = content.plans_for(b.id)
    if plans:
        a('<h2 class="section-break">应急预案 Response plans (GB/T 29639-2020)</h2>')
        for p in sorted(plans, key=lambda p: (("comprehensive", "special", "onsite").index(p.kind), p.id)):
            a(
                f'<div class="plan"><h3 id="plan-{e(p.id)}">{e(p.title_zh)} / {e(p.title_en)}</h3>{render_markdown(p.body_md)}</div>'
            )
    a(
        f'<p class="small">Generated by drillsim on {packet.today.isoformat()} from {e(b.path)}. Figures carry their sources in kb/chemicals/; values marked unverified there are not confirmed against a primary source.</p>'
    )
    title = f"{b.name_zh} 应急交底箱 / Handover box — {b.name_en}"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>{''.join(h)}</body></html>\n"
    )
