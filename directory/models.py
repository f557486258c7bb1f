"""The directory page: find a programme with personligt ombud by municipality or county."""

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from directory import selectors
from guidance.models import EditorialPage
from portal.blocks import RICH_TEXT_FEATURES
from portal.models import BasePage


class DirectoryPage(RoutablePageMixin, EditorialPage):
    """Search the programme register by municipality or county, or browse it county by county."""

    listed_models = ("checklists.Programme", "checklists.Municipality")

    parent_page_types = ["guidance.GuidancePage"]
    subpage_types = []
    max_count_per_parent = 1

    intro = RichTextField(_("inledning"), features=RICH_TEXT_FEATURES, blank=True)
    no_match_help = RichTextField(
        _("hjälptext när inget hittas"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Visas när en sökning inte ger någon träff, ovanför listan över län."),
    )
    missing_contact_help = models.CharField(
        _("text när kontaktuppgifter saknas"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. att fråga socialtjänsten i kommunen. Visas vid varje sådan verksamhet."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("no_match_help"),
        FieldPanel("missing_contact_help"),
        *EditorialPage.editorial_panels,
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("sök personligt ombud")
        verbose_name_plural = _("sök personligt ombud")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["counties"] = selectors.directory_counties(with_municipalities=True)
        return context

    @path("")
    def index(self, request):
        query = selectors.directory_query_parse(raw=request.GET.get("q"))
        result = selectors.directory_search(query=query)
        if query.searched and result.exact is not None:
            # The whole name of one municipality: straight to its entry (the eligibility guide
            # and "Så får du kontakt" search here).
            return redirect(self.municipality_url(result.exact.slug, request=request))
        return self.render(request, context_overrides={"query": query, "result": result})

    @path("kommun/<str:slug>/", name="municipality")
    def municipality(self, request, slug):
        entry = selectors.directory_municipality(slug=slug)
        if entry is None:
            raise Http404
        return self.render(
            request,
            context_overrides={"entry": entry},
            template="directory/directory_municipality.html",
        )

    @path("lan/<str:code>/", name="county")
    def county(self, request, code):
        entry = selectors.directory_county(code=code)
        if entry is None:
            raise Http404
        return self.render(
            request,
            context_overrides={"county_entry": entry},
            template="directory/directory_county.html",
        )

    def municipality_url(self, slug: str, request=None) -> str:
        """The address of one municipality's entry, for links from other pages."""
        base = self.get_url(request=request)
        return base + self.reverse_subpage("municipality", kwargs={"slug": slug})
