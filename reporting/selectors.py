"""Reads of the reporting tool. Every read of a programme's data takes the user's access
(reporting.access) and answers 404 outside what the user may read, 403 for what they may only
read."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import pgettext_lazy

from checklists.models import County, Programme
from guidance.choices import DeficiencyActor, DeficiencyLevel
from reporting import annual
from reporting.access import INTERNAL, READ, ReportingAccess
from reporting.choices import CaseStatus, VersionState
from reporting.models import (
    AnnualReport,
    AnnualReportVersion,
    AuditEntry,
    DeficiencyCase,
    DeficiencyReport,
    ReportSection,
)


def programmes_of(*, access: ReportingAccess) -> QuerySet[Programme]:
    """The programmes the user works for (ombud or ledningsgrupp)."""
    return Programme.objects.filter(pk__in=access.programme_ids).select_related("county")


def programme_get(*, access: ReportingAccess, pk: int, action: str = READ) -> Programme:
    programme = Programme.objects.select_related("county").filter(pk=pk).first()
    if programme is None:
        raise Http404
    access.require(programme, action)
    return programme


def county_get(*, access: ReportingAccess, code: str) -> County:
    """A county whose reports the user reviews (its staff) or reads (national reviewers)."""
    county = County.objects.filter(code=code.upper()).first()
    if county is None or not (access.reads_all or access.county_id == county.pk):
        raise Http404
    return county


# Systembrister ----------------------------------------------------------------------------------


def deficiency_reports(*, programme: Programme, year: int | None = None):
    reports = DeficiencyReport.objects.filter(programme=programme).select_related("case")
    if year is not None:
        reports = reports.filter(reported_on__year=year)
    return reports


def deficiency_report_get(*, access: ReportingAccess, pk: int, action: str = INTERNAL):
    report = (
        DeficiencyReport.objects.select_related("programme__county", "case").filter(pk=pk).first()
    )
    if report is None:
        raise Http404
    access.require(report.programme, INTERNAL)  # the county's staff see figures, not reports
    access.require(report.programme, action)
    return report


def cases(*, programme: Programme) -> QuerySet[DeficiencyCase]:
    return DeficiencyCase.objects.filter(programme=programme).prefetch_related(
        Prefetch("reports", queryset=DeficiencyReport.objects.order_by("reported_on"))
    )


def case_get(*, access: ReportingAccess, pk: int, action: str = INTERNAL) -> DeficiencyCase:
    case = (
        DeficiencyCase.objects.select_related("programme__county")
        .prefetch_related(
            Prefetch("reports", queryset=DeficiencyReport.objects.order_by("reported_on"))
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    access.require(case.programme, INTERNAL)
    access.require(case.programme, action)
    return case


def reports_free(*, programme: Programme) -> QuerySet[DeficiencyReport]:
    """Reports no case has taken up yet."""
    return DeficiencyReport.objects.filter(programme=programme, case__isnull=True)


def status_counts(*, programme: Programme) -> list[tuple[str, str, int]]:
    """Per status (Ny … Avslutad med resultat), how many of the programme's reports have it."""
    counts = Counter(
        status or CaseStatus.NEW
        for status in DeficiencyReport.objects.filter(programme=programme).values_list(
            "case__status", flat=True
        )
    )
    return [(status.value, status.label, counts[status.value]) for status in CaseStatus]


def report_years(*, programme: Programme) -> list[int]:
    dates = DeficiencyReport.objects.filter(programme=programme).dates("reported_on", "year")
    return sorted({date.year for date in dates}, reverse=True)


@dataclass
class Pattern:
    """The programme's reports of a year by level × actor, and month by month."""

    year: int
    levels: list[tuple[str, str]]
    actors: list[tuple[str, str]]
    matrix: list[tuple[str, list[int], int]]  # (level label, count per actor, row total)
    actor_totals: list[int]
    months: list[tuple[str, list[int]]]  # (month, count per level)
    total: int
    statuses: list[tuple[str, str, int]] = field(default_factory=list)


MONTHS = (
    pgettext_lazy("månad", "jan"),
    pgettext_lazy("månad", "feb"),
    pgettext_lazy("månad", "mar"),
    pgettext_lazy("månad", "apr"),
    pgettext_lazy("månad", "maj"),
    pgettext_lazy("månad", "jun"),
    pgettext_lazy("månad", "jul"),
    pgettext_lazy("månad", "aug"),
    pgettext_lazy("månad", "sep"),
    pgettext_lazy("månad", "okt"),
    pgettext_lazy("månad", "nov"),
    pgettext_lazy("månad", "dec"),
)


def pattern(*, programme: Programme, year: int) -> Pattern:
    rows = list(
        DeficiencyReport.objects.filter(programme=programme, reported_on__year=year).values_list(
            "level", "actor", "reported_on", "case__status"
        )
    )
    cells = Counter((level, actor) for level, actor, _date, _status in rows)
    by_month = Counter((date.month, level) for level, _actor, date, _status in rows)
    levels = [(level.value, str(level.label)) for level in DeficiencyLevel]
    actors = [(actor.value, str(actor.label)) for actor in DeficiencyActor]
    matrix = [
        (
            label,
            [cells[(level, actor)] for actor, _name in actors],
            sum(cells[(level, actor)] for actor, _name in actors),
        )
        for level, label in levels
    ]
    statuses = Counter(status or CaseStatus.NEW for *_rest, status in rows)
    return Pattern(
        year=year,
        levels=levels,
        actors=actors,
        matrix=matrix,
        actor_totals=[sum(cells[(lv, actor)] for lv, _l in levels) for actor, _n in actors],
        months=[
            (str(name), [by_month[(month, level)] for level, _label in levels])
            for month, name in enumerate(MONTHS, start=1)
        ],
        total=len(rows),
        statuses=[(s.value, str(s.label), statuses[s.value]) for s in CaseStatus],
    )


# Annual reports ---------------------------------------------------------------------------------


def versions_visible(*, access: ReportingAccess, report: AnnualReport) -> list[AnnualReportVersion]:
    """The versions the user may read: all for the programme's people, those sent for its
    county, the accepted ones for national reviewers."""
    # Newest first; read from a prefetch when the caller made one (the county's list).
    versions = sorted(report.versions.all(), key=lambda version: -version.number)
    programme = report.programme
    if access.is_member(programme):
        return versions
    if access.is_county_staff(programme):
        return [v for v in versions if v.state != VersionState.DRAFT]
    return [v for v in versions if v.state == VersionState.ACCEPTED]


def annual_reports(*, access: ReportingAccess, programme: Programme) -> list[AnnualReport]:
    """The programme's reports the user may see (see versions_visible), each with `shown`:
    the newest version the user may read."""
    reports = list(
        AnnualReport.objects.filter(programme=programme)
        .select_related("programme")
        .prefetch_related("versions")
    )
    visible = []
    for report in reports:
        versions = versions_visible(access=access, report=report)
        if versions:
            report.shown = versions[0]
            visible.append(report)
    return visible


def annual_report_get(*, access: ReportingAccess, pk: int, action: str = READ) -> AnnualReport:
    report = AnnualReport.objects.select_related("programme__county").filter(pk=pk).first()
    if report is None:
        raise Http404
    access.require(report.programme, READ)
    if not versions_visible(access=access, report=report):
        raise Http404  # a draft the county has not been sent, for instance
    access.require(report.programme, action)
    return report


def annual_version_get(
    *, access: ReportingAccess, report: AnnualReport, number: int
) -> AnnualReportVersion:
    for version in versions_visible(access=access, report=report):
        if version.number == number:
            return version
    raise Http404


def current_version(*, report: AnnualReport) -> AnnualReportVersion:
    return report.versions.order_by("-number").first()


def report_sections() -> dict[str, ReportSection]:
    return {section.key: section for section in ReportSection.objects.select_related("source")}


@dataclass
class CountyRow:
    programme: Programme
    report: AnnualReport | None
    version: AnnualReportVersion | None  # the newest version the county has been sent
    totals: dict | None


def county_reports(*, access: ReportingAccess, county: County, year: int) -> list[CountyRow]:
    """Every programme of the county with its report for the year as the user may see it."""
    reports = {
        report.programme_id: report
        for report in AnnualReport.objects.filter(programme__county=county, year=year)
        .select_related("programme__county")
        .prefetch_related("versions")
    }
    rows = []
    for programme in Programme.objects.filter(county=county).select_related("county"):
        report = reports.get(programme.pk)
        version = None
        if report is not None:
            report.programme = programme
            visible = versions_visible(access=access, report=report)
            version = visible[0] if visible else None
        if version is None and access.reads_all and access.county_id != county.pk:
            continue  # national reviewers list accepted reports only
        rows.append(
            CountyRow(
                programme,
                report if version else None,
                version,
                annual.totals(version.content) if version else None,
            )
        )
    return rows


def county_years(*, county: County) -> list[int]:
    return sorted(
        set(AnnualReport.objects.filter(programme__county=county).values_list("year", flat=True)),
        reverse=True,
    )


@dataclass
class YearTotals:
    year: int
    accepted: int
    totals: dict


def county_comparison(*, county: County) -> list[YearTotals]:
    """The county's accepted reports, year by year: headline numbers summed."""
    by_year: dict[int, YearTotals] = {}
    for report in AnnualReport.objects.filter(
        programme__county=county, accepted_version__isnull=False
    ).select_related("accepted_version"):
        totals = annual.totals(report.accepted_version.content)
        row = by_year.setdefault(report.year, YearTotals(report.year, 0, Counter()))
        row.accepted += 1
        row.totals.update(totals)
    return [by_year[year] for year in sorted(by_year, reverse=True)]


def programme_comparison(*, access: ReportingAccess, programme: Programme) -> list[tuple]:
    """The programme's years side by side: per year the newest version the user may read."""
    rows = []
    for report in annual_reports(access=access, programme=programme):
        rows.append((report, report.shown, annual.totals(report.shown.content)))
    return sorted(rows, key=lambda row: row[0].year, reverse=True)


def accepted_reports(*, access: ReportingAccess, year: int | None = None) -> QuerySet:
    """Accepted reports of every county, for national reviewers."""
    if not access.reads_all:
        raise Http404
    reports = AnnualReport.objects.filter(accepted_version__isnull=False).select_related(
        "programme__county", "accepted_version"
    )
    if year is not None:
        reports = reports.filter(year=year)
    return reports.order_by("-year", "programme__county__name", "programme__name")


def audit_log(*, programme: Programme, annual_report: AnnualReport | None = None) -> QuerySet:
    entries = AuditEntry.objects.filter(programme=programme).select_related(
        "report", "case", "annual_report"
    )
    if annual_report is not None:
        entries = entries.filter(annual_report=annual_report)
    return entries


def deadline_passed(case: DeficiencyCase) -> bool:
    return bool(
        case.due_date
        and case.status == CaseStatus.DECIDED
        and case.due_date < datetime.date.today()
    )
