"""Wagtail's admin reports list pages, titles and workflows of every body: only administrators open them."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse


class AdministratorReportsMiddleware:
    """Refuses the admin's reports (page types, workflows, locked and aging pages, site history) to anyone but an
    administrator: they would show other bodies' drafts and members-only titles."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("wagtailadmin_home") + "reports/"
        user = getattr(request, "user", None)
        is_reports = request.path.startswith(self.prefix)
        if is_reports and user is not None and user.is_authenticated and not user.is_superuser:
            raise PermissionDenied("Reports are for administrators.")
        return self.get_response(request)
