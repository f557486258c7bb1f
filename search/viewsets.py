from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Synonymer för sökningen")
    add_to_admin_menu = False
    list_display = ["words", "note"]
    search_fields = ["words", "note"]
