"""Reads for the figures page: data sets in the page's language and what each chart shows."""

from dataclasses import dataclass, field
from functools import partial

from django.db.models import prefetch_related_objects
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Locale

from figures.charts import ChartSpec, render_svg, safe_id
from figures.models import DataSet
from figures.tables import DataTable, DataTableError, format_number


@dataclass
class ChartView:
    """One chart as the template shows it: heading, SVG, table rows, source and CSV link."""

    anchor: str
    heading: str
    dataset: DataSet
    table: DataTable | None
    svg: SafeString = SafeString("")
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    csv_url: str = ""

    @property
    def caption(self) -> str:
        return f"{self.heading} ({self.dataset.unit})"


@dataclass
class Section:
    block: object
    chart: ChartView | None = None


def dataset_in_locale(*, dataset: DataSet, locale: Locale | None) -> DataSet:
    """The translation in `locale` if there is one whose numbers match the original's.

    A translation with other numbers than the original would show wrong figures; the original
    is shown instead.
    """
    if locale is None or dataset.locale_id == locale.pk:
        return dataset
    translation = (
        DataSet.objects.filter(translation_key=dataset.translation_key, locale=locale)
        .select_related("source", "locale")
        .first()
    )
    if translation is None:
        return dataset
    try:
        if translation.translation_mismatch(translation.table()):
            return dataset
    except DataTableError:
        return dataset
    return translation


def chart_view(*, dataset: DataSet | None, heading: str = "", page=None, anchor: str = ""):
    """The chart of one data set in the page's language; None when no data set is chosen."""
    if dataset is None:
        return None
    locale = getattr(page, "locale", None)
    dataset = dataset_in_locale(dataset=dataset, locale=locale)
    # Numbers are written the way the page's language writes them, also in a fallback.
    language = (locale or dataset.locale).language_code
    anchor = anchor or safe_id(dataset.key)
    view = ChartView(anchor=anchor, heading=heading or dataset.title, dataset=dataset, table=None)
    try:
        view.table = dataset.table()
    except DataTableError:
        # Saved data is validated; this only guards against rows changed outside the admin.
        return view
    number = partial(format_number, language=language)
    view.rows = [(row.label, [number(value) for value in row.values]) for row in view.table.rows]
    spec = ChartSpec(
        uid=anchor,
        title=view.heading,
        description=f"{dataset.description} {_('Alla värden finns också i tabellen.')}",
        kind=dataset.kind,
        labels=[row.label for row in view.table.rows],
        series=view.table.series,
        values=[row.values for row in view.table.rows],
        axis_label=dataset.unit,
        format_value=number,
    )
    # charts.render_svg escapes every text it writes.
    view.svg = mark_safe(render_svg(spec))  # noqa: S308
    if page is not None and page.url:
        view.csv_url = page.url + page.reverse_subpage("csv", kwargs={"key": dataset.key})
    return view


def page_sections(*, page) -> list[Section]:
    """The page's blocks in order, charts with their view; anchors unique on the page."""
    sections, used = [], set()
    charted = [block.value["dataset"] for block in page.body if block.block_type == "chart"]
    prefetch_related_objects([dataset for dataset in charted if dataset is not None], "source")
    for block in page.body:
        if block.block_type != "chart" or block.value["dataset"] is None:
            sections.append(Section(block=block))
            continue
        anchor = safe_id(block.value["dataset"].key)
        base, number = anchor, 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        chart = chart_view(
            dataset=block.value["dataset"],
            heading=block.value["heading"],
            page=page,
            anchor=anchor,
        )
        sections.append(Section(block=block, chart=chart))
    return sections


def page_dataset(*, page, key: str) -> DataSet | None:
    """A data set the page charts, in the page's language; None for any other key."""
    for block in page.body:
        if block.block_type != "chart":
            continue
        dataset = block.value["dataset"]
        if dataset is not None and dataset.key == key:
            return dataset_in_locale(dataset=dataset, locale=page.locale)
    return None
