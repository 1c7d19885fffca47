"""Text analysis for search: CJK unigram+bigram tokens, pinyin, English stems, CAS/UN/ERG identifiers.

Everything here is pure and engine-neutral: it turns strings into token lists that any index
(whoosh today) stores verbatim, so the same analysis runs on both the index and the query side.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache

# --------------------------------------------------------------------------- characters and normalisation
_CJK_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK_RUN_RE = re.compile(f"[{_CJK_CLASS}]+")
_CJK_CHAR_RE = re.compile(f"[{_CJK_CLASS}]")
# control and format characters, separators, surrogates and private use: never part of a word
_JUNK_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ud800-\uf8ff\ufeff\ufff0-\uffff\U000e0000-\U0010ffff]"
)
_DASH_RE = re.compile("[‐‑‒–—―−﹣]")
_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (and 〇).

    >>> is_cjk("氯"), is_cjk("a"), is_cjk("，")
    (True, False, False)
    """
    return bool(_CJK_CHAR_RE.match(ch))


def has_cjk(text: str) -> bool:
    """True when ``text`` holds a CJK ideograph.

    >>> has_cjk("V-101 液氯罐"), has_cjk("tank")
    (True, False)
    """
    return _CJK_CHAR_RE.search(text) is not None


@lru_cache(maxsize=256)
def normalize(text: str) -> str:
    """NFKC (full-width to half-width), dashes unified, control characters to spaces, case folded.

    >>> normalize("ＵＮ１０１７\\x00 ７７８２－５０－５")
    'un1017 7782-50-5'
    """
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _JUNK_RE.sub(" ", _DASH_RE.sub("-", text))
    return " ".join(text.split()).casefold()


def squash(text: str) -> str:
    """The key of a whole name: normalised, letters, digits and ideographs only.

    >>> squash("Chlor-Alkali Co., Ltd."), squash("T-101"), squash("1号 集合点")
    ('chloralkalicoltd', 't101', '1号集合点')
    """
    return _NOT_ALNUM_RE.sub("", normalize(text))


def cjk_runs(text: str) -> list[str]:
    """Maximal runs of CJK ideographs in ``text``.

    >>> cjk_runs("液氯储罐 T-101（恒晟）")
    ['液氯储罐', '恒晟']
    """
    return _CJK_RUN_RE.findall(text)


def cjk_tokens(text: str, unigrams: bool = True) -> list[str]:
    """Index tokens of the Chinese in ``text``: every character and every adjacent pair.

    Unigram+bigram tokens find any substring a responder types, one character (氯, 氨) included,
    where a dictionary segmenter misses single characters and parts of compound names.

    >>> cjk_tokens("液氯罐")
    ['液', '氯', '罐', '液氯', '氯罐']
    >>> cjk_tokens("液氯罐", unigrams=False)
    ['液氯', '氯罐']
    """
    out: list[str] = []
    for run in cjk_runs(normalize(text)):
        if unigrams or len(run) == 1:
            out.extend(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def cjk_query_tokens(run: str, cover: bool = False) -> list[str]:
    """Query tokens for one run of Chinese: the character itself, or its bigrams.

    ``cover``: only enough bigrams to cover every character (for an all-must-match lookup, fewer
    terms to intersect and the same characters checked).

    >>> cjk_query_tokens("氯"), cjk_query_tokens("液氯储罐")
    (['氯'], ['液氯', '氯储', '储罐'])
    >>> cjk_query_tokens("液化石油气", cover=True)
    ['液化', '石油', '油气']
    """
    if len(run) <= 1:
        return [run] if run else []
    if cover:
        starts = list(range(0, len(run) - 1, 2))
        if starts[-1] + 2 < len(run):
            starts.append(len(run) - 2)
        return list(dict.fromkeys(run[i : i + 2] for i in starts))
    return list(dict.fromkeys(run[i : i + 2] for i in range(len(run) - 1)))


# --------------------------------------------------------------------------- English
STOPWORDS = frozenset("a an the of and or in on at to for with by is are be from as into this that".split())
_WORD_RE = re.compile(r"[a-z0-9]+")


def en_words(text: str) -> list[str]:
    """Lower-case ASCII words and numbers of ``text`` (ids with underscores split).

    >>> en_words("Chlor-Alkali Co., Ltd. tank T-101 sodium_hydroxide")
    ['chlor', 'alkali', 'co', 'ltd', 'tank', 't', '101', 'sodium', 'hydroxide']
    """
    return _WORD_RE.findall(normalize(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter stem of a lower-case English word (numbers unchanged).

    >>> stem("tanks"), stem("leaking"), stem("101")
    ('tank', 'leak', '101')
    """
    if not word.isalpha():
        return word
    from whoosh.lang.porter import stem as porter  # a pure-Python Porter stemmer, no index involved

    return str(porter(word))


def en_stems(text: str) -> list[str]:
    """Stemmed English tokens of ``text`` without stop words.

    >>> en_stems("The tanks are leaking")
    ['tank', 'leak']
    """
    return [stem(w) for w in en_words(text) if w not in STOPWORDS]


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment (Damerau) distance between ``a`` and ``b``, capped at ``limit + 1``.

    >>> edit_distance("amonia", "ammonia"), edit_distance("chlroine", "chlorine"), edit_distance("a", "xyz", 1)
    (1, 1, 2)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def typo_budget(word: str) -> int:
    """Edits tolerated in a name word: none under 4 letters, 1 up to 6, 2 beyond.

    >>> typo_budget("co"), typo_budget("amonia"), typo_budget("chlorine")
    (0, 1, 2)
    """
    n = len(word)
    return 0 if n < 4 else 1 if n <= 6 else 2


class Lexicon:
    """The words of one index field, with a fast typo lookup (same first letter, close length).

    >>> lex = Lexicon(["ammonia", "amine", "acetone", "chlorine"])
    >>> "amine" in lex, lex.near("amonia"), lex.near("chlorin")
    (True, [('ammonia', 1)], [('chlorine', 1)])
    """

    def __init__(self, words: Iterable[str]):
        self._words = frozenset(words)
        self._sorted = sorted(self._words)
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for w in self._words:
            if w.isalpha() and w.isascii():
                self._buckets.setdefault((w[0], len(w)), []).append(w)
        self._near: dict[str, list[tuple[str, int]]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def __len__(self) -> int:
        return len(self._words)

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def has_prefix(self, prefix: str) -> bool:
        """True when some word starts with ``prefix``.

        >>> Lexicon(["guangqi", "yelv"]).has_prefix("guang"), Lexicon(["yelv"]).has_prefix("yelz")
        (True, False)
        """
        i = bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)

    def near(self, word: str, limit: int = 5) -> list[tuple[str, int]]:
        """Words within the typo budget of ``word`` (same first letter), closest first."""
        if word in self._near:
            return self._near[word]
        budget = typo_budget(word)
        found: list[tuple[int, str]] = []
        if budget and word:
            for n in range(len(word) - budget, len(word) + budget + 1):
                for cand in self._buckets.get((word[0], n), ()):
                    if cand != word:
                        d = edit_distance(word, cand, budget)
                        if d <= budget:
                            found.append((d, cand))
        found.sort()
        result = [(w, d) for d, w in found[:limit]]
        if len(self._near) < 4096:
            self._near[word] = result
        return result


# --------------------------------------------------------------------------- markdown to plain text
_MD_STRIP = [
    (re.compile(r"```.*?```", re.S), " "),
    (re.compile(r"<[^>]{0,200}>"), " "),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M), ""),
    (re.compile(r"^\s*>\s?", re.M), ""),
    (re.compile(r"^\s*\|?[-:| ]{3,}\|?\s*$", re.M), " "),
    (re.compile(r"[*_`~]{1,3}"), ""),
    (re.compile(r"\|"), " "),
]


def plain_text(md: str) -> str:
    """Markdown reduced to plain text on one line (for indexing and snippets).

    >>> plain_text("## 6 泄漏\\n- **疏散** 下风向 [ERG](http://x)\\n| a | b |")
    '6 泄漏 疏散 下风向 ERG a b'
    """
    for rx, rep in _MD_STRIP:
        md = rx.sub(rep, md)
    return " ".join(md.split())
