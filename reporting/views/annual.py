"""Annual reports: start, fill in, send, correct with a new version; and the county's review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reporting import annual, exports, selectors, services
from reporting.access import PREPARE, REVIEW
from reporting.choices import VersionState
from reporting.forms import (
    AnnualReportForm,
    AnnualStartForm,
    LockVersionForm,
    NewVersionForm,
    ReturnForm,
)
from reporting.models import AnnualReport
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


@tool_view
@require_http_methods(["GET", "POST"])
def annual_start(request, pk):
    programme = selectors.programme_get(access=request.access, pk=pk, action=PREPARE)
    taken = set(AnnualReport.objects.filter(programme=programme).values_list("year", flat=True))
    form = AnnualStartForm(request.POST if request.method == "POST" else None, taken=taken)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.annual_report_start(
                user=request.user, programme=programme, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Redovisningen är påbörjad och ifylld med det portalen redan vet.")
            )
            return redirect("rapportering:annual_edit", pk=report.pk)
    return render(
        request,
        "reporting/annual_start.html",
        {"programme": programme, "form": form, "errors": errors_of(form)},
        status=form_status(form),
    )


def _context(request, report, version) -> dict:
    access = request.access
    programme = report.programme
    latest = selectors.current_version(report=report)
    return {
        "report": report,
        "programme": programme,
        "version": version,
        "versions": selectors.versions_visible(access=access, report=report),
        "is_latest": version.pk == latest.pk,
        "can_prepare": access.can(programme, PREPARE),
        "can_review": access.can(programme, REVIEW) and latest.state == VersionState.SUBMITTED,
        "can_correct": access.can(programme, PREPARE)
        and version.pk == latest.pk
        and latest.state in (VersionState.RETURNED, VersionState.ACCEPTED),
        "sections": _sections(version.content),
        "problems": annual.consistency_errors(version.content) if version.is_draft else {},
    }


def _sections(content: dict) -> list[dict]:
    """The report as it reads: per section its fields' values and its tables."""
    shown = []
    for section in annual.SECTIONS:
        shown.append(
            {
                "section": section,
                "fields": [(field, content.get(field.name)) for field in section.fields],
                "grids": [
                    {"grid": grid, "rows": annual.grid_values(content, grid)}
                    for grid in section.grids
                ],
            }
        )
    return shown


@tool_view
def annual_detail(request, pk, number=None):
    report = selectors.annual_report_get(access=request.access, pk=pk)
    versions = selectors.versions_visible(access=request.access, report=report)
    version = (
        selectors.annual_version_get(access=request.access, report=report, number=number)
        if number is not None
        else versions[0]
    )
    return render(request, "reporting/annual_detail.html", _context(request, report, version))


@tool_view
@require_http_methods(["GET", "POST"])
def annual_edit(request, pk):
    report = selectors.annual_report_get(access=request.access, pk=pk, action=PREPARE)
    version = selectors.current_version(report=report)
    if not version.is_draft:
        messages.info(request, _("Versionen är inskickad och kan inte ändras."))
        return redirect("rapportering:annual", pk=report.pk)
    data = request.POST if request.method == "POST" else None
    form = AnnualReportForm(
        data, initial=AnnualReportForm.initial_from(version.content, report.lock_version)
    )
    conflict = None
    if data is not None and form.is_valid():
        try:
            services.annual_report_save(
                user=request.user,
                report=report,
                lock_version=form.cleaned_data["lock_version"],
                values=form.values,
            )
        except ConflictError as error:
            conflict = _annual_conflict(data, error, form.values)
            form = conflict["form"]
        except ValidationError as error:
            add_errors(form, error)
        else:
            report.refresh_from_db()
            problems = annual.consistency_errors(selectors.current_version(report=report).content)
            if problems:
                messages.warning(
                    request,
                    _(
                        "Redovisningen är sparad, men %(count)s uppgifter saknas eller går inte "
                        "ihop. De är markerade nedan."
                    )
                    % {"count": sum(len(m) for m in problems.values())},
                )
                return redirect("rapportering:annual_edit", pk=report.pk)
            messages.success(request, _("Redovisningen är sparad och går ihop."))
            if "submit" in data:
                return redirect("rapportering:annual_submit", pk=report.pk)
            return redirect("rapportering:annual_edit", pk=report.pk)
    problems = annual.consistency_errors(version.content) if not form.is_bound else {}
    guidance = selectors.report_sections()
    return render(
        request,
        "reporting/annual_edit.html",
        {
            "report": report,
            "programme": report.programme,
            "version": version,
            "form": form,
            "layout": _form_layout(form, problems, guidance),
            "conflict": conflict,
            "problems": problems,
            "warning": NO_CLIENT_IDENTITY,
            "errors": errors_of(form) + _problem_summary(form, problems),
        },
        status=form_status(form, conflict),
    )


def _annual_conflict(data, error, mine: dict) -> dict:
    current = selectors.current_version(report=error.object)
    kept = data.copy()
    kept["lock_version"] = error.object.lock_version
    form = AnnualReportForm(kept)
    form.is_valid()
    form.add_error(None, conflict_message(error))
    differing = annual.changes(mine, current.content)
    theirs = [(annual.FIELDS[name].label, current.content.get(name)) for name in differing]
    return {"form": form, "theirs": theirs, "saved_by": error.saved_by}


def _form_layout(form, problems: dict, guidance: dict) -> list[dict]:
    """The form's sections, with their fields and tables of fields, and the problems that
    belong next to each field or table."""
    layout = []
    for section in annual.SECTIONS:
        grids = []
        for grid in section.grids:
            rows = [
                (
                    row.label,
                    [form[grid.name(row.value, column.value)] for column in grid.columns],
                )
                for row in grid.rows
            ]
            grids.append({"grid": grid, "rows": rows, "problems": problems.get(grid.key, [])})
        layout.append(
            {
                "section": section,
                "fields": [
                    (form[field.name], problems.get(field.name, [])) for field in section.fields
                ],
                "grids": grids,
                "problems": problems.get(section.key, []),
                "note": guidance.get(section.key),
            }
        )
    return layout


GRIDS = {grid.key for section in annual.SECTIONS for grid in section.grids}


def _problem_summary(form, problems: dict) -> list[dict]:
    """Problems of the saved draft for the error summary, linking to the field or section."""
    summary = []
    for name, messages_ in problems.items():
        if name in form.fields:
            target = form[name].id_for_label
        elif name in GRIDS:
            target = f"tabell-{name}"
        else:
            target = f"avsnitt-{name}"
        summary += [{"field_id": target, "message": message} for message in messages_]
    return summary


@tool_view
@require_http_methods(["GET", "POST"])
def annual_submit(request, pk):
    report = selectors.annual_report_get(access=request.access, pk=pk, action=PREPARE)
    version = selectors.current_version(report=report)
    form = LockVersionForm(
        request.POST if request.method == "POST" else None,
        initial={"lock_version": report.lock_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_report_submit(
                user=request.user, report=report, lock_version=form.cleaned_data["lock_version"]
            )
        except ConflictError as error:
            conflict = error
            form.add_error(None, conflict_message(error))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Redovisningen är inskickad till länsstyrelsen."))
            return redirect("rapportering:annual", pk=report.pk)
    return render(
        request,
        "reporting/annual_submit.html",
        {
            **_context(request, report, version),
            "form": form,
            "errors": errors_of(form),
        },
        status=form_status(form, conflict),
    )


@tool_view
@require_http_methods(["GET", "POST"])
def annual_new_version(request, pk):
    report = selectors.annual_report_get(access=request.access, pk=pk, action=PREPARE)
    form = NewVersionForm(
        request.POST if request.method == "POST" else None,
        initial={"lock_version": report.lock_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_report_new_version(
                user=request.user,
                report=report,
                lock_version=form.cleaned_data["lock_version"],
                reason=form.cleaned_data["reason"],
            )
        except ConflictError as error:
            conflict = error
            form.add_error(None, conflict_message(error))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("En ny version är påbörjad. Rätta det som behövs."))
            return redirect("rapportering:annual_edit", pk=report.pk)
    version = selectors.current_version(report=report)
    return render(
        request,
        "reporting/annual_new_version.html",
        {**_context(request, report, version), "form": form, "errors": errors_of(form)},
        status=form_status(form, conflict),
    )


@tool_view
@require_http_methods(["GET", "POST"])
def annual_review(request, pk):
    """The county returns the sent version with comments, or accepts it."""
    report = selectors.annual_report_get(access=request.access, pk=pk, action=REVIEW)
    version = selectors.current_version(report=report)
    data = request.POST if request.method == "POST" else None
    accepting = data is not None and "accept" in data
    initial = {"lock_version": report.lock_version}
    accept_form = LockVersionForm(data if accepting else None, initial=initial)
    return_form = ReturnForm(data if data is not None and not accepting else None, initial=initial)
    form = accept_form if accepting else return_form
    conflict = None
    if data is not None and form.is_valid():
        try:
            if accepting:
                services.annual_report_accept(
                    user=request.user, report=report, lock_version=form.cleaned_data["lock_version"]
                )
            else:
                services.annual_report_return(
                    user=request.user,
                    report=report,
                    lock_version=form.cleaned_data["lock_version"],
                    comment=form.cleaned_data["comment"],
                )
        except ConflictError as error:
            conflict = error
            form.add_error(None, conflict_message(error))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Redovisningen är godkänd.")
                if accepting
                else _("Redovisningen är återsänd till verksamheten med dina kommentarer."),
            )
            return redirect("rapportering:annual", pk=report.pk)
    return render(
        request,
        "reporting/annual_review.html",
        {
            **_context(request, report, version),
            "accept_form": accept_form,
            "return_form": return_form,
            "errors": errors_of(form),
        },
        status=form_status(form, conflict),
    )


@tool_view
def annual_log(request, pk):
    report = selectors.annual_report_get(access=request.access, pk=pk)
    return render(
        request,
        "reporting/log.html",
        {
            "programme": report.programme,
            "annual_report": report,
            "entries": selectors.audit_log(programme=report.programme, annual_report=report),
        },
    )


@tool_view
def annual_export(request, pk, number):
    report = selectors.annual_report_get(access=request.access, pk=pk)
    version = selectors.annual_version_get(access=request.access, report=report, number=number)
    content = exports.annual_csv(report=report, version=version)
    services.export_logged(
        user=request.user,
        programme=report.programme,
        what=_("Årsredovisning %(year)s version %(number)s")
        % {"year": report.year, "number": version.number},
        export_format="csv",
        annual_report=report,
    )
    return download(
        content, "text/csv; charset=utf-8", exports.annual_filename(report, version, "csv")
    )
