"""The token view of documents and queries: which tokens go into which index field, and how a typed word is looked up.

Engine-neutral: documents become ``{field: [tokens]}``; query words become small trees of
:class:`TermQ` / :class:`PrefixQ` / :class:`AnyOf` / :class:`AllOf` / :class:`NotQ` that an engine
compiles into its own query objects.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from drillsim.search.analysis import (
    STOPWORDS,
    Lexicon,
    cjk_query_tokens,
    cjk_runs,
    cjk_tokens,
    en_stems,
    en_words,
    has_cjk,
    is_cjk,
    normalize,
    squash,
    stem,
)
from drillsim.search.documents import SearchDoc
from drillsim.search.identifiers import (
    CAS_RE,
    cas_problem,
    corrected_cas,
    erg_guide,
    identifiers_in,
    un_number,
)
from drillsim.search.pinyin import looks_like_pinyin, pinyin_keys, pinyin_query, pinyin_suffixes

# token fields of the index (all hold pre-analysed, space-separated tokens)
TOKEN_FIELDS = ("exact", "cas", "un", "erg", "refs", "zh_name", "zh_body", "en_name", "en_body", "py")

# how much a match in each way weighs; identifiers and whole names dominate any text match
BOOST = {
    "cas": 200.0,
    "un": 120.0,
    "erg": 40.0,
    "refs": 6.0,
    "exact": 40.0,
    "exact_pinyin": 30.0,
    "exact_prefix": 15.0,
    "zh_name": 3.0,
    "zh_body": 1.0,
    "en_name": 3.0,
    "en_body": 1.0,
    "py": 2.0,
    "en_prefix": 1.0,
    "fuzzy": 2.0,
}


# --------------------------------------------------------------------------- query trees
@dataclass(frozen=True, slots=True)
class TermQ:
    """Documents whose ``field`` holds the token ``text``."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class PrefixQ:
    """Documents whose ``field`` holds a token starting with ``text`` (constant score)."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Documents matching any item; scores add up."""

    items: tuple[object, ...]
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class AllOf:
    """Documents matching every item."""

    items: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class NotQ:
    """Inside :class:`AllOf`: documents not matching ``item``."""

    item: object


@dataclass(slots=True)
class WordInfo:
    """What one query word contributed besides its query: highlight strings and hints."""

    highlights: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- documents
_PART_SPLIT_RE = re.compile(r"\s*(?:/|／|;|；|,|，|、|\(|\)|（|）)\s*")


def name_parts(name: str) -> list[str]:
    """A name and its parts, each matched whole: ``氟化氢 / 氢氟酸`` is also ``氟化氢`` and ``氢氟酸``.

    >>> name_parts("Hydrogen fluoride / Hydrofluoric acid")
    ['Hydrogen fluoride / Hydrofluoric acid', 'Hydrogen fluoride', 'Hydrofluoric acid']
    >>> name_parts("盐酸(水溶液)")
    ['盐酸(水溶液)', '盐酸', '水溶液']
    """
    parts = [p for p in _PART_SPLIT_RE.split(name) if p.strip()]
    return list(dict.fromkeys([name, *parts])) if len(parts) > 1 else [name]


def doc_tokens(doc: SearchDoc) -> dict[str, list[str]]:
    """The tokens of ``doc`` per index field."""
    names = [n for n in doc.names if n]
    name_text = " ".join(
        [*names, *(p for p in doc.places if p)] if names else [doc.heading or doc.title, *doc.places]
    )
    exact: list[str] = []
    py: list[str] = []
    # site nodes are most of a city's documents: their pinyin is the whole Chinese name only
    node = doc.id.startswith("node:")
    for n in names:
        for part in name_parts(n):
            key = squash(part)
            if key:
                exact.append(key)
            for run in cjk_runs(part)[: 1 if node else None]:  # pinyin of the Chinese, not of tags
                exact.extend(pinyin_keys(run))
                if not node:
                    py.extend(pinyin_suffixes(run))
    text = doc.body  # the title is display text; what it says is in names, heading and places
    refs = list(doc.refs) + list(identifiers_in(doc.body))
    return {
        "exact": list(dict.fromkeys(exact)),
        "cas": list(doc.cas),
        "un": list(doc.un),
        "erg": list(doc.erg),
        "refs": list(dict.fromkeys(refs)),
        "zh_name": cjk_tokens(name_text),
        "zh_body": cjk_tokens(text, unigrams=False),
        "en_name": [w for w in en_words(name_text) if w not in STOPWORDS],
        "en_body": [w for w in en_stems(text) if not w.isdigit() or 3 <= len(w) <= 4],
        "py": list(dict.fromkeys(py)),
    }


# --------------------------------------------------------------------------- query words
Vocabulary = Callable[[str], Lexicon]


_UN_SPACE_RE = re.compile(r"(?<![a-z0-9])un[\s:#.-]*(\d{4})(?!\d)")
NAME_TIER = frozenset(("exact", "cas", "un", "erg", "zh_name", "en_name", "py"))
ALL_FIELDS = frozenset(TOKEN_FIELDS)


def word_query(
    word: str,
    vocabulary: Vocabulary,
    info: WordInfo,
    strict: bool = True,
    fields: frozenset[str] = ALL_FIELDS,
    prefix: bool = False,
    exact_boost: float = BOOST["exact"],
) -> object | None:
    """The lookup of one typed word (already normalised) in ``fields``; None if it has nothing to look for.

    Chinese is looked up by its bigrams: all of them (``strict``, close to a substring match), or any.
    ``prefix``: the word may be unfinished (the last one typed), so names starting with it count too.
    ``exact_boost``: weight of the word being a whole name (lower when it is one word of several).
    """
    w = word.strip("-._:'\"")
    if not w:
        return None
    items: list[object] = []

    def term(field: str, text: str, boost: float = 1.0) -> None:
        if field in fields and text:
            items.append(TermQ(field, text, boost))

    if CAS_RE.match(w):
        term("cas", w, BOOST["cas"])
        term("refs", "cas:" + w, BOOST["refs"])
        problem = cas_problem(w)
        if problem:
            info.hints.append(problem)
            fixed = corrected_cas(w)
            term("cas", fixed, BOOST["cas"] / 4)
            term("refs", "cas:" + fixed, BOOST["refs"] / 4)
            info.highlights.append(fixed)
        info.highlights.append(w)
        return AnyOf(tuple(items)) if items else None
    un = un_number(w)
    if un:
        term("un", un, BOOST["un"])
        term("refs", "un:" + un, BOOST["refs"])
        if w.isdigit():
            term("exact", w, BOOST["exact"] / 4)
            term("en_name", w, BOOST["en_name"])
            term("en_body", w)
        info.highlights.append(un)
        return AnyOf(tuple(items)) if items else None
    guide = erg_guide(w)
    if guide:
        info.highlights.append(guide)
        term("erg", guide, BOOST["erg"])
        term("refs", "erg:" + guide, BOOST["refs"] / 2)
        term("exact", guide, BOOST["exact"] / 4)
        term("en_name", guide, BOOST["en_name"])
        term("en_body", guide)
        return AnyOf(tuple(items)) if items else None
    key = squash(w)
    term("exact", key, exact_boost)
    # the start of a whole name: any Chinese word (鑫燃 for 鑫燃液化气), a Latin word only while being typed
    if "exact" in fields and ((has_cjk(key) and len(key) >= 2) or (prefix and len(key) >= 3)):
        items.append(PrefixQ("exact", key, BOOST["exact_prefix"]))
    p = pinyin_query(w)
    pinyin = looks_like_pinyin(p) and p not in vocabulary("en_name") and vocabulary("py").has_prefix(p)
    if not has_cjk(w) and len(w) > 1:
        info.highlights.append(w)
    for run in cjk_runs(w):
        info.highlights.append(run)
        per_token: list[object] = []
        for tok in cjk_query_tokens(run, cover=strict):
            alts = [TermQ(f, tok, BOOST[f]) for f in ("zh_name", "zh_body") if f in fields]
            if alts:
                per_token.append(alts[0] if len(alts) == 1 else AnyOf(tuple(alts)))
        if strict and len(per_token) > 1:
            items.append(AllOf(tuple(per_token)))
        else:
            items.extend(per_token)
            info.highlights.extend(t for t in cjk_query_tokens(run) if t != run)
    for a in en_words(w):
        if a in STOPWORDS:
            continue
        if len(a) > 1:
            info.highlights.append(a)
        term("en_name", a, BOOST["en_name"])
        term("en_body", stem(a), BOOST["en_body"])
        if prefix and a.isalpha() and len(a) >= 3 and "en_name" in fields:
            items.append(PrefixQ("en_name", a, BOOST["en_prefix"]))
        if a.isalpha() and not pinyin and a not in vocabulary("en_name"):
            for cand, dist in vocabulary("en_name").near(a):
                term("en_name", cand, BOOST["fuzzy"] / dist)
                term("en_body", stem(cand), BOOST["en_body"] / (dist + 1))
                info.highlights.append(cand)
    if pinyin:
        if p != key:
            term("exact", p, BOOST["exact_pinyin"])
        if "py" in fields:
            items.append(PrefixQ("py", p, BOOST["py"]))
    if not items:
        return None
    return items[0] if len(items) == 1 else AnyOf(tuple(items))


def plain_words(text: str) -> list[str]:
    """Split a plain query into words: at spaces and punctuation, and between Chinese and Latin script.

    Hyphens inside a word stay (CAS numbers, tank tags); ``u:`` after l/n stays pinyin; ``UN 1017``
    is one word.

    >>> plain_words('液氯"T-101，7782-50-5 恒晟Hengsheng lu:qi UN 1017')
    ['液氯', 't-101', '7782-50-5', '恒晟', 'hengsheng', 'lvqi', 'un1017']
    """
    text = _UN_SPACE_RE.sub(r"un\1", pinyin_colon(normalize(text)))
    words: list[str] = []
    cur: list[str] = []
    cur_cjk: bool | None = None

    def flush() -> None:
        if cur:
            token = "".join(cur).strip("-._")
            if token:
                words.append(token)
            cur.clear()

    for ch in text:
        c = is_cjk(ch)
        if c or ch.isalnum() or ch in "-._":
            if cur_cjk is not None and c != cur_cjk:
                flush()
            cur.append(ch)
            cur_cjk = c
        else:
            flush()
            cur_cjk = None
    flush()
    return words


def pinyin_colon(text: str) -> str:
    """``lu:``/``nu:`` (ü typed with a colon) written ``lv``/``nv`` so the colon is not taken as syntax.

    >>> pinyin_colon("lu:qi nu: kind:chemical")
    'lvqi nv kind:chemical'
    """
    return re.sub(r"(?<![a-z])([a-z]*?[ln])u:", r"\1v", text)


__all__ = [
    "BOOST",
    "TOKEN_FIELDS",
    "AllOf",
    "AnyOf",
    "NotQ",
    "PrefixQ",
    "TermQ",
    "WordInfo",
    "doc_tokens",
    "pinyin_colon",
    "plain_words",
    "word_query",
]
