"""Importing a volunteer roster (志愿者花名册) from Excel: checked first, saved only when confirmed.

``check_roster`` reads the sheet once, row by row (openpyxl's read-only mode), and keeps each good
row in a small encrypted scratch file, so memory stays flat however long the roster is; the
report names every bad row with its column, value and reason. ``RosterCheck.import_valid``
then saves the good rows in one transaction: all of them or, on a cancel or a failure, none::

    checked = check_roster(store, session, path, today=date(2026, 3, 5))
    for problem in checked.problems:
        print(problem.row, problem.column, problem.value, problem.zh)
    if person_confirms:
        checked.import_valid(store)
    checked.close()

A volunteer whose ID number is a resident's is linked to that resident; an ID number already on a
volunteer, or twice in the file, is a duplicate person.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from pathlib import Path
from uuid import UUID
from zipfile import BadZipFile

import openpyxl
import sqlcipher3
from openpyxl.utils.exceptions import InvalidFileException

from app.errors import InvalidValue
from app.models import Volunteer, VolunteerTeam
from app.services.roster_rows import (
    COLUMN_NAMES,
    HEADER_SEARCH_ROWS,
    ID_NUMBER,
    NAME,
    PHONE,
    TEAM,
    VILLAGE,
    Columns,
    Problem,
    RosterRules,
    find_columns,
    is_blank,
)
from app.services.session import Session
from app.store import Store

# Progress is reported, and a cancel noticed, every so many rows.
PROGRESS_EVERY = 500
# Rows written to the scratch file per statement.
STAGE_BATCH = 1000

Progress = Callable[[int, int], None]


class RosterUnreadable(InvalidValue):
    """The chosen file is not an Excel workbook openpyxl can read."""


@dataclass
class RosterCheck:
    """What a check found. Holds the good rows in its scratch file until closed."""

    path: Path
    author: str
    rows: int = 0
    valid: int = 0
    problems: list[Problem] = field(default_factory=list)
    _scratch: sqlcipher3.Connection | None = field(default=None, repr=False)
    _scratch_path: Path | None = field(default=None, repr=False)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})

    def import_valid(self, store: Store, *, progress: Progress | None = None) -> int:
        """Save every good row in one transaction; a cancel raised by ``progress`` saves none."""
        if self._scratch is None:
            raise InvalidValue("roster_closed", "这次检查已结束，请重新检查文件。", "Check the file again.")
        cursor = self._scratch.execute("SELECT values_json FROM staged ORDER BY row")
        total = self.valid

        def volunteers() -> Iterator[Volunteer]:
            for done, (text,) in enumerate(cursor, start=1):
                yield Volunteer.model_validate({**json.loads(text), "author": self.author})
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, total)

        saved = store.save_all(volunteers())
        if progress is not None:
            progress(saved, total)
        return saved

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.close()
            self._scratch = None
        if self._scratch_path is not None:
            self._scratch_path.unlink(missing_ok=True)
            self._scratch_path = None


def _open_scratch() -> tuple[sqlcipher3.Connection, Path]:
    """A throwaway database under a key that lives only in this process: ID numbers waiting for
    the person's confirmation never sit on disk readable."""
    handle, name = tempfile.mkstemp(prefix="tongxin-roster-", suffix=".db")
    os.close(handle)
    conn = sqlcipher3.connect(name, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA temp_store = FILE")
    conn.execute("CREATE TABLE staged (row INTEGER PRIMARY KEY, values_json TEXT NOT NULL)")
    conn.execute("CREATE TABLE seen (id_number TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID")
    return conn, Path(name)


def _rules(store: Store, session: Session, today: date) -> RosterRules:
    villages = {code: code for code in session.grids} | {name: code for code, name in session.names.items()}
    teams = {team.name: str(team.id) for team in store.find(VolunteerTeam) if team.grid in session.grids}
    only = session.grids[0] if len(session.grids) == 1 else None
    return RosterRules(villages=villages, teams=teams, today=today, default_village=only)


def _rows(path: Path) -> tuple[openpyxl.Workbook, Iterator[tuple[object, ...]], int]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise RosterUnreadable(
            "roster_unreadable",
            f"无法读取Excel文件（{path.name}），请确认它是 .xlsx 格式。",
            f"Cannot read the Excel file {path.name}; is it .xlsx?",
        ) from exc
    sheet = workbook.worksheets[0]
    return workbook, sheet.iter_rows(values_only=True), sheet.max_row or 0


def check_roster(
    store: Store, session: Session, path: Path, *, today: date, progress: Progress | None = None
) -> RosterCheck:
    """Read and check every row; nothing is saved. ``progress(done, total)`` may raise to cancel,
    and the scratch file is removed then."""
    rules = _rules(store, session, today)
    workbook, rows, total = _rows(path)
    scratch, scratch_path = _open_scratch()
    checked = RosterCheck(path, session.username, _scratch=scratch, _scratch_path=scratch_path)
    try:
        head = list(islice(rows, HEADER_SEARCH_ROWS))
        columns = find_columns(head)
        body = chain(head[columns.header_end :], rows)
        batch: list[tuple[int, str]] = []
        for number, cells in enumerate(body, start=columns.header_end + 1):
            if not is_blank(cells):
                checked.rows += 1
                values = _checked_values(store, scratch, checked, rules, columns, number, cells)
                if values is not None:
                    batch.append((number, json.dumps(values, ensure_ascii=False)))
            if len(batch) >= STAGE_BATCH:
                _stage(scratch, batch)
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number, total)
        _stage(scratch, batch)
        checked.valid = scratch.execute("SELECT count(*) FROM staged").fetchone()[0]
        if progress is not None:
            progress(total, total)
    except BaseException:
        checked.close()
        raise
    finally:
        workbook.close()
    return checked


def _stage(scratch: sqlcipher3.Connection, batch: list[tuple[int, str]]) -> None:
    scratch.executemany("INSERT INTO staged (row, values_json) VALUES (?, ?)", batch)
    batch.clear()


def _checked_values(
    store: Store,
    scratch: sqlcipher3.Connection,
    checked: RosterCheck,
    rules: RosterRules,
    columns: Columns,
    number: int,
    cells: tuple[object, ...],
) -> dict[str, object] | None:
    """The volunteer's values for a good row; a bad row's problems go on the report."""
    row = rules.check(number, columns, cells)
    id_number = row.values.get(ID_NUMBER)
    if id_number:
        _check_duplicate(store, scratch, row.problems, number, id_number)
    if row.problems:
        checked.problems.extend(row.problems)
        return None
    resident = _resident_with(store, id_number) if id_number else None
    return {
        "grid": row.values[VILLAGE],
        "name": row.values[NAME],
        "phone": row.values[PHONE],
        "id_number": id_number,
        "team_id": row.values[TEAM],
        "resident_id": resident,
    }


def _check_duplicate(
    store: Store, scratch: sqlcipher3.Connection, problems: list[Problem], number: int, id_number: str
) -> None:
    column = COLUMN_NAMES[ID_NUMBER][0]
    earlier = scratch.execute("SELECT row FROM seen WHERE id_number = ?", [id_number]).fetchone()
    if earlier is not None:
        problems.append(
            Problem(
                number,
                column,
                id_number,
                f"与第{earlier[0]}行是同一人（身份证号相同）。",
                f"The same person as row {earlier[0]} (same ID number).",
            )
        )
        return
    scratch.execute("INSERT INTO seen (id_number, row) VALUES (?, ?)", [id_number, number])
    known = store.db.execute(
        "SELECT name FROM volunteers WHERE id_number = ? AND deleted = 0 LIMIT 1", [id_number]
    ).fetchone()
    if known is not None:
        problems.append(
            Problem(
                number,
                column,
                id_number,
                f"已登记为志愿者（{known[0]}），不能重复登记。",
                f"Already registered as a volunteer ({known[0]}).",
            )
        )


def _resident_with(store: Store, id_number: str) -> str | None:
    found = store.db.execute(
        "SELECT id FROM residents WHERE id_number = ? AND deleted = 0 LIMIT 1", [id_number]
    ).fetchone()
    return str(UUID(found[0])) if found else None
