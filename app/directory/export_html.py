"""A static HTML page of the directory for the UNEP portal.

Self-contained (styles and the small search script are inline, no external
asset), accessible (landmarks, a caption, column headers with scope, a
labelled search field, contrast above WCAG AA), searchable in the browser
without a server, and printable (the search field is hidden on paper). Only
entries in force today and not retired are published.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from sqlalchemy.orm import Session

from app.directory.contacts import display_phone
from app.directory.hours import format_hours
from app.directory.kinds import KIND_ORDER, kind_label
from app.directory.resolve import directory_version
from app.directory.store import all_entries
from app.safe_output import write_output
from app.territory import Territory, normalize

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#1a1a1a;background:#fff;margin:0;
line-height:1.45}
header,main,footer{padding:0 1.5rem}
header{border-bottom:3px solid #1d3f72}
h1{font-size:1.6rem;margin:1rem 0 .3rem;color:#1d3f72}
.search{margin:1rem 0}
label{font-weight:600;display:block;margin-bottom:.3rem}
input[type=search]{font-size:1rem;padding:.5rem;width:min(36rem,100%);border:2px solid #555;border-radius:4px}
input[type=search]:focus{outline:3px solid #f2b400;outline-offset:1px}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{border:1px solid #8a8a8a;padding:.35rem .5rem;vertical-align:top;text-align:left}
thead th{background:#1d3f72;color:#fff}
tbody tr:nth-child(even){background:#f1f4f8}
a{color:#0b4f9c}
.demo{display:inline-block;background:#7a3300;color:#fff;font-size:.75rem;padding:0 .3rem;border-radius:3px}
.note{color:#333}
@media print{.search,#count{display:none}thead th{background:#fff;color:#000}a{color:#000;text-decoration:none}
tr{break-inside:avoid}}
"""

_SCRIPT = """
(function(){
  var box=document.getElementById('q'),rows=document.querySelectorAll('#referenti tbody tr'),
      count=document.getElementById('count');
  function norm(t){return t.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').toLowerCase();}
  var keys=[];rows.forEach(function(r){keys.push(norm(r.textContent)+' '+(r.getAttribute('data-digits')||''));});
  function apply(){
    var q=norm(box.value).trim().split(/\\s+/).filter(Boolean),shown=0;
    rows.forEach(function(r,i){var ok=q.every(function(w){return keys[i].indexOf(w)>=0;});
      r.hidden=!ok;if(ok)shown++;});
    count.textContent=shown+' voci su '+rows.length;
  }
  box.addEventListener('input',apply);apply();
})();
"""


def _list(items: list[str]) -> str:
    return "<br>".join(items)


def render_html(entries: list[dict], territory: Territory, version: str, today: date, office: str = "") -> str:
    def town(code: str) -> str:
        m = territory.by_code(code)
        return m.name if m else code

    def in_force(e: dict) -> bool:
        return not e["retired"] and (e["valid_from"] is None or e["valid_from"] <= today) and (
            e["valid_to"] is None or today <= e["valid_to"])

    shown = sorted((e for e in entries if in_force(e)),
                   key=lambda e: (KIND_ORDER.get(e["kind"], 99), normalize(e["institution"]), normalize(e["name"])))
    rows = []
    for e in shown:
        area = ("Città metropolitana (tutti i comuni)" if e["scope_level"] == "metro"
                else "Ambito " + ", ".join(e["ambiti"]) if e["scope_level"] == "ambito"
                else "Circondario del Tribunale di " + ", ".join(e["tribunali"]) if e["scope_level"] == "tribunale"
                else ", ".join(town(c) for c in e["municipalities"]))
        phones = [display_phone(p) for p in e["phones"]]
        phone_html = _list([f'<a href="tel:{escape(p)}">{escape(display_phone(p))}</a>' for p in e["phones"]])
        mails = [f'<a href="mailto:{escape(m)}">{escape(m)}</a>' for m in e["emails"]]
        mails += [f'PEC <a href="mailto:{escape(m)}">{escape(m)}</a>' for m in e["pecs"]]
        site = f'<br><a href="{escape(e["website"])}">{escape(e["website"])}</a>' if e["website"] else ""
        demo = ' <span class="demo">DEMO</span>' if e["is_demo"] else ""
        verified = e["last_verified"].strftime("%d/%m/%Y") if e["last_verified"] else "-"
        digits = " ".join(p.replace(" ", "") for p in phones)
        rows.append(
            f'<tr data-uid="{escape(e["uid"])}" data-digits="{escape(digits)}">'
            f'<td>{escape(kind_label(e["kind"]))}<br><span class="note">{escape(e["service"])}</span></td>'
            f'<td>{escape(e["institution"])}</td>'
            f'<th scope="row">{escape(e["name"])}{demo}<br><span class="note">{escape(e["role"])}</span></th>'
            f"<td>{phone_html}</td><td>{_list(mails)}{site}</td>"
            f'<td>{escape(format_hours(e["hours"], e["hours_note"]))}</td><td>{escape(e["address"])}</td>'
            f"<td>{escape(area)}</td><td>{verified}</td></tr>"
        )
    any_demo = any(e["is_demo"] for e in shown)
    demo_note = ('<p><strong>Attenzione: questa rubrica contiene dati dimostrativi (DEMO), non reali.</strong></p>'
                 if any_demo else "")
    return f"""<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rubrica dei referenti - Protocollo fragilità ed esecuzioni di rilascio</title>
<style>{_STYLE}</style>
</head>
<body>
<header>
<h1>Rubrica dei referenti</h1>
<p>Protocollo d'intesa per la gestione delle esecuzioni di rilascio di immobili ad uso abitativo
 nei confronti di persone in condizione di fragilità (art. 3).{(' ' + escape(office)) if office else ''}</p>
{demo_note}
</header>
<main>
<div class="search" role="search">
<label for="q">Cerchi per nome, ente, servizio, comune o numero di telefono</label>
<input type="search" id="q" autocomplete="off" aria-controls="referenti" aria-describedby="count">
<p id="count" aria-live="polite"></p>
</div>
<table id="referenti">
<caption>{len(shown)} referenti in vigore al {today.strftime('%d/%m/%Y')}</caption>
<thead><tr><th scope="col">Servizio</th><th scope="col">Ente</th><th scope="col">Referente</th>
<th scope="col">Telefono</th><th scope="col">E-mail, PEC e sito</th><th scope="col">Orari</th>
<th scope="col">Indirizzo</th><th scope="col">Territorio</th><th scope="col">Verificato il</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</main>
<footer><p>Versione dei dati {escape(version or '-')}, pubblicata il {today.strftime('%d/%m/%Y')}.</p></footer>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def export_html(session: Session, path: Path, today: date | None = None, office: str = "") -> int:
    entries = all_entries(session)
    text = render_html(entries, Territory.load(session), directory_version(session), today or date.today(), office)
    write_output(path, text.encode("utf-8"))
    return text.count("<tr data-uid=")
