"""Tillsyn: counties, the programme register, checklists and their versions, assessments."""

from django.conf import settings
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable
from wagtail.search import index

from checklists.blocks import ChecklistStreamBlock
from checklists.choices import (
    AnswerStatus,
    AssessmentState,
    AuditAction,
    MunicipalityListing,
    OperationForm,
)
from checklists.snapshots import checklist_snapshot
from guidance.models import EditorialPage
from portal.blocks import RICH_TEXT_FEATURES
from portal.models import BasePage

COMMENT_MAX = 4000
EVIDENCE_MAX = 1000
REASON_MAX = 1000
FIRST_YEAR = 2000
LAST_YEAR = 2100


class County(models.Model):
    """One of Sweden's 21 counties, whose länsstyrelse follows up the grant there."""

    code = models.CharField(
        _("länsbokstav"), max_length=2, unique=True, help_text=_("T.ex. AB för Stockholms län.")
    )
    name = models.CharField(_("namn"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("län")
        verbose_name_plural = _("län")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """One of Sweden's 290 municipalities, with what the sources say about PO there."""

    name = models.CharField(_("namn"), max_length=60, unique=True)
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("Kommunkoden är fyra siffror, t.ex. 0581."))],
        help_text=_("SCB:s fyrsiffriga kommunkod, t.ex. 0581 för Norrköping."),
    )
    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="municipalities"
    )
    listing = models.CharField(
        _("vad källan säger"),
        max_length=10,
        choices=MunicipalityListing.choices,
        default=MunicipalityListing.NOT_MENTIONED,
        help_text=_(
            "Om källan nämner kommunen med eller utan personligt ombud. En aktiv verksamhet i "
            "registret går alltid före."
        ),
    )
    source = models.ForeignKey(
        "guidance.Source",
        verbose_name=_("källa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Dokumentet som nämner kommunen, om uppgiften kommer från ett dokument."),
    )
    source_year = models.PositiveSmallIntegerField(
        _("uppgiftens år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )

    phone = models.CharField(
        _("kommunens telefon"),
        max_length=40,
        blank=True,
        help_text=_("Växel eller kontaktcenter, dit den som söker personligt ombud kan ringa."),
    )
    website = models.URLField(
        _("kommunens sida om personligt ombud"),
        blank=True,
        help_text=_("Kommunens egen sida om personligt ombud eller om socialtjänsten."),
    )
    contact_updated_on = models.DateField(
        _("kontaktuppgifterna ändrade"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Sätts när telefon eller webbplats ändras i registret."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("county"),
        MultiFieldPanel(
            [FieldPanel("listing"), FieldPanel("source"), FieldPanel("source_year")],
            heading=_("Vad källorna säger"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("website")],
            heading=_("Kommunens kontaktväg"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class Programme(ClusterableModel):
    """A PO programme (verksamhet). Its contact part is public; its assessments are not."""

    name = models.CharField(_("namn"), max_length=200)
    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="programmes"
    )
    # Parental: the content pack and the admin set it before the programme is saved.
    municipalities = ParentalManyToManyField(
        Municipality,
        verbose_name=_("kommuner som verksamheten täcker"),
        related_name="programmes",
        blank=True,
    )
    operation_form = models.CharField(_("driftform"), max_length=20, choices=OperationForm.choices)
    employer = models.CharField(
        _("arbetsgivare"),
        max_length=200,
        blank=True,  # documents do not always say; the county staff form requires it
        help_text=_("Kommunen, förvaltningen eller föreningen som ombuden är anställda av."),
    )
    posts = models.DecimalField(
        _("antal ombudstjänster"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
        help_text=_("Heltidstjänster, t.ex. 2,5. Lämna tomt om det inte är känt."),
    )
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    address = models.CharField(_("besöksadress"), max_length=200, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    public_note = models.TextField(
        _("information till allmänheten"),
        max_length=600,
        validators=[MaxLengthValidator(600)],
        blank=True,
        help_text=_("T.ex. hur man kommer i kontakt med ett ombud."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    source = models.ForeignKey(
        "guidance.Source",
        verbose_name=_("källa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Dokumentet uppgifterna kommer från, om de inte kommer från verksamheten."),
    )
    source_year = models.PositiveSmallIntegerField(
        _("uppgifternas år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    contact_updated_on = models.DateField(
        _("kontaktuppgifterna ändrade"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Sätts när kontaktuppgifterna ändras i registret; visas i katalogen."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("county"),
        FieldPanel("municipalities"),
        FieldPanel("operation_form"),
        FieldPanel("employer"),
        FieldPanel("posts"),
        InlinePanel("steering_members", heading=_("Ledningsgruppen")),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("website"),
                FieldPanel("public_note"),
            ],
            heading=_("Kontakt för allmänheten"),
        ),
        MultiFieldPanel(
            [FieldPanel("is_active"), FieldPanel("source"), FieldPanel("source_year")],
            heading=_("Status och källa"),
        ),
    ]

    class Meta:
        ordering = ["county__name", "name"]
        verbose_name = _("verksamhet med personligt ombud")
        verbose_name_plural = _("verksamheter med personligt ombud")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="programme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SteeringGroupMember(Orderable):
    """An organisation in a programme's ledningsgrupp (organisations, never people)."""

    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="steering_members")
    organisation = models.CharField(_("organisation"), max_length=200)
    note = models.CharField(
        _("anmärkning"), max_length=200, blank=True, help_text=_("T.ex. 'adjungerad'.")
    )

    panels = [FieldPanel("organisation"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("organisation i ledningsgruppen")
        verbose_name_plural = _("organisationer i ledningsgruppen")

    def __str__(self) -> str:
        return self.organisation


class ChecklistPage(EditorialPage):
    """A public, printable supervision checklist. Each published version is kept for good."""

    parent_page_types = ["guidance.GuidancePage"]
    subpage_types = []
    search_kind = "checklista"  # how search results name the page type (search.choices)

    intro = RichTextField(_("inledning"), features=RICH_TEXT_FEATURES, blank=True)
    areas = StreamField(ChecklistStreamBlock(), verbose_name=_("områden och punkter"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("areas"),
        *EditorialPage.editorial_panels,
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("areas"),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("checklista")
        verbose_name_plural = _("checklistor")

    def get_context(self, request, *args, **kwargs):
        # Imported here, not on top: `checklists.selectors` imports these models (a cycle).
        from checklists.selectors import checklist_assessed_version

        context = super().get_context(request, *args, **kwargs)
        # A translation shows the version of the Swedish text that assessments answer.
        context["version"] = checklist_assessed_version(checklist=self, request=request)
        context["is_translation"] = context["version"] is not None and (
            context["version"].checklist_id != self.pk
        )
        # The same numbered text assessments answer; also right for previews of drafts.
        context["checklist"] = checklist_snapshot(page=self)
        return context

    @property
    def is_translation(self) -> bool:
        """Not in the site's own language (Swedish): read by visitors, never assessed."""
        return self.locale_id != Locale.get_default().pk


class ChecklistVersion(models.Model):
    """What a checklist said when it was published: the text assessments answer."""

    checklist = models.ForeignKey(
        ChecklistPage,
        verbose_name=_("checklista"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titel"), max_length=255)
    snapshot = models.JSONField(_("innehåll"))
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField(_("publicerad"))

    class Meta:
        ordering = ["checklist_id", "-number"]
        verbose_name = _("checklistversion")
        verbose_name_plural = _("checklistversioner")
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="checklist_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title}, version {self.number}"

    @property
    def areas(self) -> list[dict]:
        return self.snapshot["areas"]

    def items(self) -> list[dict]:
        return [item for area in self.areas for item in area["items"]]

    def item_keys(self) -> list[str]:
        return [item["key"] for item in self.items()]


class Assessment(models.Model):
    """A county's assessment of one programme for one year against one checklist version."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("verksamhet"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    checklist_version = models.ForeignKey(
        ChecklistVersion,
        verbose_name=_("checklistversion"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    state = models.CharField(
        _("status"), max_length=10, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    lock_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("påbörjad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast sparad"), auto_now=True)
    completed_at = models.DateTimeField(_("klar"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_snapshot = models.JSONField(
        _("checklistans text när bedömningen blev klar"), null=True, blank=True
    )

    class Meta:
        ordering = ["-year", "programme__name"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="assessment_one_per_year")
        ]
        permissions = [
            ("assess_own_county", _("Kan bedöma verksamheterna i sitt eget län")),
            ("review_all_counties", _("Kan läsa alla läns bedömningar")),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"

    @property
    def is_draft(self) -> bool:
        return self.state == AssessmentState.DRAFT


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=80)
    status = models.CharField(
        _("bedömning"),
        max_length=20,
        choices=AnswerStatus.choices,
        default=AnswerStatus.NOT_ASSESSED,
    )
    comment = models.TextField(
        _("kommentar"),
        blank=True,
        max_length=COMMENT_MAX,
        validators=[MaxLengthValidator(COMMENT_MAX)],
    )
    evidence = models.TextField(
        _("underlag"),
        blank=True,
        max_length=EVIDENCE_MAX,
        validators=[MaxLengthValidator(EVIDENCE_MAX)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_key"], name="answer_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.item_key}"


class AuditEvent(models.Model):
    """Who did what to an assessment, and when. Written by checklists.services only."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("användare"), max_length=150)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    action = models.CharField(_("händelse"), max_length=20, choices=AuditAction.choices)
    changes = models.JSONField(_("ändringar"), default=dict, blank=True)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("händelse i bedömningsloggen")
        verbose_name_plural = _("bedömningsloggen")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()}"


class StaffProfile(models.Model):
    """Ties a länsstyrelse user to the one county whose programmes they assess."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="tillsyn_profile",
    )
    county = models.ForeignKey(
        County,
        verbose_name=_("län"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    panels = [FieldPanel("user"), FieldPanel("county")]

    class Meta:
        verbose_name = _("länsstyrelseanvändare")
        verbose_name_plural = _("länsstyrelseanvändare")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.county or '–'})"
