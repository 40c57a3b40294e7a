"""Signed sync: bundles, signatures, fetch, apply, publish.

A published version is a *bundle*: ``manifest.json`` (format, sequence,
issued/expiry times, key id, publisher, size and SHA-256 of every file),
``manifest.sig`` (Ed25519 over the exact manifest bytes) and the data files.
Nothing here imports Qt; the CLI, the view and the tests drive it directly.
"""
