"""Monitoring review API, for members of the counter-corruption unit (anyone else: 404): the
alerts (list, one with its events, decide: 400 with field reasons, 409 once decided), the rules
(list, PATCH with a reason) and the watch list (list, add)."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from audit.access import AuditedReadMixin

from .models import MonitoringAlert, MonitoringRule, WatchListEntry
from .monitoring_forms import AlertDecisionForm, MonitoringAlertFilter, RuleForm, WatchEntryForm
from .monitoring_selectors import (
    alert_event_rows,
    alerts_visible_to,
    false_positive_rate,
    rules_visible_to,
    watch_list_visible_to,
)
from .monitoring_services import AlertAlreadyDecided, alert_decide, rule_update, watch_entry_add
from .selectors import is_unit_member


def _errors(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}


def _json_object(request) -> Response | None:
    if not isinstance(request.data, dict):
        return Response({"non_field_errors": ["Send a JSON object."]}, status=400)
    return None


class MonitoringAlertSerializer(serializers.ModelSerializer):
    searcher = serializers.SerializerMethodField()
    rule = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringAlert
        fields = [
            "public_id", "searcher", "rule", "period", "score", "reasons", "events_count", "first_event_at",
            "last_event_at", "status", "decided_at", "decision_reason", "case",
        ]  # fmt: skip

    def get_searcher(self, alert) -> dict:
        p = alert.searcher
        return {
            "public_id": str(p.public_id), "staff_number": p.staff_number, "name": p.display_name,
            "unit": p.unit.name if p.unit_id else "",
        }  # fmt: skip

    def get_rule(self, alert) -> dict:
        return {"code": alert.rule.code, "label": alert.rule.label}

    def get_case(self, alert) -> str:
        return alert.case.reference if alert.case_id else ""


class MonitoringAlertDetailSerializer(MonitoringAlertSerializer):
    events = serializers.SerializerMethodField()

    class Meta(MonitoringAlertSerializer.Meta):
        fields = [*MonitoringAlertSerializer.Meta.fields, "events"]

    def get_events(self, alert) -> list[dict]:
        rows = []
        for row in alert_event_rows(alert=alert):
            e, m = row.event, row.link
            rows.append(
                {
                    "occurred_at": m.occurred_at, "system": m.system, "event_id": m.event_id,
                    "action": e.action if e else "", "query_type": e.query_type if e else "",
                    "query_text": e.query_text if e else "",
                    "result": {
                        "surname": e.result_surname, "forenames": e.result_forenames, "dob": e.result_dob,
                        "postcode": e.result_postcode, "ref": e.result_ref,
                    } if e else None,
                    "occurrence_ref": e.occurrence_ref if e else "", "reason_text": e.reason_text if e else "",
                    "matched": {"kind": m.matched_kind, "label": m.matched_label, "ref": m.matched_ref,
                                "strength": m.strength, "reasons": m.reasons},
                }
            )  # fmt: skip
        return rows


@extend_schema(tags=["counter-corruption"])
class MonitoringAlertViewSet(
    AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Lawful business monitoring alerts, highest score first (filters: status, rule, q = staff number)."""

    lookup_field = "public_id"
    access_purpose = "lawful business monitoring: alerts"
    access_object_type = "monitoring_alert"
    filterset_class = MonitoringAlertFilter

    def get_serializer_class(self):
        return MonitoringAlertSerializer if self.action == "list" else MonitoringAlertDetailSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MonitoringAlert.objects.none()
        if not is_unit_member(self.request.user):
            raise NotFound()
        return alerts_visible_to(user=self.request.user).select_related("case").order_by("-score", "-id")

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: MonitoringAlertDetailSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, public_id=None):
        """Decide an open alert: decision (nfa | management | conduct | intelligence) and reason."""
        alert = self.get_object()
        if bad := _json_object(request):
            return bad
        form = AlertDecisionForm(request.data)
        if not form.is_valid():
            return Response(form.errors, status=400)
        try:
            alert = alert_decide(actor=request.user, alert=alert, **form.cleaned_data)
        except AlertAlreadyDecided as error:
            return Response({"non_field_errors": [str(error)]}, status=409)
        except ValidationError as error:
            return Response(_errors(error), status=400)
        return Response(MonitoringAlertDetailSerializer(alert).data)


class MonitoringRuleSerializer(serializers.ModelSerializer):
    alerts_raised = serializers.IntegerField(read_only=True)
    alerts_decided = serializers.IntegerField(read_only=True)
    alerts_nfa = serializers.IntegerField(read_only=True)
    false_positive_rate = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringRule
        fields = [
            "code", "label", "description", "weight", "enabled", "params", "alerts_raised", "alerts_decided",
            "alerts_nfa", "false_positive_rate",
        ]  # fmt: skip

    def get_false_positive_rate(self, rule) -> float | None:
        return false_positive_rate(rule)


@extend_schema(tags=["counter-corruption"])
class MonitoringRuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The rules with their figures; PATCH weight, enabled, params with a reason (kept in history)."""

    lookup_field = "code"
    serializer_class = MonitoringRuleSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MonitoringRule.objects.none()
        if not is_unit_member(self.request.user):
            raise NotFound()
        return rules_visible_to(user=self.request.user)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: MonitoringRuleSerializer, 400: OpenApiTypes.OBJECT})
    def partial_update(self, request, code=None):
        rule = self.get_object()
        if bad := _json_object(request):
            return bad
        data = {"weight": rule.weight, "enabled": rule.enabled, "params": rule.params, **dict(request.data.items())}
        data["enabled"] = "on" if data.get("enabled") in (True, "true", "on", 1) else ""
        if isinstance(data.get("params"), dict):
            data["params"] = json.dumps(data["params"])
        form = RuleForm(data)
        if not form.is_valid():
            return Response(form.errors, status=400)
        try:
            rule_update(actor=request.user, rule=rule, **form.cleaned_data)
        except ValidationError as error:
            return Response(_errors(error), status=400)
        return Response(self.get_serializer(self.get_queryset().get(pk=rule.pk)).data)


class WatchListEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = WatchListEntry
        fields = ["public_id", "surname", "forenames", "date_of_birth", "postcode", "category", "note", "active"]


@extend_schema(tags=["counter-corruption"])
class WatchListViewSet(AuditedReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The unit's watch list of public figures; POST adds one (with a reason)."""

    access_purpose = "lawful business monitoring: watch list"
    access_object_type = "watch_list_entry"
    serializer_class = WatchListEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WatchListEntry.objects.none()
        if not is_unit_member(self.request.user):
            raise NotFound()
        return watch_list_visible_to(user=self.request.user)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: WatchListEntrySerializer, 400: OpenApiTypes.OBJECT})
    def create(self, request):
        self.get_queryset()  # 404 outside the unit
        if bad := _json_object(request):
            return bad
        form = WatchEntryForm(request.data)
        if not form.is_valid():
            return Response(form.errors, status=400)
        try:
            entry = watch_entry_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            return Response(_errors(error), status=400)
        return Response(self.get_serializer(entry).data, status=201)


router = SimpleRouter()
router.register("alerts", MonitoringAlertViewSet, basename="api-monitoring-alert")
router.register("rules", MonitoringRuleViewSet, basename="api-monitoring-rule")
router.register("watch-list", WatchListViewSet, basename="api-monitoring-watch")

urlpatterns: list = [path("", include(router.urls))]
