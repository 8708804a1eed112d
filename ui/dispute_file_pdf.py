"""一案一卷 printed to PDF: one file per dispute, its sections numbered as a case file is bound —
registration, parties, mediation sessions, agreement, return visits, referrals, the timeline of
every step and the supervisor's reviews.

Like the agreement and the ledgers it is an official document, written in Chinese whatever
language the app shows, rendered from HTML by QTextDocument so any script prints. Nothing here
touches the database: the screen gathers the file (``app.services.dispute_file``) and this runs
on a worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from html import escape
from pathlib import Path

from app.services.dispute_file import DisputeFile
from ui.pdf_pages import a4_writer, print_html

SECTIONS = (
    "一、登记信息",
    "二、当事人",
    "三、调解经过",
    "四、调解协议",
    "五、回访情况",
    "六、转办情况",
    "七、办理流程",
    "八、审核记录",
)


def _at(moment: datetime | None, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return "<p>无</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr>{head}</tr>{body}</table>"


def _paragraphs(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return "".join(f"<p>{escape(line)}</p>" for line in lines) or "<p>无</p>"


def case_file_html(case: DisputeFile, zone: tzinfo, printed: str) -> str:
    """The case file as HTML, a heading per section in ``SECTIONS``' order."""
    d = case.dispute
    registration = _table(
        ("项目", "内容"),
        [
            ("纠纷名称", d.title),
            ("所属网格", case.grid_name),
            ("纠纷类别", d.category.zh),
            ("风险等级", d.risk_level.zh),
            ("当前状态", d.status.zh),
            ("发生日期", d.occurred_on.isoformat() if d.occurred_on else ""),
            ("发生地点", d.location),
            ("登记时间", _at(d.created_at, zone)),
            ("登记人", case.named(d.author)),
            ("调解员", d.mediator or ""),
            ("纠纷简要情况", d.description),
            ("调解结果", d.outcome),
        ],
    )
    parties = _table(
        ("身份", "姓名", "身份证号", "联系电话"),
        [(p.role.zh, p.name, number, p.phone or "") for p, number in case.parties],
    )
    sessions = _table(
        ("时间", "调解方式", "地点方式", "调解员", "调解情况"),
        [
            (_at(s.held_at, zone), s.track.zh, s.method.zh, "、".join(s.mediators), s.notes)
            for s in case.sessions
        ],
    )
    follow_ups = _table(
        ("应回访日期", "回访时间", "回访情况"),
        [
            (
                f.follow_up.due_on.isoformat(),
                _at(f.follow_up.done_at, zone) or "未回访",
                (f.visit.summary if f.visit else "") or f.follow_up.notes,
            )
            for f in case.follow_ups
        ],
    )
    referrals = _table(
        ("时间", "转至单位", "文号", "调解途径", "经办人", "说明"),
        [
            (
                _at(s.at, zone),
                s.referred_to.zh if s.referred_to else "",
                s.reference_no,
                f"{s.track_from.zh} → {s.track_to.zh}" if s.track_from and s.track_to else "",
                case.named(s.by),
                s.reason,
            )
            for s in case.referrals
        ],
    )
    timeline = _table(
        ("时间", "环节", "经办人", "说明"),
        [
            (
                _at(s.at, zone),
                f"{s.from_status.zh} → {s.to_status.zh}" if s.from_status else s.to_status.zh,
                case.named(s.by),
                s.reason,
            )
            for s in case.timeline
        ],
    )
    reviews = _table(
        ("时间", "审核人", "结论", "意见"),
        [(_at(r.created_at, zone), r.reviewer, r.decision.zh, r.comment) for r in case.reviews],
    )
    bodies = (
        registration,
        parties,
        sessions,
        _paragraphs(d.agreement),
        follow_ups,
        referrals,
        timeline,
        reviews,
    )
    sections = "".join(
        f"<h3>{escape(title)}</h3>{body}" for title, body in zip(SECTIONS, bodies, strict=True)
    )
    return (
        "<h2 align='center'>矛盾纠纷调解卷宗（一案一卷）</h2>"
        f"<p align='center'>{escape(d.title)}</p>"
        f"{sections}"
        f"<p align='right'>打印日期：{escape(printed)}</p>"
    )


def write_case_file(path: Path, case: DisputeFile, zone: tzinfo, printed: str) -> Path:
    """Print the case file to ``path`` (written whole, then moved into place) and return it."""
    temporary = path.with_name(path.name + ".part")
    writer = a4_writer(str(temporary), f"一案一卷 {case.dispute.title}", margin_mm=18)
    print_html(writer, case_file_html(case, zone, printed), point_size=10)
    del writer  # the PDF is finished when its writer goes
    temporary.replace(path)
    return path
