"""``drillsim tui``: open the terminal UI (the only place the core imports the UI, deferred)."""

from __future__ import annotations

import argparse

from drillsim.commands import Context

NAME = "tui"
HELP = "open the terminal UI (default) / 打开终端界面"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--enterprise", metavar="ID", help="open this enterprise's handover box")


def run(args: argparse.Namespace, ctx: Context) -> int:
    import importlib

    # The one place the core reaches the UI, and only when asked to open it (tests/test_architecture.py).
    run_app = importlib.import_module("tui.app").run_app
    return int(run_app(root=ctx.root, lang=ctx.lang, db_path=ctx.db_path, enterprise=args.enterprise) or 0)
