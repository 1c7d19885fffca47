"""Live drill logging: stamps, notes, corrections with an audit trail, a timeline that grades."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drillsim.cli import main
from drillsim.errors import InputError
from drillsim.grading import grade, parse_timeline
from drillsim.livelog import LiveLog, parse_clock
from drillsim.loading import load_content


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_stamp_fix_void_and_grade(tmp_path: Path, minimal: Path) -> None:
    clock = Clock()
    log = LiveLog(tmp_path / "live.jsonl", clock)
    log.start("demo_plant", "demo-leak", "李教官")
    clock.now += 90
    n1 = log.stamp("2")  # key 2 = alarm_internal at 1.5 min
    clock.now += 300
    n2 = log.stamp("call_119")
    log.note("119 line busy on first try")
    n3 = log.stamp("detected")  # a mistake
    log.fix(n2, "stopwatch read wrong", t=parse_clock("06:00"))
    log.void(n3, "pressed the wrong key")
    tl = log.end()
    kinds = [(e["kind"], e["t"]) for e in tl["events"]]
    assert ("alarm_internal", 1.5) in kinds and ("call_119", 6.0) in kinds
    assert all(k != "detected" for k, _ in kinds)
    assert [a["op"] for a in tl["meta"]["audit"]] == ["fix", "void"]
    assert tl["meta"]["audit"][0]["before"]["t"] == 6.5
    g = grade(parse_timeline(tl), load_content(minimal).rubrics["demo-rubric"])
    assert g.score == 3  # alarm 1.5 within 3 → 2; call_119 at 6 within 10 → 1
    with pytest.raises(InputError, match="has ended"):
        log.stamp("1")
    assert n1 == 1


def test_refuses_reasonless_fix_and_unknown_milestone(tmp_path: Path) -> None:
    log = LiveLog(tmp_path / "l.jsonl", Clock())
    log.start("e", "s")
    n = log.stamp("1")
    with pytest.raises(InputError, match="needs a reason"):
        log.fix(n, "  ", t=1)
    with pytest.raises(InputError, match="milestone"):
        log.stamp("coffee_break")
    with pytest.raises(InputError, match="already being logged"):
        log.start("e", "s")


def test_log_cli_round_trip(tmp_path: Path, minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(tmp_path / "cli.jsonl")
    base = ["--content", str(minimal), "log", "--file", f]
    assert main([*base, "start", "--enterprise", "demo_plant", "--scenario", "demo-leak"]) == 0
    assert main([*base, "stamp", "alarm_internal", "--at", "02:00"]) == 0
    assert main([*base, "stamp", "4", "--at", "4.5"]) == 0
    out = tmp_path / "tl.json"
    assert main([*base, "end", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["grade", str(out), "--json", "--content", str(minimal)]) == 0
    assert json.loads(capsys.readouterr().out)["score"] == 4
    assert main([*base, "start", "--enterprise", "nope"]) == 1
