"""The ``drillsim`` command line: global options, sub-commands, and the one place errors become exit codes."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from drillsim import __version__
from drillsim.commands import COMMAND_MODULES, Context, detect_lang
from drillsim.errors import ContentError, DrillsimError, ExitStatus, UsageError
from drillsim.paths import default_db_path, resolve_content_root


def _global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    g = parser.add_argument_group("global options")
    g.add_argument(
        "--content", metavar="DIR", default=default, help="content root holding kb/, plans/, scenarios/"
    )
    g.add_argument("--db", metavar="PATH", default=default, help="drill records database (SQLite)")
    g.add_argument("--lang", choices=("zh", "en"), default=default, help="language (default: from LANG)")
    g.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="machine-readable JSON output",
    )


def _modules() -> list[ModuleType]:
    mods = []
    for name in COMMAND_MODULES:
        try:
            mods.append(importlib.import_module(f"drillsim.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"drillsim.commands.{name}":
                raise
    return mods


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}\n(see '{self.prog} --help')")


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = _Parser(
        prog="drillsim",
        description="Hazardous-chemical handover boxes, search, unscripted drills and grading. 危化品应急交底箱、检索、无脚本演练与评估。",
    )
    parser.add_argument("--version", action="version", version=f"drillsim {__version__}")
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    by_name: dict[str, ModuleType] = {}
    for mod in _modules():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        _global_options(p, suppress=True)
        mod.configure(p)
        by_name[mod.NAME] = mod
    return parser, by_name


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        parser, commands = build_parser()
        args = parser.parse_args(args_list)
        name = args.command or "tui"
        if args.command is None:
            args = parser.parse_args([*args_list, "tui"]) if "tui" in commands else args
        root = resolve_content_root(args.content)
        db = Path(args.db).expanduser() if args.db else default_db_path()
        ctx = Context(root=root, lang=detect_lang(args.lang), json=bool(args.json), db_path=db)
        mod = commands.get(name)
        if mod is None:
            raise UsageError(f"drillsim: unknown command {name!r}")
        return int(mod.run(args, ctx) or 0)
    except ContentError as exc:
        print(str(exc), file=sys.stderr)
        return int(ExitStatus.ERROR)
    except DrillsimError as exc:
        print(f"drillsim: {exc}" if not str(exc).startswith("drillsim") else str(exc), file=sys.stderr)
        return int(exc.exit_status)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitStatus.OK)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
