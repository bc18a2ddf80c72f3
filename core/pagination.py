"""One way to turn a requested page number into a page of a list: never a server error.

Django's ``Paginator.get_page`` (the counted lists) already gives the first page for a page that
is not a number and the last page for one past the end. The queues page without ``COUNT(*)``
(they can hold a national caseload); ``count_free_page`` gives them the same behaviour, and the
API's count-free pagination answers 404 for such a page, as DRF's page-number pagination does.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

# PostgreSQL's OFFSET is a bigint: a page number whose offset is beyond this is past any end.
MAX_OFFSET = 2**62


class PageOutOfRange(Exception):
    """The requested page is not a whole number of at least 1, or lies past the end of the list."""


def page_number(value, default: int = 1) -> int | None:
    """The requested page as an int (``default`` when none was given); None if it is not a whole
    number (text, a fraction, or more digits than Python converts)."""
    if value is None or str(value).strip() == "":
        return default
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def page_size(value, *, default: int, maximum: int) -> int:
    """A requested page size within 1..maximum; the default when it is not a positive number."""
    size = page_number(value, default)
    if size is None or size < 1:
        return default
    return min(size, maximum)


@dataclass
class CountFreePage:
    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def count_free_page(queryset, *, requested, size: int, past_end: str = "last") -> CountFreePage:
    """One page of ``queryset`` without counting it: one row more than the page says whether a
    next page exists. ``past_end="last"`` (pages) turns a page that is not a number or below 1
    into page 1 and one past the end into the last page (counting only then);
    ``past_end="raise"`` (API) raises PageOutOfRange for both."""
    number = page_number(requested)
    if number is None or number < 1:
        if past_end == "raise":
            raise PageOutOfRange("Invalid page.")
        number = 1
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1]) if start < MAX_OFFSET else []
    if not rows and number > 1:
        if past_end == "raise":
            raise PageOutOfRange("Invalid page.")
        number = max(1, ceil(queryset.count() / size))
        start = (number - 1) * size
        rows = list(queryset[start : start + size + 1])
    return CountFreePage(rows=rows[:size], number=number, has_next=len(rows) > size)
