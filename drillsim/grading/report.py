"""After-action reports: an English AAR / improvement plan and a Chinese 演练评估报告, from one grade.

Markdown is built here and rendered with markdown-it-py with raw HTML disabled, so nothing in a
timeline (event details come from files a user hands us) can inject markup or script. The SVG chart
is produced by this module from numbers only, with every text escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from drillsim.grading.score import COUNT_MEASURES, OWNERS, RATING_NAMES, Criterion, Grade
from drillsim.grading.timeline import TimelineDoc

EXERCISE = "EXERCISE / 演练"
# AQ/T 9009 classes findings as 不足项 (deficiency: threatens the exercise objective or lives),
# 整改项 (must be rectified) and 改进项 (could be improved). Mapping used here (documented in docs/grading.md):
# 0 points on an indicator of weight >= CRITICAL_WEIGHT -> 不足项; other 0 points -> 整改项; 1 point -> 改进项.
CRITICAL_WEIGHT = 1.5
DUE_DAYS = {"deficiency": 30, "rectify": 60, "improve": 90}
CLASS_ZH = {"deficiency": "不足项", "rectify": "整改项", "improve": "改进项"}
CLASS_EN = {"deficiency": "Deficiency", "rectify": "Corrective action", "improve": "Improvement"}
ROLE_NAMES = {
    "control_room": ("中控室", "Control room"),
    "shift_leader": ("值班长", "Shift leader"),
    "unit_head": ("主要负责人", "Unit head"),
    "process_team": ("工艺处置队", "Process team"),
    "emergency_team": ("应急处置队", "Emergency team"),
    "safety_officer": ("安全员", "Safety officer"),
    "fire_service": ("消防救援队伍（119）", "Fire and rescue service (119)"),
    "ems": ("120 急救中心", "120 EMS centre"),
    "hospital": ("定点救治医院", "Receiving hospitals"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    criterion: Criterion
    klass: str  # deficiency | rectify | improve
    owner: str
    due: date


def findings(grade: Grade, report_date: date) -> list[Finding]:
    """Every criterion short of full points becomes a finding, most serious first."""
    out = []
    for c in grade.criteria:
        if c.max == 0 or c.points >= c.max:  # N/A or full points
            continue
        if c.points == 0:
            klass = "deficiency" if c.weight >= CRITICAL_WEIGHT else "rectify"
        else:
            klass = "improve"
        owner = OWNERS.get(c.measure, "unit_head")
        out.append(Finding(c, klass, owner, report_date + timedelta(days=DUE_DAYS[klass])))
    order = {"deficiency": 0, "rectify": 1, "improve": 2}
    out.sort(key=lambda f: (order[f.klass], -f.criterion.weight, f.criterion.id))
    return out


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


def _esc_md(text: str) -> str:
    """Neutralise Markdown syntax in untrusted text (event details, names from files)."""
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()#+-.!|<>~":
            out.append("\\" + ch)
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _code(text: str) -> str:
    """Text for inside a code span: no backticks or line breaks (escapes would show literally there)."""
    return str(text).replace("`", "'").replace("\n", " ").replace("\r", " ")


def _corrective_text(c: Criterion, lang: str) -> str:
    target = f"{c.target:g}" if c.target is not None else "—"
    if c.measure in COUNT_MEASURES:
        if lang == "zh":
            return f"分析「{c.name_zh}」为 {_fmt(c.actual)}（目标 ≤ {target}）的原因，逐项落实防护、救治和转运措施"
        return f"Find why '{c.name_en}' was {_fmt(c.actual)} (target at most {target}) and fix the protection, care and transport steps behind it"
    if lang == "zh":
        if c.actual is None:
            return f"明确「{c.name_zh}」的责任人和触发条件，写入现场处置方案并在下次演练中验证（目标 {target} 分钟内）"
        return f"将「{c.name_zh}」从 {c.actual:.1f} 分钟缩短到 {target} 分钟以内：复核流程、岗位职责和器材，开展专项训练"
    if c.actual is None:
        return f"Assign an owner and a trigger for '{c.name_en}' in the on-site plan and verify it in the next drill (target {target} min)"
    return f"Bring '{c.name_en}' from {c.actual:.1f} min to within {target} min: review the procedure, the post's duties and equipment; train it"


def _timeline_rows(timeline: TimelineDoc, limit: int = 60) -> list[tuple[float, str, str, str]]:
    rows = [(e.t, e.kind, e.actor, e.detail) for e in timeline.events if e.kind not in ("casualty_exposed",)]
    return rows[:limit]


def markdown_report(
    grade: Grade,
    timeline: TimelineDoc,
    meta: Mapping[str, Any],
    report_date: date | None = None,
    comparisons: Mapping[str, str] | None = None,
) -> str:
    """The whole report as Markdown: English AAR/IP, then the Chinese 演练评估报告 from the same data."""
    today = report_date or date.today()
    finds = findings(grade, today)
    title_en = meta.get("title_en") or timeline.scenario
    title_zh = meta.get("title_zh") or timeline.scenario
    ent_en = meta.get("enterprise_en") or timeline.enterprise
    ent_zh = meta.get("enterprise_zh") or timeline.enterprise
    comparisons = comparisons or {}
    L: list[str] = []
    a = L.append
    a(f"**{EXERCISE}** — {_esc_md(str(meta.get('fictional_note', '')))}".rstrip(" —"))
    a("")
    a(f"# After-Action Report / Improvement Plan — {_esc_md(title_en)}")
    a("")
    a(f"- Enterprise: {_esc_md(ent_en)} (`{_code(timeline.enterprise)}`)")
    a(
        f"- Scenario: `{_code(timeline.scenario)}` · origin: {timeline.origin} · seed: {timeline.seed if timeline.seed is not None else '—'}"
    )
    a(f"- Rubric: `{grade.rubric_id}` v{_esc_md(grade.rubric_version)} · report date: {today.isoformat()}")
    if meta.get("trainer") or meta.get("team"):
        a(
            f"- Evaluator: {_esc_md(str(meta.get('trainer', '')))} · team: {_esc_md(str(meta.get('team', '')))}"
        )
    a(f"- **Score: {grade.score:g} / {grade.max:g} ({grade.percent:.0f}%)**")
    a("")
    a("## Timeline")
    a("")
    a("![timeline chart](#timeline-chart)")
    a("")
    a("## Indicators")
    a("")
    a("| Indicator | Target (min) | Actual | Points | Rating | Source |")
    a("|---|---:|---:|---:|---|---|")
    for c in grade.criteria:
        a(
            f"| {_esc_md(c.name_en)} | {_fmt(c.target)} | {_fmt(c.actual)} | {c.points}/{c.max} | {c.rating} | {_esc_md(c.source)} |"
        )
    a("")
    strengths = [c for c in grade.criteria if c.max > 0 and c.points >= c.max]
    a("## Strengths")
    a("")
    for c in strengths or ():
        if c.measure in COUNT_MEASURES:
            a(f"- {_esc_md(c.name_en)}: {_fmt(c.actual)} (target at most {_fmt(c.target)}).")
        else:
            a(f"- {_esc_md(c.name_en)}: {_fmt(c.actual)} min against a {_fmt(c.target)}-minute target.")
    if not strengths:
        a("- None of the timed indicators met its target.")
    a("")
    a("## Areas for improvement")
    a("")
    for f in finds:
        c = f.criterion
        unit = "" if c.measure in COUNT_MEASURES else " min"
        line = f"- **{CLASS_EN[f.klass]}** — {_esc_md(c.name_en)}: {_fmt(c.actual)}{unit} (target {_fmt(c.target)}). {RATING_NAMES[c.rating][1]}."
        if c.id in comparisons:
            line += f" {_esc_md(comparisons[c.id])}."
        if c.reason:
            line += f" Evaluator: {_esc_md(c.reason)}"
        a(line)
    if not finds:
        a("- None: every indicator met its target.")
    a("")
    a("## Improvement plan")
    a("")
    a("| # | Finding | Corrective action | Owner | Due |")
    a("|---:|---|---|---|---|")
    for i, f in enumerate(finds, 1):
        owner = ROLE_NAMES.get(f.owner, (f.owner, f.owner))[1]
        a(
            f"| {i} | {CLASS_EN[f.klass]}: {_esc_md(f.criterion.name_en)} | {_esc_md(_corrective_text(f.criterion, 'en'))} | {owner} | {f.due.isoformat()} |"
        )
    a("")
    a("## Event log")
    a("")
    a("| t (min) | Event | Actor | Detail |")
    a("|---:|---|---|---|")
    for t, kind, actor, detail in _timeline_rows(timeline):
        a(f"| {t:.1f} | {kind} | {_esc_md(actor)} | {_esc_md(detail)} |")
    a("")
    a(f"**{EXERCISE}**")
    a("")
    a("---")
    a("")
    # ---------------------------------------------------------------- Chinese report (AQ/T 9009 layout)
    a(f"**{EXERCISE}**")
    a("")
    a(f"# 应急演练评估报告 — {_esc_md(title_zh)}")
    a("")
    a("## 一、演练基本情况")
    a("")
    a(f"- 演练单位：{_esc_md(ent_zh)}")
    a(f"- 演练情景：{_esc_md(title_zh)}（`{_code(timeline.scenario)}`）")
    kind_zh = "无脚本模拟演练" if timeline.origin == "simulated" else "实战演练（现场计时记录）"
    a(f"- 演练形式：{kind_zh}；随机种子：{timeline.seed if timeline.seed is not None else '—'}")
    a(f"- 评估日期：{today.isoformat()}")
    a("")
    a("## 二、评估依据与方法")
    a("")
    a(
        f"- 评估表：`{grade.rubric_id}` 第 {_esc_md(grade.rubric_version)} 版；每项指标按目标时间评 2 / 1 / 0 分（目标内 2 分，延迟在容许范围内 1 分，超出或未完成 0 分）。"
    )
    a(
        "- 评估依据见各指标来源（《生产安全事故报告和调查处理条例》（国务院令第493号）等）；问题分类参照 AQ/T 9009《生产安全事故应急演练评估规范》的不足项、整改项、改进项。"
    )
    a("")
    a("## 三、演练执行情况（时间线）")
    a("")
    a("![演练时间线](#timeline-chart)")
    a("")
    a("## 四、演练目标实现情况")
    a("")
    a("| 指标 | 目标（分钟） | 实际 | 得分 | 评定 | 依据 |")
    a("|---|---:|---:|---:|---|---|")
    for c in grade.criteria:
        a(
            f"| {_esc_md(c.name_zh)} | {_fmt(c.target)} | {_fmt(c.actual)} | {c.points}/{c.max} | {RATING_NAMES[c.rating][0]} | {_esc_md(c.source)} |"
        )
    a("")
    a(f"**总分：{grade.score:g} / {grade.max:g}（{grade.percent:.0f}%）**")
    a("")
    a("## 五、存在的问题")
    a("")
    for klass in ("deficiency", "rectify", "improve"):
        items = [f for f in finds if f.klass == klass]
        a(f"### {CLASS_ZH[klass]}（{len(items)} 项）")
        a("")
        for f in items:
            c = f.criterion
            a(
                f"- {_esc_md(c.name_zh)}：实际 {_fmt(c.actual)} 分钟，目标 {_fmt(c.target)} 分钟。{_esc_md(c.reason)}"
            )
        if not items:
            a("- 无")
        a("")
    a("## 六、改进意见和建议")
    a("")
    a("| 序号 | 类别 | 整改措施 | 责任岗位 | 完成期限 |")
    a("|---:|---|---|---|---|")
    for i, f in enumerate(finds, 1):
        owner = ROLE_NAMES.get(f.owner, (f.owner, f.owner))[0]
        a(
            f"| {i} | {CLASS_ZH[f.klass]} | {_esc_md(_corrective_text(f.criterion, 'zh'))} | {owner} | {f.due.isoformat()} |"
        )
    if not finds:
        a("| — | — | 保持现有做法，下次演练提高情景难度 | — | — |")
    a("")
    a(f"**{EXERCISE}**")
    return "\n".join(L) + "\n"


# ------------------------------------------------------------------------------------------- SVG chart
MILESTONES = (
    "detected",
    "alarm_internal",
    "call_119",
    "call_120",
    "esd_activated",
    "esd_failed",
    "evacuation_ordered",
    "headcount_complete",
    "fire_arrived",
    "hazmat_arrived",
    "isolation_zone_set",
    "leak_controlled",
    "report_authority",
    "all_clear",
)


def timeline_svg(grade: Grade, timeline: TimelineDoc, width: int = 900) -> str:
    """A timeline chart: one row per timed indicator, the target window shaded, the actual as a dot."""
    rows = [
        c
        for c in grade.criteria
        if c.kind == "timed" and c.target is not None and c.max > 0 and c.measure not in COUNT_MEASURES
    ]
    horizon = max(
        [c.one_point or 0 for c in rows]
        + [c.actual or 0 for c in rows]
        + [e.t for e in timeline.events if e.kind in MILESTONES]
        + [10.0]
    )
    horizon = float(int(horizon * 1.1) + 1)
    left, right, top, row_h = 230, 30, 40, 22
    height = top + row_h * len(rows) + 40
    span = width - left - right

    def x(t: float) -> float:
        return left + span * min(t, horizon) / horizon

    e = html.escape
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-label="drill timeline" font-family="sans-serif" font-size="12">',
        f'<text x="{width - 10}" y="16" text-anchor="end" font-weight="bold" fill="#b00">{e(EXERCISE)}</text>',
    ]
    step = 5 if horizon <= 60 else 15 if horizon <= 240 else 60
    for t in range(0, int(horizon) + 1, step):
        out.append(f'<line x1="{x(t):.1f}" y1="{top - 8}" x2="{x(t):.1f}" y2="{height - 30}" stroke="#ddd"/>')
        out.append(f'<text x="{x(t):.1f}" y="{height - 14}" text-anchor="middle" fill="#555">{t}</text>')
    out.append(
        f'<text x="{left + span / 2:.0f}" y="{height - 2}" text-anchor="middle" fill="#555">min since release / 泄漏后分钟</text>'
    )
    colour = {2: "#2e7d32", 1: "#f9a825", 0: "#c62828"}
    mark = {2: "✓", 1: "~", 0: "✗"}
    for i, c in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{e(c.name_en[:30])}</text>')
        out.append(
            f'<rect x="{left}" y="{y + 4}" width="{x(c.target or 0) - left:.1f}" height="12" fill="#c8e6c9"/>'
        )
        one = c.one_point or c.target or 0
        out.append(
            f'<rect x="{x(c.target or 0):.1f}" y="{y + 4}" width="{x(one) - x(c.target or 0):.1f}" height="12" fill="#fff3c4"/>'
        )
        if c.actual is not None:
            out.append(
                f'<circle cx="{x(c.actual):.1f}" cy="{y + 10}" r="5" fill="{colour[min(c.points, 2)]}"/>'
            )
            out.append(
                f'<text x="{x(c.actual) + 8:.1f}" y="{y + 14}" fill="#333">{c.actual:.1f} {mark[min(c.points, 2)]}</text>'
            )
        else:
            out.append(f'<text x="{left + 4}" y="{y + 14}" fill="#c62828">✗ missing / 未完成</text>')
    out.append("</svg>")
    return "\n".join(out)


CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt; color: #111; }
.exercise-banner { position: fixed; top: 0; left: 0; right: 0; text-align: center; font-weight: bold; color: #b00;
  border-bottom: 2px solid #b00; background: #fff; padding: 2px; }
.exercise-footer { position: fixed; bottom: 0; left: 0; right: 0; text-align: center; color: #b00; font-weight: bold; }
main { margin: 28px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; }
th { background: #eee; }
hr { page-break-after: always; border: none; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; border-bottom: 1px solid #ccc; }
"""


def html_report(markdown_text: str, svg: str, title: str) -> str:
    """Render the Markdown safely and place the chart where the report references it."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    body = md.render(markdown_text)
    # The chart placeholder is an image whose src is '#timeline-chart'; swap in our own SVG.
    for alt in ("timeline chart", "演练时间线"):
        body = body.replace(
            f'<img src="#timeline-chart" alt="{alt}" />', f'<figure class="chart">{svg}</figure>'
        )
    banner = html.escape(EXERCISE)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} — {banner}</title>"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<style>{CSS}</style></head><body>"
        f'<div class="exercise-banner">{banner}</div><main>{body}</main>'
        f'<div class="exercise-footer">{banner}</div></body></html>\n'
    )
