"""The header's member tools: who is logged in, the way to “My area” and out, or the way in."""

from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import urlencode

register = template.Library()


def login_url(next_path=""):
    """The address of the login form (``settings.LOGIN_URL``, in the visitor's language), sending the member back to
    ``next_path`` afterwards."""
    url = resolve_url(settings.LOGIN_URL)
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


@register.inclusion_tag("members/member_tools.html", takes_context=True)
def member_tools(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    path = request.get_full_path() if request is not None else ""
    on_login_page = request is not None and request.path == resolve_url(settings.LOGIN_URL)
    return {
        "member": user if user is not None and user.is_authenticated else None,
        "login_url": None if on_login_page else login_url(path),
        "request": request,
    }
