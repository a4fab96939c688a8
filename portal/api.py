"""Wagtail's API v2 for front ends: live public pages, images, and documents only where they are attached publicly."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from opendata.unprefixed_urls import keep_status


class KeepStatusMixin:
    """Keeps the API's 404s as 404s instead of letting the locale middleware redirect them to /da/…."""

    def finalize_response(self, request, response, *args, **kwargs):
        keep_status(getattr(request, "_request", request))
        return super().finalize_response(request, response, *args, **kwargs)


class PublicPagesAPIViewSet(KeepStatusMixin, PagesAPIViewSet):
    """Live pages outside every view restriction, whoever asks: the API never uses a visitor's session."""

    def get_base_queryset(self):
        return super().get_base_queryset().public()


class PublicDocumentsAPIViewSet(KeepStatusMixin, DocumentsAPIViewSet):
    """Documents attached as publishable to a public memo or to an open item of a public meeting."""

    def get_queryset(self):
        from opendata.index import Scope

        return super().get_queryset().filter(pk__in=Scope().files().values("pk"))


class PublicImagesAPIViewSet(KeepStatusMixin, ImagesAPIViewSet):
    """Images in collections the public may see."""


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
