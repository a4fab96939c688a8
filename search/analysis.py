"""Turns text into search terms the same way for indexing, querying and highlighting, on every backend.

Danish text is lowercased, split into words, stemmed with the Snowball Danish stemmer and, for compound
words, split into known parts (each part's stem is added as a term too), so "strategi" finds
"erhvervsudviklingsstrategi" and "kommunerne" finds "kommune". English text gets the English Snowball
stemmer and no compound splitting. The backends only ever match the resulting terms.

Letters of other alphabets are written the Danish way first (ö → ø, é → e), and a word with æ, ø or å is also
indexed folded both ways (ø → o and ø → oe, å → a and å → aa, æ → ae), so "Horup", "Hørup" and "Hörup" all find
"Hörup" and "Naestved" finds "Næstved", while a query written with æ, ø or å finds only those letters. Numbers
made of groups ("2026-000123", "04.00.00") are one term as well as their groups. Latin words ending in -um meet
their Danish inflections ("konsortium", "konsortiet", "konsortier"), and words in -ens theirs ("frekvensen").

A query is analysed into an expression (``Analyzer.query_expression``): every word is required, a compound may
also be matched by all of its parts, the synonyms of search/data/synonyms.txt (KKR = Kommunekontaktrådet,
tourism = turisme, …) are alternatives, and a second, looser form lets any part of a compound match.
"""

import html
import re
from functools import lru_cache
from pathlib import Path

import Stemmer

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# A number of digit groups joined by - / . (case, journal and KLE numbers), else a word.
NUMBER_GROUP = r"\d+(?:[-/.]\d+)+(?![^\W_])"
TOKEN_RE = re.compile(rf"(?<![^\W_]){NUMBER_GROUP}|[^\W_]+", re.UNICODE)
NUMBER_RE = re.compile(NUMBER_GROUP)
NUMBER_JOINER = "x"  # "2026-000123" is the term "2026x000123": one token to FTS5 and PostgreSQL alike
# Letters of other alphabets as a Danish reader would write them; æ, ø and å are kept as they are.
FOREIGN_LETTERS = {
    "ö": "ø",
    "ä": "æ",
    "ő": "ø",
    "é": "e",
    "è": "e",
    "ê": "e",
    "ë": "e",
    "á": "a",
    "à": "a",
    "â": "a",
    "ã": "a",
    "í": "i",
    "ì": "i",
    "î": "i",
    "ï": "i",
    "ó": "o",
    "ò": "o",
    "ô": "o",
    "õ": "o",
    "ú": "u",
    "ù": "u",
    "û": "u",
    "ü": "u",
    "ý": "y",
    "ÿ": "y",
    "ç": "c",
    "ñ": "n",
    "š": "s",
    "ž": "z",
    "č": "c",
    "ß": "ss",
}
FOREIGN_TABLE = str.maketrans(FOREIGN_LETTERS)
# The two ways of writing æ, ø and å without them: as plain letters (Horup) and the Danish way (Hoerup, Aarhus).
FOLDINGS = (str.maketrans({"æ": "ae", "ø": "o", "å": "a"}), str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))
DANISH_LETTERS = frozenset("æøå")
# The letters a folded query letter may stand for in the text, for finding the words to highlight.
FOLDED_LETTERS = {"a": "aåáàâãä", "o": "oøöóòôõő", "e": "eéèêë", "i": "iíìîï", "u": "uúùûü", "y": "yýÿ"}
FOLDED_PAIRS = {"ae": "æä", "oe": "øöő", "aa": "å"}
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

# English words a Danish query may contain ("energy and climate") that no Danish text needs.
DANISH_QUERY_STOP_WORDS = {"and", "the", "of", "with"}
QUERY_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
MAX_SYNONYM_WORDS = 4
# Words whose terms an analyzer remembers (about 40 MB at most), so memory stays flat however much is indexed.
CACHE_WORDS = 250_000
LINKING_LETTERS = ("s", "e")
MIN_PART = 3
MIN_COMPOUND = 7
MAX_QUERY_TERMS = 32
INFLECTION_ENDINGS = ("erne", "ene", "ens", "ets", "en", "et", "er", "e", "n", "t", "s")


def words(text):
    """The words of ``text`` with their positions, as (start, end, lowercased word)."""
    return [(m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(text or "")]


def _lexicon_lines():
    for path in sorted(DATA_DIR.glob("da_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip().lower()
            if line and not line.startswith("#"):
                yield line


@lru_cache(maxsize=1)
def danish_lexicon():
    """The known Danish words used to split compounds: the shipped list, as (words, stems)."""
    stemmer = Stemmer.Stemmer("danish")
    known = {line for line in _lexicon_lines() if len(line) >= MIN_PART and not line.endswith("-")}
    return frozenset(known), frozenset(stemmer.stemWords(sorted(known)))


@lru_cache(maxsize=1)
def danish_prefixes():
    """Bound first parts of compounds ("med-" in "medfinansiering"): lines of the word list ending in "-"."""
    return frozenset(line[:-1] for line in _lexicon_lines() if line.endswith("-") and len(line) > MIN_PART)


def word_forms(word):
    """A base form with the common inflection endings; a Latin word in -um also as Danish inflects it."""
    forms = {word + ending for ending in ("", *INFLECTION_ENDINGS)}
    if word.endswith(("ium", "eum")):
        forms |= {word[:-2] + ending for ending in INFLECTION_ENDINGS if ending.startswith("e")}
    return forms


@lru_cache(maxsize=1)
def synonym_rules():
    """The synonym rules of search/data/synonyms.txt, one equivalence a line, as lists of lowercased phrases."""
    path = DATA_DIR / "synonyms.txt"
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rules.append([phrase.strip().lower() for phrase in line.split(",") if phrase.strip()])
    return rules


def fold_variants(word):
    """``word`` written without æ, ø and å, both ways (empty when it has none of them)."""
    if not DANISH_LETTERS.intersection(word):
        return ()
    return tuple(dict.fromkeys(word.translate(table) for table in FOLDINGS))


def number_term(token):
    """The single term of a number made of groups: "2026-000123" → "2026x000123"."""
    return NUMBER_JOINER.join(re.split(r"[-/.]", token))


# Query expressions: a term (str), or ("and", [expressions]) / ("or", [expressions]).


def expression_terms(expression):
    """Every term an expression names, in order, once."""
    if isinstance(expression, str):
        return [expression]
    found = []
    for child in expression[1]:
        found += [t for t in expression_terms(child) if t not in found]
    return found


def simplify(expression):
    """The same expression without repeats, empty groups, or groups of one."""
    if expression is None or isinstance(expression, str):
        return expression
    operator, children = expression
    flat = []
    for child in (simplify(c) for c in children):
        if child is None:
            continue
        parts = child[1] if not isinstance(child, str) and child[0] == operator else [child]
        flat += [p for p in parts if p not in flat]
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else (operator, flat)


class Analyzer:
    """Lowercases, stems and (for Danish) splits compounds; one instance per language."""

    def __init__(self, language):
        self.language = "en" if language == "en" else "da"
        self.stemmer = Stemmer.Stemmer("english" if self.language == "en" else "danish")
        self.stop_words = STOP_WORDS[self.language]
        self._cache = {}
        self._synonyms = None
        if self.language == "da":
            self.known_words, self.known_stems = danish_lexicon()
            self.bound_prefixes = danish_prefixes()
            self.query_stop_words = self.stop_words | DANISH_QUERY_STOP_WORDS
        else:
            self.known_words, self.known_stems = frozenset(), frozenset()
            self.bound_prefixes = frozenset()
            self.query_stop_words = self.stop_words
        # Possible first parts: the known words and the bound prefixes.
        self.known_heads = self.known_words | self.bound_prefixes
        self.longest_word = max((len(w) for w in self.known_heads), default=0)
        # Known words with the common inflection endings, so a compound's last part may be inflected.
        self.known_forms = frozenset(f for w in self.known_words for f in word_forms(w))
        self.known_prefixes = frozenset(w[:k] for w in self.known_heads for k in range(1, len(w) + 1))

    # Splitting compounds -------------------------------------------------------------------------

    def split_compound(self, word):
        """The parts of a compound as substrings of ``word`` (linking letters kept with the part before), or []."""
        if self.language != "da" or len(word) < MIN_COMPOUND:
            return []
        best = self._split(word)
        return best if best and len(best) > 1 else []

    def _is_head(self, part):
        if part in self.known_heads:
            return True
        return part[-1] in LINKING_LETTERS and part[:-1] in self.known_words and len(part) > MIN_PART

    def _is_tail(self, part):
        return part in self.known_forms

    def _heads(self, word, i, last):
        """End positions j (longest first, at most ``last``) at which word[i:j] is a possible non-final part."""
        ends = []
        prefixes, known, bound = self.known_prefixes, self.known_words, self.bound_prefixes
        j = i + 1
        while j <= last and word[i:j] in prefixes:
            if word[i:j] in known:
                if j - i >= MIN_PART:
                    ends.append(j)
                if j < last and word[j] in LINKING_LETTERS and j + 1 - i > MIN_PART:
                    ends.append(j + 1)
            elif word[i:j] in bound:
                ends.append(j)
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

    def stem(self, word):
        """The Snowball stem of a lowercased word. Two Danish stems are evened out: one in -ium/-eum loses its -um
        ("konsortium" is stemmed as "konsortiet" and "konsortier" are), one in -ens loses it ("mødefrekvensen" is
        stemmed as "mødefrekvens" is)."""
        stem = self.stemmer.stemWord(word)
        if self.language != "da":
            return stem
        if stem.endswith(("ium", "eum")):
            return stem[:-2]
        if stem.endswith("ens") and len(stem) > 5:
            # Snowball takes "ens" off "frekvens" but only "en" off "frekvensen": both are "frekv".
            return stem[:-3]
        return stem

    def part_base(self, part):
        """A non-final compound part without its linking letter."""
        return part if part in self.known_heads else part[:-1]

    def terms_for_word(self, word):
        """The index terms for one lowercased word: its stem, for a compound the stems of its parts, for a word
        with æ, ø or å the same folded, and for a number of groups the joined number and its groups."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if NUMBER_RE.fullmatch(word):
            terms = (number_term(word), *dict.fromkeys(re.split(r"[-/.]", word)))
        else:
            terms = self._word_terms(word.translate(FOREIGN_TABLE))
        if len(self._cache) < CACHE_WORDS:
            self._cache[word] = terms
        return terms

    def _word_terms(self, word):
        if word in self.stop_words:
            return ()
        terms = [self.stem(word)]
        parts = self.split_compound(word)
        if parts:
            for start in range(1, len(parts)):
                # Every tail of the compound: "udviklingsstrategi", "strategi".
                terms.append(self.stem("".join(parts[start:])))
            for part in parts[:-1]:
                base = self.part_base(part)
                if base in self.bound_prefixes:
                    continue  # "med" of "medfinansiering" is no word to search for
                # Each head in its base form, itself split when it is a known compound ("erhvervsudvikling").
                terms.extend(self._word_terms(base))
        folded = [f for t in terms for f in fold_variants(t)]
        folded += [self.stem(f) for f in fold_variants(word)]
        return tuple(dict.fromkeys(t for t in terms + folded if t))

    def index_terms(self, text):
        """The space-separated terms to store in the index field for ``text``."""
        out = []
        get = self._cache.get
        for word in TOKEN_RE.findall((text or "").lower()):
            terms = get(word)
            if terms is None:
                terms = self.terms_for_word(word)
            out.extend(terms)
        return " ".join(out)

    def query_terms(self, query):
        """Every term the query's expression names (for highlighting and telling which files matched)."""
        return expression_terms(self.query_expression(query) or ("and", []))

    def query_words(self, query):
        """The query's words and numbers, lowercased and written the Danish way, without operator words."""
        found = []
        for match in TOKEN_RE.finditer(query or ""):
            if match.group() in QUERY_OPERATORS:
                continue  # every word is required anyway; operator words are not searched for
            found.append(match.group().lower().translate(FOREIGN_TABLE))
        return found

    def word_expression(self, word, relaxed=False):
        """What one query word asks for: its stem; for a compound also all its parts together (``relaxed``: any of
        them); for a number of groups the joined number."""
        if NUMBER_RE.fullmatch(word):
            return number_term(word)
        if word in self.query_stop_words:
            return None
        stem = self.stem(word)
        parts = self.split_compound(word)
        if not parts:
            return stem
        heads = [self.part_base(p) for p in parts[:-1]]
        if any(h in self.stop_words for h in heads):
            return stem  # a part that is a common word ("over" of "overvejende") is never indexed: no compound
        part_terms = [self.stem(h) for h in heads if h not in self.bound_prefixes] + [self.stem(parts[-1])]
        if relaxed:
            return simplify(("or", [stem, *part_terms]))
        return simplify(("or", [stem, ("and", part_terms)]))

    def synonyms(self):
        """{a phrase's stems: the phrases (as words) it is equivalent to, itself included}, from synonyms.txt.

        Looked up by stem, so an inflected form meets its rule ("kommunekontaktrådets", "meetings")."""
        if self._synonyms is None:
            table = {}
            for rule in synonym_rules():
                phrases = [tuple(w.translate(FOREIGN_TABLE) for w in WORD_RE.findall(phrase)) for phrase in rule]
                phrases = [p for p in phrases if p]
                for phrase in phrases:
                    equivalents = table.setdefault(tuple(self.stem(w) for w in phrase), [])
                    equivalents += [p for p in phrases if p not in equivalents]
            self._synonyms = table
        return self._synonyms

    def query_expression(self, query, relaxed=False):
        """The query as an expression of terms: every word (or synonym phrase) required, each with its alternatives.

        A run of words that is a synonym phrase ("growth forum", "kkr") may be matched by any of its equivalents.
        None when nothing is left to search for (only common words)."""
        words = self.query_words(query)
        stems = [self.stem(w) for w in words]
        table = self.synonyms()
        required = []
        i = 0
        while i < len(words):
            for size in range(min(MAX_SYNONYM_WORDS, len(words) - i), 0, -1):
                phrase = tuple(stems[i : i + size])
                if phrase in table:
                    alternatives = [
                        ("and", [self.word_expression(w, relaxed) for w in equivalent]) for equivalent in table[phrase]
                    ]
                    required.append(("or", alternatives))
                    i += size
                    break
            else:
                required.append(self.word_expression(words[i], relaxed))
                i += 1
        expression = simplify(("and", required[:MAX_QUERY_TERMS]))
        return expression

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
            for match in TOKEN_RE.finditer(text, start, end):
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
            while first > start and (
                lowered[first - 1].isalnum()  # [^\W_] is exactly the alphanumerics
                # back over a number's groups: "2026-000123"
                or (lowered[first - 1] in "-/." and first > start + 1 and lowered[first - 2].isdigit())
                and lowered[first].isdigit()
            ):
                first -= 1
            word = TOKEN_RE.match(text, first, end)
            if word is None:  # a group separator the walk stopped on
                position = found.end()
                continue
            yield word.span(), word.group()
            position = max(word.end(), found.end())

    def _terms_of(self, word):
        word = word.lower()
        terms = self._cache.get(word)
        return self.terms_for_word(word) if terms is None else terms

    def highlight(self, text, terms, length=240, paragraph=False):
        """An HTML-escaped excerpt of ``text`` around the first match, with matched words in <mark>; '' if none.

        Whitespace runs show as one space. With ``paragraph`` (a page's own text, whose lines are its paragraphs,
        headings and list items) the excerpt stays within the line of the match; an attachment's extracted text
        breaks lines anywhere, so there it may run on. Only the words around occurrences of the terms are analysed,
        and only the text around the first match is tidied, so a long text costs little more than a short one."""
        text = text or ""
        wanted = set(terms)
        candidates = self._candidate_words(text, terms)
        first = next((span for span, word in candidates if wanted.intersection(self._terms_of(word))), None)
        if first is None:
            return ""
        if paragraph:
            begin = text.rfind("\n", 0, first[0]) + 1
            finish = text.find("\n", first[1])
            text = text[begin : len(text) if finish < 0 else finish]
            first = (first[0] - begin, first[1] - begin)
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


def _term_pattern(term):
    """A pattern that finds ``term`` as written in a text: a folded letter also as the letters it may stand for
    ("horup" finds "hörup", "stenbaek" finds "stenbæk"), a joined number with its separators."""
    if NUMBER_JOINER in term and term.replace(NUMBER_JOINER, "").isdigit():
        return "[-/.]".join(re.escape(group) for group in term.split(NUMBER_JOINER))
    pieces, i = [], 0
    while i < len(term):
        pair = term[i : i + 2]
        if pair in FOLDED_PAIRS:
            pieces.append(f"(?:{pair}|[{FOLDED_PAIRS[pair]}])")
            i += 2
            continue
        letter = term[i]
        if letter in FOLDED_LETTERS:
            pieces.append(f"[{FOLDED_LETTERS[letter]}]")
        elif letter == "ø":
            pieces.append("[øöő]")
        elif letter == "æ":
            pieces.append("[æä]")
        else:
            pieces.append(re.escape(letter))
        i += 1
    return "".join(pieces)


@lru_cache(maxsize=256)
def _any_of(terms):
    """A pattern that finds any of ``terms`` in a lowercased text, as written or folded."""
    return re.compile("|".join(_term_pattern(term) for term in terms))


@lru_cache(maxsize=4)
def analyzer_for(language):
    """The shared analyzer for a language code ("da" or "en"; anything else is treated as Danish)."""
    return Analyzer(language)
