"""Live translations of a page for hreflang links and the language switcher, and keeping translations in step."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import pre_save
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.http import urlencode
from wagtail.models import Page
from wagtail.signals import page_published
from wagtail_localize.models import Translation, TranslationSource

from pages import visibility
from pages.formatting import current_language
from portal import addresses

# Each language is named in itself, so that a visitor who cannot read the current one still finds their own.
AUTONYMS = {"da": "Dansk", "en": "English"}


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def live_translations(page):
    """The live, public versions of ``page`` in every language, by language code, in one query.

    A placeholder (an alias in the English tree of a Danish page) counts: it is the page's address in that language,
    shown with its Danish text marked as Danish and a notice that it is not translated yet (``content_language``).
    """
    cached = getattr(page, "_portal_live_translations", None)
    if cached is not None:
        return cached
    pages = (
        visibility.public().pages(Page.objects.filter(translation_key=page.translation_key)).select_related("locale")
    )
    found = {p.locale.language_code: p for p in pages}
    page._portal_live_translations = found
    return found


def _route_suffix(request, page):
    """The part of the address after the page's own, e.g. ``meetings/`` on a routable page's archive."""
    page_url = page.get_url(request=request) or ""
    path = request.path
    if page_url and path.startswith(page_url):
        return path[len(page_url) :]
    return ""


def _query(request, drop=()):
    params = [(k, v) for k, values in request.GET.lists() if k not in drop for v in values]
    return f"?{urlencode(params)}" if params else ""


def home_url(language):
    """The address of a language's home page: /da/ or /en/."""
    with translation.override(language):
        return reverse("wagtail_serve", args=[""])


def untranslated_url(language):
    """The home page of ``language`` with the notice that the page the visitor came from is not translated yet."""
    return f"{home_url(language)}?{urlencode({settings.PORTAL_UNTRANSLATED_PARAMETER: 1})}"


def _is_page_view(request):
    match = getattr(request, "resolver_match", None)
    return match is None or match.url_name == "wagtail_serve"


def page_versions(request, page):
    """``{language: url}`` of the live, public translations of the page or view being shown, with the same sub-route."""
    if request is None:
        return {}
    if isinstance(page, Page):
        suffix = _route_suffix(request, page)
        versions = {}
        for code, version in live_translations(page).items():
            url = version.get_url(request=request)
            if url:
                versions[code] = url + suffix
        return versions
    if _is_page_view(request):
        # A page that was not found, or a view without a page of its own: no counterpart is known.
        return {}
    # A view under i18n_patterns (search, calendars) exists in every language at the translated address.
    return {code: translate_url(request.path, code) for code in language_codes()}


def alternates(request, page):
    """``[(hreflang, absolute url)]`` for <link rel="alternate">: each live translation, and x-default for Danish."""
    versions = page_versions(request, page)
    links = [(code, addresses.absolute(versions[code])) for code in language_codes() if code in versions]
    default = versions.get(settings.LANGUAGE_CODE)
    if default:
        links.append(("x-default", addresses.absolute(default)))
    return links


def switcher_links(request, page):
    """One link per language: the same page in that language, or its home page with a notice when there is none."""
    current = current_language()
    versions = page_versions(request, page)
    links = []
    for code in language_codes():
        if code == current:
            url = request.get_full_path() if request is not None else home_url(code)
            available = True
        elif code in versions:
            url = versions[code] + (_query(request, drop={settings.PORTAL_UNTRANSLATED_PARAMETER}) if request else "")
            available = True
        else:
            url = untranslated_url(code)
            available = False
        links.append(
            {
                "code": code,
                "name": AUTONYMS.get(code, code),
                "url": url,
                "current": code == current,
                "available": available,
            }
        )
    return links


def content_language(page):
    """The language ``page``'s own text is written in when it is not the interface language, else "".

    A placeholder (alias) in the English tree shows its Danish source's text; so do agenda items everywhere, which
    are not translated (see ``untranslated_language``).
    """
    if page is None or not getattr(page, "alias_of_id", None):
        return ""
    return untranslated_language()


def untranslated_language():
    """The source language (Danish) when the interface is in another language, else "": for text never translated."""
    return settings.LANGUAGE_CODE if current_language() != settings.LANGUAGE_CODE else ""


def shows_untranslated_notice(request):
    return request is not None and settings.PORTAL_UNTRANSLATED_PARAMETER in request.GET


# -- keeping translations in step with their source ---------------------------------------------------------------


def update_translations(page, user=None):
    """Brings the live translations of a source page up to date: synchronised fields (times, places, journal numbers)
    follow at once; translated text keeps its translation, and new source text shows until it is translated."""

    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return 0
    translations = list(Translation.objects.filter(source=source, enabled=True).select_related("target_locale"))
    if not translations:
        return 0
    source.update_from_db()
    updated = 0
    for item in translations:
        try:
            target = item.get_target_instance()
        except ObjectDoesNotExist:
            continue
        if not target.live:
            continue
        translated, _created = source.create_or_update_translation(
            item.target_locale, user=user, publish=False, fallback=True, copy_parent_pages=True
        )
        translated.get_latest_revision().publish(user=user)
        updated += 1
    return updated


def _source_published(sender, instance, revision=None, **kwargs):
    page = instance
    if page.alias_of_id or getattr(page, "_portal_updating_translations", False):
        return
    page._portal_updating_translations = True
    try:
        update_translations(page, user=getattr(revision, "user", None))
    finally:
        page._portal_updating_translations = False


def _alias_follows_source(sender, instance, raw=False, **kwargs):
    """An alias is never live while its source is not: Wagtail publishes aliases whenever their source's revision is
    approved, even when that revision is only scheduled to go live later."""
    if raw or not isinstance(instance, Page) or not instance.alias_of_id or not instance.live:
        return
    source = Page.objects.filter(pk=instance.alias_of_id).values("live", "expire_at").first()
    expired = source is not None and source["expire_at"] is not None and source["expire_at"] <= timezone.now()
    if source is None or not source["live"] or expired:
        instance.live = False


def connect():
    """Keeps translations in step: each time a source page is published, its live translations follow; an alias
    never goes live before its source."""

    page_published.connect(_source_published, dispatch_uid="portal-update-translations")
    pre_save.connect(_alias_follows_source, dispatch_uid="portal-alias-follows-source")
