from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import UnreadableDocumentsReport


@hooks.register("register_admin_urls")
def register_unreadable_documents_urls():
    return [
        path("reports/unreadable-documents/", UnreadableDocumentsReport.as_view(), name="search_unreadable_documents"),
        path(
            "reports/unreadable-documents/results/",
            UnreadableDocumentsReport.as_view(results_only=True),
            name="search_unreadable_documents_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_unreadable_documents_menu_item():
    return MenuItem(
        _("Unreadable documents"),
        reverse("search_unreadable_documents"),
        name="unreadable-documents",
        icon_name="doc-full",
        order=1400,
    )
