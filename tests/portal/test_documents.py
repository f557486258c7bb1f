"""Documents are kept apart from media and handed out only by Wagtail's document view, which
checks the privacy of their collection; media serves images and renditions only."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.storage import MediaStorage, PrivateFileSystemStorage

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 styrdokument"


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_DOCUMENTS_ROOT = tmp_path / "documents"
    settings.PORTAL_SERVE_MEDIA = True
    return tmp_path


def a_document(title="Styrdokument", collection=None, name="styrdokument.pdf"):
    return get_document_model().objects.create(
        title=title,
        collection=collection or Collection.get_first_root_node(),
        file=ContentFile(CONTENT, name=name),
    )


@pytest.fixture
def private_document():
    collection = Collection.get_first_root_node().add_child(name="Internt")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="hemligt-lösen"
    )
    return a_document("Internt protokoll", collection, name="internt-protokoll.pdf")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class TestWhereFilesLive:
    def test_documents_are_stored_outside_media(self, folders):
        document = a_document()
        assert document.file.name == "documents/styrdokument.pdf"
        assert (folders / "documents" / "documents" / "styrdokument.pdf").read_bytes() == CONTENT
        assert not (folders / "media" / "documents").exists()

    def test_images_stay_in_media(self, folders):
        saved = default_storage.save("original_images/bild.png", ContentFile(b"png"))
        assert (folders / "media" / saved).read_bytes() == b"png"
        assert default_storage.url(saved) == "/media/original_images/bild.png"

    def test_a_document_has_no_address_of_its_own_only_the_view(self):
        document = a_document()
        with pytest.raises(NotImplementedError):
            storages["documents"].url(document.file.name)
        assert document.url == f"/documents/{document.pk}/styrdokument.pdf"

    def test_the_default_storage_lists_both_stores_at_the_top(self):
        a_document()
        default_storage.save("original_images/bild.png", ContentFile(b"png"))
        directories, _files = default_storage.listdir("")
        assert {"documents", "original_images"} <= set(directories)
        assert default_storage.listdir("documents") == ([], ["styrdokument.pdf"])

    @pytest.mark.parametrize(
        "name", ["documents/x.pdf", "/documents/x.pdf", "images/../documents/x.pdf"]
    )
    def test_every_spelling_of_a_document_name_goes_to_the_private_store(self, name):
        assert isinstance(MediaStorage().storage_for(name), PrivateFileSystemStorage)


class TestTheDocumentView:
    def test_a_public_document_is_served(self):
        document = a_document()
        response = self_get(document.url)
        assert response.status_code == 200
        assert body(response) == CONTENT
        assert response["Content-Security-Policy"] == "default-src 'none'"

    def test_a_private_document_asks_for_its_password(self, client, private_document):
        for method in (client.get, client.head):
            response = method(private_document.url)
            assert response.status_code == 200
            assert CONTENT not in body(response)
        page = client.get(private_document.url).content.decode()
        assert "Lösenord krävs" in page and "Internt protokoll" not in page

    def test_a_range_request_gets_no_part_of_a_private_document(self, client, private_document):
        response = client.get(private_document.url, headers={"Range": "bytes=0-5"})
        assert response.status_code == 200
        assert CONTENT[:6] not in body(response)

    @pytest.mark.parametrize(
        "url",
        [
            "/documents/{pk}/annat-namn.pdf",
            "/documents/{pk}/INTERNT-PROTOKOLL.PDF",
            "/documents/99999/internt-protokoll.pdf",
            "/documents/{pk}/internt-protokoll.pdf%00.txt",
        ],
    )
    def test_guessed_ids_and_names_get_404(self, client, private_document, url):
        response = client.get(url.format(pk=private_document.pk))
        assert response.status_code == 404
        assert CONTENT not in body(response)


def self_get(url):
    from django.test import Client

    return Client().get(url)


class TestTheMediaFolder:
    @pytest.mark.parametrize(
        "path",
        [
            "/media/documents/internt-protokoll.pdf",
            "/media/Documents/internt-protokoll.pdf",
            "/media/%64ocuments/internt-protokoll.pdf",
            "/media/%2564ocuments/internt-protokoll.pdf",
            "/media/documents%2Finternt-protokoll.pdf",
            "/media/images/../documents/internt-protokoll.pdf",
            "/media/images/%2E%2E/documents/internt-protokoll.pdf",
            "/media//documents/internt-protokoll.pdf",
            "/media/./documents/internt-protokoll.pdf",
        ],
    )
    def test_documents_are_never_served_from_media(self, client, private_document, path):
        for method in (client.get, client.head):
            response = method(path)
            assert response.status_code == 404, path
            assert CONTENT not in body(response)

    def test_a_document_left_in_media_by_an_older_installation_is_not_served(self, client, folders):
        left = folders / "media" / "documents" / "gammalt.pdf"
        left.parent.mkdir(parents=True)
        left.write_bytes(CONTENT)
        response = client.get("/media/documents/gammalt.pdf")
        assert response.status_code == 404

    def test_images_and_renditions_are_served_with_a_day_of_caching(self, client, folders):
        default_storage.save("original_images/bild.png", ContentFile(b"png-original"))
        default_storage.save("images/bild.width-480.png", ContentFile(b"png-rendition"))
        original = client.get("/media/original_images/bild.png")
        assert body(original) == b"png-original"
        assert "max-age=86400" in original["Cache-Control"]
        assert body(client.get("/media/images/bild.width-480.png")) == b"png-rendition"
        assert client.head("/media/images/bild.width-480.png").status_code == 200

    def test_nothing_is_served_unless_the_portal_serves_media(self, client, settings):
        default_storage.save("original_images/bild.png", ContentFile(b"png"))
        settings.PORTAL_SERVE_MEDIA = False
        assert client.get("/media/original_images/bild.png").status_code == 404

    def test_writing_to_media_is_refused(self, client):
        assert client.post("/media/original_images/bild.png").status_code == 405


class TestMovingDocumentsOfAnOlderInstallation:
    def old_document(self, folders, name="gammal.pdf", content=CONTENT):
        """A document as an older installation kept it: under MEDIA_ROOT/documents/."""
        path = folders / "media" / "documents" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        document = get_document_model()(
            title="Gammalt dokument", collection=Collection.get_first_root_node()
        )
        document.file.name = f"documents/{name}"
        document.save()
        return document, path

    def test_the_command_moves_them_and_they_are_served_again(self, client, folders):
        document, old_path = self.old_document(folders)
        before = client.get(document.url)  # not in the document store yet
        assert before.status_code == 404
        out = StringIO()
        call_command("move_documents", stdout=out)
        assert "Dokument flyttade: 1" in out.getvalue()
        assert not old_path.exists()
        moved = folders / "documents" / "documents" / "gammal.pdf"
        assert moved.read_bytes() == CONTENT
        response = client.get(document.url)
        assert response.status_code == 200 and body(response) == CONTENT
        assert client.get("/media/documents/gammal.pdf").status_code == 404

    def test_running_it_again_changes_nothing(self, folders):
        self.old_document(folders)
        call_command("move_documents", stdout=StringIO())
        out = StringIO()
        call_command("move_documents", stdout=out)
        assert out.getvalue() == ""
        assert (folders / "documents" / "documents" / "gammal.pdf").read_bytes() == CONTENT

    def test_a_copy_already_in_the_store_is_only_removed_from_media(self, folders):
        _document, old_path = self.old_document(folders)
        (folders / "documents" / "documents").mkdir(parents=True)
        (folders / "documents" / "documents" / "gammal.pdf").write_bytes(CONTENT)
        out = StringIO()
        call_command("move_documents", stdout=out)
        assert "fanns redan i dokumentlagret: 1" in out.getvalue()
        assert not old_path.exists()

    def test_a_different_file_under_the_same_name_is_left_for_an_operator(self, folders):
        _document, old_path = self.old_document(folders)
        (folders / "documents" / "documents").mkdir(parents=True)
        (folders / "documents" / "documents" / "gammal.pdf").write_bytes(b"annat innehall")
        err = StringIO()
        call_command("move_documents", stdout=StringIO(), stderr=err)
        assert "1 dokument finns med samma namn men olika innehåll" in err.getvalue()
        assert old_path.read_bytes() == CONTENT  # nothing lost
        assert (folders / "documents" / "documents" / "gammal.pdf").read_bytes() == (
            b"annat innehall"
        )


def test_setup_runs_the_move():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    setup = makefile.split("\nsetup:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py move_documents" in setup
