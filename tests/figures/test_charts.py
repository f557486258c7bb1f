"""The SVG charts: an image with title and description, one mark per value, every text escaped,
colours that stand out against white, and patterns or line styles besides colour."""

from decimal import Decimal

import pytest
from defusedxml import ElementTree

from figures.charts import COLOURS, ChartSpec, escape, nice_scale, render_svg, safe_id, wrap
from figures.tables import format_number

SVG = "{http://www.w3.org/2000/svg}"


def spec(**overrides) -> ChartSpec:
    values = {
        "uid": "po-lan-2004",
        "title": "Verksamheter och ombud per län",
        "description": "Hur många verksamheter och ombud varje län hade.",
        "kind": "stapel",
        "labels": ["Stockholm", "Jämtland", "Skåne"],
        "series": ["Verksamheter", "Ombud"],
        "values": [
            [Decimal(15), Decimal(56)],
            [Decimal(1), Decimal(4)],
            [Decimal(18), Decimal("37.5")],
        ],
        "axis_label": "antal",
        "format_value": format_number,
    }
    return ChartSpec(**{**values, **overrides})


def parse(svg: str):
    return ElementTree.fromstring(svg)


def texts(root) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("colour", COLOURS)
def test_every_series_colour_has_at_least_3_to_1_contrast_against_white(colour):
    assert (1.05) / (luminance(colour) + 0.05) >= 3


class TestBarChart:
    def test_is_an_image_labelled_by_its_own_title_and_description(self):
        root = parse(render_svg(spec()))
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text == "Verksamheter och ombud per län"
        assert desc.text == "Hur många verksamheter och ombud varje län hade."
        assert root.get("viewBox").startswith("0 0 ")

    def test_one_bar_per_value_with_the_value_written_beside_it(self):
        root = parse(render_svg(spec()))
        bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__bar"]
        assert len(bars) == 6
        values = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart__value"]
        assert ["".join(t.itertext()) for t in values] == ["15", "56", "1", "4", "18", "37,5"]
        widths = [float(bar.get("width")) for bar in bars]
        assert widths[1] == max(widths) and widths[2] == min(widths)
        assert widths[1] / widths[3] == pytest.approx(56 / 4, rel=0.02)

    def test_labels_legend_and_axis_are_text(self):
        words = texts(parse(render_svg(spec())))
        for word in ("Stockholm", "Jämtland", "Skåne", "Verksamheter", "Ombud", "antal"):
            assert word in words

    def test_series_differ_by_pattern_not_only_by_colour(self):
        root = parse(render_svg(spec()))
        fills = {r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__bar"}
        assert fills == {COLOURS[0], "url(#fig-po-lan-2004-fill-1)"}
        assert root.find(f".//{SVG}pattern[@id='fig-po-lan-2004-fill-1']") is not None

    def test_a_single_series_has_no_legend(self):
        svg = render_svg(
            spec(series=["Ombud"], values=[[Decimal(56)], [Decimal(4)], [Decimal(37)]])
        )
        assert "chart__legend" not in svg

    def test_all_zero_values_still_draw(self):
        root = parse(render_svg(spec(values=[[Decimal(0)] * 2] * 3)))
        assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__bar"]) == 6


class TestLineChart:
    def test_one_line_per_series_with_a_marker_and_value_per_point(self):
        chart = spec(
            kind="linje",
            labels=["2002", "2003", "2004"],
            series=["Ingångsenkäter"],
            values=[[Decimal(1213)], [Decimal(2539)], [Decimal(2968)]],
        )
        root = parse(render_svg(chart))
        lines = list(root.iter(f"{SVG}polyline"))
        assert len(lines) == 1 and len(lines[0].get("points").split()) == 3
        values = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart__value"]
        assert ["".join(t.itertext()) for t in values] == ["1\u00a0213", "2\u00a0539", "2\u00a0968"]
        assert {"2002", "2003", "2004", "antal"} <= set(texts(root))
        assert root.find(f"{SVG}title").text == chart.title

    def test_series_differ_by_dash_and_marker_shape(self):
        root = parse(render_svg(spec(kind="linje")))
        dashes = [line.get("stroke-dasharray") for line in root.iter(f"{SVG}polyline")]
        assert dashes[0] is None and dashes[1]
        assert len(list(root.iter(f"{SVG}circle"))) >= 3  # series 1: circles
        assert len(list(root.iter(f"{SVG}rect"))) >= 3  # series 2: squares

    def test_many_points_leave_the_values_to_the_table(self):
        labels = [str(1960 + i) for i in range(40)]
        root = parse(render_svg(spec(kind="linje", labels=labels, series=["x"], values=[[1]] * 40)))
        assert not [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart__value"]


class TestEscaping:
    HOSTILE = '<script>alert("x")</script> & =SUM(A1) \x01'

    @pytest.mark.parametrize("kind", ["stapel", "linje"])
    def test_every_text_is_escaped(self, kind):
        chart = spec(
            kind=kind,
            uid='x" onload="alert(1)',
            title=self.HOSTILE,
            description=self.HOSTILE,
            labels=[self.HOSTILE, "B", "C"],
            series=[self.HOSTILE, "Ombud"],
            axis_label=self.HOSTILE,
        )
        svg = render_svg(chart)
        assert "<script" not in svg and "onload=" not in svg.replace("onload-", "")
        root = parse(svg)  # well-formed XML: nothing broke out of its element or attribute
        assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & =SUM(A1) '
        assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))
        assert all(
            key
            in {
                "xmlns",
                "class",
                "viewBox",
                "width",
                "height",
                "role",
                "aria-labelledby",
                "focusable",
                "font-size",
                "fill",
            }
            for key in root.attrib
        )

    def test_escape_and_ids(self):
        assert escape('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        assert safe_id('Äb "c"<d>') == "fig-b-c-d"
        assert safe_id("") == "fig-chart"


def test_wrap_keeps_lines_short_and_marks_cut_text():
    assert wrap("Stöd i kontakten med myndigheter", 22) == ["Stöd i kontakten med", "myndigheter"]
    lines = wrap("a " * 100, 10, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert wrap("Hässelby-Vällingby-och-Bromma-tillsammans", 10)[0] == "Hässelby-"


@pytest.mark.parametrize(
    ("maximum", "top", "step"), [(56, 60, 20), (2968, 3000, 1000), (99, 100, 20), (0, 1, 1)]
)
def test_axis_ends_on_a_round_number(maximum, top, step):
    assert nice_scale(maximum) == (top, step)
