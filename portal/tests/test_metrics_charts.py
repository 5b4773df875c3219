"""The dashboard's SVG charts: well-formed, labelled for screen readers, and readable with no rows,
one row, fifty rows, zeros and huge figures."""

import re
from decimal import Decimal

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from defusedxml import ElementTree as ET

from portal.charts import WIDTH
from portal.metrics import Metric

SVG = "{http://www.w3.org/2000/svg}"


def draw(metric):
    html = Template("{% load metrics_tags %}{% metric_chart metric %}").render(Context({"metric": metric}))
    return html.strip()


def parse(html):
    # Inline SVG in HTML carries no namespace; parsing it as XML proves it is well-formed.
    return ET.fromstring(html.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def numbers(element, attribute):
    return [float(node.get(attribute)) for node in element.iter(f"{SVG}rect")]


def texts(element):
    return ["".join(node.itertext()) for node in element.iter(f"{SVG}text")]


def figures(element):
    return [node.text for node in element.iter(f"{SVG}text") if node.get("font-weight") == "bold"]


def metric(rows, chart="bars", unit=""):
    return Metric(key="sample", label="Sample figures", value=0, unit=unit, breakdown=tuple(rows), chart=chart)


class BarChartTests(SimpleTestCase):
    def test_is_an_image_named_by_its_title_and_description(self):
        svg = parse(draw(metric([("Urgent", 2), ("High", 5)])))
        self.assertEqual(svg.get("role"), "img")
        ids = svg.get("aria-labelledby").split()
        self.assertEqual([svg.find(f"{SVG}title").get("id"), svg.find(f"{SVG}desc").get("id")], ids)
        self.assertEqual(svg.find(f"{SVG}title").text, "Sample figures")
        self.assertIn("2 values; the highest is High: 5", svg.find(f"{SVG}desc").text)

    def test_bar_lengths_follow_the_figures_and_every_figure_is_written(self):
        svg = parse(draw(metric([("Urgent", 2), ("High", 4), ("Low", 0)])))
        urgent, high, low = numbers(svg, "width")
        self.assertAlmostEqual(high, 2 * urgent, delta=0.2)
        self.assertEqual(low, 0)
        self.assertEqual(figures(svg), ["2", "4", "0"])
        self.assertLessEqual({"Urgent", "High", "Low"}, set(texts(svg)))

    def test_one_row(self):
        svg = parse(draw(metric([("Only project", Decimal("7.5"))], unit="h")))
        self.assertEqual(len(list(svg.iter(f"{SVG}rect"))), 1)
        self.assertEqual(figures(svg), ["7.5\u00a0h"])

    def test_no_rows_draws_nothing(self):
        self.assertEqual(draw(metric([])), "")

    def test_fifty_rows_stay_inside_the_picture(self):
        rows = [(f"A rather long project name number {n}", n * 1000) for n in range(50)]
        svg = parse(draw(metric(rows)))
        width, height = (float(n) for n in svg.get("viewBox").split()[2:])
        self.assertEqual(len(list(svg.iter(f"{SVG}rect"))), 50)
        for rect in svg.iter(f"{SVG}rect"):
            self.assertLessEqual(float(rect.get("x")) + float(rect.get("width")), width)
            self.assertLessEqual(float(rect.get("y")) + float(rect.get("height")), height)
        # Long labels are shortened in the middle, so their different endings still tell them apart;
        # the full one is in each bar's tooltip.
        self.assertIn("A rather long project…number 49", texts(svg))
        self.assertIn("A rather long project…number 48", texts(svg))
        self.assertIn("A rather long project name number 49: 49,000", [t.text for t in svg.iter(f"{SVG}title")])

    def test_huge_figures_fit_and_all_zero_figures_draw_empty_bars(self):
        svg = parse(draw(metric([("Big", 98_765_432_109), ("Small", 1)])))
        big, small = numbers(svg, "width")
        self.assertLess(big, WIDTH)
        self.assertGreaterEqual(small, 0)
        self.assertEqual(figures(svg), ["98,765,432,109", "1"])
        zeros = parse(draw(metric([("A", 0), ("B", 0)])))
        self.assertEqual(numbers(zeros, "width"), [0, 0])

    def test_coordinates_keep_a_dot_in_spanish_while_figures_take_spanish_separators(self):
        with translation.override("es"):
            html = draw(metric([("Faro", Decimal("1234.5"))], unit="h"))
        self.assertFalse(re.search(r'(?:x|y|width|height)="[^"]*,', html))
        self.assertIn("1.234,5\u00a0h", texts(parse(html)))
        self.assertNotIn("style=", html)


class ColumnChartTests(SimpleTestCase):
    def months(self, count, value=3):
        return [(f"M{n:02d} 2026", value * n) for n in range(count)]

    def test_twelve_months_each_named_with_its_figure_on_top(self):
        svg = parse(draw(metric(self.months(12), chart="columns")))
        heights = numbers(svg, "height")
        self.assertEqual(len(heights), 12)
        self.assertEqual(heights, sorted(heights))
        written = texts(svg)
        self.assertIn("M112026", written)
        self.assertEqual(figures(svg), [str(3 * n) for n in range(12)])

    def test_fifty_columns_name_only_what_fits_but_always_the_latest(self):
        svg = parse(draw(metric(self.months(50, value=1000), chart="columns")))
        self.assertEqual(len(list(svg.iter(f"{SVG}rect"))), 50)
        named = [text for text in texts(svg) if text.startswith("M")]
        self.assertLess(len(named), 50)
        self.assertGreater(len(named), 3)
        self.assertIn("M492026", named)
        last = [node for node in svg.iter(f"{SVG}text") if "".join(node.itertext()) == "M492026"][0]
        # The latest label is not cut off at the right edge.
        self.assertLessEqual(float(last.get("x")) + len("2026") * 13 * 0.6 / 2, WIDTH)
        # Figures no longer fit over such thin columns: each column's tooltip and the table carry them.
        self.assertEqual(figures(svg), [])
        self.assertIn("M49 2026: 49,000", [t.text for t in svg.iter(f"{SVG}title")])

    def test_one_column_and_zero_columns(self):
        svg = parse(draw(metric([("Nov 2026", 4)], chart="columns")))
        (width,) = numbers(svg, "width")
        self.assertLessEqual(width, 48)
        self.assertEqual(draw(metric([], chart="columns")), "")
