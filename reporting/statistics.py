"""Public statistics from accepted annual reports, for "PO i siffror" (figures.statistics).

Only `AcceptedFigures` is read: the counts of the version each county accepted last, never a
draft or anything unaccepted. The whole country and each county: clients by age band and
gender, contact reasons by gender, systembrister by actor and level, and per county the number
of programmes, clients and systembrister. Counts are summed over a cube (county × row ×
column) and hidden together (reporting.suppression), so that a county's table, the country's
table and the county list cannot be set against each other to work out a hidden count.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from figures.statistics import NATIONAL, Scope, Statistics, StatisticTable
from guidance.choices import DeficiencyActor, DeficiencyLevel
from reporting import annual
from reporting.choices import AgeBand, ContactReason, Gender
from reporting.models import AcceptedFigures
from reporting.suppression import published

TABLES = (
    # (key, grid, rows, columns)
    ("klienter-alder-kon", annual.AGES, AgeBand, Gender),
    ("kontaktorsaker", annual.REASONS, ContactReason, Gender),
    ("systembrister-aktor", annual.DEFICIENCIES, DeficiencyActor, DeficiencyLevel),
)


def _cube(figures: list[AcceptedFigures], counties: list, grid_key: str, rows, columns) -> dict:
    """Published counts of one grid: (county index or None, row or None, column or None)."""
    position = {county.pk: index for index, county in enumerate(counties)}
    values: dict[tuple, int] = defaultdict(int)
    for figure in figures:
        grid = figure.counts.get(grid_key, {})
        for r, row in enumerate(rows):
            for c, column in enumerate(columns):
                count = grid.get(row.value, {}).get(column.value, 0)
                if isinstance(count, int) and count > 0:
                    values[(position[figure.county_id], r, c)] += count
    return published(values, (len(counties), len(rows), len(columns)))


def _texts(key: str) -> dict:
    return {
        "klienter-alder-kon": {
            "title": _("Klienter efter ålder och kön"),
            "description": _(
                "Alla som fick stöd av personligt ombud under året, efter åldersgrupp och kön."
            ),
            "unit": _("antal klienter"),
            "label": _("Åldersgrupp"),
            "all": _("Samtliga klienter"),
        },
        "kontaktorsaker": {
            "title": _("Kontaktorsaker efter kön"),
            "description": _(
                "Varför klienterna tog kontakt. En klient kan ha flera orsaker, så summan är "
                "större än antalet klienter."
            ),
            "unit": _("antal kontaktorsaker"),
            "label": _("Kontaktorsak"),
            "all": _("Samtliga kontaktorsaker"),
        },
        "systembrister-aktor": {
            "title": _("Systembrister efter aktör och nivå"),
            "description": _(
                "Systembrister som ombuden har rapporterat under året, efter den aktör och den "
                "nivå där bristen finns."
            ),
            "unit": _("antal systembrister"),
            "label": _("Aktör"),
            "all": _("Samtliga aktörer"),
        },
    }[key]


def _table(key: str, cube: dict, index, rows, columns) -> StatisticTable:
    texts = _texts(key)
    table_rows = [
        (
            str(row.label),
            tuple(cube[(index, r, c)] for c in range(len(columns))) + (cube[(index, r, None)],),
        )
        for r, row in enumerate(rows)
    ]
    table_rows.append(
        (
            texts["all"],
            tuple(cube[(index, None, c)] for c in range(len(columns)))
            + (cube[(index, None, None)],),
        )
    )
    return StatisticTable(
        key=key,
        title=texts["title"],
        description=texts["description"],
        unit=texts["unit"],
        label_heading=texts["label"],
        series=(*(str(column.label) for column in columns), _("Totalt")),
        rows=tuple(table_rows),
    )


def _county_table(figures, counties, cubes) -> StatisticTable:
    programmes = defaultdict(int)
    for figure in figures:
        programmes[figure.county_id] += 1
    clients, deficiencies = cubes["klienter-alder-kon"], cubes["systembrister-aktor"]
    rows = [
        (
            county.name,
            (programmes[county.pk], clients[(i, None, None)], deficiencies[(i, None, None)]),
        )
        for i, county in enumerate(counties)
    ]
    rows.append(
        (
            _("Hela landet"),
            (len(figures), clients[(None, None, None)], deficiencies[(None, None, None)]),
        )
    )
    return StatisticTable(
        key="per-lan",
        title=_("Verksamheter, klienter och systembrister per län"),
        description=_(
            "Per län: hur många verksamheter som har en godkänd årsredovisning för året, hur "
            "många klienter de hade och hur många systembrister ombuden rapporterade."
        ),
        unit=_("antal"),
        label_heading=_("Län"),
        series=(_("Verksamheter"), _("Klienter"), _("Systembrister")),
        rows=tuple(rows),
    )


def figures_statistics(*, scope: str | None = None, year: int | None = None):
    """The statistics for the figures page (hook `register_figures_statistics`); None when no
    accepted report exists for the year, or the county has none."""
    years = tuple(sorted(set(AcceptedFigures.objects.values_list("year", flat=True)), reverse=True))
    if not years:
        return None
    year = year or years[0]
    if year not in years:
        return None
    figures = list(AcceptedFigures.objects.filter(year=year).select_related("county"))
    counties = sorted({figure.county for figure in figures}, key=lambda county: county.name)
    national = Scope(NATIONAL, _("Hela landet"))
    scopes = (national, *(Scope(county.code.lower(), county.name) for county in counties))
    chosen = next((s for s in scopes if s.slug == (scope or NATIONAL)), None)
    if chosen is None:
        return None
    cubes = {
        key: _cube(figures, counties, grid.key, rows, columns)
        for key, grid, rows, columns in TABLES
    }
    index = None
    if chosen is not national:
        index = next(i for i, county in enumerate(counties) if county.code.lower() == chosen.slug)
    tables = [_table(key, cubes[key], index, rows, columns) for key, _grid, rows, columns in TABLES]
    if index is None:
        tables.append(_county_table(figures, counties, cubes))
    count = (
        len(figures)
        if index is None
        else sum(1 for figure in figures if figure.county_id == counties[index].pk)
    )
    return Statistics(
        heading=_("Siffror från årsredovisningarna: %(scope)s %(year)s")
        % {"scope": chosen.label.lower() if index is None else chosen.label, "year": year},
        basis=_(
            "Beräknat från %(count)s årsredovisningar för %(year)s som länsstyrelserna har "
            "godkänt i portalen. Siffrorna kommer från verksamheterna, inte från "
            "källdokumenten, och ändras när en länsstyrelse godkänner en rättelse."
        )
        % {"count": count, "year": year},
        note=_(
            "Antal från 1 till 4 visas som ”färre än 5”, så att ingen kan kännas igen. Ibland "
            "döljs också ett större antal, så att ett dolt antal inte kan räknas fram ur "
            "summorna."
        ),
        year=year,
        scope=chosen,
        years=years,
        scopes=scopes,
        tables=tuple(tables),
    )
