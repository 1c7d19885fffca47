"""``drillsim grade``: score a timeline (simulated or logged live) against a rubric; report; record."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from drillsim.commands import Context
from drillsim.errors import InputError, UsageError

NAME = "grade"
HELP = "score a drill timeline against a rubric, write the report, record it / 按评估表为演练时间线评分"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "timeline",
        metavar="TIMELINE.json",
        help="timeline from `drillsim drill --json`, the TUI or `drillsim log end`",
    )
    parser.add_argument("--rubric", metavar="R", help="rubric id (default: the scenario's rubric)")
    parser.add_argument(
        "--rate",
        metavar="ID=P|S|M|U[:reason]",
        action="append",
        default=[],
        help="evaluator rating of a qualitative indicator, or an override of a timed one (reason required)",
    )
    parser.add_argument("--record", action="store_true", help="keep the graded drill in the drill records")
    parser.add_argument("--trainer", default="", help="evaluator's name for the records and report")
    parser.add_argument("--team", default="", help="team drilled, for the records and trends")
    parser.add_argument(
        "--report", metavar="FILE.md|FILE.html", help="write the after-action report / 演练评估报告"
    )


def resolve_rubric(content: Any, timeline_scenario: str, explicit: str | None) -> Any:
    if explicit:
        rubric = content.rubrics.get(explicit)
        if rubric is None:
            raise UsageError(f"unknown rubric '{explicit}' (known: {', '.join(sorted(content.rubrics))})")
        return rubric
    scen = content.scenarios.get(timeline_scenario)
    if scen is not None and scen.rubric in content.rubrics:
        return content.rubrics[scen.rubric]
    if len(content.rubrics) == 1:
        return next(iter(content.rubrics.values()))
    raise UsageError(
        f"timeline scenario {timeline_scenario!r} is not in the content: name a rubric with --rubric ({', '.join(sorted(content.rubrics))})"
    )


def comparisons(ctx: Context, content: Any, grade: Any, timeline: Any) -> dict[str, dict[str, Any]]:
    """Place each timed actual among the newest batch of simulated runs of the scenario, if one exists."""
    from drillsim.grading.compare import compare_with_batch
    from drillsim.records import DrillRecords

    if ctx.db_path is None or not Path(ctx.db_path).exists() or not timeline.scenario:
        return {}
    with DrillRecords(ctx.db_path) as db:
        return compare_with_batch(db, timeline.scenario, content.digest, grade)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import replace

    from drillsim.grading import grade as grade_fn
    from drillsim.grading import load_timeline_file, parse_rating
    from drillsim.grading.compare import sentence

    timeline = load_timeline_file(args.timeline)
    content = ctx.content()
    rubric = resolve_rubric(content, timeline.scenario, args.rubric)
    ratings = {}
    for text in args.rate:
        ident, rating, reason = parse_rating(text)
        ratings[ident] = (rating, reason)
    from drillsim.grading import antidote_chemicals

    result = grade_fn(timeline, rubric, ratings, antidote_chemicals(content))
    cmps = comparisons(ctx, content, result, timeline)
    if cmps:
        result = replace(result, comparisons=cmps)
    out = result.as_dict()
    out["scenario"] = timeline.scenario
    out["enterprise"] = timeline.enterprise
    out["seed"] = timeline.seed
    if args.record:
        from drillsim.records import DrillRecords

        if timeline.enterprise not in content.enterprises:
            raise InputError(
                f"{args.timeline}: cannot record a drill of unknown enterprise {timeline.enterprise!r} (the records and trends are per enterprise)"
            )
        if not args.trainer:
            args.trainer = str(timeline.meta.get("trainer") or "")  # a live log remembers who timed it

        with DrillRecords(ctx.db_path) as db:  # type: ignore[arg-type]
            out["record_id"] = db.record_drill(timeline.to_json(), out, trainer=args.trainer, team=args.team)
    if args.report:
        write_report(Path(args.report), result, timeline, content, ctx, args, cmps)
    if ctx.json:
        ctx.emit_json(out)
        return 0
    ctx.print(f"EXERCISE / 演练 — {ctx.t(rubric.title_zh, rubric.title_en)} (v{rubric.version})")
    ctx.print(
        f"{ctx.t('情景', 'scenario')}: {timeline.scenario}  {ctx.t('企业', 'enterprise')}: {timeline.enterprise}  seed: {timeline.seed}"
    )
    ctx.print(
        f"{'':2}{ctx.t('指标', 'indicator'):<34}{ctx.t('目标', 'target'):>8}{ctx.t('实际', 'actual'):>9}{ctx.t('得分', 'points'):>8}  {ctx.t('评定', 'rating')}"
    )
    for c in result.criteria:
        actual = "—" if c.actual is None else f"{c.actual:.1f}"
        target = "—" if c.target is None else f"{c.target:g}"
        name = ctx.t(c.name_zh, c.name_en)[:32]
        mark = "·" if c.max == 0 else {2: "✓", 1: "~", 0: "✗"}.get(c.points, " ")
        ctx.print(f"{mark} {name:<34}{target:>8}{actual:>9}{c.points:>6}/{c.max}  {c.rating}")
        if c.id in cmps and c.actual is not None:
            ctx.print(f"    {sentence(ctx.t(c.name_zh, c.name_en), c.actual, cmps[c.id], ctx.lang)}")
    ctx.print(f"{ctx.t('总分', 'Score')}: {result.score:g} / {result.max:g} ({result.percent:.0f}%)")
    if "record_id" in out:
        ctx.print(ctx.t(f"已记录为第 {out['record_id']} 号演练", f"recorded as drill #{out['record_id']}"))
    if args.report:
        ctx.print(ctx.t(f"报告已写入 {args.report}", f"report written to {args.report}"))
    return 0


def write_report(
    path: Path,
    result: Any,
    timeline: Any,
    content: Any,
    ctx: Context,
    args: argparse.Namespace,
    cmps: dict[str, Any],
) -> None:
    from drillsim.grading.compare import sentence
    from drillsim.grading.report import html_report, markdown_report, timeline_svg

    suffix = path.suffix.lower()
    if suffix not in (".md", ".html", ".htm"):
        raise UsageError(f"--report {path}: expected a .md or .html file name")
    scen = content.scenarios.get(timeline.scenario)
    box = content.enterprises.get(timeline.enterprise)
    meta = {
        "title_zh": scen.title_zh if scen else timeline.scenario,
        "title_en": scen.title_en if scen else timeline.scenario,
        "enterprise_zh": box.name_zh if box else timeline.enterprise,
        "enterprise_en": box.name_en if box else timeline.enterprise,
        "trainer": args.trainer,
        "team": args.team,
        "fictional_note": "sample enterprise, fictional / 样例企业，虚构"
        if box is not None and box.fictional
        else "",
    }
    lines = {
        cid: sentence(
            next(c.name_en for c in result.criteria if c.id == cid),
            next(c.actual for c in result.criteria if c.id == cid),
            cmp,
            "en",
        )
        for cid, cmp in cmps.items()
    }
    text = markdown_report(result, timeline, meta, date.today(), lines)
    svg = timeline_svg(result, timeline)
    if suffix == ".md":
        body = text.replace("![timeline chart](#timeline-chart)", svg).replace(
            "![演练时间线](#timeline-chart)", ""
        )
    else:
        body = html_report(text, svg, f"{meta['title_en']} — {meta['enterprise_en']}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write report ({exc.strerror})") from None
