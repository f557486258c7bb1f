"""Small numbers hidden with their totals (reporting.suppression). No database needed."""

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.suppression import SMALLEST_SHOWN, _lines, published


def test_counts_from_one_to_four_are_hidden_and_zeros_shown():
    shown = published({(0, 0): 3, (0, 1): 0, (1, 0): 10, (1, 1): 12}, (2, 2))
    assert shown[(0, 0)] is None
    assert shown[(0, 1)] == 0
    assert shown[(None, None)] == 25


def test_a_lone_hidden_count_takes_a_second_one_with_it():
    # Row 0: 3 is hidden; with the row's total (23) shown, 20 would give it away, so another
    # count of the row is hidden too, and so on through the columns.
    values = {(0, 0): 3, (0, 1): 20, (1, 0): 30, (1, 1): 40, (2, 0): 50, (2, 1): 6}
    shown = published(values, (3, 2))
    assert shown[(0, 0)] is None and shown[(0, 1)] is None
    assert shown[(0, None)] == 23 and shown[(None, None)] == 149
    for cells, _total in _lines((3, 2)):
        assert sum(shown[cell] is None for cell in cells) != 1


cubes = st.integers(min_value=1, max_value=4).flatmap(
    lambda counties: st.tuples(
        st.just(counties),
        st.lists(
            st.integers(min_value=0, max_value=30), min_size=counties * 12, max_size=counties * 12
        ),
    )
)


@settings(max_examples=60, deadline=None)
@given(cubes)
def test_no_hidden_count_can_be_worked_out_from_its_line(cube):
    counties, flat = cube
    sizes = (counties, 4, 3)
    values = {cell: flat[i] for i, cell in enumerate(product(*(range(size) for size in sizes)))}
    shown = published(values, sizes)
    assert not any(v is not None and 0 < v < SMALLEST_SHOWN for v in shown.values())
    for cells, total in _lines(sizes):
        lone = [cell for cell in cells if shown[cell] is None]
        assert len(lone) != 1 or shown[total] is None, (cells, total)
        if shown[total] is not None and not lone:
            assert sum(shown[cell] for cell in cells) == shown[total]
