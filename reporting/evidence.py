"""Evidence for the tillsyn assessment (hook `register_assessment_evidence`, checklists.evidence):
beside the checklist's areas on annual reporting and on systembrister, the programme's annual
reports and its systembrist figures, as far as the user may see them here."""

from collections import Counter

from django.urls import reverse
from django.utils.translation import gettext as _

from checklists.evidence import Evidence
from guidance.choices import DeficiencyActor
from reporting import annual, selectors
from reporting.access import access_for
from reporting.choices import CaseStatus, VersionState
from reporting.models import AnnualReport, DeficiencyReport

# The permanent keys of the tillsyn checklist's areas (content/pages/45_tillsyn.yaml).
ANNUAL_AREA = "rapportering"
DEFICIENCY_AREA = "systembrister"
YEARS_SHOWN = 2


def assessment_evidence(*, user, assessment, area_key: str) -> list[Evidence]:
    if area_key not in (ANNUAL_AREA, DEFICIENCY_AREA):
        return []
    access = access_for(user)
    programme = assessment.programme
    if not access.can_read(programme):
        return []
    years = list(range(assessment.year, assessment.year - YEARS_SHOWN, -1))
    if area_key == ANNUAL_AREA:
        return [_annual(access, programme, years)]
    return [_deficiencies(programme, years)]


def _annual(access, programme, years: list[int]) -> Evidence:
    reports = {
        report.year: report
        for report in AnnualReport.objects.filter(programme=programme, year__in=years)
        .select_related("programme")
        .prefetch_related("versions")
    }
    lines, links = [], []
    for year in years:
        report = reports.get(year)
        versions = selectors.versions_visible(access=access, report=report) if report else []
        if not versions:
            lines.append(_("%(year)s: ingen inskickad årsredovisning i portalen.") % {"year": year})
            continue
        shown = next((v for v in versions if v.state == VersionState.ACCEPTED), versions[0])
        totals = annual.totals(shown.content)
        lines.append(
            _(
                "%(year)s: version %(number)s, %(state)s. %(clients)s klienter (%(new)s nya, "
                "%(ended)s avslutade), %(deficiencies)s systembrister."
            )
            % {
                "year": year,
                "number": shown.number,
                "state": str(shown.get_state_display()).lower(),
                "clients": totals["klienter"],
                "new": totals["nya"],
                "ended": totals["avslutade"],
                "deficiencies": totals["systembrister"],
            }
        )
        links.append(
            (
                _("Årsredovisning %(year)s") % {"year": year},
                reverse(
                    "rapportering:annual_version",
                    kwargs={"pk": report.pk, "number": shown.number},
                ),
            )
        )
    return Evidence(title=_("Årsredovisningar i portalen"), lines=tuple(lines), links=tuple(links))


def _deficiencies(programme, years: list[int]) -> Evidence:
    rows = list(
        DeficiencyReport.objects.filter(
            programme=programme, reported_on__year__in=years
        ).values_list("reported_on__year", "actor", "case__status", "case__feedback_on")
    )
    lines = []
    for year in years:
        of_year = [row for row in rows if row[0] == year]
        if not of_year:
            lines.append(_("%(year)s: inga rapporterade systembrister.") % {"year": year})
            continue
        actors = Counter(actor for _y, actor, _s, _f in of_year)
        statuses = Counter(status or CaseStatus.NEW for _y, _a, status, _f in of_year)
        fed_back = sum(1 for *_rest, feedback_on in of_year if feedback_on)
        lines.append(
            _(
                "%(year)s: %(count)s rapporter (%(actors)s). Behandlade: %(decided)s med beslut, "
                "%(raised)s lyfta vidare, %(closed)s avslutade med resultat; återkoppling till "
                "ombuden i %(fed_back)s."
            )
            % {
                "year": year,
                "count": len(of_year),
                "actors": ", ".join(
                    f"{str(DeficiencyActor(actor).label).lower()} {count}"
                    for actor, count in actors.most_common()
                ),
                "decided": statuses[CaseStatus.DECIDED],
                "raised": statuses[CaseStatus.RAISED],
                "closed": statuses[CaseStatus.CLOSED],
                "fed_back": fed_back,
            }
        )
    link = reverse("rapportering:pattern", kwargs={"pk": programme.pk}) + f"?ar={years[0]}"
    return Evidence(
        title=_("Rapporterade systembrister"),
        lines=tuple(lines),
        links=((_("Mönster efter nivå och aktör"), link),),
    )
