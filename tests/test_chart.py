"""The holdings chart drawn as SVG on the server."""

from datetime import date

import pandas as pd

from dashboard_core.chart import STYLES, counts_svg
from dashboard_core.districts_layer import SERIES
from dashboard_core.figures import COUNT_SERIES


def counts(days: int = 10) -> pd.DataFrame:
    dates = pd.date_range("2021-08-01", periods=days, freq="D")
    rows = []
    for what, step in zip(COUNT_SERIES.values(), (1, 2, 3), strict=True):
        rows += [{"date": d, "what": what, "n": i // step} for i, d in enumerate(dates)]
    return pd.DataFrame(rows)


def test_chart_has_a_styled_line_per_series_and_titles_at_each_change():
    svg = counts_svg(counts(), date(2021, 8, 5))
    assert svg.count("<path ") == 3
    # every series has a style, the shading's government districts included
    assert set(STYLES) == set(COUNT_SERIES.values()) | set(SERIES.values())
    # Capitals change every day: nine change points after the first day.
    assert svg.count("Provincial capitals ") == 9
    assert "<title>2021-08-10: Provincial capitals 9</title>" in svg


def test_chosen_day_is_marked_and_said_in_the_label_for_screen_readers():
    svg = counts_svg(counts(), date(2021, 8, 5))
    assert 'class="cm-chart-day"' in svg and ">2021-08-05</text>" in svg
    assert ('aria-label="Places held by the Taliban over time; on 2021-08-05: '
            'provincial capitals 4, border crossings 2, districts 1"') in svg


def test_day_outside_the_data_draws_no_rule():
    assert "cm-chart-day" not in counts_svg(counts(), date(2021, 9, 30))


def test_no_data_gives_no_chart():
    assert counts_svg(counts().iloc[0:0], date(2021, 8, 5)) == ""
