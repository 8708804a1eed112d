"""Participations as every report counts them: a volunteer once per activity, and only volunteers
still on the register. The hours export, the dashboard, the PDF report and the ledgers all keep
the participation rows ``counted`` keeps, so no two of them can count hours or 人次 differently.

Why not the table itself:

* Two laptops offline may each add the same volunteer to the same activity. The sync keeps both
  rows — they are two records made on two devices — so a sum over rows credits that volunteer
  twice for one service. Counted here, the pair is one participation with the larger of the two
  hours: both workers recorded the same service, a volunteer service record (志愿服务记录) credits
  the time served, and the smaller figure is the one more likely cut short (entered before the
  activity ended); adding them would invent hours nobody served.
* A deleted (tombstoned) volunteer was removed from the register — entered by mistake or twice —
  unlike a retired one (``active`` false), who keeps their hours. A supervisor reporting upward
  reports hours served by people on the register, so a deleted volunteer's hours count nowhere.
  A volunteer this laptop does not hold is not known to be deleted, and counts.

    SELECT a.kind, sum(p.hours) FROM participations p JOIN volunteer_activities a ON a.id = p.activity_id
    WHERE {counted("p")} AND …

A condition on each row, not a grouped table: a row is read through the index on its activity, so
a ledger of 100,000 participations streams as before instead of waiting for the table to be grouped.
"""

from __future__ import annotations


def counted(p: str) -> str:
    """SQL keeping, of the participations under alias ``p``, the rows every report counts: live,
    of a volunteer not deleted, and of a volunteer listed twice on one activity only the row with
    the larger hours (where both hours are equal, the one of the smaller id: exactly one is kept)."""
    # The unary + keeps SQLite off the volunteer index for ``other``: an activity has a handful of
    # rows, a long-serving volunteer hundreds. The deleted volunteers are listed once per query.
    return (
        f"{p}.deleted = 0 AND NOT EXISTS (SELECT 1 FROM participations other "
        f"WHERE other.activity_id = {p}.activity_id AND +other.volunteer_id = {p}.volunteer_id "
        f"AND other.deleted = 0 "
        f"AND (other.hours > {p}.hours OR (other.hours = {p}.hours AND other.id < {p}.id))) "
        f"AND {p}.volunteer_id NOT IN (SELECT gone.id FROM volunteers gone WHERE gone.deleted = 1)"
    )


def registered(activity: str) -> str:
    """SQL for the registered volunteers of the activity under alias ``activity``, each once."""
    return f"(SELECT count(*) FROM participations p WHERE p.activity_id = {activity}.id AND {counted('p')})"


def head_count(activity: str) -> str:
    """SQL for an activity's 人次: the head-count the worker typed, but never fewer than the
    registered volunteers counted for it — a head-count left at 0 (or typed before more volunteers
    were added) would otherwise report an activity with three volunteers as attended by nobody."""
    return f"max(coalesce({activity}.participant_count, 0), {registered(activity)})"
