"""Search: Swedish language handling, ranking basics, access rules, the API and the page."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from search.models import SearchDocument, SearchQueryDay, Synonym
from search.selectors import SearchRequest, search_run
from search.services import search_query_record
from tests.search.conftest import guidance_page

pytestmark = pytest.mark.django_db


def titles(query, language="sv", **filters):
    return [hit.title for hit in search_run(SearchRequest(query, language, **filters)).hits]


class TestSwedish:
    def test_inflected_forms_find_each_other(self, home):
        guidance_page(home, title="Ombudens uppgifter", text="Vad ombuden gör i vardagen.")
        assert "Ombudens uppgifter" in titles("ombudet")
        assert "Ombudens uppgifter" in titles("ombud")

    def test_missing_dots_on_a_a_o(self, home):
        guidance_page(home, title="Förvaltare", text="En förvaltare utses av tingsrätten.")
        assert titles("forvaltare")[0] == "Förvaltare"
        assert "Förvaltare" in titles("tingsratten")

    def test_compounds_find_their_parts(self, home):
        guidance_page(home, title="Villkoren", text="Villkor för statsbidrag till kommunerna.")
        guidance_page(home, title="Rollerna", text="En god man hjälper till med ekonomin.")
        assert "Villkoren" in titles("statsbidragsvillkor")
        assert "Rollerna" in titles("godman")

    def test_editors_synonyms_take_effect_at_once(self, home):
        guidance_page(home, title="Kassan", text="Sjukpenning från Försäkringskassan.")
        assert "Kassan" not in titles("FK")
        Synonym.objects.create(words="FK, Försäkringskassan")
        assert "Kassan" in titles("FK")

    def test_a_misspelt_word_is_searched_for_as_corrected_too(self, home):
        guidance_page(home, title="Sekretess", text="Sekretessen mellan myndigheterna.")
        outcome = search_run(SearchRequest("sekretes", "sv"))
        assert outcome.hits and outcome.hits[0].title == "Sekretess"
        assert outcome.corrected == "sekretess"
        assert search_run(SearchRequest("sekretess", "sv")).corrected == ""

    def test_matches_are_highlighted_in_the_snippet(self, home):
        guidance_page(home, title="Hembesök", text="Ombudet gör ofta hembesök hos klienten.")
        hit = search_run(SearchRequest("hembesök", "sv")).hits[0]
        assert "<mark>hembesök</mark>" in hit.snippet

    def test_a_page_with_all_the_words_comes_first(self, home):
        guidance_page(home, title="Kö", text="Det kan finnas kö hos ombuden.")
        guidance_page(home, title="Prioritering vid kö", text="Ledningsgruppen prioriterar vid kö.")
        assert titles("prioritering kö")[0] == "Prioritering vid kö"


class TestRanking:
    """What BM25 does on SQLite and the PostgreSQL backend's body score imitates (see
    SwedishPostgresQueryCompiler.body_scores): rare words count more than common ones, and a
    long text does not win by repeating a word."""

    def test_a_short_answer_beats_a_long_page_that_repeats_a_common_word(self, home):
        filler = " ".join(f"Ombudet möter klienten vecka {n}." for n in range(60))
        guidance_page(home, title="Lång sida", text=f"{filler} En pelargon nämns en gång.")
        guidance_page(home, title="Kort sida", text="Pelargon hos ombud: pelargon.")
        found = [t for t in titles("ombud pelargon") if t in ("Kort sida", "Lång sida")]
        assert found == ["Kort sida", "Lång sida"]

    def test_the_rare_word_decides_between_pages_with_one_word_each(self, home):
        for n in range(4):
            guidance_page(home, title=f"Vanlig {n}", text="Klienten träffar ombudet på kontoret.")
        guidance_page(home, title="Ovanlig", text="Klienten fick ett hembesök.")
        guidance_page(home, title="Vanligast", text="Klienten och klienten och klienten.")
        # "hembesök" is in one page, "klient" in all: the page with the rare word comes first.
        assert titles("klienten hembesök")[0] == "Ovanlig"

    def test_short_words_and_numbers_are_counted_as_words(self, home):
        from search.language import vocabulary
        from search.models import SearchWord

        assert not SearchWord.objects.filter(word="1917").exists()
        for n in range(3):
            guidance_page(home, title=f"Ålder {n}", text="Du ska ha fyllt 18 år sedan 1917.")
        assert SearchWord.objects.get(word="1917").documents == 3
        assert SearchWord.objects.get(word="ar").documents >= 3
        # How rare a word is comes from the count: "år" is common, "zebrafink" unknown.
        common, unknown = vocabulary().rarities([[("ar",)], [("zebrafink",)]])
        assert common < unknown

    def test_the_migration_counts_the_short_words_of_existing_documents(self, home):
        import importlib

        from django.apps import apps

        from search.models import SearchWord

        guidance_page(home, title="Ålder", text="Du ska ha fyllt 18 år sedan 1917.")
        SearchWord.objects.filter(word__in=["1917", "ar"]).delete()  # as counted before
        kept = SearchWord.objects.get(word="fyllt").documents
        migration = importlib.import_module("search.migrations.0007_count_short_words_and_numbers")
        migration.recount(apps, None)
        assert SearchWord.objects.get(word="1917").documents == 1
        assert SearchWord.objects.get(word="ar").stem == "ar"
        assert SearchWord.objects.get(word="fyllt").documents == kept


class TestAccess:
    def test_drafts_are_never_found(self, home):
        guidance_page(home, title="Hemligt utkast", text="Zebrafink.", publish=False)
        assert titles("zebrafink") == []

    def test_unpublishing_removes_the_page_at_once(self, home):
        page = guidance_page(home, title="Snart borta", text="Kanelbulle.")
        assert titles("kanelbulle") == ["Snart borta"]
        page.unpublish()
        assert titles("kanelbulle") == []

    def test_word_counts_follow_publishing(self, home):
        from search.models import SearchWord

        page = guidance_page(home, title="Ordräkning", text="Pelargonkruka och pelargonkruka.")
        assert SearchWord.objects.get(word="pelargonkruka").documents == 1
        guidance_page(home, title="Ordräkning två", text="Ännu en pelargonkruka.")
        assert SearchWord.objects.get(word="pelargonkruka").documents == 2
        page.unpublish()
        assert SearchWord.objects.get(word="pelargonkruka").documents == 1

    def test_private_pages_are_never_found(self, home):
        page = guidance_page(home, title="Bara för inloggade", text="Lakritsbåt.")
        assert titles("lakritsbåt") == ["Bara för inloggade"]
        PageViewRestriction.objects.create(page=page, restriction_type="login")
        assert titles("lakritsbåt") == []

    def test_a_stale_document_of_a_private_page_is_still_not_shown(self, home):
        page = guidance_page(home, title="Glömd", text="Mandelmassa.")
        PageViewRestriction.objects.bulk_create(  # bypasses the signals on purpose
            [PageViewRestriction(page=page, restriction_type="login")]
        )
        assert SearchDocument.objects.filter(key=f"page:{page.pk}").exists()
        assert titles("mandelmassa") == []


class TestFiltersAndLanguages:
    def test_language_audience_and_type_filters(self, site):
        assert all(h.language == "en" for h in search_run(SearchRequest("ombud", "en")).hits)
        hits = search_run(SearchRequest("ombud", "sv", kind="begrepp")).hits
        assert hits and {h.kind for h in hits} == {"begrepp"}
        hits = search_run(SearchRequest("ombud", "sv", audience="ombud")).hits
        assert hits and {h.audience for h in hits} <= {"ombud", "alla"}

    def test_no_english_results_falls_back_to_swedish(self, home):
        guidance_page(home, title="Kanelsnäcka", text="Bara på svenska: kanelsnäcka.")
        outcome = search_run(SearchRequest("kanelsnäcka", "en"))
        assert outcome.fell_back and outcome.language == "sv"
        assert [h.title for h in outcome.hits] == ["Kanelsnäcka"]

    @pytest.mark.parametrize("matching", [4, 50, 57])
    def test_totals_and_pages_are_whole_below_at_and_past_the_ranking_depth(self, home, matching):
        """The total is counted only when the first 50 (ranking.DEPTH) came back full; below,
        at and past that depth every match is on exactly one page."""
        for n in range(matching):
            guidance_page(home, title=f"Pepparkaka {n}", text="Om pepparkakor.", audience="ombud")
        guidance_page(home, title="Ingefära", text="Om ingefära.")
        first = search_run(SearchRequest("pepparkaka", "sv"))
        assert first.total == matching and first.pages == -(-matching // 10)
        seen = [
            hit.title
            for page in range(1, first.pages + 2)
            for hit in search_run(SearchRequest("pepparkaka", "sv", page=page)).hits
        ]
        assert sorted(seen) == sorted(f"Pepparkaka {n}" for n in range(matching))


class TestApi:
    def test_contract(self, client, site):
        response = client.get(reverse("search_api"), {"q": "ombud", "lang": "sv"})
        assert response.status_code == 200
        data = response.json()
        assert data["query"] == "ombud" and data["total"] >= 1
        assert set(data["results"][0]) >= {
            "title",
            "url",
            "snippet",
            "type",
            "audience",
            "language",
        }
        assert len(data["results"]) <= 10

    def test_same_ranking_as_the_page(self, client, site):
        api = client.get(reverse("search_api"), {"q": "ombud"}).json()
        outcome = search_run(SearchRequest("ombud", "sv"))
        assert [r["title"] for r in api["results"]] == [h.title for h in outcome.hits]

    def test_pages_of_ten(self, client, home):
        for n in range(12):
            guidance_page(home, title=f"Pepparkaka {n}", text="pepparkaka")
        first = client.get(reverse("search_api"), {"q": "pepparkaka"}).json()
        second = client.get(reverse("search_api"), {"q": "pepparkaka", "page": 2}).json()
        assert first["total"] == 12 and len(first["results"]) == 10 and len(second["results"]) == 2
        assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}

    @pytest.mark.parametrize(
        ("params", "word"),
        [
            ({"q": "x", "page": "0"}, "Sidnumret"),
            ({"q": "x", "page": "abc"}, "Sidnumret"),
            ({"q": "x", "page": "99999999999999999999"}, "Sidnumret"),
            ({"q": "x", "type": "<script>"}, "Okänd typ"),
            ({"q": "x", "audience": "alla'--"}, "Okänd målgrupp"),
            ({"q": "x", "lang": "de"}, "Okänt språk"),
        ],
    )
    def test_invalid_parameters_get_a_swedish_400(self, client, site, params, word):
        response = client.get(reverse("search_api"), params)
        assert response.status_code == 400
        assert word in response.json()["message"]
        assert "<script>" not in response.content.decode()

    def test_empty_query_answers_nothing_found(self, client, site):
        for q in ["", "   ", "\x00\x1f"]:
            response = client.get(reverse("search_api"), {"q": q})
            assert response.status_code == 200 and response.json()["total"] == 0

    def test_suggestions_for_the_search_box(self, client, site):
        data = client.get(reverse("search_suggest_api"), {"q": "pers", "lang": "sv"}).json()
        assert any("personligt ombud" in s["title"].lower() for s in data["suggestions"])
        assert (
            client.get(reverse("search_suggest_api"), {"q": "pers", "lang": "xx"}).status_code
            == 400
        )


class TestPage:
    def test_results_and_escaped_query(self, client, site):
        response = client.get("/sv/sok/", {"q": "ombud <b>fet</b>"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<b>fet</b>" not in html and "&lt;b&gt;fet&lt;/b&gt;" in html
        assert 'class="search-result"' in html

    def test_nothing_found_offers_a_way_on(self, client, site):
        html = client.get("/sv/sok/", {"q": "qwxzyq"}).content.decode()
        assert "Inga träffar" in html and "Vanliga ämnen" in html

    def test_english_address_and_invalid_filter(self, client, site):
        assert client.get("/en/search/", {"q": "ombudsman"}).status_code == 200
        response = client.get("/sv/sok/", {"q": "ombud", "page": "-1"})
        assert response.status_code == 400 and "Sidnumret" in response.content.decode()


class TestStatistics:
    def test_counts_are_aggregated_and_personal_numbers_masked(self, db):
        search_query_record(query="God  MAN", found=3)
        search_query_record(query="god man", found=0)
        search_query_record(query="ombud 19121212-1212 a@b.se", found=0)
        row = SearchQueryDay.objects.get(query="god man")
        assert (row.searches, row.zero_results) == (2, 1)
        assert SearchQueryDay.objects.filter(query="ombud [nummer] [e-post]").exists()
        field_names = {f.name for f in SearchQueryDay._meta.get_fields()}
        assert not field_names & {"ip", "ip_address", "user", "session"}

    def test_the_page_records_the_first_page_only(self, client, site):
        client.get("/sv/sok/", {"q": "ombud"})
        client.get("/sv/sok/", {"q": "ombud", "page": 2})
        assert SearchQueryDay.objects.get(query="ombud").searches == 1


class TestOtherContent:
    def test_a_role_is_found_by_its_attributes_as_soon_as_they_change(self, site):
        from guidance.models import RoleAttribute, RoleProfile

        role = RoleProfile.objects.filter(locale__language_code="sv").first()
        attribute = RoleAttribute.objects.filter(role=role).first()
        attribute.value = "Hjälper med vinterdäck."
        attribute.save()
        assert role.name in titles("vinterdäck")

    def test_documents_are_found_unless_their_collection_is_private(self, db, site):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model
        from wagtail.models import Collection, CollectionViewRestriction

        document_model = get_document_model()
        root = Collection.get_first_root_node()
        document_model.objects.create(
            title="Blankett för systembrister", file=ContentFile(b"x", name="blankett.txt")
        )
        private = root.add_child(name="Internt")
        CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
        document_model.objects.create(
            title="Intern blankett", collection=private, file=ContentFile(b"x", name="intern.txt")
        )
        found = search_run(SearchRequest("blankett", "sv", kind="dokument")).hits
        assert [h.title for h in found] == ["Blankett för systembrister"]
        # Wagtail's own index (the admin's document search) analyses documents, whose search
        # fields include related tags, in Swedish too.
        from wagtail.search.backends import get_search_backend

        admin_found = get_search_backend().search("blanketten", document_model.objects.all())
        assert {d.title for d in admin_found} == {"Blankett för systembrister", "Intern blankett"}
