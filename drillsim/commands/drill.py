"""``drillsim drill SCENARIO --seed N``: one autonomous drill, the plans acting as policy."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from drillsim.commands import Context
from drillsim.errors import ExitStatus, InputError, UsageError

NAME = "drill"
HELP = "run one unscripted drill and print its timeline / 运行一次无脚本演练并输出时间线"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario id (see 'drillsim list')")
    parser.add_argument(
        "--seed", type=int, required=True, metavar="N", help="random seed: the same seed gives the same drill"
    )
    parser.add_argument("--enterprise", metavar="ID", help="draw only from this enterprise's sources")
    parser.add_argument(
        "--actions", metavar="FILE", help="replay player actions (a timeline JSON or a list of actions)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the timeline to FILE (JSON if --json or FILE ends in .json)",
    )


def _actions(path: str) -> list[dict[str, Any]]:
    try:
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read actions: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not JSON: {exc}") from None
    items = obj.get("actions") if isinstance(obj, dict) else obj
    if not isinstance(items, list) or not all(isinstance(a, dict) for a in items):
        raise InputError(f"{path}: expected a list of actions or a timeline with an 'actions' list")
    return items


def _clock(t: float) -> str:
    """``t`` minutes as ``+MMM:SS``.

    >>> _clock(83.5), _clock(6.995)
    ('+ 83:30', '+  7:00')
    """
    m, s = divmod(round(t * 60), 60)
    return f"+{m:3d}:{s:02d}"


def render_text(timeline: Any, ctx: Context) -> str:
    """The readable timeline: exercise banner, the draw, every event, the KPIs."""
    t = ctx.t
    d = timeline.draw
    lines = [
        "=" * 72,
        "EXERCISE / 演练  —  " + t("本时间线为演练模拟，非真实事故", "simulated drill, not a real incident"),
        "=" * 72,
        f"{t('情景', 'Scenario')}: {timeline.scenario}  {t(timeline.title_zh, timeline.title_en)}",
        f"{t('随机种子', 'Seed')}: {timeline.seed}   {t('班次', 'Shift')}: {d.get('shift')}   "
        f"{t('时刻', 'Clock')}: {int(d.get('hour', 0)):02d}:{int(d.get('hour', 0) % 1 * 60):02d}   "
        f"{t('风向', 'Wind from')}: {d.get('wind_from')} {d.get('wind_speed_ms')} m/s",
    ]
    for inc in d.get("incidents", ()):
        lines.append(
            f"  #{inc['incident']} +{inc['start_min']} min  {inc['enterprise']} / {inc['unit']} / {inc['chemical']}"
            f"  {inc['release_kind']} ({inc['size']}, {inc['container']}) @ {inc['node']}"
        )
    lines.append("-" * 72)
    many = len(d.get("incidents", ())) > 1
    for e in timeline.events:
        tag = f"#{e.incident} " if many else ""
        lines.append(f"{_clock(e.t)}  {tag}{e.kind:<21} {e.actor:<18} {e.text(ctx.lang)}")
    lines.append("-" * 72)
    lines.append(
        t(
            "关键指标（分钟，自泄漏起；null = 未发生）",
            "KPIs (minutes since the release; null = did not happen)",
        )
    )
    for k, v in timeline.kpis.items():
        lines.append(f"  {k:<26} {'null' if v is None else v}")
    lines.append("EXERCISE / 演练")
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from drillsim.engine import run_drill

    content = ctx.content()
    if args.scenario not in content.scenarios:
        known = ", ".join(sorted(content.scenarios)) or "none"
        raise UsageError(f"unknown scenario '{args.scenario}' (known: {known})")
    if args.enterprise is not None and args.enterprise not in content.enterprises:
        raise UsageError(f"unknown enterprise '{args.enterprise}'")
    actions = _actions(args.actions) if args.actions else ()
    timeline = run_drill(content, args.scenario, args.seed, enterprise=args.enterprise, actions=actions)
    as_json = ctx.json or (args.output is not None and args.output.endswith(".json"))
    if args.output:
        text = (
            json.dumps(timeline.to_json(), ensure_ascii=False, indent=2)
            if as_json
            else render_text(timeline, ctx)
        )
        try:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write: {exc.strerror}") from None
        if not ctx.json:
            ctx.print(ctx.t(f"演练时间线已写入 {args.output}", f"drill timeline written to {args.output}"))
        return ExitStatus.OK
    if ctx.json:
        ctx.emit_json(timeline.to_json())
    else:
        ctx.print(render_text(timeline, ctx))
    return ExitStatus.OK
