"""The fixed query mix of the search benchmark: what responders type, in every form the product promises.

Every query names something present in the sample city and therefore in every synthetic city built from
it (``drillsim synth`` varies names, tags and addresses but keeps the chemicals, plans and sample boxes).
Categories: zh (Chinese names and words), en, pinyin (full and initials), cas, un, typo, single (one
character or a two-letter token, which FTS5's trigram tokenizer cannot index: the reference answers
those with LIKE), mixed (several words, an enterprise plus a chemical, a tank tag).
"""

from __future__ import annotations

QUERIES: tuple[tuple[str, str], ...] = (
    # zh: chemical names, synonyms, enterprise names, plan vocabulary, addresses
    ("液氯", "zh"),
    ("氯气", "zh"),
    ("光气", "zh"),
    ("硝酸铵", "zh"),
    ("液化石油气", "zh"),
    ("氢氟酸", "zh"),
    ("氰化钠", "zh"),
    ("恒晟氯碱", "zh"),
    ("疏散", "zh"),
    ("应急集合点", "zh"),
    ("经一路", "zh"),
    # en
    ("chlorine", "en"),
    ("ammonia", "en"),
    ("phosgene", "en"),
    ("hydrofluoric acid", "en"),
    ("liquefied petroleum gas", "en"),
    ("assembly point", "en"),
    ("Hengsheng", "en"),
    ("evacuation", "en"),
    # pinyin: full syllables and initials
    ("yl", "pinyin"),
    ("yelv", "pinyin"),
    ("lvqi", "pinyin"),
    ("guangqi", "pinyin"),
    ("xsa", "pinyin"),
    ("qfs", "pinyin"),
    ("hengsheng", "pinyin"),
    # CAS registry numbers
    ("7782-50-5", "cas"),
    ("7664-41-7", "cas"),
    ("75-44-5", "cas"),
    ("6484-52-2", "cas"),
    # UN numbers, with and without the prefix
    ("UN1017", "un"),
    ("1005", "un"),
    ("UN 1075", "un"),
    ("1051", "un"),
    # typos (one edit away), including a CAS with a wrong check digit
    ("chlorin", "typo"),
    ("amonia", "typo"),
    ("phosgen", "typo"),
    ("7782-50-6", "typo"),
    # single characters and two-character tokens
    ("氯", "single"),
    ("氨", "single"),
    ("苯", "single"),
    ("罐", "single"),
    ("HF", "single"),
    # mixed: several words, enterprise + chemical, tank tag, field filter
    ("恒晟 液氯", "mixed"),
    ("chlorine leak evacuation", "mixed"),
    ("V-301A", "mixed"),
    ("cas:7782-50-5", "mixed"),
)

CATEGORIES = tuple(dict.fromkeys(cat for _q, cat in QUERIES))


def pick(n: int | None) -> tuple[tuple[str, str], ...]:
    """The whole mix, or ``n`` queries spread over it (for ``--tiny``).

    >>> [q for q, _c in pick(3)]
    ['液氯', 'liquefied petroleum gas', '1005']
    """
    if n is None or n >= len(QUERIES):
        return QUERIES
    step = len(QUERIES) / n
    return tuple(QUERIES[int(i * step)] for i in range(n))
