"""After-action work outside the widgets: which rubric grades a timeline, the comparison with simulated runs, the report files."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def resolve_rubric(content: Any, scenario: str, explicit: str | None) -> Any:
    """The rubric to grade with: the one asked for, else the scenario's, else the only one; None if unclear."""
    if explicit:
        return content.rubrics.get(explicit)
    scen = content.scenarios.get(scenario)
    if scen is not None and scen.rubric in content.rubrics:
        return content.rubrics[scen.rubric]
    if len(content.rubrics) == 1:
        return next(iter(content.rubrics.values()))
    return None


def comparisons(services: Any, content: Any, grade: Any, doc: Any) -> dict[str, dict[str, Any]]:
    """Each timed actual placed among the newest batch of simulated runs of the scenario (if any)."""
    from drillsim.grading.compare import compare_with_batch

    db = services.records()
    if db is None or not doc.scenario:
        return {}
    with db:
        return compare_with_batch(db, doc.scenario, content.digest, grade)


def write_reports(
    grade: Any, doc: Any, content: Any, folder: Path, today: Any, cmps: dict[str, Any]
) -> list[Path]:
    """Write the after-action report as Markdown and HTML into ``folder``; returns the paths."""
    from drillsim.grading.compare import sentence
    from drillsim.grading.report import html_report, markdown_report, timeline_svg

    scen = content.scenarios.get(doc.scenario)
    box = content.enterprises.get(doc.enterprise)
    meta = {
        "title_zh": scen.title_zh if scen else doc.scenario,
        "title_en": scen.title_en if scen else doc.scenario,
        "enterprise_zh": box.name_zh if box else doc.enterprise,
        "enterprise_en": box.name_en if box else doc.enterprise,
        "trainer": "",
        "team": "",
        "fictional_note": "sample enterprise, fictional / 样例企业，虚构"
        if box is not None and box.fictional
        else "",
    }
    lines = {
        c.id: sentence(c.name_en, c.actual, cmps[c.id], "en")
        for c in grade.criteria
        if c.id in cmps and c.actual is not None
    }
    text = markdown_report(grade, doc, meta, today, lines)
    svg = timeline_svg(grade, doc)
    stem = f"{today.isoformat()}-{doc.enterprise or 'drill'}-{doc.scenario or 'timeline'}-seed{doc.seed if doc.seed is not None else 'live'}"
    folder.mkdir(parents=True, exist_ok=True)
    md_path = folder / f"{stem}.md"
    html_path = folder / f"{stem}.html"
    md_body = text.replace("![timeline chart](#timeline-chart)", svg).replace(
        "![演练时间线](#timeline-chart)", ""
    )
    html_body = html_report(text, svg, f"{meta['title_en']} — {meta['enterprise_en']}")
    for path, body in ((md_path, md_body), (html_path, html_body)):
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    return [md_path, html_path]
