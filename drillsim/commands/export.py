"""``drillsim export``: the printable site packet (A4, zh/en) as one self-contained HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

from drillsim.commands import Context
from drillsim.errors import InputError, UsageError

NAME = "export"
HELP = (
    "write the printable site packet (HTML, A4) with site plan and evacuation map / 导出可打印的应急交底资料"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("enterprise", metavar="ENTERPRISE")
    parser.add_argument("-o", "--output", metavar="FILE.html", required=True)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import date

    from drillsim.packet import build_packet
    from drillsim.render.packet_html import packet_html

    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"-o {out}: expected an .html file name")
    content = ctx.content()
    packet = build_packet(content, args.enterprise, today=date.today())
    page = packet_html(packet, content)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise InputError(f"{out}: cannot write the packet ({exc.strerror})") from None
    ctx.print(
        ctx.t(
            f"交底资料已写入 {out}（{len(page) // 1024} KB）",
            f"packet written to {out} ({len(page) // 1024} KB)",
        )
    )
    return 0
