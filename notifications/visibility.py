"""Which notifications a user may still see: each app registers a checker for its record kinds.

checker(user, ids: set[str]) -> set[str] of the ids the user may open now (through the app's own
selector). A notification naming a kind nobody registered is hidden (fail closed)."""

from __future__ import annotations

from collections.abc import Callable

Checker = Callable[..., set[str]]
_CHECKERS: dict[str, Checker] = {}


def register(kind: str, checker: Checker) -> None:
    _CHECKERS[kind] = checker


def checker_for(kind: str) -> Checker | None:
    return _CHECKERS.get(kind)
