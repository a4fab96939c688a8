"""The portal's page types and snippets, in one import surface."""

from .applications import (
    ApplicationComment,
    ApplicationIndexPage,
    ApplicationPage,
    CaseHandlerAssignment,
    current_case_handlers,
)
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
    "ApplicationComment",
    "ApplicationIndexPage",
    "ApplicationPage",
    "CaseHandlerAssignment",
    "current_case_handlers",
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
