"""The referent directory: who to call, for every municipality (Qt-free)."""
