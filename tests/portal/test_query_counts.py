"""Query discipline: every public page type renders in a bounded number of queries.

Each case builds one kind of page twice, once with a single related item of every kind the
page lists (child, citation, rule, term, related page, programme …) and once with many, and
renders both as an anonymous reader. The counts must be equal, so an N+1 query fails here, and
below the case's ceiling, so a new constant query is noticed too.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from checklists.models import County, Municipality
from directory.models import DirectoryPage
from guidance.models import DeficiencyExample, RoleAttribute, Rule
from tests.factories import (
    ChecklistPageFactory,
    DeficiencyTaxonomyPageFactory,
    DilemmaPageFactory,
    DirectoryPageFactory,
    EligibilityGuidePageFactory,
    FiguresPageFactory,
    GlossaryPageFactory,
    GuidancePageFactory,
    OnboardingPageFactory,
    RoleComparisonPageFactory,
    RuleSetPageFactory,
    SourcesPageFactory,
    StandardPageFactory,
)
from tests.factories.checklists import ProgrammeFactory, checklist_areas, publish
from tests.factories.eligibility import guide_steps, outcome
from tests.factories.figures import DataSetFactory, chart_body
from tests.factories.guidance import (
    RoleProfileFactory,
    RuleFactory,
    RuleSetFactory,
    SourceFactory,
    TermFactory,
)
from tests.factories.onboarding import onboarding_modules

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 12


@dataclass(frozen=True)
class Rendering:
    url: str
    marker: str  # appears at least once per related item in the rendered page
    shown: int | None = None  # how many items the page shows at most (one rule, a result page)


Builder = Callable[[Page, int], Rendering]


def _page_links(parent: Page, count: int, prefix: str) -> list[Page]:
    return [
        StandardPageFactory(parent=parent, title=f"{prefix} {i}", slug=f"{prefix}-{i}".lower())
        for i in range(count)
    ]


def _section(home: Page, slug: str) -> Page:
    return GuidancePageFactory(parent=home, title=f"Avsnitt {slug}", slug=slug)


# Builders: (home, n) → a page showing n related items of every kind it lists -----------------


def home_page(home: Page, n: int) -> Rendering:
    tools = _page_links(home, n, f"Verktyg{n}")
    home.entry_points = [
        (
            "entry_point",
            {"audience": "stod", "heading": "Stöd", "text": "T", "page": tools[0], "tools": tools},
        )
    ]
    home.save_revision().publish()
    return Rendering("/sv/", f"Verktyg{n} ")


def standard_page(home: Page, n: int) -> Rendering:
    page = StandardPageFactory(parent=home, slug=f"standard-{n}")
    _page_links(page, n, f"Barn{n}")
    return Rendering(page.url, f"Barn{n} ")


def _rules(n: int, *, replaced: bool) -> list[Rule]:
    """n rules, each in its own rule set (with a live rule page) and replaced by a newer rule."""
    rules = []
    for i in range(n):
        rule = RuleFactory(text=f"Regeltext {n}-{i}.")
        if replaced:
            newer = RuleFactory(rule_set=rule.rule_set, text=f"Ny regel {n}-{i}.")
            rule.superseded_by = newer
            rule.save()
        rules.append(rule)
    return rules


def _guidance_body(home: Page, n: int) -> list:
    terms = [TermFactory(term=f"Ord{n}x{i}") for i in range(n)]
    sources = [SourceFactory(title=f"Källa{n}x{i}") for i in range(n)]
    rules = _rules(n, replaced=True)
    parent = _section(home, f"regelsidor-{n}")
    for rule in rules:
        RuleSetPageFactory(parent=parent, rule_set=rule.rule_set)
    GlossaryPageFactory(parent=home, slug=f"ordlista-{n}")
    related = _page_links(home, n, f"Relaterad{n}")

    def linked(i):
        return f'<p>Text med <a linktype="term" id="{terms[i].pk}">ord</a>.</p>'

    return [
        *(
            (
                "text",
                {"text": linked(i), "citations": [{"source": sources[i], "locator": f"s. {i}"}]},
            )
            for i in range(n)
        ),
        *(("callout", {"heading": "Bra att veta", "text": linked(i)}) for i in range(n)),
        *(
            ("quote", {"quote": "Ett citat.", "source": sources[i], "locator": f"kap. {i}"})
            for i in range(n)
        ),
        *(("rule_reference", {"rule": rule}) for rule in rules),
        *(("term_reference", {"term": term}) for term in terms),
        (
            "qa",
            {
                "items": [
                    {
                        "question": f"Fråga {i}?",
                        "answer": linked(i),
                        "citations": [{"source": sources[i], "locator": "bilaga"}],
                    }
                    for i in range(n)
                ]
            },
        ),
        ("related_pages", {"heading": "Läs också", "pages": related}),
    ]


def guidance_page(home: Page, n: int) -> Rendering:
    easy = StandardPageFactory(parent=home, slug=f"lattlast-{n}")
    page = GuidancePageFactory(
        parent=home, slug=f"vagledning-{n}", body=_guidance_body(home, n), easy_read_page=easy
    )
    _page_links(page, n, f"Barn{n}")
    return Rendering(page.url, f"Ord{n}x")


def deficiency_taxonomy_page(home: Page, n: int) -> Rendering:
    page = DeficiencyTaxonomyPageFactory(
        parent=home, slug=f"systembrister-{n}", body=_guidance_body(home, n)
    )
    DeficiencyExample.objects.all().delete()
    for i in range(n):
        DeficiencyExample.objects.create(
            title=f"Brist{n}x{i}",
            description="En brist.",
            level="lokal",
            actor="socialtjanst",
            source=SourceFactory(),
            locator="s. 1",
        )
    return Rendering(page.url, f"Brist{n}x")


def dilemma_page(home: Page, n: int) -> Rendering:
    terms = [TermFactory(term=f"Ord{n}x{i}") for i in range(n)]
    links = "".join(f'<a linktype="term" id="{term.pk}">ord</a> ' for term in terms)
    rules = _rules(n, replaced=True)
    parent = _section(home, f"dilemman-{n}")
    for rule in rules:
        RuleSetPageFactory(parent=parent, rule_set=rule.rule_set)
    GlossaryPageFactory(parent=home, slug=f"ordlista-{n}")
    references = [
        *(("citation", {"source": SourceFactory(), "locator": f"s. {i}"}) for i in range(n)),
        *(("rule", rule) for rule in rules),
    ]
    page = DilemmaPageFactory(
        parent=parent,
        slug=f"dilemma-{n}",
        situation=f"<p>{links}</p>",
        considerations=f"<p>{links}</p>",
        questions=[("question", f"Fråga{n}x{i}?") for i in range(n)],
        references=references,
    )
    return Rendering(page.url, f"Regeltext {n}-")


def glossary_page(home: Page, n: int) -> Rendering:
    page = GlossaryPageFactory(parent=home, slug=f"ordlista-{n}")
    for i in range(n):
        TermFactory(term=f"Ord{n}x{i}")
    return Rendering(page.url, f"Ord{n}x")


def sources_page(home: Page, n: int) -> Rendering:
    page = SourcesPageFactory(parent=home, slug=f"kallor-{n}")
    for i in range(n):
        source = SourceFactory(title=f"Källa{n}x{i}")
        citing = GuidancePageFactory(
            parent=home,
            slug=f"citerar-{n}-{i}",
            body=[("quote", {"quote": "Citat.", "source": source, "locator": "s. 1"})],
        )
        citing.save_revision().publish()  # fills Wagtail's reference index
    return Rendering(page.url, f"Källa{n}x")


def _rule_set_page(home: Page, n: int) -> Page:
    rule_set = RuleSetFactory()
    newer_set = RuleSetFactory()
    parent = _section(home, f"regler-{n}")
    page = RuleSetPageFactory(parent=parent, slug=f"regler-{n}", rule_set=rule_set)
    RuleSetPageFactory(parent=parent, slug=f"nya-regler-{n}", rule_set=newer_set)
    for i in range(n):
        newer = RuleFactory(rule_set=newer_set, text=f"Ny regel {n}-{i}.")
        RuleFactory(rule_set=rule_set, text=f"Regeltext {n}-{i}.", superseded_by=newer)
    return page


def rule_set_page(home: Page, n: int) -> Rendering:
    return Rendering(_rule_set_page(home, n).url, f"Regeltext {n}-")


def rule_detail(home: Page, n: int) -> Rendering:
    page = _rule_set_page(home, n)
    rule = page.rule_set.rules.first()
    return Rendering(
        page.url + page.reverse_subpage("rule", kwargs={"key": rule.key}), "Ersatt av", 1
    )


def role_comparison_page(home: Page, n: int) -> Rendering:
    from guidance.models import ComparedAttribute, ComparedRole

    page = RoleComparisonPageFactory(parent=home, slug=f"roller-{n}")
    for i in range(n):
        role = RoleProfileFactory(name=f"Roll{n}x{i}")
        for kind in ("legal_basis", "decision"):
            RoleAttribute.objects.create(
                role=role, attribute=kind, value=f"{kind}.", source=SourceFactory(), locator="s. 1"
            )
        ComparedRole.objects.create(page=page, role=role, sort_order=i)
    for position, kind in enumerate(("legal_basis", "decision")):
        ComparedAttribute.objects.create(page=page, attribute=kind, sort_order=position)
    return Rendering(page.url, f"Roll{n}x")


def checklist_page(home: Page, n: int) -> Rendering:
    rules = _rules(n, replaced=False)
    page = ChecklistPageFactory(
        parent=_section(home, f"tillsyn-{n}"),
        slug=f"checklista-{n}",
        live=False,
        areas=checklist_areas(rules=rules, areas=n, items_per_area=n),
    )
    publish(page)
    return Rendering(page.url, "Fråga ")


def _register(n: int) -> None:
    """n active programmes in Jämtland, each serving its own municipality."""
    jamtland = County.objects.get(code="Z")
    for i in range(jamtland.programmes.count(), n):
        programme = ProgrammeFactory(name=f"Verksamhet {i}", county=jamtland)
        programme.municipalities.set(
            [Municipality.objects.create(name=f"Kommun {i}", county=jamtland)]
        )
        programme.save()  # a ParentalManyToManyField is written on save


def _directory(home: Page) -> Page:
    return DirectoryPage.objects.first() or DirectoryPageFactory(
        parent=_section(home, "stod"), slug="hitta"
    )


def directory_page(home: Page, n: int) -> Rendering:
    _register(n)
    # The start page lists every municipality with what is known about PO there.
    return Rendering(_directory(home).url, "har personligt ombud")


def directory_search(home: Page, n: int) -> Rendering:
    _register(n)
    return Rendering(_directory(home).url + "?q=kommun", "Kommun ")


def directory_county(home: Page, n: int) -> Rendering:
    _register(n)
    page = _directory(home)
    return Rendering(page.url + page.reverse_subpage("county", kwargs={"code": "Z"}), "Verksamhet ")


def eligibility_outcome(home: Page, n: int) -> Rendering:
    links = _page_links(home, n, f"Läs{n}")
    steps = guide_steps()
    steps[3] = outcome("troligen", "Du kan troligen få stöd", links=links)
    steps[3][1]["citations"] = [
        {"source": SourceFactory(title=f"Källa{n}x{i}"), "locator": "s. 1"} for i in range(n)
    ]
    page = EligibilityGuidePageFactory(
        parent=_section(home, f"guide-{n}"), slug=f"guide-{n}", steps=steps
    )
    return Rendering(page.url + "?svar=alder-ja.behov-ja.vill-ja", f"Läs{n} ")


def onboarding_module(home: Page, n: int) -> Rendering:
    section = _section(home, f"ombud-{n}")
    pages = [
        GuidancePageFactory(parent=section, title=f"Läs{n} {i}", slug=f"las-{i}") for i in range(n)
    ]
    page = OnboardingPageFactory(
        parent=section, slug=f"introduktion-{n}", modules=onboarding_modules(pages=pages)
    )
    return Rendering(page.module_url("uppdraget"), f"Läs{n} ")


def onboarding_overview(home: Page, n: int) -> Rendering:
    keys = [f"modul-{i}" for i in range(n)]
    page = OnboardingPageFactory(
        parent=_section(home, f"ombud-{n}"),
        slug=f"introduktion-{n}",
        modules=onboarding_modules(keys=keys),
    )
    return Rendering(page.url, "Modul modul-")


def figures_page(home: Page, n: int) -> Rendering:
    datasets = [DataSetFactory(title=f"Serie{n}x{i}") for i in range(n)]
    page = FiguresPageFactory(
        parent=_section(home, f"siffror-{n}"), slug=f"siffror-{n}", body=chart_body(*datasets)
    )
    return Rendering(page.url, f"Serie{n}x")


def search_page(home: Page, n: int) -> Rendering:
    from tests.search.conftest import guidance_page as indexed_page

    for i in range(Page.objects.filter(title__startswith="Ombudets").count(), n):
        indexed_page(home, title=f"Ombudets uppgift {i}", text="Ombudet hjälper klienten.")
    return Rendering("/sv/sok/?q=ombudet", "Ombudets uppgift", 10)


def sitemap(home: Page, n: int) -> Rendering:
    existing = Page.objects.filter(title__startswith="Sida i kartan").count()
    for i in range(existing, n):
        StandardPageFactory(parent=home, title=f"Sida i kartan {i}", slug=f"karta-{i}")
    return Rendering("/sitemap.xml", "/karta-")


def programmes_api(home: Page, n: int) -> Rendering:
    _register(n)
    return Rendering("/api/verksamheter/", "Verksamhet ")


# Still growing, one query per item; strict, so fixing one turns this into a failure to update.
KNOWN_GROWTH: dict[str, str] = {}

# Ceilings: the measured count (SQLite, warm caches) plus 3. Raise one only with a reason.
CASES: dict[str, tuple[Builder, int]] = {
    "HomePage": (home_page, 18),
    "StandardPage": (standard_page, 21),
    # +1: the locales, read once a request (related links say their language); +2: the changes
    # page for the dated note on aged sources (the page and its view restrictions).
    "GuidancePage": (guidance_page, 41),
    "DeficiencyTaxonomyPage": (deficiency_taxonomy_page, 39),  # +1, +2: as above
    "DilemmaPage": (dilemma_page, 32),
    "GlossaryPage": (glossary_page, 20),
    "SourcesPage": (sources_page, 23),
    "RuleSetPage": (rule_set_page, 26),
    "RuleSetPage-rule": (rule_detail, 24),
    "RoleComparisonPage": (role_comparison_page, 22),
    "ChecklistPage": (checklist_page, 26),
    "DirectoryPage": (directory_page, 24),
    "DirectoryPage-search": (directory_search, 28),
    "DirectoryPage-county": (directory_county, 27),
    "EligibilityGuidePage-outcome": (eligibility_outcome, 24),
    "OnboardingPage": (onboarding_overview, 26),
    "OnboardingPage-module": (onboarding_module, 30),
    "FiguresPage": (figures_page, 24),
    "search": (search_page, 20),
    "sitemap.xml": (sitemap, 12),
    "api-verksamheter": (programmes_api, 5),
}


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    """These tests measure rendering; the page cache in front would answer from memory."""
    settings.PORTAL_PAGE_CACHE = False
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if ".pagecache." not in name]


def _queries(client, rendering: Rendering, expected_items: int) -> int:
    """Queries for one anonymous GET, after a first GET has filled the per-process caches."""
    client.get(rendering.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(rendering.url)
    assert response.status_code == 200, rendering.url
    content = response.content.decode()
    expected_items = min(expected_items, rendering.shown or expected_items)
    assert content.count(rendering.marker) >= expected_items, rendering.marker
    return len(captured.captured_queries)


def test_every_page_type_has_a_case():
    from tests.portal.test_pages import project_page_models

    covered = {name.split("-")[0] for name in CASES}
    assert {model.__name__ for model in project_page_models()} <= covered


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_GROWTH[name], strict=True))
        if name in KNOWN_GROWTH
        else name
        for name in CASES
    ],
)
def test_queries_do_not_grow_with_related_items(client, home, name):
    build, ceiling = CASES[name]
    few = _queries(client, build(home, FEW), FEW)
    many = _queries(client, build(home, MANY), MANY)
    assert many > 0  # a response cache in front would make this test measure nothing
    # Equal, except that the search may read one query less once its word lists are warm.
    assert many <= few, f"{name}: {few} queries with {FEW} items, {many} with {MANY}"
    assert many <= ceiling, f"{name}: {many} queries, ceiling {ceiling}"
