"""The site's pages as HTML strings: the language index, each language's home, stage and contacts pages.

Each page is plain HTML and one shared stylesheet: no script, no external resource, no cookie. It says its
language and direction on ``<html>``, starts with a skip link, has one ``<h1>``, a header that leads home, and a
footer with the content version and the directory's version (the same as the printed packs and the signed
bundle of the same publication), and, on a translated page, the link to the same page in Italian.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from app.leaflets.card_model import ContactCard
from app.leaflets.content import Content
from app.leaflets.languages import MASTER, Language
from app.leaflets.site import urls
from app.leaflets.site.cards_html import CardWriter
from app.leaflets.site.text import Marker, paragraph, plain

DEMO_TEXT = "DEMO - NON DISTRIBUIRE: contatti fittizi, da non dare a nessuno."


def bcp47(code: str) -> str:
    """The ``lang`` value of a catalog code: "zh_Hans" -> "zh-Hans"."""
    return code.replace("_", "-")


@dataclass(frozen=True)
class Footer:
    """What every page's footer says, in the page's language."""

    content_version: str
    directory_version: str
    directory_date: dict[str, str]   # language code -> the directory's date written for it


@dataclass
class Municipality:
    istat_code: str
    name: str


class LanguagePages:
    """The pages of one language."""

    def __init__(self, content: Content, lang: Language, terms: set[str], footer: Footer, demo: bool):
        self.content, self.lang, self.code = content, lang, lang.code
        self.marker = Marker(lang, terms)
        self.footer_data, self.demo = footer, demo

    # --- texts ---------------------------------------------------------------------------------------------
    def label(self, key: str, municipality: str = "") -> str:
        """A label as HTML (Italian words marked)."""
        return self.para(key, municipality)[0]

    def para(self, key: str, municipality: str = "") -> tuple[str, str]:
        """(html, attributes): a text as HTML, and ``lang``/``dir`` attributes when the Italian stands in for it."""
        text, fell_back = paragraph(self.content, self.code, key, municipality)
        if fell_back and self.code != MASTER:
            return escape(plain(text), quote=False), ' lang="it" dir="ltr"'
        return self.marker.html(text, self.content.master.get(key, "")), ""

    def plain(self, key: str, municipality: str = "") -> str:
        return plain(paragraph(self.content, self.code, key, municipality)[0])

    # --- the page around the content ----------------------------------------------------------------------
    def page(self, path: str, title: str, main: str, *, crumbs: list[tuple[str, str]] = (),
             italian: str | None = None) -> str:
        lang = self.lang
        css = urls.relative(path, "site.css")
        home = urls.relative(path, urls.language_index(self.code))
        nav = ""
        # the language list is the first step back from every page but itself (no link to the page one is on)
        trail = [] if path == urls.INDEX else [(urls.relative(path, urls.INDEX), self.label("site.choose_language")),
                                               *crumbs]
        if trail:
            items = "".join(f'<li><a href="{escape(h)}">{t}</a></li>' for h, t in trail)
            nav = f'<nav class="crumbs w" aria-label="{escape(self.plain("site.choose_language"))}"><ol>{items}</ol></nav>'
        demo = f'<p class="demo" lang="it" dir="ltr">{escape(DEMO_TEXT)}</p>' if self.demo else ""
        foot = self.footer(path, italian)
        return (f'<!DOCTYPE html>\n<html lang="{bcp47(lang.code)}" dir="{lang.direction}">\n<head>\n'
                f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f'<meta name="referrer" content="no-referrer">\n'
                f'<title>{escape(title)} – {escape(self.plain("site.title"))}</title>\n'
                f'<link rel="stylesheet" href="{css}">\n</head>\n<body>\n'
                f'<a class="skip" href="#main">{self.label("site.skip")}</a>\n{demo}'
                f'<header class="hd"><div class="w"><a class="brand" href="{home}">{self.label("site.title")}</a>'
                f"</div></header>\n{nav}\n<main id=\"main\" class=\"w\" tabindex=\"-1\">\n{main}\n</main>\n{foot}\n"
                "</body>\n</html>\n")

    def footer(self, path: str, italian: str | None) -> str:
        data = self.footer_data
        date = escape(data.directory_date.get(self.code, data.directory_version))
        lines = [f"{self.label('label.content_version')}: <span dir=\"ltr\">{escape(data.content_version)}</span>",
                 f"{self.label('label.directory_version')}: {date} "
                 f"(<span dir=\"ltr\">{escape(data.directory_version or '-')}</span>)"]
        link = ""
        if italian is not None and self.code != MASTER:
            link = (f'<p><a href="{escape(urls.relative(path, italian))}" lang="it" hreflang="it">'
                    f'{escape(self.content.text(MASTER, "label.italian_version")[0])}</a></p>')
        return ('<footer class="ft"><div class="w">' + "".join(f"<p>{line}</p>" for line in lines) + link
                + "</div></footer>")

    # --- the pages ----------------------------------------------------------------------------------------
    def home(self) -> str:
        path = urls.language_index(self.code)
        items = []
        for stage in self.content.structure.stages:
            link = escape(urls.relative(path, urls.stage_page(self.code, stage)))
            act = self.italian_act(stage)
            items.append(f'<li><a href="{link}">{self.label(f"{stage}.title")}</a>{act}</li>')
        main = (f'<h1>{self.label("site.title")}</h1>\n<h2>{self.label("site.what_received")}</h2>\n'
                f'<ul class="stages">{"".join(items)}</ul>')
        return self.page(path, self.plain("site.what_received"), main, italian=urls.language_index(MASTER))

    def italian_act(self, stage: str) -> str:
        """The act's name as written on it (Italian), under its name in the page's language."""
        if self.code == MASTER or self.content.text(self.code, f"{stage}.title")[1]:
            return ""
        # the span, not the paragraph, is Italian: the line stays on the page's start side in Arabic and Urdu
        return (f'<p class="act"><span lang="it" dir="ltr">{escape(self.content.text(MASTER, f"{stage}.title")[0])}'
                "</span></p>")

    def per_municipality(self, key: str) -> bool:
        """A text that names the municipality ("I contatti per il comune di {municipality}..."): it belongs on the
        municipality's page, never on the stage page shared by every municipality (it would read "comune di  ")."""
        return "{municipality}" in self.content.master.get(key, "")

    def action_box(self, stage: str, municipality: str = "", anchor: bool = True) -> str:
        """Page 1's box, "what to do now": its heading, the deadline and the numbered steps."""
        box: list[str] = []
        steps: list[str] = []
        ident = ' id="now"' if anchor else ' id="now-box"'
        for block in self.content.blocks(stage):
            if block.kind not in ("box", "deadline", "step"):
                continue
            html, attrs = self.para(block.key, municipality)
            if block.kind == "box":
                box.append(f"<h2{ident}{attrs}>{html}</h2>")
            elif block.kind == "deadline":
                box.append(f'<p class="deadline"{attrs}>{html}</p>')
            else:
                steps.append(f"<li{attrs}>{html}</li>")
        if not box and not steps:
            return ""
        return (f'<section class="box" aria-labelledby="{ident[5:-1]}">{"".join(box)}'
                f'<ol class="steps">{"".join(steps)}</ol></section>')

    def stage(self, stage: str, municipalities: list[Municipality]) -> str:
        path = urls.stage_page(self.code, stage)
        parts: list[str] = []
        boxed = False
        pending: list[str] = []   # bullets or glossary lines waiting for their list
        pending_kind = ""

        def flush() -> None:
            nonlocal pending, pending_kind
            if pending:
                tag = "dl" if pending_kind == "term" else "ul"
                parts.append(f'<{tag} class="{"terms" if tag == "dl" else "bullets"}">{"".join(pending)}</{tag}>')
            pending, pending_kind = [], ""

        for block in self.content.blocks(stage):
            if block.kind in ("box", "deadline", "step"):
                if not boxed:
                    parts.append(self.action_box(stage) + f'<p class="go"><a href="#comuni">'
                                                          f'{self.label("site.your_municipality")}</a></p>')
                    boxed = True
                continue
            if self.per_municipality(block.key):
                continue
            html, attrs = self.para(block.key)
            if block.kind == "title":
                parts.append(f'{self.italian_act(stage)}<h1{attrs}>{html}</h1>')
            else:
                if block.kind in ("bullet", "term"):
                    if pending_kind != block.kind:
                        flush()
                    pending_kind = block.kind
                    if block.kind == "bullet":
                        pending.append(f"<li{attrs}>{html}</li>")
                    else:
                        term = self.content.structure.term(block.key)
                        word = escape(term.term if term else block.key, quote=False)
                        it = "" if self.code == MASTER else ' lang="it" dir="ltr"'
                        pending.append(f'<div><dt{it}>{word}</dt><dd{attrs}>{html}</dd></div>')
                    continue
                flush()
                if block.kind == "heading":
                    parts.append(f"<h2{attrs}>{html}</h2>")
                elif block.kind == "law":
                    parts.append(f'<p class="law"{attrs}>{html}</p>')
                else:
                    parts.append(f"<p{attrs}>{html}</p>")
        flush()
        it_attrs = "" if self.code == MASTER else ' lang="it" dir="ltr"'
        towns = "".join(f'<li><a href="{escape(urls.relative(path, urls.contacts_page(self.code, stage, m.istat_code)))}"'
                        f"{it_attrs}>{escape(m.name)}</a></li>" for m in municipalities)
        parts.append(f'<section id="comuni" aria-labelledby="comuni-h"><h2 id="comuni-h">'
                     f'{self.label("site.your_municipality")}</h2><p>{self.label("site.choose_municipality")}</p>'
                     f'<ul class="towns">{towns}</ul></section>')
        return self.page(path, self.plain(f"{stage}.title"), "\n".join(parts),
                         crumbs=[(urls.relative(path, urls.language_index(self.code)),
                                  self.label("site.what_received"))],
                         italian=urls.stage_page(MASTER, stage))

    def contacts(self, stage: str, municipality: Municipality, first: list[ContactCard], others: list[ContactCard],
                 help_url: str, writer: CardWriter) -> str:
        path = urls.contacts_page(self.code, stage, municipality.istat_code)
        stage_link = urls.relative(path, urls.stage_page(self.code, stage))
        title = self.label("label.referents_title", municipality.name)
        # what the QR on page 1 opens: the act, what to do now, whom to call; the whole leaflet one link away
        said = "".join(f"<p{attrs}>{html}</p>" for html, attrs in
                       (self.para(b.key, municipality.name) for b in self.content.blocks(stage)
                        if b.kind not in ("title", "box", "deadline", "step") and self.per_municipality(b.key)))
        # the act's name leads to the whole leaflet of the stage (as the breadcrumb does)
        parts = [f'<p class="kicker"><a href="{escape(stage_link)}">{self.label(f"{stage}.title")}</a></p>',
                 f"<h1>{title}</h1>", self.action_box(stage, municipality.name, anchor=False),
                 f'<h2 id="contatti">{self.label("label.call_first")}</h2>', said,
                 f'<div class="cards">{"".join(writer.card(c) for c in first)}</div>']
        if others:
            parts.append(f'<h2>{self.label("label.other_contacts")}</h2>'
                         f'<div class="cards two">{"".join(writer.card(c) for c in others)}</div>')
        if help_url:
            parts.append(f'<p class="go"><a class="addr" href="{escape(help_url)}">'
                         f'{self.label("label.qr_municipality")}</a></p>')
        return self.page(path, self.plain("label.referents_title", municipality.name), "\n".join(parts),
                         crumbs=[(urls.relative(path, urls.language_index(self.code)), self.label("site.what_received")),
                                 (stage_link, self.label(f"{stage}.title"))],
                         italian=urls.contacts_page(MASTER, stage, municipality.istat_code))


def root_index(content: Content, footer: Footer, demo: bool) -> str:
    """The site's first page (``index.html``): every language as on the language card, same order, same keys."""
    italian = content.language(MASTER)
    pages = LanguagePages(content, italian, set(), footer, demo)
    items = []
    for lang in content.languages:
        native = escape(lang.native_name, quote=False)
        name = "" if lang.native_name.casefold() == lang.italian_name.casefold() else \
            f'<span class="it-name">{escape(lang.italian_name, quote=False)}</span>'
        prompt = ""
        text, fell_back = content.text(lang.code, "site.choose_language")
        if not fell_back and lang.code != MASTER:
            prompt = f'<span class="prompt">{escape(text, quote=False)}</span>'
        items.append(f'<li><a href="{escape(urls.language_index(lang.code))}" hreflang="{bcp47(lang.code)}">'
                     f'<span class="key" aria-hidden="true">{escape(lang.key)}</span>'
                     f'<span class="names"><span class="native" lang="{bcp47(lang.code)}" dir="{lang.direction}">'
                     f'{native}</span>{name}'
                     + (f'<span lang="{bcp47(lang.code)}" dir="{lang.direction}">{prompt}</span>' if prompt else "")
                     + "</span></a></li>")
    main = (f'<h1>{pages.label("site.title")}</h1>\n<h2>{pages.label("site.choose_language")}</h2>\n'
            f'<ul class="langs">{"".join(items)}</ul>')
    return pages.page(urls.INDEX, pages.plain("site.choose_language"), main)


__all__ = ["Footer", "LanguagePages", "Municipality", "bcp47", "root_index"]
