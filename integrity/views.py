"""The registers' pages: "My declarations" for everyone with a workforce record, and the approvers'
lists, overdue queue and decision pages. Reads go through integrity.selectors; another person's
entry read writes an access event; anything the user may not see is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from audit.access import get_visible_or_404, log_list_read, log_read

from . import services
from .choices import EntryStatus, ReviewAnswer
from .filters import TO_DECIDE, entry_filter_for, to_decide
from .forms import DecisionForm, ReviewAnswerForm
from .registers import BUSINESS_INTERESTS, REGISTERS, decision_rows, entry_rows, entry_title, review_answer_rows
from .selectors import (
    decision_overdue_before,
    entries_decidable_by,
    entries_of_others_visible_to,
    entries_visible_to,
    is_approver,
    is_register_reader,
    overdue_reviews,
    own_entries,
    own_reviews_to_answer,
)


def _register(slug: str):
    register = REGISTERS.get(slug)
    if register is None:
        raise Http404
    return register


def _require_reader(user):
    if not is_register_reader(user):
        raise Http404


def apply_error(form, error: ValidationError) -> None:
    """A service's refusal shown on the form's fields (or the whole form)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _decorate(entries, register):
    for entry in entries:
        entry.register = register
        entry.title = entry_title(entry)
    return entries


@login_required
def mine(request):
    """The member of staff's own declarations, every register, with status."""
    sections = []
    to_answer = set(own_reviews_to_answer(user=request.user, today=timezone.localdate()).values_list("pk", flat=True))
    for register in REGISTERS.values():
        entries = list(own_entries(user=request.user, model=register.model).select_related(*register.select_related))
        for entry in entries:
            entry.review_to_answer = register is BUSINESS_INTERESTS and entry.pk in to_answer
        sections.append({"register": register, "entries": _decorate(entries, register)})
    return render(request, "integrity/mine.html", {"sections": sections, "has_person": bool(request.user.person_id)})


@login_required
def declare(request, register):
    register = _register(register)
    form = register.declare_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.user.person_id and form.is_valid():
        try:
            entry = services.entry_declare(actor=request.user, register=register, data=form.cleaned_data)
        except ValidationError as error:
            apply_error(form, error)
        else:
            return redirect("integrity:declared", register=register.slug, public_id=entry.public_id)
    return render(
        request,
        "integrity/declare.html",
        {"register": register, "form": form, "has_person": bool(request.user.person_id)},
    )


@login_required
def declared(request, register, public_id):
    """The confirmation page after a declaration (the declarer's own entry only)."""
    register = _register(register)
    entry = get_visible_or_404(
        user=request.user,
        selector=lambda *, user: own_entries(user=user, model=register.model),
        lookup={"public_id": public_id},
        purpose="own declaration",
        log=False,  # the declarer's own entry: not a read of someone else's data
    )
    return render(request, "integrity/declared.html", {"register": register, "entry": entry})


@login_required
def review(request, register, public_id):
    """The declarer answers the annual review of their own business interest: nothing has changed,
    or what has. Bad input shows the errors (400); an entry with no review to answer goes back to
    My declarations with a message."""
    register = _register(register)
    if register is not BUSINESS_INTERESTS:
        raise Http404
    entry = get_visible_or_404(
        user=request.user,
        selector=lambda *, user: own_entries(user=user, model=register.model).select_related(*register.select_related),
        lookup={"public_id": public_id},
        purpose="own declaration",
        log=False,  # the declarer's own entry
    )
    entry.title = entry_title(entry)
    if (
        entry.review_answered
        or not own_reviews_to_answer(user=request.user, today=timezone.localdate()).filter(pk=entry.pk).exists()
    ):
        messages.info(request, f"{register.label} {entry.reference} has no annual review for you to answer now.")
        return redirect("integrity:mine")
    form = ReviewAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_answer(
                    actor=request.user, entry=entry, changed=form.cleaned_data["answer"] == ReviewAnswer.CHANGED,
                    detail=form.cleaned_data["detail"],
                )  # fmt: skip
            except ValidationError as error:
                apply_error(form, error)
            else:
                messages.success(
                    request,
                    f"Annual review of {register.label.lower()} {entry.reference} sent to the integrity approver.",
                )
                return redirect("integrity:mine")
        status = 400
    else:
        status = 200
    return render(
        request,
        "integrity/review.html",
        {
            "register": register,
            "entry": entry,
            "rows": entry_rows(entry),
            "decision": decision_rows(entry),
            "form": form,
        },
        status=status,
    )


def _entry_for(request, register, public_id, *, selector, purpose):
    entry = get_visible_or_404(
        user=request.user,
        selector=lambda *, user: selector(user=user, model=register.model).select_related(
            *register.select_related, "decided_by"
        ),
        lookup={"public_id": public_id},
        purpose=purpose,
        log=False,
    )
    if entry.person_id != request.user.person_id:
        log_read(user=request.user, obj=entry, purpose=purpose, request=request)
    entry.register = register
    entry.title = entry_title(entry)
    return entry


@login_required
def entry_detail(request, register, public_id):
    register = _register(register)
    entry = _entry_for(request, register, public_id, selector=entries_visible_to, purpose="integrity register entry")
    may_decide = (
        entry.status in services.DECIDABLE
        and entries_decidable_by(user=request.user, model=register.model).filter(pk=entry.pk).exists()
    )
    return render(
        request,
        "integrity/entry.html",
        {
            "register": register,
            "entry": entry,
            "rows": entry_rows(entry),
            "decision": decision_rows(entry),
            "review_answer": review_answer_rows(entry),
            "may_decide": may_decide,
            "own": entry.person_id == request.user.person_id,
        },
    )


@login_required
def decide(request, register, public_id):
    register = _register(register)
    if not is_approver(request.user):
        raise Http404
    entry = _entry_for(
        request, register, public_id, selector=entries_decidable_by, purpose="integrity register decision"
    )
    form = DecisionForm(request.POST if request.method == "POST" else None, register=register)
    if entry.status not in services.DECIDABLE:
        messages.info(request, "This entry has already been decided.")
        return redirect("integrity:entry", register=register.slug, public_id=entry.public_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_decide(
                actor=request.user, entry=entry, decision=data["decision"], reasons=data["reasons"],
                conditions=data.get("conditions", ""), risk_level=data.get("risk_level", ""),
                risk_assessment=data.get("risk_assessment", ""),
            )  # fmt: skip
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, f"{register.label} {entry.reference} decided.")
            return redirect("integrity:registers")
    return render(
        request,
        "integrity/decide.html",
        {
            "register": register,
            "entry": entry,
            "rows": entry_rows(entry),
            "review_answer": review_answer_rows(entry),
            "form": form,
        },
    )


def _tabs(user, current) -> list[dict]:
    """One tab per register with the number awaiting a decision that this user may see."""
    return [
        {
            "register": r,
            "current": r is current,
            "awaiting": to_decide(entries_of_others_visible_to(user=user, model=r.model)).count(),
        }
        for r in REGISTERS.values()
    ]


@login_required
def registers(request):
    """Approvers and counter-corruption officers: one register at a time, awaiting decision first."""
    _require_reader(request.user)
    register = REGISTERS.get(request.GET.get("register", ""), REGISTERS["business-interests"])
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = TO_DECIDE  # the work first; "Any status" shows the whole register
    queryset = entries_of_others_visible_to(user=request.user, model=register.model).select_related(
        *register.select_related
    )
    filterset = entry_filter_for(register.model)(data, queryset=queryset.order_by("declared_on", "id"))
    # filters that are not valid show their errors and no entries (nothing read, nothing to log)
    valid = filterset.is_valid()
    page = Paginator(filterset.qs if valid else queryset.none(), 25).get_page(request.GET.get("page"))
    rows = _decorate(list(page.object_list), register)
    if valid:
        log_list_read(
            user=request.user, objects=rows, purpose=f"integrity register: {register.plural}", request=request
        )
    return render(
        request,
        "integrity/registers.html",
        {"register": register, "filter": filterset, "page": page, "rows": rows, "tabs": _tabs(request.user, register)},
    )


@login_required
def overdue(request):
    """The queue of overdue work: annual business-interest reviews past due, and entries undecided
    for longer than the setting allows, oldest first."""
    _require_reader(request.user)
    today = timezone.localdate()
    reviews = _decorate(
        list(overdue_reviews(user=request.user, today=today).select_related("person", "category").order_by("review_on", "id")[:200]),
        REGISTERS["business-interests"],
    )  # fmt: skip
    for entry in reviews:
        entry.days_overdue = (today - entry.review_on).days
    before = decision_overdue_before(today)
    undecided = []
    for register in REGISTERS.values():
        entries = (
            entries_of_others_visible_to(user=request.user, model=register.model)
            .filter(status=EntryStatus.AWAITING, declared_on__lt=before)
            .select_related(*register.select_related)
            .order_by("declared_on", "id")[:200]
        )
        undecided += _decorate(list(entries), register)
    undecided.sort(key=lambda e: e.declared_on)
    for entry in undecided:
        entry.days_waiting = (today - entry.declared_on).days
    log_list_read(
        user=request.user, objects=reviews + undecided, purpose="integrity registers: overdue queue", request=request,
        what="register_entry",
    )  # fmt: skip
    return render(
        request,
        "integrity/overdue.html",
        {
            "reviews": reviews,
            "undecided": undecided,
            "before": before,
            "tabs": _tabs(request.user, None),
            "overdue_page": True,
        },  # fmt: skip
    )
