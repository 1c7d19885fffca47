"""Build response plans (Markdown + YAML front matter) and drill scenarios, injects and rubrics."""

from __future__ import annotations

from drillsim.loading.markdown import MarkdownDoc
from drillsim.loading.reader import Record
from drillsim.model import (
    ACTIONS,
    APPLIES,
    EVENT_KINDS,
    HAZARD_GROUPS,
    INJECT_KINDS,
    KPI_NAMES,
    PLAN_KINDS,
    RELEASE_KINDS,
    SPILL_SIZES,
    TRIGGERS,
    WIND_DIRS,
    DecisionOption,
    DecisionSpec,
    IncidentGenerator,
    Indicator,
    Inject,
    InjectCondition,
    Plan,
    PlanSection,
    PlanStep,
    QualitativeIndicator,
    Rubric,
    Scenario,
    SourceChoice,
    WeatherModel,
    frozen_map,
)


def build_plan(doc: MarkdownDoc, rec: Record) -> Plan:
    pid = rec.id()
    rec.what = f"plan '{pid}'"
    steps: list[PlanStep] = []
    seen_steps: set[str] = set()
    for s in rec.records("steps", f"plan '{pid}' step", required=True):
        sid = s.text("id")
        if sid in seen_steps:
            s.err("id", f"plan '{pid}': duplicate step id '{sid}'")
        seen_steps.add(sid)
        s.what = f"plan '{pid}' step '{sid}'"
        steps.append(
            PlanStep(
                id=sid,
                trigger=s.enum("trigger", TRIGGERS),
                actor=s.text("actor"),
                action=s.enum("action", ACTIONS),
                target_min=s.num("target_min", maximum=10_000),
                duration_min=s.num("duration_min", required=False, default=None, minimum=0, maximum=1000),
                line=s.line,
            )
        )
        s.done()
    plan = Plan(
        id=pid,
        enterprise=rec.text("enterprise"),
        kind=rec.enum("kind", PLAN_KINDS),
        title_zh=rec.text("title_zh"),
        title_en=rec.text("title_en"),
        version=rec.text("version", required=False),
        approved=rec.day("approved", required=False),
        hazards=rec.strs("hazards"),
        posts=rec.strs("posts"),
        steps=tuple(steps),
        body_md=doc.body,
        sections=tuple(PlanSection(h.level, h.text, h.anchor, h.body, h.line) for h in doc.headings),
        path=rec.path,
        line=rec.line,
    )
    rec.done()
    return plan


def _range(
    rec: Record, key: str, required: bool, lo: float, hi: float, default: tuple[float, float]
) -> tuple[float, float]:
    r = rec.record(key, f"{rec.what}.{key}", required)
    if r is None or not r.ok:
        return default
    a = r.num("min", minimum=lo, maximum=hi)
    b = r.num("max", minimum=lo, maximum=hi)
    if b < a:
        r.err("max", f"{rec.what}.{key}: max {b} is below min {a}")
    r.done()
    return (a, b)


def build_scenario(rec: Record) -> Scenario:
    sid = rec.id()
    rec.what = f"scenario '{sid}'"
    incidents: list[IncidentGenerator] = []
    for inc in rec.records("incidents", f"scenario '{sid}' incident", required=True):
        sources: list[SourceChoice] = []
        for s in inc.records("sources", f"scenario '{sid}' source", required=True):
            sources.append(
                SourceChoice(
                    s.text("enterprise"),
                    s.text("unit"),
                    s.text("chemical"),
                    s.num("weight", maximum=1.0),
                    s.line,
                )
            )
            s.done()
        total = sum(s.weight for s in sources)
        if sources and abs(total - 1.0) > 0.001:
            inc.err("sources", f"scenario '{sid}': source weights sum to {total:.3f} (expected 1)")
        if not sources:
            inc.err("sources", f"scenario '{sid}': an incident needs at least one source")
        rel = inc.record("release", f"scenario '{sid}' release", required=True)
        kinds: dict[str, float] = {}
        sizes: dict[str, float] = {}
        if rel is not None and rel.ok:
            kinds = rel.weights("kind", RELEASE_KINDS)
            sizes = rel.weights("size", SPILL_SIZES)
            rel.done()
        incidents.append(
            IncidentGenerator(
                start_min=_range(inc, "start_min", False, 0, 10_000, (0.0, 0.0)),
                sources=tuple(sources),
                release_kind=frozen_map(kinds),
                size=frozen_map(sizes),
                line=inc.line,
            )
        )
        inc.done()
    if not incidents:
        rec.err("incidents", f"scenario '{sid}': at least one incident is required")
    weather = WeatherModel(frozen_map({}), (1.0, 5.0))
    w = rec.record("weather", f"scenario '{sid}' weather", required=True)
    if w is not None and w.ok:
        weather = WeatherModel(
            frozen_map(w.weights("wind_dir", WIND_DIRS)),
            _range(w, "wind_speed_ms", True, 0.1, 60, (1.0, 5.0)),
        )
        w.done()
    probs = rec.record("inject_probability", f"scenario '{sid}' inject_probability", required=False)
    overrides: dict[str, float] = {}
    if probs is not None and probs.ok:
        for k in list(probs.data):
            overrides[str(k)] = probs.num(str(k), maximum=1.0)
        probs.done()
    scen = Scenario(
        id=sid,
        title_zh=rec.text("title_zh"),
        title_en=rec.text("title_en"),
        rubric=rec.text("rubric"),
        duration_min=rec.num("duration_min", minimum=10, maximum=2880),
        shift=frozen_map(rec.weights("shift", ("day", "night", "holiday"))),
        weather=weather,
        incidents=tuple(incidents),
        injects=rec.strs("injects"),
        inject_probability=frozen_map(overrides),
        description_zh=rec.text("description_zh", required=False),
        description_en=rec.text("description_en", required=False),
        path=rec.path,
        line=rec.line,
    )
    rec.done()
    return scen


def build_inject(rec: Record) -> Inject:
    iid = rec.id()
    rec.what = f"inject '{iid}'"
    cond = InjectCondition()
    w = rec.record("when", f"inject '{iid}' when", required=False)
    if w is not None and w.ok:
        on_event = w.opt_str("on_event")
        if on_event is not None and on_event not in EVENT_KINDS:
            w.err(
                "on_event",
                f"inject '{iid}': on_event '{on_event}' is not an event kind (impossible condition)",
            )
        after = w.num("after_min", required=False, default=None, maximum=100_000)
        before = w.num("before_min", required=False, default=None, maximum=100_000)
        if after is not None and before is not None and before <= after:
            w.err(
                "before_min",
                f"inject '{iid}': before_min {before} is not after after_min {after} (impossible condition)",
            )
        group = w.opt_str("hazard_group")
        if group is not None and group not in HAZARD_GROUPS:
            w.err(
                "hazard_group",
                f"inject '{iid}': hazard_group '{group}' unknown (expected one of: {', '.join(HAZARD_GROUPS)})",
            )
        cond = InjectCondition(on_event, after, before, group)
        w.done()
    decision = None
    d = rec.record("decision", f"inject '{iid}' decision", required=False)
    if d is not None and d.ok:
        options = []
        for o in d.records("options", f"inject '{iid}' option", required=True):
            options.append(DecisionOption(o.id(), o.text("label_zh"), o.text("label_en"), o.flag("default")))
            o.done()
        if len(options) < 2:
            d.err("options", f"inject '{iid}': a decision needs at least 2 options")
        if sum(o.default for o in options) > 1:
            d.err("options", f"inject '{iid}': at most one option can be the default")
        decision = DecisionSpec(
            d.text("prompt_zh"),
            d.text("prompt_en"),
            d.num("deadline_min", minimum=0.5, maximum=600),
            tuple(options),
        )
        d.done()
    params_rec = rec.record("params", f"inject '{iid}' params", required=False)
    params: dict[str, object] = {}
    if params_rec is not None and params_rec.ok:
        params = {str(k): v for k, v in params_rec.data.items()}
        params_rec.seen.update(params)
    inj = Inject(
        id=iid,
        kind=rec.enum("kind", INJECT_KINDS),
        title_zh=rec.text("title_zh"),
        title_en=rec.text("title_en"),
        probability=rec.num("probability", maximum=1.0),
        when=cond,
        params=frozen_map(params),
        decision=decision,
        line=rec.line,
    )
    rec.done()
    return inj


def valid_measure(measure: str) -> bool:
    """A rubric measure is a KPI name or ``event:<kind>``.

    >>> valid_measure("t_alarm"), valid_measure("event:call_120"), valid_measure("event:nope")
    (True, True, False)
    """
    if measure.startswith("event:"):
        return measure[6:] in EVENT_KINDS
    return measure in KPI_NAMES


def build_rubric(rec: Record) -> Rubric:
    rid = rec.id()
    rec.what = f"rubric '{rid}'"
    inds: list[Indicator] = []
    for i in rec.records("indicators", f"rubric '{rid}' indicator", required=True):
        iid = i.id()
        i.what = f"indicator '{iid}'"
        measure = i.text("measure")
        if measure and not valid_measure(measure):
            i.err(
                "measure",
                f"indicator '{iid}': measure '{measure}' is neither a KPI nor event:<kind> (expected e.g. t_alarm or event:call_120)",
            )
        target = i.num("target_min", minimum=0, maximum=10_000)
        one = i.num("one_point_min", required=False, default=None, minimum=0, maximum=20_000)
        if one is None:
            one = target * 2
        elif one < target:
            i.err("one_point_min", f"indicator '{iid}': one_point_min {one} is below target_min {target}")
        inds.append(
            Indicator(
                iid,
                i.text("name_zh"),
                i.text("name_en"),
                measure,
                target,
                one,
                i.num("weight", minimum=0.01, maximum=100),
                i.text("source"),
                i.enum("applies", APPLIES, required=False, default="always"),
                i.line,
            )
        )
        i.done()
    quals = []
    for q in rec.records("qualitative", f"rubric '{rid}' qualitative indicator"):
        quals.append(
            QualitativeIndicator(
                q.id(),
                q.text("name_zh"),
                q.text("name_en"),
                q.num("weight", minimum=0.01, maximum=100),
                q.text("source"),
                q.line,
            )
        )
        q.done()
    rub = Rubric(
        rid,
        rec.text("title_zh"),
        rec.text("title_en"),
        rec.text("version"),
        tuple(inds),
        tuple(quals),
        rec.path,
    )
    rec.done()
    return rub
