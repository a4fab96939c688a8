"""The portal's page types and snippets, in one import surface."""

from .documents import PortalDocument
from .meetings import AgendaItem, Attendance, MeetingPage
from .memos import MemoIndexPage, MemoPage, MemoTag
from .organisations import BodyPage, ConsortiumPage, OrganisationPage, WorkingGroupPage
from .site import HomePage, StandardPage
from .snippets import FocusArea, Membership, Municipality, Person

__all__ = [
    "AgendaItem",
    "Attendance",
    "BodyPage",
    "ConsortiumPage",
    "FocusArea",
    "HomePage",
    "MeetingPage",
    "Membership",
    "MemoIndexPage",
    "MemoPage",
    "MemoTag",
    "Municipality",
    "OrganisationPage",
    "Person",
    "PortalDocument",
    "StandardPage",
    "WorkingGroupPage",
]
