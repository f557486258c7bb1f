"""The content-pack loader with guidance snippets: references, translations and conflicts."""

import shutil

import pytest

from guidance.models import GuidancePage, Term
from portal.content_pack.loader import load_pack
from portal.content_pack.yaml_lines import PackError
from tests.guidance.conftest import PACK

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_copy(tmp_path):
    target = tmp_path / "pack"
    shutil.copytree(PACK, target)
    return target


def test_second_run_changes_nothing(pack):
    report = load_pack(PACK)
    assert not report.changed and report.conflicts == []
    assert len(report.unchanged) == len(pack.created)


def test_translation_keeps_the_originals_other_fields(pack):
    english = GuidancePage.objects.get(locale__language_code="en", slug="about-po")
    assert english.audience == "stod" and english.content_owner == "Redaktionen"
    assert english.body[0].value["text"].source.startswith("<p>The ombudsman")


def test_snippet_edited_in_the_admin_is_reported_not_overwritten(pack, pack_copy):
    term = Term.objects.get(slug="god-man", locale__language_code="sv")
    term.definition = "Redaktörens definition."
    term.save()
    path = pack_copy / "snippets/20_terms.yaml"
    path.write_text(path.read_text().replace("att bevaka någons rätt", "att bevaka rätten"))
    report = load_pack(pack_copy)
    assert any(
        "guidance.Term:god-man [sv]" in c and "ändrats i admin" in c for c in report.conflicts
    )
    term.refresh_from_db()
    assert term.definition == "Redaktörens definition."


def test_changed_snippet_is_updated(pack, pack_copy):
    path = pack_copy / "snippets/20_terms.yaml"
    path.write_text(path.read_text().replace("att bevaka någons rätt", "att bevaka rätten"))
    report = load_pack(pack_copy)
    assert report.updated == ["guidance.Term:god-man [sv]"]
    assert Term.objects.get(slug="god-man", locale__language_code="sv").definition.endswith(
        "rätten."
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("source: {$source: mb-2011-5}", "source: {$source: saknas}", "'$source: saknas'"),
        ("source: {$source: mb-2011-5}", "source: {$bogus: x}", "okänd hänvisning '$bogus'"),
        (
            "      term: God man\n",
            "      term: God man\n      colour: red\n",
            "har inget fält 'colour'",
        ),
    ],
)
def test_bad_snippet_references_and_fields_are_located(pack_copy, old, new, message):
    path = pack_copy / "snippets/20_terms.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(PackError) as error:
        load_pack(pack_copy)
    assert message in error.value.message
    assert error.value.path.endswith("20_terms.yaml") and error.value.line
    assert not Term.objects.exists()


def test_a_rule_without_a_source_is_refused(pack_copy):
    path = pack_copy / "snippets/31_rules.yaml"
    text = path.read_text().replace("      source: {$source: sthlm-2023-arsrapport}\n", "", 1)
    path.write_text(text)
    with pytest.raises(PackError) as error:
        load_pack(pack_copy)
    assert "source" in error.value.message


def test_a_role_without_a_legal_basis_is_refused(pack_copy):
    path = pack_copy / "snippets/40_roles.yaml"
    text = path.read_text().replace(
        "attribute: legal_basis, value: Föräldrabalken", "attribute: tasks, value: Föräldrabalken"
    )
    path.write_text(text)
    with pytest.raises(PackError) as error:
        load_pack(pack_copy)
    assert "lagrum" in error.value.message


def test_only_translatable_models_take_translations(pack_copy):
    path = pack_copy / "snippets/10_sources.yaml"
    path.write_text(path.read_text() + "    translations:\n      en: {fields: {title: X}}\n")
    with pytest.raises(PackError) as error:
        load_pack(pack_copy)
    assert "kan inte översättas" in error.value.message


def test_page_types_must_respect_the_tree(pack_copy):
    path = pack_copy / "pages/00_pages.yaml"
    text = path.read_text().replace(
        "    type: guidance.DilemmaPage\n    parent: etik",
        "    type: guidance.DilemmaPage\n    parent: home",
    )
    path.write_text(text)
    with pytest.raises(PackError) as error:
        load_pack(pack_copy)
    assert "DilemmaPage får inte ligga under HomePage" in error.value.message


def test_review_dates_are_validated(pack_copy):
    path = pack_copy / "pages/00_pages.yaml"
    text = path.read_text().replace(
        "      next_review: 2027-11-24\n      easy_read_page",
        "      next_review: 2020-01-01\n      easy_read_page",
        1,
    )
    path.write_text(text)
    with pytest.raises(PackError) as error:
        load_pack(pack_copy)
    assert "Nästa granskning måste ligga efter" in error.value.message


def test_term_links_in_rich_text_are_stored_by_id(pack):
    page = GuidancePage.objects.get(slug="stod")
    text = page.body[1].value["text"].source
    term = Term.objects.get(slug="god-man")
    assert f'<a linktype="term" id="{term.pk}">god man</a>' in text


def test_a_term_link_to_an_unknown_term_is_located(pack_copy):
    path = pack_copy / "pages/00_pages.yaml"
    path.write_text(path.read_text().replace('<a term="god-man">', '<a term="saknas">', 1))
    with pytest.raises(PackError) as error:
        load_pack(pack_copy)
    assert "'$term: saknas'" in error.value.message and error.value.path.endswith("00_pages.yaml")
    assert not GuidancePage.objects.exists()


def test_a_loaded_page_may_start_referring_to_a_page_added_in_the_same_run(pack, pack_copy):
    """An existing site gets a new pack version whose home page links a brand-new page."""
    from portal.models import HomePage

    path = pack_copy / "pages/00_pages.yaml"
    text = path.read_text()
    text = text.replace(
        "{audience: stod, heading: Stöd, text: Text., page: {$page: stod}}",
        "{audience: stod, heading: Stöd, text: Text., page: {$page: stod},"
        " tools: [{$page: ny-sida}]}",
    )
    text += """  - key: ny-sida
    type: portal.StandardPage
    parent: home
    slug: ny-sida
    title: Ny sida
    fields: {summary: Ny.}
"""
    path.write_text(text)
    report = load_pack(pack_copy)
    assert "ny-sida [sv]" in report.created
    assert "home [sv]" in report.updated
    assert report.conflicts == []
    home = HomePage.objects.get(locale__language_code="sv")
    assert [tool.title for tool in home.entry_points[0].value["tools"]] == ["Ny sida"]
    assert not load_pack(pack_copy).changed
