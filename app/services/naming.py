"""Records and fields as people read them: "住户「王芳」的联系电话", never ``households.phone``.

Sync problems, conflicts and audit lists name what they are about; every one of them takes its
words from here, in Chinese and English, so one record reads the same on every screen.
"""

from __future__ import annotations

from typing import Any

from app.models import BY_ENTITY
from app.store import Store

ENTITY_LABELS: dict[str, tuple[str, str]] = {
    "grids": ("网格", "Grid"),
    "users": ("账号", "Account"),
    "households": ("住户", "Household"),
    "residents": ("居民", "Resident"),
    "visits": ("走访", "Visit"),
    "care_memberships": ("关爱对象", "Care group membership"),
    "life_events": ("人口变动", "Life event"),
    "service_items": ("服务事项", "Service item"),
    "disputes": ("纠纷", "Dispute"),
    "dispute_parties": ("纠纷当事人", "Dispute party"),
    "mediation_sessions": ("调解会", "Mediation session"),
    "follow_ups": ("回访安排", "Follow-up"),
    "dispute_steps": ("纠纷进程", "Dispute step"),
    "volunteer_teams": ("志愿服务队", "Volunteer team"),
    "volunteers": ("志愿者", "Volunteer"),
    "volunteer_activities": ("志愿活动", "Volunteer activity"),
    "participations": ("服务时长", "Volunteer hours"),
    "patrols": ("巡查", "Patrol"),
    "incidents": ("事件", "Incident"),
    "screening_rounds": ("矛盾纠纷排查", "Dispute screening"),
    "screening_findings": ("排查发现", "Screening finding"),
    "deliberations": ("议事会议", "Deliberation meeting"),
    "reviews": ("审核意见", "Review"),
    "conflict_resolutions": ("冲突处理结果", "Conflict resolution"),
    "audit_events": ("审计记录", "Audit event"),
}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "action": ("操作", "Action"),
    "active": ("是否在册", "Active"),
    "activity_id": ("所属活动", "Activity"),
    "actor": ("操作人", "Actor"),
    "address": ("地址", "Address"),
    "agreement": ("协议内容", "Agreement"),
    "arrival_reason": ("来本地事由", "Why they came"),
    "arrived_on": ("到达日期", "Arrived on"),
    "at": ("时间", "Time"),
    "attachments": ("附件", "Attachments"),
    "attendee_count": ("到会人数", "Head-count"),
    "attendee_names": ("参会人", "Attendees"),
    "attendee_resident_ids": ("参会居民", "Residents attending"),
    "author": ("登记人", "Recorded by"),
    "beneficiary_count": ("受益人数", "Beneficiaries"),
    "birth_date": ("出生日期", "Birth date"),
    "by": ("经办人", "By"),
    "care_group": ("关爱对象类别", "Care group"),
    "category": ("类别", "Category"),
    "certificate_no": ("证件号", "Certificate no."),
    "channel": ("办理方式", "Channel"),
    "closed_at": ("办结时间", "Closed at"),
    "closed_visit_id": ("办结走访", "Closing visit"),
    "code": ("编码", "Code"),
    "comment": ("意见", "Comment"),
    "conflict_id": ("所属冲突", "Conflict"),
    "created_at": ("登记时间", "Created"),
    "decision": ("审核结论", "Decision"),
    "decisions": ("议定事项", "Decisions"),
    "deleted": ("删除", "Deleted"),
    "departed_on": ("离开日期", "Departed on"),
    "description": ("说明", "Description"),
    "detail": ("详情", "Detail"),
    "display_name": ("姓名", "Name"),
    "dispute_id": ("所属纠纷", "Dispute"),
    "done_at": ("完成时间", "Done at"),
    "due_on": ("应回访日期", "Due on"),
    "ended_at": ("结束时间", "Ended"),
    "escalated_at": ("上报乡镇时间", "Escalated at"),
    "escalated_on": ("上报日期", "Escalated on"),
    "escalated_to": ("上报单位", "Escalated to"),
    "ethnic_factors": ("涉及民族因素", "Ethnic factors"),
    "ethnicity": ("民族", "Ethnicity"),
    "field": ("字段", "Field"),
    "findings": ("巡查发现", "Findings"),
    "follow_up_due": ("回访日期", "Follow-up due"),
    "follow_up_owner": ("落实责任人", "Follow-up owner"),
    "from_status": ("原状态", "From"),
    "gender": ("性别", "Gender"),
    "grade": ("等级", "Grade"),
    "grid": ("所属网格", "Grid"),
    "grids": ("负责网格", "Grids"),
    "handled_by": ("经办人", "Handled by"),
    "handling_note": ("处置情况", "Handling"),
    "happened_on": ("发生日期", "Happened on"),
    "head_name": ("户主姓名", "Head of household"),
    "held_at": ("召开时间", "Held at"),
    "host": ("主持人", "Host"),
    "hours": ("服务时长", "Hours"),
    "household_id": ("所属住户", "Household"),
    "households_covered": ("覆盖住户", "Households covered"),
    "households_served": ("服务住户", "Households served"),
    "id": ("编号", "Id"),
    "id_number": ("身份证号码", "ID number"),
    "incident_id": ("转为事件", "Incident"),
    "judicial_applied_on": ("司法确认申请日期", "Judicial confirmation applied on"),
    "judicial_court": ("司法确认法院", "Court for judicial confirmation"),
    "judicial_decided_on": ("司法确认裁定日期", "Judicial confirmation decided on"),
    "judicial_result": ("司法确认结果", "Judicial confirmation result"),
    "kind": ("类型", "Kind"),
    "level": ("层级", "Level"),
    "location": ("地点", "Place"),
    "mediator": ("调解员", "Mediator"),
    "mediators": ("调解员", "Mediators"),
    "method": ("调解方式", "Method"),
    "name": ("姓名或名称", "Name"),
    "native_place": ("户籍地", "Place of household registration"),
    "need": ("群众诉求", "What is needed"),
    "needs": ("需求", "Needs"),
    "needs_check": ("待核实", "To check"),
    "nil_report": ("零报告", "Nil report"),
    "notes": ("备注", "Notes"),
    "occurred_on": ("发生日期", "Occurred on"),
    "opened_visit_id": ("登记走访", "Opening visit"),
    "outcome": ("调解结果", "Outcome"),
    "parent_code": ("上级网格", "Parent grid"),
    "participant_count": ("参与人次", "Participants"),
    "patrol_id": ("所属巡查", "Patrol"),
    "patroller": ("巡查人", "Patroller"),
    "period_end": ("排查期结束", "Period end"),
    "period_start": ("排查期开始", "Period start"),
    "permit_expires": ("居住证有效期至", "Permit expires"),
    "permit_number": ("居住证号", "Residence permit no."),
    "phone": ("联系电话", "Phone"),
    "place": ("地点", "Place"),
    "places_covered": ("覆盖地点", "Places covered"),
    "presence": ("在册状态", "On the register"),
    "reason": ("原因", "Reason"),
    "record_entity": ("记录类型", "Record type"),
    "record_id": ("所属记录", "Record"),
    "reference_no": ("文号", "Reference no."),
    "referred_to": ("移交单位", "Referred to"),
    "reported_at": ("上报时间", "Reported at"),
    "residence": ("居住状态", "Lives"),
    "resident_id": ("对应居民", "Resident"),
    "resolver": ("处理人", "Resolved by"),
    "review_state": ("审核状态", "Review state"),
    "reviewer": ("审核人", "Reviewer"),
    "risk_level": ("风险等级", "Risk level"),
    "role": ("角色", "Role"),
    "round_id": ("所属排查", "Screening round"),
    "route": ("巡查路线", "Route"),
    "satisfaction": ("满意度", "Satisfaction"),
    "screened_on": ("排查日期", "Screened on"),
    "screener": ("排查人", "Screener"),
    "since": ("开始日期", "Since"),
    "started_at": ("开始时间", "Started"),
    "status": ("状态", "Status"),
    "summary": ("走访情况", "Summary"),
    "tags": ("标签", "Tags"),
    "team_id": ("所属队伍", "Team"),
    "title": ("标题", "Title"),
    "to_status": ("新状态", "To"),
    "topics": ("议题", "Topics"),
    "track": ("调解类型", "Track"),
    "track_from": ("原调解类型", "Track from"),
    "track_to": ("新调解类型", "Track to"),
    "until": ("结束日期", "Until"),
    "updated_at": ("修改时间", "Updated"),
    "username": ("用户名", "User name"),
    "value": ("取值", "Value"),
    "visit_id": ("回访走访", "Follow-up visit"),
    "visit_type": ("走访类型", "Visit type"),
    "visited_at": ("走访时间", "Visited at"),
    "visitor": ("走访人", "Visitor"),
    "volunteer_id": ("志愿者", "Volunteer"),
}

_TITLE_FIELDS = ("title", "head_name", "name", "summary", "need", "address", "action")


def entity_label(entity: str) -> tuple[str, str]:
    return ENTITY_LABELS.get(entity, (entity, entity))


def field_label(field: str) -> tuple[str, str]:
    return FIELD_LABELS.get(field, (field, field))


def title_of(entity: str, values: dict[str, Any]) -> str:
    """A record's name from its values: a title, a head of household, a person's name…"""
    for field in _TITLE_FIELDS:
        value = values.get(field)
        if isinstance(value, str) and value:
            return value[:40]
    return ""


def record_title(store: Store, entity: str, record_id: str) -> str:
    """The name of a stored record, or "" when this laptop does not have it."""
    model = BY_ENTITY.get(entity)
    columns = [f for f in _TITLE_FIELDS if model and f in model.model_fields]
    if not columns:
        return ""
    row = store.db.execute(f"SELECT {', '.join(columns)} FROM {entity} WHERE id = ?", [record_id]).fetchone()
    return title_of(entity, dict(zip(columns, row, strict=True))) if row else ""
