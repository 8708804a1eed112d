"""Schema v10: an older version let a clock counter carry into a seventh digit: such stamps break
the wire's pattern, so the changes carrying them could never be sent. They are rewritten as the
carry should have made them (the overflow moves into the milliseconds), which keeps their order.

Frozen: this code and its SQL are as released; it imports nothing of today's app.
"""

from sqlcipher3.dbapi2 import Connection

STATEMENTS: tuple[str, ...] = ()


def _carried(stamp: str) -> str:
    wall, counter, device = stamp.split("-", 2)
    return f"{int(wall) + int(counter) // 1_000_000:015d}-{int(counter) % 1_000_000:06d}-{device}"


def transform(conn: Connection) -> None:
    for column in ("hlc", "base_hlc"):
        rows = conn.execute(
            f"SELECT seq, {column} FROM change_log"
            f" WHERE {column} IS NOT NULL AND substr({column}, 23, 1) != '-'"
        ).fetchall()
        for seq, stamp in rows:
            conn.execute(f"UPDATE change_log SET {column} = ? WHERE seq = ?", [_carried(stamp), seq])
    for key in ("hlc", "hlc_seen"):
        row = conn.execute(
            "SELECT value FROM meta WHERE key = ? AND substr(value, 23, 1) != '-'", [key]
        ).fetchone()
        if row:
            conn.execute("UPDATE meta SET value = ? WHERE key = ?", [_carried(row[0]), key])
