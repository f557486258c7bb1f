"""Every admin screen answers, with and without a search term (issue 16).

The URLs come from Django's resolver (every admin URL that needs no argument: the listings and
choosers of every registered viewset, snippet and report), so a listing or chooser added later
is crawled without changing this test.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.search.conftest import site  # noqa: F401 (the guidance pack, indexed)

pytestmark = pytest.mark.django_db

# Views that list or choose: Wagtail's names for them. They must answer 200 to a search.
LISTING_NAMES = {
    "index",
    "index_results",
    "list",
    "list_results",
    "choose",
    "choose_results",
    "chooser",
    "chooserresults",
    "search",
    "search_results",
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_explore_root",
    "task_chooser",
    "task_chooser_results",
    "task_index",
    "task_index_results",
}
# Not screens: Wagtail's deliberate error page and the sign-out action (POST only).
SKIPPED = {"wagtailadmin_error_test", "wagtailadmin_logout"}
QUERIES = ["ombud", "ÅÄÖ 'OR 1=1; --", "x" * 300, "<script>alert(1)</script>"]


def admin_urls() -> dict[str, str]:
    """Name → path of every admin URL that needs no argument."""
    found = {}

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(
                    entry.url_patterns,
                    f"{namespace}{entry.namespace}:" if entry.namespace else namespace,
                )
            elif isinstance(entry, URLPattern) and entry.name:
                if entry.pattern.regex.groups:
                    continue
                name = namespace + entry.name
                path = reverse(name)
                if path.startswith("/admin/") and name not in SKIPPED:
                    found[name] = path

    walk(get_resolver().url_patterns, "")
    return found


def is_listing(name: str) -> bool:
    return name.rsplit(":", 1)[-1] in LISTING_NAMES or name.endswith("_results")


def test_the_crawl_finds_every_kind_of_listing_and_chooser():
    names = set(admin_urls())
    for expected in (
        "wagtailadmin_pages:search",
        "wagtailsnippets_guidance_rule:list",
        "wagtailsnippetchoosers_guidance_term:choose_results",
        "wagtailimages_chooser:choose",
        "wagtaildocs_chooser:choose_results",
        "wagtailusers_users:index",
        "wagtailusers_groups:index",
        "wagtailadmin_choose_page_search",
    ):
        assert expected in names


def test_every_admin_screen_answers_with_and_without_a_search_term(admin_client, site):  # noqa: F811
    admin_client.raise_request_exception = False  # a server error is a 500, as in production
    failures = []
    for name, path in sorted(admin_urls().items()):
        listing = is_listing(name)
        for params in [{}, *({"q": q} for q in QUERIES)] if listing else [{}]:
            response = admin_client.get(path, params)
            ok = response.status_code == 200 if listing else response.status_code < 500
            if not ok:
                failures.append(f"{name} {params} → {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_page_search_finds_a_page_by_a_word_of_its_title(admin_client, site):  # noqa: F811
    page = site["vem-gor-vad:sv"].page
    word = page.title.split()[0]
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": word})
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_a_rule_is_found_by_its_key_in_the_snippet_listing(admin_client, site):  # noqa: F811
    from guidance.models import Rule

    rule = Rule.objects.first()
    response = admin_client.get(reverse(rule.snippet_viewset.get_url_name("list")), {"q": rule.key})
    assert response.status_code == 200
    assert str(rule) in response.content.decode()
