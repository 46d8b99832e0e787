"""Time zones named by the words pages print and by the country an outlet is in.

Pages write zones as words ('WIB', 'ET', 'GMT+7') far more often than as offsets. The
table maps each word to a fixed offset, or to an IANA zone where the word itself follows
daylight saving ('ET' is EST in winter and EDT in summer). Words that name different
offsets in different countries (CST: US Central or China) are left out on purpose: a
wrong zone is worse than none, because the caller then falls back to the outlet's country.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "WIB",
    "default_zone",
    "fixed_zone",
    "iana_zone",
    "is_zone_word",
    "mislabelled_offsets",
    "zone_for_url",
    "zone_for_word",
]

log = logging.getLogger(__name__)

#: Western Indonesia Time, the national default (Jakarta, Sumatra, West/Central Kalimantan).
WIB = timezone(timedelta(hours=7), "WIB")

# Word -> hours east of UTC. Indonesian zones first: WITA is Bali, Nusa Tenggara, South/East
# Kalimantan and Sulawesi; WIT is Maluku and Papua.
_FIXED_HOURS: dict[str, float] = {
    "WIB": 7,
    "WITA": 8,
    "WIT": 9,
    "GMT": 0,
    "UTC": 0,
    "UT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "MEZ": 1,
    "CEST": 2,
    "MESZ": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "PKT": 5,
    "IST": 5.5,  # India; the Irish and Israeli readings are far rarer in news bylines
    "ICT": 7,
    "SGT": 8,
    "MYT": 8,
    "HKT": 8,
    "PHT": 8,
    "AWST": 8,
    "JST": 9,
    "KST": 9,
    "ACST": 9.5,
    "AEST": 10,
    "ACDT": 10.5,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "EST": -5,
    "EDT": -4,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}

# Words that mean "local time, whichever of standard or daylight time applies".
_IANA_WORDS: dict[str, tuple[str, float]] = {
    "ET": ("America/New_York", -5),
    "CT": ("America/Chicago", -6),
    "MT": ("America/Denver", -7),
    "PT": ("America/Los_Angeles", -8),
}

# Country-code top-level domains of countries with one civil time zone, or (Indonesia) a
# national default that outlets use for their bylines. Countries spanning several zones
# (us, ca, au, br, ru, mx) and generic-use codes (co, io, tv, me, ly) are left out.
_TLD_ZONES: dict[str, str] = {
    "uk": "Europe/London",
    "ie": "Europe/Dublin",
    "de": "Europe/Berlin",
    "at": "Europe/Vienna",
    "ch": "Europe/Zurich",
    "fr": "Europe/Paris",
    "be": "Europe/Brussels",
    "nl": "Europe/Amsterdam",
    "it": "Europe/Rome",
    "es": "Europe/Madrid",
    "pt": "Europe/Lisbon",
    "pl": "Europe/Warsaw",
    "cz": "Europe/Prague",
    "se": "Europe/Stockholm",
    "no": "Europe/Oslo",
    "dk": "Europe/Copenhagen",
    "fi": "Europe/Helsinki",
    "gr": "Europe/Athens",
    "tr": "Europe/Istanbul",
    "sg": "Asia/Singapore",
    "my": "Asia/Kuala_Lumpur",
    "ph": "Asia/Manila",
    "th": "Asia/Bangkok",
    "vn": "Asia/Ho_Chi_Minh",
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "cn": "Asia/Shanghai",
    "hk": "Asia/Hong_Kong",
    "tw": "Asia/Taipei",
    "in": "Asia/Kolkata",
    "pk": "Asia/Karachi",
    "bd": "Asia/Dhaka",
    "nz": "Pacific/Auckland",
    "za": "Africa/Johannesburg",
    "ng": "Africa/Lagos",
    "ke": "Africa/Nairobi",
    "eg": "Africa/Cairo",
}

# Languages spoken in one zone, for outlets on generic domains: Indonesian pages print WIB
# (Jakarta newsrooms); Malay ones are from Malaysia, Brunei or Singapore, all +08:00.
_LANGUAGE_HOURS = {"id": 7.0, "ms": 8.0}

_OFFSET = re.compile(r"^(?:GMT|UTC)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def fixed_zone(hours: float, name: str | None = None) -> timezone:
    """A fixed-offset zone ``hours`` east of UTC (fractions for India, Adelaide)."""
    if hours == 0 and name is None:
        return UTC
    delta = timedelta(minutes=round(hours * 60))
    return timezone(delta, name) if name else timezone(delta)


@lru_cache(maxsize=64)
def iana_zone(name: str) -> tzinfo | None:
    """``ZoneInfo(name)``, or None when the system has no zone database for it.

    Cached because ZoneInfo objects are immutable and loading one reads a file.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("no time zone data for %s; install the tzdata package", name)
        return None


def zone_for_word(word: str) -> tzinfo | None:
    """The zone a printed word or offset names: 'WIB', 'ET', 'GMT+7', '+0700', 'UTC+05:30'."""
    key = word.strip().upper()
    if key == "Z":
        return UTC
    hours = _FIXED_HOURS.get(key)
    if hours is not None:
        return fixed_zone(hours, key if key in ("WIB", "WITA", "WIT") else None)
    iana = _IANA_WORDS.get(key)
    if iana is not None:
        return iana_zone(iana[0]) or fixed_zone(iana[1])
    match = _OFFSET.match(key)
    if match is None:
        return None
    sign, hh, mm = match.groups()
    minutes = int(hh) * 60 + int(mm or 0)
    if minutes > 14 * 60:
        return None
    return fixed_zone((-1 if sign == "-" else 1) * minutes / 60)


def is_zone_word(word: str) -> bool:
    """Whether ``word`` is in the table (not an offset); used to vet regex hits."""
    key = word.upper()
    return key in _FIXED_HOURS or key in _IANA_WORDS


def zone_for_url(url: str | None) -> tzinfo | None:
    """The civil zone of the outlet's country, read from the country-code domain.

    ``.id`` gives WIB, the zone most Indonesian outlets print (Jakarta newsrooms).
    """
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").rstrip(".")
    tld = host.rsplit(".", 1)[-1].lower()
    if tld == "id":
        return WIB
    name = _TLD_ZONES.get(tld)
    return iana_zone(name) if name else None


def default_zone(url: str | None, lang: str) -> tuple[tzinfo, str]:
    """The zone to give a page's naive times and how it was chosen, for provenance:
    the outlet's country ('tld'), else its language ('lang'), else UTC ('assumed-utc')."""
    zone = zone_for_url(url)
    if zone is not None:
        return zone, "tld"
    hours = _LANGUAGE_HOURS.get(lang[:2].lower())
    if hours is not None:
        return fixed_zone(hours, "WIB" if hours == 7 else None), "lang"
    return UTC, "assumed-utc"


def mislabelled_offsets(
    stated: list[datetime], shown: list[datetime]
) -> dict[timedelta | None, tzinfo | None]:
    """Offsets that machine-readable times carry wrongly, mapped to the zone readers see.

    Sites often write local time with a literal 'Z' ('2015-11-05 T10:08:58Z' beside the
    byline 'Kamis, 05/11/2015 10:08 WIB'): the same clock under another offset. What the
    page shows is its intent, so every stated time with that offset should be re-zoned.
    """
    fixes: dict[timedelta | None, tzinfo | None] = {}
    for s in stated:
        for v in shown:
            same_clock = (s.date(), s.hour, s.minute) == (v.date(), v.hour, v.minute)
            if same_clock and s.utcoffset() != v.utcoffset():
                fixes[s.utcoffset()] = v.tzinfo
    return fixes
