"""Where the apps above cases plug into it: cases never imports them (tests/test_lint.py).

- decision_recorded: sent inside the transaction of a severity assessment or a case-to-answer
  decision (oversight prompts a second look where an active disparity flag covers the subject).
- case page sections: functions (case) -> dict merged into the case page's context (oversight's
  pending second looks); reader sections (case, user) -> dict where it depends on who reads
  (counter-corruption's sanitised intelligence).
- case deadlines: functions (case, subjects) -> [(date, text)] added to the case page's "Next
  deadlines"; queue deadlines: functions (cases) -> {case id: [(date, text)]} shown in the queues
  (hearings.staff: the police staff procedure's hearing, outcome letter and appeal window).
- history steps: functions (subject, raw, values) -> bool run for each imported history row inside
  its transaction, True when they changed something (hearings records the historical proceeding).

- vetting_referral: the one function (subject, actor, reason) -> the vetting withdrawal case that
  refers a conduct subject to be dealt with under the Police (Vetting) Regulations 2025 (the 2025
  severity-assessment outcome, reg 14(2)(aa)); vetting registers it. `vetting_referral(...)` calls
  it, and raises LookupError when no app registered one.
- case deadlines: deadlines_register(name, case=(case, subjects) -> [(date, label)], queue=(cases) ->
  {case id: [(date, label)]}) for the case page and the queues; case_deadline_register for the case page only.

Each app registers in its AppConfig.ready(), so the receivers exist wherever Django is set up.
"""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import Signal

# kwargs: actor, subject (CaseSubject), kind ("severity" | "case_to_answer"), summary
decision_recorded = Signal()

_case_sections: dict[str, Callable[..., dict]] = {}
_history_steps: dict[str, Callable[..., bool]] = {}
_case_deadlines: dict[str, Callable[..., list]] = {}
_queue_deadlines: dict[str, Callable[..., dict]] = {}


def case_section_register(name: str, section: Callable[..., dict]) -> None:
    _case_sections[name] = section


_case_reader_sections: dict[str, Callable[..., dict]] = {}


def case_reader_section_register(name: str, section: Callable[..., dict]) -> None:
    """A section that depends on who reads the page: (case, user) -> dict (counter-corruption's
    intelligence the matter came from: sanitised, linked back only for whoever may read the log)."""
    _case_reader_sections[name] = section


def case_sections(case, user=None) -> dict:
    context: dict = {}
    for section in _case_sections.values():
        context.update(section(case))
    if user is not None:
        for reader_section in _case_reader_sections.values():
            context.update(reader_section(case, user))
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


def deadlines_register(name: str, *, case: Callable[..., list], queue: Callable[..., dict]) -> None:
    _case_deadlines[name], _queue_deadlines[name] = case, queue


def case_deadlines(case, subjects) -> list:
    return [d for provider in _case_deadlines.values() for d in provider(case, subjects)]


def queue_deadlines(cases) -> dict:
    """{case id: [(date, text)]} from every provider, for one page of a queue."""
    found: dict = {}
    for provider in _queue_deadlines.values():
        for case_id, items in provider(cases).items():
            found.setdefault(case_id, []).extend(items)
    return {k: sorted(v) for k, v in found.items()}


def case_deadline_register(name: str, deadlines: Callable[..., list]) -> None:
    """A provider of the case page's deadlines only: (case) -> [(date, label)]."""
    _case_deadlines[name] = lambda case, subjects: deadlines(case)
