"""The rules every leaflet catalog must pass: the suite's check script and the sync's strict check share them.

For each ``<lang>.po`` (see README.md, "Regole del controllo"):

- **gettext**: the file parses strictly as gettext (Babel, ``abort_invalid``), declares UTF-8, has no
  ``msgctxt`` twice; its header names the language, the translator and a review status;
- **chiavi / msgid**: exactly the template's keys, each with the template's Italian text (else: msgmerge);

and for every TRANSLATED message (not empty, not fuzzy; an empty or fuzzy one prints in Italian and only
makes the language incomplete):

- **segnaposto**: the same ``{placeholders}`` as the Italian;
- **numeri**: every number of the Italian, unchanged (in the language's digits, see the term base);
- **cifre**: only Latin digits, or those of the language's digits rule;
- **riferimenti normativi**: "L. 392/1978", "DPR 115/2002", "608-bis", "c.p.c.", "c.c." as written;
- **termine**: each concept of the term base the Italian names is named with the language's term;
- **nome italiano tra parentesi**: the first time a stage's text names an act (see :func:`first_mentions`),
  the translation gives the Italian name in brackets.

Before any of these, on every file of the texts (catalogs, template, ``content.toml``, term base): **caratteri di
controllo**: no control character (C0 but tab, DEL, C1; a line may end in CRLF), and in gettext strings no escape
but ``\n``, ``\t``, ``\"``, ``\\`` (msgfmt turns ``\x1b`` or ``\033`` into an ESC; Babel would print it as it
is). An ESC in a synced catalog would reach every workstation's PDFs and exports.

Per language, on the term base: the five act names share no word (**nomi degli atti**), and every concept
has a term once the catalog is complete (**base terminologica**; a warning before).

Every finding names the file (the language), the block (msgctxt) and the rule, in Italian.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from babel.messages.pofile import PoFileError, read_po

from app.leaflets.structure import Structure, placeholders
from app.leaflets.termbase import TERMBASE_FILE, TermBase, italian_in_brackets, uses

REVIEW_STATES = ("reviewed", "needs-review", "draft")
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
# Law references kept exactly as in Italian: "L. 392/1978", "DPR 115/2002", "608-bis", the codes' abbreviations.
LAW_REF_RE = re.compile(r"(?:\b(?:L\.R\.|R\.R\.|L\.|DPR|DM|D\.Lgs\.)\s?\d+/\d{4})|\b\d+-(?:bis|ter|quater)\b"
                        r"|(?<![\w.])c\.p\.c\.|(?<![\w.])c\.c\.")
_HEADER_RE = re.compile(r'^"([A-Za-z-]+):\s*(.*?)(?:\\n)?"\s*$')


@dataclass(frozen=True)
class Finding:
    file: str
    key: str | None
    rule: str
    message: str
    error: bool = True

    def __str__(self) -> str:
        where = f"{self.file}, blocco {self.key}" if self.key else self.file
        return f"{where}: {self.message} (regola: {self.rule})"


@dataclass
class CatalogReport:
    language: str
    total: int
    translated: int = 0
    fuzzy: int = 0
    empty: int = 0
    status: str = ""
    translator: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.error]


def raw_headers(text: str) -> dict[str, str]:
    """Header fields as written (Babel drops X- headers when parsing)."""
    headers: dict[str, str] = {}
    in_header = False
    for line in text.splitlines():
        if line.startswith('msgid ""'):
            in_header = True
            continue
        if in_header:
            if line.startswith('msgstr ""'):
                continue
            m = _HEADER_RE.match(line)
            if m:
                headers[m.group(1)] = m.group(2)
            elif not line.startswith('"'):
                break
    return headers


_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


def ascii_digits(text: str) -> str:
    """Every decimal digit as 0-9 (٢٠ -> 20), so numbers compare across digit systems."""
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def numbers(text: str) -> Counter[str]:
    return Counter(NUMBER_RE.findall(ascii_digits(text)))


def digit_system(ch: str) -> str:
    """The CLDR numbering system of a decimal digit ("latn", "arab", "arabext", "beng"...), by its Unicode name."""
    if ch.isascii():
        return "latn"
    name = unicodedata.name(ch, "")
    return {"ARABIC-INDIC": "arab", "EXTENDED ARABIC-INDIC": "arabext", "BENGALI": "beng", "TAMIL": "tamldec",
            "DEVANAGARI": "deva"}.get(name.removesuffix(" DIGIT " + name.split(" ")[-1]), name or "?")


def first_mentions(structure: Structure, master: Mapping[str, str], termbase: TermBase) -> dict[str, list[str]]:
    """Block key -> the acts (concept ids) that block names first in some stage.

    "First" is the leaflet's reading order: a stage's blocks in ``content.toml`` order (title, action box,
    sections), the first block whose Italian text names the act by one of its Italian forms. A block shared by
    several stages (``shared.*``) counts if it is first in any of them, since one translation serves all.
    """
    found: dict[str, list[str]] = {}
    for blocks in structure.stages.values():
        seen: set[str] = set()
        for block in blocks:
            for mention in termbase.concepts_in(master.get(block.key, ""), block.key):
                act = mention.concept
                if act.act and act.id not in seen:
                    seen.add(act.id)
                    if act.id not in found.setdefault(block.key, []):
                        found[block.key].append(act.id)
    return found


_STRING = r'"(?:[^"\\]|\\[\\"ntrabfv]|\\[0-7]{1,3}|\\x[0-9A-Fa-f]+)*"'
_KEYWORD_LINE = re.compile(rf"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+{_STRING}\s*")
_CONTINUATION = re.compile(rf"\s*{_STRING}\s*")
# What may follow each keyword within an entry (None: the entry's start).
_NEXT = {None: {"msgctxt", "msgid"}, "msgctxt": {"msgid"}, "msgid": {"msgstr", "msgid_plural"},
         "msgid_plural": {"msgstr[]"}, "msgstr": {"msgctxt", "msgid"}, "msgstr[]": {"msgstr[]", "msgctxt", "msgid"}}


_ESCAPE = re.compile(r'(?<!\\)(?:\\\\)*(\\(?:x[0-9A-Fa-f]{0,2}|[0-7]{1,3}|[^nt"\\]))')
# Quick filters over a whole text (a few ms for all catalogs); the lines are then read only when one matches.
_ANY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANY_ESCAPE = re.compile(r'\\[^nt"\\]')
CONTROL_LIMIT = 5  # findings per file: enough to find them, not a wall of text


def control_characters(name: str, text: str) -> list[Finding]:
    """Control characters in any file of the leaflet texts (and control escapes in a gettext file), each with its
    line: the sync's strict check refuses the whole set, and the texts in force stay."""
    from app.untrusted import CONTROL_CHARACTERS

    gettext = name.endswith((".po", ".pot"))
    if not _ANY_CONTROL.search(text.replace("\r\n", "\n")) and not (gettext and _ANY_ESCAPE.search(text)):
        return []  # the usual case, in one pass over the text; lines are counted only to name them
    found: list[Finding] = []
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")  # a CRLF line end is a line end
        match = CONTROL_CHARACTERS.search(line)
        if match:
            found.append(Finding(name, None, "caratteri di controllo", f"riga {number}: carattere di controllo "
                                 f"non ammesso (U+{ord(match.group()):04X})"))
        elif gettext and not line.lstrip().startswith("#") and (escape := _ESCAPE.search(line)):
            found.append(Finding(name, None, "caratteri di controllo", f"riga {number}: sequenza «{escape.group(1)}» "
                                 "non ammessa (solo \\n, \\t, \\\" e \\\\)"))
        if len(found) == CONTROL_LIMIT:
            break
    return found


def syntax_error(text: str) -> str | None:
    """The first line that is not gettext, as "riga N: why", or None. Babel's parser skips some broken lines
    (an unterminated string, a msgstr before its msgid) that GNU msgfmt refuses: a catalog from a bundle is
    read as strictly as msgfmt reads it on a translator's machine."""
    last: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        keyword = _KEYWORD_LINE.fullmatch(stripped)
        if keyword:
            word = "msgstr[]" if keyword.group(1).startswith("msgstr[") else keyword.group(1)
            if word not in _NEXT[last]:
                return f"riga {number}: «{keyword.group(1)}» fuori posto"
            last = word
        elif _CONTINUATION.fullmatch(stripped) and last is not None:
            continue
        else:
            return f"riga {number}: testo non chiuso tra virgolette o parola chiave sconosciuta"
    if last not in (None, "msgstr", "msgstr[]"):
        return "il catalogo finisce a metà di un messaggio"
    return None


def _parse(name: str, text: str, report: CatalogReport):
    problem = syntax_error(text)
    if problem:
        report.findings.append(Finding(name, None, "gettext", f"catalogo non valido ({problem}); la lingua si "
                                                              "stampa in italiano"))
        return None
    try:
        return read_po(io.StringIO(text), abort_invalid=True)
    except (PoFileError, ValueError, IndexError, TypeError) as exc:
        report.findings.append(Finding(name, None, "gettext", f"catalogo non valido ({exc}); la lingua si "
                                                              "stampa in italiano"))
        return None


def check_catalog(language: str, text: str, structure: Structure, master: Mapping[str, str],
                  termbase: TermBase | None, mentions: Mapping[str, list[str]] | None = None) -> CatalogReport:
    """All the rules above for one catalog; ``mentions``: :func:`first_mentions` (computed once per content)."""
    name = f"{language}.po"
    wanted = structure.all_keys()
    report = CatalogReport(language, len(wanted))
    add = report.findings.append
    report.findings.extend(control_characters(name, text))
    po = _parse(name, text, report)
    if po is None:
        return report
    headers = raw_headers(text)
    report.status, report.translator = headers.get("X-Review-Status", ""), headers.get("Last-Translator", "")
    if "charset=utf-8" not in headers.get("Content-Type", "").replace(" ", "").lower():
        add(Finding(name, None, "gettext", "Content-Type deve dichiarare charset=UTF-8"))
    if headers.get("Language") != language:
        add(Finding(name, None, "intestazione", f"Language «{headers.get('Language')}» invece di «{language}»"))
    if not report.translator:
        add(Finding(name, None, "intestazione", "manca Last-Translator"))
    if report.status not in REVIEW_STATES:
        add(Finding(name, None, "intestazione",
                    f"X-Review-Status «{report.status}» non è tra {', '.join(REVIEW_STATES)}"))
    if not headers.get("X-Translator-Note"):
        add(Finding(name, None, "intestazione", "manca X-Translator-Note", error=False))
    keys = {m.context or "": m for m in po if m.id}
    repeated = [k for k, n in Counter(re.findall(r'^msgctxt\s+"(.*)"', text, re.MULTILINE)).items() if n > 1]
    if repeated:
        add(Finding(name, repeated[0], "gettext", "msgctxt ripetuto"))
    report.findings.extend(Finding(name, k, "chiavi", "manca nel catalogo (eseguire msgmerge)")
                           for k in wanted if k not in keys)
    report.findings.extend(Finding(name, k, "chiavi", "non esiste nel modello leaflets.pot")
                           for k in sorted(set(keys) - set(wanted)))
    mentions = mentions if mentions is not None else (first_mentions(structure, master, termbase) if termbase
                                                      else {})
    for key in wanted:
        message = keys.get(key)
        if message is None:
            continue
        translated = message.string.strip() if isinstance(message.string, str) else ""
        if not translated:
            report.empty += 1
        elif message.fuzzy:
            report.fuzzy += 1  # not printed: the Italian paragraph stands in until a translator checks it
        elif str(message.id) != master[key]:
            add(Finding(name, key, "msgid", "tradotto da un testo italiano precedente (msgid diverso da "
                                            "leaflets.pot: eseguire msgmerge); si stampa il paragrafo italiano"))
        else:
            report.translated += 1
            report.findings.extend(_message_rules(name, language, key, master[key], translated, structure,
                                                  termbase, mentions.get(key, ())))
    return report


def _message_rules(name: str, language: str, key: str, italian: str, text: str, structure: Structure,
                   termbase: TermBase | None, first_acts) -> list[Finding]:
    found: list[Finding] = []
    mine, theirs = placeholders(text), placeholders(italian)
    if mine != theirs:
        unknown = sorted(set(mine) - structure.placeholders())
        what = f"segnaposto sconosciuto {{{unknown[0]}}}" if unknown else f"segnaposto {mine} invece di {theirs}"
        found.append(Finding(name, key, "segnaposto", f"{what}; si stampa il paragrafo italiano"))
    digits = termbase.digits(language) if termbase else "latn"
    foreign = sorted({digit_system(ch) for ch in text if ch.isdecimal()} - {"latn", digits})
    if foreign:
        found.append(Finding(name, key, "cifre", f"cifre {', '.join(foreign)}: la base terminologica prevede "
                                                 f"«{digits}» per questa lingua"))
    missing = numbers(italian) - numbers(text)
    extra = numbers(text) - numbers(italian)
    if missing:
        found.append(Finding(name, key, "numeri", f"numeri mancanti o cambiati: {sorted(missing.elements())}"))
    if extra:
        found.append(Finding(name, key, "numeri", f"numeri in più {sorted(extra.elements())} (verificarli)",
                             error=False))
    plain = ascii_digits(text)
    lost = [ref for ref in dict.fromkeys(LAW_REF_RE.findall(italian)) if ref not in plain]
    if lost:
        found.append(Finding(name, key, "riferimenti normativi",
                             f"riferimenti mancanti o cambiati: {', '.join(lost)} (si scrivono come in italiano)"))
    if termbase is None:
        return found
    checked: set[str] = set()
    for mention in termbase.concepts_in(italian, key):
        concept = mention.concept
        term = concept.term(language)
        if term is None or concept.id in checked:
            continue
        checked.add(concept.id)
        if not uses(text, term):
            found.append(Finding(name, key, "termine", f"il testo italiano dice «{mention.form}» ({concept.id}): "
                                                       f"la traduzione deve usare «{term.term}»"
                                                       + (f" o una delle forme {', '.join(term.forms)}"
                                                          if term.forms else "")))
    for act_id in first_acts:
        act = termbase.concepts[act_id]
        if not italian_in_brackets(text, act):
            found.append(Finding(name, key, "nome italiano tra parentesi",
                                 f"qui il foglio nomina per la prima volta l'atto {act_id}: dopo il nome nella "
                                 f"lingua va il nome italiano tra parentesi, per esempio «({act.it})»"))
    return found


def check_termbase(termbase: TermBase, reports: Mapping[str, CatalogReport]) -> list[Finding]:
    """Per language: distinct act names, and a term for every concept once the catalog is complete."""
    found: list[Finding] = []
    for language, report in reports.items():
        for problem in termbase.act_name_clashes(language):
            found.append(Finding(TERMBASE_FILE, None, "nomi degli atti", f"lingua {language}: {problem}"))
        missing = termbase.missing_terms(language)
        if missing:
            message = (f"lingua {language}: mancano i termini di {', '.join(missing[:8])}"
                       + (f" e altri {len(missing) - 8}" if len(missing) > 8 else ""))
            if report.complete:
                found.append(Finding(TERMBASE_FILE, None, "base terminologica",
                                     message + ": il catalogo è completo, la base terminologica va completata"))
            else:
                found.append(Finding(TERMBASE_FILE, None, "base terminologica",
                                     message + " (catalogo ancora incompleto)", error=False))
    return found
