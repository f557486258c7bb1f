"""Small numbers hidden so that nobody can be recognised in published statistics.

A table of counts is published with its totals: per row, per column, and per county when the
same table is shown for the whole country and for each county. Every count from 1 to 4 is
hidden (primary suppression). A hidden count could still be worked out from a total and the
other counts of its row, so wherever a line (a row, a column, the counties of one cell) with a
shown total has exactly one hidden count, the smallest other count is hidden too (secondary
suppression), until no line has a lone hidden count. Zeros are shown: they identify nobody.

Pure Python: a cube of any number of dimensions, indexed by tuples; `None` in a position stands
for the total over that dimension.
"""

from collections.abc import Mapping
from itertools import product

SMALLEST_SHOWN = 5

Cell = tuple[int | None, ...]


def with_totals(values: Mapping[Cell, int], sizes: tuple[int, ...]) -> dict[Cell, int]:
    """Every cell of the cube and every total: `None` in a position sums over that dimension."""
    full: dict[Cell, int] = {}
    for cell in product(*(range(size) for size in sizes)):
        value = values.get(cell, 0)
        for mask in product((False, True), repeat=len(sizes)):
            key = tuple(None if summed else index for index, summed in zip(cell, mask, strict=True))
            full[key] = full.get(key, 0) + value
    return full


def _lines(sizes: tuple[int, ...]):
    """Each line: its cells along one dimension and its total, for every fixing of the others."""
    for axis, size in enumerate(sizes):
        others = [[*range(other), None] for position, other in enumerate(sizes) if position != axis]
        for fixed in product(*others):
            prefix, suffix = fixed[:axis], fixed[axis:]
            cells = [(*prefix, index, *suffix) for index in range(size)]
            yield cells, (*prefix, None, *suffix)


def hidden_cells(full: Mapping[Cell, int], sizes: tuple[int, ...]) -> set[Cell]:
    """The cells and totals to hide (see the module's docstring)."""
    hidden = {cell for cell, value in full.items() if 0 < value < SMALLEST_SHOWN}
    lines = list(_lines(sizes))
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            if total in hidden:
                continue
            lone = [cell for cell in cells if cell in hidden]
            if len(lone) != 1:
                continue
            shown = [cell for cell in cells if cell not in hidden]
            if shown:
                # The smallest count that is not zero, else a zero (two hidden cells then share
                # the total, and which one holds it is not told).
                hidden.add(min(shown, key=lambda cell: (full[cell] == 0, full[cell])))
            else:
                hidden.add(total)
            changed = True
    return hidden


def published(values: Mapping[Cell, int], sizes: tuple[int, ...]) -> dict[Cell, int | None]:
    """Every cell and total as it may be published: the count, or None where it is hidden."""
    full = with_totals(values, sizes)
    hidden = hidden_cells(full, sizes)
    return {cell: (None if cell in hidden else value) for cell, value in full.items()}
