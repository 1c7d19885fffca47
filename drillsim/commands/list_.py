"""``drillsim list``: enterprises, scenarios and rubrics of the content."""

from __future__ import annotations

import argparse
from typing import Any

from drillsim.commands import Context

NAME = "list"
HELP = "list enterprises, scenarios and rubrics / 列出企业、演练情景与评估表"

RISK_MARK = {"red": "R 红", "yellow": "Y 黄", "green": "G 绿"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=("enterprises", "scenarios", "rubrics"), help="only this kind")


def run(args: argparse.Namespace, ctx: Context) -> int:
    c = ctx.content()
    data: dict[str, list[dict[str, Any]]] = {
        "enterprises": [
            {"id": b.id, "name_zh": b.name_zh, "name_en": b.name_en, "risk": b.risk, "park": b.park}
            for b in sorted(
                c.enterprises.values(), key=lambda b: (("red", "yellow", "green").index(b.risk), b.id)
            )
        ],
        "scenarios": [
            {
                "id": s.id,
                "title": ctx.t(s.title_zh, s.title_en),
                "title_zh": s.title_zh,
                "title_en": s.title_en,
                "enterprises": list(s.enterprises),
            }
            for s in sorted(c.scenarios.values(), key=lambda s: s.id)
        ],
        "rubrics": [
            {"id": r.id, "title": ctx.t(r.title_zh, r.title_en), "version": r.version}
            for r in sorted(c.rubrics.values(), key=lambda r: r.id)
        ],
    }
    if args.kind:
        data = {args.kind: data[args.kind]}
    if ctx.json:
        ctx.emit_json(data)
        return 0
    if "enterprises" in data:
        ctx.print(ctx.t("企业", "Enterprises"))
        for e in data["enterprises"]:
            park = c.city.park(e["park"])
            where = ctx.t(park.name_zh, park.name_en) if park else "—"
            name = e["name_zh"] if ctx.lang == "zh" else e["name_en"]
            ctx.print(f"  [{RISK_MARK[e['risk']]}] {e['id']:<24} {name}  ({where})")
    if "scenarios" in data:
        ctx.print(ctx.t("演练情景", "Scenarios"))
        for s in data["scenarios"]:
            ctx.print(f"  {s['id']:<28} {s['title']}  [{', '.join(s['enterprises'])}]")
    if "rubrics" in data:
        ctx.print(ctx.t("评估表", "Rubrics"))
        for r in data["rubrics"]:
            ctx.print(f"  {r['id']:<28} {r['title']} (v{r['version']})")
    return 0
