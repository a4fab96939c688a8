"""The portal's page types and snippets, in one import surface."""

from .calendars import CalendarToken
from .documents import PortalDocument
from .meetings import AgendaItem, Attendance, MeetingPage
from .memos import MemoIndexPage, MemoPage, MemoTag
from .organisations import BodyPage, ConsortiumPage, OrganisationPage, WorkingGroupPage
from .site import HomePage, StandardPage
from .snippets import FocusArea, Membership, Municipality, Person
from .workflow import (
    MeetingApprovalTask,
    MeetingChange,
    OrganisationRoles,
    ParticipantApproval,
    ParticipantsApprovalTask,
)

__all__ = [
    "AgendaItem",
    "Attendance",
    "BodyPage",
    "CalendarToken",
    "ConsortiumPage",
    "FocusArea",
    "HomePage",
    "MeetingApprovalTask",
    "MeetingChange",
    "MeetingPage",
    "Membership",
    "MemoIndexPage",
    "MemoPage",
    "MemoTag",
    "Municipality",
    "OrganisationPage",
    "OrganisationRoles",
    "ParticipantApproval",
    "ParticipantsApprovalTask",
    "Person",
    "PortalDocument",
    "StandardPage",
    "WorkingGroupPage",
]
