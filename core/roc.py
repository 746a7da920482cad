"""The ROC (民國) calendar that Taiwanese forms use: 2020-09-15 is 109/09/15."""

from datetime import date, datetime

ROC_OFFSET = 1911


def roc_year(day: date) -> int:
    return day.year - ROC_OFFSET


def roc_date(day: date | datetime | None, sep: str = "/") -> str:
    if day is None:
        return ""
    return f"{roc_year(day)}{sep}{day.month:02d}{sep}{day.day:02d}"


def money(amount) -> str:
    """Whole New Taiwan dollars with thousands separators: 12345 → 12,345."""
    if amount is None or amount == "":
        return ""
    return f"{int(amount):,}"
