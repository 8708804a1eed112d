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
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import openpyxl
import sqlcipher3
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import ValidationError

from app.errors import InvalidValue
from app.models import Volunteer
from app.models.checks import STORED
from app.services.importing import field_errors
from app.services.roster_rows import (
    COLUMN_NAMES,
    HEADER_SEARCH_ROWS,
    ID_NUMBER,
    NAME,
    PHONE,
    TEAM,
    VILLAGE,
    CheckedRow,
    Problem,
    RosterRules,
    find_columns,
    is_blank,
)
from app.services.session import Session
from app.services.volunteering import teams_for
from app.store import Store, scope

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
    # The sheet row the header band ends on: the report puts its 问题 column there.
    header_end: int = 0
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
                # Checked as input when the file was checked; loaded now as it was staged.
                yield Volunteer.model_validate_json(text, context=STORED)
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, total)

        saved = store.add_all(volunteers())
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
    villages, ambiguous = _village_names(store, session)
    # The teams the volunteer form offers: the person's grids' and their township's.
    teams = {team.name: str(team.id) for team in teams_for(store, session)}
    only = session.grids[0] if len(session.grids) == 1 else None
    return RosterRules(villages=villages, teams=teams, today=today, default_village=only, ambiguous=ambiguous)


def _village_names(store: Store, session: Session) -> tuple[dict[str, str], dict[str, list[str]]]:
    """How a roster may name each of the person's grids: its code, its label, and its plain name
    where no other grid of theirs has it. The label says 额尔敦嘎查（宝力根苏木） because another
    township somewhere has an 额尔敦嘎查 too; a worker whose only village it is writes 额尔敦嘎查.
    A plain name shared among their own grids maps to the labels to choose from."""
    mine = set(session.grids)
    villages = {code: code for code in mine}
    villages |= {label: code for code, label in session.names.items() if code in mine}
    by_name: dict[str, list[str]] = {}
    for code, name, _parent, _level in scope.known_grids(store.db):
        if code in mine:
            by_name.setdefault(name, []).append(code)
    ambiguous: dict[str, list[str]] = {}
    for name, codes in by_name.items():
        if len(codes) == 1:
            villages.setdefault(name, codes[0])
        elif name not in villages:
            ambiguous[name] = sorted(session.names.get(code, code) for code in codes)
    return villages, ambiguous


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
    return workbook, sheet.iter_rows(values_only=True), _declared_rows(workbook, sheet)


_HEAD_BYTES = 16_384
# <dimension ref="A1:F100003"/>, before the sheet's data when a file has it (Excel and WPS write it).
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"')


def _declared_rows(workbook: Any, sheet: Any) -> int:
    """How many rows the sheet says it has, for the progress bar; 0 (the bar stays busy) where it
    does not say. openpyxl's ``max_row`` reads the whole sheet to learn that a file does not say
    (openpyxl's own write-only files): a tenth of an import, before the import began."""
    with workbook._archive.open(sheet._worksheet_path) as source:  # the sheet's XML, as openpyxl opens it
        head = source.read(_HEAD_BYTES)
    found = _DIMENSION.search(head.split(b"<sheetData", 1)[0])
    return int(found.group(1)) if found else 0


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
        checked.header_end = columns.header_end
        body = chain(head[columns.header_end :], rows)
        pending: list[CheckedRow] = []
        for number, cells in enumerate(body, start=columns.header_end + 1):
            if not is_blank(cells):
                checked.rows += 1
                pending.append(rules.check(number, columns, cells))
            if len(pending) >= STAGE_BATCH:
                _settle(store, scratch, checked, pending)
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number, total)
        _settle(store, scratch, checked, pending)
        checked.valid = scratch.execute("SELECT count(*) FROM staged").fetchone()[0]
        if progress is not None:
            progress(total, total)
    except BaseException:
        checked.close()
        raise
    finally:
        workbook.close()
    return checked


def _matching(db: Any, sql: str, id_numbers: list[str]) -> dict[str, Any]:
    return dict(db.execute(sql, [json.dumps(id_numbers)]).fetchall())


_IN_BATCH = "id_number IN (SELECT value FROM json_each(?))"


def _settle(
    store: Store, scratch: sqlcipher3.Connection, checked: RosterCheck, batch: list[CheckedRow]
) -> None:
    """Judge a batch of checked rows against the file so far (the same ID number earlier) and the
    database (already a volunteer; a resident to link), then stage the good ones: a few
    statements per thousand rows instead of a few per row."""
    id_numbers = [row.values[ID_NUMBER] for row in batch if row.values.get(ID_NUMBER)]
    earlier = _matching(scratch, f"SELECT id_number, row FROM seen WHERE {_IN_BATCH}", id_numbers)
    volunteers = _matching(
        store.db, f"SELECT id_number, name FROM volunteers WHERE deleted = 0 AND {_IN_BATCH}", id_numbers
    )
    residents = _matching(
        store.db, f"SELECT id_number, id FROM residents WHERE deleted = 0 AND {_IN_BATCH}", id_numbers
    )
    seen: list[tuple[str, int]] = []
    staged: list[tuple[int, str]] = []
    for row in batch:
        id_number = row.values.get(ID_NUMBER)
        if id_number:
            row.problems += _duplicates(row.row, id_number, earlier.get(id_number), volunteers.get(id_number))
            if id_number not in earlier:
                earlier[id_number] = row.row
                seen.append((id_number, row.row))
        if row.problems:
            checked.problems += row.problems
            continue
        volunteer = _volunteer(checked, row, residents.get(id_number) if id_number else None)
        if volunteer is not None:
            staged.append((row.row, volunteer.model_dump_json()))
    scratch.execute("BEGIN")
    scratch.executemany("INSERT INTO seen (id_number, row) VALUES (?, ?)", seen)
    scratch.executemany("INSERT INTO staged (row, values_json) VALUES (?, ?)", staged)
    scratch.execute("COMMIT")
    batch.clear()


def _volunteer(checked: RosterCheck, row: CheckedRow, resident: str | None) -> Volunteer | None:
    """The row as a volunteer, validated as input by the model itself (every rule it has, the
    roster's own checks above being the ones that name the column)."""
    values = {
        "grid": row.values[VILLAGE],
        "author": checked.author,
        "name": row.values[NAME],
        "phone": row.values[PHONE],
        "id_number": row.values[ID_NUMBER],
        "team_id": row.values[TEAM],
        "resident_id": resident,
    }
    try:
        return Volunteer.model_validate(values)
    except ValidationError as bad:
        zh, en = field_errors(bad)
        checked.problems.append(Problem(row.row, "", "", zh, en))
        return None


def _duplicates(number: int, id_number: str, earlier: int | None, volunteer: str | None) -> list[Problem]:
    column = COLUMN_NAMES[ID_NUMBER][0]
    if earlier is not None:
        return [
            Problem(
                number,
                column,
                id_number,
                f"与第{earlier}行是同一人（身份证号相同）。",
                f"The same person as row {earlier} (same ID number).",
            )
        ]
    if volunteer is not None:
        return [
            Problem(
                number,
                column,
                id_number,
                f"已登记为志愿者（{volunteer}），不能重复登记。",
                f"Already registered as a volunteer ({volunteer}).",
            )
        ]
    return []


REPORT_FILL = PatternFill("solid", fgColor="FFC7CE")


def write_report(checked: RosterCheck, target: Path, *, progress: Progress | None = None) -> int:
    """The roster as it was read, each bad row filled red with its reasons in a last 问题 column,
    so the person fixes the file where they keep it. Streams both files; returns the bad rows."""
    reasons: dict[int, list[str]] = {}
    for problem in checked.problems:
        reasons.setdefault(problem.row, []).append(
            f"{problem.column}：{problem.zh}" if problem.column else problem.zh
        )
    workbook, rows, total = _rows(checked.path)
    report = Workbook(write_only=True)
    sheet = report.create_sheet("检查结果")
    try:
        width = 0  # rows read back without their empty last cells: the 问题 column goes after the widest
        for number, cells in enumerate(rows, start=1):
            values: list[Any] = list(cells)  # what openpyxl read: text, numbers, dates, None
            width = max(width, len(values))
            if number == checked.header_end or number in reasons:
                values += [None] * (width - len(values))
            if number == checked.header_end:
                values.append("问题")
            elif number in reasons:
                marked = [
                    WriteOnlyCell(sheet, value=value) for value in [*values, "；".join(reasons[number])]
                ]
                for cell in marked:
                    cell.fill = REPORT_FILL
                values = list(marked)
            sheet.append(values)
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number, total)
    finally:
        workbook.close()
    partial = target.with_name(target.name + ".part")
    report.save(partial)
    partial.replace(target)
    return len(reasons)
