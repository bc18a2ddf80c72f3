"""Where the apps above workforce plug into its pages: workforce never imports them
(tests/test_lint.py). A person section is a function (user, person) -> dict merged into the person
page's context (cases: the matters naming the person that the user may see). Apps register in
their AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

_person_sections: dict[str, Callable[..., dict]] = {}


def person_section_register(name: str, section: Callable[..., dict]) -> None:
    _person_sections[name] = section


def person_sections(*, user, person) -> dict:
    context: dict = {}
    for section in _person_sections.values():
        context.update(section(user=user, person=person))
    return context
