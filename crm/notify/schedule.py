"""When a scheduled delivery is next due (pure; no store, no clock).

A schedule is a wall-clock time in the subscriber's time zone: every day, every week on a weekday,
or every month on a day (a day the month lacks — the 31st in April, the 29th in a February of a
common year — means the month's last day). Times are stored in UTC beside the zone, so a delivery
at 08:00 Europe/Berlin stays at 08:00 local time across daylight-saving changes. A local time the
change skips (02:30 on the spring-forward night) is read with the offset before the change, i.e.
an hour later on the wall clock (03:30); a time that happens twice (the autumn night) is its first
occurrence. Nothing is ever due twice for one local day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from errors import KeyedError

KINDS = ("daily", "weekly", "monthly")
UTC = dt.UTC


class ScheduleError(KeyedError, ValueError):
    """A schedule that cannot be kept; ``key``/``values`` make the message."""


@dataclass(frozen=True)
class Schedule:
    kind: str  # daily | weekly | monthly
    hour: int
    minute: int = 0
    zone: str = "UTC"
    weekday: int | None = None  # weekly: 0 = Monday … 6 = Sunday
    day: int | None = None  # monthly: 1–31 (past the month's end: its last day)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ScheduleError("notify.error.kind", kind=str(self.kind)[:20])
        if not (0 <= int(self.hour) <= 23 and 0 <= int(self.minute) <= 59):
            raise ScheduleError("notify.error.time")
        if self.kind == "weekly" and (self.weekday is None or not 0 <= int(self.weekday) <= 6):
            raise ScheduleError("notify.error.weekday")
        if self.kind == "monthly" and (self.day is None or not 1 <= int(self.day) <= 31):
            raise ScheduleError("notify.error.day")
        zone_of(self.zone)

    @property
    def tz(self) -> ZoneInfo:
        return zone_of(self.zone)

    def matches(self, day: dt.date) -> bool:
        """Whether the schedule delivers on this local calendar day."""
        if self.kind == "daily":
            return True
        if self.kind == "weekly":
            return day.weekday() == self.weekday
        return day.day == min(int(self.day), calendar.monthrange(day.year, day.month)[1])


def zone_of(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; ``ScheduleError`` for an unknown one."""
    if not name or name not in _zones():
        raise ScheduleError("notify.error.zone", zone=str(name)[:60])
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError("notify.error.zone", zone=str(name)[:60]) from None


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones()) | {"UTC"}
    return _ZONES


def zones() -> list[str]:
    """Every zone a schedule may name, sorted (the form's choices)."""
    return sorted(_zones())


def to_utc(local: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The naive UTC time of a naive local wall time in ``tz`` (skipped times move forward, repeated ones
    are their first occurrence: ``fold=0``)."""
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC).replace(tzinfo=None)


def next_run(schedule: Schedule, after: dt.datetime) -> dt.datetime:
    """The first delivery time strictly after ``after`` (naive UTC), as naive UTC."""
    tz = schedule.tz
    after_aware = after.replace(tzinfo=UTC) if after.tzinfo is None else after.astimezone(UTC)
    day = after_aware.astimezone(tz).date() - dt.timedelta(days=1)  # the day before: a zone behind UTC
    for _ in range(400):
        if schedule.matches(day):
            at = to_utc(dt.datetime.combine(day, dt.time(int(schedule.hour), int(schedule.minute))), tz)
            if at > after_aware.replace(tzinfo=None):
                return at
        day += dt.timedelta(days=1)
    raise AssertionError("a schedule matches at least once a month")  # pragma: no cover


def local_time(at: dt.datetime, zone: str) -> dt.datetime:
    """A naive UTC time as the zone's naive wall time (shown to the user)."""
    return at.replace(tzinfo=UTC).astimezone(zone_of(zone)).replace(tzinfo=None)
