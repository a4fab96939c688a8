"""English translations of the main demo pages, made through wagtail-localize so editors can go on translating them."""

from collections import defaultdict

from wagtail.models import Locale, Page
from wagtail_localize.models import (
    LocaleSynchronization,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import StringSegmentValue
from wagtail_localize.synctree import PageIndex, synchronize_tree

from .memo_text import memo_html

HOME = {
    "title": "Front page",
    "slug": "home",
    "intro": (
        "<p>Inter-municipal meeting portal of the 17 municipalities of Region Sjælland: agendas, minutes and memos of "
        "KKR Sjælland, K17, EKO, N17 and the municipal members of the Regional Growth Forum.</p>"
    ),
}

# English text per body, by the demo's key; rich text keeps the Danish paragraphs, headings and list items one to one.
BODIES = {
    "kkr": {
        "title": "Municipal Contact Council (KKR Sjælland)",
        "slug": "municipal-contact-council",
        "short_name": "KKR",
        "summary": "The municipal contact council, where the 17 municipalities of Region Sjælland work together "
        "politically.",
        "meeting_rhythm": "4 times a year",
        "purpose": (
            "<p>KKR Sjælland is the political forum of the 17 municipalities of Region Sjælland. KKR sets out the "
            "municipalities' common positions towards the region and the Regional Growth Forum.</p>"
            "<p>In the autumn of 2007 KKR adopted a new organisation of the municipal work with the growth forum, "
            "which "
            "took effect on 1 January 2008. KKR has set up a number of consortia that deal with subjects of particular "
            "cross-municipal relevance, such as tourism, business development and education.</p>"
        ),
    },
    "k17": {
        "title": "K17 – Circle of Chief Executives",
        "slug": "k17",
        "short_name": "K17",
        "summary": "The circle of the 17 municipal chief executives in Region Sjælland.",
        "meeting_rhythm": "4 times a year",
        "purpose": (
            "<p>K17 is the circle of municipal chief executives in Region Sjælland and prepares the cases for KKR "
            "Sjælland.</p><p>K17 has appointed 6 chief executives to K17's business group, which follows the work with "
            "the Regional Growth Forum.</p>"
        ),
    },
    "k17-erhverv": {
        "title": "K17 business group",
        "slug": "business-group",
        "short_name": "K17 business",
        "summary": "Six chief executives who oversee the Business Coordination Group.",
        "meeting_rhythm": "4 times a year",
        "purpose": (
            "<p>K17's business group is K17's steering group for the work with the Regional Growth Forum. The Business "
            "Coordination Group reports to the business group.</p>"
            "<p>The municipalities are represented in the growth forum's recommendations secretariat by the chair of "
            "K17's business group. The chair and representatives of the coordination group arrange and hold a "
            "pre-meeting with the municipal members before each meeting of the growth forum.</p>"
        ),
    },
    "eko": {
        "title": "Business Coordination Group (EKO)",
        "slug": "business-coordination-group",
        "short_name": "EKO",
        "summary": "One officer from each of Holbæk, Kalundborg, Køge, Lolland, Næstved, Slagelse and Sorø.",
        "meeting_rhythm": "About once a quarter with the Growth Forum secretariat",
        "purpose": (
            "<p>On 1 January 2008 the Business Coordination Group replaced the municipal participation in the growth "
            "forum's Wednesday secretariat, with the same staffing. The group reports to K17's business group.</p>"
            "<h2>Tasks</h2><ul>"
            "<li>Support for the recommendations secretariat: gathering the comments of the case handlers in N17 and "
            "passing them on to the municipal representative.</li>"
            "<li>Serving the municipal members of the growth forum, including one briefing memo with comments on the "
            "current agenda and a pre-meeting before each meeting of the growth forum.</li>"
            "<li>Greater visibility and coordination of the local business development strategies.</li>"
            "<li>The work with the municipal consortia.</li>"
            "<li>Secretariat for the network (N17).</li></ul>"
            "<p>Sorø provides an officer who acts as the group's secretary. A coordinator links the network group, "
            "K17's business group and KKR's secretariat.</p>"
        ),
    },
    "n17": {
        "title": "Municipal Business Network (N17)",
        "slug": "n17",
        "short_name": "N17",
        "summary": "A network with representatives of all 17 municipalities of the region.",
        "meeting_rhythm": "6 times a year",
        "purpose": (
            "<p>The members of the network group are municipal officers and managers who work with planning, business "
            "and/or development close to the administrative and political leadership. Its purpose is to make sure that "
            "the municipalities together can pursue common municipal interests at an operational level towards the "
            "region and other relevant parties.</p>"
            "<h2>The network shall</h2><ul>"
            "<li>Act as a channel of information to the 17 municipalities of Region Sjælland</li>"
            "<li>Be a sounding board for the work of the coordination group</li>"
            "<li>Work with the joint municipal projects supported by the growth forum, including the consortia</li>"
            "<li>Pass on and discuss the cross-municipal work with the operators of the local business service</li>"
            "<li>Take on other ad hoc tasks given to the group by K17 or KKR</li></ul>"
            "<p>The members split the growth forum's focus areas among themselves and act as case handlers on "
            "applications for co-financing.</p>"
        ),
    },
    "vaekstforum": {
        "title": "Regional Growth Forum (Vækstforum Sjælland)",
        "slug": "regional-growth-forum",
        "short_name": "Growth Forum",
        "summary": "The regional growth forum, which decides on co-financing of business development projects.",
        "meeting_rhythm": "5 times a year",
        "purpose": (
            "<p>The Regional Growth Forum draws up the regional business development strategy and action plan and "
            "recommends projects for co-financing. The municipalities have six members in the growth forum.</p>"
            "<p>The region provides the Growth Forum secretariat in Sorø.</p>"
        ),
    },
    "vf-sekretariat": {
        "title": "Growth Forum secretariat",
        "slug": "growth-forum-secretariat",
        "short_name": "GF secretariat",
        "summary": "The growth forum's secretariat, which the region provides in Sorø.",
        "purpose": (
            "<p>The secretariat prepares the growth forum's meetings and handles applications for co-financing. "
            "The Business Coordination Group meets the secretariat about once a quarter.</p>"
        ),
    },
    "indstilling": {
        "title": "Recommendations secretariat",
        "slug": "recommendations-secretariat",
        "short_name": "Recommendations secretariat",
        "summary": "Prepares recommendations to the growth forum on applications for co-financing.",
        "purpose": (
            "<p>The municipalities are represented in the recommendations secretariat by the chair of K17's business "
            "group, who is briefed by the Business Coordination Group with contributions from the case handlers in "
            "N17.</p>"
        ),
    },
    "formandskab": {
        "title": "Chair of the Regional Growth Forum",
        "slug": "chair",
        "short_name": "Chair",
        "summary": "The growth forum's chair, who meets ahead of the meetings of the growth forum.",
        "purpose": "<p>The chair prepares the growth forum's meetings and agendas.</p>",
    },
}

# The N17 working groups in English, by their slug: title, field, short name, mandate (as in organisation.py).
WORKING_GROUPS = {
    "basisfunktioner": (
        "Core functions, coordination and exchange with K17",
        "basic-functions",
        "Coordination",
        "WG Core",
        "Keeps the network running, plans its meetings and exchanges with K17's business group.",
    ),
    "erhvervsservice": (
        "Business service and skills development",
        "business-service",
        "Business service",
        "WG Business service",
        "Coordinates the local business service and the skills development of the municipalities' staff.",
    ),
    "sundhed": (
        "Health",
        "health",
        "Health and welfare",
        "WG Health",
        "Follows the growth forum's work on health innovation.",
    ),
    "turisme": (
        "Tourism/experience economy",
        "tourism",
        "Tourism",
        "WG Tourism",
        "Prepares joint projects in tourism and the experience economy together with the Tourism Consortium.",
    ),
    "energi-og-klima": (
        "Energy and Climate",
        "energy-and-climate",
        "Energy and climate",
        "WG Energy",
        "Brings together the municipalities' work on renewable energy, energy savings and climate adaptation.",
    ),
    "transport-og-logistik": (
        "Transport and logistics",
        "transport-and-logistics",
        "Transport",
        "WG Transport",
        "Works for better conditions for the transport and logistics trades in the region.",
    ),
    "overvaagningsprogrammet": (
        "The monitoring programme and “Good local conditions for business”",
        "monitoring-programme",
        "Business climate",
        "WG Monitoring",
        "Follows the monitoring programme and the municipalities' work on good local conditions for business.",
    ),
    "infrastruktur-trafik": (
        "Infrastructure/traffic",
        "infrastructure-traffic",
        "Infrastructure",
        "WG Infrastructure",
        "Prepares joint municipal contributions on infrastructure and traffic.",
    ),
}
WORKING_GROUP_SET_UP = "Set up by N17 when the network was founded in March 2008."

# KKR's consortia in English, by their slug: title, slug, theme, description.
CONSORTIA = {
    "turismekonsortiet": (
        "Tourism Consortium",
        "tourism-consortium",
        "Tourism and experience economy",
        "Draws up joint projects on coastal and nature tourism for the Regional Growth Forum.",
    ),
    "erhvervsudviklingskonsortiet": (
        "Business Development Consortium",
        "business-development-consortium",
        "Business development and entrepreneurship",
        "Brings the municipalities together on entrepreneurship, growth companies and a joint business service.",
    ),
    "uddannelseskonsortiet": (
        "Education Consortium",
        "education-consortium",
        "Education and skills",
        "Works for a higher level of education and better skills in businesses.",
    ),
}


def group_fields():
    """The English fields of each working group and consortium, by the demo's key (their slug)."""
    fields = {}
    for key, (title, slug, field, short_name, mandate) in WORKING_GROUPS.items():
        fields[key] = {
            "title": title,
            "slug": slug,
            "short_name": short_name,
            "field": field,
            "summary": mandate,
            "mandate": f"<p>{mandate}</p><p>{WORKING_GROUP_SET_UP}</p>",
        }
    for key, (title, slug, theme, description) in CONSORTIA.items():
        fields[key] = {
            "title": title,
            "slug": slug,
            "short_name": title,
            "theme": theme,
            "summary": description,
            "description": f"<p>{description}</p>",
        }
    return fields


MEMO_ARCHIVE = {
    "title": "Memos",
    "slug": "memos",
    "intro": (
        "<p>Memos from KL, the Business Coordination Group and the Municipal Business Network on the municipalities' "
        "work with the Regional Growth Forum. The memos can be searched in full text.</p>"
    ),
}

# KL's memo of 19 January 2009 in English, block for block as memo_text.memo_blocks() reads the Danish original.
MEMO_2009_BLOCKS = [
    ("h2", "The original model for the municipalities' part in the Growth Forum secretariat"),
    (
        "p",
        "The municipalities of Region Sjælland used to be represented in the growth forum secretariat, which the "
        "region "
        "is required to provide, by 6 municipal officers. The officers were present in the growth forum secretariat in "
        "Sorø at least one day a week – the Wednesday secretariat – and had set aside 2 days a week for the work with "
        "the growth forum.",
    ),
    (
        "p",
        "The municipal officers worked on behalf of all municipalities in Region Sjælland. They were based in home "
        "municipalities and areas that were politically represented in the growth forum.",
    ),
    ("p", "Municipal members of the Regional Growth Forum:"),
    (
        "ul",
        [
            "Poul Lindor Nielsen (S), Mayor, Roskilde Municipality",
            "Stig Vestergaard (S), Mayor, Lolland Municipality",
            "Henning Jensen (S), Mayor, Næstved Municipality",
            "Lis Tribler (S), Mayor, Slagelse Municipality",
            "Jens Stenbæk (V), Deputy Mayor, Holbæk Municipality",
            "Niels Hörup (V), Mayor, Solrød Municipality",
        ],
    ),
    (
        "p",
        "The group served as the secretariat of the municipal members of the growth forum, preparing meetings, holding "
        "pre-meetings and so on. The group also linked the growth forum and KKR, and its members kept in close touch.",
    ),
    (
        "p",
        "It was originally agreed that the officers would be jointly financed through a refund scheme, but this "
        "agreement was later abandoned.",
    ),
    ("h2", "Experience from the original secretariat model"),
    (
        "p",
        "Taking part in the growth forum's secretariat laid the ground for close knowledge of and cooperation between "
        "the region's business development staff and the municipal business officers. It also helped leave a strong "
        "municipal mark on the growth forum's 4-year business development strategy. The Regional Growth Forum has had "
        "a business development strategy and an action plan drawn up that the municipalities can identify with.",
    ),
    (
        "p",
        "In the autumn of 2007, however, KKR Sjælland and K17 (the circle of chief executives in Region Sjælland) "
        "decided to reorganise the work with the growth forum. The work had entered a new phase, mostly handling "
        "projects, which was quite different from formulating a strategy and the first action plan for 2007. Several "
        "things had become “business as usual”.",
    ),
    (
        "p",
        "The municipalities agreed that it remained essential to take part in serving the Regional Growth Forum, but "
        "that the resources set aside for the growth forum secretariat could be scaled down. Instead, resources were "
        "to "
        "be freed to give priority to and strengthen inter-municipal cooperation, while the focus turned to the "
        "strategic level, reflecting KKR Sjælland's wish to be more proactive in the field. There was also a need to "
        "involve the municipalities more systematically in recommending projects for co-financing from the Regional "
        "Growth Forum.",
    ),
    ("h2", "The new model"),
    (
        "p",
        "In the autumn of 2007 KKR adopted a new proposal for the organisation, to strengthen the administrative "
        "support for the business policy decisions taken locally in each municipal council, in KKR and in the growth "
        "forum.",
    ),
    ("p", "The new model took effect on 1 January 2008."),
    ("p", "The new model was meant to support:"),
    (
        "ul",
        [
            "The municipalities' cooperation and the pursuit of their interests in business matters",
            "That the municipal business development strategies were included in the Regional Growth Forum's business "
            "development strategy",
            "That the municipalities took an active part in carrying out the regional business development strategy "
            "and "
            "in the growth forum's projects",
        ],
    ),
    ("p", "The model consists of"),
    (
        "ul",
        [
            "A business coordination group (EKO)",
            "A municipal business network in which all 17 municipalities take part (N17)",
            "A number of working groups set up by the joint municipal network",
        ],
    ),
    ("h2", "The Business Coordination Group (EKO)"),
    (
        "p",
        "The municipal participation in the growth forum's Wednesday secretariat is replaced by a new municipal "
        "business "
        "coordination group, with the same staffing.",
    ),
    (
        "p",
        "The group consists of one officer from each of the municipalities Holbæk, Kalundborg, Køge, Lolland, Næstved, "
        "Slagelse and Sorø. The coordination group reports to K17's steering group, which is also K17's business "
        "group. "
        "K17 is the circle of chief executives in Region Sjælland and has appointed 6 chief executives to the business "
        "group.",
    ),
    ("h3", "K17's business group 2009"),
    (
        "ul",
        [
            "Chief Executive Thomas Knudsen (chair) (Lolland)",
            "Chief Executive Torben Kjærgaard (Greve)",
            "Chief Executive Henrik Kolind (Roskilde)",
            "Chief Executive Erik K. Andersen (Holbæk)",
            "Chief Executive Søren Hovmand (Vordingborg)",
            "Chief Executive Henrik Damm (Kalundborg)",
        ],
    ),
    (
        "p",
        "The coordination group no longer takes part in the secretariat's work every Wednesday in Sorø. Meetings with "
        "the growth forum secretariat have been reduced to about once a quarter.",
    ),
    ("p", "The tasks of the coordination group are:"),
    ("h3", "Support for the recommendations secretariat"),
    (
        "p",
        "The municipalities are represented in the growth forum's recommendations secretariat by the chair of K17's "
        "business group. To safeguard the municipal interests, the municipal representative must be briefed as well as "
        "possible. There are many applications to consider, so the network group (N17), made up of all the "
        "municipalities of the region, splits the growth forum's focus areas among its members, who act as case "
        "handlers in each area. The coordination group gathers the comments of the “case handlers” and passes them on "
        "to the municipal representative.",
    ),
    ("h3", "Serving the municipal members of the growth forum, including meetings of the growth forum's chairmanship"),
    (
        "p",
        "The work consists of writing one briefing memo with comments on the current agenda. The chair of K17's "
        "business group and representatives of the coordination group arrange and hold a pre-meeting with the "
        "municipal members before each meeting of the growth forum.",
    ),
    (
        "h3",
        "Greater visibility and coordination of the local business development strategies, to integrate them better "
        "in the growth forum's strategy",
    ),
    (
        "p",
        "Here it is important that the municipalities clarify their priorities, for example by formulating a local "
        "business policy, as a starting point for the dialogue about greater influence and integration in the regional "
        "strategy.",
    ),
    ("h3", "The work with the municipal “consortia”"),
    (
        "p",
        "KKR has set up a number of consortia that deal with subjects of particular cross-municipal relevance, such as "
        "tourism, business development and education, in connection with and with a view to formulating projects for "
        "the regional growth forum.",
    ),
    (
        "p",
        "The coordination group has both initiated and coordinated the municipalities' joint applications to the "
        "growth "
        "forum. Now the projects are to be rolled out, and the coordination group is expected to follow them in "
        "smaller "
        "working groups together with more people from the network group.",
    ),
    ("h3", "Secretariat for the network (N17)"),
    (
        "p",
        "To keep the work of N17 (see below) running and coordinated, the coordination group is responsible for "
        "coordinating and serving as secretariat of the network and its work.",
    ),
    (
        "p",
        "A coordinator has been appointed for the coordination group, whose main role is to link the network group, "
        "K17's business group and KKR's secretariat.",
    ),
    ("h2", "The Municipal Business Network (N17)"),
    (
        "p",
        "As something new, a network with representatives of all municipalities in the region has been set up. The "
        "members of the network group are municipal officers and managers who work with planning, business and/or "
        "development close to the administrative and political leadership. The members are not operators in the local "
        "business service. The network group meets 6 times a year.",
    ),
    (
        "p",
        "The purpose of the network group is to make sure that the municipalities together are able to pursue common "
        "municipal interests at an operational level towards the region and other relevant parties.",
    ),
    ("p", "The network shall:"),
    (
        "ul",
        [
            "Act as a channel of information to the 17 municipalities of Region Sjælland",
            "Be a sounding board for the work of the coordination group",
            "Work with the joint municipal projects supported by the growth forum, including the municipal consortia",
            "Pass on and discuss the cross-municipal business work with the operators of the local business service",
            "Take on other ad hoc tasks given to the group by K17 or KKR, and make concrete contributions to the "
            "discussions in those bodies",
        ],
    ),
    ("h2", "Working groups"),
    ("p", "The network group can set up working groups as needed."),
    (
        "p",
        "When the network was established (March 2008), working groups were set up for the following fields:",
    ),
    (
        "ul",
        [
            "Basic functions, coordination and exchange with K17",
            "Business service and skills development",
            "Health",
            "Tourism and the experience economy",
            "Energy and climate",
            "Transport and logistics",
            "The monitoring programme and “Good local conditions for business”",
            "Infrastructure and traffic.",
        ],
    ),
    ("h2", "Evaluation of the new model"),
    (
        "p",
        "In the spring of 2009 the municipal administrative structure for the cooperation in the growth forum and KKR "
        "will be evaluated. A process plan has been set for KKR. The evaluation will focus in particular on defining "
        "the "
        "main municipal interests and focus areas in the growth forum's cooperation, and on developing tools that let "
        "the municipalities set priorities among the many tasks that come with the growth forum.",
    ),
    (
        "p",
        "A parallel plan has been drawn up for KKR's handling of the business development centre (Væksthus Sjælland) "
        "and for ensuring the link between Væksthus Sjælland and the Regional Growth Forum.",
    ),
    (
        "p",
        "The first experience with the present administrative structure is that the Regional Growth Forum now concerns "
        "more municipalities in the region, which have thereby gained a greater sense of ownership of and influence on "
        "the business cooperation.",
    ),
    ("p", "At the same time the model may need strengthening on a number of points:"),
    (
        "p",
        "Among other things, the secretariat staff in the coordination group find that meeting the growth forum "
        "secretariat once a quarter is too seldom. The municipalities lose influence and important information is "
        "lost. "
        "There is a need to meet at least once a month.",
    ),
    (
        "p",
        "It is also an ongoing challenge to give the coordination group a permanent footing. At present Sorø provides "
        "an officer who acts as the coordination group's secretary. This function is very important to the group's "
        "work and should be made permanent.",
    ),
    (
        "p",
        "In general the coordination group finds it a problem that the municipalities lack skills in structural fund "
        "procedures and project design. These skills lay mainly with the former counties, whose staff now work for the "
        "Regional Growth Forum. This leaves the municipalities weak in the competition for project funds.",
    ),
    (
        "p",
        "Finally – as noted above – it is essential to define the municipalities' main interests, as otherwise there "
        "is "
        "a risk that the municipalities are left with a very reactive role, because there is so much material and so "
        "many proposals from the growth forum to respond to that it can be hard to find the strength to set the agenda "
        "themselves.",
    ),
]

# The growth forum's focus areas in English, by their Danish names.
FOCUS_AREAS = {
    "Turisme": ("Tourism", "Coastal and nature tourism, culture and the experience economy."),
    "Sundhed og velfærdsteknologi": (
        "Health and welfare technology",
        "Health innovation, welfare technology and cooperation with the hospitals.",
    ),
    "Energi og klima": ("Energy and climate", "Renewable energy, energy efficiency and climate adaptation."),
    "Transport og logistik": (
        "Transport and logistics",
        "The region's position between Copenhagen, the Fehmarn Belt and the Great Belt.",
    ),
    "Uddannelse og kompetencer": (
        "Education and skills",
        "Raising the level of education and developing skills in businesses.",
    ),
    "Iværksætteri": ("Entrepreneurship", "More and better entrepreneurs and growth companies."),
}

MEMO_2009 = {
    "title": "The municipalities' organisation of the work with the Regional Growth Forum in Region Sjælland",
    "slug": "municipal-organisation-of-the-growth-forum-work",
    "sender": "KL (Local Government Denmark)",
}


def _english_segments(instance):
    """The string segments of an unsaved English version of a page, grouped by field path in page order."""
    grouped = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            grouped[segment.path].append(segment.string.data)
    return grouped


def _store_string_translations(source, english, locale):
    """Records the English text of each source string, field by field; a field whose shape differs is left "
    "untranslated."""
    danish = defaultdict(list)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context").order_by("order"):
        danish[segment.context.path].append(segment)
    for path, segments in danish.items():
        texts = english.get(path, [])
        if len(texts) != len(segments):
            continue
        for segment, text in zip(segments, texts, strict=True):
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
            )


def translate_page(page, fields, locale, after=None):
    """The English translation of ``page`` with ``fields`` as its text, made and published once: (page, created).

    ``after`` may change the new translation (e.g. relations wagtail-localize leaves alone) before it is published.
    """
    page = page.specific
    existing = page.get_translation_or_none(locale)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    done = Translation.objects.filter(source=source, target_locale=locale).exists()
    if existing is not None and not existing.alias_of_id and done:
        return existing.specific, False
    english = type(page).objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(english, name, value)
    _store_string_translations(source, _english_segments(english), locale)
    Translation.objects.get_or_create(source=source, target_locale=locale)
    translated, _ = source.create_or_update_translation(locale, publish=False, fallback=True, copy_parent_pages=True)
    if after is not None:
        after(translated)
    revision = translated.save_revision() if after is not None else translated.get_latest_revision()
    revision.publish()
    translated.refresh_from_db()
    return translated, True


def translate_snippet(obj, fields, locale):
    """The English translation of a translatable snippet (e.g. a focus area), made once; returns (object, created)."""
    existing = obj.get_translation_or_none(locale)
    if existing is not None:
        return existing, False
    source, _ = TranslationSource.get_or_create_from_instance(obj)
    english = type(obj).objects.get(pk=obj.pk)
    for name, value in fields.items():
        setattr(english, name, value)
    _store_string_translations(source, _english_segments(english), locale)
    Translation.objects.get_or_create(source=source, target_locale=locale)
    translated, _ = source.create_or_update_translation(locale, fallback=True)
    return translated, True


def english_counterparts(pages, locale):
    """The English versions of ``pages`` where they exist (translations or placeholders), else the pages themselves."""
    return [p.get_translation_or_none(locale) or p for p in pages]


def translate_demo(loader):
    """English translations of the home page, every body, working group and consortium, the memo archive, the 2009 memo
    and the focus areas."""
    english = Locale.objects.get(language_code="en")
    created = 0
    plan = [(loader.home, HOME)]
    plan += [(loader.organisations[key], fields) for key, fields in BODIES.items()]
    plan += [(loader.organisations[key], fields) for key, fields in group_fields().items()]
    plan.append((loader.memo_archive, MEMO_ARCHIVE))
    for page, fields in plan:
        translated, new = translate_page(page, fields, english)
        if new:
            loader.touched.append(translated)
        created += new

    for danish_name, (name, description) in FOCUS_AREAS.items():
        focus_area = loader.focus_areas.get(danish_name)
        if focus_area is not None:
            created += translate_snippet(focus_area, {"name": name, "description": description}, english)[1]

    memo = loader.memo_2009

    def link_english_bodies(translated):
        translated.related_organisations = english_counterparts(memo.related_organisations.all(), english)

    fields = {**MEMO_2009, "body": memo_html(MEMO_2009_BLOCKS)}
    translated, new = translate_page(memo, fields, english, after=link_english_bodies)
    if new:
        loader.touched.append(translated)
    created += new
    return len(plan) + 1 + len(FOCUS_AREAS), created


def synchronise_english_tree():
    """Sets the English tree to follow the Danish one, and adds a placeholder (alias) for each untranslated page."""
    danish = Locale.objects.get(language_code="da")
    english = Locale.objects.get(language_code="en")
    before = Page.objects.filter(locale=english).count()
    # Saving the setting runs wagtail-localize's synchronisation; when it exists already, run it for new pages.
    _sync, new = LocaleSynchronization.objects.get_or_create(locale=english, defaults={"sync_from": danish})
    if not new:
        synchronize_tree(danish, english, page_index=PageIndex.from_database().sort_by_tree_position())
    total = Page.objects.filter(locale=english).count()
    return total, total - before
