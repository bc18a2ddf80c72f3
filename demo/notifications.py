"""Demo notifications: each demo account gets a few, about records it may open (through each app's
selector), some needing action, all written through notifications.services.notify()."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse

from cases.selectors import cases_visible_to
from counter_corruption.selectors import intel_logs_visible_to
from integrity.registers import BY_MODEL
from integrity.selectors import entries_visible_to
from notifications.models import Notification
from notifications.services import notify
from oversight.flags import flag_title, flags_visible_to
from reporting.selectors import reports_visible_to
from vetting.selectors import clearances_visible_to, hits_visible_to

# (subject, body, url, record_kind, record_id, needs_action)
Note = tuple[str, str, str, str, object, bool]


def _cases(user) -> list[Note]:
    notes = []
    for i, case in enumerate(cases_visible_to(user=user).filter(is_restricted=False).order_by("-received_date")[:3]):
        url = reverse("cases:detail", args=[case.reference])
        if i == 0:
            notes.append(
                (f"Case {case.reference}: a decision or action is due from you", "", url, "case", case.reference, True)
            )
        else:
            notes.append((f"Case {case.reference}: new evidence was recorded", "", url, "case", case.reference, False))
    return notes


def _vetting(user) -> list[Note]:
    notes = [
        ("Screening hit to decide", "A PND screening run found a record to review.",
         reverse("vetting:hit", args=[hit.public_id]), "screening_hit", hit.id, True)
        for hit in hits_visible_to(user=user).order_by("-id")[:2]
    ]  # fmt: skip
    notes += [
        ("Clearance renewal due", f"The clearance expires on {c.expires_on:%-d %B %Y}." if c.expires_on else "",
         reverse("vetting:clearance", args=[c.public_id]), "clearance", c.id, False)
        for c in clearances_visible_to(user=user).order_by("-id")[:1]
    ]  # fmt: skip
    return notes


def _reports(user) -> list[Note]:
    return [
        (f"Report {r.reference}: acknowledge it", "The reporter is waiting for an acknowledgement.",
         reverse("reporting:report", args=[r.reference]), "report", r.public_id, i == 0)
        for i, r in enumerate(reports_visible_to(user=user).order_by("-received_at")[:3])
    ]  # fmt: skip


def _flags(user) -> list[Note]:
    return [
        (f"New disparity flag: {flag_title(f)}", "A flag is a prompt for review, never a finding of bias.",
         reverse("oversight:flag", args=[f.public_id]), "disparity_flag", f.id, True)
        for f in flags_visible_to(user=user).select_related("unit").order_by("-id")[:2]
    ]  # fmt: skip


def _intel(user) -> list[Note]:
    return [
        (f"Intelligence log {log.reference}: grade it", "", reverse("counter_corruption:intel-detail", args=[log.public_id]),
         "intel_log", log.public_id, i == 0)
        for i, log in enumerate(intel_logs_visible_to(user=user).order_by("-id")[:2])
    ]  # fmt: skip


def _entries(user) -> list[Note]:
    notes = []
    for model, register in BY_MODEL.items():
        entry = entries_visible_to(user=user, model=model).order_by("-id").first()
        if entry is not None:
            url = reverse("integrity:entry", args=[register.slug, entry.public_id])
            notes.append(
                (f"{register.label} {entry.reference}", "", url, "integrity_entry", entry.public_id, not notes)
            )
    return notes[:3]


def _general(_user) -> list[Note]:
    return [
        ("Welcome to the service", "Your notifications appear here; those that need action are also e-mailed.",
         "", "", "", False),
    ]  # fmt: skip


PROVIDERS = {
    "investigator": _cases,
    "supervisor": _cases,
    "authority": _cases,
    "hearings": _cases,
    "vetting": _vetting,
    "reporting": _reports,
    "analyst": _flags,
    "cc-officer": _intel,
    "approver": _entries,
    "staff": _entries,
}


def demo_notifications_create(*, today: date) -> int:
    """Notifications for every demo account that has none yet (so a second run adds nothing)."""
    made = 0
    for user in get_user_model().objects.filter(username__in=[*PROVIDERS, "oversight", "auditor", "admin"]):
        if Notification.objects.filter(user=user).exists():
            continue
        notes = _general(user) + PROVIDERS.get(user.username, lambda u: [])(user)
        for subject, body, url, kind, record_id, needs_action in notes:
            made += len(
                notify([user], subject, body, url, record_kind=kind, record_id=record_id, needs_action=needs_action)
            )
    return made
