"""each device's bundle signing key (public half): a copy of the database can no longer forge a
device's sync bundle; devices enrolled before register theirs at their next network sync

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("devices") as devices:
        devices.add_column(sa.Column("signing_key", sa.String(length=44), nullable=True))
