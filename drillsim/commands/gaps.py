"""``drillsim gaps``: the jurisdiction capacity gap matrix and what to buy or move first."""

from __future__ import annotations

import argparse

from drillsim.commands import Context

NAME = "gaps"
HELP = "jurisdiction capacity gap matrix: hazmat cover, antidotes, poison beds, specialist capability / 辖区能力缺口"

_COLOURS = {"red": "\x1b[31m", "yellow": "\x1b[33m", "green": "\x1b[32m"}
_SHORT = {"red": "RED", "yellow": "YEL", "green": "ok"}
_SHORT_ZH = {"red": "红", "yellow": "黄", "green": "绿"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--runs",
        type=int,
        default=10,
        metavar="N",
        help="engine runs per worst case that a scenario covers, for expected casualties (0 = estimate only; default 10)",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="base seed of those runs")
    parser.add_argument(
        "--enterprise", action="append", default=[], metavar="ID", help="only these enterprises"
    )
    parser.add_argument(
        "--top", type=int, default=15, metavar="K", help="actions to list (default 15; all in JSON)"
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import replace

    from drillsim import gaps
    from drillsim.errors import UsageError
    from drillsim.model import frozen_map

    if args.runs < 0:
        raise UsageError("--runs must be >= 0")
    content = ctx.content()
    if args.enterprise:
        unknown = [e for e in args.enterprise if e not in content.enterprises]
        if unknown:
            raise UsageError(
                f"unknown enterprise {unknown[0]!r} (known: {', '.join(sorted(content.enterprises))})"
            )
        content = replace(
            content, enterprises=frozen_map({e: content.enterprises[e] for e in args.enterprise})
        )
    result = gaps.study(content, gaps.engine_casualties(content, args.runs, args.seed) if args.runs else None)
    data = gaps.to_json(result)
    if ctx.json:
        ctx.emit_json(data)
        return 0
    colour = ctx.isatty
    short = _SHORT_ZH if ctx.lang == "zh" else _SHORT

    def cell(c: dict) -> str:
        text = short[c["status"]] if c["applicable"] else "—"
        return f"{_COLOURS[c['status']]}{text:<4}\x1b[0m" if colour and c["applicable"] else f"{text:<4}"

    t = ctx.t
    ctx.print(
        t(
            "辖区能力缺口矩阵（每个企业 × 可信最坏情景）",
            "Jurisdiction gap matrix (enterprise × credible worst case)",
        )
    )
    heads = ["hazmat", "2nd", "antidote", "beds", "specialist"]
    ctx.print(
        f"{t('企业', 'enterprise'):<24}{t('化学品', 'chemical'):<20}{t('预计伤员', 'casualties'):>10}  "
        + "".join(f"{h:<11}" for h in heads)
    )
    for r in data["rows"]:
        cells = "".join(cell(r["cells"][k]) + " " * 7 for k in gaps.CELLS)
        ctx.print(f"{r['enterprise']:<24}{r['chemical']:<20}{r['expected_casualties']:>10g}  {cells}")
    ctx.print("")
    ctx.print(t("红色与黄色单元格的原因：", "Why (red and yellow cells):"))
    for r in data["rows"]:
        for k in gaps.CELLS:
            c = r["cells"][k]
            if c["applicable"] and c["status"] != "green":
                ctx.print(
                    f"  [{short[c['status']]}] {r['enterprise']} / {r['chemical']} / {k}: {c.get('reason_zh', c['reason']) if ctx.lang == 'zh' else c['reason']}"
                )
    ctx.print("")
    ctx.print(t("优先采购或调整（按缺口大小排序）：", "What to buy or move first (biggest gaps first):"))
    for a in data["actions"][: args.top]:
        ctx.print(f"  {a['rank']:>2}. {a['text_zh'] if ctx.lang == 'zh' else a['text']}")
    if len(data["actions"]) > args.top:
        ctx.print(
            t(
                f"  …… 另有 {len(data['actions']) - args.top} 项（--json 查看全部）",
                f"  ... {len(data['actions']) - args.top} more (all in --json)",
            )
        )
    counts = data["counts"]
    ctx.print("")
    ctx.print(
        t(
            f"红 {counts['red']}，黄 {counts['yellow']}，绿 {counts['green']}；伤员估计方法见 docs/capacity.md",
            f"red {counts['red']}, yellow {counts['yellow']}, green {counts['green']}; casualty basis per row in --json, method in docs/capacity.md",
        )
    )
    return 0
