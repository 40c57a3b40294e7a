"""Storage: engine, sessions, migrations. Knows no feature."""
