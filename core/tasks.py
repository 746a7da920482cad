"""A line of someone's to-do list on their home page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    text: str
    url: str
    count: int | None = None  # shown as a number before the text
    urgent: bool = False
