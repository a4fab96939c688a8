"""Checks several test modules share."""

from urllib.parse import parse_qs, urlparse

from django.urls import reverse
from django.utils import translation


def assert_asks_to_log_in(response, url, *, comes_back=True):
    """``response`` sends the visitor to the portal's login page in the language of ``url`` (and, with
    ``comes_back``, back to ``url`` afterwards)."""
    assert response.status_code == 302, response.status_code
    address = urlparse(url)
    with translation.override(address.path.strip("/").split("/")[0]):
        login = reverse("members:login")
    location = urlparse(response["Location"])
    assert location.path == login, (response["Location"], login)
    if comes_back:
        back = address.path + (f"?{address.query}" if address.query else "")
        assert parse_qs(location.query)["next"] == [back], response["Location"]
