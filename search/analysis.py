"""Turns text into search terms the same way for indexing, querying and highlighting, on every backend.

Danish text is lowercased, split into words, stemmed with the Snowball Danish stemmer and, for compound
words, split into known parts (each part's stem is added as a term too), so "strategi" finds
"erhvervsudviklingsstrategi" and "kommunerne" finds "kommune". English text gets the English Snowball
stemmer and no compound splitting. The backends only ever match the resulting terms.
"""

import html
import re
from functools import lru_cache
from pathlib import Path

import Stemmer

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
WHITESPACE_RE = re.compile(r"\s+")
DATA_DIR = Path(__file__).resolve().parent / "data"

# Words too common to help a search; dropped from both the index and the query.
STOP_WORDS = {
    "da": {
        "af",
        "alle",
        "at",
        "da",
        "de",
        "dem",
        "den",
        "denne",
        "der",
        "deres",
        "det",
        "dette",
        "dig",
        "din",
        "disse",
        "du",
        "efter",
        "eller",
        "en",
        "end",
        "er",
        "et",
        "for",
        "fra",
        "ham",
        "han",
        "hans",
        "har",
        "havde",
        "have",
        "hende",
        "hendes",
        "her",
        "hos",
        "hun",
        "hvad",
        "hvis",
        "hvor",
        "i",
        "ikke",
        "ind",
        "jeg",
        "jer",
        "kan",
        "kunne",
        "man",
        "mange",
        "med",
        "meget",
        "men",
        "mig",
        "min",
        "mine",
        "mit",
        "mod",
        "ned",
        "noget",
        "nogle",
        "nu",
        "når",
        "og",
        "også",
        "om",
        "op",
        "os",
        "over",
        "på",
        "sig",
        "sin",
        "sine",
        "sit",
        "skal",
        "skulle",
        "som",
        "så",
        "thi",
        "til",
        "ud",
        "under",
        "var",
        "vi",
        "vil",
        "ville",
        "vor",
        "være",
        "været",
    },
    "en": {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    },
}

QUERY_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
LINKING_LETTERS = ("s", "e")
MIN_PART = 3
MIN_COMPOUND = 7
MAX_QUERY_TERMS = 32
INFLECTION_ENDINGS = ("erne", "ene", "ens", "ets", "en", "et", "er", "e", "n", "t", "s")


def words(text):
    """The words of ``text`` with their positions, as (start, end, lowercased word)."""
    return [(m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(text or "")]


@lru_cache(maxsize=1)
def danish_lexicon():
    """The known Danish words used to split compounds: the shipped list, as (words, stems)."""
    stemmer = Stemmer.Stemmer("danish")
    known = set()
    for path in sorted(DATA_DIR.glob("da_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip().lower()
            if line and not line.startswith("#") and len(line) >= MIN_PART:
                known.add(line)
    return frozenset(known), frozenset(stemmer.stemWords(sorted(known)))


class Analyzer:
    """Lowercases, stems and (for Danish) splits compounds; one instance per language."""

    def __init__(self, language):
        self.language = "en" if language == "en" else "da"
        self.stemmer = Stemmer.Stemmer("english" if self.language == "en" else "danish")
        self.stop_words = STOP_WORDS[self.language]
        self._cache = {}
        if self.language == "da":
            self.known_words, self.known_stems = danish_lexicon()
        else:
            self.known_words, self.known_stems = frozenset(), frozenset()
        self.longest_word = max((len(w) for w in self.known_words), default=0)
        # Known words with the common inflection endings, so a compound's last part may be inflected.
        self.known_forms = frozenset(w + e for w in self.known_words for e in ("", *INFLECTION_ENDINGS))
        self.known_prefixes = frozenset(w[:k] for w in self.known_words for k in range(1, len(w) + 1))

    # Splitting compounds -------------------------------------------------------------------------

    def split_compound(self, word):
        """The parts of a compound as substrings of ``word`` (linking letters kept with the part before), or []."""
        if self.language != "da" or len(word) < MIN_COMPOUND:
            return []
        best = self._split(word)
        return best if best and len(best) > 1 else []

    def _is_head(self, part):
        if part in self.known_words:
            return True
        return part[-1] in LINKING_LETTERS and part[:-1] in self.known_words and len(part) > MIN_PART

    def _is_tail(self, part):
        return part in self.known_forms

    def _heads(self, word, i, last):
        """End positions j (longest first, at most ``last``) at which word[i:j] is a possible non-final part."""
        ends = []
        prefixes, known = self.known_prefixes, self.known_words
        j = i + 1
        while j <= last and word[i:j] in prefixes:
            if word[i:j] in known:
                if j - i >= MIN_PART:
                    ends.append(j)
                if j < last and word[j] in LINKING_LETTERS and j + 1 - i > MIN_PART:
                    ends.append(j + 1)
            j += 1
        return sorted(set(ends), reverse=True)

    def _split(self, word):
        # Fewest parts wins; among equal counts the longer first part wins. Only positions reachable from the
        # start through known parts are tried, so a word that starts with no known part costs a few look-ups.
        n = len(word)
        last = n - MIN_PART
        memo = {}

        def parts_from(i):
            if i in memo:
                return memo[i]
            if i > 0 and self._is_tail(word[i:]):
                memo[i] = [word[i:]]
                return memo[i]
            best = None
            for j in self._heads(word, i, min(last, i + self.longest_word + 1)):
                rest = parts_from(j)
                if rest is not None and (best is None or len(rest) + 1 < len(best)):
                    best = [word[i:j], *rest]
            memo[i] = best
            return best

        return parts_from(0)

    # Terms ---------------------------------------------------------------------------------------

    def terms_for_word(self, word):
        """The index terms for one lowercased word: its stem, and for a compound the stems of its parts."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if word in self.stop_words:
            terms = ()
        else:
            stem = self.stemmer.stemWord(word)
            terms = [stem]
            parts = self.split_compound(word)
            if parts:
                for start in range(1, len(parts)):
                    # Every tail of the compound: "udviklingsstrategi", "strategi".
                    terms.append(self.stemmer.stemWord("".join(parts[start:])))
                for part in parts[:-1]:
                    # Each head in its base form, itself split when it is a known compound ("erhvervsudvikling").
                    base = part if part in self.known_words else part[:-1]
                    terms.extend(self.terms_for_word(base))
            terms = tuple(dict.fromkeys(t for t in terms if t))
        if len(self._cache) < 1_000_000:
            self._cache[word] = terms
        return terms

    def index_terms(self, text):
        """The space-separated terms to store in the index field for ``text``."""
        out = []
        get = self._cache.get
        for word in WORD_RE.findall((text or "").lower()):
            terms = get(word)
            if terms is None:
                terms = self.terms_for_word(word)
            out.extend(terms)
        return " ".join(out)

    def query_terms(self, query):
        """The terms a query asks for, each required: the stem of every word, in order, without repeats."""
        terms = []
        for match in WORD_RE.finditer(query or ""):
            if match.group() in QUERY_OPERATORS:
                continue  # every word is required anyway; operator words are not searched for
            word = match.group().lower()
            if word in self.stop_words:
                continue
            stem = self.stemmer.stemWord(word)
            if stem and stem not in terms:
                terms.append(stem)
        return terms[:MAX_QUERY_TERMS]

    # Highlighting --------------------------------------------------------------------------------

    def matched_spans(self, text, terms, start=0, end=None):
        """Positions of the words in ``text`` (or in ``text[start:end]``) that any of ``terms`` matches."""
        wanted = set(terms)
        return [
            span
            for span, word in self._candidate_words(text or "", terms, start, end)
            if wanted.intersection(self._terms_of(word))
        ]

    def _candidate_words(self, text, terms, start=0, end=None):
        """The words of ``text[start:end]`` that may be analysed into one of ``terms``, as ((start, end), word).

        A Danish term is always part of the word it comes from (the stemmer only takes endings off, and a compound's
        terms are stems of its parts), so only the words around an occurrence of a term need analysing, and those
        are found by a plain text search. English stems may differ from the word ("happi" from "happy"), so there
        (as for text whose length changes when lowercased) every word is a candidate."""
        end = len(text) if end is None else end
        lowered = text.lower()
        terms = [t for t in terms if WORD_RE.fullmatch(t)]
        if self.language != "da" or len(lowered) != len(text):
            for match in WORD_RE.finditer(text, start, end):
                yield match.span(), match.group()
            return
        if not terms:
            return
        occurrence = _any_of(tuple(sorted(set(terms), key=len, reverse=True)))
        position = start
        while True:
            found = occurrence.search(lowered, position, end)
            if found is None:
                return
            first = found.start()
            while first > start and lowered[first - 1].isalnum():  # [^\W_] is exactly the alphanumerics
                first -= 1
            word = WORD_RE.match(text, first, end)
            yield word.span(), word.group()
            position = word.end()

    def _terms_of(self, word):
        word = word.lower()
        terms = self._cache.get(word)
        return self.terms_for_word(word) if terms is None else terms

    def highlight(self, text, terms, length=240):
        """An HTML-escaped excerpt of ``text`` around the first match, with matched words in <mark>; '' if none.

        Whitespace runs show as one space. Only the words around occurrences of the terms are analysed, and only
        the text around the first match is tidied, so a long text costs little more than a short one."""
        text = text or ""
        wanted = set(terms)
        candidates = self._candidate_words(text, terms)
        first = next((span for span, word in candidates if wanted.intersection(self._terms_of(word))), None)
        if first is None:
            return ""
        # Enough text either side of the match that the excerpt and its "…" come out as from the whole text.
        margin = 3 * length
        while True:
            begin, finish = max(0, first[0] - margin), min(len(text), first[1] + margin)
            before = WHITESPACE_RE.sub(" ", text[begin : first[0]])
            after = WHITESPACE_RE.sub(" ", text[first[1] : finish])
            if (begin == 0 or len(before) > length) and (finish == len(text) or len(after) > 2 * length):
                break
            margin *= 4
        before = before.lstrip() if begin == 0 else before
        after = after.rstrip() if finish == len(text) else after
        text = before + text[first[0] : first[1]] + after
        first = (len(before), len(before) + first[1] - first[0])
        start = max(0, first[0] - length // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first[0] else start
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > first[1] else end
        # Words never span a space, so scanning between the spaces around the excerpt sees whole words only.
        after = text.find(" ", end)
        spans = self.matched_spans(text, terms, text.rfind(" ", 0, start) + 1, len(text) if after < 0 else after)
        pieces = ["…" if start else ""]
        cursor = start
        for s, e in spans:
            if s < start or e > end:
                continue
            pieces.append(html.escape(text[cursor:s]))
            pieces.append(f"<mark>{html.escape(text[s:e])}</mark>")
            cursor = e
        pieces.append(html.escape(text[cursor:end]))
        if end < len(text):
            pieces.append("…")
        return "".join(pieces)


@lru_cache(maxsize=256)
def _any_of(terms):
    """A pattern that finds any of ``terms`` as written."""
    return re.compile("|".join(re.escape(term) for term in terms))


@lru_cache(maxsize=4)
def analyzer_for(language):
    """The shared analyzer for a language code ("da" or "en"; anything else is treated as Danish)."""
    return Analyzer(language)
