"""``drillsim batch``: a Monte Carlo capacity study of one scenario (local processes or Dask)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from drillsim.commands import Context
from drillsim.errors import InputError, UsageError

NAME = "batch"
HELP = "Monte Carlo capacity study: N seeded drills, KPI statistics and bottlenecks / 批量推演与能力评估"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario id (see 'drillsim list')")
    parser.add_argument("--runs", type=int, default=100, metavar="N", help="number of drills (default 100)")
    parser.add_argument(
        "--seed", type=int, default=1, metavar="S", help="base seed; run i gets a seed derived from S and i"
    )
    parser.add_argument("--enterprise", metavar="ID", help="only the scenario's sources at this enterprise")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="W",
        help="local worker processes (default: CPU count; 1 = in this process)",
    )
    parser.add_argument(
        "--dask",
        metavar="local|ADDR",
        help="run on Dask: 'local' starts a LocalCluster of W processes; tcp://HOST:8786 uses a running scheduler",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        dest="sets",
        help="what-if override, repeatable: hospital.ID.poison_beds=20, station.ID.hazmat_units=2, weather.wind_dir=NE",
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="KIND.ID",
        help="what-if: remove a record (station.ID, hospital.ID, team.ID, ems.ID); repeatable",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="run the baseline and the what-if on the same seeds and report paired differences",
    )
    parser.add_argument("--csv", metavar="FILE", help="write one row of KPIs per run")
    parser.add_argument(
        "--plot", metavar="FILE.svg", help="write histograms of every KPI (.svg; .png needs matplotlib)"
    )
    parser.add_argument("--timelines", metavar="DIR", help="also write every run's timeline JSON into DIR")
    parser.add_argument(
        "--no-store", action="store_true", help="do not keep the KPI rows in the drill records"
    )
    parser.add_argument("--no-hist", action="store_true", help="no text histograms under the table")


def run(args: argparse.Namespace, ctx: Context) -> int:

    from drillsim.batch import BASE, VARIANT, BatchSpec, apply_overrides, label, parse_all, run_batch
    from drillsim.batch.report import ProgressBar, check_plot_path, render, write_csv, write_plot

    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.plot:
        check_plot_path(args.plot)
    for flag, path, is_dir in (
        ("--csv", args.csv, False),
        ("--plot", args.plot, False),
        ("--timelines", args.timelines, True),
    ):
        if path:
            _check_output(flag, Path(path), is_dir)
    content = ctx.content()
    overrides = parse_all(args.sets, args.without)
    spec = BatchSpec(
        scenario=args.scenario,
        runs=args.runs,
        seed=args.seed,
        enterprise=args.enterprise,
        overrides=overrides,
        compare=args.compare,
        timelines=bool(args.timelines),
    )
    if not args.dask:
        workers = min(workers, max(args.runs, 1))
    bar = ProgressBar(ctx.err)
    try:
        result = run_batch(content, spec, workers=workers, dask=args.dask, progress=bar)
    finally:
        bar.close()

    if not args.no_store and ctx.db_path is not None:
        from drillsim.records import DrillRecords

        Path(ctx.db_path).parent.mkdir(parents=True, exist_ok=True)
        with DrillRecords(ctx.db_path) as db:
            for arm in spec.arms:
                arm_content = content if arm == BASE else apply_overrides(content, overrides)
                db.store_batch(
                    spec.scenario,
                    arm_content.digest,
                    spec.seed,
                    [r.kpis for r in result.rows[arm]],
                    variant=label(overrides) if arm == VARIANT else "",
                )
    try:
        _write_outputs(args, spec, result, overrides, label, write_csv, write_plot)
    except OSError as exc:
        raise InputError(
            f"cannot write the batch output: {exc.strerror or exc} ({getattr(exc, 'filename', '')})"
        ) from None
    if ctx.json:
        ctx.emit_json(result.to_json())
    else:
        ctx.print(render(result, ctx.lang, hist=not args.no_hist))
    return 0


def _check_output(flag: str, path: Path, is_dir: bool) -> None:
    """Refuse an output path that cannot be written before spending minutes on the study."""
    if is_dir:
        if path.exists() and not path.is_dir():
            raise UsageError(f"{flag} {path}: exists and is not a directory")
        parent = path if path.exists() else path.parent
    else:
        if path.is_dir():
            raise UsageError(f"{flag} {path}: is a directory (expected a file name)")
        parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not os.access(parent, os.W_OK) or str(parent.resolve()).startswith(("/proc", "/sys")):
        raise UsageError(f"{flag} {path}: cannot write there ({parent} is not writable)")


def _write_outputs(
    args: argparse.Namespace,
    spec: Any,
    result: Any,
    overrides: Any,
    label: Any,
    write_csv: Any,
    write_plot: Any,
) -> None:
    import json

    if args.csv:
        write_csv(args.csv, result.csv_rows())
    if args.plot:
        title = f"EXERCISE / 演练 — {spec.scenario}: {spec.runs} runs, seed {spec.seed}"
        if overrides:
            title += f" — {label(overrides)}"
        write_plot(args.plot, result, title)
    if args.timelines:
        out = Path(args.timelines)
        out.mkdir(parents=True, exist_ok=True)
        for arm in spec.arms:
            for r in result.rows[arm]:
                name = f"{arm}-{r.index:05d}.json" if spec.compare else f"run-{r.index:05d}.json"
                (out / name).write_text(
                    json.dumps(r.timeline, ensure_ascii=False, indent=1), encoding="utf-8"
                )
