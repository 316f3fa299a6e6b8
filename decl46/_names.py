"""Matching people's names across spellings, transliterations and scripts.

A name is reduced to a *skeleton*: Cyrillic is transliterated, the letters whose
transliteration varies (vowels, y/i/j, soft signs) are dropped, and spellings that
stand for one sound are merged (z/s, kh/h, tz/ts, x/ks). "Pyatakov", "Piatakov" and
"Пятаков" all become ``ptkv``; "Goltsman" (``gltsmn``) stays apart from "Holtzman"
(``hltsmn``).

>>> skeleton("Пятаков") == skeleton("Piatakov") == skeleton("Pyatakov")
True
>>> skeleton("Rozengolts") == skeleton("Rosengolts") == skeleton("Розенгольц")
True
>>> skeleton("Goltsman") == skeleton("Holtzman")
False
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
_MERGE = [
    ("shch", "sh"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("kh", "h"),
    ("tz", "ts"),
    ("cz", "ch"),
    ("x", "ks"),
    ("z", "s"),
    ("w", "v"),
    ("ph", "f"),
    ("ck", "k"),
    ("c", "ts"),
    ("q", "k"),
]


def transliterate(text: str) -> str:
    """Latin letters for Cyrillic ones (a simple scheme, good enough for matching)."""
    out = []
    for ch in text.lower():
        latin = _CYRILLIC.get(ch)
        out.append(ch if latin is None else latin.strip("_"))
    return "".join(out)


def skeleton(name: str) -> str:
    """The spelling-independent core of a name (see the module's docstring)."""
    text = unicodedata.normalize("NFKD", transliterate(name))
    text = "".join(ch for ch in text if "a" <= ch <= "z")
    for old, new in _MERGE:
        text = text.replace(old, new)
    text = re.sub(r"[aeiouyj']", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def split_name(query: str) -> tuple[list[str], list[str]]:
    """Split a query into initials (``I.``, ``Mikh.``, ``N``) and name words.

    >>> split_name("I. N. Smirnov")
    (['i', 'n'], ['Smirnov'])
    >>> split_name("V. Obolensky (Osinsky)")
    (['v'], ['Obolensky', 'Osinsky'])
    """
    initials, words = [], []
    for token in re.findall(r"[^\s().,;]+\.?", query):
        bare = token.rstrip(".")
        if token.endswith(".") or len(bare) == 1:
            initials.append(transliterate(bare)[:1])
        else:
            words.append(bare)
    return initials, words
