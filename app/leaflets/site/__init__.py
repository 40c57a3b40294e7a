"""The leaflets as a static web site for the UNEP portal (issue 19), reached from the QR code on page 1 of a pack.

``urls.py`` (light: the pack asks it for its QR link), ``text.py`` (paragraphs as HTML, Italian words marked),
``cards_html.py`` (the card model as HTML), ``pages.py``, ``style.py``, ``fonts.py`` (subsets of the bundled fonts),
``export.py`` (build in memory, then write safely, with a manifest of what was written).
"""
