"""The members' addresses under each language prefix: /da/log-ind/ and /en/login/, /da/mit-omraade/ and /en/my-area/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from members import views

app_name = "members"

urlpatterns = [
    # The catalogues hold the Danish words of each address.
    path(_("login/"), views.MemberLoginView.as_view(), name="login"),
    path(_("logout/"), views.MemberLogoutView.as_view(), name="logout"),
    path(_("my-area/"), views.my_area, name="area"),
]
