"""Does a token read like a generated credential, or like words? Pure."""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise
from typing import Final

from .lazy import lazy

__all__ = ["capitals_are_words", "looks_random", "random_segments"]


_WORDISH = lazy(
    r"""^(?:
        (?:[a-z]{1,1024}|[A-Z][a-z]{1,1024}|[A-Z]{1,12})\d{0,4}   # word, Word, WORD, numbered: nyc3, SOC2
      | v?\d{1,1024}(?:[a-z]{1,3})?                               # 2025, v2, 24h, 3rd
      | .{1,3}                                      # short pieces say nothing
    )$""",
    re.X,
)


def _shannon(text: str) -> float:
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def _class_switches(text: str) -> float:
    """Share of neighbouring characters that switch between lower, upper, digit, other."""

    def kind(c: str) -> int:
        return 0 if c.islower() else 1 if c.isupper() else 2 if c.isdigit() else 3

    kinds = [kind(c) for c in text]
    return sum(a != b for a, b in pairwise(kinds)) / max(1, len(text) - 1)


_HEX = lazy(r"[0-9a-fA-F]{1,4096}")
_UUID = lazy(r"(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])", re.I)
_CAMEL_WORD = lazy(r"[A-Z]?[a-z]{2,1024}")
_VOWEL = lazy(r"[aeiouy]", re.I)
_CONSONANTS = lazy(r"[bcdfghjklmnpqrstvwxz]{1,1024}|[BCDFGHJKLMNPQRSTVWXZ]{1,1024}")
_CUTS = lazy(r"[-_/+.=]")
_DIGIT_RUN = lazy(r"\d{1,1024}")
_NO_VOWEL_RUN = lazy(r"[^aeiouy]{4}")


def looks_random(token: str) -> bool:
    """Whether ``token`` reads like a generated credential rather than words.

    The token is cut at ``-``, ``_``, ``/``, ``+``, ``.`` and ``=``; pieces that
    read as words, numbers or short fragments (``status``, ``nyc3``, ``2025``,
    ``v2``) are dropped. What remains (the core) must be 16+ characters, mix
    at least two of lower case, upper case and digits, have a Shannon entropy
    of 3.3 bits per character or more, not be mostly pronounceable words
    glued together (``PlatformStatusV2Contract``), and show what random text
    shows: frequent switches between character classes, digits scattered in
    three or more places, or five consonants in a row. Hex needs 32+ digits
    (or the UUID shape).
    """
    if token.count("-") >= 4 and _UUID().search(token):
        return True
    pieces = [p for p in _CUTS().split(token) if p]
    core = "".join(p for p in pieces if not _WORDISH().match(p))
    if len(core) < 16:
        return False
    if _HEX().fullmatch(core) and any(c.isdigit() for c in core):
        return len(core) >= 32 and _shannon(core) >= 3.0
    classes = sum((any(c.islower() for c in core), any(c.isupper() for c in core), any(c.isdigit() for c in core)))
    if classes < 2 or _shannon(core) < 3.3:
        return False
    words = [w for w in _CAMEL_WORD().findall(core) if _VOWEL().search(w) and not _NO_VOWEL_RUN().search(w.lower())]
    if sum(map(len, words)) >= 0.75 * len(core):
        return False
    if core.isupper() and capitals_are_words(core):
        return False  # BLACKFRIDAY2025DEALS, DOUBLE10GB2025PROMO1: a code made of words
    digit_runs = len(_DIGIT_RUN().findall(core))
    consonants = max((len(m) for m in _CONSONANTS().findall(core)), default=0)
    return _class_switches(core) >= 0.3 or digit_runs >= 3 or consonants >= 5


_PAIRS: Final = (
    "THHEINERANREONATENNDTIESORTEOFEDISITALARSTTONTNGSEHAASOUIOLEVECOMEDEHIRIROICNEEARACELICHLLBEMASI"
    "OMURCAELTALANSDIFOHOPEECPRNOCTUSACOTILTRLYNCETUTSSSORSUNLOWAGEIEWHEEWIEMADOLRTPOWENAULNITSMOOWPA"
    "IMMIAISHIRSUIDOSIVIAAMFICIVIPLIGTUEVLDRYMPFEBLABGHTYOPWOSAAYEXKEFROOAVAGIFAPGRODBOSPRDDOUCBUEIOV"
    "BYRMEPTTOCFAEFCURNSCGIDAYOCRCLDUGAQUUEFFBAEYLSVAUMPPUAUPLUGOHTRUUGDSLTPIRCRREGAUCKEWMUBRBIPTAKPU"
    "UIRGIBTLNYKIRKYSOBMMFUPHOGMSYEUDMBIPUBOIRLGUDRHRCCTWFTWNNUAFHUNNEOVORVNFXPGNSMFLIZOKNLMYGLAWJUOA"
    "EQSYSLPSJOLFNVJENKRPKNGSOXAXXIXTYPOYKSWSDGNMZEZAZOIKEKOEURYNRBBSTZZUUFIJAAXMYBWRHNSKLK"
)
_BIGRAMS: Final = frozenset(_PAIRS[i : i + 2] for i in range(0, len(_PAIRS), 2))
"""Letter pairs common in English words (and in the words of marketing codes)."""


_ENGLISH_PAIR: Final = math.log(0.95 / len(_BIGRAMS) * 676)
"""Log odds that a common pair comes from a word rather than from random capitals (about +0.8)."""
_RARE_PAIR: Final = math.log(0.05 / (676 - len(_BIGRAMS)) * 676)
"""Log odds for any other pair (about -2.5)."""
_LETTER_RUN = lazy(r"[A-Z]{2,64}")


def capitals_are_words(token: str) -> bool:
    """Whether the letters of a capitals-and-digits token read as words (``PROMO``, ``SPRING``), not as random.

    Each pair of neighbouring letters weighs for words when it is a common
    English pair and against them when it is not; words win on a positive sum.
    """
    runs = _LETTER_RUN().findall(token)
    score = 0.0
    for run in runs:
        for i in range(len(run) - 1):
            score += _ENGLISH_PAIR if run[i : i + 2] in _BIGRAMS else _RARE_PAIR
    return score > 0 and any(len(run) >= 4 for run in runs)


def random_segments(token: str) -> list[tuple[int, int]]:
    """The ``/``-separated parts of ``token`` that look random on their own, else all of it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for segment in token.split("/"):
        if segment and looks_random(segment):
            spans.append((start, start + len(segment)))
        start += len(segment) + 1
    return spans or [(0, len(token))]
