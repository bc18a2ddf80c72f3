"""Where the apps above cases plug into it: cases never imports them (tests/test_lint.py).

- decision_recorded: sent inside the transaction of a severity assessment or a case-to-answer
  decision (oversight prompts a second look where an active disparity flag covers the subject).
- case page sections: functions (case) -> dict merged into the case page's context (oversight's
  pending second looks).
- history steps: functions (subject, raw, values) -> bool run for each imported history row inside
  its transaction, True when they changed something (hearings records the historical proceeding).

- vetting_referral: the one function (subject, actor, reason) -> the vetting withdrawal case that
  refers a conduct subject to be dealt with under the Police (Vetting) Regulations 2025 (the 2025
  severity-assessment outcome, reg 14(2)(aa)); vetting registers it. `vetting_referral(...)` calls
  it, and raises LookupError when no app registered one.
- case deadlines: functions (case) -> [(date, label)] shown in the case page's deadlines.

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


_vetting_referral: dict[str, Callable] = {}


def vetting_referral_register(hook: Callable) -> None:
    _vetting_referral["hook"] = hook


def vetting_referral_available() -> bool:
    return "hook" in _vetting_referral


def vetting_referral(subject, actor, reason: str):
    """Refer a conduct subject to vetting withdrawal; returns the withdrawal case."""
    try:
        hook = _vetting_referral["hook"]
    except KeyError:
        raise LookupError("No vetting referral is registered (the vetting app is not installed)") from None
    return hook(subject, actor, reason)


# case deadlines: functions (case) -> [(date, label)] added to the case page's "Next deadlines".
_case_deadlines: dict[str, Callable[..., list]] = {}


def case_deadline_register(name: str, deadlines: Callable[..., list]) -> None:
    _case_deadlines[name] = deadlines


def case_deadlines(case) -> list:
    found: list = []
    for deadlines in _case_deadlines.values():
        found.extend(deadlines(case))
    return found
