"""Where the apps above cases plug into it: cases never imports them (tests/test_lint.py).

- decision_recorded: sent inside the transaction of a severity assessment or a case-to-answer
  decision (oversight prompts a second look where an active disparity flag covers the subject).
- case page sections: functions (case) -> dict merged into the case page's context (oversight's
  pending second looks).
- history steps: functions (subject, raw, values) -> bool run for each imported history row inside
  its transaction, True when they changed something (hearings records the historical proceeding).

Each app registers in its AppConfig.ready(), so the receivers exist wherever Django is set up.
"""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import Signal

# kwargs: actor, subject (CaseSubject), kind ("severity" | "case_to_answer"), summary
decision_recorded = Signal()

_case_sections: dict[str, Callable[..., dict]] = {}
_history_steps: dict[str, Callable[..., bool]] = {}


def case_section_register(name: str, section: Callable[..., dict]) -> None:
    _case_sections[name] = section


def case_sections(case) -> dict:
    context: dict = {}
    for section in _case_sections.values():
        context.update(section(case))
    return context


def history_step_register(name: str, step: Callable[..., bool]) -> None:
    _history_steps[name] = step


def history_steps() -> list[Callable[..., bool]]:
    return list(_history_steps.values())
