"""The term base (``termbase.toml``): one fixed word per concept and language, and the rules built on it.

The translation reviews found the dangerous faults were terminological: one
word for two acts (the diffida, a lawyer's letter, and the precetto, which
starts forced eviction), or a bailiff named like a police officer. The term
base fixes, for every concept the household will meet (the five acts, the
bailiff, the hearing, legal aid...), the Italian forms that occur in the
master texts and, per language, the canonical term and the inflected forms
or stems that count as using it. See README.md ("Base terminologica").

This module parses the file and answers three questions, all in Italian:
which concepts an Italian text names (:meth:`TermBase.concepts_in`, longest
form first, so "preavviso di rilascio" is the preavviso and not also the
rilascio), whether a translation uses the language's term
(:meth:`TermBase.uses`), and whether a language's five act names are
distinct (:meth:`TermBase.act_name_clashes`). The catalog rules themselves are
in ``catalog_check.py``; the digits rule is read by ``content.py`` to write
figures.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.leaflets.structure import STAGES, ContentError

TERMBASE_FILE = "termbase.toml"
# CLDR numbering systems a language may choose for the numbers it prints (its digits rule).
DIGITS = ("latn", "arab", "arabext", "beng", "tamldec", "deva")
MIN_FORM = 2
MIN_WORD = 3  # shorter words (articles, prepositions) never make two act names "share a word"
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")  # tatweel and harakat: optional in Arabic script


def normalize(text: str) -> str:
    """The text as the term rules compare it: NFC, case-folded, without optional Arabic vowel marks."""
    return _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text)).casefold()


@dataclass(frozen=True)
class LanguageTerm:
    term: str                    # the canonical term, as the language writes it
    forms: tuple[str, ...] = ()  # other accepted forms: inflections, stems

    @property
    def accepted(self) -> tuple[str, ...]:
        return tuple(normalize(f) for f in (self.term, *self.forms) if f)


@dataclass(frozen=True)
class Concept:
    id: str
    it: str
    it_forms: tuple[str, ...]         # lower case, as they occur in the Italian texts
    note: str
    act: str | None = None            # the stage whose act this concept names
    skip: frozenset[str] = frozenset()  # msgctxt where the Italian word means something else
    terms: Mapping[str, LanguageTerm] = field(default_factory=dict)

    def term(self, language: str) -> LanguageTerm | None:
        """The language's term, or None while its line is still empty."""
        found = self.terms.get(language)
        return found if found is not None and found.term else None


@dataclass(frozen=True)
class LanguageRule:
    digits: str = "latn"
    stopwords: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mention:
    concept: Concept
    form: str
    start: int
    end: int


@dataclass(frozen=True)
class TermBase:
    concepts: dict[str, Concept]
    rules: dict[str, LanguageRule]
    _forms: tuple[tuple[Concept, str], ...] = ()  # every Italian form, longest first
    _found: dict[tuple[str, str], list[Mention]] = field(default_factory=dict)  # one Italian text, 15 catalogs

    @property
    def acts(self) -> dict[str, Concept]:
        """The five acts by stage, in stage order."""
        by_stage = {c.act: c for c in self.concepts.values() if c.act}
        return {stage: by_stage[stage] for stage in STAGES if stage in by_stage}

    def rule(self, language: str) -> LanguageRule:
        return self.rules.get(language, LanguageRule())

    def digits(self, language: str) -> str:
        return self.rule(language).digits

    @functools.cached_property
    def _patterns(self) -> tuple[tuple[re.Pattern[str], Concept, str], ...]:
        """Compiled when a text is first checked: a pack only reads the rules, and 46 patterns cost it 40 ms."""
        return tuple((re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"), c, form) for c, form in self._forms)

    def concepts_in(self, italian: str, key: str = "") -> list[Mention]:
        """The concepts an Italian text names, each occurrence once: longer forms win over the shorter forms
        they contain ("intimazione di sfratto" is the intimazione, not also the sfratto)."""
        cached = self._found.get((italian, key))
        if cached is not None:
            return cached
        text = italian.casefold()
        found: list[Mention] = []
        for pattern, concept, form in self._patterns:  # longest forms first
            if key in concept.skip:
                continue
            for m in pattern.finditer(text):
                if not any(m.start() < f.end and f.start < m.end() for f in found):
                    found.append(Mention(concept, form, m.start(), m.end()))
        self._found[(italian, key)] = found = sorted(found, key=lambda f: f.start)
        return found

    def missing_terms(self, language: str) -> list[str]:
        """Concepts whose line for ``language`` is still empty."""
        return [c.id for c in self.concepts.values() if c.term(language) is None]

    def act_name_clashes(self, language: str) -> list[str]:
        """Why two of the language's act names could be taken for one another (Italian), or [] when distinct."""
        acts = [(c, t) for c in self.acts.values() if (t := c.term(language)) is not None]
        stop = self.rule(language).stopwords
        problems: list[str] = []
        for i, (a, term_a) in enumerate(acts):
            for b, term_b in acts[i + 1:]:
                shared = _shared_word(words(term_a.term, stop), words(term_b.term, stop))
                if shared:
                    problems.append(f"gli atti {a.id} («{term_a.term}») e {b.id} («{term_b.term}») hanno una "
                                    f"parola in comune («{shared}»)")
                    continue
                for x, term_x, y, term_y in ((a, term_a, b, term_b), (b, term_b, a, term_a)):
                    inside = next((f for f in term_x.accepted if f in normalize(term_y.term)), None)
                    if inside:
                        problems.append(f"la forma «{inside}» dell'atto {x.id} è contenuta nel nome dell'atto "
                                        f"{y.id} («{term_y.term}»): i due atti non si distinguono")
                        break
        return problems


def words(text: str, stopwords: Iterable[str] = ()) -> list[str]:
    """The words of a name that can make two names alike: letters and marks, at least 3 characters, not a
    stop word; a run of Han characters (no spaces between words) gives its pairs of characters."""
    stop = {normalize(s) for s in stopwords}
    found: list[str] = []
    for run in _runs(normalize(text)):
        if any(_is_han(ch) for ch in run):
            found.extend(run[i:i + 2] for i in range(len(run) - 1) if run[i:i + 2] not in stop)
        elif len(run) >= MIN_WORD and run not in stop:
            found.append(run)
    return found


def _runs(text: str) -> list[str]:
    """Runs of letters and combining marks (Indic vowel signs belong to their word), joiners included."""
    runs: list[str] = []
    current: list[str] = []
    for ch in text:
        if unicodedata.category(ch)[0] in "LM" or ch in "\u200c\u200d":
            current.append(ch)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _alike(a: str, b: str) -> bool:
    """The same word, possibly inflected: equal, one inside the other (a clitic or an ending added), or the
    same but for the last two letters of the shorter (вимога/вимоги, notice/notification)."""
    if a == b:
        return True
    short = min(len(a), len(b))
    if short >= 4 and (a in b or b in a):
        return True
    prefix = 0
    while prefix < short and a[prefix] == b[prefix]:
        prefix += 1
    return short >= 4 and prefix >= max(4, short - 2)


def _shared_word(a: list[str], b: list[str]) -> str | None:
    return next((x for x in a for y in b if _alike(x, y)), None)


def uses(text: str, term: LanguageTerm) -> bool:
    """Whether a translated text uses the term (one of its accepted forms, anywhere: stems match endings)."""
    plain = normalize(text)
    return any(form in plain for form in term.accepted)


_BRACKETS = re.compile(r"[(（]([^()（）]*)[)）]")


def italian_in_brackets(text: str, concept: Concept) -> bool:
    """Whether the text gives one of the concept's Italian names in brackets: "mise en demeure (diffida)"."""
    return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", inner.casefold())
               for inner in _BRACKETS.findall(text) for form in concept.it_forms)


# --- parsing -------------------------------------------------------------------------------------------------------

def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ContentError(f"{TERMBASE_FILE}: {where}: serve un elenco di testi")
    return tuple(x.strip() for x in raw if x.strip())


def _language_term(raw: Any, where: str) -> LanguageTerm:
    if not isinstance(raw, Mapping):
        raise ContentError(f"{TERMBASE_FILE}: {where}: serve {{ term = \"...\", forms = [...] }}")
    unknown = sorted(set(raw) - {"term", "forms"})
    if unknown:
        raise ContentError(f"{TERMBASE_FILE}: {where}: campo non previsto «{unknown[0]}»")
    term = raw.get("term", "")
    if not isinstance(term, str):
        raise ContentError(f"{TERMBASE_FILE}: {where}: «term» deve essere un testo")
    forms = _strings(raw.get("forms"), where)
    if not term.strip() and forms:
        raise ContentError(f"{TERMBASE_FILE}: {where}: forme senza il termine («term»)")
    short = [f for f in (term.strip(), *forms) if f and len(normalize(f)) < MIN_FORM]
    if short:
        raise ContentError(f"{TERMBASE_FILE}: {where}: forma «{short[0]}» troppo corta (almeno {MIN_FORM} caratteri)")
    return LanguageTerm(term.strip(), forms)


def _rules(raw: Any, languages: Iterable[str], ignore_others: bool) -> dict[str, LanguageRule]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ContentError(f"{TERMBASE_FILE}: [rules] deve essere una tabella")
    rules: dict[str, LanguageRule] = {}
    known = set(languages)
    for code, entry in raw.items():
        where = f"[rules].{code}"
        if code not in known and ignore_others:
            continue
        if code not in known:
            raise ContentError(f"{TERMBASE_FILE}: {where}: lingua non prevista da content.toml")
        if not isinstance(entry, Mapping) or set(entry) - {"digits", "stopwords"}:
            raise ContentError(f"{TERMBASE_FILE}: {where}: serve {{ digits = \"latn\", stopwords = [...] }}")
        digits = str(entry.get("digits", "latn"))
        if digits not in DIGITS:
            raise ContentError(f"{TERMBASE_FILE}: {where}: cifre «{digits}» non previste ({', '.join(DIGITS)})")
        rules[code] = LanguageRule(digits, frozenset(normalize(s) for s in _strings(entry.get("stopwords"), where)))
    return rules


_RULES_HEADER = re.compile(r"^[ \t]*\[[ \t]*rules[ \t]*\][ \t]*(#.*)?$", re.M)
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.M)
_RULES_ELSEWHERE = re.compile(r"^[ \t]*(\[[ \t]*rules[ \t]*\.|rules[ \t]*[.=])", re.M)


def parse_rules(text: str, languages: Iterable[str]) -> dict[str, LanguageRule]:
    """The ``[rules]`` table alone (what printing needs: each language's digits), without parsing the concepts.

    tomllib takes ~60 ms over the whole 40 kB file, a tenth of a command-line pack; the table is a few lines.
    When the table is not written as one plain ``[rules]`` section (dotted keys, sub-tables) or the section alone
    does not parse, the whole file is, so the answer is always :func:`parse_termbase`'s. Raises ContentError.
    """
    header = _RULES_HEADER.search(text)
    if header is None or _RULES_ELSEWHERE.search(text):
        return parse_termbase(text, languages, other_languages="ignore").rules
    end = _TABLE_HEADER.search(text, header.end())
    section = text[header.start():end.start() if end else len(text)]
    try:
        data = tomllib.loads(section)
    except tomllib.TOMLDecodeError:  # e.g. a multi-line string holding a "[": the whole file decides
        return parse_termbase(text, languages, other_languages="ignore").rules
    return _rules(data.get("rules"), languages, ignore_others=True)


def parse_termbase(text: str, languages: Iterable[str], glossary: Iterable[str] = (), *,
                   other_languages: str = "refuse") -> TermBase:
    """Parse ``termbase.toml``; ``languages``: the household languages of the content (a line for any other
    language is refused, or left aside with ``other_languages="ignore"``: this program's term base meeting an
    older bundle's texts), ``glossary``: the glossary ids, each of which must be a concept. Raises ContentError."""
    ignore_others = other_languages == "ignore"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{TERMBASE_FILE}: sintassi TOML non valida ({exc})") from exc
    languages = tuple(languages)
    raw_concepts = data.get("concept")
    if not isinstance(raw_concepts, Mapping) or not raw_concepts:
        raise ContentError(f"{TERMBASE_FILE}: nessun concetto ([concept.<id>])")
    concepts: dict[str, Concept] = {}
    for cid, raw in raw_concepts.items():
        where = f"[concept.{cid}]"
        if not isinstance(raw, Mapping):
            raise ContentError(f"{TERMBASE_FILE}: {where} deve essere una tabella")
        it = raw.get("it")
        if not isinstance(it, str) or not it.strip():
            raise ContentError(f"{TERMBASE_FILE}: {where}: manca il termine italiano («it»)")
        it_forms = tuple(f.casefold() for f in _strings(raw.get("it_forms"), where)) or (it.strip().casefold(),)
        act = raw.get("act")
        if act is not None and act not in STAGES:
            raise ContentError(f"{TERMBASE_FILE}: {where}: «act» deve essere una fase ({', '.join(STAGES)})")
        terms: dict[str, LanguageTerm] = {}
        for key, value in raw.items():
            if key in ("it", "it_forms", "note", "act", "skip"):
                continue
            if key not in languages and ignore_others:
                continue
            if key not in languages:
                raise ContentError(f"{TERMBASE_FILE}: {where}: «{key}» non è una lingua di content.toml")
            terms[key] = _language_term(value, f"{where} {key}")
        concepts[cid] = Concept(cid, it.strip(), it_forms, str(raw.get("note", "")).strip(), act,
                                frozenset(_strings(raw.get("skip"), where)), terms)
    acts = [c.act for c in concepts.values() if c.act]
    if sorted(acts) != sorted(STAGES):
        raise ContentError(f"{TERMBASE_FILE}: serve un concetto per atto, uno per fase ({', '.join(STAGES)}); "
                           f"trovati: {', '.join(acts) or 'nessuno'}")
    missing = [g for g in glossary if g not in concepts]
    if missing:
        raise ContentError(f"{TERMBASE_FILE}: manca il concetto di ogni voce del glossario: {', '.join(missing)}")
    forms = sorted(((c, form) for c in concepts.values() for form in c.it_forms), key=lambda p: -len(p[1]))
    return TermBase(concepts, _rules(data.get("rules"), languages, ignore_others), tuple(forms))
