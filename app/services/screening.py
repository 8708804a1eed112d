"""Dispute screening (矛盾纠纷排查): a round per grid and period with what it found, or an explicit
nil report (零报告) — and the supervisor's view of which grids have filed neither.

A grid's period holds either findings or a nil report, never both: a nil report says "本期未发现矛盾
纠纷", which a finding in any overlapping period (half of that month, say) would contradict. A
finding becomes a dispute or an incident in one step, and names what it became, so the dispute or
incident leads back to its round::

    round = file_round(store, ScreeningRound(..., nil_report=True))          # 零报告
    file_round(store, ScreeningRound(...), [finding])                           # refused: nil filed
    dispute = turn_into_dispute(store, finding.id, by="worker101")
    finding_of(store, "disputes", dispute.id)                                   # → (finding, round)
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from uuid import UUID

from app.errors import InvalidValue
from app.models import (
    Dispute,
    Incident,
    IncidentCategory,
    RiskLevel,
    ScreeningFinding,
    ScreeningRound,
)
from app.services import grids
from app.services.disputes import register_dispute
from app.services.members import save_with_members
from app.services.session import Session
from app.store import Store

# A dispute made from a finding is titled by the finding's first words.
TITLE_CHARACTERS = 40


def month_of(day: date) -> tuple[date, date]:
    """The calendar month holding ``day``: its first and last day, the default screening period."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_words(start: date, end: date, language: str = "zh") -> str:
    """A period as people say it: 2026年12月 (2026-12) for a whole month, else its first and last day."""
    whole_month = (start, end) == month_of(start)
    if language.startswith("zh"):
        return f"{start.year}年{start.month}月" if whole_month else f"{start.isoformat()}至{end.isoformat()}"
    return f"{start:%Y-%m}" if whole_month else f"{start.isoformat()} – {end.isoformat()}"


def rounds_in(store: Store, grid: str, start: date, end: date) -> list[ScreeningRound]:
    """The grid's rounds whose period shares at least one day with ``start``..``end``: a round for
    03-01..03-15 speaks about March as much as one for the whole month does."""
    return store.find(
        ScreeningRound,
        "grid = ? AND period_start <= ? AND period_end >= ?",
        [grid, end.isoformat(), start.isoformat()],
        order_by="screened_on, created_at",
    )


def findings_of(store: Store, round_id: UUID | str) -> list[ScreeningFinding]:
    return store.find(ScreeningFinding, "round_id = ?", [str(round_id)], order_by="created_at")


def check_round(store: Store, round_: ScreeningRound, findings: int) -> None:
    """Refuse what would make the grid's period say two things, findings and 零报告; a form runs
    it as the worker types, the save runs it again in the transaction."""
    if round_.nil_report and findings:
        raise InvalidValue(
            "screening_nil_with_findings",
            "已登记排查发现的排查不能报为零报告。",
            "A round with findings cannot be filed as a nil report.",
        )
    if not round_.nil_report and not findings:
        raise InvalidValue(
            "screening_no_findings",
            "请至少登记一条排查发现；本期未发现矛盾纠纷的，请报零报告。",
            "Add at least one finding; if nothing was found, file a nil report.",
        )
    others = [
        r for r in rounds_in(store, round_.grid, round_.period_start, round_.period_end) if r.id != round_.id
    ]
    if round_.nil_report:
        same = [r for r in others if r.nil_report and _period(r) == _period(round_)]
        if same:
            raise InvalidValue(
                "screening_nil_twice",
                f"{_where(store, same[0])}已报过零报告，不需要重复上报。",
                "This grid has already filed a nil report for the period.",
            )
        found = [r for r in others if not r.nil_report]
        if found:
            raise InvalidValue(
                "screening_nil_after_findings",
                f"{_where(store, found[0])}已登记排查发现，不能再报零报告（本期未发现矛盾纠纷）。",
                "This grid has findings for an overlapping period; it cannot also file a nil report.",
            )
        return
    nil = [r for r in others if r.nil_report]
    if nil:
        raise InvalidValue(
            "screening_findings_after_nil",
            f"{_where(store, nil[0])}已报零报告（本期未发现矛盾纠纷），不能再登记排查发现；"
            "如有新情况，请先撤回零报告。",
            "This grid filed a nil report for an overlapping period; withdraw it before filing findings.",
        )


def _period(round_: ScreeningRound) -> tuple[date, date]:
    return round_.period_start, round_.period_end


def _where(store: Store, round_: ScreeningRound) -> str:
    """The village and period a refusal is about: the other round's, which may differ from the one typed."""
    return f"{grids.label(store, round_.grid)}{period_words(*_period(round_))}"


def file_round(
    store: Store,
    round_: ScreeningRound,
    findings: Sequence[ScreeningFinding] = (),
    *,
    removed: Sequence[ScreeningFinding] = (),
) -> ScreeningRound:
    """Save a screening round with its findings in one transaction (a nil report has none);
    ``removed`` findings of an edited round are taken off, unless already turned into a record.

    The caller's copies may be stale (a form opened before a finding was turned from the screen),
    so what a finding became is read from the store inside the transaction: a turned finding is
    never removed, and its link to the dispute or incident is kept whatever the copy says."""
    with store.transaction():
        stored = {str(f.id): f for f in findings_of(store, round_.id)}
        if any(_turned(stored.get(str(f.id))) for f in removed):
            raise InvalidValue(
                "finding_turned_kept",
                "已转为纠纷或事件的排查发现不能删除。",
                "A finding that became a dispute or an incident cannot be removed.",
            )
        kept = [_with_stored_links(f, stored.get(str(f.id))) for f in findings]
        gone = {str(f.id) for f in removed}
        remaining = (set(stored) - gone) | {str(f.id) for f in kept}
        check_round(store, round_, len(remaining))
        return save_with_members(
            store,
            round_,
            kept,
            removed=removed,
            link="round_id",
            stranger=lambda _finding: InvalidValue(
                "finding_round", "排查发现不属于这次排查。", "A finding does not belong to this round."
            ),
        )


def _turned(finding: ScreeningFinding | None) -> bool:
    return finding is not None and (finding.dispute_id is not None or finding.incident_id is not None)


def _with_stored_links(finding: ScreeningFinding, stored: ScreeningFinding | None) -> ScreeningFinding:
    """Only turning a finding sets its links, so an edit never clears one the store holds."""
    if stored is None or not _turned(stored):
        return finding
    return finding.model_copy(
        update={
            "dispute_id": finding.dispute_id or stored.dispute_id,
            "incident_id": finding.incident_id or stored.incident_id,
        }
    )


def withdraw_nil_report(store: Store, round_id: UUID | str) -> None:
    """Take back a nil report filed by mistake (a tombstone that syncs, like any delete)."""
    with store.transaction():
        round_ = store.get(ScreeningRound, round_id)
        if not round_.nil_report:
            raise InvalidValue(
                "screening_not_nil", "只有零报告可以撤回。", "Only a nil report can be withdrawn."
            )
        store.delete(ScreeningRound, round_.id)


def _unturned(store: Store, finding_id: UUID | str) -> ScreeningFinding:
    finding = store.get(ScreeningFinding, finding_id)
    if finding.dispute_id is not None or finding.incident_id is not None:
        raise InvalidValue(
            "finding_already_turned",
            "这条排查发现已经转为纠纷或事件。",
            "This finding has already become a dispute or an incident.",
        )
    return finding


def turn_into_dispute(
    store: Store, finding_id: UUID | str, *, by: str, risk_level: RiskLevel = RiskLevel.NORMAL
) -> Dispute:
    """Register the finding as a dispute (已登记), and link the finding to it, in one transaction."""
    with store.transaction():
        finding = _unturned(store, finding_id)
        first_line = finding.summary.splitlines()[0] if finding.summary else ""
        dispute = register_dispute(
            store,
            Dispute(
                grid=finding.grid,
                author=by,
                title=first_line[:TITLE_CHARACTERS],
                category=finding.category,
                risk_level=risk_level,
                location=finding.place,
                description=finding.summary,
            ),
        )
        store.save(finding.model_copy(update={"dispute_id": dispute.id}))
    return dispute


def turn_into_incident(
    store: Store, finding_id: UUID | str, *, by: str, category: IncidentCategory, now: datetime
) -> Incident:
    """Report the finding as an incident (事件上报), and link the finding to it, in one transaction."""
    with store.transaction():
        finding = _unturned(store, finding_id)
        incident = store.save(
            Incident(
                grid=finding.grid,
                author=by,
                category=category,
                place=finding.place,
                summary=finding.summary,
                reported_at=now,
            )
        )
        store.save(finding.model_copy(update={"incident_id": incident.id}))
    return incident


def finding_of(
    store: Store, entity: str, record_id: UUID | str
) -> tuple[ScreeningFinding, ScreeningRound] | None:
    """The finding a dispute or incident was made from, with its round; None if it was not."""
    column = {"disputes": "dispute_id", "incidents": "incident_id"}[entity]
    found = store.find(ScreeningFinding, f"{column} = ?", [str(record_id)], limit=1)
    if not found:
        return None
    return found[0], store.get(ScreeningRound, found[0].round_id, include_deleted=True)


def contradicted_periods(store: Store, session: Session) -> list[tuple[str, date, date]]:
    """The village periods of a nil report that findings of any overlapping period contradict, as
    (label, first day, last day) of the nil report, latest first. One laptop refuses that; two
    laptops offline can each file one half, and a sync keeps both (neither is lost), so the
    contradiction is shown until someone withdraws the nil report."""
    labels = dict(grids.villages(store, session.grids))
    rows = store.db.execute(
        "SELECT DISTINCT nil.grid, nil.period_start, nil.period_end FROM screening_rounds AS nil "
        "JOIN screening_rounds AS found ON found.grid = nil.grid AND found.deleted = 0 "
        "AND found.nil_report = 0 AND found.period_start <= nil.period_end "
        "AND found.period_end >= nil.period_start "
        "WHERE nil.deleted = 0 AND nil.nil_report = 1 AND nil.grid IN (SELECT value FROM json_each(?)) "
        "ORDER BY nil.period_start DESC, nil.grid",
        [json.dumps(list(labels))],
    )
    return [(labels[grid], date.fromisoformat(start), date.fromisoformat(end)) for grid, start, end in rows]


def turned_both_ways(store: Store, session: Session) -> list[tuple[str, ScreeningFinding]]:
    """Findings of the person's villages that became a dispute on one laptop and an incident on
    another while both were offline, as (village label, finding), oldest first. Each laptop
    refuses a second turn, but the sync keeps both records (neither is lost) and both links, so
    they are shown until someone deletes the surplus dispute or incident."""
    labels = dict(grids.villages(store, session.grids))
    findings = store.find(
        ScreeningFinding,
        "grid IN (SELECT value FROM json_each(?)) "
        "AND dispute_id IN (SELECT id FROM disputes WHERE deleted = 0) "
        "AND incident_id IN (SELECT id FROM incidents WHERE deleted = 0)",
        [json.dumps(list(labels))],
        order_by="created_at",
    )
    return [(labels[finding.grid], finding) for finding in findings]


def unreported_grids(store: Store, session: Session, start: date, end: date) -> list[tuple[str, str]]:
    """The villages of the person's grids whose findings and nil reports together do not cover
    every day of the period (a round for each half of the month covers it), as (code, label) in
    the order of their labels."""
    villages = grids.villages(store, session.grids)
    periods: dict[str, list[tuple[date, date]]] = {}
    for grid, first, last in store.db.execute(
        "SELECT grid, period_start, period_end FROM screening_rounds WHERE deleted = 0 "
        "AND period_start <= ? AND period_end >= ? AND grid IN (SELECT value FROM json_each(?))",
        [end.isoformat(), start.isoformat(), json.dumps([code for code, _ in villages])],
    ):
        periods.setdefault(grid, []).append((date.fromisoformat(first), date.fromisoformat(last)))
    return [(code, name) for code, name in villages if not _covers(periods.get(code, []), start, end)]


def _covers(periods: list[tuple[date, date]], start: date, end: date) -> bool:
    """Whether the periods, taken together, hold every day from ``start`` to ``end``."""
    next_day = start
    for first, last in sorted(periods):
        if first > next_day:
            return False
        next_day = max(next_day, last + timedelta(days=1))
        if next_day > end:
            return True
    return False
