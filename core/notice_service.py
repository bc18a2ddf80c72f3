"""When a notice counts as served: the one calculation every statutory deadline that runs from
service uses (the reg 18 response window, the outcome notice, the appeal windows).

A notice handed over in person, left at an address or given through the police friend is served
that day. From SI 2025/558 (28 May 2025) a notice may also be sent by e-mail, and is then treated
as given on a later, deemed day: `email_deemed_working_days` working days after the day it was
sent (held as data on the "notice_service" rule version: 0 means "the day it was sent").
"""

from __future__ import annotations

from datetime import date

from .working_days import add_working_days

EMAIL = "email"


def deemed_service_date(sent_on: date, method: str, *, email_deemed_working_days: int | None) -> date:
    """The date a notice sent on `sent_on` by `method` counts as served.

    `email_deemed_working_days` is None where the rules in force for the matter do not provide
    for e-mail service at all (the caller refuses the method before asking)."""
    if method != EMAIL or not email_deemed_working_days:
        return sent_on
    return add_working_days(sent_on, email_deemed_working_days)
