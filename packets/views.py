"""Serving a meeting's packet: the stored file of its current version with an ETag (304 when unchanged), the
previous version or a “being prepared” page while it is built, and the members' edition only to the members.

A request never builds a packet itself: it queues the build (packets/tasks.py) and answers at once. Only where the
``packets`` task backend runs tasks as they are queued (the tests) is the packet there when the request goes on.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pages import visibility
from pages.models import MeetingPage
from pages.pdf import pdf_filename

from . import build, tasks
from .models import MeetingPacket

# How long a visitor is asked to wait before trying again while the packet is built.
RETRY_AFTER_SECONDS = 30


def _login_url():
    return getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", None) or reverse("wagtailcore_login")


def _meeting(request, page_id):
    """The meeting, when this visitor may see its page; a redirect to the login for a restriction they may pass."""
    meeting = MeetingPage.objects.filter(pk=page_id).select_related("locale").first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    check = visibility.for_request(request).serve_check(meeting)
    if check == "login" and not request.user.is_authenticated:
        return meeting, redirect_to_login(request.get_full_path(), _login_url())
    if check is not None:
        raise Http404(_("No such meeting."))
    return meeting, None


def _serve(request, meeting, edition):
    request.portal_cache_forbidden = True
    contents, version = build.current(meeting, edition)
    if contents is None:
        raise Http404(_("This meeting has no agenda yet."))
    packet = build.stored(meeting.pk, edition, version)
    latest = True
    if packet is None:
        tasks.request_build(meeting.pk, edition, version)
        packet = build.stored(meeting.pk, edition, version)
    if packet is None:
        packet, latest = build.previous(meeting.pk, edition, contents), False
    if packet is None:
        return _preparing(request, meeting)
    public = edition == MeetingPacket.Edition.PUBLIC and visibility.public().can_see(meeting)
    cache_control = "public, max-age=0, must-revalidate" if public else "private, max-age=0, must-revalidate"
    if not latest:
        cache_control = ("public" if public else "private") + ", no-cache"
    etag = f'"{edition}-{packet.version}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = FileResponse(default_storage.open(packet.file.name, "rb"), content_type="application/pdf")
        name = pdf_filename(meeting.title, fallback="dagsorden")
        if edition == MeetingPacket.Edition.MEMBERS:
            name = name.removesuffix(".pdf") + "-medlemmer.pdf"
        response["Content-Disposition"] = content_disposition_header(False, name)
        response["Content-Length"] = packet.size
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    if not public:
        patch_vary_headers(response, ["Cookie"])
    return response


def _preparing(request, meeting):
    response = render(
        request,
        "packets/preparing.html",
        {"page": meeting, "meeting": meeting, "retry_after": RETRY_AFTER_SECONDS},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def public_packet(request, page_id):
    """The meeting's packet as anyone who may see the meeting's page may read it: closed items only as the public
    sees them."""
    meeting, answer = _meeting(request, page_id)
    return answer or _serve(request, meeting, MeetingPacket.Edition.PUBLIC)


@require_safe
def members_packet(request, page_id):
    """The members' edition, with the closed items and the files kept for members: only for those the visibility rule
    lets read closed items."""
    meeting, answer = _meeting(request, page_id)
    if answer is not None:
        return answer
    if not visibility.for_request(request).sees_closed_items(meeting):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), _login_url())
        request.portal_cache_forbidden = True
        return render(request, "packets/members_only.html", {"page": meeting, "meeting": meeting}, status=403)
    return _serve(request, meeting, MeetingPacket.Edition.MEMBERS)
