"""Dates as people really write them in front matter.

``parse_date`` accepts YAML/TOML timestamps and the strings found in real
Hexo, Jekyll, Hugo and news-archive posts, and remembers *how* the value was
written (its :class:`DateStyle`) so that a changed date can be written back in
the same style: an RFC 2822 date stays RFC 2822, ``2013/7/13 20:46:25`` stays
slash-separated, a date without a time stays without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

__all__ = [
    "LONG_MONTH_NAMES",
    "OVERPRECISE_TIME",
    "DateStyle",
    "ParsedDate",
    "date_from_filename",
    "date_lost_by_rename",
    "date_prefix_length",
    "format_date",
    "parse_date",
    "wrong_weekday",
]

#: A time with more than six digits after its seconds: more than a
#: ``datetime`` keeps, so a value typed that way would be cut on saving.
OVERPRECISE_TIME = re.compile(r"\d:\d\d[.,]\d{7}")

_MONTHS = {
    name: index
    for index, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
LONG_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True, slots=True)
class DateStyle:
    """How a date was spelled, enough to spell another date the same way.

    ``kind`` is one of ``iso`` (``2021-04-16``, ``2021-04-16 15:21:00``,
    ``2021-04-16T15:21:00.123+08:00``), ``rfc2822``, ``slash``
    (``2013/7/13 20:46:25``), ``monthname`` (``Apr 24 2014``) and ``cjk``
    (``2021年4月16日``).
    """

    kind: str = "iso"
    separator: str = " "  # between date and time for iso ("T" or " ")
    seconds: bool = True
    fraction_digits: int = 0
    offset: str = ""  # "", "Z", "+08:00", "+0800", " +0800", "GMT", "+0000"
    padded: bool = True  # zero-padded month/day (slash and cjk styles)
    has_time: bool = True
    long_month: bool = False  # "April 24 2014" rather than "Apr 24 2014"
    comma: bool = False  # "Apr 24, 2014"


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed date.  ``value`` is a ``datetime`` when the source had a time,
    otherwise a ``date``.  A ``datetime`` is aware exactly when the source had
    an offset."""

    value: datetime | date
    style: DateStyle

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, datetime)

    @property
    def has_offset(self) -> bool:
        return isinstance(self.value, datetime) and self.value.tzinfo is not None

    def isoformat(self) -> str:
        return iso_string(self.value)

    def sort_key(self) -> float:
        """Seconds since the epoch, naive values read as UTC (stable, comparable)."""
        return to_timestamp(self.value)


def iso_string(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return value.isoformat()


def to_timestamp(value: datetime | date) -> float:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


_ISO_RE = re.compile(
    r"""^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})
    (?:(?P<sep>[Tt]|[ \t]+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<frac>\d+))?)?
       (?P<off>\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?|UTC|GMT))?)?$""",
    re.VERBOSE,
)
_SLASH_RE = re.compile(
    r"""^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})
    (?:[ \t]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$""",
    re.VERBOSE,
)
_MONTHNAME_RE = re.compile(
    r"""^(?P<month>(?P<mon>[A-Za-z]{3})[a-z]*)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?P<comma>,?)\s+(?P<y>\d{4})
    (?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$""",
    re.VERBOSE,
)
_CJK_RE = re.compile(
    r"""^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?
    (?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})\s*分?(?:\s*[:：]?\s*(?P<S>\d{1,2})\s*秒?)?)?$""",
    re.VERBOSE,
)
_FILENAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_. ]|$)")
# The longest date text worth trying: the longest spelling above is under 60
# characters.  Longer text is not a date, and the patterns' optional runs of
# blanks would cost time proportional to the square of its length.
MAX_DATE_TEXT = 100


def _tz_from_text(text: str) -> timezone | None:
    text = text.strip()
    if not text:
        return None
    if text in ("Z", "z", "UTC", "GMT"):
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4]) if len(digits) > 2 else 0
    if hours > 23 or minutes > 59:
        raise ValueError(f"bad UTC offset {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(groups: dict, tz: timezone | None) -> datetime | date:
    y, m, d = int(groups["y"]), int(groups["m"]), int(groups["d"])
    if groups.get("H") is None:
        return date(y, m, d)
    frac = groups.get("frac") or ""
    micro = int((frac + "000000")[:6]) if frac else 0
    return datetime(
        y, m, d, int(groups["H"]), int(groups["M"]), int(groups.get("S") or 0), micro, tzinfo=tz
    )


def _parse_string(text: str) -> ParsedDate | None:
    text = text.strip()
    if not text or len(text) > MAX_DATE_TEXT:
        return None
    match = _ISO_RE.match(text)
    if match:
        g = match.groupdict()
        off = g.get("off") or ""
        value = _build(g, _tz_from_text(off))
        style = DateStyle(
            kind="iso",
            separator=(g.get("sep") or " ") if g.get("H") else " ",
            seconds=g.get("S") is not None,
            fraction_digits=len(g.get("frac") or ""),
            offset=off,
            padded=len(g["m"]) == 2 and len(g["d"]) == 2,
            has_time=g.get("H") is not None,
        )
        return ParsedDate(value, style)
    match = _SLASH_RE.match(text)
    if match:
        g = match.groupdict()
        return ParsedDate(
            _build(g, None),
            DateStyle(
                kind="slash",
                seconds=g.get("S") is not None,
                padded=len(g["m"]) == 2 and len(g["d"]) == 2,
                has_time=g.get("H") is not None,
            ),
        )
    match = _CJK_RE.match(text)
    if match:
        g = match.groupdict()
        return ParsedDate(
            _build(g, None),
            DateStyle(
                kind="cjk",
                padded=len(g["m"]) == 2,
                has_time=g.get("H") is not None,
                seconds=g.get("S") is not None,
            ),
        )
    match = _MONTHNAME_RE.match(text)
    if match and match["mon"].lower() in _MONTHS:
        g = dict(match.groupdict())
        g["m"] = _MONTHS[match["mon"].lower()]
        return ParsedDate(
            _build(g, None),
            DateStyle(
                kind="monthname",
                seconds=g.get("S") is not None,
                has_time=g.get("H") is not None,
                long_month=len(match["month"]) > 3,
                comma=bool(match["comma"]),
            ),
        )
    if "," in text or re.search(r"[A-Za-z]{3}", text):
        if _more_than_a_date(text):
            return None
        try:
            from email.utils import parsedate_to_datetime

            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if value is None:
            return None
        read = _rfc2822_century(text, value)
        if read is None:
            return None
        value = read
        tail = text.rsplit(" ", 1)[-1]
        offset = tail if tail in ("GMT", "UT", "UTC") or re.fullmatch(r"[+-]\d{4}", tail) else ""
        if value.tzinfo is None and offset:
            value = value.replace(tzinfo=UTC)
        return ParsedDate(value, DateStyle(kind="rfc2822", offset=offset or "+0000"))
    return None


_COMMENT = re.compile(r"\s*\([^()]*\)\s*$")  # a trailing comment: "+0800 (CST)"
_TIME_WORD = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_OFFSET_WORD = re.compile(r"(?:GMT|UTC|UT)?[+-]\d{1,2}(?::?\d{2})?", re.I)  # +0800, GMT+0200
_YEAR_WORD = re.compile(r"\d{4}")  # (after the time: `date`'s "… 15:21:00 UTC 2021")
_ZONE_WORD = re.compile(r"[A-Za-z]{1,5}")  # GMT, EST, CEST, JST, the military A…Z


def _more_than_a_date(text: str) -> bool:
    """Whether the RFC 2822 (or kin) date ``text`` holds more after its time
    than a zone (a name, an offset or both), a year and a comment: Python's
    reader ignores every word after the fifth, so "… 15:21:00 GMT junk" was
    read as a date, silently, and "3:21 PM" as 3:21 in the morning."""
    words = [word for word in _COMMENT.sub("", text).replace(",", ", ").split() if word != ","]
    at = next((i for i, word in enumerate(words) if _TIME_WORD.fullmatch(word)), None)
    if at is None:
        return False  # (no time: the reader's own rules)
    tail = words[at + 1 :]
    offsets = [word for word in tail if _OFFSET_WORD.fullmatch(word)]
    years = [word for word in tail if _YEAR_WORD.fullmatch(word)]
    names = [word for word in tail if _ZONE_WORD.fullmatch(word)]
    return (
        len(offsets) + len(years) + len(names) != len(tail)
        or max(len(offsets), len(years), len(names), 0) > 1
        or any(name.upper() in ("AM", "PM") for name in names)
    )


def parse_date(value: object) -> ParsedDate | None:
    """Parse a front-matter date value; ``None`` when it is not a date."""
    if isinstance(value, datetime):
        return ParsedDate(
            value,
            DateStyle(
                kind="iso",
                seconds=True,
                fraction_digits=6 if value.microsecond else 0,
                offset="+00:00" if value.tzinfo is not None else "",
            ),
        )
    if isinstance(value, date):
        return ParsedDate(value, DateStyle(kind="iso", has_time=False))
    if isinstance(value, str):
        try:
            return _parse_string(value)
        except (ValueError, OverflowError):
            return None
    return None


_SHORT_YEAR = re.compile(
    r"\b(?:\d{1,2}\s+[A-Za-z]{3,}\.?|[A-Za-z]{3,}\.?\s+\d{1,2},?)\s+(\d{2,3})\s"
)  # ("05 Jan 60", and the month first: "Jan 05 60")


def _rfc2822_century(text: str, value: datetime) -> datetime | None:
    """``value`` with a two- or three-digit year read as RFC 2822 (§4.3)
    and moment (Hexo) read it: 00-49 in the 2000s, 50-99 and three digits
    in the 1900s (``email.utils`` put 50-68 in the 2000s, ``150`` in year
    150, and the weekday then never matched); None when there is no such day."""
    match = _SHORT_YEAR.search(text + " ")
    if match is None:
        return value
    digits = match.group(1)
    short = int(digits)
    year = (2000 + short if short < 50 else 1900 + short) if len(digits) == 2 else 1900 + short
    if year == value.year:
        return value
    try:
        return value.replace(year=year)
    except ValueError:  # (29 February of a year that has none)
        return None


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def wrong_weekday(text: str, parsed: ParsedDate) -> tuple[str, str] | None:
    """For an RFC 2822 date ``text`` whose weekday is not its date's
    (``Mon, 06 Jan 2021``, a Wednesday): (the weekday written, the date's),
    as three letters; else None.  The date is read all the same (the
    weekday is ignored), but tools that check it (Hexo's moment) read none."""
    if parsed.style.kind != "rfc2822" or not isinstance(parsed.value, datetime):
        return None
    written = text.strip().partition(",")[0].strip()
    if written[:3].title() not in _WEEKDAYS or "," not in text:
        return None
    actual = _WEEKDAYS[parsed.value.weekday()]
    return None if written[:3].title() == actual else (written, actual)


def date_from_filename(name: str) -> ParsedDate | None:
    """``2021-04-16-hello.md`` → 2021-04-16 (Jekyll's convention)."""
    match = _FILENAME_RE.match(name)
    if not match:
        return None
    try:
        value = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return ParsedDate(value, DateStyle(kind="iso", has_time=False))


def date_prefix_length(name: str) -> int:
    """The length of the date that starts the file name ``name`` and of the
    separator after it (``2021-04-16-`` of ``2021-04-16-hello.md``: 11), or
    0 when it starts with none (see :func:`date_from_filename`)."""
    match = _FILENAME_RE.match(name)
    return match.end() if match and date_from_filename(name) is not None else 0


def date_lost_by_rename(old_name: str, new_name: str) -> date | None:
    """The date ``old_name`` gives its article (``2020-11-21-snow.md``) when
    ``new_name`` gives none: an article dated by its name alone would lose
    its date (and a Jekyll post without one is not published).  A name
    with another date changes it, as asked: None."""
    old = date_from_filename(old_name)
    if old is None or date_from_filename(new_name) is not None:
        return None
    return old.value


def _offset_text(value: datetime, style_offset: str) -> str:
    offset = value.utcoffset()
    if offset is None:
        return ""
    stripped = style_offset.strip()
    lead = style_offset[: len(style_offset) - len(style_offset.lstrip())]
    if stripped in ("Z", "z") and offset == timedelta(0):
        return lead + stripped
    if stripped in ("UTC", "GMT") and offset == timedelta(0):
        return lead + stripped
    total = int(offset.total_seconds() // 60)
    # "-0000" / "-00:00" (an offset not known, RFC 3339 and 2822) stays so.
    sign = "-" if total < 0 or (total == 0 and stripped.startswith("-")) else "+"
    hours, minutes = divmod(abs(total), 60)
    if stripped and ":" not in stripped and stripped not in ("Z", "z", "UTC", "GMT"):
        return f"{lead}{sign}{hours:02d}{minutes:02d}"
    return f"{lead}{sign}{hours:02d}:{minutes:02d}"


def format_date(value: datetime | date, style: DateStyle) -> str:
    """Spell ``value`` the way ``style`` describes.

    A ``date`` written in a style with a time gets midnight; a ``datetime``
    written in a style without a time keeps only its date.
    """
    has_time = style.has_time
    if isinstance(value, datetime):
        d, t = value.date(), value
    else:
        d, t = value, None
        has_time = has_time and style.kind == "rfc2822"
    if style.kind == "rfc2822":
        dt = value if isinstance(value, datetime) else datetime.combine(value, time())
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        usegmt = style.offset in ("GMT", "UT", "UTC") and dt.utcoffset() == timedelta(0)
        from email.utils import format_datetime

        text = format_datetime(dt, usegmt=usegmt)
        if style.offset == "UTC" and usegmt:
            text = text[:-3] + "UTC"
        elif style.offset == "-0000" and text.endswith("+0000"):
            text = text[:-5] + "-0000"
        return text
    if style.kind in ("monthname", "cjk", "slash"):
        if style.kind == "monthname":
            names = LONG_MONTH_NAMES if style.long_month else _MONTH_NAMES
            month = names[d.month - 1]
            text = f"{month} {d.day}{',' if style.comma else ''} {d.year}"
        else:
            month = f"{d.month:02d}" if style.padded else str(d.month)
            day = f"{d.day:02d}" if style.padded else str(d.day)
            cjk = style.kind == "cjk"
            text = f"{d.year}年{month}月{day}日" if cjk else f"{d.year}/{month}/{day}"
        if has_time and t is not None:
            text += f" {t.hour:02d}:{t.minute:02d}" + (f":{t.second:02d}" if style.seconds else "")
        return text
    if style.padded:
        text = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    else:  # 2021-4-6
        text = f"{d.year:04d}-{d.month}-{d.day}"
    if has_time and t is not None:
        text += f"{style.separator}{t.hour:02d}:{t.minute:02d}"
        if style.seconds or style.fraction_digits or t.second:
            text += f":{t.second:02d}"
        if style.fraction_digits:
            text += "." + f"{t.microsecond:06d}"[: style.fraction_digits].ljust(
                style.fraction_digits, "0"
            )
        text += _offset_text(t, style.offset or ("+00:00" if t.tzinfo else ""))
    return text
