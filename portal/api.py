"""Wagtail's API v2 for front ends: what the portal's visibility rule shows the public, whoever asks.

The API never uses a visitor's session: pages, documents and images are those the public may see
(pages/visibility.py). Bad parameters answer 400 with a message.
"""

import re

from django.urls import path
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from opendata.unprefixed_urls import keep_status
from pages import visibility

# Far beyond any listing; larger numbers would overflow the database's integers.
MAX_OFFSET = 1_000_000_000
# Quotes, operators and control characters mean something to the search engines' query syntax: a search is words.
QUERY_NOISE = re.compile(r"[^\w\s\-]+", re.UNICODE)
MAX_QUERY_LENGTH = 200
SEARCH_OPERATORS = ("and", "or")


class BoundedPagination(WagtailPagination):
    """Wagtail's offset/limit paging, with offsets the database can hold."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class WordsSearchFilter(SearchFilter):
    """``?search=`` as plain words: quotes, brackets and control characters are not query syntax here."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        words = " ".join(QUERY_NOISE.sub(" ", request.GET["search"].replace("\x00", " ")).split())
        if len(words) > MAX_QUERY_LENGTH:
            raise BadRequestError(f"search can be at most {MAX_QUERY_LENGTH} characters")
        if not words:
            return queryset.none()
        request.GET._mutable = True
        request.GET["search"] = words
        request.GET._mutable = False
        return super().filter_queryset(request, queryset, view)


def _urlpatterns(cls):
    """Wagtail's three addresses per endpoint, with ids the database can hold (a longer one is a 404)."""
    return [
        path("", cls.as_view({"get": "listing_view"}), name="listing"),
        path("<id:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        path("find/", cls.as_view({"get": "find_view"}), name="find"),
    ]


def _bounded(viewset):
    viewset.get_urlpatterns = classmethod(_urlpatterns)
    viewset.pagination_class = BoundedPagination
    viewset.filter_backends = [WordsSearchFilter if f is SearchFilter else f for f in viewset.filter_backends]
    return viewset


class KeepStatusMixin:
    """Keeps the API's 404s as 404s instead of letting the locale middleware redirect them to /da/…."""

    def finalize_response(self, request, response, *args, **kwargs):
        keep_status(getattr(request, "_request", request))
        return super().finalize_response(request, response, *args, **kwargs)


@_bounded
class PublicPagesAPIViewSet(KeepStatusMixin, PagesAPIViewSet):
    """The pages the public may see."""

    def get_base_queryset(self):
        return visibility.public().pages(super().get_base_queryset())


@_bounded
class PublicDocumentsAPIViewSet(KeepStatusMixin, DocumentsAPIViewSet):
    """Documents the public may see: attached as publishable to a public memo or open item, in an open collection."""

    def get_queryset(self):
        return visibility.public().documents(super().get_queryset())


@_bounded
class PublicImagesAPIViewSet(KeepStatusMixin, ImagesAPIViewSet):
    """Images in collections the public may see."""

    def get_queryset(self):
        return super().get_queryset().filter(visibility.public().collection_q())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
