"""Lawful business monitoring pages for the counter-corruption unit (anyone else: 404): the queue
of alerts (highest score first, explained), one alert with its events and what each matched and the
decision, the rules with their false-positive rates (edit with a reason, history), and the watch
list of public figures. Every read of alerts or their events is an access event."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from audit.access import get_visible_or_404, log_list_read

from .models import AlertStatus
from .monitoring_forms import AlertDecisionForm, MonitoringAlertFilter, RuleForm, WatchDeactivateForm, WatchEntryForm
from .monitoring_selectors import (
    alert_event_rows,
    alerts_visible_to,
    false_positive_rate,
    rule_changes,
    rules_visible_to,
    watch_list_visible_to,
)
from .monitoring_services import (
    AlertAlreadyDecided,
    alert_decide,
    rule_update,
    watch_entry_add,
    watch_entry_set_active,
    watch_entry_update,
)
from .selectors import unit_member_or_404

PAGE_SIZE = 50


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def alerts(request):
    unit_member_or_404(request.user)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = AlertStatus.OPEN
    filterset = MonitoringAlertFilter(data, queryset=alerts_visible_to(user=request.user))
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(queryset.order_by("-score", "-last_event_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    # the staff number searched for is in the event's filters, as for the intelligence search
    log_list_read(
        user=request.user, objects=page.object_list, purpose="lawful business monitoring: alerts", request=request,
        what="monitoring_alert",
    )  # fmt: skip
    return render(
        request, "counter_corruption/monitoring/alerts.html", {"page": page, "filter": filterset, "tab": "alerts"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def alert(request, public_id):
    unit_member_or_404(request.user)
    found = get_visible_or_404(
        user=request.user,
        selector=alerts_visible_to,
        lookup={"public_id": public_id},
        purpose="lawful business monitoring: an alert and its events",
        request=request,
    )
    form = AlertDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            decided = alert_decide(
                actor=request.user, alert=found, decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except AlertAlreadyDecided as error:
            form.add_error(None, str(error))
            status = 409
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if decided.case_id:
                messages.success(
                    request, f"Conduct matter {decided.case.reference} opened with the events as evidence."
                )
                return redirect("cases:detail", reference=decided.case.reference)
            messages.success(request, "Decision recorded.")
            return redirect("counter_corruption:monitoring-alert", public_id=found.public_id)
    elif request.method == "POST":
        status = 400
    found.refresh_from_db()
    return render(
        request,
        "counter_corruption/monitoring/alert.html",
        {"alert": found, "rows": alert_event_rows(alert=found), "form": form, "tab": "alerts"},
        status=status,
    )


@login_required
def rules(request):
    unit_member_or_404(request.user)
    found = list(rules_visible_to(user=request.user))
    for rule in found:
        rule.false_positive_rate = false_positive_rate(rule)
        rule.params_shown = [(key, json.dumps(value)) for key, value in rule.params.items()]
    return render(request, "counter_corruption/monitoring/rules.html", {"rules": found, "tab": "rules"})


@login_required
@require_http_methods(["GET", "POST"])
def rule(request, code):
    unit_member_or_404(request.user)
    found = rules_visible_to(user=request.user).filter(code=code).first()
    if found is None:
        raise Http404
    initial = {"weight": found.weight, "enabled": found.enabled, "params": found.params}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rule_update(actor=request.user, rule=found, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Rule “{found.label}” changed.")
            return redirect("counter_corruption:monitoring-rules")
    found.false_positive_rate = false_positive_rate(found)
    return render(
        request,
        "counter_corruption/monitoring/rule.html",
        {"rule": found, "form": form, "changes": rule_changes(rules=[found])[found.code], "tab": "rules"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def watchlist(request):
    unit_member_or_404(request.user)
    form = WatchEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = watch_entry_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{entry.forenames} {entry.surname} added to the watch list.")
            return redirect("counter_corruption:monitoring-watchlist")
    page = Paginator(watch_list_visible_to(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    log_list_read(
        user=request.user, objects=page.object_list, purpose="lawful business monitoring: watch list",
        request=request, what="watch_list_entry",
    )  # fmt: skip
    return render(
        request,
        "counter_corruption/monitoring/watchlist.html",
        {"page": page, "form": form, "tab": "watchlist"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def watch_entry(request, public_id):
    unit_member_or_404(request.user)
    entry = get_visible_or_404(
        user=request.user,
        selector=watch_list_visible_to,
        lookup={"public_id": public_id},
        purpose="lawful business monitoring: a watch list entry",
        request=request,
    )
    deactivating = request.POST.get("action") in ("deactivate", "reactivate")
    fields = ("surname", "forenames", "date_of_birth", "postcode", "category", "note")
    form = WatchEntryForm(
        request.POST if request.method == "POST" and not deactivating else None,
        initial={name: getattr(entry, name) for name in fields},
    )
    toggle = WatchDeactivateForm(request.POST if deactivating else None)
    bound = toggle if deactivating else form
    if request.method == "POST" and bound.is_valid():
        try:
            if deactivating:
                watch_entry_set_active(
                    actor=request.user, entry=entry, active=request.POST["action"] == "reactivate",
                    reason=toggle.cleaned_data["reason"],
                )  # fmt: skip
            else:
                watch_entry_update(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(bound, error)
        else:
            messages.success(request, "Watch list changed.")
            return redirect("counter_corruption:monitoring-watchlist")
    return render(
        request,
        "counter_corruption/monitoring/watch_entry.html",
        {"entry": entry, "form": form, "toggle": toggle, "tab": "watchlist"},
        status=400 if (form.errors or toggle.errors) else 200,
    )
