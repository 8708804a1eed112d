"""accounts get a key pair (public key, private key wrapped under the password) that devices
receive instead of the password hash; the hashes of accounts made before stay on the server only,
until IT renews the password (``tongxin-server user password``)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.alter_column(
            "password_hash",
            new_column_name="legacy_password_hash",
            existing_type=sa.String(length=200),
            nullable=True,
        )
        users.add_column(sa.Column("account_key", sa.JSON(), nullable=True))
