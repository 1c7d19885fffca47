"""Badges that never rely on colour alone: risk colour and triage category carry a letter and a word."""

from __future__ import annotations

from rich.text import Text

from tui.i18n import pick

RISK = {
    "red": ("R", "红", "特别管控", "red", "special control", "bold white on red"),
    "yellow": ("Y", "黄", "重点关注", "yellow", "key attention", "bold black on yellow"),
    "green": ("G", "绿", "一般监管", "green", "general supervision", "bold white on dark_green"),
}


def risk_badge(risk: str, lang: str, long: bool = False) -> Text:
    """The enterprise risk colour as a badge carrying a letter: ``R 红`` / ``R red``.

    >>> risk_badge("red", "en").plain, risk_badge("yellow", "zh", long=True).plain
    (' R red ', ' Y 黄 重点关注 ')
    """
    letter, zh, zh_long, en, en_long, style = RISK.get(risk, ("?", risk, risk, risk, risk, "reverse"))
    word = pick(lang, zh, en)
    if long:
        word += " " + pick(lang, zh_long, en_long)
    return Text(f" {letter} {word} ", style=style)


TRIAGE = {
    "red": ("R", "红", "immediate", "bold white on red"),
    "yellow": ("Y", "黄", "delayed", "bold black on yellow"),
    "green": ("G", "绿", "minor", "bold white on dark_green"),
    "dead": ("†", "死亡", "dead", "bold white on grey30"),
}


def triage_badge(colour: str, lang: str, count: int | None = None) -> Text:
    """A triage category as a badge: letter, word and (optionally) the count.

    >>> triage_badge("red", "en", 3).plain, triage_badge("dead", "zh", 0).plain
    (' R immediate 3 ', ' † 死亡 0 ')
    """
    letter, zh, en, style = TRIAGE.get(colour, ("?", colour, colour, "reverse"))
    tail = f" {count}" if count is not None else ""
    return Text(f" {letter} {pick(lang, zh, en)}{tail} ", style=style)
