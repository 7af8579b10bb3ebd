"""The pieces of the catalogue search that are plain text work: the form of text the search stores
and compares, the words of a query, the tsquery built from them, and highlighting.

Cards and queries go through the same function, `searchable()`, which is the registry's
normaliser (apps.core.text.normalise_name) after dropping invisible format characters.
"""

import re
import unicodedata
from functools import lru_cache
from html import escape

from django.contrib.postgres.search import SearchQuery
from django.utils.safestring import SafeString, mark_safe

from apps.core.text import normalise_name

# Longer queries are cut: nobody types more into a search box, and the database need not see it.
MAX_QUERY = 200
MAX_TERMS = 10
MAX_TERM = 40
# Shorter words are too common, and have too few trigrams, to correct a typo to.
MIN_WORD = 3
# Letters and digits only, so a term can never carry tsquery syntax (& | ! ( ) : * ' \).
_TERM = re.compile(r"[^\W_]+")
# A word of displayed text, with its diacritics and tatweel.
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")
_LEXEME = re.compile(r"'((?:[^']|'')+)'")
MARK_START = "<mark>"
MARK_END = "</mark>"


def searchable(text: str) -> str:
    """Text as the search stores and compares it.

    Invisible format characters (zero-width joiners, soft hyphens, bidi controls of every kind)
    and control characters are dropped or made spaces; then normalise_name() folds Arabic
    spelling variants, lower-cases Latin letters and collapses white space.
    """
    kept = []
    for ch in text or "":
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        kept.append(" " if category == "Cc" else ch)
    return normalise_name("".join(kept))


def vocabulary(*texts: str) -> dict[str, str]:
    """The words of `texts` worth correcting a query to: {normalised word: word as written},
    letters and digits only, MIN_WORD to MAX_TERM characters once normalised."""
    words: dict[str, str] = {}
    for text in texts:
        for match in _WORD.finditer(text or ""):
            written = match.group()
            word = searchable(written)
            if MIN_WORD <= len(word) <= MAX_TERM and _TERM.fullmatch(word):
                words.setdefault(word, written.lower()[:80])
    return words


def query_terms(query: str) -> list[str]:
    """The words of a query worth searching for: normalised, letters and digits only, at least
    two characters, at most MAX_TERMS of them."""
    words = _TERM.findall(searchable((query or "")[:MAX_QUERY]))
    terms = [word[:MAX_TERM] for word in words if len(word) >= 2]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def fts_query(terms: list[str]) -> SearchQuery:
    """Every term, as a prefix (so "مساعد" finds "مساعدات" and "disab" finds "disability"),
    stemmed by the `arabic` configuration, or else by the `english` one."""
    text = " & ".join(f"{term}:*" for term in terms)
    arabic = SearchQuery(text, search_type="raw", config="arabic")
    english = SearchQuery(text, search_type="raw", config="english")
    return arabic | english


def lexemes(tsquery_text: str) -> list[str]:
    """The lexemes of a tsquery as PostgreSQL prints it ('مساعد':* & 'نقد':* | …)."""
    found = [match.replace("''", "'") for match in _LEXEME.findall(tsquery_text or "")]
    return [lexeme for lexeme in dict.fromkeys(found) if len(lexeme) >= 2]


@lru_cache(maxsize=8192)
def _searchable_word(word: str) -> str:
    # The same words come back in every result (agency names, "مساعدة", "aid"): normalise once.
    return searchable(word)


def highlight(text: str, stems: list[str]) -> SafeString:
    """`text` escaped, with each word that contains one of the stems (once normalised) in
    <mark>. Only our own <mark> tags are left unescaped."""
    text = text or ""
    if not stems:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    # Escaped a run at a time, between the marked words: a search page highlights forty texts.
    parts, last = [], 0
    for match in _WORD.finditer(text):
        word = match.group()
        if any(stem in _searchable_word(word) for stem in stems):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"{MARK_START}{escape(word)}{MARK_END}")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped parts and our own tags
