"""The start page, a programme's page, its log and its years side by side."""

from django.shortcuts import redirect, render
from django.utils import timezone

from checklists.models import County
from reporting import selectors
from reporting.access import PREPARE, REPORT, STEER
from reporting.views.base import tool_view


@tool_view
def home(request):
    """Members see their programmes; county staff their county; national reviewers the list
    of accepted reports."""
    access = request.access
    programmes = list(selectors.programmes_of(access=access))
    if len(programmes) == 1 and access.county_id is None and not access.reads_all:
        return redirect("rapportering:programme", pk=programmes[0].pk)
    if not programmes and access.county_id is not None:
        return redirect("rapportering:county", code=County.objects.get(pk=access.county_id).code)
    if not programmes and access.reads_all:
        return redirect("rapportering:national")
    return render(
        request,
        "reporting/home.html",
        {
            "programmes": [(p, access.role_labels(p)) for p in programmes],
            "county": County.objects.filter(pk=access.county_id).first(),
        },
    )


@tool_view
def programme_detail(request, pk):
    access = request.access
    programme = selectors.programme_get(access=access, pk=pk)
    member = access.is_member(programme)
    # The county and national reviewers see the annual reports and the pattern, not the
    # programme's own work on each systembrist.
    reports = list(selectors.deficiency_reports(programme=programme)) if member else []
    return render(
        request,
        "reporting/programme.html",
        {
            "programme": programme,
            "is_member": member,
            "reports": reports,
            "cases": selectors.cases(programme=programme) if member else [],
            "statuses": selectors.status_counts(programme=programme) if member else [],
            "annual_reports": selectors.annual_reports(access=access, programme=programme),
            "free_reports": [report for report in reports if report.case_id is None],
            "can_report": access.can(programme, REPORT),
            "can_steer": access.can(programme, STEER),
            "can_prepare": access.can(programme, PREPARE),
            "roles": access.role_labels(programme),
            "year": timezone.localdate().year,
        },
    )


@tool_view
def programme_log(request, pk):
    programme = selectors.programme_get(access=request.access, pk=pk)
    entries = selectors.audit_log(programme=programme)
    if not request.access.is_member(programme):
        # The county and national reviewers see what happened to the annual reports they may
        # read, not the programme's internal work.
        entries = entries.filter(annual_report__isnull=False)
    return render(
        request,
        "reporting/log.html",
        {"programme": programme, "entries": entries[:500], "annual_report": None},
    )


@tool_view
def programme_compare(request, pk):
    programme = selectors.programme_get(access=request.access, pk=pk)
    return render(
        request,
        "reporting/programme_compare.html",
        {
            "programme": programme,
            "rows": selectors.programme_comparison(access=request.access, programme=programme),
        },
    )
