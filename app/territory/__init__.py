"""Municipalities and Ambiti of the Città Metropolitana di Milano."""

from app.territory.lookup import Territory, normalize

__all__ = ["Territory", "normalize"]
