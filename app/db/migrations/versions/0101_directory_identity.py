"""Directory: a referent can be listed only once (identity_key, UNIQUE); earlier duplicates are retired.

Revision ID: 0101_directory_identity
Revises: 0100_directory

Two imports of the same spreadsheet at once added every new referent twice
(issue 12). The identity of an entry is its institution + service + name,
ignoring case, accents and punctuation (see app/directory/identity.py): each
entry that is not retired stores a digest of it, under a UNIQUE constraint;
retired entries store NULL.

A database may already hold the same referent twice. The migration does not
delete anything: of each group it keeps the entry changed last active and
*retires* the others (they leave the packs, keep their history, and can be
brought back from the directory), records a revision for each, and leaves a
notice that the next start shows the user (``app_meta`` key
``notice.0101_directory_identity``) and writes to the log.

Hand-written; the normalization is repeated here as it was at this revision
(app.territory.normalize), so a later change there cannot change what this
migration did.
"""

from alembic import op
import sqlalchemy as sa

import hashlib
import logging
import re
import unicodedata
from datetime import UTC, datetime

revision = "0101_directory_identity"
down_revision = "0100_directory"
branch_labels = None
depends_on = None

log = logging.getLogger("raccordo.migration")
NOTICE_KEY = "notice.0101_directory_identity"


def _normalize(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", stripped).strip()


def _key(institution, service, name):
    text = "\x1f".join(_normalize(t) for t in (institution, service, name))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


referent = sa.table(
    "directory_referent",
    sa.column("id", sa.Integer), sa.column("uid", sa.String), sa.column("service_id", sa.Integer),
    sa.column("name", sa.String), sa.column("role", sa.String), sa.column("phones", sa.JSON),
    sa.column("emails", sa.JSON), sa.column("pecs", sa.JSON), sa.column("website", sa.String),
    sa.column("address", sa.String), sa.column("hours", sa.JSON), sa.column("hours_note", sa.String),
    sa.column("languages", sa.JSON), sa.column("scope_level", sa.String), sa.column("valid_from", sa.Date),
    sa.column("valid_to", sa.Date), sa.column("last_verified", sa.Date), sa.column("source", sa.String),
    sa.column("is_demo", sa.Boolean), sa.column("retired", sa.Boolean), sa.column("updated_at", sa.DateTime),
    sa.column("updated_by", sa.String), sa.column("identity_key", sa.String),
)
service = sa.table("directory_service", sa.column("id", sa.Integer), sa.column("institution_id", sa.Integer),
                   sa.column("name", sa.String), sa.column("kind", sa.String))
institution = sa.table("directory_institution", sa.column("id", sa.Integer), sa.column("name", sa.String))
scope = sa.table("directory_scope", sa.column("referent_id", sa.Integer), sa.column("kind", sa.String),
                 sa.column("value", sa.String))
revision_table = sa.table(
    "directory_revision", sa.column("referent_uid", sa.String), sa.column("at", sa.DateTime),
    sa.column("user", sa.String), sa.column("action", sa.String), sa.column("data", sa.JSON),
    sa.column("summary", sa.Text),
)
app_meta = sa.table("app_meta", sa.column("key", sa.String), sa.column("value", sa.Text))


def _entry(row, scopes):
    """The entry as revisions store it (the snapshot format), retired."""
    codes = sorted(v for k, v in scopes.get(row.id, ()) if k == "municipality")
    ambiti = sorted(v for k, v in scopes.get(row.id, ()) if k == "ambito")
    return {
        "uid": row.uid, "institution": row.institution, "service": row.service, "kind": row.kind,
        "name": row.name, "role": row.role, "phones": list(row.phones or []), "emails": list(row.emails or []),
        "pecs": list(row.pecs or []), "website": row.website, "address": row.address,
        "hours": list(row.hours or []), "hours_note": row.hours_note, "languages": list(row.languages or []),
        "scope_level": row.scope_level, "municipalities": codes, "ambiti": ambiti,
        "valid_from": row.valid_from.isoformat() if row.valid_from else None,
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
        "last_verified": row.last_verified.isoformat() if row.last_verified else None,
        "source": row.source, "is_demo": bool(row.is_demo), "retired": True,
    }


def upgrade() -> None:
    with op.batch_alter_table("directory_referent") as batch:
        batch.add_column(sa.Column("identity_key", sa.String(40), nullable=True))
    conn = op.get_bind()
    query = (sa.select(referent, service.c.name.label("service"), service.c.kind.label("kind"),
                       institution.c.name.label("institution"))
             .join(service, referent.c.service_id == service.c.id)
             .join(institution, service.c.institution_id == institution.c.id)
             .where(sa.not_(referent.c.retired))
             .order_by(referent.c.updated_at.desc(), referent.c.id.desc()))
    keep, duplicates = {}, []
    for row in conn.execute(query):
        key = _key(row.institution, row.service, row.name)
        if key in keep:
            duplicates.append((row, keep[key]))
        else:
            keep[key] = row
    for key, row in keep.items():
        conn.execute(referent.update().where(referent.c.id == row.id).values(identity_key=key))
    if duplicates:
        scopes = {}
        for referent_id, kind, value in conn.execute(sa.select(scope.c.referent_id, scope.c.kind, scope.c.value)):
            scopes.setdefault(referent_id, []).append((kind, value))
        now = datetime.now().replace(microsecond=0)
        labels = []
        for row, kept in duplicates:
            conn.execute(referent.update().where(referent.c.id == row.id)
                         .values(retired=True, identity_key=None, updated_at=now, updated_by="aggiornamento"))
            label = f"{row.name} ({row.institution}, {row.service})"
            conn.execute(revision_table.insert().values(
                referent_uid=row.uid, at=now, user="aggiornamento", action="retire", data=_entry(row, scopes),
                summary=f"{label}: ritirata perché doppia (resta attiva la voce {kept.uid})"))
            labels.append(f"{label} [{row.uid}]")
        notice = (f"Aggiornamento del database: {len(labels)} voci della rubrica erano doppie e sono state ritirate "
                  "(non cancellate; si possono ripristinare dalla rubrica): " + "; ".join(labels) + ".")
        log.warning("%s", notice)
        conn.execute(app_meta.delete().where(app_meta.c.key == NOTICE_KEY))
        conn.execute(app_meta.insert().values(key=NOTICE_KEY, value=notice))
        version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        conn.execute(app_meta.delete().where(app_meta.c.key == "directory.version"))
        conn.execute(app_meta.insert().values(key="directory.version", value=version))
    with op.batch_alter_table("directory_referent") as batch:
        batch.create_unique_constraint("uq_directory_referent_identity_key", ["identity_key"])


def downgrade() -> None:
    with op.batch_alter_table("directory_referent") as batch:
        batch.drop_constraint("uq_directory_referent_identity_key", type_="unique")
        batch.drop_column("identity_key")
    op.get_bind().execute(app_meta.delete().where(app_meta.c.key == NOTICE_KEY))
