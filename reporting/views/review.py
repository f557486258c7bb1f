"""The county's list of its programmes' annual reports, the comparison of years and the
county summary; the national reviewers' list of accepted reports."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting import exports, selectors
from reporting.forms import year_param
from reporting.views.base import download, tool_view


def _year(request, default: int) -> int:
    year = year_param(request.GET.get("ar"), default=default)
    if year is None:
        raise Http404
    return year


@tool_view
def county(request, code):
    access = request.access
    county = selectors.county_get(access=access, code=code)
    years = selectors.county_years(county=county)
    year = _year(request, years[0] if years else timezone.localdate().year - 1)
    rows = selectors.county_reports(access=access, county=county, year=year)
    return render(
        request,
        "reporting/county.html",
        {
            "county": county,
            "year": year,
            "years": sorted({*years, year}, reverse=True),
            "rows": rows,
            "comparison": selectors.county_comparison(county=county),
            "reviews": access.county_id == county.pk,
        },
    )


@tool_view
def county_csv(request, code):
    access = request.access
    county = selectors.county_get(access=access, code=code)
    years = selectors.county_years(county=county)
    year = _year(request, years[0] if years else timezone.localdate().year - 1)
    rows = selectors.county_reports(access=access, county=county, year=year)
    return download(
        exports.county_summary_csv(county=county, year=year, rows=rows),
        "text/csv; charset=utf-8",
        f"arsredovisningar-{county.code.lower()}-{year}.csv",
    )


@tool_view
def national(request):
    access = request.access
    if not access.reads_all:
        raise Http404
    year = year_param(request.GET.get("ar"))
    if request.GET.get("ar") and year is None:
        raise Http404
    reports = selectors.accepted_reports(access=access, year=year)
    return render(
        request,
        "reporting/national.html",
        {
            "reports": reports[:1000],
            "year": year,
            "title": _("Godkända årsredovisningar i alla län"),
        },
    )
