"""The glossary as a page to open, and every term one click from its meaning.

:func:`glossary_markdown` writes the glossary table as a Markdown page (``docs/glossary.md``
in the kit: JupyterLab opens it rendered, the site turns it into ``glossary.html``), one
entry per term with its definition and sources, each entry with an anchor.

:func:`link_terms` finds, in a lesson's Markdown, the first use of each glossary term and
makes it a link to the term's entry. A term is found under its own name (when that is a
plain word or phrase) and under each of its ``forms`` (the other forms the glossary
declares: a plural, an abbreviation). Matching is by whole word or phrase, never inside a
longer word; it is case-sensitive, except that a form in lower case also matches with a
capital at the start of a sentence; where two matches overlap, the longer wins. Text in
code, in a link, in a heading or in HTML is left alone. :func:`first_uses` tells, for a
text, where each term is first used and whether it is linked there (the lessons' test).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape

import pandas as pd

from decl46.dataset import DataDir, Dataset, data_docs, using

# Where the lessons (notebooks/) link to: the page generated from the glossary table.
PAGE = "../docs/glossary.md"
# Spans of Markdown that are not prose: code, links (text and target), HTML tags, headings.
_NOT_PROSE = re.compile(
    r"`[^`\n]*`"  # inline code
    r"|\[[^\]]*\]\([^)\s]*\)"  # a link
    r"|<[^>\n]*>"  # an HTML tag
    r"|^#{1,6} .*$"  # a heading line
    r"|https?://\S+",  # an address
    re.MULTILINE,
)
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


def anchor(term: str) -> str:
    """The anchor of a term's entry: its letters and digits, words joined by '-'.

    >>> anchor("CC (Central Committee)"), anchor("Cohen's kappa")
    ('cc-central-committee', 'cohens-kappa')
    """
    text = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class _Form:
    text: str
    term: str
    pattern: re.Pattern


def _forms(data: Dataset) -> list[_Form]:
    """Every form of every term, the longest first."""
    glossary = data["glossary"]
    has_forms = "forms" in glossary.columns
    forms = []
    for row in glossary.itertuples():
        texts = [] if re.search(r"[()\"“”]", row.term) else [row.term]
        if has_forms and not pd.isna(row.forms):
            texts += row.forms.split(";")
        for text in dict.fromkeys(t.strip() for t in texts if t.strip()):
            first = re.escape(text[0])
            if text[0].islower():
                first = f"[{re.escape(text[0])}{re.escape(text[0].upper())}]"
            # Words may be broken across lines in the Markdown source.
            body = first + re.escape(text[1:]).replace(r"\ ", r"\s+")
            pattern = re.compile(rf"(?<![\w'’-]){body}(?![\w-])")
            forms.append(_Form(text, row.term, pattern))
    return sorted(forms, key=lambda f: -len(f.text))


def _prose_mask(text: str) -> list[bool]:
    """For each character of a Markdown text, whether it is prose (see the module doc)."""
    mask = [True] * len(text)
    for m in _NOT_PROSE.finditer(text):
        for i in range(m.start(), m.end()):
            mask[i] = False
    return mask


def _matches(text: str, forms: list[_Form]) -> list[tuple[int, int, str]]:
    """(start, end, term) of every use of a term in the prose of ``text``, the longer of
    two overlapping matches kept, in order."""
    mask = _prose_mask(text)
    taken = [False] * len(text)
    found = []
    for form in forms:
        for m in form.pattern.finditer(text):
            span = range(m.start(), m.end())
            if all(mask[i] for i in span) and not any(taken[i] for i in span):
                found.append((m.start(), m.end(), form.term))
                for i in span:
                    taken[i] = True
    return sorted(found)


def _linked_terms(text: str, terms: dict[str, str]) -> set[str]:
    """The terms a text already links to (by their anchor on the glossary page)."""
    by_anchor = {anchor(t): t for t in terms}
    found = set()
    for m in _LINK.finditer(text):
        target = m.group(2)
        if "glossary" in target and "#" in target:
            term = by_anchor.get(target.rsplit("#", 1)[1])
            if term:
                found.add(term)
    return found


@data_docs
def link_terms(
    texts: list[str],
    *,
    page: str = PAGE,
    dataset: Dataset | None = None,
    data_dir: DataDir = None,
) -> list[str]:
    """The Markdown ``texts`` of one lesson (its cells, in order) with the first use of
    each glossary term made a link to its entry on ``page``. A term the lesson already
    links to is left as it is. Running it again changes nothing.

    Parameters
    ----------
    texts : list of str
        The lesson's Markdown cells, in order.
    page : str
        The glossary page, as the lesson links to it.
    {data_parameters}

    Examples
    --------
    >>> import decl46
    >>> decl46.glossary.link_terms(["The Politburo met. The Politburo agreed."])
    ['The [Politburo](../docs/glossary.md#politburo) met. The Politburo agreed.']
    """
    data = using(dataset, data_dir)
    forms = _forms(data)
    terms = {f.term: anchor(f.term) for f in forms}
    linked: set[str] = set()
    out = []
    for text in texts:
        links = [(m.start(), m.group(0)) for m in _LINK.finditer(text)]
        pieces, last = [], 0
        for start, end, term in _matches(text, forms):
            linked |= {t for at, link in links if at < start for t in _linked_terms(link, terms)}
            if term in linked:
                continue
            linked.add(term)
            pieces += [text[last:start], f"[{text[start:end]}]({page}#{terms[term]})"]
            last = end
        linked |= _linked_terms(text, terms)
        out.append("".join(pieces) + text[last:])
    return out


@data_docs
def first_uses(
    texts: list[str], *, dataset: Dataset | None = None, data_dir: DataDir = None
) -> dict[str, tuple[int, str, bool]]:
    """For each glossary term a lesson uses: the cell of its first use, the words used, and
    whether the lesson links to the term there or before (``True``) or not.

    Parameters
    ----------
    texts : list of str
        The lesson's Markdown cells, in order.
    {data_parameters}
    """
    data = using(dataset, data_dir)
    forms = _forms(data)
    terms = {f.term: anchor(f.term) for f in forms}
    seen: dict[str, tuple[int, str, bool]] = {}
    linked: set[str] = set()
    for number, text in enumerate(texts):
        events = [
            (m.start(), "link", t)
            for m in _LINK.finditer(text)
            for t in _linked_terms(m.group(0), terms)
        ]
        events += [(start, "use", term) for start, _, term in _matches(text, forms)]
        for start, kind, term in sorted(events):
            if kind == "link":
                linked.add(term)
                seen.setdefault(term, (number, "(a link)", True))
            elif term not in seen:
                seen[term] = (number, text[start : start + 60], term in linked)
    return seen


@data_docs
def glossary_markdown(*, dataset: Dataset | None = None, data_dir: DataDir = None) -> str:
    """The glossary as a Markdown page: an entry per term, in alphabetical order, each with
    its anchor (:func:`anchor`), its definition and its sources.

    Parameters
    ----------
    {data_parameters}
    """
    data = using(dataset, data_dir)
    glossary = data["glossary"].sort_values("term", key=lambda s: s.str.casefold())
    citations = data["sources"].set_index("source_id")["citation"]
    lines = [
        "# Glossary",
        "",
        "The words the declaration and the lessons use, explained in plain words, each with "
        "the sources the explanation rests on. The lessons link each term here the first "
        "time they use it.",
        "",
    ]
    for row in glossary.itertuples():
        sources = "; ".join(
            escape(citations[s].rstrip("."), quote=False) for s in row.source_ids.split(";")
        )
        lines += [
            f'## <a id="{anchor(row.term)}"></a>{escape(row.term, quote=False)}',
            "",
            escape(row.definition, quote=False),
            "",
            f"<small>Sources: {sources}.</small>",
            "",
        ]
    return "\n".join(lines)
