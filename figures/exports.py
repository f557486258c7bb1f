"""A data set as a CSV file that Swedish Excel opens as it is."""

from decimal import Decimal

from figures.models import DataSet
from figures.statistics import StatisticTable, cell_text

# The checklists exports already write CSV the way Swedish Excel reads it (BOM, ';', CRLF) and
# neutralise formula-like cells (CSV injection); the figures use the very same writer.
from portal.spreadsheets import spreadsheet_csv


def _value(value: Decimal, language: str) -> int | str:
    """Whole numbers as numbers; decimals with the language's decimal mark, no thousands gap."""
    if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
        return int(value)
    text = f"{value:f}"
    return text.replace(".", ",") if language == "sv" else text


def dataset_csv(*, dataset: DataSet, language: str) -> str:
    table = dataset.table()
    rows = [[row.label, *(_value(v, language) for v in row.values)] for row in table.rows]
    return spreadsheet_csv([table.label_heading, *table.series], rows)


def dataset_filename(dataset: DataSet) -> str:
    """The key is a slug (a–z, 0–9, '-', '_'), so it is a safe ASCII file name as it is."""
    return f"{dataset.key}.csv"


def statistic_csv(*, table: StatisticTable, language: str) -> str:
    """A computed table: counts as numbers, hidden ones as the words the page shows."""
    rows = [
        [label, *(value if value is not None else cell_text(None, language) for value in values)]
        for label, values in table.rows
    ]
    return spreadsheet_csv([table.label_heading, *table.series], rows)
