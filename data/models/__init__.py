"""pydantic v2 models for everything Kith stores."""

from kith.data.models.base import Record, new_id
from kith.data.models.checkin import CheckIn, CheckInAnswer
from kith.data.models.contact import (
    CIRCLE_LABELS,
    RHYTHMS,
    Birthday,
    Circle,
    Contact,
    FollowUp,
    NamedDate,
    rhythm_label,
)
from kith.data.models.details import Address, DetailLabel, Email, Link, Phone, RelationKind
from kith.data.models.interaction import FELT_LABELS, MODE_LABELS, Interaction, Mode
from kith.data.models.plan import PlanItem, PlanState
from kith.data.models.rethink import ThoughtRecord
from kith.data.models.safety_plan import SAFETY_PLAN_ID, PlanStep, SafetyLine, SafetyPlan
from kith.data.models.settings import SETTINGS_ID, Settings
from kith.data.models.support import SupportEntry, SupportKind

__all__ = [
    "CIRCLE_LABELS",
    "FELT_LABELS",
    "MODE_LABELS",
    "RHYTHMS",
    "SAFETY_PLAN_ID",
    "SETTINGS_ID",
    "Address",
    "Birthday",
    "CheckIn",
    "CheckInAnswer",
    "Circle",
    "Contact",
    "DetailLabel",
    "Email",
    "FollowUp",
    "Interaction",
    "Link",
    "Mode",
    "NamedDate",
    "Phone",
    "PlanItem",
    "PlanState",
    "PlanStep",
    "Record",
    "RelationKind",
    "SafetyLine",
    "SafetyPlan",
    "Settings",
    "SupportEntry",
    "SupportKind",
    "ThoughtRecord",
    "new_id",
    "rhythm_label",
]
