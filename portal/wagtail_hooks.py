from wagtail import hooks
from wagtail.models import Page


@hooks.register("construct_translated_pages_to_cascade_actions")
def delete_translations_with_their_page(pages: list[Page], action: str):
    """Deleting a page deletes its translations too (the admin's confirmation says how many):
    an English page whose Swedish source is gone would be left with no one to keep it true."""
    if action != "delete":
        return None
    return {page: list(Page.objects.translation_of(page, inclusive=False)) for page in pages}
