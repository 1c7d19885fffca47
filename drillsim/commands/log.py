"""``drillsim log``: time a real drill live — start, stamp milestones, notes, corrections, end."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from drillsim.commands import Context
from drillsim.errors import InputError

NAME = "log"
HELP = "log a real drill live: start / stamp / note / fix / void / show / end / 实战演练现场计时"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--file", metavar="LOG.jsonl", help="the live log (default: live/current.jsonl in the data dir)"
    )
    sub = parser.add_subparsers(dest="op", metavar="OP", required=True)
    p = sub.add_parser("start", help="start the drill clock (t = 0 is now)")
    p.add_argument("--enterprise", required=True)
    p.add_argument("--scenario", default="live")
    p.add_argument("--trainer", default="")
    p.add_argument("--force", action="store_true", help="start anew even if a drill is being logged")
    p = sub.add_parser("stamp", help="stamp a milestone now (or --at MM:SS)")
    p.add_argument(
        "milestone", help="event kind (e.g. alarm_internal) or its key (1-9, 0, h, i, l, r, x, t, a)"
    )
    p.add_argument("--at", help="time since start, MM:SS or minutes (default: now)")
    p.add_argument("--actor", default="")
    p.add_argument("--detail", default="")
    p = sub.add_parser("note", help="add a note at the current time")
    p.add_argument("text")
    p.add_argument("--at")
    p = sub.add_parser("fix", help="correct a stamp (kept in the audit trail)")
    p.add_argument("n", type=int, help="stamp number (see `log show`)")
    p.add_argument("--at", help="corrected time")
    p.add_argument("--milestone", help="corrected milestone kind")
    p.add_argument("--reason", required=True)
    p = sub.add_parser("void", help="remove a stamp made by mistake (kept in the audit trail)")
    p.add_argument("n", type=int)
    p.add_argument("--reason", required=True)
    sub.add_parser("show", help="the stamps so far and the audit trail")
    p = sub.add_parser("end", help="end the drill and write the timeline")
    p.add_argument(
        "-o", "--output", metavar="TIMELINE.json", help="write the timeline here (default: print it)"
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    from drillsim.livelog import LiveLog, parse_clock, to_timeline
    from drillsim.paths import data_dir

    log = LiveLog(Path(args.file) if args.file else data_dir() / "live" / "current.jsonl")
    at = parse_clock(args.at) if getattr(args, "at", None) else None
    if args.op == "start":
        content = ctx.content()
        if args.enterprise not in content.enterprises:
            raise InputError(f"unknown enterprise '{args.enterprise}'")
        log.start(args.enterprise, args.scenario, args.trainer, args.force)
        ctx.print(ctx.t(f"演练计时开始：{log.path}", f"drill clock started: {log.path}"))
    elif args.op == "stamp":
        n = log.stamp(args.milestone, at, args.actor, args.detail)
        ctx.print(f"#{n}")
    elif args.op == "note":
        ctx.print(f"#{log.note(args.text, at)}")
    elif args.op == "fix":
        log.fix(args.n, args.reason, at, args.milestone)
    elif args.op == "void":
        log.void(args.n, args.reason)
    elif args.op == "show":
        st = log.state()
        if ctx.json:
            ctx.emit_json(to_timeline(st))
            return 0
        ctx.print(
            f"EXERCISE / 演练 — {st.header.get('enterprise')} {st.header.get('scenario')} ({ctx.t('已结束', 'ended') if st.ended else ctx.t('进行中', 'running')})"
        )
        for e in st.events:
            ctx.print(f"  #{e['n']:<3} {e['t']:>7.2f} min  {e['kind']:<22} {e['actor']} {e['detail']}")
        for a in st.audit:
            ctx.print(f"  {ctx.t('更正', 'audit')}: {a['op']} #{a['target']} — {a['reason']}")
    elif args.op == "end":
        timeline = log.end()
        text = json.dumps(timeline, ensure_ascii=False, indent=2)
        if args.output:
            try:
                Path(args.output).write_text(text + "\n", encoding="utf-8")
            except OSError as exc:
                raise InputError(f"{args.output}: cannot write the timeline ({exc.strerror})") from None
            ctx.print(ctx.t(f"时间线已写入 {args.output}", f"timeline written to {args.output}"))
        else:
            ctx.print(text)
    return 0
