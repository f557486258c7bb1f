"""Forms of the tillsyn tool. They parse and check input; checklists.services writes."""

import datetime

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from checklists import messages
from checklists.choices import AnswerStatus
from checklists.models import (
    COMMENT_MAX,
    EVIDENCE_MAX,
    FIRST_YEAR,
    LAST_YEAR,
    REASON_MAX,
    Municipality,
    Programme,
    SteeringGroupMember,
)
from checklists.services import AnswerInput, register_contact_stamp

STATUS_SUFFIX = "-status"


class LockVersionMixin(forms.Form):
    lock_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("Formuläret saknar versionsuppgift. Ladda om sidan och försök igen."),
            "invalid": _("Formuläret är ändrat. Ladda om sidan och försök igen."),
            "min_value": _("Formuläret är ändrat. Ladda om sidan och försök igen."),
        },
    )


class AssessmentStartForm(forms.Form):
    year = forms.IntegerField(
        label=_("År som bedömningen gäller"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("Ange året som bedömningen gäller."),
            "invalid": _("Året ska anges med fyra siffror, t.ex. 2026."),
            "min_value": _("Året kan inte vara tidigare än %(limit_value)s."),
            "max_value": _("Året kan inte vara senare än %(limit_value)s."),
        },
    )
    version = forms.TypedChoiceField(
        label=_("Checklista"),
        coerce=int,
        error_messages={
            "required": _("Välj checklista."),
            "invalid_choice": _("Välj en av de checklistor som finns i listan."),
        },
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {version.pk: version for version in versions}
        self.fields["version"].choices = [(pk, str(v)) for pk, v in self.versions.items()]
        self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > datetime.date.today().year + 1:
            raise forms.ValidationError(_("Du kan inte bedöma ett år som ligger så långt fram."))
        return year

    def clean(self):
        cleaned = super().clean()
        if "version" in cleaned:
            cleaned["version"] = self.versions[cleaned["version"]]
        return cleaned


class AreaAnswersForm(LockVersionMixin):
    """One field set (status, comment, evidence) per item of one area."""

    def __init__(self, *args, items: list[dict], answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            key = item["key"]
            answer = answers.get(key)
            self.fields[f"{key}{STATUS_SUFFIX}"] = forms.ChoiceField(
                label=_("Bedömning"),
                choices=AnswerStatus.choices,
                widget=forms.RadioSelect,
                initial=answer.status if answer else AnswerStatus.NOT_ASSESSED,
                error_messages={
                    "required": _("Välj en bedömning för punkt %(number)s.")
                    % {"number": item["number"]},
                    "invalid_choice": _("Ogiltig bedömning för punkt %(number)s.")
                    % {"number": item["number"]},
                },
            )
            self.fields[f"{key}-comment"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=answer.comment if answer else "",
                error_messages={
                    "max_length": _(
                        "Kommentaren till punkt %(number)s är för lång (högst %(max)s tecken)."
                    )
                    % {"number": item["number"], "max": COMMENT_MAX}
                },
            )
            self.fields[f"{key}-evidence"] = forms.CharField(
                label=_("Underlag (t.ex. dokument, protokoll, datum)"),
                required=False,
                max_length=EVIDENCE_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.evidence if answer else "",
                error_messages={
                    "max_length": _(
                        "Underlaget till punkt %(number)s är för långt (högst %(max)s tecken)."
                    )
                    % {"number": item["number"], "max": EVIDENCE_MAX}
                },
            )

    def clean(self):
        cleaned = super().clean()
        known = {item["key"] for item in self.items}
        foreign = [
            name[: -len(STATUS_SUFFIX)]
            for name in self.data
            if name.endswith(STATUS_SUFFIX) and name[: -len(STATUS_SUFFIX)] not in known
        ]
        if foreign:
            raise forms.ValidationError(
                _(
                    "Formuläret innehåller svar på punkter som inte finns i det här området av "
                    "checklistversionen. Ingenting sparades. Ladda om sidan och försök igen."
                )
            )
        return cleaned

    def answers(self) -> dict[str, AnswerInput]:
        return {
            item["key"]: AnswerInput(
                status=self.cleaned_data[f"{item['key']}{STATUS_SUFFIX}"],
                comment=self.cleaned_data[f"{item['key']}-comment"],
                evidence=self.cleaned_data[f"{item['key']}-evidence"],
            )
            for item in self.items
        }

    def rows(self):
        """Per item: the item and its three bound fields, for the template."""
        for item in self.items:
            key = item["key"]
            yield {
                "item": item,
                "status": self[f"{key}{STATUS_SUFFIX}"],
                "comment": self[f"{key}-comment"],
                "evidence": self[f"{key}-evidence"],
            }


class CompleteForm(LockVersionMixin):
    pass


class ReopenForm(LockVersionMixin):
    reason = forms.CharField(
        label=_("Varför öppnas bedömningen igen?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": messages.REOPEN_REASON_MISSING,
            "max_length": _("Motiveringen är för lång (högst %(limit_value)s tecken)."),
        },
    )


def _programme_formfield(field, **kwargs):
    if field.name == "website":
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        formfield_callback = _programme_formfield
        fields = [
            "name",
            "municipalities",
            "operation_form",
            "employer",
            "posts",
            "phone",
            "email",
            "address",
            "website",
            "public_note",
            "is_active",
        ]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.county = county
        # Documents do not always name the employer; county staff know it and must give it.
        self.fields["employer"].required = True
        self.fields["municipalities"].queryset = Municipality.objects.filter(county=county)
        self.fields["municipalities"].error_messages["invalid_choice"] = _(
            "Välj bara kommuner i %(county)s."
        ) % {"county": county.name}
        self.fields["municipalities"].error_messages["invalid_pk_value"] = _(
            "Ogiltigt val av kommun."
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Programme.objects.filter(county=self.county, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Det finns redan en verksamhet med det namnet i länet."))
        return name


SteeringGroupFormSet = inlineformset_factory(
    Programme,
    SteeringGroupMember,
    fields=["organisation", "note"],
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


class RegisterContactAdminForm(WagtailAdminModelForm):
    """The admin's form for programmes and municipalities: dates a change of contact details."""

    def save(self, commit=True):
        register_contact_stamp(instance=self.instance, changed_fields=self.changed_data)
        return super().save(commit=commit)
