"""Hearing panel pages: the panel of one proceeding (read by case readers, with an access event) and
the hearings officer's forms to open it, seat members, complete it, record advice and the decision.
Every refusal is shown on the form (400) with the reasons the rules give."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from accounts.choices import CASE_READERS, Role
from audit.access import get_visible_or_404
from cases.selectors import cases_visible_to
from cases.views import apply_validation_error

from . import panels
from .panel_forms import PanelAdviceForm, PanelDecisionForm, PanelSeatForm, PanelStartForm
from .panel_models import HearingPanel, PanelStatus

WRITERS = (Role.HEARINGS_OFFICER,)


def _load(request, reference, proceeding_id, *, purpose, write=False):
    if not request.user.has_role(*(WRITERS if write else CASE_READERS)):
        raise Http404
    case = get_visible_or_404(
        user=request.user,
        selector=cases_visible_to,
        lookup={"reference": reference},
        purpose=purpose,
        request=request,
    )
    proceeding = panels.proceeding_for_case(case=case, proceeding_id=proceeding_id)
    if proceeding is None:
        raise Http404
    panel = HearingPanel.objects.filter(proceeding=proceeding).select_related("rule_version").first()
    return case, proceeding, panel


def _back(case, proceeding):
    return redirect("hearings:panel", reference=case.reference, proceeding_id=proceeding.public_id)


@login_required
def panel_detail(request, reference, proceeding_id):
    case, proceeding, panel = _load(request, reference, proceeding_id, purpose="hearing panel")
    context = {"case": case, "proceeding": proceeding, "panel": panel, "can_edit": request.user.has_role(*WRITERS)}
    if panel is not None:
        seats = list(panel.seats.all())
        context.update(
            seats=seats,
            advice=list(panel.advice.select_related("adviser")),
            problems=panels.composition_problems(panel, panel.rule_version)
            if panel.status == PanelStatus.DRAFT
            else [],
        )
        outcome = getattr(proceeding, "outcome", None)
        if outcome is not None:
            context.update(
                outcome=outcome,
                votes=list(outcome.votes.select_related("seat")),
                vote_summary=panels.vote_summary(outcome),
            )
    else:
        referred = panels.referral_date(proceeding.subject)
        context["would_apply"] = panels.panel_rule(proceeding.subject, referred) if referred else None
    return render(request, "hearings/panel.html", context)


def _form_page(request, case, proceeding, form, *, title, button, intro="", version=None):
    status = 400 if form.is_bound and form.errors else 200
    context = {"case": case, "proceeding": proceeding, "form": form, "title": title, "button": button}
    context.update(intro=intro, version=version)
    return render(request, "hearings/panel_form.html", context, status=status)


@login_required
def panel_start(request, reference, proceeding_id):
    case, proceeding, panel = _load(request, reference, proceeding_id, purpose="hearing panel: open", write=True)
    if panel is not None:
        return _back(case, proceeding)
    initial = {"referred_on": panels.referral_date(proceeding.subject)}
    form = PanelStartForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            panels.panel_start(actor=request.user, proceeding=proceeding, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Panel opened: now seat its members.")
            return _back(case, proceeding)
    return _form_page(request, case, proceeding, form, title="Open the hearing panel", button="Open the panel")


@login_required
def panel_seat_add(request, reference, proceeding_id):
    case, proceeding, panel = _load(request, reference, proceeding_id, purpose="hearing panel: member", write=True)
    if panel is None:
        raise Http404
    form = PanelSeatForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            panels.panel_seat_add(actor=request.user, panel=panel, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} added to the panel.")
            return _back(case, proceeding)
    version = panel.rule_version
    intro = f"What these rules require: {version.summary}"
    return _form_page(
        request,
        case,
        proceeding,
        form,
        title="Add a panel member",
        button="Add the member",
        intro=intro,
        version=version,
    )


@login_required
def panel_complete(request, reference, proceeding_id):
    if not request.user.has_role(*WRITERS):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case, proceeding, panel = _load(request, reference, proceeding_id, purpose="hearing panel: complete", write=True)
    if panel is None:
        raise Http404
    try:
        panels.panel_complete(actor=request.user, panel=panel)
    except ValidationError as error:
        messages.error(request, "The panel cannot be completed yet. " + " ".join(error.messages))
    else:
        messages.success(request, "Panel complete: checked against the rules that apply.")
    return _back(case, proceeding)


@login_required
def panel_seat_remove(request, reference, proceeding_id, seat_id):
    """Take a member off a panel still being put together (a reason is required)."""
    if not request.user.has_role(*WRITERS):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case, proceeding, panel = _load(request, reference, proceeding_id, purpose="hearing panel: member", write=True)
    seat = panel.seats.filter(public_id=seat_id).first() if panel else None
    if seat is None:
        raise Http404
    try:
        panels.panel_seat_remove(actor=request.user, panel=panel, seat=seat, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{seat.name} taken off the panel.")
    return _back(case, proceeding)


@login_required
def panel_discard(request, reference, proceeding_id):
    """Start the panel again while it is being put together (a reason is required)."""
    if not request.user.has_role(*WRITERS):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case, proceeding, panel = _load(request, reference, proceeding_id, purpose="hearing panel: discard", write=True)
    if panel is None:
        raise Http404
    try:
        panels.panel_discard(actor=request.user, panel=panel, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Panel discarded: open it again with the right details.")
    return _back(case, proceeding)


@login_required
def panel_advice(request, reference, proceeding_id):
    case, proceeding, panel = _load(request, reference, proceeding_id, purpose="hearing panel: advice", write=True)
    if panel is None:
        raise Http404
    form = PanelAdviceForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            panels.panel_advice_record(actor=request.user, panel=panel, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Advice recorded.")
            return _back(case, proceeding)
    return _form_page(
        request, case, proceeding, form, title="Record the legally qualified person's advice", button="Save"
    )


@login_required
def panel_decision(request, reference, proceeding_id):
    case, proceeding, panel = _load(request, reference, proceeding_id, purpose="hearing panel: decision", write=True)
    if panel is None or getattr(proceeding, "outcome", None) is not None:
        raise Http404
    voters = [s for s in panel.seats.all() if s.is_voting]
    form = PanelDecisionForm(request.POST or None, voters=voters)
    if form.is_bound and form.is_valid():
        try:
            panels.panel_decision_record(
                actor=request.user,
                panel=panel,
                votes=form.votes(),
                reasons=form.cleaned_data["reasons"],
                decided_on=form.cleaned_data["decided_on"],
                exceptional_circumstances=form.cleaned_data["exceptional_circumstances"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The panel's decision is recorded, with each member's vote.")
            return _back(case, proceeding)
    intro = "Each member votes on the finding and the outcome; the decision is the majority's."
    return _form_page(
        request,
        case,
        proceeding,
        form,
        title="Record the panel's decision",
        button="Record the decision",
        intro=intro,
        version=panel.rule_version,
    )
