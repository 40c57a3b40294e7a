"""Leaflet packs: content catalogs (gettext), fonts, pack composition and PDF rendering. Qt-free."""
