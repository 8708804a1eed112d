"""attachments share the scope of the records that list them; uploads in progress are per device

Revision ID: 0003
Revises: 0002
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "attachment_refs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "entity", "record_id"),
    )
    op.create_index("ix_attachment_refs_record", "attachment_refs", ["entity", "record_id"])
    op.create_table(
        "attachment_uploads",
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "sha256"),
    )
    conn = op.get_bind()
    listed = conn.execute(
        sa.text("SELECT entity, record_id, value FROM field_state WHERE field = 'attachments'")
    ).all()
    rows = []
    for entity, record_id, value in listed:
        shas = json.loads(value) if isinstance(value, str) else value
        rows += [
            {"sha256": sha, "entity": entity, "record_id": record_id} for sha in dict.fromkeys(shas or [])
        ]
    if rows:
        conn.execute(
            sa.text(
                "INSERT INTO attachment_refs (sha256, entity, record_id)"
                " VALUES (:sha256, :entity, :record_id)"
            ),
            rows,
        )
    # Unfinished uploads of the old shared kind start again, each device on its own.
    conn.execute(sa.text("DELETE FROM attachments WHERE NOT complete"))
