"""One workstation in its own process: record N deliveries into its outbox while pushing to PostgreSQL.

    python -m tests.stats.pg_worker DATA_DIR PG_URL N
Prints the number of events pushed. After the last push it forgets which events it pushed and pushes
again, as after a crash between the server's commit and the local note: the server must ignore them.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete


def main(data_dir: str, url: str, n: int) -> int:
    from app.stats.events import record_delivery
    from app.stats.models import Pushed
    from app.stats.office import local_sessions, push_events
    from tests.conftest import make_context

    ctx = make_context(Path(data_dir), db_url=url)
    local = local_sessions(ctx)
    codes = ["015146", "015070", "015002", "015005"]
    pushed = 0
    for i in range(n):
        with local.begin() as session:
            record_delivery(session, stage="accesso", istat_code=codes[i % 4], languages=["it", "ar"],
                            workstation=Path(data_dir).name, when=date(2026, 10, 1) + timedelta(days=i % 30))
        if i % 250 == 249:
            pushed += push_events(local, ctx.engine, min_age=timedelta(0)).pushed
    result = push_events(local, ctx.engine, min_age=timedelta(0))
    assert result.error is None and result.pending == 0, result
    pushed += result.pushed
    with local.begin() as session:
        session.execute(delete(Pushed))
    again = push_events(local, ctx.engine, min_age=timedelta(0))
    assert again.error is None and again.pending == 0
    print(pushed)
    ctx.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
