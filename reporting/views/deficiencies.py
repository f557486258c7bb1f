"""Systembrist reports (ombud), cases (ledningsgrupp) and the pattern view with its exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reporting import exports, selectors, services
from reporting.access import READ, REPORT, STEER
from reporting.forms import (
    CaseForm,
    CaseOpenForm,
    CaseReportsForm,
    DeficiencyReportEditForm,
    DeficiencyReportForm,
    year_param,
)
from reporting.services import ConflictError
from reporting.validators import NO_CLIENT_IDENTITY
from reporting.views.base import (
    add_errors,
    conflict_message,
    download,
    errors_of,
    form_status,
    tool_view,
)

REPORT_FIELDS = list(DeficiencyReportForm.base_fields)


@tool_view
@require_http_methods(["GET", "POST"])
def report_create(request, pk):
    programme = selectors.programme_get(access=request.access, pk=pk, action=REPORT)
    data = request.POST if request.method == "POST" else None
    form = DeficiencyReportForm(data, initial={"reported_on": timezone.localdate()})
    if data is not None and form.is_valid():
        try:
            report = services.deficiency_report_create(
                user=request.user, programme=programme, data=form.report_input()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Systembristen är rapporterad till ledningsgruppen."))
            return redirect("rapportering:report", pk=report.pk)
    return render(
        request,
        "reporting/report_form.html",
        {
            "programme": programme,
            "form": form,
            "report": None,
            "warning": NO_CLIENT_IDENTITY,
            "errors": errors_of(form),
        },
        status=form_status(form),
    )


@tool_view
def report_detail(request, pk):
    report = selectors.deficiency_report_get(access=request.access, pk=pk)
    programme = report.programme
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "programme": programme,
            "can_edit": request.access.can(programme, REPORT) and report.case_id is None,
            "can_steer": request.access.can(programme, STEER),
        },
    )


@tool_view
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = selectors.deficiency_report_get(access=request.access, pk=pk, action=REPORT)
    if report.case_id is not None:
        messages.info(request, _("Ledningsgruppen har tagit upp rapporten; den kan inte ändras."))
        return redirect("rapportering:report", pk=report.pk)
    data = request.POST if request.method == "POST" else None
    initial = {name: getattr(report, name) for name in REPORT_FIELDS}
    form = DeficiencyReportEditForm(data, initial={**initial, "lock_version": report.lock_version})
    conflict = None
    if data is not None and form.is_valid():
        try:
            services.deficiency_report_update(
                user=request.user,
                report=report,
                lock_version=form.cleaned_data["lock_version"],
                data=form.report_input(),
            )
        except ConflictError as error:
            conflict = _keep_input(form, DeficiencyReportEditForm, data, error, REPORT_FIELDS)
            form = conflict["form"]
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Rapporten är sparad."))
            return redirect("rapportering:report", pk=report.pk)
    return render(
        request,
        "reporting/report_form.html",
        {
            "programme": report.programme,
            "form": form,
            "report": report,
            "warning": NO_CLIENT_IDENTITY,
            "conflict": conflict,
            "errors": errors_of(form),
        },
        status=form_status(form, conflict),
    )


def _keep_input(form, form_class, data, error, fields, **kwargs) -> dict:
    """After a conflict: the user's input kept, the form now against the saved version, and
    what the other person saved where it differs from the input."""
    current = error.object
    kept = data.copy()
    kept["lock_version"] = current.lock_version
    form = form_class(kept, **kwargs)
    form.is_valid()
    form.add_error(None, conflict_message(error))
    theirs = []
    for name in fields:
        saved = getattr(current, name)
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if saved != mine and name in form.fields:
            shown = saved
            if hasattr(current, f"get_{name}_display"):
                shown = getattr(current, f"get_{name}_display")()
            theirs.append((form.fields[name].label, shown))
    return {"form": form, "theirs": theirs, "saved_by": error.saved_by}


# Cases ------------------------------------------------------------------------------------------


@tool_view
@require_http_methods(["GET", "POST"])
def case_open(request, pk):
    programme = selectors.programme_get(access=request.access, pk=pk, action=STEER)
    free = list(selectors.reports_free(programme=programme).order_by("reported_on"))
    data = request.POST if request.method == "POST" else None
    chosen = [value for value in request.GET.getlist("rapport") if value.isdigit()]
    form = CaseOpenForm(data, reports=free, initial={"reports": chosen})
    if data is not None and form.is_valid():
        try:
            case = services.case_open(
                user=request.user,
                programme=programme,
                reports=form.chosen(),
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Ärendet är öppnat. Skriv ledningsgruppens analys."))
            return redirect("rapportering:case", pk=case.pk)
    return render(
        request,
        "reporting/case_open.html",
        {"programme": programme, "form": form, "free": free, "errors": errors_of(form)},
        status=form_status(form),
    )


CASE_FIELDS = [name for name in CaseForm.base_fields if name != "lock_version"]


@tool_view
@require_http_methods(["GET", "POST"])
def case_detail(request, pk):
    """The case: its reports, and for the ledningsgrupp the form for its work on it."""
    access = request.access
    case = selectors.case_get(access=access, pk=pk)
    programme = case.programme
    can_steer = access.can(programme, STEER)
    if request.method == "POST" and not can_steer:
        access.require(programme, STEER)
    initial = {name: getattr(case, name) for name in CASE_FIELDS}
    data = request.POST if request.method == "POST" else None
    form = CaseForm(data, initial={**initial, "lock_version": case.lock_version})
    conflict = None
    if data is not None and form.is_valid():
        try:
            services.case_update(
                user=request.user,
                case=case,
                lock_version=form.cleaned_data["lock_version"],
                data=form.case_input(),
            )
        except ConflictError as error:
            conflict = _keep_input(form, CaseForm, data, error, CASE_FIELDS)
            form = conflict["form"]
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Ärendet är sparat."))
            return redirect("rapportering:case", pk=case.pk)
    members = list(case.reports.all())
    free = list(selectors.reports_free(programme=programme).order_by("reported_on"))
    return render(
        request,
        "reporting/case_detail.html",
        {
            "case": case,
            "programme": programme,
            "reports": members,
            "form": form if can_steer else None,
            "reports_form": CaseReportsForm(
                initial={"lock_version": case.lock_version}, free=free, members=members
            )
            if can_steer
            else None,
            "conflict": conflict,
            "overdue": selectors.deadline_passed(case),
            "errors": errors_of(form) if can_steer else [],
        },
        status=form_status(form, conflict),
    )


@tool_view
@require_http_methods(["POST"])
def case_reports(request, pk):
    case = selectors.case_get(access=request.access, pk=pk, action=STEER)
    members = list(case.reports.all())
    free = list(selectors.reports_free(programme=case.programme))
    form = CaseReportsForm(request.POST, free=free, members=members)
    if form.is_valid():
        add, remove = form.changes()
        try:
            services.case_reports_change(
                user=request.user,
                case=case,
                lock_version=form.cleaned_data["lock_version"],
                add=add,
                remove=remove,
            )
        except ConflictError as error:
            form.add_error(None, conflict_message(error))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Rapporterna i ärendet är ändrade."))
            return redirect("rapportering:case", pk=case.pk)
    for error in errors_of(form):
        messages.error(request, error["message"])
    response = redirect("rapportering:case", pk=case.pk)
    return response


# Pattern ----------------------------------------------------------------------------------------


def _pattern(request, pk):
    programme = selectors.programme_get(access=request.access, pk=pk, action=READ)
    years = selectors.report_years(programme=programme)
    year = year_param(
        request.GET.get("ar"), default=years[0] if years else timezone.localdate().year
    )
    if year is None:
        raise Http404
    return programme, years, selectors.pattern(programme=programme, year=year)


@tool_view
def pattern(request, pk):
    programme, years, found = _pattern(request, pk)
    return render(
        request,
        "reporting/pattern.html",
        {
            "programme": programme,
            "years": years,
            "pattern": found,
            "charts": exports.pattern_charts(pattern=found, programme=programme),
        },
    )


@tool_view
def pattern_export(request, pk, export_format):
    programme, _years, found = _pattern(request, pk)
    name = exports.pattern_filename(programme=programme, year=found.year, ext=export_format)
    if export_format == "pdf":
        content = exports.pattern_pdf(
            pattern=found, programme=programme, generated_at=timezone.now()
        )
        content_type = "application/pdf"
    else:
        content = exports.pattern_csv(pattern=found)
        content_type = "text/csv; charset=utf-8"
    services.export_logged(
        user=request.user,
        programme=programme,
        what=_("Mönster för systembrister %(year)s") % {"year": found.year},
        export_format=export_format,
    )
    return download(content, content_type, name)
