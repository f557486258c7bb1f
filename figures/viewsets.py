"""Admin registration of the data sets that the figures page draws."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from figures.models import DataSet


class DataSetViewSet(SnippetViewSet):
    model = DataSet
    icon = "table"
    menu_label = _("PO i siffror")
    menu_name = "po-i-siffror"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["title", "key", "period", "source", "locale"]
    list_filter = ["locale", "kind"]
    search_fields = ["title", "key", "description"]
    search_backend_name = None  # plain database lookups: there are only a handful of data sets
