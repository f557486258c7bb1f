"""Editors' reports in the Wagtail admin: links that lead nowhere, and safe spreadsheet export."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, ReferenceIndex

from portal.selectors import BROKEN_PROBLEMS, BrokenReference, references_broken
from portal.spreadsheets import spreadsheet_cell


class SafeSpreadsheetMixin:
    """Wagtail's CSV export writes cells as they are; a title such as "=HYPERLINK(…)" would run
    as a formula in a spreadsheet program (CSV injection). Cells pass portal.spreadsheets."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


class BrokenLinksFilterSet(django_filters.FilterSet):
    problem = django_filters.ChoiceFilter(
        label=_("Problem"), choices=list(BROKEN_PROBLEMS.items()), empty_label=_("Alla")
    )

    class Meta:
        # Only the form is used (the rows are a list, filtered by the view); django-filter
        # wants a model to build its default queryset from.
        model = ReferenceIndex
        fields: list[str] = []


def _edit_url(row: BrokenReference) -> str | None:
    if isinstance(row.source, Page):
        return reverse("wagtailadmin_pages:edit", args=[row.source.pk])
    viewset = getattr(row.source, "snippet_viewset", None)
    if viewset is not None:
        return reverse(viewset.get_url_name("edit"), args=[row.source.pk])
    return None


class BrokenLinksReportView(SafeSpreadsheetMixin, ReportView):
    """Every link and choice in content that leads to a page that is gone or unpublished, or to
    a document, image or object that is gone (or a document whose file is missing)."""

    page_title = _("Trasiga länkar och saknade dokument")
    header_icon = "warning"
    index_url_name = "portal_broken_links"
    index_results_url_name = "portal_broken_links_results"
    filterset_class = BrokenLinksFilterSet
    paginate_by = 50
    export_filename = "trasiga-lankar"
    list_export = ["source_label", "field", "target", "problem_label", "source_type"]
    export_headings = {
        "source_label": _("Innehåll"),
        "field": _("Fält"),
        "target": _("Länkar till"),
        "problem_label": _("Problem"),
        "source_type": _("Typ"),
    }
    columns = [
        TitleColumn(
            "source_label", label=_("Innehåll"), get_url=_edit_url, accessor="source_label"
        ),
        Column("field", label=_("Fält")),
        Column("target", label=_("Länkar till")),
        Column("problem_label", label=_("Problem")),
    ]

    def get_queryset(self):
        return [_Row(row) for row in references_broken()]

    def filter_queryset(self, queryset):
        # A list, not a queryset: filtered here. Malformed input leaves the filter's form
        # invalid (shown with its message) and the list whole.
        if self.filters and self.filters.is_valid():
            problem = self.filters.form.cleaned_data.get("problem")
            if problem:
                queryset = [row for row in queryset if row.problem == problem]
        return queryset

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))


class _Row:
    """A broken reference as the listing and the export read it."""

    def __init__(self, row: BrokenReference):
        self.pk = row.reference_id
        self.problem = row.problem
        self.source = row.source
        self.source_label = row.source_label
        self.field = row.field
        self.target = row.target
        self.problem_label = str(BROKEN_PROBLEMS[row.problem])
        self.source_type = str(row.source._meta.verbose_name)
