"""The subscriptions in the admin, for the secretariat: listed, searched and deleted as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Subscription
from .targets import label


class TargetColumn(Column):
    def get_value(self, instance):
        return label(instance)


class SubscriptionViewSet(SnippetViewSet):
    model = Subscription
    icon = "mail"
    menu_label = _("E-mail alerts")
    add_to_admin_menu = False
    list_display = ["email", TargetColumn("target", label=_("follows")), "frequency", "confirmed_at", "created_at"]
    list_filter = ["frequency"]
    search_fields = ["email"]
    list_export = []
    # Subscribers make their own subscriptions; the secretariat only sees and deletes them.
    form_fields = ["email", "frequency"]


register_snippet(SubscriptionViewSet)
