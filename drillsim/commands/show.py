"""``drillsim show``: the site packet in the terminal, one screen for the crew on its way in."""

from __future__ import annotations

import argparse
from typing import Any

from drillsim.commands import Context

NAME = "show"
HELP = "the site packet of an enterprise in the terminal / 在终端显示企业应急交底信息"

RISK = {
    "red": ("R", "特别管控", "special control", "bold white on red"),
    "yellow": ("Y", "重点关注", "key attention", "bold black on yellow"),
    "green": ("G", "一般监管", "general supervision", "bold white on green"),
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("enterprise", metavar="ENTERPRISE", help="enterprise id, short name or name")
    parser.add_argument(
        "--hour", type=float, default=None, help="hour of day for travel times and the shift (default: now)"
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import datetime

    from drillsim.packet import build_packet

    content = ctx.content()
    now = datetime.now()
    hour = args.hour if args.hour is not None else now.hour + now.minute / 60
    packet = build_packet(content, args.enterprise, today=now.date(), hour=hour)
    if ctx.json:
        ctx.emit_json(packet.as_dict())
        return 0
    render(packet, content, ctx)
    return 0


def _f(v: float | None, unit: str = "") -> str:
    return "—" if v is None else f"{v:g}{unit}"


def render(packet: Any, content: Any, ctx: Context) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=ctx.out, force_terminal=ctx.isatty, width=None if ctx.isatty else 120, highlight=False
    )
    t = ctx.t
    b = packet.box
    letter, rzh, ren, style = RISK.get(b.risk, ("?", b.risk, b.risk, "bold"))
    head = Text()
    head.append(f" [{letter}] {t(rzh, ren)} ", style=style)
    head.append(f"  {b.name_zh}  {b.name_en}", style="bold")
    if b.fictional:
        head.append(t("  （样例，虚构）", "  (sample, fictional)"), style="magenta")
    lvl, dec = packet.computed_level, packet.declared_level
    line2 = Text(
        t("重大危险源: ", "Major hazard: ") + ("—" if lvl is None else t(f"{lvl} 级", f"level {lvl}"))
    )
    if dec is not None and dec != lvl:
        line2.append(t(f"  ≠ 申报 {dec} 级", f"  ≠ declared {dec}"), style="bold red")
    line2.append(t("   24小时电话: ", "   24-h phone: "))
    line2.append(b.phone_24h, style="bold")
    line2.append(t("   最近核实: ", "   verified: ") + b.last_verified.isoformat())
    if packet.stale:
        line2.append(
            t(
                f"  已过期 {packet.days_since_verified} 天 STALE",
                f"  STALE ({packet.days_since_verified} days)",
            ),
            style="bold red",
        )
    addr = Text(
        f"{t(b.address_zh, b.address_en)} · {t(packet.district_zh, packet.district_en)} {t(packet.park_zh, packet.park_en)}"
    )
    console.print(
        Panel(
            Text.assemble(head, "\n", line2, "\n", addr), title=t("应急交底箱", "Handover box"), expand=True
        )
    )

    haz = Table(title=t("主要危险（ERG 2024）", "Top hazards (ERG 2024)"), expand=True, show_lines=False)
    for col in (
        t("化学品", "Chemical"),
        "UN / ERG",
        t("量 t", "t"),
        t("小量 隔离m/昼/夜km", "small isol m/day/night km"),
        t("大量", "large"),
        t("火灾隔离 m", "fire isol m"),
        t("解毒剂", "antidote"),
    ):
        haz.add_column(col)
    for h in packet.hazards[:8]:
        c = h.chemical
        name = Text(t(c.name_zh, c.name_en), style="bold")
        if c.tih:
            name.append(" TIH", style="bold red")
        anti = (
            ", ".join(t(a.name_zh, a.name_en) for x in h.antidotes if (a := content.city.antidote(x))) or "—"
        )
        haz.add_row(
            name,
            f"{'/'.join(c.un_numbers)} · {'/'.join(c.erg_guides)}",
            f"{h.total_t:g}",
            f"{_f(h.small_isolate_m)} / {_f(h.small_day_km)} / {_f(h.small_night_km)}",
            f"{_f(h.large_isolate_m)} / {_f(h.large_day_km)} / {_f(h.large_night_km)}",
            _f(h.fire_isolate_m),
            anti,
        )
    console.print(haz)

    resp = Table(title=t("最近救援力量（行驶+出动）", "Nearest responders (travel + turnout)"), expand=True)
    resp.add_column(t("类别", "kind"))
    resp.add_column(t("单位", "unit"))
    resp.add_column(t("分钟", "min"), justify="right")
    resp.add_column(t("说明", "detail"))
    for label, rows in (
        (t("危化品处置", "hazmat"), packet.hazmat[:2]),
        (t("消防站", "fire"), packet.fire[:2]),
        (t("中毒救治医院", "poison hospital"), packet.poison_hospitals[:2]),
    ):
        for r in rows:
            resp.add_row(
                label, t(r.name_zh, r.name_en), f"{r.minutes:.0f}", t(r.detail_zh or r.detail, r.detail)
            )
    for anti, rows in packet.antidote_sources.items():
        a = content.city.antidote(anti)
        label = t(f"解毒剂 {a.name_zh}", f"antidote {a.name_en}") if a else anti
        if not rows:
            resp.add_row(label, Text(t("全市无库存", "no stock in the city"), style="bold red"), "—", "")
        elif rows:
            r = rows[0]
            resp.add_row(
                label, t(r.name_zh, r.name_en), f"{r.minutes:.0f}", t(r.detail_zh or r.detail, r.detail)
            )
    console.print(resp)

    site = Table.grid(expand=True, padding=(0, 2))
    site.add_column()
    site.add_column()
    left = Text(
        t(f"集合点 ({len(packet.assembly_points)})\n", f"Assembly points ({len(packet.assembly_points)})\n"),
        style="bold",
    )
    for n in packet.assembly_points:
        left.append(f"  A {t(n.name_zh, n.name_en)}  ({n.capacity})\n", style="")
    left.append(
        t(f"紧急切断 ({len(packet.esd_points)})\n", f"ESD points ({len(packet.esd_points)})\n"), style="bold"
    )
    for n in packet.esd_points:
        left.append(
            f"  E {t(n.name_zh, n.name_en)} → {', '.join(n.controls)} {t('远程', 'remote') if n.remote else t('手动', 'manual')}\n"
        )
    right = Text(
        t(
            f"当班（{packet.shift}，现场 {packet.people_on_site} 人）\n",
            f"On shift ({packet.shift}, {packet.people_on_site} on site)\n",
        ),
        style="bold",
    )
    for zh, en, n in packet.on_shift:
        right.append(f"  {t(zh, en)}: {n}\n")
    res = packet.box.resources
    right.append(
        t(
            f"空呼 {res.scba_sets} · 气密服 {res.gas_tight_suits} · 堵漏 {res.leak_sealing_kits} · 消防水 {res.fire_water_m3:g} m³\n",
            f"SCBA {res.scba_sets} · gas-tight {res.gas_tight_suits} · leak kits {res.leak_sealing_kits} · water {res.fire_water_m3:g} m³\n",
        )
    )
    site.add_row(left, right)
    console.print(Panel(site, title=t("现场", "On site")))
    unsafe = [w for w in packet.wind_advice if w.unsafe]
    if unsafe:
        w = unsafe[0]
        chem = content.chemicals[w.chemical]
        console.print(
            Text(
                t(
                    f"注意：{chem.name_zh}大量泄漏、风从 {w.wind_from} 来时，{len(w.unsafe)} 处人员无安全集合点：{', '.join(w.unsafe)}",
                    f"Note: with a large {chem.name_en} release and wind from {w.wind_from}, {len(w.unsafe)} occupied place(s) have no safe assembly point: {', '.join(w.unsafe)}",
                ),
                style="bold red",
            )
        )
    for warn in packet.warnings[:6]:
        console.print(Text("! " + warn.split(": ", 1)[-1], style="yellow"))
    if len(packet.warnings) > 6:
        console.print(
            Text(
                t(
                    f"… 另有 {len(packet.warnings) - 6} 条核查提示（drillsim check）",
                    f"… {len(packet.warnings) - 6} more checks (drillsim check)",
                ),
                style="yellow",
            )
        )
