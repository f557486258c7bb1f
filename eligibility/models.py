"""The eligibility guide: 'Kan jag få personligt ombud?', one question per screen."""

from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from eligibility.blocks import EligibilityStreamBlock
from eligibility.screens import guide_screen, next_query
from guidance.models import EditorialPage
from portal.blocks import RICH_TEXT_FEATURES
from portal.models import BasePage


class EligibilityGuidePage(EditorialPage):
    """A step-by-step guide whose answers live only in the URL: nothing is stored or logged."""

    parent_page_types = ["guidance.GuidancePage"]
    subpage_types = []

    intro = RichTextField(
        _("inledning"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Visas ovanför den första frågan."),
    )
    steps = StreamField(
        EligibilityStreamBlock(),
        verbose_name=_("frågor och resultat"),
        help_text=_(
            "Den första frågan är starten. Varje svar leder till en fråga eller ett resultat; "
            "varje väg måste sluta i ett resultat."
        ),
    )
    directory_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sidan Hitta ombud"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Resultat med sökrutan för att hitta ett ombud skickar sökningen till den här sidan."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("steps"),
        FieldPanel("directory_page"),
        *EditorialPage.editorial_panels,
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("steps"),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("guide: kan jag få personligt ombud?")
        verbose_name_plural = _("guider: kan jag få personligt ombud?")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["screen"] = guide_screen(steps=self.steps, params=request.GET)
        return context

    def serve(self, request, *args, **kwargs):
        query = next_query(request.GET)
        if query is not None:
            response = HttpResponseRedirect(request.path + query)
        else:
            response = super().serve(request, *args, **kwargs)
            screen = getattr(response, "context_data", {}).get("screen")
            if screen is not None and screen.has_error:
                response.status_code = 400
        return private(response)


def private(response):
    """The answers are about someone's health: no caches, no referrer to the next site."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    return response
