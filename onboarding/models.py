"""The onboarding path for new ombud (a routable page of modules) and signed-in users' progress."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from guidance.models import EditorialPage
from onboarding.blocks import KEY_PATTERN, OnboardingStreamBlock
from portal.blocks import RICH_TEXT_FEATURES
from portal.models import BasePage


def route_view(name: str):
    """The view behind one of the page's routes, named by its place in `onboarding.views` the
    way a URLconf names a view, and imported when the request comes: the views build on the
    selectors, which read this module's models, so the model never imports the HTTP layer
    (tests/portal/test_architecture.py checks that every name resolves)."""
    return import_string(f"onboarding.views.{name}")


ROUTE_VIEWS = ("overview", "module", "module_progress", "reset")


class OnboardingPage(RoutablePageMixin, EditorialPage):
    """An ordered path of modules, each at `modul/<key>/`, with progress per reader."""

    parent_page_types = ["guidance.GuidancePage"]
    subpage_types = []

    intro = RichTextField(_("inledning"), features=RICH_TEXT_FEATURES, blank=True)
    modules = StreamField(OnboardingStreamBlock(), verbose_name=_("moduler"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("modules"),
        *EditorialPage.editorial_panels,
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("modules"),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("introduktion för nya ombud")
        verbose_name_plural = _("introduktioner för nya ombud")

    @path("")
    def index_route(self, request):
        return route_view("overview")(request, self)

    @path("modul/<slug:key>/", name="module")
    def module_route(self, request, key):
        return route_view("module")(request, self, key)

    @path("modul/<slug:key>/framsteg/", name="module_progress")
    def module_progress_route(self, request, key):
        return route_view("module_progress")(request, self, key)

    @path("borja-om/", name="reset")
    def reset_route(self, request):
        return route_view("reset")(request, self)

    def module_list(self) -> list:
        """The modules in order, as block values (key, title, intro, pages, …)."""
        return [child.value for child in self.modules if child.block_type == "module"]

    def module_keys(self) -> list[str]:
        return [module["key"] for module in self.module_list()]

    def module_url(self, key: str, request=None, route: str = "module") -> str:
        return self.get_url(request) + self.reverse_subpage(route, kwargs={"key": key})


class OnboardingProgress(models.Model):
    """A module a signed-in user has marked as done. Anonymous readers' progress is a cookie."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="onboarding_progress",
    )
    page = models.ForeignKey(
        OnboardingPage,
        verbose_name=_("introduktion"),
        on_delete=models.CASCADE,
        related_name="progress",
        help_text=_("Sidan på originalspråket, så att framstegen följer med mellan språken."),
    )
    module_key = models.CharField(
        _("modul"), max_length=60, validators=[RegexValidator(KEY_PATTERN)]
    )
    completed_at = models.DateTimeField(_("klar"), default=timezone.now)

    class Meta:
        ordering = ["user_id", "page_id", "completed_at"]
        verbose_name = _("avklarad modul")
        verbose_name_plural = _("avklarade moduler")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "module_key"], name="onboarding_progress_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.module_key}"
