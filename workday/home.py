"""The home page as a work list, per role.

Each section is one kind of work ("My matters, next deadline first", "Reports to acknowledge"):
a provider function reads it through the owning app's selector (need-to-know applies; nothing the
user may not open is listed or counted) and returns a WorkSection whose items each link to the page
where the work is done. Providers register with the roles that see them; the home page shows the
sections of every role the user holds, in registration order, each once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

# how many items a section lists on the home page; "View all N" links to the rest
SECTION_LIMIT = 10


@dataclass
class WorkItem:
    title: str  # what the thing is, in plain words: "CC-2026-0042: Discreditable conduct"
    url: str  # where the work is done
    action: str = ""  # what is due: "Reg 18 response due", "Decide severity"
    due_on: date | None = None  # shown as a date; before today = overdue
    detail: str = ""  # one more line (subject, unit, category)
    tag: str = ""  # a short status tag; "" = worked out from due_on (Overdue / Due today / Due in N days)
    tag_colour: str = ""  # govuk-tag modifier: "red", "orange", "blue", "grey", ...


@dataclass
class WorkSection:
    key: str  # stable id (data-testid="work-<key>")
    title: str
    items: list[WorkItem] = field(default_factory=list)
    total: int | None = None  # how many in all (None = len(items))
    more_url: str = ""  # the full list
    empty: str = "Nothing here at the moment."
    description: str = ""  # one line under the title

    @property
    def count(self) -> int:
        return len(self.items) if self.total is None else self.total


Provider = Callable[..., WorkSection | None]  # provider(user, today) -> WorkSection | None (None: not shown)

_PROVIDERS: list[tuple[frozenset[str], Provider]] = []

# register(EVERYONE, provider): shown to every signed-in user, a role or none (the provider decides)
EVERYONE = ("*",)


def register(roles: Iterable[str], provider: Provider) -> Provider:
    """Show provider's section to users holding any of roles (Role values)."""
    _PROVIDERS.append((frozenset(str(r) for r in roles), provider))
    return provider


def section(*roles):
    """Decorator form of register."""

    def wrap(provider: Provider) -> Provider:
        return register(roles, provider)

    return wrap


def sections_for(user, today: date) -> list[WorkSection]:
    shown = []
    held = {str(r) for r in user.roles}
    for roles, provider in _PROVIDERS:
        if roles & held or "*" in roles:
            result = provider(user, today)
            if result is not None:
                shown.append(result)
    return shown


def due_tag(due_on: date | None, today: date) -> tuple[str, str]:
    """(label, colour) of the GOV.UK tag for a due date."""
    if due_on is None:
        return "", ""
    days = (due_on - today).days
    if days < 0:
        return ("Overdue by 1 day" if days == -1 else f"Overdue by {-days} days"), "red"
    if days == 0:
        return "Due today", "orange"
    if days == 1:
        return "Due tomorrow", "yellow"
    return f"Due in {days} days", "blue"
