"""Gauges as text: a bar with the numbers beside it, so a monochrome terminal reads it as well."""

from __future__ import annotations

from rich.text import Text

from tui.i18n import pad


def bar(used: float, total: float, width: int = 10) -> str:
    """A bar ``width`` cells long, filled in proportion to ``used / total``.

    >>> bar(3, 4, 8), bar(0, 0, 4), bar(5, 4, 4)
    ('██████░░', '····', '████')
    """
    if total <= 0:
        return "·" * width
    filled = round(width * min(max(used / total, 0.0), 1.0))
    return "█" * filled + "░" * (width - filled)


def gauge(
    label: str, used: float, total: float, label_width: int = 14, width: int = 10, unit: str = ""
) -> Text:
    """``label  ██████░░░░ 6/10`` with the bar red when full, yellow past 70 %, green otherwise.

    >>> gauge("beds", 2, 4, 6, 4).plain
    'beds   ██░░ 2/4'
    """
    share = used / total if total > 0 else 1.0
    style = "red" if share >= 1.0 else ("yellow" if share >= 0.7 else "green")
    out = Text(pad(label, label_width) + " ")
    out.append(bar(used, total, width), style=style)
    out.append(f" {used:g}/{total:g}{unit}", style="bold" if share >= 1.0 else "")
    if total > 0 and share >= 1.0:
        out.append(" !", style="bold red")
    return out
