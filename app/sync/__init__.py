"""Signed sync: bundles, signatures, fetch, apply, publish.

A published version is a *bundle*: ``manifest.json`` (format, sequence,
issued/expiry times, key id, publisher, size and SHA-256 of every file),
``manifest.sig`` (Ed25519 over the exact manifest bytes) and the data files.
Nothing here imports Qt; the CLI, the view and the tests drive it directly.

Why not The Update Framework (python-tuf): TUF's separate root/targets/
snapshot/timestamp roles add threshold signing, key revocation signed by the
root and a short-lived timestamp that bounds freeze attacks to hours. Here one
publisher signs one small manifest for one set of files, trust is rooted in the
machine-wide config IT manages (rotation and revocation happen there), and the
manifest already stops tampering (Ed25519 over the exact bytes, SHA-256 and size
of every file), rollback (sequence above the highest ever accepted, kept even
after a restore), mix-and-match (one manifest pins every file of the version),
endless data (signed sizes, hard limits, a deadline for the whole check) and
makes freeze visible (expires_at: the data stays in use with a warning). What
we give up: threshold signatures and a compromised-key recovery without IT.
"""
