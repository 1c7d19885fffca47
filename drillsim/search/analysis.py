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


# --------------------------------------------------------------------------- pinyin
# toneless pinyin syllables (ü written v), from pypinyin's dictionary less interjections (m, n, ng, hm, hng)
PINYIN_SYLLABLES = frozenset(
    (
        "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu ca cai "
        "can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai "
        "chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di "
        "dia dian diao die din ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng "
        "fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha "
        "hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao "
        "jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan "
        "kuang kui kun kuo la lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo "
        "long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo "
        "mou mu na nai nan nang nao ne nei nen neng ni nia nian niang niao nie nin ning niu nong nou nu nuan "
        "nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian "
        "qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan "
        "rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou "
        "shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te "
        "tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wong wu "
        "xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong "
        "you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng "
        "zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo"
    ).split()
)
_SYLLABLE_PREFIXES = frozenset(s[:i] for s in PINYIN_SYLLABLES for i in range(1, len(s) + 1))
_INITIAL_LETTERS = frozenset("bpmfdtnlgkhjqxzcsrywaeo")


_MAX_SYLLABLES = 24
_MAX_READINGS = 4
_UMLAUT_RE = re.compile(r"([ln])(?:yu|u:|ü|v)")


@lru_cache(maxsize=65536)
def _readings(text: str) -> tuple[tuple[str, ...], ...]:
    """Syllable lists of ``text``: pypinyin's contextual reading, then one variant per heteronym."""
    from pypinyin import Style, lazy_pinyin, pinyin

    chars = [ch for ch in text if is_cjk(ch) or ch.isalnum()][:_MAX_SYLLABLES]
    if not any(is_cjk(ch) for ch in chars):
        return ()
    s = "".join(chars)
    primary = tuple(p.lower() for p in lazy_pinyin(s, style=Style.NORMAL, errors="default") if p.strip())
    # lazy_pinyin keeps a run of non-Chinese as one item; split it into characters to stay aligned
    flat: list[str] = []
    for p in primary:
        if len(p) > 1 and not p.isalpha():
            flat.extend(p)
        else:
            flat.append(p)
    readings = [tuple(flat)]
    if len(flat) == len(s):
        for i, options in enumerate(pinyin(s, style=Style.NORMAL, heteronym=True)):
            for alt in options[1:]:
                if len(readings) >= _MAX_READINGS:
                    break
                if alt and alt != flat[i]:
                    variant = list(flat)
                    variant[i] = alt.lower()
                    readings.append(tuple(variant))
    return tuple(dict.fromkeys(readings))


def _norm_syllable(s: str) -> str:
    return s.replace("ü", "v").replace("u:", "v")


@lru_cache(maxsize=65536)
def pinyin_keys(text: str) -> tuple[str, ...]:
    """Whole-name pinyin keys of a Chinese name: full pinyin and initials (ü written v), per reading.

    >>> pinyin_keys("液氯")[:2]
    ('yelv', 'yl')
    >>> "hengsheng" in pinyin_keys("恒晟")
    True
    """
    keys: list[str] = []
    for reading in _readings(text):
        syl = [_norm_syllable(s) for s in reading]
        keys.append("".join(syl))
        keys.append("".join(s[0] for s in syl if s))
    return tuple(dict.fromkeys(k for k in keys if k))


@lru_cache(maxsize=65536)
def pinyin_suffixes(text: str) -> tuple[str, ...]:
    """Pinyin of every syllable-aligned suffix of a name (full and initials), for prefix lookups.

    A prefix of one of these is the pinyin of any run of characters in the name.

    >>> pinyin_suffixes("液氯罐")[:6]
    ('yelvguan', 'ylg', 'lvguan', 'lg', 'guan', 'g')
    """
    out: list[str] = []
    readings = _readings(text)
    for r, reading in enumerate(readings):
        syl = [_norm_syllable(s) for s in reading]
        # other readings differ in one syllable: only the suffixes reaching it are new
        last = len(syl) - 1 if r == 0 else next((i for i, s in enumerate(reading) if s != readings[0][i]), 0)
        for i in range(last + 1):
            out.append("".join(syl[i:]))
            out.append("".join(s[0] for s in syl[i:] if s))
    return tuple(dict.fromkeys(k for k in out if k))


def pinyin_query(word: str) -> str:
    """A typed pinyin word in index spelling: ``lyu``/``lu:``/``lü`` after l or n become ``lv``.

    >>> pinyin_query("lyuqi"), pinyin_query("LU:QI"), pinyin_query("nyu"), pinyin_query("yu")
    ('lvqi', 'lvqi', 'nv', 'yu')
    """
    return _UMLAUT_RE.sub(r"\1v", normalize(word).replace(" ", ""))


@lru_cache(maxsize=4096)
def pinyin_syllables(word: str, partial_last: bool = True) -> tuple[str, ...] | None:
    """``word`` split into toneless pinyin syllables (fewest syllables), the last one possibly cut short.

    >>> pinyin_syllables("lvqi"), pinyin_syllables("hengsh"), pinyin_syllables("chlorine")
    (('lv', 'qi'), ('heng', 'sh'), None)
    """
    n = len(word)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            piece = word[i:j]
            ok = piece in PINYIN_SYLLABLES or (partial_last and j == n and piece in _SYLLABLE_PREFIXES)
            if ok:
                cand = (*best[i], piece)  # type: ignore[misc]
                if best[j] is None or len(cand) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = cand
    return best[n]


def looks_like_pinyin(word: str) -> bool:
    """True for a word that could be typed pinyin: whole syllables, or 2-6 initials.

    >>> looks_like_pinyin("lvqi"), looks_like_pinyin("yl"), looks_like_pinyin("t101"), looks_like_pinyin("chlorine")
    (True, True, False, False)
    """
    if not (word.isascii() and word.isalpha() and 2 <= len(word) <= 40):
        return False
    if pinyin_syllables(word) is not None:
        return True
    return len(word) <= 6 and all(ch in _INITIAL_LETTERS for ch in word)


# --------------------------------------------------------------------------- identifiers
CAS_RE = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")
CAS_IN_TEXT_RE = re.compile(r"(?<![\d-])(\d{2,7}-\d{2}-\d)(?![\d-])")
UN_RE = re.compile(r"^(?:un)?(\d{4})$")
UN_IN_TEXT_RE = re.compile(r"(?<![a-z0-9])un ?(\d{4})(?!\d)")
ERG_GUIDES = range(111, 175)  # ERG orange guides 111-174


def cas_check_digit(body: str) -> int:
    """CAS check digit of the digits before it (``body`` = the first two parts without hyphens).

    >>> cas_check_digit("778250")
    5
    """
    return sum(i * int(d) for i, d in enumerate(reversed(body), 1)) % 10


def cas_problem(cas: str) -> str | None:
    """None for a valid CAS number; else what is wrong, with the corrected number when only the check digit is.

    >>> cas_problem("7782-50-5") is None
    True
    >>> cas_problem("7782-50-4")
    '7782-50-4: check digit should be 5 — did you mean 7782-50-5?'
    """
    m = CAS_RE.match(cas)
    if not m:
        return f"{cas}: not a CAS number (expected NNNNNNN-NN-N)"
    want = cas_check_digit(m.group(1) + m.group(2))
    if want != int(m.group(3)):
        return f"{cas}: check digit should be {want} — did you mean {corrected_cas(cas)}?"
    return None


def corrected_cas(cas: str) -> str:
    """``cas`` with its check digit recomputed.

    >>> corrected_cas("7782-50-4")
    '7782-50-5'
    """
    m = CAS_RE.match(cas)
    if not m:
        return cas
    return f"{m.group(1)}-{m.group(2)}-{cas_check_digit(m.group(1) + m.group(2))}"


def un_number(word: str) -> str | None:
    """The four digits of a UN number typed with or without ``UN``.

    >>> un_number("UN1017"), un_number("1017"), un_number("un 1017"), un_number("10170")
    ('1017', '1017', '1017', None)
    """
    m = UN_RE.match(normalize(word).replace(" ", ""))
    return m.group(1) if m else None


def erg_guide(word: str) -> str | None:
    """An ERG guide number (111-174), else None.

    >>> erg_guide("124"), erg_guide("999")
    ('124', None)
    """
    return word if word.isdigit() and len(word) == 3 and int(word) in ERG_GUIDES else None


def identifiers_in(text: str) -> Iterator[str]:
    """CAS numbers (``cas:``) and UN numbers (``un:``) mentioned in free text.

    >>> list(identifiers_in("液氯 CAS 7782-50-5, UN 1017"))
    ['cas:7782-50-5', 'un:1017']
    """
    t = normalize(text)
    for m in CAS_IN_TEXT_RE.finditer(t):
        if cas_problem(m.group(1)) is None:
            yield "cas:" + m.group(1)
    for m in UN_IN_TEXT_RE.finditer(t):
        yield "un:" + m.group(1)


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
