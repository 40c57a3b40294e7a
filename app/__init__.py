"""Raccordo: referents, leaflet packs and statistics for the Milan UNEP offices."""

__version__ = "0.1.0"
APP_NAME = "Raccordo"
