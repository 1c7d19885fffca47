"""``drillsim search``: ranked hits across enterprises, site nodes, chemicals, SDS, plans and scenarios."""

from __future__ import annotations

import argparse

from drillsim.commands import Context
from drillsim.errors import UsageError

NAME = "search"
HELP = "search the knowledge base (name, pinyin, CAS, UN, address, tank tag) / 检索知识库（名称、拼音、CAS、UN、地址、位号）"

KINDS = ("enterprise", "site_node", "chemical", "sds_section", "plan", "plan_section", "scenario")
KIND_LABELS = {
    "enterprise": ("企业", "enterprise"),
    "site_node": ("场所", "site"),
    "chemical": ("化学品", "chemical"),
    "sds_section": ("SDS", "SDS"),
    "plan": ("预案", "plan"),
    "plan_section": ("预案章节", "plan section"),
    "scenario": ("演练情景", "scenario"),
}
BOLD, RESET, DIM = "\x1b[1m", "\x1b[0m", "\x1b[2m"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        nargs="+",
        metavar="QUERY",
        help="what to look for; AND/OR/NOT and kind:, enterprise:, cas:, un:, erg: filters work too",
    )
    parser.add_argument(
        "--limit", type=int, default=10, metavar="N", help="number of hits (1-200, default 10)"
    )
    parser.add_argument(
        "--kind", choices=KINDS, action="append", help="only this kind of document (repeatable)"
    )
    parser.add_argument("--enterprise", metavar="ID", help="only documents of this enterprise")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the search index first")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from drillsim.search import open_index

    if not 1 <= args.limit <= 200:
        raise UsageError(f"--limit must be between 1 and 200 (got {args.limit})")
    content = ctx.content()
    if args.enterprise and args.enterprise not in content.enterprises:
        known = ", ".join(sorted(content.enterprises)[:8])
        raise UsageError(f"unknown enterprise {args.enterprise!r} (known: {known}...)")
    query = " ".join(args.query)
    with open_index(content, ctx.root, rebuild=args.rebuild) as index:
        for w in index.warnings:
            ctx.warn(ctx.t("提示：", "warning: ") + w)
        result = index.query(query, limit=args.limit, kind=args.kind, enterprise=args.enterprise)
    for h in result.hints:
        ctx.warn(ctx.t("提示：", "hint: ") + h)
    for n in result.notes:
        ctx.warn(ctx.t("说明：", "note: ") + n)
    if ctx.json:
        ctx.emit_json([h.to_json() for h in result.hits])
        return 0
    if not result.hits:
        ctx.print(ctx.t(f"未找到与“{query}”匹配的结果。", f"No results for {query!r}."))
        return 0
    tty = ctx.isatty
    for i, h in enumerate(result.hits, 1):
        label = ctx.t(*KIND_LABELS.get(h.kind, (h.kind, h.kind)))
        title = f"{BOLD}{h.title}{RESET}" if tty else h.title
        ctx.print(f"{i:>2}. [{label}] {title}")
        where = h.path + (f"#{h.anchor}" if h.anchor else "")
        ent = f"{ctx.t('企业', 'enterprise')}: {h.enterprise}  " if h.enterprise else ""
        meta = f"{ent}{where}  ({ctx.t('得分', 'score')} {h.score:.1f})"
        ctx.print(f"    {DIM}{meta}{RESET}" if tty else f"    {meta}")
        if h.snippet:
            ctx.print("    " + render_snippet(h.snippet, tty))
    return 0


def render_snippet(snippet: str, tty: bool) -> str:
    """The snippet for a terminal: matches in ANSI bold on a TTY, left as ``**match**`` otherwise.

    >>> render_snippet("a **b** c", True) == "a \\x1b[1mb\\x1b[0m c"
    True
    """
    if not tty:
        return snippet
    from drillsim.search import split_marks

    return "".join(f"{BOLD}{t}{RESET}" if hot else t for t, hot in split_marks(snippet))
