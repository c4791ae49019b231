"""Article dates for people to read.

A date is shown in the time zone its source was written in, never converted
to the reader's: a press release dated ``15:21 +08:00`` says 15:21, with the
offset beside it.  A date written without a time shows no time; a time
written without an offset shows no zone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from reader.core.article.dates import LONG_MONTH_NAMES, ParsedDate

__all__ = ["DateFormatter", "format_display_date"]

#: A custom formatter: ``formatter(parsed_date) -> str``.
DateFormatter = Callable[[ParsedDate], str]


def _zone(value: datetime) -> str:
    offset = value.utcoffset()
    if offset is None:
        return ""
    if offset == timedelta(0):
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _clock(value: datetime) -> str:
    text = f"{value.hour:02d}:{value.minute:02d}"
    if value.second:
        text += f":{value.second:02d}"
    return text


def _split_locale(locale: str) -> tuple[str, str]:
    parts = re.split(r"[-_.@]", locale.strip().lower())
    return parts[0], (parts[1] if len(parts) > 1 else "")


def format_display_date(value: ParsedDate | datetime | date, locale: str = "en") -> str:
    """``value`` for display in ``locale`` (``en``, ``en_US``, ``zh_CN``, ``ja``, …).

    * ``en``: ``16 April 2021, 15:21 UTC`` (``en_US``: ``April 16, 2021, …``)
    * ``zh``/``ja``: ``2021年4月16日 15:21 (UTC+08:00)``
    * anything else: ISO-like ``2021-04-16 15:21 UTC+08:00``
    """
    moment = value.value if isinstance(value, ParsedDate) else value
    day = moment.date() if isinstance(moment, datetime) else moment
    clock = zone = ""
    if isinstance(moment, datetime):
        clock, zone = _clock(moment), _zone(moment)
    language, region = _split_locale(locale)
    if language in ("zh", "ja"):
        text = f"{day.year}年{day.month}月{day.day}日"
        if clock:
            text += f" {clock}" + (f" ({zone})" if zone else "")
        return text
    if language == "en":
        if region in ("us", "ph", "ca"):
            text = f"{LONG_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"
        else:
            text = f"{day.day} {LONG_MONTH_NAMES[day.month - 1]} {day.year}"
        if clock:
            text += f", {clock}" + (f" {zone}" if zone else "")
        return text
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    if clock:
        text += f" {clock}" + (f" {zone}" if zone else "")
    return text
