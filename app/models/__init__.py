"""Pydantic models of everything a grid worker records.

Names load on first use (PEP 562): building the pydantic models is a third of a second, and the
login dialog needs only the vocabularies (``Role``) — the models load while the password is typed.
``from app.models import Household`` works as it always has.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.models.community import (
        ActivityKind,
        Deliberation,
        Incident,
        IncidentCategory,
        IncidentStatus,
        MeetingKind,
        Patrol,
    )
    from app.models.disputes import Dispute, DisputeParty, DisputeStep, FollowUp, MediationSession
    from app.models.enums import (
        CareGroup,
        DisputeCategory,
        DisputeStatus,
        Gender,
        GridLevel,
        HouseholdTag,
        JudicialResult,
        LifeEventKind,
        MediationMethod,
        MediationTrack,
        Need,
        PartyRole,
        Presence,
        ReferralBody,
        Residence,
        ReviewDecision,
        ReviewState,
        RiskLevel,
        Role,
        Satisfaction,
        ServiceCategory,
        ServiceChannel,
        ServiceStatus,
        VisitFrequency,
        VisitType,
    )
    from app.models.ethnicity import Ethnicity
    from app.models.labels import LabeledEnum
    from app.models.people import CareMembership, LifeEvent, ServiceItem
    from app.models.record import Record, Reviewed, utc_now
    from app.models.registry import Grid, Household, Resident, User
    from app.models.reviews import AuditEvent, ConflictResolution, Review
    from app.models.screening import ScreeningFinding, ScreeningRound
    from app.models.visits import Visit
    from app.models.volunteers import Participation, Volunteer, VolunteerActivity, VolunteerTeam

    RECORD_TYPES: tuple[type[Record], ...]
    BY_ENTITY: dict[str, type[Record]]
    LISTS_FILES: tuple[str, ...]

# Where each name lives.
_HOMES = {
    "community": (
        "ActivityKind",
        "Deliberation",
        "Incident",
        "IncidentCategory",
        "IncidentStatus",
        "MeetingKind",
        "Patrol",
    ),
    "disputes": ("Dispute", "DisputeParty", "DisputeStep", "FollowUp", "MediationSession"),
    "enums": (
        "CareGroup",
        "DisputeCategory",
        "DisputeStatus",
        "Gender",
        "GridLevel",
        "HouseholdTag",
        "JudicialResult",
        "LifeEventKind",
        "MediationMethod",
        "MediationTrack",
        "Need",
        "PartyRole",
        "Presence",
        "ReferralBody",
        "Residence",
        "ReviewDecision",
        "ReviewState",
        "RiskLevel",
        "Role",
        "Satisfaction",
        "ServiceCategory",
        "ServiceChannel",
        "ServiceStatus",
        "VisitFrequency",
        "VisitType",
    ),
    "ethnicity": ("Ethnicity",),
    "labels": ("LabeledEnum",),
    "people": ("CareMembership", "LifeEvent", "ServiceItem"),
    "record": ("Record", "Reviewed", "utc_now"),
    "registry": ("Grid", "Household", "Resident", "User"),
    "screening": ("ScreeningFinding", "ScreeningRound"),
    "reviews": ("AuditEvent", "ConflictResolution", "Review"),
    "visits": ("Visit",),
    "volunteers": ("Participation", "Volunteer", "VolunteerActivity", "VolunteerTeam"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}
# Every synced record type, in the order the store creates their tables.
_RECORD_TYPE_NAMES = (
    "Grid",
    "User",
    "Household",
    "Resident",
    "Visit",
    "CareMembership",
    "LifeEvent",
    "ServiceItem",
    "Dispute",
    "DisputeParty",
    "MediationSession",
    "FollowUp",
    "DisputeStep",
    "VolunteerTeam",
    "Volunteer",
    "VolunteerActivity",
    "Participation",
    "Patrol",
    "Incident",
    "ScreeningRound",
    "ScreeningFinding",
    "Deliberation",
    "Review",
    "ConflictResolution",
    "AuditEvent",
)


def __getattr__(name: str) -> Any:
    if name == "RECORD_TYPES":
        value: Any = tuple(__getattr__(model) for model in _RECORD_TYPE_NAMES)
    elif name == "BY_ENTITY":
        value = {model.entity: model for model in __getattr__("RECORD_TYPES")}
    elif name == "LISTS_FILES":
        # The tables whose records list attachments: a file stays while one of them lists it.
        value = tuple(m.entity for m in __getattr__("RECORD_TYPES") if "attachments" in m.model_fields)
    elif name in _MODULE_OF:
        value = getattr(import_module(f"app.models.{_MODULE_OF[name]}"), name)
    else:
        raise AttributeError(f"module 'app.models' has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "BY_ENTITY",
    "LISTS_FILES",
    "RECORD_TYPES",
    "ActivityKind",
    "AuditEvent",
    "CareGroup",
    "CareMembership",
    "ConflictResolution",
    "Deliberation",
    "Dispute",
    "DisputeCategory",
    "DisputeParty",
    "DisputeStatus",
    "DisputeStep",
    "Ethnicity",
    "FollowUp",
    "Gender",
    "Grid",
    "GridLevel",
    "Household",
    "HouseholdTag",
    "Incident",
    "IncidentCategory",
    "IncidentStatus",
    "JudicialResult",
    "LabeledEnum",
    "LifeEvent",
    "LifeEventKind",
    "MediationMethod",
    "MediationSession",
    "MediationTrack",
    "MeetingKind",
    "Need",
    "Participation",
    "PartyRole",
    "Patrol",
    "Presence",
    "Record",
    "ReferralBody",
    "Residence",
    "Resident",
    "Review",
    "ReviewDecision",
    "ReviewState",
    "Reviewed",
    "RiskLevel",
    "Role",
    "Satisfaction",
    "ScreeningFinding",
    "ScreeningRound",
    "ServiceCategory",
    "ServiceChannel",
    "ServiceItem",
    "ServiceStatus",
    "User",
    "Visit",
    "VisitFrequency",
    "VisitType",
    "Volunteer",
    "VolunteerActivity",
    "VolunteerTeam",
    "utc_now",
]
