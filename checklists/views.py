"""The tillsyn tool: thin views that parse, check access, call services or selectors, render.

Every view requires a signed-in user with a verified second factor and the tool's access
(checklists.access). Objects outside what the user may read answer 404; objects the user may
read but not change answer 403. Nothing here is cached: every response is `no-store`.
"""

import functools
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import second_factor_required
from checklists import exports, selectors, services
from checklists.access import access_for
from checklists.forms import (
    AreaAnswersForm,
    AssessmentStartForm,
    CompleteForm,
    ProgrammeForm,
    ReopenForm,
    SteeringGroupFormSet,
)
from checklists.models import FIRST_YEAR, LAST_YEAR, Assessment, County
from portal.forms import form_error_summary


def tool_view(view):
    """Second factor, tool access, and no caching anywhere."""

    @second_factor_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        access = access_for(request.user)
        if not access.allowed:
            response = render(request, "checklists/no_access.html", status=403)
        else:
            request.access = access
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, private"
        return response

    return wrapped


@tool_view
def overview(request):
    access = request.access
    if access.county_id is not None:
        return redirect("tillsyn:county", code=County.objects.get(pk=access.county_id).code)
    counties = selectors.counties_readable(access=access)
    return render(request, "checklists/overview.html", {"counties": counties})


def _county(access, code: str) -> County:
    county = get_object_or_404(County, code=code.upper())
    access.require(county.pk)
    return county


@tool_view
def county(request, code):
    county = _county(request.access, code)
    rows = selectors.county_overview(access=request.access, county=county)
    return render(
        request,
        "checklists/county.html",
        {
            "county": county,
            "rows": rows,
            "can_write": request.access.can_write(county.pk),
            "years": sorted({row.latest.year for row in rows if row.latest}, reverse=True),
        },
    )


@tool_view
def county_csv(request, code):
    county = _county(request.access, code)
    year = _year_param(request)
    rows = selectors.county_summary(access=request.access, county=county, year=year)
    name = f"sammanstallning-{county.code.lower()}{f'-{year}' if year else ''}.csv"
    return _download(exports.county_summary_csv(rows=rows), "text/csv; charset=utf-8", name)


def _year_param(request) -> int | None:
    raw = request.GET.get("ar", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise Http404
    return int(raw)


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@tool_view
def programme_detail(request, pk):
    programme = selectors.programme_get(access=request.access, pk=pk)
    return render(
        request,
        "checklists/programme_detail.html",
        {
            "programme": programme,
            "assessments": programme.assessments.select_related("checklist_version"),
            "members": programme.steering_members.all(),
            "can_write": request.access.can_write(programme.county_id),
        },
    )


@tool_view
@require_http_methods(["GET", "POST"])
def programme_create(request, code):
    county = _county(request.access, code)
    request.access.require(county.pk, write=True)
    return _programme_form(request, county=county, programme=None)


@tool_view
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    programme = selectors.programme_get(access=request.access, pk=pk, write=True)
    return _programme_form(request, county=programme.county, programme=programme)


def _programme_form(request, *, county, programme):
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, instance=programme, county=county)
    members = SteeringGroupFormSet(data, instance=form.instance, prefix="ledning")
    if data is not None and form.is_valid() and members.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.county = county
            services.register_contact_stamp(instance=saved, changed_fields=form.changed_data)
            saved.full_clean()
            # A parental many-to-many relation is set in memory and written by save().
            form.save_m2m()
            saved.save()
            members.instance = saved
            members.save()
        messages.success(request, _("Verksamheten är sparad."))
        return redirect("tillsyn:programme", pk=saved.pk)
    return render(
        request,
        "checklists/programme_form.html",
        {
            "form": form,
            "members": members,
            "county": county,
            "programme": programme,
            "errors": form_error_summary(form, members),
        },
        status=400 if data is not None else 200,
    )


@tool_view
@require_http_methods(["GET", "POST"])
def assessment_start(request, pk):
    programme = selectors.programme_get(access=request.access, pk=pk, write=True)
    versions = selectors.checklist_versions_current()
    form = AssessmentStartForm(
        request.POST if request.method == "POST" else None, versions=versions
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                user=request.user,
                programme=programme,
                year=form.cleaned_data["year"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Bedömningen är påbörjad."))
            return redirect("tillsyn:assessment", pk=assessment.pk)
    return render(
        request,
        "checklists/assessment_start.html",
        {"form": form, "programme": programme, "versions": versions},
        status=400 if form.is_bound and form.errors else 200,
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _assessment_context(request, assessment) -> dict:
    return {
        "assessment": assessment,
        "programme": assessment.programme,
        "can_write": request.access.can_write(assessment.programme.county_id),
    }


@tool_view
def assessment_detail(request, pk):
    assessment = selectors.assessment_get(access=request.access, pk=pk)
    document = selectors.assessment_document(assessment=assessment)
    return render(
        request,
        "checklists/assessment_detail.html",
        {
            **_assessment_context(request, assessment),
            "document": document,
            "previous": selectors.assessment_previous(assessment=assessment),
        },
    )


@tool_view
@require_http_methods(["GET", "POST"])
def assessment_area(request, pk, area):
    assessment = selectors.assessment_get(access=request.access, pk=pk, write=True)
    document = selectors.assessment_document(assessment=assessment)
    area_view = document.area(area)
    if area_view is None:
        raise Http404
    if not assessment.is_draft:
        messages.info(request, _("Bedömningen är markerad som klar. Öppna den igen för att ändra."))
        return redirect("tillsyn:assessment", pk=assessment.pk)
    items = area_view.area["items"]
    answers = {item.key: item.answer for item in area_view.items}
    if request.method != "POST":
        form = AreaAnswersForm(
            initial={"lock_version": assessment.lock_version}, items=items, answers=answers
        )
        return _area_page(request, assessment, document, area_view, form)
    form = AreaAnswersForm(request.POST, items=items, answers=answers)
    outcome = _area_save(request, assessment, form)
    if request.headers.get("X-Autosave") == "1":
        return _autosave_reply(outcome)
    if outcome.saved is not None:
        messages.success(request, _("Svaren är sparade."))
        return redirect(_next_area_url(assessment, document, area_view, request.POST))
    if outcome.conflict is None:
        return _area_page(request, assessment, document, area_view, form, status=400)
    # Keep everything the user typed; the next save overwrites knowingly.
    data = request.POST.copy()
    data["lock_version"] = outcome.conflict.assessment.lock_version
    form = AreaAnswersForm(data, items=items, answers=answers)
    form.is_valid()
    return _area_page(
        request,
        assessment,
        document,
        area_view,
        form,
        conflict=_conflict(outcome.conflict, items),
        status=409,
    )


@dataclass(frozen=True)
class _AreaSave:
    """What one POST of an area's answers came to: the page and the autosave script read it."""

    saved: Assessment | None = None
    conflict: services.ConcurrentEditError | None = None
    errors: tuple[str, ...] = ()


def _area_save(request, assessment, form) -> _AreaSave:
    """Validate and save through the one service call both the page and autosave use."""
    if not form.is_valid():
        return _AreaSave(errors=tuple(error["message"] for error in form_error_summary(form)))
    try:
        saved = services.assessment_save_answers(
            user=request.user,
            assessment=assessment,
            lock_version=form.cleaned_data["lock_version"],
            answers=form.answers(),
        )
    except services.ConcurrentEditError as error:
        return _AreaSave(conflict=error)
    except ValidationError as error:
        _add_errors(form, error)
        return _AreaSave(errors=tuple(error.messages))
    return _AreaSave(saved=saved)


def _autosave_reply(outcome: _AreaSave) -> JsonResponse:
    if outcome.conflict is not None:
        return _autosave_answer(409, _conflict_message(outcome.conflict))
    if outcome.saved is None:
        return _autosave_answer(400, _not_saved(list(outcome.errors)))
    return _autosave_answer(
        200,
        _("Sparat %(time)s.") % {"time": timezone.localtime().strftime("%H:%M:%S")},
        lock_version=outcome.saved.lock_version,
    )


def _area_page(request, assessment, document, area_view, form, *, conflict=None, status=200):
    position = document.areas.index(area_view)
    return render(
        request,
        "checklists/assessment_area.html",
        {
            **_assessment_context(request, assessment),
            "document": document,
            "area": area_view,
            "form": form,
            "conflict": conflict,
            "previous_area": document.areas[position - 1] if position > 0 else None,
            "next_area": document.areas[position + 1]
            if position + 1 < len(document.areas)
            else None,
            "position": position + 1,
        },
        status=status,
    )


def _autosave_answer(status: int, message: str, **data) -> JsonResponse:
    """The answer to the page's script (static/js/autosave.js): a line for its status region."""
    return JsonResponse({"message": message, **data}, status=status)


def _not_saved(errors: list[str]) -> str:
    return _("Inte sparat: %(error)s Tryck Spara för att se alla fel.") % {
        "error": errors[0] if errors else ""
    }


def _conflict(error, items) -> dict:
    """What the other person saved, per item of this area, to show beside the user's input."""
    theirs = {
        answer.item_key: answer
        for answer in error.assessment.answers.filter(item_key__in=[item["key"] for item in items])
    }
    return {"saved_by": error.saved_by, "saved_at": error.saved_at, "theirs": theirs}


def _next_area_url(assessment, document, area_view, data) -> str:
    if "next" in data:
        position = document.areas.index(area_view)
        if position + 1 < len(document.areas):
            following = document.areas[position + 1]
            return reverse("tillsyn:area", kwargs={"pk": assessment.pk, "area": following.key})
        return reverse("tillsyn:complete", kwargs={"pk": assessment.pk})
    return reverse("tillsyn:area", kwargs={"pk": assessment.pk, "area": area_view.key})


@tool_view
@require_http_methods(["GET", "POST"])
def assessment_complete(request, pk):
    assessment = selectors.assessment_get(access=request.access, pk=pk, write=True)
    document = selectors.assessment_document(assessment=assessment)
    form = CompleteForm(
        request.POST if request.method == "POST" else None,
        initial={"lock_version": assessment.lock_version},
    )
    done = _lock_versioned_action(
        request,
        assessment,
        form,
        lambda data: services.assessment_complete(
            user=request.user, assessment=assessment, lock_version=data["lock_version"]
        ),
        done_message=_("Bedömningen är markerad som klar och låst."),
    )
    if done:
        return done
    return render(
        request,
        "checklists/assessment_complete.html",
        {**_assessment_context(request, assessment), "document": document, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _lock_versioned_action(request, assessment, form, perform, *, done_message: str):
    """On a valid POST, run the service; a stale form or a refusal becomes a form error.

    Returns the redirect after success, else None (the caller renders the form again).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        perform(form.cleaned_data)
    except services.ConcurrentEditError as error:
        form.add_error(None, _conflict_message(error))
    except ValidationError as error:
        _add_errors(form, error)
    else:
        messages.success(request, done_message)
        return redirect("tillsyn:assessment", pk=assessment.pk)
    return None


def _conflict_message(error) -> str:
    return _(
        "%(name)s sparade bedömningen %(time)s, efter att du öppnade sidan. Ingenting är "
        "ändrat. Läs igenom bedömningen och försök igen."
    ) % {
        "name": error.saved_by or _("Någon annan"),
        "time": timezone.localtime(error.saved_at).strftime("%Y-%m-%d %H:%M"),
    }


@tool_view
@require_http_methods(["GET", "POST"])
def assessment_reopen(request, pk):
    assessment = selectors.assessment_get(access=request.access, pk=pk, write=True)
    form = ReopenForm(
        request.POST if request.method == "POST" else None,
        initial={"lock_version": assessment.lock_version},
    )
    done = _lock_versioned_action(
        request,
        assessment,
        form,
        lambda data: services.assessment_reopen(
            user=request.user,
            assessment=assessment,
            lock_version=data["lock_version"],
            reason=data["reason"],
        ),
        done_message=_("Bedömningen är öppnad igen och kan ändras."),
    )
    if done:
        return done
    return render(
        request,
        "checklists/assessment_reopen.html",
        {**_assessment_context(request, assessment), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@tool_view
def assessment_compare(request, pk):
    assessment = selectors.assessment_get(access=request.access, pk=pk)
    previous = selectors.assessment_previous(assessment=assessment)
    rows = (
        selectors.assessment_comparison(assessment=assessment, previous=previous)
        if previous
        else []
    )
    return render(
        request,
        "checklists/assessment_compare.html",
        {
            **_assessment_context(request, assessment),
            "previous": previous,
            "rows": rows,
            "changed": sum(1 for row in rows if row.changed),
        },
    )


@tool_view
def assessment_log(request, pk):
    assessment = selectors.assessment_get(access=request.access, pk=pk)
    return render(
        request,
        "checklists/assessment_log.html",
        {
            **_assessment_context(request, assessment),
            "entries": selectors.assessment_audit_log(assessment=assessment),
        },
    )


@tool_view
def assessment_export(request, pk, export_format):
    assessment = selectors.assessment_get(access=request.access, pk=pk)
    document = selectors.assessment_document(assessment=assessment)
    if export_format == "pdf":
        content = exports.assessment_pdf(document=document, generated_at=timezone.now())
        content_type = "application/pdf"
    else:
        content = exports.assessment_csv(document=document)
        content_type = "text/csv; charset=utf-8"
    services.assessment_log_export(
        user=request.user, assessment=assessment, export_format=export_format
    )
    return _download(content, content_type, exports.export_filename(assessment, export_format))
