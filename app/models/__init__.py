"""Pydantic models of everything a grid worker records."""

from app.models.disputes import Dispute, DisputeParty, DisputeStep, FollowUp, MediationSession
from app.models.enums import (
    DisputeCategory,
    DisputeStatus,
    Gender,
    GridLevel,
    HouseholdTag,
    MediationMethod,
    MediationTrack,
    Need,
    PartyRole,
    ReferralBody,
    ReviewDecision,
    ReviewState,
    RiskLevel,
    Role,
    VisitType,
)
from app.models.ethnicity import Ethnicity
from app.models.labels import LabeledEnum
from app.models.record import Record, Reviewed, utc_now
from app.models.registry import Grid, Household, Resident, User
from app.models.reviews import AuditEvent, ConflictResolution, Review
from app.models.visits import Visit
from app.models.volunteers import Participation, Volunteer, VolunteerActivity, VolunteerTeam

RECORD_TYPES: tuple[type[Record], ...] = (
    Grid,
    User,
    Household,
    Resident,
    Visit,
    Dispute,
    DisputeParty,
    MediationSession,
    FollowUp,
    DisputeStep,
    VolunteerTeam,
    Volunteer,
    VolunteerActivity,
    Participation,
    Review,
    ConflictResolution,
    AuditEvent,
)
BY_ENTITY: dict[str, type[Record]] = {cls.entity: cls for cls in RECORD_TYPES}

__all__ = [
    "BY_ENTITY",
    "RECORD_TYPES",
    "AuditEvent",
    "ConflictResolution",
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
    "LabeledEnum",
    "MediationMethod",
    "MediationSession",
    "MediationTrack",
    "Need",
    "Participation",
    "PartyRole",
    "Record",
    "ReferralBody",
    "Resident",
    "Review",
    "ReviewDecision",
    "ReviewState",
    "Reviewed",
    "RiskLevel",
    "Role",
    "User",
    "Visit",
    "VisitType",
    "Volunteer",
    "VolunteerActivity",
    "VolunteerTeam",
    "utc_now",
]
