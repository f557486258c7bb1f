"""Where uploaded files live: images in public media, documents in a private store.

Wagtail keeps images and documents in Django's default storage, under `original_images/`,
`images/` (renditions) and `documents/`. The portal's default storage sends every name under
`documents/` to a storage of its own, `STORAGES["documents"]`: a folder outside MEDIA_ROOT
(`PORTAL_DOCUMENTS_ROOT`), or a private bucket, that no web server serves and that has no
address of its own. Readers reach a document only through Wagtail's document view
(`/documents/<id>/<name>`), which checks the privacy of its collection first. Everything else
goes to `STORAGES["media"]` (MEDIA_ROOT, or a public bucket).

File names are the same in both, so moving the documents of an older installation
(`manage.py move_documents`) changes no database row.
"""

import os
import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

DOCUMENTS_PREFIX = "documents/"
MEDIA = "media"
DOCUMENTS = "documents"
CHUNK = 1024 * 1024


def is_document_name(name: str) -> bool:
    """The folder documents/ or anything in it, however the name is spelt."""
    clean = posixpath.normpath((name or "").replace("\\", "/")).lstrip("/")
    return clean == DOCUMENTS_PREFIX.rstrip("/") or clean.startswith(DOCUMENTS_PREFIX)


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk under PORTAL_DOCUMENTS_ROOT, with no public address."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PORTAL_DOCUMENTS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # Wagtail's document view then serves the file itself, after its privacy check.
        raise NotImplementedError("Documents have no address of their own.")


@deconstructible
class MediaStorage(Storage):
    """The default storage: names under documents/ go to the private store, the rest to media."""

    @cached_property
    def _media(self) -> Storage:
        return storages[MEDIA]

    @cached_property
    def _documents(self) -> Storage:
        return storages[DOCUMENTS]

    def storage_for(self, name: str) -> Storage:
        return self._documents if is_document_name(name) else self._media

    # Everything a FileField, Wagtail and the backup use, handed to the right storage.
    def open(self, name, mode="rb"):
        return self.storage_for(name).open(name, mode)

    def save(self, name, content, max_length=None):
        return self.storage_for(name).save(name, content, max_length=max_length)

    def generate_filename(self, filename):
        return self.storage_for(filename).generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self.storage_for(name).get_available_name(name, max_length=max_length)

    def get_valid_name(self, name):
        return self.storage_for(name).get_valid_name(name)

    def path(self, name):
        return self.storage_for(name).path(name)

    def delete(self, name):
        return self.storage_for(name).delete(name)

    def exists(self, name):
        return self.storage_for(name).exists(name)

    def size(self, name):
        return self.storage_for(name).size(name)

    def url(self, name):
        return self.storage_for(name).url(name)

    def get_accessed_time(self, name):
        return self.storage_for(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self.storage_for(name).get_created_time(name)

    def get_modified_time(self, name):
        return self.storage_for(name).get_modified_time(name)

    def listdir(self, path):
        """The top level shows both stores; below it, the store the folder belongs to."""
        clean = posixpath.normpath((path or "").replace("\\", "/")).strip("/")
        if clean in {"", "."}:
            directories, files = set(), set()
            for storage in (self._media, self._documents):
                try:
                    found_directories, found_files = storage.listdir("")
                except FileNotFoundError:
                    continue
                directories.update(found_directories)
                files.update(found_files)
            return sorted(directories), sorted(files)
        return self.storage_for(clean).listdir(clean)


def documents_move_out_of_media() -> dict[str, int]:
    """Move documents that an older installation kept under MEDIA_ROOT/documents/ (or in the
    media bucket) to the document store, under the same names; safe to run again.

    Returns how many files were moved, how many were already there, and how many conflicts
    (a different file under the same name in both) were left for an operator to look at.
    """
    media, documents = storages[MEDIA], storages[DOCUMENTS]
    counts = {"moved": 0, "already_there": 0, "conflicts": 0}
    for name in _walk(media, DOCUMENTS_PREFIX.rstrip("/")):
        if documents.exists(name):
            if documents.size(name) == media.size(name) and _same_content(media, documents, name):
                media.delete(name)
                counts["already_there"] += 1
            else:
                counts["conflicts"] += 1
            continue
        with media.open(name, "rb") as source:
            saved = documents.save(name, source)
        if saved != name or documents.size(name) != media.size(name):
            documents.delete(saved)
            counts["conflicts"] += 1
            continue
        media.delete(name)
        counts["moved"] += 1
    return counts


def _walk(storage: Storage, folder: str):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        yield f"{folder}/{file}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


def _same_content(first: Storage, second: Storage, name: str) -> bool:
    with first.open(name, "rb") as a, second.open(name, "rb") as b:
        while True:
            chunk_a, chunk_b = a.read(CHUNK), b.read(CHUNK)
            if chunk_a != chunk_b:
                return False
            if not chunk_a:
                return True
