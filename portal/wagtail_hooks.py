"""Wagtail hooks of the portal as a whole: pages behind view restrictions never enter the shared cache."""

from wagtail import hooks

from portal.cache import mark_restricted_page

hooks.register("before_serve_page", mark_restricted_page, order=-100)
