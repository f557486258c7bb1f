"""Editors search terms, rules, roles and sources in their listings and choosers from the
database (portal.admin_search): these snippets are in Wagtail's search index only as the public
search's documents, never a second time as themselves."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Locale
from wagtail.search.index import class_is_indexed
from wagtail.search.models import IndexEntry

from guidance.models import RoleAttribute, RoleProfile, Rule, Source, Term
from portal.admin_search import fold, matching
from tests.factories.guidance import RoleProfileFactory, RuleFactory, SourceFactory, TermFactory

pytestmark = pytest.mark.django_db

INJECTION = "' OR 1=1 -- <script>alert(1)</script>"


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("red", "red@example.invalid", "x")
    user.groups.add(Group.objects.get(name="Redaktör"))
    client.force_login(user)
    return user


def listing(client, model: str, query, results_only=True):
    name = "list_results" if results_only else "list"
    response = client.get(reverse(f"wagtailsnippets_guidance_{model}:{name}"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def chooser(client, model: str, query, **params):
    url = reverse(f"wagtailsnippetchoosers_guidance_{model}:choose_results")
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_fold_drops_case_and_accents():
    assert fold("Förvaltaren ÅTER") == "forvaltaren ater"


def test_every_word_must_occur_in_one_of_the_fields():
    TermFactory(term="God man", synonyms="ställföreträdare")
    TermFactory(term="Förvaltare", definition="Tingsrätten utser en förvaltare.")
    terms = Term.objects.all()
    assert [t.term for t in matching(terms, ["term", "definition"], "forvaltare")] == ["Förvaltare"]
    assert [t.term for t in matching(terms, ["term", "synonyms"], "god STÄLLFÖRETRÄDARE")] == [
        "God man"
    ]
    assert not matching(terms, ["term"], "god tingsrätten").exists()
    assert matching(terms, ["term"], "   ").count() == 2  # no words: everything


def test_the_guidance_snippets_are_not_in_the_index_as_themselves():
    for model in (Term, Rule, RoleProfile, Source):
        assert not class_is_indexed(model), model
    TermFactory(term="Samordnad individuell plan")
    RuleFactory(text="Ombudet ska arbeta på uppdrag av klienten.")
    types = ContentType.objects.get_for_models(Term, Rule, Source).values()
    assert not IndexEntry.objects.filter(content_type__in=types).exists()


def test_the_term_listing_finds_a_term_without_its_accents(client, editor):
    TermFactory(term="Förvaltare")
    TermFactory(term="Kontaktperson")
    html = listing(client, "term", "forvaltare")
    assert "Förvaltare" in html
    assert "Kontaktperson" not in html
    html = listing(client, "term", "förvaltare", results_only=False)
    assert "Förvaltare" in html and "Kontaktperson" not in html


def test_the_rule_chooser_finds_a_rule_by_its_text_and_key(client, editor):
    wanted = RuleFactory(key="malgrupp-alder", text="Målgruppen är personer 18 år och äldre.")
    other = RuleFactory(key="uppdrag", text="Ombudet arbetar på klientens uppdrag.")
    html = chooser(client, "rule", "MÅLGRUPPEN")
    assert str(wanted) in html and str(other) not in html
    html = chooser(client, "rule", "uppdrag")
    assert str(other) in html and str(wanted) not in html


def test_the_term_chooser_keeps_its_language_filter(client, editor):
    english = Locale.objects.get(language_code="en")
    TermFactory(term="Ombud")
    TermFactory(term="Ombudsman", locale=english, slug="ombudsman")
    html = chooser(client, "term", "ombud", locale="en")
    assert "Ombudsman" in html and ">Ombud<" not in html
    html = chooser(client, "term", "ombud")
    assert "Ombudsman" in html and "Ombud" in html


def test_a_role_is_found_by_the_text_of_its_attributes(client, editor):
    source = SourceFactory()
    role = RoleProfileFactory(name="Boendestöd")
    RoleAttribute.objects.create(
        role=role, attribute="uppdrag", value="Stöd i hemmet.", source=source
    )
    RoleProfileFactory(name="Kontaktperson")
    html = listing(client, "roleprofile", "hemmet")
    assert "Boendestöd" in html and "Kontaktperson" not in html


def test_a_source_is_found_by_its_publisher(client, editor):
    SourceFactory(title="Personligt ombud 2023", publisher="Socialstyrelsen")
    SourceFactory(title="Uppföljning", publisher="Länsstyrelsen i Skåne")
    html = chooser(client, "source", "skane")
    assert "Uppföljning" in html and "Personligt ombud 2023" not in html


@pytest.mark.parametrize(
    "query",
    ["", INJECTION, "a" * 100_000, "%", "_", "\x00\x1f", "ombud " * 500],
    ids=["empty", "injection", "huge", "percent", "underscore", "control", "many-words"],
)
def test_bad_queries_answer_a_listing_and_lose_nothing(client, editor, query):
    TermFactory(term="Personligt ombud")
    listing(client, "term", query)
    chooser(client, "term", query)
    chooser(client, "rule", query)
    assert Term.objects.filter(term="Personligt ombud").exists()


def test_a_query_given_twice_is_read_once(client, editor):
    TermFactory(term="Personligt ombud")
    url = reverse("wagtailsnippets_guidance_term:list_results")
    response = client.get(f"{url}?q=ombud&q=zzz")
    assert response.status_code == 200


def test_the_listing_is_for_editors_only(client):
    TermFactory(term="Personligt ombud")
    response = client.get(reverse("wagtailsnippets_guidance_term:list"), {"q": "ombud"})
    assert response.status_code == 302
    assert "Personligt ombud" not in response.content.decode()


def test_the_migration_removes_the_old_index_entries():
    import importlib

    from django.apps import apps

    term = TermFactory(term="Gammal post")
    kind = ContentType.objects.get_for_model(Term)
    IndexEntry.objects.create(
        content_type=kind, object_id=str(term.pk), title="Gammal post", title_norm=1.0
    )
    forget = importlib.import_module(
        "search.migrations.0006_snippets_out_of_the_admin_index"
    ).forget
    forget(apps, None)
    assert not IndexEntry.objects.filter(content_type=kind).exists()
    assert Term.objects.filter(pk=term.pk).exists()
