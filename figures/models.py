"""PO i siffror: data sets from the source documents, and the page that draws them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from figures.blocks import FiguresStreamBlock
from figures.choices import ChartKind
from figures.statistics import statistic_table, statistics_views
from figures.tables import MAX_CHARS, DataTable, DataTableError, parse_data_table
from guidance.models import EditorialPage
from portal.blocks import RICH_TEXT_FEATURES
from portal.models import BasePage

DATA_HELP = _(
    "En tabell med semikolon mellan kolumnerna (eller klistra in från ett kalkylark). Första "
    "raden är rubriker: etikettkolumnen och en kolumn per serie, t.ex. 'Län;Verksamheter;Ombud'. "
    "Sedan en rad per etikett, t.ex. 'Jämtland;1;4'. Skriv tal som i källan: 12, 12,5 eller "
    "1 234. Högst 60 rader och 4 serier."
)


class DataSet(TranslatableMixin, index.Indexed, models.Model):
    """Figures from one table of one source document, drawn as one chart."""

    key = models.SlugField(
        _("nyckel"),
        max_length=80,
        help_text=_("Stabil kort nyckel, ändras aldrig. Blir också namnet på CSV-filen."),
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(
        _("beskrivning"),
        max_length=600,
        help_text=_("Vad diagrammet visar, i en eller två meningar. Läses upp av skärmläsare."),
    )
    unit = models.CharField(
        _("enhet"), max_length=60, help_text=_("T.ex. 'antal ombud' eller 'procent'.")
    )
    kind = models.CharField(
        _("diagramtyp"), max_length=10, choices=ChartKind.choices, default=ChartKind.BAR
    )
    source = models.ForeignKey(
        "guidance.Source", verbose_name=_("källa"), on_delete=models.PROTECT, related_name="+"
    )
    locator = models.CharField(
        _("var i källan"),
        max_length=200,
        help_text=_("Tabell, avsnitt och sida, t.ex. 'tabell 1, avsnittet Verksamheternas …'."),
    )
    period = models.CharField(
        _("siffrornas år"),
        max_length=40,
        help_text=_("Året eller perioden siffrorna gäller, t.ex. 'december 2004' eller '2023'."),
    )
    note = models.TextField(
        _("anmärkning"),
        max_length=800,
        blank=True,
        help_text=_(
            "T.ex. när källans siffror inte summerar: räkna efter och skriv vad som inte stämmer."
        ),
    )
    data = models.TextField(_("data"), max_length=MAX_CHARS, help_text=DATA_HELP)

    panels = [
        FieldPanel("key"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("unit"),
        FieldPanel("kind"),
        FieldPanel("data"),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("locator"), FieldPanel("period")],
            heading=_("Källa"),
        ),
        FieldPanel("note"),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.SearchField("note"),
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("dataserie")
        verbose_name_plural = _("dataserier")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["key", "locale"], name="unique_dataset_key_per_locale")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        # The admin form has no locale field, so Django skips the (key, locale) constraint there.
        locale_id = self.locale_id or Locale.get_default().pk
        if self.key and (
            DataSet.objects.filter(key=self.key, locale_id=locale_id).exclude(pk=self.pk).exists()
        ):
            raise ValidationError(
                {"key": _("Nyckeln används redan av en annan dataserie på samma språk.")}
            )
        try:
            table = parse_data_table(self.data)
        except DataTableError as error:
            raise ValidationError({"data": error.messages}) from None
        mismatch = self.translation_mismatch(table)
        if mismatch:
            raise ValidationError({"data": [mismatch]})

    def table(self) -> DataTable:
        return parse_data_table(self.data)

    def translation_mismatch(self, table: DataTable) -> str:
        """A translation keeps the original's numbers; only headings and labels change."""
        original = (
            DataSet.objects.filter(
                translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
            )
            .exclude(pk=self.pk)
            .first()
        )
        if original is None:
            return ""
        try:
            expected = original.table()
        except DataTableError:
            return ""
        found = [row.values for row in table.rows]
        wanted = [row.values for row in expected.rows]
        if len(table.series) == len(expected.series) and found == wanted:
            return ""
        return str(
            _(
                "Översättningen ska ha samma värden, i samma ordning, som originalet (%(count)s "
                "rader med %(series)s serier). Översätt bara rubriker och etiketter."
            )
            % {"count": len(wanted), "series": len(expected.series)}
        )


class FiguresPage(RoutablePageMixin, EditorialPage):
    """'PO i siffror': charts of the documents' figures, each with its table, source and CSV."""

    listed_models = ("figures.DataSet",)  # and what apps declare (figures.apps)

    parent_page_types = ["guidance.GuidancePage"]
    subpage_types = []

    intro = RichTextField(_("inledning"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(FiguresStreamBlock(), verbose_name=_("diagram och text"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        *EditorialPage.editorial_panels,
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("sida med siffror")
        verbose_name_plural = _("sidor med siffror")

    def get_context(self, request, *args, **kwargs):
        # Imported here, not on top: `figures.selectors` imports these models (a cycle).
        from figures.selectors import page_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = page_sections(page=self)
        context["charts"] = [section.chart for section in context["sections"] if section.chart]
        # Figures that other apps compute (e.g. from accepted annual reports), told apart from
        # the sources' data sets: the whole country, the latest year.
        context.setdefault("reported", statistics_views(page=self))
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    # Wagtail serves page paths of letters, digits, "-" and "/" only, so no ".csv" in the path;
    # the file name comes from Content-Disposition.
    @path("csv/<slug:key>/", name="csv")
    def csv_route(self, request, key):
        # Imported here, not on top: `figures.exports` and `figures.selectors` import these models.
        from figures.exports import dataset_csv, dataset_filename
        from figures.selectors import page_dataset

        dataset = page_dataset(page=self, key=key)
        if dataset is None:
            raise Http404
        try:
            body = dataset_csv(dataset=dataset, language=self.locale.language_code)
        except DataTableError:
            raise Http404 from None  # saved data is validated; only edits outside the admin
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{dataset_filename(dataset)}"'
        return response

    @path("redovisningar/<slug:scope>/<int:year>/", name="reported")
    def reported_route(self, request, scope, year):
        """The computed statistics for one county (or the whole country) and one year."""
        views = statistics_views(page=self, scope=scope, year=year)
        if not views:
            raise Http404
        return self.render(
            request,
            template="figures/figures_page_reported.html",
            context_overrides={"reported": views},
        )

    @path("redovisningar/<slug:scope>/<int:year>/csv/<slug:key>/", name="reported_csv")
    def reported_csv_route(self, request, scope, year, key):
        # Imported here, not on top: `figures.exports` imports these models (a cycle).
        from figures.exports import statistic_csv

        table = statistic_table(scope=scope, year=year, key=key)
        if table is None:
            raise Http404
        body = statistic_csv(table=table, language=self.locale.language_code)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{key}-{scope}-{year}.csv"'
        return response
