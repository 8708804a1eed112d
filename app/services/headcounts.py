"""Participations as every report counts them: a volunteer once per activity, and only volunteers
still on the register. The hours export, the dashboard, the PDF report and the ledgers all read
``PARTICIPATIONS`` in place of the table, so no two of them can count hours or 人次 differently.

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

    SELECT a.kind, sum(p.hours) FROM volunteer_activities a JOIN {PARTICIPATIONS} p ON p.activity_id = a.id …
"""

from __future__ import annotations

# One row per (activity, volunteer): activity_id, volunteer_id and hours (the larger recorded).
PARTICIPATIONS = (
    "(SELECT p.activity_id, p.volunteer_id, max(p.hours) AS hours FROM participations p "
    "WHERE p.deleted = 0 AND NOT EXISTS "
    "(SELECT 1 FROM volunteers gone WHERE gone.id = p.volunteer_id AND gone.deleted = 1) "
    "GROUP BY p.activity_id, p.volunteer_id)"
)

# Per activity, the registered volunteers counted above (activity_id, volunteers).
VOLUNTEERS_PER_ACTIVITY = (
    f"(SELECT activity_id, count(*) AS volunteers FROM {PARTICIPATIONS} GROUP BY activity_id)"
)


def head_count(activity: str, registered: str) -> str:
    """SQL for an activity's 人次: the head-count the worker typed, but never fewer than the
    registered volunteers counted for it — a head-count left at 0 (or typed before more volunteers
    were added) would otherwise report an activity with three volunteers as attended by nobody."""
    return f"max(coalesce({activity}.participant_count, 0), coalesce({registered}, 0))"
