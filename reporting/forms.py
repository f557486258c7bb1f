"""Forms of the reporting tool. They parse and check input; reporting.services checks again
and writes. Every free-text field refuses personal data (reporting.validators)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checklists.models import FIRST_YEAR
from guidance.choices import DeficiencyActor, DeficiencyLevel
from reporting import annual, messages
from reporting.choices import CaseStatus
from reporting.models import REASON_MAX, TEXT_MAX, TITLE_MAX
from reporting.services import CaseInput, ReportInput
from reporting.validators import no_personal_data, personal_data_message

STALE = _("Formuläret är ändrat. Ladda om sidan och försök igen.")


class LockVersionForm(forms.Form):
    lock_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("Formuläret saknar versionsuppgift. Ladda om sidan och försök igen."),
            "invalid": STALE,
            "min_value": STALE,
        },
    )


def _text(label, *, required=True, max_length=TEXT_MAX, rows=4, help_text="", missing=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        help_text=help_text,
        validators=[no_personal_data],
        error_messages={
            "required": missing or _("Fyll i fältet."),
            "max_length": _("Texten är för lång (högst %(limit_value)s tecken)."),
        },
    )


def _date(label, *, required=True, missing=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=_("ÅÅÅÅ-MM-DD"),
        error_messages={
            "required": missing or _("Ange ett datum."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-15."),
        },
    )


def _choice(label, choices, missing):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": missing,
            "invalid_choice": _("Välj ett av alternativen i listan."),
        },
    )


class DeficiencyReportForm(forms.Form):
    """The reporting form of seed 002 (Bilaga 3), with the questions of its checklist for ombud."""

    reported_on = _date(_("Datum för rapporteringen"))
    title = _text(
        _("Rubrik"),
        max_length=TITLE_MAX,
        rows=0,
        help_text=_("En kort beskrivning, t.ex. ”Handläggare går inte att nå per telefon”."),
        missing=_("Skriv en rubrik."),
    )
    description = _text(
        _("Vad hände?"),
        help_text=_("Beskriv vad som hände och var, utan att någon klient kan kännas igen."),
        missing=_("Beskriv vad som hände."),
    )
    frequency = _text(
        _("Hur ofta har det hänt?"),
        max_length=TITLE_MAX,
        rows=0,
        help_text=_(
            "En systembrist återkommer: den gäller upprepade händelser, inte en enstaka. "
            "T.ex. ”minst sex gånger sedan januari”."
        ),
        missing=_("Skriv hur ofta det har hänt."),
    )
    level = _choice(_("Nivå"), DeficiencyLevel.choices, _("Välj på vilken nivå bristen finns."))
    actor = _choice(_("Aktör"), DeficiencyActor.choices, _("Välj vilken aktör bristen gäller."))
    organisations = _text(
        _("Berörda myndigheter eller verksamheter"),
        max_length=TITLE_MAX,
        rows=0,
        help_text=_(
            "T.ex. ”Försäkringskassan, lokalkontoret” eller ”vuxenpsykiatrins mottagning”."
        ),
        missing=_("Skriv vilken myndighet eller verksamhet det gäller."),
    )
    cause = _text(
        _("Vad beror det på?"),
        required=False,
        help_text=_("Orsaker, direkta och indirekta, så som ombuden ser dem."),
    )
    consequences = _text(
        _("Konsekvenser för målgruppen"),
        help_text=_("Vilka påverkas, och hur, på kort och lång sikt?"),
        missing=_("Beskriv konsekvenserna för målgruppen."),
    )
    ombud_action = _text(
        _("Vad har ombuden gjort?"),
        required=False,
        help_text=_("T.ex. tagit upp frågan med chefen för verksamheten. Vad ledde det till?"),
    )
    suggestion = _text(
        _("Förslag till förändring"),
        help_text=_("Hur kan problemet lösas, och vem kan lösa det?"),
        missing=_("Skriv ett förslag till förändring."),
    )

    def clean_reported_on(self):
        date = self.cleaned_data["reported_on"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte ligga i framtiden."))
        if date.year < FIRST_YEAR:
            raise forms.ValidationError(_("Datumet kan inte vara före år 2000."))
        return date

    def report_input(self) -> ReportInput:
        return ReportInput(**{name: self.cleaned_data[name] for name in self.fields})


class DeficiencyReportEditForm(LockVersionForm, DeficiencyReportForm):
    def report_input(self) -> ReportInput:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "lock_version"}
        return ReportInput(**data)


class CaseOpenForm(forms.Form):
    """The ledningsgrupp takes up one or more related reports as one case."""

    title = _text(
        _("Rubrik för ärendet"),
        max_length=TITLE_MAX,
        rows=0,
        missing=_("Skriv en rubrik för ärendet."),
    )
    reports = forms.TypedMultipleChoiceField(
        label=_("Rapporter som hör ihop"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": messages.NO_REPORT_CHOSEN,
            "invalid_choice": _("Välj bara rapporter ur listan."),
        },
    )

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_objects = {report.pk: report for report in reports}
        self.fields["reports"].choices = [
            (report.pk, f"{report.reported_on:%Y-%m-%d} {report.title}") for report in reports
        ]

    def chosen(self) -> list:
        return [self.report_objects[pk] for pk in self.cleaned_data["reports"]]


class CaseForm(LockVersionForm):
    title = _text(_("Rubrik"), max_length=TITLE_MAX, rows=0, missing=_("Skriv en rubrik."))
    status = _choice(_("Status"), CaseStatus.choices, _("Välj status."))
    analysis = _text(
        _("Analys och reflektion"),
        required=False,
        help_text=_("Hur ser problemet ut, vad beror det på, vilka konsekvenser får det?"),
    )
    decision = _text(
        _("Beslut"),
        required=False,
        help_text=_("Ledningsgruppens gemensamma beslut, eller en myndighetschefs eget."),
    )
    responsible = _text(
        _("Vem genomför?"),
        required=False,
        max_length=TITLE_MAX,
        rows=0,
        help_text=_("En organisation eller funktion, t.ex. ”Försäkringskassans enhetschef”."),
    )
    due_date = _date(_("Klart senast"), required=False)
    raised_to = _text(
        _("Lyft till"),
        required=False,
        max_length=TITLE_MAX,
        rows=0,
        help_text=_("Om frågan inte kan lösas lokalt: vilken instans den har lyfts till."),
    )
    feedback = _text(
        _("Återkoppling till ombuden"),
        required=False,
        help_text=_("Vad ledningsgruppen har berättat för ombuden om beslutet och resultatet."),
    )
    feedback_on = _date(_("Återkoppling given"), required=False)
    result = _text(
        _("Resultat"),
        required=False,
        help_text=_("Vad har förändrats? Kan ombuden bekräfta det i sitt arbete?"),
    )

    def case_input(self) -> CaseInput:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "lock_version"}
        return CaseInput(**data)


class CaseReportsForm(LockVersionForm):
    add = forms.TypedChoiceField(
        label=_("Lägg till en rapport som hör ihop med ärendet"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Välj en rapport ur listan.")},
    )
    remove = forms.TypedChoiceField(
        label=_("Ta bort en rapport ur ärendet"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Välj en rapport ur listan.")},
    )

    def __init__(self, *args, free, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.objects = {report.pk: report for report in [*free, *members]}
        blank = [("", _("– Välj –"))]
        self.fields["add"].choices = blank + [(r.pk, r.title) for r in free]
        self.fields["remove"].choices = blank + [(r.pk, r.title) for r in members]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("add") and not cleaned.get("remove") and not self.errors:
            raise forms.ValidationError(_("Välj en rapport att lägga till eller ta bort."))
        return cleaned

    def changes(self) -> tuple[list, list]:
        add, remove = self.cleaned_data.get("add"), self.cleaned_data.get("remove")
        return (
            [self.objects[add]] if add else [],
            [self.objects[remove]] if remove else [],
        )


class AnnualStartForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("År som redovisningen gäller"),
        coerce=int,
        error_messages={
            "required": _("Välj år."),
            "invalid_choice": _("Välj ett av åren i listan."),
        },
    )

    def __init__(self, *args, taken: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = [year for year in range(this_year, this_year - 6, -1) if year not in taken]
        self.fields["year"].choices = [(year, str(year)) for year in years]
        if this_year - 1 in years:
            self.fields["year"].initial = this_year - 1


def _annual_widget(field: annual.Field):
    if field.kind == annual.LONG:
        return forms.Textarea(attrs={"rows": 4})
    if field.is_number:
        mode = "decimal" if field.kind == annual.POSTS else "numeric"
        return forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off", "size": 8})
    return forms.TextInput()


class AnnualReportForm(LockVersionForm):
    """Every field of the annual report; `values` holds them checked (reporting.annual)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in annual.FIELDS.items():
            limit = annual.SHORT_TEXT if field.kind == annual.TEXT else annual.LONG_TEXT
            self.fields[name] = forms.CharField(
                label=field.label,
                help_text=field.help_text,
                required=False,
                max_length=None if field.is_number else limit,
                widget=_annual_widget(field),
                error_messages={
                    "max_length": _("Texten är för lång (högst %(limit_value)s tecken).")
                },
            )

    def clean(self):
        cleaned = super().clean()
        raw = {name: cleaned.get(name) for name in annual.FIELDS if name not in self.errors}
        try:
            self.values = annual.clean(raw, text_check=personal_data_message)
        except annual.ContentError as error:
            for name, messages in error.errors.items():
                self.add_error(name if name in self.fields else None, messages)
        return cleaned

    @staticmethod
    def initial_from(content: dict, lock_version: int) -> dict:
        initial = {"lock_version": lock_version}
        for name, field in annual.FIELDS.items():
            value = content.get(name)
            if value is None:
                continue
            if field.kind == annual.POSTS:
                value = str(value).replace(".", ",")
            initial[name] = value
        return initial


class ReturnForm(LockVersionForm):
    comment = _text(
        _("Vad behöver verksamheten rätta?"),
        rows=5,
        missing=messages.RETURN_COMMENT_MISSING,
    )


class NewVersionForm(LockVersionForm):
    reason = _text(
        _("Varför behövs en ny version?"),
        max_length=REASON_MAX,
        rows=3,
        missing=messages.NEW_VERSION_REASON_MISSING,
    )


def year_param(raw: str | None, *, default: int | None = None) -> int | None:
    """A year from a query string, or the default; None when it is not a sensible year."""
    raw = (raw or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) != 4:
        return None
    year = int(raw)
    if not FIRST_YEAR <= year <= datetime.date.today().year + 1:
        return None
    return year
