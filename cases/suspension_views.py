"""Suspension pages and API: the steps (record a criminal investigation, arrest or charge; decide;
review; lift) are registered in the case step registry, so the step pages and the step API
(`POST /api/cases/{ref}/subjects/{id}/steps/{step}/`, 400 with reasons) serve them; this module adds
the subject's suspension page, the suspension queue, and their API reads."""

from __future__ import annotations

from dataclasses import fields

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import CASE_READERS, Role
from audit.access import get_visible_or_404, log_list_read
from core.forms import GovukFormMixin

from . import suspension as rules
from .forms import DATE, TEXT
from .models import CaseSubject
from .queues import QUEUE_ROLES, QUEUES
from .selectors import cases_visible_to
from .steps import Step, register, steps_for
from .suspension_models import CriminalEventKind, ListedOffence, ReviewOutcome, SuspensionOutcome

AUTHORITY = frozenset({Role.APPROPRIATE_AUTHORITY})
SUSPENSION_STEPS = ("criminal-event", "suspension-decision", "suspension-review", "suspension-lift")


# ------------------------------------------------------------------ forms


class CriminalEventForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=CriminalEventKind.choices, widget=forms.RadioSelect, label="What happened")
    offence = forms.ModelChoiceField(
        ListedOffence.objects.filter(active=True),
        required=False,
        empty_label="Not a listed offence",
        label="Listed offence (sexual or domestic abuse-related)",
    )
    offence_description = forms.CharField(required=False, max_length=300, label="The offence, if it is not listed")
    occurred_on = forms.DateField(widget=DATE, label="Date of the arrest, charge or start of the investigation")
    known_on = forms.DateField(
        widget=DATE, initial=timezone.localdate, label="Date the appropriate authority learnt of it"
    )
    reason = forms.CharField(widget=TEXT, required=False, label="Source and notes")


class SuspensionDecisionForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(choices=SuspensionOutcome.choices, widget=forms.RadioSelect, label="Decision")
    investigation_prejudiced = forms.BooleanField(
        required=False, label="The effective investigation may be prejudiced unless the officer is suspended"
    )
    public_interest = forms.BooleanField(
        required=False, label="Having regard to the allegation, the public interest requires suspension"
    )
    restricted_duties_considered = forms.CharField(
        widget=TEXT, required=False, label="Restricted duties considered first: why they would or would not do"
    )
    exceptional_circumstances = forms.CharField(
        widget=TEXT,
        required=False,
        label="Exceptional circumstances (only where a listed arrest or charge presumes suspension)",
    )
    reasons = forms.CharField(widget=TEXT, label="Reasons for the decision")
    decided_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the decision")


class SuspensionReviewForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(choices=ReviewOutcome.choices, widget=forms.RadioSelect, label="Outcome of the review")
    reasons = forms.CharField(widget=TEXT, label="Reasons")
    reviewed_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the review")


class SuspensionLiftForm(GovukFormMixin, forms.Form):
    reasons = forms.CharField(widget=TEXT, label="Why it is lifted")
    lifted_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date lifted")


def _open(subject) -> bool:
    return subject.stage != "closed"


# The step pages show the rules applied where the step registry knows a step's rule (Step.rule,
# added on another branch of issue 13): set here once both are merged, harmless before.
RULE = {"rule": rules.RULE} if "rule" in {f.name for f in fields(Step)} else {}


register(
    Step(
        "criminal-event",
        "Record a criminal investigation, arrest or charge",
        frozenset({Role.APPROPRIATE_AUTHORITY, Role.SUPERVISOR}),
        CriminalEventForm,
        lambda a, c, s, d: rules.criminal_event_record(actor=a, subject=s, **d),
        per_subject=True,
        available=lambda c, s: _open(s),
        **RULE,
    ),
    Step(
        "suspension-decision",
        "Decide on suspension or restricted duties",
        AUTHORITY,
        SuspensionDecisionForm,
        lambda a, c, s, d: rules.suspension_decide(actor=a, subject=s, **d),
        per_subject=True,
        available=lambda c, s: _open(s),
        button="Record the decision",
        **RULE,
    ),
    Step(
        "suspension-review",
        "Review the suspension",
        AUTHORITY,
        SuspensionReviewForm,
        lambda a, c, s, d: rules.suspension_review(actor=a, subject=s, **d),
        per_subject=True,
        available=lambda c, s: s.suspended,
        button="Record the review",
        **RULE,
    ),
    Step(
        "suspension-lift",
        "Lift the suspension or restricted duties",
        AUTHORITY,
        SuspensionLiftForm,
        lambda a, c, s, d: rules.suspension_lift(actor=a, subject=s, **d),
        per_subject=True,
        available=lambda c, s: s.suspended or s.restricted_duties,
        button="Lift",
        **RULE,
    ),
    after="reg19",
)


# ------------------------------------------------------------------ pages


def _subject_or_404(case, subject_id) -> CaseSubject:
    subject = CaseSubject.objects.filter(case=case, public_id=subject_id).select_related("person__unit", "case").first()
    if subject is None:
        raise Http404
    return subject


def subject_suspension_context(subject: CaseSubject, today) -> dict:
    decisions = list(
        subject.suspension_decisions.select_related("decided_by", "ended_by", "trigger__offence", "rule_version")
        .prefetch_related("reviews__reviewed_by")
        .order_by("-decided_on", "-id")
    )
    return {
        "subject": subject,
        "today": today,
        "version": rules.rule_version_for(subject),
        "standing": rules.standing_decision(subject),
        "deadlines": rules.deadlines_for(subject),
        "events": list(subject.criminal_events.select_related("offence", "recorded_by")),
        "decisions": decisions,
        "reviews": [r for d in decisions for r in d.reviews.all()],
        "listed_charge": rules.listed_charge(subject),
        "listed_arrest": rules.listed_arrest(subject),
    }


@login_required
def subject_suspension(request, reference, subject_id):
    """The subject's suspension: where it stands, what is due, every decision and review."""
    if not request.user.has_role(*CASE_READERS):
        raise Http404
    case = get_visible_or_404(
        user=request.user,
        selector=cases_visible_to,
        lookup={"reference": reference},
        purpose="suspension decisions",
        request=request,
    )
    subject = _subject_or_404(case, subject_id)
    context = subject_suspension_context(subject, timezone.localdate())
    context.update(
        case=case,
        steps=[s for s in steps_for(request.user, case, subject) if s.name in SUSPENSION_STEPS],
    )
    return render(request, "cases/suspension.html", context)


@login_required
def suspension_queue(request):
    """Suspension decisions and reviews due, overdue first; decisions made late are marked."""
    if not request.user.has_role(*QUEUE_ROLES):
        raise Http404
    today = timezone.localdate()
    rows = rules.suspension_rows(cases=cases_visible_to(user=request.user).filter(status="open"), today=today)
    log_list_read(user=request.user, objects=[r["case"] for r in rows], purpose="suspension queue", request=request)
    return render(request, "cases/suspension_queue.html", {"rows": rows, "today": today, "queues": QUEUES})


# ------------------------------------------------------------------ API


def _deadline_data(deadline, today) -> dict:
    return {
        "kind": deadline.kind,
        "due_on": deadline.due_on,
        "label": deadline.label,
        "overdue": deadline.overdue(today),
    }


def _decision_data(d) -> dict:
    return {
        "id": str(d.public_id),
        "outcome": d.outcome,
        "reasons": d.reasons,
        "investigation_prejudiced": d.investigation_prejudiced,
        "public_interest": d.public_interest,
        "restricted_duties_considered": d.restricted_duties_considered,
        "exceptional_circumstances": d.exceptional_circumstances,
        "decided_on": d.decided_on,
        "decided_by": d.decided_by.username,
        "due_on": d.due_on,
        "late_by_working_days": d.late_by,
        "trigger": str(d.trigger) if d.trigger else None,
        "ended_on": d.ended_on,
        "end_reason": d.end_reason,
        "rule_version": d.rule_version.version if d.rule_version else None,
        "reviews": [
            {
                "due_on": r.due_on,
                "reviewed_on": r.reviewed_on,
                "outcome": r.outcome,
                "reasons": r.reasons,
                "late": r.was_late,
            }
            for r in d.reviews.all()
        ],
    }


@extend_schema(tags=["cases"])
class SubjectSuspensionView(APIView):
    """A subject's suspension: state, deadlines, criminal events, decisions and reviews.
    Decisions are POSTed as steps: criminal-event, suspension-decision, suspension-review, suspension-lift."""

    def get(self, request, reference, subject_id):
        if not request.user.has_role(*CASE_READERS):
            raise NotFound()
        case = get_visible_or_404(
            user=request.user,
            selector=cases_visible_to,
            lookup={"reference": reference},
            purpose="suspension decisions (API)",
            request=request,
        )
        subject = CaseSubject.objects.filter(case=case, public_id=subject_id).select_related("person").first()
        if subject is None:
            raise NotFound()
        today = timezone.localdate()
        c = subject_suspension_context(subject, today)
        return Response(
            {
                "case": case.reference,
                "subject": str(subject.public_id),
                "suspended": subject.suspended,
                "restricted_duties": subject.restricted_duties,
                "rule_version": c["version"].version if c["version"] else None,
                "deadlines": [_deadline_data(d, today) for d in c["deadlines"]],
                "criminal_events": [
                    {
                        "kind": e.kind,
                        "offence": e.offence_id,
                        "offence_description": e.offence_description,
                        "occurred_on": e.occurred_on,
                        "known_on": e.known_on,
                    }
                    for e in c["events"]
                ],
                "decisions": [_decision_data(d) for d in c["decisions"]],
            }
        )


@extend_schema(tags=["queues"])
class SuspensionQueueView(APIView):
    """The suspension queue: subjects with a decision or review due (overdue first), standing
    suspensions and restrictions, and decisions made late in the last 90 days."""

    def get(self, request):
        if not request.user.has_role(*QUEUE_ROLES):
            raise NotFound()
        today = timezone.localdate()
        rows = rules.suspension_rows(cases=cases_visible_to(user=request.user).filter(status="open"), today=today)
        log_list_read(
            user=request.user, objects=[r["case"] for r in rows], purpose="suspension queue (API)", request=request
        )
        return Response(
            [
                {
                    "case": r["case"].reference,
                    "subject": str(r["subject"].public_id),
                    "staff_number": r["subject"].person.staff_number,
                    "standing": r["standing"].outcome if r["standing"] else None,
                    "overdue": r["overdue"],
                    "deadlines": [_deadline_data(d, today) for d in r["deadlines"]],
                    "late_decision": (
                        {
                            "decided_on": r["late_decision"].decided_on,
                            "due_on": r["late_decision"].due_on,
                            "late_by_working_days": r["late_decision"].late_by,
                        }
                        if r["late_decision"]
                        else None
                    ),
                }
                for r in rows
            ]
        )
