"""Search strategies as bibliographic databases and the seed report write them.

Terms with ``*`` truncation (``prostitu*``), phrases in "..." or »...« whose words may be truncated
(``»trgov* z ljudmi«`` = the words in sequence), AND / OR / NOT in any case, parentheses, implicit AND
between adjacent terms, field tags (``title:``, ``ti:``, ``ab:``, ``kw:``, ``trafficking[tiab]``) and
search-history references (``#1 OR #2``). Matching folds case and diacritics (č = c) on both sides.

A query compiles to a tree of closures over regular expressions run on pre-folded text (see Document), so a
record is folded once however many lines of a strategy run over it. The grammar is in query_grammar.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError
from unidecode import unidecode

from jes.review.engine.query_grammar import GRAMMAR
from jes.review.engine.records import Record

__all__ = [
    "FIELDS",
    "And",
    "CompiledQuery",
    "Document",
    "Field",
    "LineResult",
    "Node",
    "Not",
    "Or",
    "QueryError",
    "Ref",
    "Term",
    "compile_query",
    "compile_strategy",
    "fold",
    "highlight_terms",
    "matches",
    "parse",
    "run_strategy",
    "term_regex",
]

TITLE, ABSTRACT, KEYWORDS = "title", "abstract", "keywords"
FIELDS: frozenset[str] = frozenset({TITLE, ABSTRACT, KEYWORDS})

# Prefix tags (``ti:``) and PubMed/Ovid-style suffix tags (``[tiab]``) share one vocabulary.
_FIELD_TAGS: dict[str, frozenset[str]] = {
    **dict.fromkeys(["title", "ti", "tit"], frozenset({TITLE})),
    **dict.fromkeys(["abstract", "ab", "abs"], frozenset({ABSTRACT})),
    **dict.fromkeys(["keywords", "keyword", "kw", "kwd", "ot", "de"], frozenset({KEYWORDS})),
    **dict.fromkeys(["tiab", "title/abstract"], frozenset({TITLE, ABSTRACT})),
    **dict.fromkeys(["all", "tw", "tak", "tiabkw", "title-abs-key", "text word"], FIELDS),
}


class QueryError(ValueError):
    """A query that cannot be parsed or run; ``position`` is the 0-based offset in the query, if known."""

    def __init__(self, message: str, position: int | None = None, query: str = "") -> None:
        where = f" at column {position + 1}" if position is not None else ""
        super().__init__(f"{message}{where}" + (f": {query}" if query else ""))
        self.reason = message
        self.position = position
        self.query = query


# --- folding -------------------------------------------------------------------------------------------

_QUERY_TOKEN = re.compile(r"[a-z0-9*?]+")
_FOLDED_WORDS: dict[str, str] = {}
_FOLDED_WORDS_MAX = 100_000


def _fold_word(word: str) -> str:
    folded = _FOLDED_WORDS.get(word)
    if folded is None:
        if len(_FOLDED_WORDS) >= _FOLDED_WORDS_MAX:
            _FOLDED_WORDS.clear()
        folded = _FOLDED_WORDS[word] = unidecode(word).lower()
    return folded


def fold(text: str) -> str:
    """Lower-case ASCII transliteration (č -> c, ß -> ss, Ω -> o); runs of whitespace become one space.

    Folding is most of the cost of a search and unidecode is slow, so text is folded word by word through a
    cache: words repeat (Zipf), and ASCII words, most of them even in Slovenian, skip unidecode entirely.
    unidecode maps character by character, so folding words apart gives the same letters."""
    low = text.lower()
    if low.isascii():
        return low
    return " ".join([word if word.isascii() else _fold_word(word) for word in low.split()])


# --- syntax tree ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word or a phrase: folded words in sequence, each possibly truncated with ``*`` or ``?``."""

    words: tuple[str, ...]
    position: int = field(default=0, compare=False)
    text: str = field(default="", compare=False)


@dataclass(frozen=True)
class Ref:
    """``#n``: the records found by line n of the search history."""

    line: int
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class Field:
    """Restricts the terms below it to some fields; an inner tag overrides an outer one."""

    fields: frozenset[str]
    child: Node


Node = Term | Ref | And | Or | Not | Field


# --- parsing -------------------------------------------------------------------------------------------


def _field_tag(token: Token, tag: str) -> frozenset[str]:
    fields = _FIELD_TAGS.get(" ".join(tag.lower().split()))
    if fields is None:
        known = ", ".join(sorted(_FIELD_TAGS))
        raise QueryError(f"unknown field tag {str(token)!r} (known: {known})", token.start_pos)
    return fields


def _term(token: Token, text: str) -> Term:
    words = tuple(_QUERY_TOKEN.findall(fold(text)))
    if not words:
        raise QueryError(f"{str(token)!r} has no letters or digits to search for", token.start_pos)
    for word in words:
        if not re.search(r"[a-z0-9]", word):
            raise QueryError(f"truncation {str(token)!r} needs at least one letter or digit", token.start_pos)
    return Term(words, token.start_pos or 0, str(token))


def _flatten(kind: type[And] | type[Or], left: Node, right: Node) -> tuple[Node, ...]:
    parts: list[Node] = []
    for side in (left, right):
        parts.extend(side.children if isinstance(side, kind) else (side,))
    return tuple(parts)


@v_args(inline=True)
class _ToTree(Transformer[Token, Node]):
    def word(self, token: Token) -> Term:
        return _term(token, str(token))

    def phrase(self, token: Token) -> Term:
        inner = str(token)[1:-1]
        if not inner.strip():
            raise QueryError("empty phrase", token.start_pos)
        return _term(token, inner)

    def ref(self, token: Token) -> Ref:
        number = int(str(token)[1:])
        if number < 1:
            raise QueryError("search-history lines are numbered from #1", token.start_pos)
        return Ref(number, token.start_pos or 0)

    def group(self, _open: Token, child: Node, _close: Token) -> Node:
        return child

    def field_prefix(self, token: Token, child: Node) -> Field:
        return Field(_field_tag(token, str(token)[:-1]), child)

    def field_suffix(self, child: Node, token: Token) -> Field:
        return Field(_field_tag(token, str(token)[1:-1]), child)

    def not_(self, child: Node) -> Not:
        return Not(child)

    def and_(self, left: Node, right: Node) -> And:
        return And(_flatten(And, left, right))

    def and_not(self, left: Node, right: Node) -> And:
        return And(_flatten(And, left, Not(right)))

    def or_(self, left: Node, right: Node) -> Or:
        return Or(_flatten(Or, left, right))


@cache
def _parser() -> Lark:
    # LALR with the basic lexer: operators are always operators, so "AND x" is an error, not a search for "and".
    return Lark(GRAMMAR, parser="lalr", lexer="basic", maybe_placeholders=False)


def parse(query: str) -> Node:
    """The syntax tree of ``query``; raises QueryError with the column of the first problem."""
    if not query.strip():
        raise QueryError("the query is empty")
    try:
        tree = _parser().parse(query)
        return _ToTree().transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, QueryError):
            raise QueryError(error.orig_exc.reason, error.orig_exc.position, query) from None
        raise
    except UnexpectedInput as error:
        reason, position = _explain(query, error)
        raise QueryError(reason, position, query) from None


_OPERATORS = {"_AND": "AND", "_OR": "OR", "_NOT": "NOT"}
_QUOTES = '"»«“„'


def _explain(query: str, error: UnexpectedInput) -> tuple[str, int | None]:
    """Translate Lark's parser state into what a searcher needs to hear."""
    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream or 0
        char = query[position]
        if char in _QUOTES:
            return "unclosed quotation mark", position
        if char == "[":
            return "malformed field tag (expected e.g. [ti], [ab], [tiab], [kw])", position
        return f"unexpected character {char!r}", position
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        token = error.token
        position = token.start_pos
        previous = _previous_token(query, position)
        if token.type == "RPAR":
            if _unclosed_parentheses(query[:position]) == []:
                return "')' has no matching '('", position
            return "')' follows an operator or '(' with no search term in between", position
        if token.type in _OPERATORS and (previous is None or previous.type in {"LPAR", *_OPERATORS}):
            return f"{_OPERATORS[token.type]} has no search term on its left", position
        if token.type == "FIELD" and previous is not None and previous.type == "FIELD":
            return f"field tag {str(token)!r} follows another field tag", position
        if token.type == "SUFFIX":
            return "field tag must follow a term, phrase or parenthesis", position
        return f"unexpected {str(token)!r}", position
    if isinstance(error, UnexpectedToken | UnexpectedEOF):
        return _explain_end(query)
    return str(error), None


def _explain_end(query: str) -> tuple[str, int | None]:
    last = _previous_token(query, len(query))
    if last is not None and last.type in _OPERATORS:
        return f"{_OPERATORS[last.type]} at the end has no search term on its right", last.start_pos
    if last is not None and last.type == "FIELD":
        return f"field tag {str(last)!r} has no search term after it", last.start_pos
    unclosed = _unclosed_parentheses(query)
    if unclosed:
        return "'(' is never closed", unclosed[-1]
    return "the query ends too early", len(query)


def _tokens(query: str) -> list[Token]:
    try:
        return list(_parser().lex(query))
    except UnexpectedInput:
        return []


def _previous_token(query: str, position: int) -> Token | None:
    before = [t for t in _tokens(query) if (t.start_pos or 0) < position]
    return before[-1] if before else None


def _unclosed_parentheses(query: str) -> list[int]:
    stack: list[int] = []
    for token in _tokens(query):
        if token.type == "LPAR":
            stack.append(token.start_pos or 0)
        elif token.type == "RPAR" and stack:
            stack.pop()
    return stack


# --- documents ------------------------------------------------------------------------------------------


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value if v is not None]
    return [str(value)]


_VALUE_SEPARATOR = "\x00"  # between the values of one field (keywords)
_FIELD_SEPARATOR = "\x01"  # between title, abstract and keywords


def _joined(value: Any) -> str:
    values = _values(value)
    # A separator character inside the text would shift the field split: it becomes a space.
    cleaned = [v.replace(_VALUE_SEPARATOR, " ").replace(_FIELD_SEPARATOR, " ") for v in values]
    return _VALUE_SEPARATOR.join(cleaned)


class Document:
    """A record's searchable fields, folded once. Values and fields are kept apart by control characters that
    no phrase crosses, so a phrase never spans two keywords, nor the end of a title and the start of the
    abstract. Words are the runs of [a-z0-9] in the folded text: it is not split into a token list, which
    would double the cost of preparing a record; the three fields are folded in one call for the same reason."""

    __slots__ = ("texts",)

    def __init__(self, title: Any = "", abstract: Any = "", keywords: Any = ()) -> None:
        everything = fold(_FIELD_SEPARATOR.join([_joined(title), _joined(abstract), _joined(keywords)]))
        title_text, abstract_text, keywords_text = everything.split(_FIELD_SEPARATOR)
        self.texts: dict[str | frozenset[str], str] = {
            TITLE: title_text,
            ABSTRACT: abstract_text,
            KEYWORDS: keywords_text,
            FIELDS: everything,
        }

    @classmethod
    def of(cls, record: Record | Mapping[str, Any] | Document) -> Document:
        if isinstance(record, Document):
            return record
        if isinstance(record, Record):
            return cls(record.title, record.abstract, record.keywords)
        if isinstance(record, Mapping):
            return cls(record.get(TITLE, ""), record.get(ABSTRACT, ""), record.get(KEYWORDS, ()))
        raise TypeError(f"cannot search a {type(record).__name__}: expected a Record or a mapping of fields")


# --- compiling ------------------------------------------------------------------------------------------

# A matcher reads a document and this record's results for the earlier lines of a search history.
Matcher = Callable[[Document, Sequence[bool]], bool]


_WORD_CHAR = "[a-z0-9]"
_BETWEEN_WORDS = "[^a-z0-9\x00\x01]+"


def _word_regex(word: str) -> str:
    # "*" and "?" stay inside one word: they match word characters only.
    return "".join(f"{_WORD_CHAR}*" if c == "*" else f"{_WORD_CHAR}?" if c == "?" else c for c in word)


def term_regex(term: Term) -> re.Pattern[str]:
    """The regex a term runs on folded document text: the words in sequence, whole words only."""
    body = _BETWEEN_WORDS.join(_word_regex(w) for w in term.words)
    # The start-of-word check goes after the literal stem ("trgov(?<![a-z0-9]trgov)..."), not before it:
    # a pattern that opens with a literal lets the regex engine skip ahead to it, about eight times faster.
    stem = re.match(r"[a-z0-9]+", term.words[0])
    if stem:
        start = f"{stem.group()}(?<!{_WORD_CHAR}{stem.group()})"
        return re.compile(start + body[stem.end() :] + f"(?!{_WORD_CHAR})")
    return re.compile(f"(?<!{_WORD_CHAR}){body}(?!{_WORD_CHAR})")


def _compile_term(term: Term, fields: frozenset[str]) -> Matcher:
    search = term_regex(term).search
    key: str | frozenset[str] = fields if fields == FIELDS else next(iter(fields))
    if len(fields) in (1, len(FIELDS)):
        return lambda doc, _history: search(doc.texts[key]) is not None
    keys = sorted(fields)
    return lambda doc, _history: any(search(doc.texts[k]) is not None for k in keys)


def _compile(node: Node, fields: frozenset[str], lines_before: int | None) -> Matcher:
    if isinstance(node, Term):
        return _compile_term(node, fields)
    if isinstance(node, Field):
        return _compile(node.child, node.fields, lines_before)
    if isinstance(node, Not):
        child = _compile(node.child, fields, lines_before)
        return lambda doc, history: not child(doc, history)
    if isinstance(node, And | Or):
        children = tuple(_compile(c, fields, lines_before) for c in node.children)
        if isinstance(node, And):
            return lambda doc, history: all(c(doc, history) for c in children)
        return lambda doc, history: any(c(doc, history) for c in children)
    return _compile_ref(node, lines_before)


def _compile_ref(node: Ref, lines_before: int | None) -> Matcher:
    if lines_before is None:
        raise QueryError(f"#{node.line} refers to a search-history line; run it with run_strategy", node.position)
    if node.line > lines_before:
        raise QueryError(f"#{node.line} does not refer to an earlier line", node.position)
    index = node.line - 1
    return lambda _doc, history: history[index]


@dataclass(frozen=True)
class CompiledQuery:
    """A parsed query ready to run over many records."""

    text: str
    tree: Node
    matcher: Matcher

    def matches(self, record: Record | Mapping[str, Any] | Document) -> bool:
        return self.matcher(Document.of(record), ())

    def filter(self, records: Iterable[Record | Mapping[str, Any]]) -> list[int]:
        """0-based positions of the matching records, in input order."""
        return [i for i, record in enumerate(records) if self.matches(record)]


def compile_query(query: str, *, lines_before: int | None = None) -> CompiledQuery:
    """Parse and compile; ``lines_before`` is how many history lines ``#n`` may refer to (None: no history)."""
    tree = parse(query)
    try:
        matcher = _compile(tree, FIELDS, lines_before)
    except QueryError as error:
        raise QueryError(error.reason, error.position, query) from None
    return CompiledQuery(query, tree, matcher)


def matches(query: str, record: Record | Mapping[str, Any]) -> bool:
    """Whether one record matches one query (compile once with compile_query for many records)."""
    return compile_query(query).matches(record)


# --- search history -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineResult:
    """One line of a search history: its number (from 1), its text, hit count and matching positions."""

    number: int
    query: str
    hits: int
    matches: list[int]


def compile_strategy(lines: Sequence[str]) -> list[CompiledQuery]:
    """Compile the lines of a search history; an error names the line."""
    compiled = []
    for number, line in enumerate(lines, start=1):
        try:
            compiled.append(compile_query(line, lines_before=number - 1))
        except QueryError as error:
            raise QueryError(f"line #{number}: {error.reason}", error.position, line) from None
    return compiled


def run_strategy(lines: Sequence[str], records: Iterable[Record | Mapping[str, Any]]) -> list[LineResult]:
    """Run a search history over records in one pass, like a database's: hit counts per line, where a line
    may combine earlier ones (``#1 OR #2``, ``#3 NOT #4``). Each record is folded once for all lines."""
    matchers = [c.matcher for c in compile_strategy(lines)]
    found: list[list[int]] = [[] for _ in matchers]
    for position, record in enumerate(records):
        doc = Document.of(record)
        history: list[bool] = []
        for matcher, hits in zip(matchers, found, strict=True):
            hit = matcher(doc, history)
            history.append(hit)
            if hit:
                hits.append(position)
    return [
        LineResult(n, line, len(hits), hits) for n, (line, hits) in enumerate(zip(lines, found, strict=True), start=1)
    ]


# --- highlighting ---------------------------------------------------------------------------------------


@cache
def _letter_variants() -> dict[str, str]:
    """Each ASCII letter with the Latin letters that fold to it (c: cçćĉċč...), for patterns on unfolded text."""
    variants: dict[str, set[str]] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code).lower()
        folded = unidecode(char).lower()
        if len(char) == 1 and len(folded) == 1 and folded.isascii() and folded.isalpha():
            variants.setdefault(folded, set()).add(char)
    return {letter: "".join(sorted(chars)) for letter, chars in variants.items()}


def _highlight_word(word: str) -> str:
    variants = _letter_variants()
    parts = []
    for c in word:
        if c == "*":
            parts.append(r"\w*")
        elif c == "?":
            parts.append(r"\w?")
        elif c in variants:
            parts.append(f"[{c}{variants[c]}]")
        else:
            parts.append(re.escape(c))
    return "".join(parts)


def _positive_terms(node: Node, fields: frozenset[str], negated: bool) -> Iterable[tuple[Term, frozenset[str]]]:
    if isinstance(node, Term):
        if not negated:
            yield node, fields
    elif isinstance(node, Field):
        yield from _positive_terms(node.child, node.fields, negated)
    elif isinstance(node, Not):
        yield from _positive_terms(node.child, fields, not negated)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from _positive_terms(child, fields, negated)


def highlight_terms(query: str, field: str | None = None) -> list[str]:
    """Regex patterns (Python ``re``, case-insensitive by an inline flag) that find the query's terms in the
    original, unfolded text of a title or abstract: »prisil* berač*« finds "Prisilno beračenje" and "prisilno
    beracenje". Negated terms are left out; with ``field``, so are terms tagged for other fields.
    Letters that fold to two (ß, æ) are not highlighted; #n references contribute nothing."""
    patterns: list[str] = []
    for term, fields in _positive_terms(parse(query), FIELDS, negated=False):
        if field is not None and field not in fields:
            continue
        body = r"[\W_]+".join(_highlight_word(w) for w in term.words)
        pattern = rf"(?i)(?<!\w){body}(?!\w)"
        if pattern not in patterns:
            patterns.append(pattern)
    return patterns
