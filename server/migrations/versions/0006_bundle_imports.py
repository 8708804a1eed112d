"""the newest sync bundle (USB stick) imported from each device, so an older one is refused

Revision ID: 0006
Revises: 0003 (to become 0005 when the revisions made beside this one are merged)
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "bundle_imports",
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
    )
