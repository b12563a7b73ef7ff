"""Figures in English and Arabic sentences: money, durations, resolutions, dates and years."""

from __future__ import annotations

import pytest

from monitor.figures import find_figures, format_duration, format_money


def variants(text: str, unit: str | None = None) -> list[str]:
    return [f.variant for f in find_figures(text) if unit is None or f.unit == unit]


@pytest.mark.parametrize(
    "text",
    [
        "$150 billion",
        "$150bn",
        "$150 bn",
        "$150B",
        "150 billion dollars",
        "150 billion US dollars",
        "USD 150 billion",
        "a 150-billion-dollar company",
        "one hundred and fifty billion dollars",
        "150 مليار دولار",
        "١٥٠ مليار دولار",
        "۱۵۰ مليار دولار",
        "بقيمة 150 مليار دولار أمريكي",
        "ب150 مليار دولار",
        "مئة وخمسين مليار دولار",
        "مائة وخمسون مليار دولار",
        "150 بليون دولار",
    ],
)
def test_money_150_billion(text: str) -> None:
    assert variants(text, "money") == ["$150 billion"]


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("US$157bn", "$157 billion"),
        ("valued at $157 billion", "$157 billion"),
        ("١٥٧ مليار دولار", "$157 billion"),
        ("raised $6.6 billion", "$6.6 billion"),
        ("$6,6 billion", "$6.6 billion"),
        ("$500 million", "$500 million"),
        ("$5m", "$5 million"),
        ("$1 trillion", "$1 trillion"),
        ("1,500 dollars", "$1500"),
        ("3 ملايين دولار", "$3 million"),
        ("150 مليار $", "$150 billion"),
        # the currency left out, as Arabic does after a first amount: "بتقييم 157 ملياراً"
        ("بتقييم 157 ملياراً", "$157 billion"),
    ],
)
def test_money_other_amounts(text: str, variant: str) -> None:
    assert variants(text, "money") == [variant]


def test_money_value_is_in_dollars() -> None:
    (figure,) = find_figures("US$157bn")
    assert (figure.unit, figure.value) == ("money", 157e9)


@pytest.mark.parametrize(
    "text",
    [
        "three hours",
        "3 hours",
        "3h",
        "3 hrs",
        "a three-hour window",
        "3-hour",
        "ثلاث ساعات",
        "ثلاثة ساعات",
        "٣ ساعات",
        "بعد ثلاث ساعات فقط من التسريب",
        "لمدة 3 ساعات",
        "بثلاث ساعات",
        "شي تلات ساعات",
        "تقريبا تلت سوايع",
        "بس ثلث ساعات اشتغلت",
    ],
)
def test_three_hours(text: str) -> None:
    assert variants(text, "duration") == ["3 hours"]


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("ساعتين", "2 hours"),
        ("ساعتان", "2 hours"),
        ("two hours", "2 hours"),
        ("an hour", "1 hour"),
        ("one hour", "1 hour"),
        ("ساعة واحدة", "1 hour"),
        ("half an hour", "30 minutes"),
        ("90 minutes", "90 minutes"),
        ("دقيقتين", "2 minutes"),
        ("10 seconds", "10 seconds"),
        ("ten seconds", "10 seconds"),
        ("10-second clips", "10 seconds"),
        ("10 secs", "10 seconds"),
        ("10 ثوان", "10 seconds"),
        ("10 ثوانٍ", "10 seconds"),
        ("١٠ ثوانٍ", "10 seconds"),
        ("عشر ثوان", "10 seconds"),
        ("عشر ثواني", "10 seconds"),
        ("20 ثانية", "20 seconds"),
        ("twenty-one days", "21 days"),
        ("ثلاثة عشر يوما", "13 days"),
        ("a dozen hours", "12 hours"),
        ("الساعات الثلاث", "3 hours"),
        ("ثوان عشر", "10 seconds"),
        ("two and a half hours", "2.5 hours"),
        ("about three and a half hours later", "3.5 hours"),
        ("ثلاث ساعات ونصف", "3.5 hours"),
        ("بعد ساعتين ونص", "2.5 hours"),
    ],
)
def test_durations(text: str, variant: str) -> None:
    assert variants(text, "duration") == [variant]


def test_duration_value_is_in_seconds() -> None:
    assert [f.value for f in find_figures("3 hours and ساعتين")] == [10800, 7200]


@pytest.mark.parametrize(
    ("text", "variant"),
    [("1080p", "1080p"), ("in 1080p", "1080p"), ("720p", "720p"), ("1080 بكسل", "1080p"),
     ("4K video", "4K"), ("in Full HD", "1080p"), ("ten-eighty p", "1080p")],
)  # fmt: skip
def test_resolutions(text: str, variant: str) -> None:
    assert variants(text, "resolution") == [variant]


@pytest.mark.parametrize(
    ("text", "variant", "year"),
    [
        ("February 2024", "February 2024", 2024),
        ("in Feb 2024", "February 2024", 2024),
        ("February 15, 2024", "February 2024", 2024),
        ("15 February 2024", "February 2024", 2024),
        ("February of 2024", "February 2024", 2024),
        ("last February", "February", None),
        ("في فبراير الماضي", "February", None),
        ("فبراير 2024", "February 2024", 2024),
        ("شباط 2024", "February 2024", 2024),
        ("في شباط الماضي", "February", None),
        ("فيفري 2024", "February 2024", 2024),
        ("فبراير من عام 2024", "February 2024", 2024),
        ("كانون الثاني 2025", "January 2025", 2025),
        ("December 9, 2024", "December 2024", 2024),
        ("May 2024", "May 2024", 2024),
    ],
)
def test_dates(text: str, variant: str, year: int | None) -> None:
    dates = [f for f in find_figures(text) if f.unit == "date"]
    assert [(f.variant, f.year) for f in dates] == [(variant, year)]


@pytest.mark.parametrize("text", ["it may rain", "mar the launch", "a sep. issue"])
def test_ambiguous_month_words_alone_are_not_dates(text: str) -> None:
    assert variants(text, "date") == []


def test_years_standalone_and_not_inside_dates() -> None:
    assert variants("available in 2024", "year") == ["2024"]
    assert variants("في العام الحالي 2024") == ["2024"]
    assert variants("February 2024") == ["February 2024"]
    assert variants("in the 1080p era") == ["1080p"]


def test_several_figures_in_reading_order() -> None:
    text = "مقاطع فيديو مدتها 10 ثوانِ على أقصى تقدير بدقة 1080p، من شركة قيمتها 150 مليار دولار"
    assert variants(text) == ["10 seconds", "1080p", "$150 billion"]


@pytest.mark.parametrize(
    "text",
    ["Sora is here", "one of the best", "tens of videos", "عشرات المقاطع", "مئات الفيديوهات",
     "a second look", "مرة ثانية", "الساعة الثالثة", "wait a minute", "",
     # Egyptian: a third of an hour; and "the days that followed"
     "بعد تلت ساعة", "في الأيام التي تلت أيام التسريب",
     # Iraqi "ثلث ساعات" is three hours; a third anywhere else
     "ثلث ساعة", "ثلث المستخدمين", "ثلث مليار دولار"],
)  # fmt: skip
def test_no_figure(text: str) -> None:
    assert find_figures(text) == []


def test_formatters() -> None:
    assert format_money(157e9) == "$157 billion"
    assert format_money(6.6e9) == "$6.6 billion"
    assert format_duration(1, "hour") == "1 hour"
    assert format_duration(3, "hour") == "3 hours"


@pytest.mark.parametrize(
    ("text", "variant", "year"),
    [
        ("أواخر شباط/فبراير ٢٠٢٥", "February 2025", 2025),
        ("في آذار/مارس 2024", "March 2024", 2024),
        ("في فبراير (شباط) 2024", "February 2024", 2024),
        ("منذ كانون الثاني/يناير الماضي", "January", None),
        ("تشرين الأول - أكتوبر 2024", "October 2024", 2024),
    ],
)
def test_two_names_of_one_month_are_one_date(text: str, variant: str, year: int | None) -> None:
    dates = [f for f in find_figures(text) if f.unit == "date"]
    assert [(f.variant, f.year) for f in dates] == [(variant, year)]


def test_two_different_months_stay_two_dates() -> None:
    assert variants("February/March 2024", "date") == ["February", "March 2024"]


@pytest.mark.parametrize(
    ("text", "variant"),
    [("clips capped at 10 s", "10 seconds"), ("a 20s limit", "20 seconds"),
     ("up to 5 s each", "5 seconds")],
)  # fmt: skip
def test_seconds_abbreviated_as_s(text: str, variant: str) -> None:
    assert variants(text, "duration") == [variant]


@pytest.mark.parametrize("text", ["OpenAI's model", "it's Sora's", "in the 90s", "the 1990s"])
def test_s_is_seconds_only_after_a_number(text: str) -> None:
    assert variants(text, "duration") == []


@pytest.mark.parametrize(
    "text",
    ["the Sora app 1.0.0 for Android", "updated on 26.11.2024 at noon", "served from 127.0.0.1"],
)
def test_runs_of_digits_that_are_no_one_number_are_passed_over(text: str) -> None:
    # A version, a dotted date or an address read as one figure raised ValueError.
    assert "1.0.0" not in " ".join(f.variant for f in find_figures(text))
    assert variants("the Sora app 1.0.0 plays 10 seconds", "duration") == ["10 seconds"]
