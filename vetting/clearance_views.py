"""The vetting officer's clearance pages: the list (with its tabs), one clearance with its history
and the forms for what may happen next, and recording a new clearance. Vetting officers only:
anyone else gets 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from audit.choices import AccessAction
from audit.services import access_event_record

from .clearance_forms import (
    AftercareCloseForm,
    AftercareOpenForm,
    AppealDecideForm,
    AppealLodgeForm,
    ClearanceFilter,
    ClearanceRecordForm,
    DecisionForm,
)
from .clearance_services import (
    APPEALABLE,
    REMINDER_WINDOW_DAYS,
    aftercare_review_close,
    aftercare_review_open,
    clearance_appeal_decide,
    clearance_appeal_lodge,
    clearance_apply,
    clearance_decide,
    clearances_visible_to,
    decision_targets,
)
from .models.clearances import AftercareTrigger, Clearance, ClearanceDecision, ClearanceState
from .selectors import aftercare_reviews_visible_to, record_list_view

VETTING_OFFICERS = (Role.VETTING_OFFICER,)
TABS = [
    ("all", "All clearances"),
    ("expiring", "Expiring soon"),
    ("review", "Under review"),
]
HOME_ITEMS = 10


def _require(user):
    if not user.has_role(*VETTING_OFFICERS):
        raise Http404


def _apply_error(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when it names one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _open_reviews(user):
    return aftercare_reviews_visible_to(user=user).filter(clearance=OuterRef("pk"), closed_on__isnull=True)


def _list_queryset(user, tab: str):
    qs = clearances_visible_to(user=user).select_related("person__unit", "level")
    if tab == "expiring":
        return qs.expiring_within(REMINDER_WINDOW_DAYS, timezone.localdate()).order_by("expires_on", "id")
    if tab == "review":
        open_reviews = (
            aftercare_reviews_visible_to(user=user).filter(closed_on__isnull=True).order_by("opened_on", "id")
        )
        return (
            qs.filter(Exists(_open_reviews(user)))
            .prefetch_related(Prefetch("aftercare_reviews", queryset=open_reviews, to_attr="open_reviews"))
            .order_by("person__surname", "id")
        )
    return qs


@login_required
def clearances(request):
    _require(request.user)
    tab = request.GET.get("tab", "all")
    if tab not in dict(TABS):
        tab = "all"
    filterset = ClearanceFilter(request.GET or None, queryset=_list_queryset(request.user, tab))
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    if page.object_list:
        record_list_view(
            user=request.user,
            object_type="clearances",
            count=len(page.object_list),
            label=f"clearances ({tab}, page {page.number})",
            purpose="vetting",
            request=request,
        )
    query = {k: v for k, v in request.GET.items() if k not in ("tab", "page")}
    tabs = [
        {"key": key, "label": label, "url": "?" + urlencode({**query, "tab": key}), "current": key == tab}
        for key, label in TABS
    ]
    return render(
        request,
        "vetting/clearances.html",
        {"filter": filterset, "page": page, "tab": tab, "tabs": tabs, "today": timezone.localdate()},
    )


@login_required
def clearance_new(request):
    _require(request.user)
    form = ClearanceRecordForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            clearance = clearance_apply(
                actor=request.user,
                person=form.cleaned_data["staff_number"],
                level=form.cleaned_data["level"],
                applied_on=form.cleaned_data["applied_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, f"{clearance.level_id} application recorded for {clearance.person.display_name}.")
            return redirect("vetting:clearance", public_id=clearance.public_id)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "vetting/clearance_new.html", {"form": form}, status=status)


def _forms(clearance: Clearance, data=None, action: str = "") -> dict:
    """Every form the clearance offers now; `data` binds only the one that was submitted."""

    def bound(name):
        return data if action == name else None

    forms = {}
    if decision_targets(clearance):
        forms["decide"] = DecisionForm(bound("decide"), clearance=clearance, prefix="decide")
    decisions = clearance.decisions.all()
    latest = decisions[len(decisions) - 1] if decisions else None
    appeals = clearance.appeals.all()
    if clearance.state in APPEALABLE and latest is not None and all(a.against_id != latest.id for a in appeals):
        forms["appeal"] = AppealLodgeForm(bound("appeal"), prefix="appeal")
    open_appeal = next((a for a in appeals if a.is_open), None)
    if open_appeal is not None:
        forms["appeal-decide"] = AppealDecideForm(bound("appeal-decide"), prefix="appeal-decide")
    if clearance.is_active:
        forms["aftercare-open"] = AftercareOpenForm(bound("aftercare-open"), prefix="aftercare-open")
    for review in clearance.aftercare_reviews.all():
        if review.is_open:
            key = f"aftercare-close-{review.public_id}"
            review.close_form = forms[key] = AftercareCloseForm(bound(key), prefix=key)
    return forms


def _submit(request, clearance: Clearance, action: str, form) -> str:
    """Call the service for the submitted form; returns the success message."""
    data, actor = form.cleaned_data, request.user
    if action == "decide":
        decision = clearance_decide(actor=actor, clearance=clearance, **data)
        return f"Decision recorded: {decision.get_to_state_display().lower()}."
    if action == "appeal":
        clearance_appeal_lodge(actor=actor, clearance=clearance, **data)
        return "Appeal lodged."
    if action == "appeal-decide":
        appeal = next(a for a in clearance.appeals.all() if a.is_open)
        appeal = clearance_appeal_decide(actor=actor, appeal=appeal, **data)
        return f"Appeal {appeal.result}."
    if action == "aftercare-open":
        aftercare_review_open(actor=actor, clearance=clearance, trigger=data["trigger"], note=data["note"])
        return "Aftercare review opened."
    public_id = action.removeprefix("aftercare-close-")
    review = next(r for r in clearance.aftercare_reviews.all() if str(r.public_id) == public_id)
    aftercare_review_close(
        actor=actor, review=review, outcome=data["outcome"], note=data["outcome_note"], closed_on=data["closed_on"]
    )
    return "Aftercare review closed."


def _clearance_queryset(user):
    decisions = ClearanceDecision.objects.select_related("decided_by").order_by("recorded_at", "id")
    return (
        clearances_visible_to(user=user)
        .select_related("person__unit", "level", "decided_by")
        .prefetch_related(
            Prefetch("decisions", queryset=decisions),
            "appeals__lodged_by",
            "appeals__decided_by",
            "aftercare_reviews__opened_by",
            "aftercare_reviews__closed_by",
            "aftercare_reviews__source_hit",
        )
    )


@login_required
def clearance_detail(request, public_id):
    _require(request.user)
    clearance = get_object_or_404(_clearance_queryset(request.user), public_id=public_id)
    status = 200
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _forms(clearance, request.POST, action)
    if request.method == "POST":
        form = forms.get(action)
        if form is None:
            messages.error(request, "That is no longer possible for this clearance: it may have changed meanwhile.")
            return redirect("vetting:clearance", public_id=clearance.public_id)
        if form.is_valid():
            try:
                message = _submit(request, clearance, action, form)
            except ValidationError as error:
                _apply_error(form, error)
            else:
                messages.success(request, message)
                return redirect("vetting:clearance", public_id=clearance.public_id)
        status = 400
    else:
        access_event_record(
            actor=request.user,
            action=AccessAction.VIEW,
            object_type="clearance",
            object_id=str(clearance.public_id),
            object_label=f"{clearance.level_id} {clearance.person.staff_number}",
            purpose="vetting",
            request=request,
        )
    failed = forms.get(action) if status == 400 else None
    return render(
        request,
        "vetting/clearance.html",
        {
            "clearance": clearance,
            "person": clearance.person,
            "decisions": clearance.decisions.all(),
            "appeals": clearance.appeals.all(),
            "reviews": clearance.aftercare_reviews.all(),
            "forms": forms,
            "failed": failed,
            "today": timezone.localdate(),
        },
        status=status,
    )


def _person_label(clearance: Clearance) -> str:
    person = clearance.person
    return f"{person.display_name} ({person.staff_number}), {clearance.level_id}"


def home_sections(user) -> list[dict]:
    """The clearance parts of the vetting home page."""
    if not user.has_role(*VETTING_OFFICERS):
        return []
    today = timezone.localdate()
    visible = clearances_visible_to(user=user).select_related("person", "level")
    expiring = list(visible.expiring_within(REMINDER_WINDOW_DAYS, today).order_by("expires_on", "id")[:HOME_ITEMS])
    reviews = list(
        aftercare_reviews_visible_to(user=user)
        .filter(closed_on__isnull=True)
        .select_related("clearance__person", "clearance__level")
        .order_by("opened_on", "id")[:HOME_ITEMS]
    )
    pending = list(visible.filter(state=ClearanceState.APPLIED).order_by("applied_on", "id")[:HOME_ITEMS])
    base = reverse("vetting:clearances")

    def url(c):
        return reverse("vetting:clearance", args=[c.public_id])

    return [
        {
            "key": "expiring",
            "title": f"Clearances expiring in the next {REMINDER_WINDOW_DAYS} days",
            "items": [
                {"label": f"{_person_label(c)}: expires {c.expires_on:%-d %b %Y}", "url": url(c)} for c in expiring
            ],
            "empty": f"No clearance expires in the next {REMINDER_WINDOW_DAYS} days.",
            "more_url": f"{base}?tab=expiring",
        },
        {
            "key": "aftercare",
            "title": "Clearances under aftercare review",
            "items": [
                {
                    "label": f"{_person_label(r.clearance)}: {AftercareTrigger(r.trigger).label.lower()}, "
                    f"opened {r.opened_on:%-d %b %Y}",
                    "url": url(r.clearance),
                }
                for r in reviews
            ],
            "empty": "No aftercare review is open.",
            "more_url": f"{base}?tab=review",
        },
        {
            "key": "applications",
            "title": "Applications awaiting a decision",
            "items": [
                {"label": f"{_person_label(c)}: applied {c.applied_on:%-d %b %Y}", "url": url(c)} for c in pending
            ],
            "empty": "No application is awaiting a decision.",
            "more_url": f"{base}?state={ClearanceState.APPLIED}",
        },
    ]
