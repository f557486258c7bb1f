"""Statistics that other apps compute, for the figures page beside the sources' data sets.

An app registers a provider with the Wagtail hook `register_figures_statistics`: a function
`provider(*, scope: str | None, year: int | None) -> Statistics | None` (None: nothing to show
for that scope and year; no scope or year: the whole country, the latest year). The figures app
never imports the apps that compute them. The page draws each table like a data set: an SVG bar
chart and the same numbers in a table, and a CSV file; a hidden count (None) is written out as
"färre än 5" and drawn as no bar.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail import hooks

from figures.charts import BAR, ChartSpec, render_svg, safe_id
from figures.tables import format_number

HOOK = "register_figures_statistics"
NATIONAL = "riket"


@dataclass(frozen=True)
class StatisticTable:
    key: str  # a slug: the table's anchor and the CSV file's name
    title: str
    description: str  # what the chart shows, in a sentence or two (screen readers read it)
    unit: str
    label_heading: str
    series: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int | None, ...]], ...]  # None: hidden, too few to show


@dataclass(frozen=True)
class Scope:
    slug: str  # NATIONAL, or a county's letters in lower case
    label: str


@dataclass(frozen=True)
class Statistics:
    heading: str
    basis: str  # where the numbers come from, so that they are told apart from the sources'
    note: str
    year: int
    scope: Scope
    years: tuple[int, ...]
    scopes: tuple[Scope, ...]
    tables: tuple[StatisticTable, ...]


class _Hidden(Decimal):
    """A hidden count in a chart: no bar, and the words instead of a number."""


@dataclass
class StatisticView:
    table: StatisticTable
    anchor: str
    svg: SafeString
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    csv_url: str = ""

    @property
    def heading(self) -> str:
        return self.table.title

    @property
    def caption(self) -> str:
        return f"{self.table.title} ({self.table.unit})"


@dataclass
class StatisticsView:
    statistics: Statistics
    views: list[StatisticView]
    links: dict = field(default_factory=dict)  # "years"/"scopes": [(label, url, current)]


def hidden_text() -> str:
    return _("färre än 5")


def statistics_provided(*, scope: str | None = None, year: int | None = None) -> list[Statistics]:
    found = []
    for provider in hooks.get_hooks(HOOK):
        statistics = provider(scope=scope, year=year)
        if statistics is not None:
            found.append(statistics)
    return found


def cell_text(value: int | None, language: str) -> str:
    return hidden_text() if value is None else format_number(Decimal(value), language)


def statistic_view(*, table: StatisticTable, language: str, uid: str) -> StatisticView:
    hidden = hidden_text()

    def written(value: Decimal) -> str:
        return hidden if isinstance(value, _Hidden) else format_number(value, language)

    spec = ChartSpec(
        uid=uid,
        title=table.title,
        description=f"{table.description} {_('Alla värden finns också i tabellen.')}",
        kind=BAR,
        labels=[label for label, _values in table.rows],
        series=table.series,
        values=[
            [_Hidden(0) if value is None else Decimal(value) for value in values]
            for _label, values in table.rows
        ],
        axis_label=table.unit,
        format_value=written,
    )
    # charts.render_svg escapes every text it writes.
    svg = mark_safe(render_svg(spec))  # noqa: S308
    rows = [
        (label, [cell_text(value, language) for value in values]) for label, values in table.rows
    ]
    return StatisticView(table=table, anchor=safe_id(uid), svg=svg, rows=rows)


def statistics_views(*, page, scope: str | None = None, year: int | None = None):
    """What the page shows of the registered statistics for the scope and year: the views of
    their tables with CSV links, and links to the other years and scopes."""
    language = page.locale.language_code
    base = page.url or ""
    found = []
    for statistics in statistics_provided(scope=scope, year=year):
        slug, shown_year = statistics.scope.slug, statistics.year

        def url(name, **kwargs):
            return base + page.reverse_subpage(name, kwargs=kwargs) if base else ""

        views = []
        for table in statistics.tables:
            view = statistic_view(table=table, language=language, uid=f"{slug}-{table.key}")
            view.csv_url = url("reported_csv", scope=slug, year=shown_year, key=table.key)
            views.append(view)
        links = {
            "years": [
                (str(other), url("reported", scope=slug, year=other), other == shown_year)
                for other in statistics.years
            ],
            "scopes": [
                (
                    other.label,
                    url("reported", scope=other.slug, year=shown_year),
                    other == statistics.scope,
                )
                for other in statistics.scopes
            ],
        }
        found.append(StatisticsView(statistics=statistics, views=views, links=links))
    return found


def statistic_table(*, scope: str, year: int, key: str) -> StatisticTable | None:
    for statistics in statistics_provided(scope=scope, year=year):
        if statistics.scope.slug != scope or statistics.year != year:
            continue
        for table in statistics.tables:
            if table.key == key:
                return table
    return None
