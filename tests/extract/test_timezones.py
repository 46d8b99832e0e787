"""Zone words and outlet countries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from warta.extract.timezones import mislabelled_offsets, zone_for_url, zone_for_word


@pytest.mark.parametrize(
    ("word", "hours"),
    [
        ("WIB", 7),
        ("wita", 8),
        ("WIT", 9),
        ("GMT", 0),
        ("Z", 0),
        ("IST", 5.5),
        ("AEST", 10),
        ("CEST", 2),
        ("GMT+7", 7),
        ("UTC-03:30", -3.5),
        ("+0700", 7),
    ],
)
def test_zone_words(word: str, hours: float) -> None:
    zone = zone_for_word(word)
    assert zone is not None
    assert zone.utcoffset(None) == timedelta(hours=hours)


@pytest.mark.parametrize("word", ["CST", "XYZ", "GMT+19", ""])
def test_unknown_or_ambiguous_words_give_no_zone(word: str) -> None:
    assert zone_for_word(word) is None


def test_indonesian_zones_keep_their_names() -> None:
    zone = zone_for_word("WITA")
    assert zone is not None
    assert zone.tzname(None) == "WITA"


def test_country_domains() -> None:
    wib = zone_for_url("https://www.tribunnews.co.id/x")
    assert wib is not None and wib.utcoffset(None) == timedelta(hours=7)
    london = zone_for_url("https://www.bbc.co.uk/news/x")
    assert london is not None
    assert datetime(2022, 7, 1, tzinfo=london).utcoffset() == timedelta(hours=1)
    assert zone_for_url("https://tribunkaltim.co/x") is None  # .co is used as generic
    assert zone_for_url("https://example.com/x") is None
    assert zone_for_url(None) is None


def test_mislabelled_offsets_map_to_the_zone_readers_see() -> None:
    wib = zone_for_word("WIB")
    utc = zone_for_word("Z")
    assert wib is not None and utc is not None
    stated = [datetime(2015, 11, 5, 10, 8, 58, tzinfo=utc)]
    shown = [datetime(2015, 11, 5, 10, 8, tzinfo=wib)]
    assert mislabelled_offsets(stated, shown) == {timedelta(0): wib}
    # A different clock is a different instant written honestly: nothing to repair.
    assert mislabelled_offsets(stated, [datetime(2015, 11, 5, 17, 8, tzinfo=wib)]) == {}
