def test_a_missing_year_breaks_the_line_instead_of_bridging_it():
    import math

    from jes.reports.charts import _with_gaps

    xs, ys = _with_gaps([(2012, 5), (2007, 9), (2009, 3), (2010, None)])
    assert xs == [2007, 2008, 2009, 2010, 2011, 2012]
    assert [math.isnan(y) for y in ys] == [False, True, False, True, True, False]


def test_line_and_bar_charts_are_svg_with_suppressed_cells_named():
    from jes.reports.charts import counts_bar_svg, line_chart_svg

    assert line_chart_svg([("Slovenia", [(2020, 3), (2021, None)])], "count").lstrip().startswith("<?xml")
    assert "suppressed" in counts_bar_svg(["Female", "Male"], [12, None], "victims")
