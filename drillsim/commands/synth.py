"""``drillsim synth``: write a synthetic city of N enterprises (valid content) for benchmarks."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from drillsim.commands import Context
from drillsim.errors import UsageError

if TYPE_CHECKING:
    from drillsim.synth import SampleTree

NAME = "synth"
HELP = "write a synthetic city of N enterprises for benchmarks / 生成 N 家企业的合成城市（用于基准测试）"

COPIED_DIRS = ("kb/city", "kb/chemicals", "kb/sds", "scenarios/rubrics", "plans/city")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--enterprises", type=int, required=True, metavar="N", help="number of enterprises")
    parser.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="directory to write the content tree to"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument(
        "--force", action="store_true", help="replace kb/, plans/ and scenarios/ if DIR already holds content"
    )


def read_sample(root: Path) -> SampleTree:
    """The sample tree under ``root`` as texts, for :func:`drillsim.synth.synth_city`."""
    from drillsim.synth import SampleTree

    tree = SampleTree()
    for top in COPIED_DIRS:
        base = root / top
        if base.is_dir():
            for p in sorted(base.rglob("*")):
                if p.is_file() and not p.name.startswith("."):
                    tree.copied[p.relative_to(root).as_posix()] = p.read_bytes()
    injects = root / "scenarios" / "injects.yaml"
    if injects.is_file():
        tree.copied["scenarios/injects.yaml"] = injects.read_bytes()
    for p in sorted((root / "kb" / "enterprises").glob("*.yaml")):
        tree.boxes[p.stem] = p.read_text(encoding="utf-8")
        plans = root / "plans" / p.stem
        if plans.is_dir():
            tree.plans[p.stem] = [
                (q.relative_to(root).as_posix(), q.read_text(encoding="utf-8"))
                for q in sorted(plans.glob("*.md"))
            ]
    for p in sorted((root / "scenarios").glob("*.yaml")):
        if p.name != "injects.yaml":
            tree.scenarios[p.relative_to(root).as_posix()] = p.read_text(encoding="utf-8")
    tree.city_yaml = (root / "kb" / "city" / "city.yaml").read_text(encoding="utf-8")
    tree.roads_yaml = (root / "kb" / "city" / "roads.yaml").read_text(encoding="utf-8")
    return tree


def run(args: argparse.Namespace, ctx: Context) -> int:
    from drillsim.synth import synth_city

    n = int(args.enterprises)
    if not 1 <= n <= 100_000:
        raise UsageError(f"--enterprises must be between 1 and 100000 (got {n})")
    out = Path(args.output).expanduser().resolve()
    if out == ctx.root.resolve():
        raise UsageError("the output directory is the content root itself; choose another directory")
    existing = [d for d in ("kb", "plans", "scenarios") if (out / d).exists()]
    if existing and not args.force:
        raise UsageError(f"{out} already holds {', '.join(existing)}/ (use --force to replace them)")
    if not (ctx.root / "kb" / "enterprises").is_dir():
        raise UsageError(f"{ctx.root} has no kb/enterprises/ to use as templates")
    try:
        sample = read_sample(ctx.root)
    except OSError as exc:
        raise UsageError(f"cannot read the sample content under {ctx.root}: {exc}") from exc
    files = synth_city(sample, n, seed=args.seed)
    try:
        for d in existing:
            shutil.rmtree(out / d)
        for rel, data in sorted(files.items()):
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc}") from exc
    boxes = sum(1 for rel in files if rel.startswith("kb/enterprises/"))
    plans = sum(1 for rel in files if rel.startswith("plans/"))
    summary = {
        "output": str(out),
        "enterprises": boxes,
        "plans": plans,
        "files": len(files),
        "seed": args.seed,
    }
    if ctx.json:
        ctx.emit_json(summary)
    else:
        ctx.print(
            ctx.t(
                f"已生成合成城市：{boxes} 家企业，{plans} 份预案，共 {len(files)} 个文件 → {out}",
                f"Synthetic city written: {boxes} enterprises, {plans} plans, {len(files)} files -> {out}",
            )
        )
    return 0
