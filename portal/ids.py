"""Ids in addresses are numbers the database can hold: a longer one is a 404, never a 500.

The portal's own routes use the ``<id:…>`` converter; addresses routed by Wagtail and Django (documents, the
password form) are guarded by the middleware below.
"""

import re

from django.http import Http404
from django.urls import register_converter

MAX_ID_DIGITS = 18  # every number of up to 18 digits fits a 64-bit integer column
OVERSIZED_ID = re.compile(rf"(?:^|/)\d{{{MAX_ID_DIGITS + 1},}}(?:[/.]|$)")


class IdConverter:
    """A database id: one to eighteen digits."""

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")


class OversizedIdMiddleware:
    """Answers 404 for an address with a path segment of more digits than any id can have."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if OVERSIZED_ID.search(request.path_info):
            raise Http404("No such page.")
        return self.get_response(request)
