from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import views as portal_views
from portal.api import api_router
from portal.sitemap import PublicSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", portal_views.healthz, name="healthz"),
    path("robots.txt", portal_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"),
    path("api/oparl/v1/", include("opendata.urls")),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.PORTAL_SERVE_MEDIA:
    from django.urls import re_path

    # Images only: documents are always served through /documents/, which checks who may see them.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", portal_views.media_image)]

# Public pages live under a language prefix: /da/… and /en/…; "/" redirects to the visitor's language.
urlpatterns += i18n_patterns(
    path("kalender/", include("calendars.urls")),
    path("dagsorden/", include("packets.urls")),
    path("search/", include("search.urls")),
    path("foelg/", include("following.urls")),
    # Translated addresses: /da/tilgaengelighed/ and /en/accessibility/ (the catalogues hold the Danish words).
    path(_("accessibility/"), portal_views.accessibility_statement, name="accessibility"),
    path(_("privacy/"), portal_views.privacy_notice, name="privacy"),
    path("", include("members.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
