"""Record forms, by the kind a draft remembers them as."""

from __future__ import annotations

from app.models import BY_ENTITY, Record
from app.services.drafts import Draft
from app.services.session import Session
from app.store import Store
from ui.forms.activity_form import ActivityForm
from ui.forms.dispute_form import DisputeForm
from ui.forms.household_form import HouseholdForm
from ui.forms.meeting_form import MeetingForm
from ui.forms.patrol_form import PatrolForm
from ui.forms.record_form import RecordForm
from ui.forms.screening_form import ScreeningForm
from ui.forms.service_item_form import ServiceItemForm
from ui.forms.team_form import TeamForm
from ui.forms.visit_form import VisitForm
from ui.forms.volunteer_form import VolunteerForm

FORMS: dict[str, type[RecordForm]] = {
    form.kind: form
    for form in (
        HouseholdForm,
        VisitForm,
        DisputeForm,
        ActivityForm,
        ServiceItemForm,
        PatrolForm,
        TeamForm,
        ScreeningForm,
        VolunteerForm,
        MeetingForm,
    )
}
ENTITY_OF_KIND = {
    "household": "households",
    "visit": "visits",
    "dispute": "disputes",
    "activity": "volunteer_activities",
    "service_item": "service_items",
    "patrol": "patrols",
    "team": "volunteer_teams",
    "screening": "screening_rounds",
    "volunteer": "volunteers",
    "meeting": "deliberations",
}


def form_for_draft(store: Store, session: Session, draft: Draft) -> RecordForm:
    """The form a draft was typed into, with what was typed, on the record it was editing."""
    record: Record | None = None
    if draft.record_id:
        record = store.get(BY_ENTITY[ENTITY_OF_KIND[draft.kind]], draft.record_id, include_deleted=True)
    return FORMS[draft.kind](store, session, record, draft=draft)
