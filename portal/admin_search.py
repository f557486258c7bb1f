"""Editors' search in a snippet's admin listing and chooser, read from the database.

A snippet that the public search shows as a search document (a term, a rule, a role, a source)
would otherwise be in Wagtail's search index twice: as itself, for the admin, and as its
document. These snippets are not indexed as themselves. Their listing and chooser search the
fields the snippet's viewset names (`search_fields`) in the database instead: every word of the
query must occur in one of them, in upper or lower case and with or without accents ("forvaltare"
finds "Förvaltare"), on SQLite as on PostgreSQL. The tables are small (hundreds of rows), so the
texts are read and compared here rather than by a LIKE that SQLite folds for ASCII letters only.
"""

from collections import defaultdict

from django.db.models import QuerySet
from django.utils.html import strip_tags
from wagtail.admin.forms.choosers import BaseFilterForm, LocaleFilterMixin, SearchFilterMixin
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from portal.text import fold

MAX_QUERY = 200  # characters of a query that are read; a longer one is cut, not refused
MAX_WORDS = 10


def query_words(query: str) -> list[str]:
    return fold(query[:MAX_QUERY]).split()[:MAX_WORDS]


def matching(queryset: QuerySet, fields, query: str) -> QuerySet:
    """The objects of `queryset` in whose `fields` (names, or paths like "attributes__value")
    every word of `query` occurs."""
    words = query_words(query)
    if not words or not fields:
        return queryset
    texts: dict[object, list[str]] = defaultdict(list)
    for pk, *values in queryset.order_by().values_list("pk", *fields):
        texts[pk].extend(strip_tags(str(value)) for value in values if value)
    folded = {pk: fold(" ".join(parts)) for pk, parts in texts.items()}
    found = [pk for pk, text in folded.items() if all(word in text for word in words)]
    return queryset.filter(pk__in=found)


class DatabaseSearchIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return matching(queryset, self.search_fields, self.search_query)


class SearchFilterForm(SearchFilterMixin, BaseFilterForm):
    """The chooser's search box (Wagtail's own, with its labels), matched by `matching` over
    the snippet viewset's fields instead of a search index."""

    search_fields: tuple[str, ...] = ()

    def filter(self, objects):
        objects = super(SearchFilterMixin, self).filter(objects)  # the filters, not the index
        query = self.cleaned_data.get("q")
        if query and query_words(query):
            objects = matching(objects, self.search_fields, query)
            self.is_searching = True
            self.search_query = query
        return objects


class _DatabaseSearchChooser:
    def get_filter_form_class(self):
        bases = [SearchFilterForm]
        if self.i18n_enabled:
            bases.insert(0, LocaleFilterMixin)
        fields = tuple(self.model_class.snippet_viewset.search_fields or ())
        return type("FilterForm", tuple(bases), {"search_fields": fields})


class DatabaseSearchChooseView(_DatabaseSearchChooser, ChooseView):
    pass


class DatabaseSearchChooseResultsView(_DatabaseSearchChooser, ChooseResultsView):
    pass


class DatabaseSearchChooserViewSet(SnippetChooserViewSet):
    choose_view_class = DatabaseSearchChooseView
    choose_results_view_class = DatabaseSearchChooseResultsView


class DatabaseSearchSnippetViewSet(SnippetViewSet):
    """A snippet's admin, searched in the database (see the module); set `search_fields`."""

    index_view_class = DatabaseSearchIndexView
    chooser_viewset_class = DatabaseSearchChooserViewSet
    search_backend_name = None
