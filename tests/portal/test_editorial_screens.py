"""The editors' daily screens: the dashboard's review and translation panels, the report of
broken links and missing documents, its export, alt text on every image and redirects when a
page moves or changes its address."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, UploadedFile

from guidance.models import GuidancePage
from portal.models import StandardPage
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(small_pack):
    """The small guidance pack, loaded once for this module (tests/conftest.py)."""
    return small_pack


@pytest.fixture
def editor(client, pack, db):
    user = get_user_model().objects.create_user("red", "red@example.invalid", "x")
    user.groups.add(Group.objects.get(name="Redaktör"))
    client.force_login(user)
    return user


def swedish(slug: str) -> Page:
    return Page.objects.get(slug=slug, locale__language_code="sv").specific


def home() -> Page:
    return Page.objects.get(depth=2, locale__language_code="sv")


# The dashboard ---------------------------------------------------------------------------------


def test_the_dashboard_lists_pages_due_for_review(client, editor):
    ethics = swedish("etik")
    ethics.last_reviewed = datetime.date(2024, 1, 1)
    ethics.next_review = timezone.localdate() - datetime.timedelta(days=3)
    ethics.save_revision().publish()
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="sidor-att-granska' in content
    panel = content[content.index('id="sidor-att-granska') :]
    assert "Etik och dilemman" in panel and "försenad" in panel
    assert reverse("wagtailadmin_pages:edit", args=[ethics.pk]) in panel
    assert "Om personligt ombud" not in panel.split("</table>")[0]


def test_the_dashboard_has_no_review_panel_when_nothing_is_due(client, editor):
    response = client.get(reverse("wagtailadmin_home"))
    assert 'id="sidor-att-granska' not in response.content.decode()


def test_review_due_covers_every_editorial_page_type(pack, db):
    from guidance.models import EditorialPage
    from guidance.selectors import pages_due_for_review

    due = pages_due_for_review(within_days=100_000)
    types = {type(page) for page in due}
    assert GuidancePage in types
    assert all(isinstance(page, EditorialPage) for page in due)
    assert len(due) == len({page.pk for page in due})  # no page twice through its subclasses
    assert len(pages_due_for_review(within_days=100_000, limit=2)) == 2


def test_the_dashboard_lists_translations_to_sync(client, editor):
    about = swedish("stod")
    about.summary = "Ny sammanfattning."
    about.save_revision().publish()
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="oversattningar-att-synka' in content
    panel = content[content.index('id="oversattningar-att-synka') :]
    assert "Om personligt ombud" in panel and "Synka översatta sidor" in panel


# Broken links and missing documents -------------------------------------------------------------


@pytest.fixture
def linking_page(pack, db):
    """A page that links to a page, a document and (through its related pages) more pages."""
    document = Document.objects.create(
        title="Blankett", file=ContentFile(b"%PDF-1.4 test", name="blankett.pdf")
    )
    target = StandardPageFactory(parent=home(), title="Målsida", slug="malsida")
    body = json.dumps(
        [
            {
                "type": "paragraph",
                "value": (
                    f'<p><a linktype="page" id="{target.pk}">Till målsidan</a> och '
                    f'<a linktype="document" id="{document.pk}">blanketten</a>.</p>'
                ),
            }
        ]
    )
    page = StandardPageFactory(parent=home(), title="Länkande sida", slug="lankande", body=body)
    page.save_revision().publish()
    return page, target, document


def report(client, query: str = ""):
    response = client.get(reverse("portal_broken_links") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_whole_site_has_no_broken_links(client, editor, linking_page):
    content = report(client)
    assert "Länkande sida" not in content


def test_a_deleted_and_an_unpublished_page_are_reported(client, editor, linking_page):
    page, target, _document = linking_page
    target.delete()
    glossary = swedish("begrepp")
    glossary.unpublish()
    content = report(client)
    assert "Länkande sida" in content and "Sidan finns inte längre" in content
    # "Om personligt ombud" lists the glossary among its related pages.
    assert "Om personligt ombud" in content and "Sidan är inte publicerad" in content
    filtered = report(client, "?problem=unpublished_page")
    assert "Om personligt ombud" in filtered and "Länkande sida" not in filtered


def test_a_deleted_document_and_a_missing_file_are_reported(client, editor, linking_page):
    _page, _target, document = linking_page
    document.file.storage.delete(document.file.name)
    assert "Dokumentets fil saknas" in report(client)
    document.delete()
    content = report(client)
    assert "Dokumentet finns inte längre" in content and "Länkande sida" in content


def test_a_foreign_key_emptied_by_its_targets_deletion_is_not_reported(client, editor, pack):
    """SET_NULL empties the field without telling the reference index: nothing links any more."""
    about = swedish("stod")
    assert about.easy_read_page_id is not None
    Page.objects.get(pk=about.easy_read_page_id).delete()
    assert "lättläst" not in report(client).lower()


@pytest.mark.parametrize(
    "query",
    [
        "?problem=<script>alert(1)</script>",
        "?problem=" + "x" * 5000,
        "?problem=missing_page&p=abc",
        "?p=-1",
        "?p=999999",
        "?export=pdf",
        "?ordering=';DROP TABLE x",
        "?problem=%00",
    ],
)
def test_malformed_input_to_the_report_is_no_server_error(client, editor, linking_page, query):
    response = client.get(reverse("portal_broken_links") + query)
    assert response.status_code in (200, 404)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_report_names_a_bad_filter_in_swedish(client, editor, linking_page):
    content = report(client, "?problem=okänt")
    assert "Välj ett giltigt alternativ" in content


def test_the_report_exports_csv_and_xlsx_without_formulas(client, editor, linking_page):
    page, target, _document = linking_page
    page.title = '=HYPERLINK("http://example.invalid")'
    page.save_revision().publish()
    target.delete()
    response = client.get(reverse("portal_broken_links") + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="trasiga-lankar.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Innehåll", "Fält", "Länkar till", "Problem", "Typ"]
    row = next(row for row in rows if "Sidan finns inte längre" in row)
    assert row[0].startswith("'=HYPERLINK")
    response = client.get(reverse("portal_broken_links") + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Innehåll", "Fält", "Länkar till", "Problem"]
    assert any("Sidan finns inte längre" in row for row in values)


def test_the_review_report_exports(client, editor):
    ethics = swedish("etik")
    ethics.last_reviewed, ethics.next_review = datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)
    ethics.save_revision().publish()
    response = client.get(reverse("guidance_review_due") + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "Etik och dilemman" in text and "2025-01-01" in text
    response = client.get(reverse("guidance_review_due") + "?export=xlsx")
    assert response.status_code == 200


def test_the_reports_are_in_the_reports_menu(client, editor):
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar's menu is JSON in the page, read by the admin's JavaScript.
    assert "trasiga-lankar" in content and "sidor-att-granska" in content
    assert reverse("portal_broken_links") in content


# Alt text on images -----------------------------------------------------------------------------


def png(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, get_test_image_file(filename=name).file.getvalue(), content_type="image/png"
    )


def image_post(client, url, **fields):
    return client.post(url, {"title": "Foto", "file": png("foto.png"), **fields})


def test_an_image_without_alt_text_is_refused_with_a_swedish_message(client, editor):
    response = image_post(client, reverse("wagtailimages:add"), description="")
    assert response.status_code == 200
    assert "Skriv en alternativtext som beskriver vad bilden visar." in response.content.decode()
    assert not Image.objects.filter(title="Foto").exists()


@pytest.mark.parametrize("text", ["   ", "IMG_1234.JPG", "foto.png"])
def test_blank_or_file_name_alt_text_is_refused(client, editor, text):
    response = image_post(client, reverse("wagtailimages:add"), description=text)
    assert response.status_code == 200
    assert not Image.objects.filter(title="Foto").exists()


def test_an_image_with_alt_text_is_saved(client, editor):
    response = image_post(
        client, reverse("wagtailimages:add"), description="Ett ombud  i samtal med en klient."
    )
    assert response.status_code == 302
    image = Image.objects.get(title="Foto")
    assert image.description == "Ett ombud i samtal med en klient."
    assert image.default_alt_text == "Ett ombud i samtal med en klient."


def test_the_multiple_uploader_keeps_an_upload_without_alt_text_pending(client, editor):
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": png("flera.png")},
    )
    assert response.status_code == 200
    assert not Image.objects.filter(title="flera.png").exists()
    pending = UploadedFile.objects.get()
    finish = client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[pending.pk]),
        {
            f"uploaded-image-{pending.pk}-title": "Flera",
            f"uploaded-image-{pending.pk}-description": "",
        },
    )
    assert finish.status_code == 200 and not json.loads(finish.content)["success"]
    finish = client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[pending.pk]),
        {
            f"uploaded-image-{pending.pk}-title": "Flera",
            f"uploaded-image-{pending.pk}-description": "Två personer vid ett bord.",
        },
    )
    assert json.loads(finish.content)["success"]
    assert Image.objects.get(title="Flera").description == "Två personer vid ett bord."


def test_the_chooser_upload_asks_for_alt_text(client, editor):
    response = image_post(client, reverse("wagtailimages_chooser:create"), description="")
    assert response.status_code == 200
    assert "Skriv en alternativtext" in json.loads(response.content)["htmlFragment"]
    assert not Image.objects.filter(title="Foto").exists()


# Redirects --------------------------------------------------------------------------------------


def test_a_new_slug_leaves_a_permanent_redirect(
    client, pack, db, settings, django_capture_on_commit_callbacks
):
    assert settings.WAGTAILREDIRECTS_AUTO_CREATE is True
    ethics = swedish("etik")
    old_url = ethics.url
    ethics.slug = "etik-och-dilemman"
    with django_capture_on_commit_callbacks(execute=True):
        ethics.save_revision().publish()
    ethics.refresh_from_db()
    assert Redirect.objects.filter(redirect_page=ethics).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(ethics.url)
    assert client.get(ethics.url).status_code == 200


def test_a_moved_page_leaves_a_permanent_redirect(client, pack, db):
    page = StandardPageFactory(parent=home(), title="Flyttas", slug="flyttas")
    page.save_revision().publish()
    old_url = page.url
    page.move(swedish("etik"), pos="last-child")
    page = StandardPage.objects.get(pk=page.pk)
    assert page.url != old_url
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(page.url)
