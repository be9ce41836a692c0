"""Text as the detectors read it, and the way back to the original. Pure.

Detectors are written for ASCII. Text written elsewhere is not: a token may
carry zero-width characters or soft hyphens, be typed in fullwidth forms
(U+FF21 for ``A``), or have a Cyrillic er (U+0440) where ``password`` has a
``p``. Before the detectors run, ``fold`` rewrites text so that what looks
alike reads alike:

1. NFKC, cluster by cluster (a base character with its combining marks):
   fullwidth and other compatibility forms become ASCII (fullwidth digits and
   full stops read ``192.168``, the ``fi`` ligature reads ``fi``, the
   ellipsis reads ``...``);
2. format characters (Unicode category Cf: zero-width space and joiners,
   soft hyphen, bidi controls, BOM), other invisible fillers and stray
   combining marks are dropped;
3. Latin letters lose their diacritics (``contraseña`` reads ``contrasena``),
   and the Cyrillic, Greek and Armenian look-alikes of Latin letters,
   typographic quotes, dashes, colons and slashes become their ASCII twin.

``Folded`` keeps, for every character of the folded text, the span of the
original text it came from, so a finding is reported and masked in the
original's terms. ``percent_decoded`` does the same for ``%XX`` escapes, and
``Folded.under`` stacks two foldings. ASCII text is its own folding (no table
is built).
"""

from __future__ import annotations

import unicodedata
from array import array
from functools import lru_cache

from .lazy import lazy

__all__ = ["Folded", "fold", "fold_char", "percent_decoded"]


class Folded:
    """A text as detectors read it, and where each of its characters came from."""

    __slots__ = ("ends", "starts", "text")

    def __init__(self, text: str, starts: array[int] | None = None, ends: array[int] | None = None) -> None:
        self.text = text
        self.starts = starts
        """Per character of ``text``: the start of its source in the original; ``None``: the same text."""
        self.ends = ends
        """Per character of ``text``: the end of its source in the original."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]

    def under(self, outer: Folded) -> Folded:
        """This layer (made from ``outer.text``) mapped onto ``outer``'s original."""
        if outer.starts is None or outer.ends is None:
            return self
        if self.starts is None or self.ends is None:
            return Folded(self.text, outer.starts, outer.ends)
        o_starts, o_ends = outer.starts, outer.ends
        starts = array("q", (o_starts[s] for s in self.starts))
        ends = array("q", (o_ends[e - 1] for e in self.ends))
        return Folded(self.text, starts, ends)


_CONFUSABLE: dict[str, str] = {
    # Cyrillic capitals and small letters that look Latin
    **dict(
        zip(
            "\u0410\u0412\u0415\u0405\u0406\u0408\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0423\u0501\u051b\u051c\u04ae\u04ba\u04c0",
            "ABESIJKMHOPCTXYdqWYHI",
            strict=True,
        )
    ),
    **dict(
        zip(
            "\u0430\u0435\u0455\u0456\u0458\u043e\u0440\u0441\u0445\u0443\u051d\u04bb\u04cf\u043a\u043c\u043d\u0442",
            "aesijopcxywhlkmht",
            strict=True,
        )
    ),
    # Greek capitals and small letters that look Latin
    **dict(
        zip(
            "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7\u03f9\u03dc",
            "ABEZHIKMNOPTYXCF",
            strict=True,
        )
    ),
    **dict(
        zip(
            "\u03b1\u03b3\u03b5\u03b9\u03ba\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7\u03c9\u03f2\u03f3",
            "ayeiknoptuxwcj",
            strict=True,
        )
    ),
    # Armenian letters that pass for Latin ones
    **dict(zip("\u0585\u057d\u0570\u0578\u0581\u053c\u054f", "ounhgLS", strict=True)),
    # Latin letters that NFKC and the diacritics rule leave alone
    **dict(
        zip(
            "\u0131\u0142\u0141\u00f8\u00d8\u0111\u0110\u0127\u0261\u0251\u0269\u029f\u0274\u0280\ua731\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b\u1d0d\u1d0f\u1d18\u1d1b\u1d1c\u1d20\u1d21\u028f\u1d22",
            "ilLoOdDhgailnrsABCDEFGHIJKMOPTUVWYZ",
            strict=True,
        )
    ),
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u00c6": "AE",
    "\u0153": "oe",
    "\u0152": "OE",
    # punctuation that reads as ASCII punctuation
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\u2043", "-"),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02c8", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2236\u02d0\ua789\u02f8", ":"),
    **dict.fromkeys("\u2044\u2215\u29f8", "/"),
    **dict.fromkeys("\u00b7\u2022\u2219\u22c5", "."),
    "\u2028": "\n",
    "\u2029": "\n",
    "\u0085": "\n",
}
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u034f")
"""Fillers that render as nothing but are letters or symbols, not format characters."""


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character (already NFKC) as detectors read it: ASCII when it passes for ASCII, ``""`` when invisible."""
    if char < "\x80":
        return char
    if char in _CONFUSABLE:
        return _CONFUSABLE[char]
    category = unicodedata.category(char)
    if category in ("Cf", "Mn", "Me", "Cc") or char in _INVISIBLE:
        return ""
    if category == "Zs":
        return " "
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
        base = decomposed[0]
        if base < "\x80":
            return base
        if base in _CONFUSABLE:
            return _CONFUSABLE[base]
    return char


_NON_ASCII = lazy(r"[^\x00-\x7f]")


def fold(text: str) -> Folded:
    """``text`` normalised for the detectors (module docstring), with its way back."""
    if text.isascii():
        return Folded(text)
    pieces: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    position = 0
    length = len(text)
    while position < length:
        found = _NON_ASCII().search(text, position)
        stop = found.start() if found else length
        if stop > position:  # an ASCII run stays as it is
            pieces.append(text[position:stop])
            starts.extend(range(position, stop))
            ends.extend(range(position + 1, stop + 1))
        if found is None:
            break
        end = stop + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        cluster = text[stop:end]
        for char in unicodedata.normalize("NFKC", cluster):
            for out in fold_char(char):
                pieces.append(out)
                starts.append(stop)
                ends.append(end)
        position = end
    return Folded("".join(pieces), starts, ends)


_ESCAPES = lazy(r"(?:%[0-9A-Fa-f]{2}){1,4096}+")
HAS_ESCAPE = lazy(r"%[0-9A-Fa-f]{2}")


def percent_decoded(text: str) -> tuple[Folded, list[tuple[int, int]]] | None:
    """``text`` with its ``%XX`` escapes decoded (as UTF-8), and the decoded spans of ``text``; ``None`` without escapes.

    A run of escapes that decodes to ASCII maps character by character; one
    that decodes to other characters maps as a whole to the run.
    """
    if "%" not in text or HAS_ESCAPE().search(text) is None:
        return None
    pieces: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    runs: list[tuple[int, int]] = []
    position = 0
    for match in _ESCAPES().finditer(text):
        start, end = match.span()
        if start > position:
            pieces.append(text[position:start])
            starts.extend(range(position, start))
            ends.extend(range(position + 1, start + 1))
        raw = bytes.fromhex(match.group(0).replace("%", ""))
        decoded = raw.decode("utf-8", errors="replace")
        pieces.append(decoded)
        if len(decoded) == len(raw):
            starts.extend(range(start, end, 3))
            ends.extend(range(start + 3, end + 1, 3))
        else:
            starts.extend([start] * len(decoded))
            ends.extend([end] * len(decoded))
        runs.append((start, end))
        position = end
    if position < len(text):
        pieces.append(text[position:])
        starts.extend(range(position, len(text)))
        ends.extend(range(position + 1, len(text) + 1))
    return Folded("".join(pieces), starts, ends), runs
