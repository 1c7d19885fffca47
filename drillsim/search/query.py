"""Read what a responder typed: plain text that never errors, or AND/OR/NOT and field filters when well-formed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drillsim.search.analysis import normalize
from drillsim.search.documents import KINDS
from drillsim.search.identifiers import CAS_RE, un_number
from drillsim.search.terms import (
    BOOST,
    NAME_TIER,
    AllOf,
    AnyOf,
    NotQ,
    TermQ,
    Vocabulary,
    WordInfo,
    pinyin_colon,
    plain_words,
    squash,
    word_query,
)

MAX_QUERY_CHARS = 256
MAX_WORDS = 24
FILTER_FIELDS = ("kind", "enterprise", "cas", "un", "erg", "guide")
_OPERATORS = ("AND", "OR", "NOT")
_TOKEN_RE = re.compile(r'\s*(-(?=\S))?(?:(\()|(\))|"([^"]*)"|([a-z]+):("[^"]*"|[^\s()"]+)|([^\s()"]+))')


@dataclass(slots=True)
class ParsedQuery:
    """A query ready for an engine: its stages, tried in order, and what to tell the user.

    Plain text runs in up to three stages: every word in names, places, tags and identifiers
    (``names``); every word anywhere (``all``); any word anywhere (``loose``, only when nothing
    matched every word). Boolean syntax is one stage over every field.
    """

    text: str
    stages: list[tuple[str, object]] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    boolean: bool = False


class QuerySyntaxError(ValueError):
    """Raised inside the parser only; the caller then reads the query as plain text."""


def parse_query(raw: str, vocabulary: Vocabulary) -> ParsedQuery:
    """Parse ``raw`` into a query tree; never raises on any input.

    Plain text is split into words; every word must match, or failing that any word (see
    :class:`ParsedQuery`). ``AND``/``OR``/``NOT``, parentheses, quotes and ``kind:``,
    ``enterprise:``, ``cas:``, ``un:``, ``erg:`` filters are honoured when the syntax is well-formed.
    """
    notes: list[str] = []
    raw = raw if isinstance(raw, str) else str(raw)
    if len(raw) > MAX_QUERY_CHARS:
        notes.append(f"query cut to its first {MAX_QUERY_CHARS} characters (it had {len(raw)})")
        raw = raw[:MAX_QUERY_CHARS]
    text = normalize(raw)
    pq = ParsedQuery(text=text, notes=notes)
    if not text:
        pq.notes.append("empty query: type a name, chemical, CAS or UN number, address or tank tag")
        return pq
    if _looks_boolean(raw):
        try:
            info = WordInfo()
            tree = _BoolParser(raw, vocabulary, info).parse()
            if tree is not None and _has_positive(tree):
                pq.stages, pq.boolean = [("boolean", tree)], True
                pq.highlights, pq.hints = info.highlights, info.hints
                return pq
            pq.notes.append("nothing to look for besides NOT/filters; searched the words as plain text")
        except QuerySyntaxError as exc:
            pq.notes.append(f"query syntax not understood ({exc}); searched as plain text")
    _plain(pq, vocabulary)
    return pq


def _plain(pq: ParsedQuery, vocabulary: Vocabulary) -> None:
    words = plain_words(pq.text)
    if len(words) > MAX_WORDS:
        pq.notes.append(f"only the first {MAX_WORDS} words were searched")
        words = words[:MAX_WORDS]
    info, scratch = WordInfo(), WordInfo()
    subs: list[object] = []
    named: list[object | None] = []
    loose: list[object] = []
    # a word that is a whole name weighs less when it is only one word of several
    eb = BOOST["exact"] if len(words) == 1 else BOOST["exact"] / 4
    for i, w in enumerate(words):
        last = i == len(words) - 1
        q = word_query(w, vocabulary, info, prefix=last, exact_boost=eb)
        if q is None:
            continue
        subs.append(q)
        named.append(word_query(w, vocabulary, scratch, fields=NAME_TIER, prefix=last, exact_boost=eb))
        loose.append(word_query(w, vocabulary, scratch, strict=False, prefix=last, exact_boost=eb) or q)
    pq.highlights, pq.hints = info.highlights, info.hints
    if not subs:
        pq.notes.append("nothing searchable in the query (only punctuation or stop words)")
        return
    pq.highlights = list(dict.fromkeys(info.highlights + scratch.highlights))
    whole = squash(pq.text)
    extra = (TermQ("exact", whole, 40.0),) if whole and len(subs) > 1 else ()

    def every(items: list[object]) -> object:
        return AnyOf((AllOf(tuple(items)), *extra)) if len(items) > 1 else items[0]

    if all(q is not None for q in named):
        pq.stages.append(("names", every([q for q in named if q is not None])))
    pq.stages.append(("all", every(subs)))
    if len(loose) > 1 or loose != subs:
        pq.stages.append(("loose", AnyOf(tuple(loose) + extra)))


def _looks_boolean(raw: str) -> bool:
    if re.search(r"(?:^|\s)(?:AND|OR|NOT)(?:\s|$)|[()]|(?:^|\s)-[^\s\d-]", raw):
        return True
    return any(
        m.group(1) in FILTER_FIELDS
        for m in re.finditer(r"(?:^|[\s(-])([a-z]+):\S", pinyin_colon(raw.lower()))
    )


def _has_positive(tree: object) -> bool:
    if isinstance(tree, NotQ):
        return False
    if isinstance(tree, AllOf):
        return any(_has_positive(x) for x in tree.items)
    if isinstance(tree, AnyOf):
        return all(_has_positive(x) for x in tree.items)
    return True


class _BoolParser:
    """Recursive descent over ``expr := and (OR and)*; and := unary (AND? unary)*; unary := NOT unary | atom``."""

    def __init__(self, raw: str, vocabulary: Vocabulary, info: WordInfo):
        self.vocabulary = vocabulary
        self.info = info
        self.tokens = self._lex(pinyin_colon(raw))
        self.pos = 0

    @staticmethod
    def _lex(raw: str) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        pos = 0
        raw = raw.rstrip()
        while pos < len(raw):
            m = _TOKEN_RE.match(raw, pos)
            if not m or m.end() == pos:
                raise QuerySyntaxError(f"unexpected {raw[pos : pos + 10]!r}")
            pos = m.end()
            if m.group(1):
                out.append(("op", "NOT", ""))
            if m.group(2):
                out.append(("(", "", ""))
            elif m.group(3):
                out.append((")", "", ""))
            elif m.group(4) is not None:
                out.append(("word", m.group(4), ""))
            elif m.group(5):
                fname, value = m.group(5), m.group(6).strip('"')
                if fname in FILTER_FIELDS:
                    out.append(("field", fname, value))
                else:
                    out.append(("word", f"{fname} {value}", ""))
            else:
                w = m.group(7)
                out.append(("op", w, "") if w in _OPERATORS else ("word", w, ""))
        if '"' in raw and raw.count('"') % 2:
            raise QuerySyntaxError("unbalanced quote")
        return out

    def _peek(self) -> tuple[str, str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> object | None:
        if not self.tokens:
            return None
        tree = self._or()
        if self._peek() is not None:
            raise QuerySyntaxError(f"unexpected {self._peek()[1] or self._peek()[0]!r}")  # type: ignore[index]
        return tree

    def _or(self) -> object:
        items = [self._and()]
        while (t := self._peek()) and t[:2] == ("op", "OR"):
            self.pos += 1
            items.append(self._and())
        return items[0] if len(items) == 1 else AnyOf(tuple(items))

    def _and(self) -> object:
        items = [self._unary()]
        while (t := self._peek()) and t[0] != ")" and t[:2] != ("op", "OR"):
            if t[:2] == ("op", "AND"):
                self.pos += 1
            items.append(self._unary())
        return items[0] if len(items) == 1 else AllOf(tuple(items))

    def _unary(self) -> object:
        t = self._peek()
        if t is None:
            raise QuerySyntaxError("query ends after an operator")
        if t[:2] == ("op", "NOT"):
            self.pos += 1
            return NotQ(self._unary())
        return self._atom()

    def _atom(self) -> object:
        t = self._peek()
        if t is None:
            raise QuerySyntaxError("query ends early")
        kind, a, b = t
        self.pos += 1
        if kind == "(":
            inner = self._or()
            if (self._peek() or ("",))[0] != ")":
                raise QuerySyntaxError("missing )")
            self.pos += 1
            return inner
        if kind == ")":
            raise QuerySyntaxError("unexpected )")
        if kind == "op":
            raise QuerySyntaxError(f"{a} needs a word on both sides")
        if kind == "field":
            return self._field(a, b)
        words = plain_words(a)
        subs = [q for q in (word_query(w, self.vocabulary, self.info) for w in words) if q is not None]
        if not subs:
            raise QuerySyntaxError(f"nothing to search in {a!r}")
        return subs[0] if len(subs) == 1 else AllOf(tuple(subs))

    def _field(self, name: str, value: str) -> object:
        v = normalize(value)
        if name == "kind":
            if v not in KINDS:
                raise QuerySyntaxError(f"kind must be one of {', '.join(KINDS)}")
            return TermQ("kind", v)
        if name == "enterprise":
            return TermQ("enterprise", v)
        if name == "cas":
            if not CAS_RE.match(v):
                raise QuerySyntaxError("cas: needs a CAS number like 7782-50-5")
            q = word_query(v, self.vocabulary, self.info)
            assert q is not None  # a CAS-shaped word always has a lookup
            return q
        if name == "un":
            un = un_number(v)
            if not un:
                raise QuerySyntaxError("un: needs a four-digit UN number")
            self.info.highlights.append(un)
            return AnyOf((TermQ("un", un, 120.0), TermQ("refs", "un:" + un, 6.0)))
        guide = v if v.isdigit() else ""
        if not guide:
            raise QuerySyntaxError(f"{name}: needs an ERG guide number")
        self.info.highlights.append(guide)
        return AnyOf((TermQ("erg", guide, 40.0), TermQ("refs", "erg:" + guide, 3.0)))
