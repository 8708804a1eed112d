"""Where a reviewed record stands, under its details: a returned record's comment in red for the
worker who must act on it, and every decision taken on it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from app.models import Reviewed, ReviewState
from app.services import reviews
from app.store import Store
from ui import palette
from ui.i18n import enum_label
from ui.list_model import local_time

_STATE_COLOURS = {
    ReviewState.PENDING: palette.WAITING,
    ReviewState.RETURNED: palette.ALERT,
    ReviewState.APPROVED: palette.APPROVED,
}


def review_section(store: Store, record: Reviewed) -> str:
    heading = QCoreApplication.translate("ReviewSection", "Review")
    state = record.review_state
    lines = [
        f"<h4>{escape(heading)}</h4>",
        f"<p style='color:{_STATE_COLOURS[state]}'><b>{escape(enum_label(state))}</b></p>",
    ]
    returned = reviews.open_return(store, record.entity, record.id)
    if returned is not None:
        who = QCoreApplication.translate("ReviewSection", "Returned by %1:").replace("%1", returned.reviewer)
        todo = QCoreApplication.translate("ReviewSection", "Fix the record and save it to submit it again.")
        lines.append(
            f"<table style='background:{palette.ALERT_BACKGROUND}' cellpadding='6' width='100%'><tr><td>"
            f"<b>{escape(who)}</b> {escape(returned.comment)}<br/>{escape(todo)}</td></tr></table>"
        )
    history = reviews.history(store, record.entity, record.id)
    if history:
        decisions = QCoreApplication.translate("ReviewSection", "Decisions")
        items = "".join(
            f"<li>{escape(local_time(r.created_at.isoformat()))} {escape(enum_label(r.decision))} · "
            f"{escape(r.reviewer)}{('：' + escape(r.comment)) if r.comment else ''}</li>"
            for r in history
        )
        lines.append(f"<p>{escape(decisions)}</p><ul>{items}</ul>")
    return "".join(lines)
