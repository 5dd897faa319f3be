"""Periods from URL tokens and their comparison periods."""

import datetime as dt

import pytest

from olap.period import PeriodError, add_months, default_period, parse_period, period_tokens

START, END = dt.date(2023, 1, 1), dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    "token,start,end",
    [
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 1)),
        ("2025-Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 1)),
        ("2025-q1", dt.date(2025, 1, 1), dt.date(2025, 3, 1)),
        ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 1)),
        ("L12M", dt.date(2025, 1, 1), dt.date(2025, 12, 1)),
        ("YTD", dt.date(2025, 1, 1), dt.date(2025, 12, 1)),
    ],
)
def test_parse(token, start, end):
    period = parse_period(token, START, END)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("token", ["", "2025-Q5", "2025-13", "1999", "2030-01", "'; DROP TABLE x;--", "２０２５"])
def test_bad_tokens_are_refused(token):
    with pytest.raises(PeriodError):
        parse_period(token, START, END)


def test_comparisons():
    q = parse_period("2025-Q1", START, END)
    assert (q.previous().start, q.previous().end) == (dt.date(2024, 10, 1), dt.date(2024, 12, 1))
    assert (q.last_year().start, q.last_year().end) == (dt.date(2024, 1, 1), dt.date(2024, 3, 1))
    y = parse_period("2024", START, END)
    assert y.previous().start == dt.date(2023, 1, 1) and y.months == 12


def test_default_and_tokens():
    assert default_period(END).token == "2025-Q4"
    tokens = period_tokens(START, END)
    assert tokens[:5] == ["L12M", "YTD", "2025", "2024", "2023"]
    assert len([x for x in tokens if "-Q" in x]) == 12 and tokens[-1] == "2023-01"
    assert all(parse_period(x, START, END) for x in tokens)


def test_add_months_crosses_years():
    assert add_months(dt.date(2025, 11, 1), 3) == dt.date(2026, 2, 1)
    assert add_months(dt.date(2025, 1, 15), -1) == dt.date(2024, 12, 1)


def test_a_period_the_data_cuts_short_is_partial_and_compared_like_for_like():
    end = dt.date(2025, 11, 12)
    q = parse_period("2025-Q4", START, end)
    assert (q.first_day, q.last_day, q.partial, q.days, q.span_days) == (
        dt.date(2025, 10, 1),
        end,
        True,
        43,
        92,
    )
    # one whole month (October) plus 12 days, in each comparison period
    assert (q.previous().first_day, q.previous().last_day) == (dt.date(2025, 7, 1), dt.date(2025, 8, 12))
    assert (q.last_year().first_day, q.last_year().last_day) == (dt.date(2024, 10, 1), dt.date(2024, 11, 12))
    # whole-month readers still see the calendar quarter
    assert (q.start, q.end, q.months) == (dt.date(2025, 10, 1), dt.date(2025, 12, 1), 3)
    assert not parse_period("2025-Q3", START, end).partial
    assert default_period(end).token == "2025-Q3"


def test_tokens_start_with_the_data():
    tokens = period_tokens(dt.date(2023, 8, 15), END)
    assert "2023-Q2" not in tokens and "2023-Q3" in tokens and tokens[-1] == "2023-08"


def test_the_default_is_never_a_quarter_the_data_only_begins_in():
    # data from May 20 to Sep 15: Q2 holds 41 of its 91 days, so the latest (partial) quarter is shown
    chosen = default_period(dt.date(2024, 9, 15), dt.date(2024, 5, 20))
    assert (chosen.token, chosen.partial) == ("2024-Q3", True)
    # data from Apr 2: Q2 misses one day only, and is the last complete quarter
    chosen = default_period(dt.date(2024, 9, 15), dt.date(2024, 4, 2))
    assert (chosen.token, chosen.partial) == ("2024-Q2", False)
