"""Pinyin for search: whole-name keys, syllable suffixes, typed-pinyin normalisation and recognition."""

from __future__ import annotations

import re
from functools import lru_cache

from drillsim.search.analysis import is_cjk, normalize

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
