"""The portal's base page, the home page, the general content page and site settings."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import EntryPointBlock, PortalStreamBlock
from portal.selectors import page_alternates


class BasePage(Page):
    """Fields and behaviour every public page shares."""

    summary = models.TextField(
        _("sammanfattning"),
        max_length=400,
        validators=[MaxLengthValidator(400)],
        blank=True,
        help_text=_("Två eller tre meningar i klarspråk. Visas i listor och sökträffar."),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]

    search_fields = [*Page.search_fields, index.SearchField("summary")]

    # Models ("app.Model") the page lists in full rather than links one by one, so that a CDN
    # is purged of the page when any of them changes (portal.pagecache.shared).
    listed_models: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary

    def get_sitemap_urls(self, request=None, *, alternates: list[dict] | None = None):
        """The sitemap entry, with hreflang alternates when the page has language versions.

        The sitemap hands in `alternates` read for all its pages at once; without them the
        page reads its own."""

        urls = super().get_sitemap_urls(request)
        if alternates is None:
            alternates = page_alternates(page=self, request=request)
        if len(alternates) > 1:
            for url in urls:
                url["alternates"] = alternates
        return urls


class HomePage(BasePage):
    """The start page of one language: an introduction and one entry point per audience."""

    parent_page_types = ["wagtailcore.Page"]
    # Set when the apps are ready: every app's `home_page_types` (portal.registry).
    subpage_types: list[str] = []

    intro = models.TextField(_("inledning"), max_length=600)
    entry_points = StreamField(
        [("entry_point", EntryPointBlock())],
        verbose_name=_("ingångar"),
        min_num=1,
        max_num=6,
    )
    body = StreamField(PortalStreamBlock(), verbose_name=_("innehåll"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("entry_points"),
        FieldPanel("body"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("startsida")
        verbose_name_plural = _("startsidor")


class StandardPage(BasePage):
    """A general page of text: sections, 'about the portal' and similar."""

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    body = StreamField(PortalStreamBlock(), verbose_name=_("innehåll"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]

    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("informationssida")
        verbose_name_plural = _("informationssidor")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = self.get_children().live().public().specific()
        return context


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Facts about the publisher that the footer and contact texts use."""

    publisher = models.CharField(
        _("utgivare"),
        max_length=200,
        blank=True,
        help_text=_("Organisationen som ansvarar för portalen."),
    )
    contact_email = models.EmailField(_("e-post för kontakt"), blank=True)
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sidan Om portalen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("publisher"), FieldPanel("contact_email"), PageChooserPanel("about_page")]

    class Meta:
        verbose_name = _("webbplatsinställningar")


class ContentRecord(models.Model):
    """What the content-pack loader last wrote for one key, so a re-run can tell what changed.

    `checksum` is the hash of the pack's specification; `fingerprint` describes the object as
    the loader left it (a page's revision id). If the object no longer matches its
    fingerprint, an editor has changed it and the loader leaves it alone.
    """

    key = models.CharField(_("nyckel"), max_length=200)
    language = models.CharField(_("språk"), max_length=10, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True, help_text="Snippets: the object's pk.")
    checksum = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("laddat innehåll")
        verbose_name_plural = _("laddat innehåll")
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="unique_content_record")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language or '-'})"


class CacheClearPending(models.Model):
    """A change that the page cache or the CDN could not be told about (Redis down, a purge
    failing). While one is pending, pages are served uncached (or told not to be kept by the
    CDN), every worker tries again, and editors see a warning in the admin."""

    class Target(models.TextChoices):
        PAGE_CACHE = "cache", _("sidcachen")
        CDN = "cdn", _("CDN eller proxy")

    target = models.CharField(_("mål"), max_length=10, choices=Target.choices)
    urls = models.JSONField(_("adresser"), default=list, blank=True)
    error = models.CharField(_("fel"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("väntande cachetömning")
        verbose_name_plural = _("väntande cachetömningar")

    def __str__(self) -> str:
        return f"{self.get_target_display()} ({self.created_at:%Y-%m-%d %H:%M})"
