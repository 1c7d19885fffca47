"""Grading: fair, explainable, monotone; bad timelines refused; reports safe and marked EXERCISE."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drillsim.cli import main
from drillsim.errors import InputError
from drillsim.grading import grade, parse_timeline
from drillsim.grading.report import findings, html_report, markdown_report, timeline_svg
from drillsim.loading import load_content

EVENTS = [
    {"t": 0, "kind": "release", "actor": "", "detail": "chlorine leak"},
    {"t": 1.0, "kind": "detected", "actor": "control_room", "detail": "detector GD-03 alarm"},
    {"t": 2.5, "kind": "alarm_internal", "actor": "control_room", "detail": "site alarm"},
    {"t": 8.0, "kind": "call_119", "actor": "shift_leader", "detail": "called 119"},
]


def timeline(events: list[dict] | None = None) -> dict:
    return {"scenario": "demo-leak", "enterprise": "demo_plant", "seed": 7, "events": events or EVENTS}


def test_scores_two_one_zero(minimal: Path) -> None:
    c = load_content(minimal)
    g = grade(parse_timeline(timeline()), c.rubrics["demo-rubric"])
    by = {x.id: x for x in g.criteria}
    assert (by["alarm"].actual, by["alarm"].points, by["alarm"].rating) == (2.5, 2, "P")
    assert (by["call119"].actual, by["call119"].points, by["call119"].rating) == (8.0, 1, "S")
    assert g.score == 3 and g.max == 4
    assert by["alarm"].source == "fixture"


def test_missing_indicator_scores_zero_rated_u(minimal: Path) -> None:
    c = load_content(minimal)
    g = grade(parse_timeline(timeline(EVENTS[:3])), c.rubrics["demo-rubric"])
    call = next(x for x in g.criteria if x.id == "call119")
    assert call.actual is None and call.points == 0 and call.rating == "U"


@settings(max_examples=60, deadline=None)
@given(
    base=st.lists(st.floats(min_value=0.1, max_value=50), min_size=2, max_size=2),
    delays=st.lists(st.floats(min_value=0, max_value=50), min_size=2, max_size=2),
)
def test_monotone_slower_never_scores_higher(base: list[float], delays: list[float]) -> None:
    from tests.conftest import MINIMAL

    rubric = load_content(MINIMAL).rubrics["demo-rubric"]

    def tl(a: float, b: float) -> dict:
        ev = [{"t": 0, "kind": "release"}, {"t": a, "kind": "alarm_internal"}, {"t": b, "kind": "call_119"}]
        ev.sort(key=lambda e: e["t"])
        return timeline(ev)

    fast = grade(parse_timeline(tl(*base)), rubric)
    slow = grade(parse_timeline(tl(base[0] + delays[0], base[1] + delays[1])), rubric)
    assert slow.score <= fast.score


def test_same_timeline_same_score(minimal: Path) -> None:
    rubric = load_content(minimal).rubrics["demo-rubric"]
    a = grade(parse_timeline(timeline()), rubric).as_dict()
    b = grade(parse_timeline(json.loads(json.dumps(timeline()))), rubric).as_dict()
    assert a == b


@pytest.mark.parametrize(
    ("obj", "needle"),
    [
        ([], "expected a JSON object"),
        ({"events": "x"}, "missing 'events' list"),
        ({"events": []}, "'events' is empty"),
        ({"events": [{"t": "soon", "kind": "release"}]}, "'t' should be minutes"),
        ({"events": [{"t": 5, "kind": "release"}, {"t": 2, "kind": "detected"}]}, "out of order"),
        ({"events": [{"t": 0, "kind": "explosion!!"}]}, "unknown kind"),
        ({"events": [{"t": -1, "kind": "release"}]}, "before the release"),
        (
            {"events": [{"t": 0, "kind": "release"}], "kpis": {"t_alarm": "fast"}},
            "should be a number or null",
        ),
    ],
)
def test_not_a_timeline_is_refused(obj: object, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        parse_timeline(obj, "x.json")


def test_override_needs_reason_and_qualitative_rating(minimal: Path) -> None:
    rubric = load_content(minimal).rubrics["demo-rubric"]
    with pytest.raises(InputError, match="needs a reason"):
        grade(parse_timeline(timeline()), rubric, {"alarm": ("S", "")})
    g = grade(parse_timeline(timeline()), rubric, {"alarm": ("S", "alarm heard only in hall A")})
    alarm = next(x for x in g.criteria if x.id == "alarm")
    assert alarm.points == 1 and alarm.overridden and alarm.reason
    with pytest.raises(InputError, match="unknown indicator"):
        grade(parse_timeline(timeline()), rubric, {"nope": ("P", "")})


def test_report_marks_exercise_and_classes_findings(minimal: Path) -> None:
    c = load_content(minimal)
    tl = parse_timeline(
        timeline(
            EVENTS[:3]
            + [{"t": 9, "kind": "note", "detail": "<script>alert(1)</script> [x](javascript:alert(2))"}]
        )
    )
    g = grade(tl, c.rubrics["demo-rubric"])
    fs = findings(g, date(2026, 11, 28))
    assert [f.klass for f in fs] == ["rectify"]  # call_119 missing, weight 1 -> 整改项
    md = markdown_report(g, tl, {}, date(2026, 11, 28))
    assert md.count("EXERCISE / 演练") >= 4
    assert "不足项" in md and "整改项" in md and "改进项" in md
    page = html_report(md, timeline_svg(g, tl), "t")
    assert "<script" not in page and 'href="javascript' not in page
    assert "<svg" in page and "EXERCISE / 演练" in page


def test_grade_cli_json_record_history_and_report(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tl = tmp_path / "tl.json"
    tl.write_text(json.dumps(timeline()), encoding="utf-8")
    db = tmp_path / "rec.sqlite3"
    report = tmp_path / "aar.html"
    rc = main(
        [
            "grade",
            str(tl),
            "--json",
            "--record",
            "--content",
            str(minimal),
            "--db",
            str(db),
            "--report",
            str(report),
            "--trainer",
            "李教官",
        ]
    )
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["score"] == 3 and out["max"] == 4 and out["record_id"] == 1
    assert {"id", "target", "actual", "points", "max"} <= set(out["criteria"][0])
    assert "EXERCISE / 演练" in report.read_text(encoding="utf-8")
    assert main(["history", "--json", "--db", str(db), "--content", str(minimal)]) == 0
    hist = json.loads(capsys.readouterr().out)
    assert hist["records"][0]["trainer"] == "李教官"
    assert hist["records"][0]["score"] == 3


def test_grade_cli_bad_file_exit_1(minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["grade", str(bad), "--content", str(minimal)]) == 1
    err = capsys.readouterr().err
    assert "invalid JSON" in err and "Traceback" not in err
    assert main(["grade", str(tmp_path / "missing.json"), "--content", str(minimal)]) == 1


def test_comparison_with_simulated_runs(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from drillsim.records import DrillRecords

    db = tmp_path / "rec.sqlite3"
    content = load_content(minimal)
    with DrillRecords(db) as rec:
        rows = [{"t_alarm": v, "deaths": 0} for v in (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0) * 2]
        rec.store_batch("demo-leak", content.digest, 1, rows)
    tl = tmp_path / "tl.json"
    tl.write_text(json.dumps(timeline()), encoding="utf-8")
    assert main(["grade", str(tl), "--json", "--content", str(minimal), "--db", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["comparisons"]["alarm"]["slower_than_pct"] == 30.0
    assert out["comparisons"]["alarm"]["runs"] == 20
    with DrillRecords(db) as rec:  # a newer batch too small to compare with: no comparison at all
        rec.store_batch("demo-leak", content.digest, 2, [{"t_alarm": 1.0}] * 5)
    assert main(["grade", str(tl), "--json", "--content", str(minimal), "--db", str(db)]) == 0
    assert "comparisons" not in json.loads(capsys.readouterr().out)


def test_record_refuses_unknown_enterprise(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tl = tmp_path / "tl.json"
    tl.write_text(json.dumps({**timeline(), "enterprise": "nosuch"}), encoding="utf-8")
    assert (
        main(["grade", str(tl), "--record", "--content", str(minimal), "--db", str(tmp_path / "r.db")]) == 1
    )
    assert "unknown enterprise" in capsys.readouterr().err


def test_casualty_indicators_are_not_applicable_without_casualties(minimal: Path) -> None:
    from dataclasses import replace

    from drillsim.model import Indicator

    rubric = load_content(minimal).rubrics["demo-rubric"]
    care = Indicator(
        "triage", "分类", "Triage", "event:casualty_triaged", 20, 40, 1.0, "fixture", "casualties"
    )
    anti = Indicator(
        "antidote", "解毒剂", "Antidote", "event:antidote_given", 30, 60, 1.0, "fixture", "antidote"
    )
    rubric = replace(rubric, indicators=(*rubric.indicators, care, anti))
    quiet = grade(parse_timeline(timeline()), rubric, antidote_chemicals=frozenset({"hydrogen_cyanide"}))
    by = {c.id: c for c in quiet.criteria}
    assert by["triage"].rating == "N/A" and by["triage"].max == 0
    assert quiet.max == 4  # only the two always-applicable indicators count
    hurt = timeline([*EVENTS, {"t": 9, "kind": "casualty_exposed"}, {"t": 30, "kind": "casualty_triaged"}])
    hurt["events"][0] = {"t": 0, "kind": "release", "chemical": "chlorine", "leak": True}
    g = grade(parse_timeline(hurt), rubric, antidote_chemicals=frozenset({"hydrogen_cyanide"}))
    by = {c.id: c for c in g.criteria}
    assert by["triage"].points == 1 and by["triage"].max == 2
    assert by["antidote"].rating == "N/A"  # chlorine has no antidote
    hurt["events"][0]["chemical"] = "hydrogen_cyanide"
    g = grade(parse_timeline(hurt), rubric, antidote_chemicals=frozenset({"hydrogen_cyanide"}))
    assert {c.id: c for c in g.criteria}["antidote"].rating == "U"
