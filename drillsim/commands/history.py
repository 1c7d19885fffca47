"""``drillsim history``: graded drills kept in the drill records, trends per indicator, the drill file."""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from drillsim.commands import Context
from drillsim.errors import InputError, UsageError

NAME = "history"
HELP = "graded drills in the drill records, with trends; export the half-yearly drill file / 演练记录与趋势"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--enterprise", metavar="ID", help="only this enterprise")
    parser.add_argument("--scenario", metavar="ID", help="only this scenario")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="drills on or after this date")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="drills on or before this date")
    parser.add_argument(
        "--export",
        metavar="FILE.md|FILE.csv",
        help="write the enterprise's drill file (演练档案) for the half-yearly filing",
    )


def _date(text: str | None, flag: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} {text!r}: expected a date YYYY-MM-DD") from None


def trends(records: list[Any]) -> dict[str, dict[str, Any]]:
    from drillsim.records import trend

    series: dict[str, list[tuple[int, float | None]]] = {}
    for i, r in enumerate(records):
        for c in r.criteria:
            series.setdefault(c["id"], []).append((i, c.get("actual")))
    out = {k: trend(v) for k, v in series.items()}
    out["score_pct"] = trend(
        (i, 100.0 * r.score / r.max_score if r.max_score else None) for i, r in enumerate(records)
    )
    return out


def run(args: argparse.Namespace, ctx: Context) -> int:
    from drillsim.records import DrillRecords

    since, until = _date(args.since, "--since"), _date(args.until, "--until")
    if ctx.db_path is None or not Path(ctx.db_path).exists():
        records: list[Any] = []
    else:
        with DrillRecords(ctx.db_path) as db:
            records = db.drills(args.enterprise, args.scenario)
    records = [
        r
        for r in records
        if (since is None or r.drill_date >= since.isoformat())
        and (until is None or r.drill_date <= until.isoformat())
    ]
    tr = trends(records)
    if args.export:
        export_file(Path(args.export), records, args, ctx, since, until)
    if ctx.json:
        ctx.emit_json({"records": [r.as_dict() for r in records], "trends": tr})
        return 0
    if not records:
        ctx.print(
            ctx.t(
                "没有演练记录。用 `drillsim grade TIMELINE.json --record` 记录一次演练。",
                "No drill records yet. Record one with `drillsim grade TIMELINE.json --record`.",
            )
        )
        return 0
    ctx.print(
        f"{'#':>4}  {ctx.t('日期', 'date'):<11} {ctx.t('企业', 'enterprise'):<24} {ctx.t('情景', 'scenario'):<26} {ctx.t('得分', 'score'):>12}  {ctx.t('评估人', 'trainer')}"
    )
    for r in records:
        pct = 100 * r.score / r.max_score if r.max_score else 0
        ctx.print(
            f"{r.id:>4}  {r.drill_date:<11} {r.enterprise:<24} {r.scenario:<26} {r.score:>5g}/{r.max_score:<4g}{pct:>3.0f}%  {r.trainer}"
        )
    ctx.print(ctx.t("趋势（每次演练的变化，负值为变快）", "Trends (change per drill; negative = faster)"))
    for k, t in tr.items():
        if t["n"] >= 2 and t["slope_per_drill"] is not None:
            ctx.print(
                f"  {k:<28} {t['first']:>7.1f} → {t['last']:>7.1f}  ({t['slope_per_drill']:+.2f}/drill, n={t['n']})"
            )
    return 0


def export_file(
    path: Path,
    records: list[Any],
    args: argparse.Namespace,
    ctx: Context,
    since: date | None,
    until: date | None,
) -> None:
    """The drill file an enterprise files every half year (危化品单位每半年至少演练一次，国务院令第708号第八条)."""
    if not args.enterprise:
        raise UsageError("--export needs --enterprise ID: the drill file is per enterprise")
    content = ctx.content()
    box = content.enterprises.get(args.enterprise)
    name = box.name_zh if box else args.enterprise
    if path.suffix.lower() == ".csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(
            [
                "id",
                "drill_date",
                "enterprise",
                "scenario",
                "origin",
                "seed",
                "rubric",
                "rubric_version",
                "score",
                "max",
                "trainer",
                "team",
            ]
        )
        for r in records:
            w.writerow(
                [
                    r.id,
                    r.drill_date,
                    r.enterprise,
                    r.scenario,
                    r.origin,
                    r.seed,
                    r.rubric_id,
                    r.rubric_version,
                    r.score,
                    r.max_score,
                    r.trainer,
                    r.team,
                ]
            )
        text = buf.getvalue()
    elif path.suffix.lower() == ".md":
        first = since.isoformat() if since else (records[0].drill_date if records else "—")
        last = until.isoformat() if until else (records[-1].drill_date if records else "—")
        period = f"{first} ~ {last}"
        lines = [
            "**EXERCISE / 演练**",
            "",
            f"# {name} 应急演练档案 / Drill file",
            "",
            f"- 统计期间 Period: {period}",
            f"- 演练次数 Drills: {len(records)}",
            "- 依据：国务院令第708号《生产安全事故应急条例》第八条——危险化学品单位应当至少每半年组织1次应急演练，并将演练情况报送所在地县级以上负有安全监管职责的部门。",
            "",
            "| 编号 | 日期 | 情景 | 形式 | 得分 | 评估人 | 参演队伍 |",
            "|---:|---|---|---|---:|---|---|",
        ]
        for r in records:
            scen = content.scenarios.get(r.scenario)
            title = scen.title_zh if scen else r.scenario
            form = "模拟" if r.origin == "simulated" else "实战"
            lines.append(
                f"| {r.id} | {r.drill_date} | {title} | {form} | {r.score:g}/{r.max_score:g} | {r.trainer} | {r.team} |"
            )
        halves: dict[str, int] = {}
        for r in records:
            y, m = r.drill_date[:4], int(r.drill_date[5:7] or 1)
            halves[f"{y}H{1 if m <= 6 else 2}"] = halves.get(f"{y}H{1 if m <= 6 else 2}", 0) + 1
        lines += ["", "## 半年度演练频次 / Drills per half-year", ""]
        lines += [
            f"- {h}: {n} {'✓' if n >= 1 else '✗ 未达到每半年至少1次'}" for h, n in sorted(halves.items())
        ] or ["- 无记录 ✗"]
        text = "\n".join(lines) + "\n"
    else:
        raise UsageError(f"--export {path}: expected a .md or .csv file name")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the drill file ({exc.strerror})") from None
    ctx.warn(ctx.t(f"演练档案已写入 {path}", f"drill file written to {path}"))
