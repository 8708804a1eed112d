"""what each batch held: its digest (a batch id sent again with other content is refused), each
change's place in the device's log with its digest (a laptop restored from a backup learns which of
its changes the server already has) and the changes it refused (so that such a laptop lists them
again), and when a device first used its token (an enrollment retried after that is refused)

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("batches") as batch:
        batch.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("received", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("last_seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("refused", sa.JSON(), nullable=True))
    with op.batch_alter_table("devices") as devices:
        devices.add_column(sa.Column("token_used_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_batches_device_last_seq", "batches", ["device_id", "last_seq"])
