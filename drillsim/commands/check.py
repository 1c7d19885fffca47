"""``drillsim check``: validate all content, and the boxes against the standards."""

from __future__ import annotations

import argparse

from drillsim.commands import Context
from drillsim.errors import ExitStatus

NAME = "check"
HELP = "validate all content and check the boxes against the standards / 校验全部内容并对照标准检查交底箱"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat standards warnings as failures")


def standards_checks() -> list:
    """The standards checks (GB/T 29639 chapters, GB/T 16483 sections, GB 18218 grades...), when available."""
    try:
        from drillsim.standards import check_standards
    except ImportError:  # the standards module is optional for a bare content check
        return []
    return [check_standards]


def run(args: argparse.Namespace, ctx: Context) -> int:
    from drillsim.loading import check_content

    result = check_content(ctx.root, extra_checks=standards_checks())
    counts = (
        result.content.counts()
        if result.content is not None
        else dict.fromkeys(
            (
                "enterprises",
                "chemicals",
                "sds",
                "plans",
                "scenarios",
                "rubrics",
                "fire_stations",
                "hospitals",
            ),
            0,
        )
    )
    errors, warnings = result.errors, result.warnings
    ok = not errors and not (args.strict and warnings)
    if ctx.json:
        ctx.emit_json(
            {
                "ok": ok,
                "errors": [p.as_dict() for p in errors],
                "warnings": [p.as_dict() for p in warnings],
                "counts": counts,
            }
        )
    else:
        for p in errors:
            ctx.print(f"{p}")
        for p in warnings:
            ctx.print(f"{p.path}:{p.line}: {ctx.t('警告', 'warning')}: {p.message}")
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        ctx.print(f"{ctx.root}: {summary}")
        verdict = ctx.t("通过", "OK") if ok else ctx.t("未通过", "FAILED")
        ctx.print(
            f"{verdict}: {len(errors)} {ctx.t('个错误', 'error(s)')}, {len(warnings)} {ctx.t('个警告', 'warning(s)')}"
        )
    return int(ExitStatus.OK if ok else ExitStatus.ERROR)
