"""Drill engine runs on the sample city: determinism, the run object, replay, the CLI, bad scenarios."""

from __future__ import annotations

import dataclasses
import json
from functools import lru_cache
from pathlib import Path

import pytest

from drillsim.cli import main
from drillsim.engine import Drill, PlayerAction, Timeline, compute_kpis, run_drill
from drillsim.engine.draw import stream
from drillsim.errors import ScenarioError
from drillsim.model import Content, InjectCondition, frozen_map

REPO = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def sample() -> Content:
    from drillsim.loading import load_content

    return load_content(REPO)


def dump(tl: Timeline) -> str:
    return json.dumps(tl.to_json(), ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------- determinism
@pytest.mark.parametrize("scenario", ["chlorine-leak", "xinyi-twin", "lpg-bleve"])
def test_same_seed_gives_byte_identical_json(scenario: str) -> None:
    c = sample()
    assert dump(run_drill(c, scenario, 11)) == dump(run_drill(c, scenario, 11))


def test_different_seeds_give_different_drills() -> None:
    c = sample()
    runs = {dump(run_drill(c, "any-site", seed)) for seed in range(6)}
    assert len(runs) == 6
    draws = {json.dumps(run_drill(c, "chlorine-leak", seed).to_json()["draw"]) for seed in range(6)}
    assert len(draws) > 1


def test_streams_are_independent_per_input() -> None:
    a = [stream(5, "weather").random() for _ in range(3)]
    assert a == [stream(5, "weather").random() for _ in range(3)]
    assert stream(5, "weather").random() != stream(5, "shift").random()
    assert stream(5, "weather").random() != stream(6, "weather").random()


def test_json_has_the_design_contract() -> None:
    obj = run_drill(sample(), "chlorine-leak", 2).to_json()
    for key in ("scenario", "enterprise", "seed", "events", "kpis"):
        assert key in obj
    assert obj["exercise"] == "EXERCISE / 演练"
    assert obj["events"][0]["kind"] == "release" and obj["events"][0]["t"] == 0
    for e in obj["events"]:
        assert {"t", "kind", "actor", "detail"} <= set(e)
    from drillsim.model import KPI_NAMES

    assert list(obj["kpis"]) == list(KPI_NAMES)
    # a KPI that did not happen is null, never 0
    times = [k for k in KPI_NAMES if k.startswith("t_") or k.startswith("max_")]
    for k in times:
        assert obj["kpis"][k] is None or obj["kpis"][k] >= 0


def test_enterprise_restricts_the_draw() -> None:
    c = sample()
    for seed in range(5):
        tl = run_drill(c, "any-site", seed, enterprise="runleng_cold_store")
        assert tl.enterprise == "runleng_cold_store"


# --------------------------------------------------------------------------- the run object
def test_advancing_in_slices_equals_one_run() -> None:
    c = sample()
    d = Drill(c, "phosgene-release", 4)
    while not d.finished:
        d.advance(7.3)
    assert dump(d.timeline()) == dump(run_drill(c, "phosgene-release", 4))


def test_step_reaches_the_next_event_and_snapshots_are_immutable() -> None:
    d = Drill(sample(), "chlorine-leak", 3)
    d.step()
    snap = d.snapshot()
    assert snap.events and snap.events[0].kind == "release"
    assert snap.label == "EXERCISE / 演练"
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.t = 99  # type: ignore[misc]
    with pytest.raises(TypeError):
        snap.kpis["casualties"] = 1  # type: ignore[index]
    n = len(snap.events)
    d.advance(30)
    assert len(snap.events) == n  # an old snapshot never changes
    assert d.snapshot().t == pytest.approx(snap.t + 30) or d.finished


def test_pause_freezes_the_clock_and_the_casualties() -> None:
    d = Drill(sample(), "cyanide-mass-casualty", 1)
    d.advance(10)
    d.pause()
    before = d.snapshot()
    d.advance(120)
    d.step()
    after = d.snapshot()
    assert after.t == before.t and after.events == before.events and after.casualties == before.casualties
    d.resume()
    d.advance(5)
    assert d.snapshot().t > before.t


def _open_decision(d: Drill, limit: float = 240) -> str | None:
    while not d.finished and d.now < limit:
        d.step()
        snap = d.snapshot()
        if snap.decisions:
            return str(snap.decisions[0]["id"])
    return None


def test_player_decisions_are_recorded_and_replay_exactly() -> None:
    c = sample()
    for seed in range(40):
        d = Drill(c, "chlorine-leak", seed)
        did = _open_decision(d)
        if did is None:
            continue
        spec = c.injects[did].decision
        assert spec is not None
        other = next(o.id for o in spec.options if not o.default)
        d.decide(did, other)
        d.advance(3.5)
        d.act(PlayerAction("action", action="call_120", actor="shift_leader"))
        d.run_to_end()
        live = d.timeline()
        assert [a["kind"] for a in live.actions] == ["decide", "action"]
        decided = [e for e in live.events if e.kind == "decision" and e.get("status") == "decided"]
        assert any(e.actor == "player" and e.get("option") == other for e in decided)
        replay = run_drill(c, "chlorine-leak", seed, actions=json.loads(dump(live))["actions"])
        assert dump(replay) == dump(live)
        return
    pytest.fail("no decision opened in 40 seeds")


def test_decisions_must_be_open_and_options_known() -> None:
    d = Drill(sample(), "chlorine-leak", 0)
    with pytest.raises(ScenarioError):
        d.decide("esd_fails", "manual_close")  # nothing is open yet
    with pytest.raises(ScenarioError):
        d.act(PlayerAction("action", action="dance"))


def test_timeline_round_trips_through_json() -> None:
    tl = run_drill(sample(), "hf-burns", 5)
    back = Timeline.from_json(json.loads(dump(tl)))
    assert back.kpis == tl.kpis
    assert [e.kind for e in back.events] == [e.kind for e in tl.events]
    assert compute_kpis(tl.to_json()["events"]) == dict(tl.kpis)


# --------------------------------------------------------------------------- bad scenarios
def _with_scenario(c: Content, **changes: object) -> Content:
    s = dataclasses.replace(c.scenarios["chlorine-leak"], **changes)
    return dataclasses.replace(c, scenarios=frozen_map({**c.scenarios, s.id: s}))


def _source(c: Content, **changes: object) -> tuple:
    inc = c.scenarios["chlorine-leak"].incidents[0]
    src = dataclasses.replace(inc.sources[0], **changes)
    return (dataclasses.replace(inc, sources=(src, *inc.sources[1:])),)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: _with_scenario(c, rubric="nope"), "unknown rubric 'nope'"),
        (lambda c: _with_scenario(c, incidents=_source(c, enterprise="acme")), "unknown enterprise 'acme'"),
        (lambda c: _with_scenario(c, incidents=_source(c, unit="u_none")), "has no unit 'u_none'"),
        (lambda c: _with_scenario(c, incidents=_source(c, chemical="lpg")), "holds no 'lpg'"),
        (lambda c: _with_scenario(c, shift=frozen_map({"day": 0.5, "night": 0.3})), "weights sum to 0.800"),
        (lambda c: _with_scenario(c, incidents=_source(c, weight=0.9)), "source weights sum to"),
        (lambda c: _with_scenario(c, injects=("no_such_inject",)), "unknown inject 'no_such_inject'"),
    ],
)
def test_bad_scenarios_are_rejected_before_the_run(change, message: str) -> None:
    with pytest.raises(ScenarioError, match=message.replace("(", r"\(")):
        Drill(change(sample()), "chlorine-leak", 1)


def test_impossible_injects_are_rejected() -> None:
    c = sample()
    late = dataclasses.replace(c.injects["wind_shift"], when=InjectCondition(after_min=500.0))
    fire = dataclasses.replace(c.injects["secondary_fire"], id="secondary_fire")
    bogus = dataclasses.replace(c.injects["detector_fault"], when=InjectCondition(on_event="coffee_break"))
    injects = frozen_map({**c.injects, "wind_shift": late, "detector_fault": bogus})
    c2 = _with_scenario(
        dataclasses.replace(c, injects=injects), injects=("wind_shift", "secondary_fire", "detector_fault")
    )
    del fire
    with pytest.raises(ScenarioError) as err:
        Drill(c2, "chlorine-leak", 1)
    text = str(err.value)
    assert "after_min 500.0 is past the end" in text
    assert "no chemical of scenario 'chlorine-leak' has hazard group 'flammable'" in text
    assert "on_event 'coffee_break'" in text


def test_plan_step_with_unknown_action_is_rejected() -> None:
    c = sample()
    plan = next(p for p in c.plans.values() if p.enterprise == "hengsheng_chloralkali")
    bad = dataclasses.replace(
        plan, steps=(dataclasses.replace(plan.steps[0], action="dance"), *plan.steps[1:])
    )
    c2 = dataclasses.replace(c, plans=frozen_map({**c.plans, plan.id: bad}))
    with pytest.raises(ScenarioError, match="unknown action 'dance'"):
        Drill(c2, "chlorine-leak", 1)


def test_unknown_scenario_and_enterprise() -> None:
    with pytest.raises(ScenarioError, match="unknown scenario"):
        Drill(sample(), "no-such-drill", 1)
    with pytest.raises(ScenarioError, match="no source at enterprise 'xinran_lpg'"):
        Drill(sample(), "chlorine-leak", 1, enterprise="xinran_lpg")


def test_plan_step_whose_actor_is_missing_is_reported_not_ignored() -> None:
    c = sample()
    plan = next(p for p in c.plans.values() if p.id == "hengsheng-cl-leak")
    step = dataclasses.replace(
        plan.steps[0], id="sx", actor="night_watchman", trigger="detected", action="call_119"
    )
    c2 = dataclasses.replace(
        c, plans=frozen_map({**c.plans, plan.id: dataclasses.replace(plan, steps=(*plan.steps, step))})
    )
    tl = run_drill(c2, "chlorine-leak", 1)
    gaps = [e for e in tl.events if e.kind == "plan_gap" and e.actor == "night_watchman"]
    assert (
        gaps and "does not exist" in gaps[0].get("reason") and gaps[0].get("step") == "hengsheng-cl-leak/sx"
    )


def test_missing_resource_is_a_plan_gap_event() -> None:
    c = sample()
    # Runleng keeps no gas-tight suit although ammonia is toxic and corrosive: a step that needs an
    # entry (manual ESD, team sealing) cannot act and says why.
    seen = False
    for seed in range(30):
        tl = run_drill(c, "ammonia-cold-store-night", seed)
        gaps = [e for e in tl.events if e.kind == "plan_gap"]
        if any("gas-tight suit" in str(e.get("reason")) for e in gaps):
            assert all(e.get("enterprise") == "runleng_cold_store" for e in gaps)
            seen = True
            break
    assert seen


def test_flammable_gas_entries_need_scba_not_gas_tight_suits() -> None:
    """LPG is approached in SCBA and structural gear (ERG guide 115): Xinran's lack of gas-tight suits is
    no gap, and foam is never asked for on a gas fire."""
    c = sample()
    for seed in range(30):
        tl = run_drill(c, "lpg-bleve", seed)
        for e in tl.events:
            if e.kind == "plan_gap":
                assert "gas-tight" not in str(e.get("reason")), e.detail
                assert e.get("what") != "foam_attack", e.detail


# --------------------------------------------------------------------------- the command line
@pytest.fixture
def cached_content(monkeypatch: pytest.MonkeyPatch) -> None:
    import drillsim.loading

    monkeypatch.setattr(drillsim.loading, "load_content", lambda root: sample())


def test_cli_json_is_byte_identical(
    cached_content: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ["--content", str(REPO), "drill", "chlorine-leak", "--seed", "7", "--json"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    obj = json.loads(first)
    assert obj["seed"] == 7 and obj["scenario"] == "chlorine-leak"
    out = tmp_path / "t.json"
    assert main([*args[:-1], "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == obj


def test_cli_text_is_labelled_exercise(cached_content: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(REPO), "--lang", "zh", "drill", "hf-burns", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("=") and "EXERCISE / 演练" in out and "情景" in out


def test_cli_errors(cached_content: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(REPO), "drill", "nope", "--seed", "1"]) == 2
    assert main(["--content", str(REPO), "drill", "chlorine-leak"]) == 2  # --seed is required
    assert (
        main(["--content", str(REPO), "drill", "chlorine-leak", "--seed", "1", "--enterprise", "xinran_lpg"])
        == 1
    )
    err = capsys.readouterr().err
    assert "Traceback" not in err and "no source at enterprise" in err


def test_bare_equivalent_replays_the_timeline_in_plain_simpy() -> None:
    from drillsim.engine.bare import bare_equivalent

    c = sample()
    tl = run_drill(c, "xinyi-twin", 2)
    bare = bare_equivalent(tl, c.city)
    assert bare.events == len(tl.events) and bare.processes >= 2
    assert bare.run() >= bare.processes
