"""Editors' search tools: synonyms, promoted results and the query statistics."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SearchQueryDay, Synonym
from search.selectors import SearchRequest, search_run
from search.services import search_query_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redaktor", password="x-Lösen-123")
    user.groups.add(Group.objects.get(name="Redaktör"))
    return user


@pytest.fixture
def outsider(django_user_model):
    """Signed in to the admin, but with no rights over search."""
    user = django_user_model.objects.create_user("annan", password="x-Lösen-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_promoted_results_come_first_in_their_language(site):
    page = site["vem-gor-vad:sv"].page
    english = site["vem-gor-vad:en"].page
    query = Query.objects.create(query_string="hjälp")
    SearchPromotion.objects.create(query=query, page=page, sort_order=0, description="Jämför")
    SearchPromotion.objects.create(query=query, page=english, sort_order=1)
    outcome = search_run(SearchRequest("Hjälp", "sv"))
    assert [p.url for p in outcome.promotions] == [page.url]
    assert search_run(SearchRequest("hjälp", "sv", page=2)).promotions == []


def test_synonyms_need_two_expressions():
    synonym = Synonym(words="FK")
    with pytest.raises(Exception, match="minst två"):
        synonym.full_clean()


def test_editor_sees_the_statistics_and_can_export_them(client, editor, site):
    search_query_record(query="godman", found=0)
    search_query_record(query="godman", found=0)
    search_query_record(query="ombud", found=4)
    client.force_login(editor)
    html = client.get(reverse("search_zero_results")).content.decode()
    assert "godman" in html and "ombud" not in html
    popular = client.get(reverse("search_statistics")).content.decode()
    assert popular.index("godman") < popular.index("ombud")
    export = client.get(reverse("search_statistics"), {"export": "csv"})
    content = b"".join(export.streaming_content).decode()
    assert export.status_code == 200 and "godman" in content


def test_statistics_are_closed_to_those_without_search_rights(client, outsider):
    SearchQueryDay.objects.create(day="2026-11-30", query="hemligt", searches=1)
    client.force_login(outsider)
    response = client.get(reverse("search_statistics"))
    assert response.status_code in (302, 403)
    assert "hemligt" not in response.content.decode()


def test_editor_can_add_a_synonym_and_it_takes_effect(client, editor, site):
    client.force_login(editor)
    url = reverse("wagtailsnippets_portal_search_synonym:add")
    response = client.post(url, {"words": "AF, Arbetsförmedlingen", "note": ""})
    assert response.status_code == 302
    assert Synonym.objects.get().expressions() == ["AF", "Arbetsförmedlingen"]
    response = client.post(url, {"words": "bara ett", "note": ""})
    assert response.status_code == 200 and Synonym.objects.count() == 1
