"""Identifiers a responder reads off a placard or an SDS: CAS numbers (check digit), UN numbers, ERG guides."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drillsim.search.analysis import normalize

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
