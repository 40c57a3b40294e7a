"""Statistics: keep the day of recording, not its time, and no workstation code that can be traced to a name.

Revision ID: 0304_stats_day_workstation
Revises: 0303_stats_record_keys

Until now every event kept its recording time to the microsecond and an unkeyed hash
of the computer's name (which anyone could recompute from a list of office computer
names). The counts need neither (issue 15). Stored events keep the day of recording
(events of today keep their time for a few minutes more, so that a mistake can still
be taken back), and each stored workstation code is replaced by a random one, the
same for all events of one workstation in this database. New events get keyed codes
(``Config.workstation``) and leave a workstation with the day only.
"""

import secrets
from datetime import UTC, datetime, time

from alembic import op
import sqlalchemy as sa

revision = "0304_stats_day_workstation"
down_revision = "0303_stats_record_keys"
branch_labels = None
depends_on = None

TABLES = ("stats_delivery", "stats_outcome", "stats_scheduled_access")


def upgrade() -> None:
    bind = op.get_bind()
    today = datetime.combine(datetime.now(UTC).date(), time())
    codes: dict[str, str] = {}
    for name in TABLES:
        t = sa.table(name, sa.column("id", sa.String), sa.column("recorded_at", sa.DateTime),
                     sa.column("workstation", sa.String))
        for (old,) in bind.execute(sa.select(t.c.workstation).distinct()):
            new = codes.setdefault(old, secrets.token_hex(6))
            bind.execute(sa.update(t).where(t.c.workstation == old).values(workstation=new))
        rows = bind.execute(sa.select(t.c.id, t.c.recorded_at).where(t.c.recorded_at < today)).all()
        update = sa.update(t).where(t.c.id == sa.bindparam("b_id")).values(recorded_at=sa.bindparam("b_at"))
        changed = [{"b_id": i, "b_at": datetime.combine(at.date(), time())} for i, at in rows
                   if at != datetime.combine(at.date(), time())]
        for start in range(0, len(changed), 5000):
            bind.execute(update, changed[start:start + 5000])


def downgrade() -> None:
    pass  # times and names are gone by design: nothing to restore
