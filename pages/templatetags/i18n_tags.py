"""Template tags for the two languages: hreflang links, the language switcher and the “not translated yet” notice."""

from django import template
from django.utils.html import format_html

from pages import i18n

register = template.Library()


@register.inclusion_tag("includes/hreflang_links.html", takes_context=True)
def hreflang_links(context):
    """<link rel="alternate" hreflang="…"> for each live translation of the page being shown, and x-default."""
    request = context.get("request")
    return {"alternates": i18n.alternates(request, context.get("page")) if request is not None else []}


@register.simple_tag(takes_context=True)
def language_links(context):
    """The language switcher's links: the same page in each language, or that language's home with a notice."""
    return i18n.switcher_links(context.get("request"), context.get("page"))


@register.inclusion_tag("includes/untranslated_notice.html", takes_context=True)
def untranslated_notice(context):
    """Tells a visitor sent here by the language switcher that the page they came from is not translated yet."""
    return {"show": i18n.shows_untranslated_notice(context.get("request")), "language": i18n.current_language()}


@register.filter
def lang_attr(page):
    """`` lang="da"`` for a page whose text is Danish on an English page (an untranslated placeholder), else ""."""
    code = i18n.content_language(page)
    return format_html(' lang="{}"', code) if code else ""


@register.simple_tag
def source_lang_attr():
    """`` lang="da"`` on English pages, for text the portal never translates (agenda items, names of places)."""
    code = i18n.untranslated_language()
    return format_html(' lang="{}"', code) if code else ""


@register.inclusion_tag("includes/placeholder_notice.html", takes_context=True)
def placeholder_notice(context):
    """On an English placeholder of a Danish page: says the page is not translated yet and is shown in Danish."""
    return {"language": i18n.content_language(context.get("page"))}
