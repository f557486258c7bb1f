"""Systembrist reports, the ledningsgrupp's cases, annual reports and their versions, the
audit log, who works for which programme, and the figures of accepted reports.

Everything here but `AcceptedFigures` and `ReportSection` is private to a programme, its
county and national reviewers (reporting.access). `AcceptedFigures` holds only the aggregated
counts of accepted annual reports, which the public figures page sums; `ReportSection` is
editorial guidance for the form, loaded from the content pack.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from checklists.models import FIRST_YEAR, LAST_YEAR, County, Programme
from guidance.choices import DeficiencyActor, DeficiencyLevel
from reporting.choices import AuditAction, CaseStatus, ProgrammeRole, VersionState
from reporting.validators import no_personal_data

TEXT_MAX = 4000
TITLE_MAX = 200
REASON_MAX = 1000


def _text(label, *, blank=False, max_length=TEXT_MAX, help_text=""):
    return models.TextField(
        label,
        blank=blank,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length), no_personal_data],
        help_text=help_text,
    )


class ProgrammeMembership(models.Model):
    """Ties an account to a programme it works for: as one of its ombud or in its ledningsgrupp."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="programme_memberships",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("verksamhet"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("roll"), max_length=20, choices=ProgrammeRole.choices)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    panels = [FieldPanel("user"), FieldPanel("programme"), FieldPanel("role")]

    class Meta:
        ordering = ["programme__name", "role"]
        verbose_name = _("behörighet till verksamhet")
        verbose_name_plural = _("behörigheter till verksamheter")
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="membership_one_per_user")
        ]
        permissions = [
            ("report_deficiencies", _("Kan rapportera systembrister för sina verksamheter")),
            ("steer_programme", _("Kan behandla systembrister i sina verksamheters ledningsgrupp")),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()}: {self.programme} ({self.get_role_display()})"


class DeficiencyCase(models.Model):
    """The ledningsgrupp's work on one systembrist: one or more related reports, analysed,
    decided on, acted on and fed back to the ombud (seed 002, "En arbetsmodell")."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("verksamhet"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX, validators=[no_personal_data])
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    analysis = _text(_("analys och reflektion"), blank=True)
    decision = _text(_("beslut"), blank=True)
    responsible = models.CharField(
        _("vem genomför"),
        max_length=TITLE_MAX,
        blank=True,
        validators=[no_personal_data],
        help_text=_("Organisation eller funktion, t.ex. ”Socialchefen”."),
    )
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    raised_to = models.CharField(
        _("lyft till"),
        max_length=TITLE_MAX,
        blank=True,
        validators=[no_personal_data],
        help_text=_("Den instans ledningsgruppen har lyft frågan till."),
    )
    feedback = _text(_("återkoppling till ombuden"), blank=True)
    feedback_on = models.DateField(_("återkoppling given"), null=True, blank=True)
    result = _text(_("resultat"), blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("öppnat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrat"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ärende om systembrist")
        verbose_name_plural = _("ärenden om systembrister")

    def __str__(self) -> str:
        return self.title


class DeficiencyReport(models.Model):
    """A systembrist an ombud has seen, with the fields of the reporting form in seed 002
    (Bilaga 3) and its checklist for ombud (Bilaga 2). Never anything about a client."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("verksamhet"),
        on_delete=models.PROTECT,
        related_name="deficiency_reports",
    )
    reported_on = models.DateField(_("datum för rapporteringen"))
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX, validators=[no_personal_data])
    description = _text(_("vad hände?"))
    frequency = models.CharField(
        _("hur ofta har det hänt?"), max_length=TITLE_MAX, validators=[no_personal_data]
    )
    level = models.CharField(_("nivå"), max_length=10, choices=DeficiencyLevel.choices)
    actor = models.CharField(_("aktör"), max_length=20, choices=DeficiencyActor.choices)
    organisations = models.CharField(
        _("berörda myndigheter eller verksamheter"),
        max_length=TITLE_MAX,
        validators=[no_personal_data],
    )
    cause = _text(_("vad beror det på?"), blank=True)
    consequences = _text(_("konsekvenser för målgruppen"))
    ombud_action = _text(_("vad har ombuden gjort?"), blank=True)
    suggestion = _text(_("förslag till förändring"))
    case = models.ForeignKey(
        DeficiencyCase,
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter_name = models.CharField(_("ombud som rapporterar"), max_length=150)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("rapporterad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("rapport om systembrist")
        verbose_name_plural = _("rapporter om systembrister")
        indexes = [models.Index(fields=["programme", "reported_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        return self.case.status if self.case_id else CaseStatus.NEW

    @property
    def status_label(self) -> str:
        return CaseStatus(self.status).label


class AnnualReport(models.Model):
    """A programme's annual report for one year: its versions, the one accepted last."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("verksamhet"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    lock_version = models.PositiveIntegerField(default=1)
    accepted_version = models.ForeignKey(
        "AnnualReportVersion",
        verbose_name=_("godkänd version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("påbörjad"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "programme__name"]
        verbose_name = _("årsredovisning")
        verbose_name_plural = _("årsredovisningar")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="annual_report_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class AnnualReportVersion(models.Model):
    """One version of an annual report. A draft changes; once sent it is frozen for good."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("årsredovisning"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(
        _("status"), max_length=12, choices=VersionState.choices, default=VersionState.DRAFT
    )
    content = models.JSONField(_("innehåll"), default=dict)
    reason = models.TextField(
        _("varför en ny version"),
        blank=True,
        max_length=REASON_MAX,
        validators=[MaxLengthValidator(REASON_MAX), no_personal_data],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("påbörjad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast sparad"), auto_now=True)
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(
        _("länsstyrelsens kommentarer"),
        blank=True,
        max_length=TEXT_MAX,
        validators=[MaxLengthValidator(TEXT_MAX), no_personal_data],
    )

    class Meta:
        ordering = ["report_id", "-number"]
        verbose_name = _("version av årsredovisning")
        verbose_name_plural = _("versioner av årsredovisningar")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="annual_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report}, version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.state == VersionState.DRAFT


class AuditEntry(models.Model):
    """Who did what, and when, to a programme's reports, cases and annual reports. Written by
    reporting.services only; never changed."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("verksamhet"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("användare"), max_length=150)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    action = models.CharField(_("händelse"), max_length=20, choices=AuditAction.choices)
    report = models.ForeignKey(
        DeficiencyReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        DeficiencyCase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    annual_report = models.ForeignKey(
        AnnualReport, null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    changes = models.JSONField(_("ändringar"), default=dict, blank=True)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("händelse i rapporteringsloggen")
        verbose_name_plural = _("rapporteringsloggen")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()}"


class AcceptedFigures(models.Model):
    """The counts of an accepted annual report that the public figures are summed from:
    clients by age band and gender, contact reasons by gender, systembrister by actor and
    level. Written when the county accepts a version; replaced when it accepts a later one."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("verksamhet"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    version = models.OneToOneField(
        AnnualReportVersion, on_delete=models.PROTECT, related_name="accepted_figures"
    )
    counts = models.JSONField(_("antal"), default=dict)
    accepted_at = models.DateTimeField(_("godkänd"))

    class Meta:
        ordering = ["-year", "county__name"]
        verbose_name = _("siffror ur godkänd årsredovisning")
        verbose_name_plural = _("siffror ur godkända årsredovisningar")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="accepted_figures_one")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class ReportSection(models.Model):
    """Editorial guidance for one part of the annual report: what it asks for and where the
    sources show it (content pack `content/snippets/80_reporting.yaml`)."""

    key = models.SlugField(
        _("nyckel"), max_length=40, unique=True, help_text=_("Avsnittets nyckel i formuläret.")
    )
    text = models.TextField(_("vägledning"), max_length=1500)
    source = models.ForeignKey(
        "guidance.Source", verbose_name=_("källa"), on_delete=models.PROTECT, related_name="+"
    )
    locator = models.CharField(_("var i källan"), max_length=200)

    panels = [FieldPanel("key"), FieldPanel("text"), FieldPanel("source"), FieldPanel("locator")]

    class Meta:
        ordering = ["key"]
        verbose_name = _("vägledning för årsredovisningen")
        verbose_name_plural = _("vägledning för årsredovisningen")

    def __str__(self) -> str:
        return self.key
