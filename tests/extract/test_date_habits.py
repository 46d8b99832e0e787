"""How a page writes its dates: day-first hints, revision labels, US-English pages."""

from __future__ import annotations

import pytest

from warta.extract.date_habits import day_first_for, labelled_update, writes_day_first
from warta.extract.datetext import find_dates


def test_update_labels_and_day_first_hints() -> None:
    text = "Kompas.com - 16/09/2022, 10:05 WIB Diperbarui 16/09/2022, 12:00 WIB"
    first, second = (m.start for m in find_dates(text))
    assert not labelled_update(text, first)
    assert labelled_update(text, second)
    assert labelled_update("Updated: Nov. 19, 2019", 9)
    assert labelled_update("zuletzt aktualisiert am 3. März 2021", 24)
    assert writes_day_first("Kamis, 05/11/2015 10:08 WIB")
    assert not writes_day_first("Thursday, 11/05/2015 10:08 AM")


@pytest.mark.parametrize(
    ("lang", "url", "expected"),
    [
        ("en-US", None, False),
        ("en", "https://example.com/x", False),
        ("en", "https://example.co.uk/x", True),
        ("en-GB", "https://example.com/x", True),
        ("id", "https://example.com/x", True),
        ("", None, True),
    ],
)
def test_day_first_for(lang: str, url: str | None, expected: bool) -> None:
    assert day_first_for(lang, url) is expected
