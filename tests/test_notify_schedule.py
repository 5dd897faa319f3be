"""Schedule rules of subscriptions: next delivery times, month ends, daylight-saving changes."""

from __future__ import annotations

import datetime as dt

import pytest

from crm.notify.schedule import Schedule, ScheduleError, local_time, next_run

D = dt.datetime


def runs(schedule: Schedule, start: dt.datetime, n: int) -> list[dt.datetime]:
    out, at = [], start
    for _ in range(n):
        at = next_run(schedule, at)
        out.append(at)
    return out


def test_daily_in_utc_is_today_if_not_yet_past_else_tomorrow():
    s = Schedule("daily", 8, 30, "UTC")
    assert next_run(s, D(2026, 3, 1, 8, 0)) == D(2026, 3, 1, 8, 30)
    assert next_run(s, D(2026, 3, 1, 8, 30)) == D(2026, 3, 2, 8, 30)  # strictly after: never twice
    assert next_run(s, D(2026, 12, 31, 23, 0)) == D(2027, 1, 1, 8, 30)


def test_daily_in_seoul_is_the_previous_utc_evening():
    s = Schedule("daily", 8, 0, "Asia/Seoul")  # UTC+9 all year
    assert next_run(s, D(2026, 5, 1, 0, 0)) == D(2026, 5, 1, 23, 0)  # 08:00 KST on May 2
    assert next_run(s, D(2026, 4, 30, 22, 0)) == D(2026, 4, 30, 23, 0)  # 08:00 KST on May 1


def test_daily_in_berlin_keeps_local_time_across_both_dst_changes():
    s = Schedule("daily", 8, 0, "Europe/Berlin")
    got = runs(s, D(2026, 3, 27, 12, 0), 4)  # DST starts Sunday March 29 2026
    assert got == [D(2026, 3, 28, 7, 0), D(2026, 3, 29, 6, 0), D(2026, 3, 30, 6, 0), D(2026, 3, 31, 6, 0)]
    assert {local_time(x, "Europe/Berlin").time() for x in got} == {dt.time(8, 0)}
    got = runs(s, D(2026, 10, 23, 12, 0), 3)  # DST ends Sunday October 25 2026
    assert got == [D(2026, 10, 24, 6, 0), D(2026, 10, 25, 7, 0), D(2026, 10, 26, 7, 0)]


def test_a_skipped_local_time_moves_forward_and_a_repeated_one_is_its_first():
    spring = Schedule("daily", 2, 30, "Europe/Berlin")  # 02:30 does not exist on March 29 2026
    day = next_run(spring, D(2026, 3, 28, 12, 0))
    assert day == D(2026, 3, 29, 1, 30)  # = 03:30 CEST
    assert local_time(day, "Europe/Berlin") == D(2026, 3, 29, 3, 30)
    autumn = Schedule("daily", 2, 30, "Europe/Berlin")  # 02:30 happens twice on October 25 2026
    first = next_run(autumn, D(2026, 10, 24, 12, 0))
    assert first == D(2026, 10, 25, 0, 30)  # 02:30 CEST, the first one
    assert next_run(autumn, first) == D(2026, 10, 26, 1, 30)  # not again at 02:30 CET the same night


def test_weekly_on_a_weekday():
    s = Schedule("weekly", 9, 0, "Asia/Seoul", weekday=0)  # Mondays 09:00 KST = Mondays 00:00 UTC
    assert runs(s, D(2026, 6, 3, 0, 0), 3) == [D(2026, 6, 8, 0, 0), D(2026, 6, 15, 0, 0), D(2026, 6, 22, 0, 0)]
    berlin = Schedule("weekly", 7, 15, "Europe/Berlin", weekday=6)  # Sundays across the spring change
    assert runs(berlin, D(2026, 3, 20), 2) == [D(2026, 3, 22, 6, 15), D(2026, 3, 29, 5, 15)]


def test_monthly_on_the_31st_is_each_months_last_day():
    s = Schedule("monthly", 6, 0, "UTC", day=31)
    got = runs(s, D(2027, 12, 31, 7, 0), 6)
    assert [x.date() for x in got] == [
        dt.date(2028, 1, 31),
        dt.date(2028, 2, 29),  # a leap year
        dt.date(2028, 3, 31),
        dt.date(2028, 4, 30),
        dt.date(2028, 5, 31),
        dt.date(2028, 6, 30),
    ]
    feb = Schedule("monthly", 6, 0, "UTC", day=29)
    assert next_run(feb, D(2027, 2, 1)) == D(2027, 2, 28, 6, 0)  # a common year
    assert next_run(feb, D(2027, 2, 28, 6, 0)) == D(2027, 3, 29, 6, 0)


def test_monthly_in_seoul_on_the_first_is_the_utc_day_before():
    s = Schedule("monthly", 7, 0, "Asia/Seoul", day=1)
    assert runs(s, D(2026, 1, 15), 2) == [D(2026, 1, 31, 22, 0), D(2026, 2, 28, 22, 0)]


def test_monthly_last_day_across_a_dst_change_in_berlin():
    s = Schedule("monthly", 23, 30, "Europe/Berlin", day=31)
    assert runs(s, D(2026, 3, 1), 2) == [D(2026, 3, 31, 21, 30), D(2026, 4, 30, 21, 30)]
    assert next_run(s, D(2026, 10, 1)) == D(2026, 10, 31, 22, 30)  # CET again


def test_aware_input_is_read_as_its_instant():
    s = Schedule("daily", 8, 0, "UTC")
    at = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))  # 07:00 UTC
    assert next_run(s, at) == D(2026, 3, 1, 8, 0)


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"kind": "hourly", "hour": 1}, "kind"),
        ({"kind": "daily", "hour": 24}, "time"),
        ({"kind": "daily", "hour": 8, "minute": 60}, "time"),
        ({"kind": "weekly", "hour": 8}, "weekday"),
        ({"kind": "weekly", "hour": 8, "weekday": 7}, "weekday"),
        ({"kind": "monthly", "hour": 8, "day": 0}, "day"),
        ({"kind": "monthly", "hour": 8, "day": 32}, "day"),
        ({"kind": "daily", "hour": 8, "zone": "Mars/Olympus"}, "zone"),
        ({"kind": "daily", "hour": 8, "zone": ""}, "zone"),
    ],
)
def test_bad_schedules_are_refused_with_a_reason(kwargs, key):
    with pytest.raises(ScheduleError, match=f"notify.error.{key}"):
        Schedule(**{"zone": "UTC", **kwargs})


def test_every_run_of_a_year_is_at_the_local_wall_time():
    for zone in ("Europe/Berlin", "Asia/Seoul", "America/New_York", "Australia/Sydney"):
        s = Schedule("daily", 8, 0, zone)
        got = runs(s, D(2026, 1, 1), 366)
        assert {local_time(x, zone).time() for x in got} == {dt.time(8, 0)}, zone
        assert len({local_time(x, zone).date() for x in got}) == 366, zone  # one per local day, none missed
