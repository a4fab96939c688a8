"""An empty URL configuration that API views hand to the response middleware so a 404 stays a 404.

Django's LocaleMiddleware answers any 404 outside a language prefix with a redirect to /da/…, because
Wagtail's catch-all page route makes every prefixed path look valid. The API's addresses have no
language prefix and its 404s carry a JSON error, so API views point ``request.urlconf`` here once the
view has run: the middleware then sees no language-prefixed patterns and leaves the response alone.
"""

urlpatterns = []

URLCONF = __name__


def keep_status(request):
    """Stops the locale and slash middleware from turning this request's 404 into a redirect."""
    request.urlconf = URLCONF
