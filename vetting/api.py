"""Clearance API for vetting officers: list and read clearances, and record decisions (400 with
reasons when the decision is not possible). Anyone else: 404."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.choices import Role
from audit.choices import AccessAction
from audit.services import access_event_record

from .clearance_forms import ClearanceFilter
from .clearance_services import DECISIONS, clearance_decide, clearances_visible_to, decision_targets
from .models.clearances import AftercareReview, Clearance, ClearanceAppeal, ClearanceDecision
from .selectors import record_list_view


def _require_vetting_officer(request):
    if not request.user.has_role(Role.VETTING_OFFICER):
        raise NotFound()


class ClearancePersonSerializer(serializers.Serializer):
    """Who holds the clearance: no date of birth or home postcode here."""

    id = serializers.UUIDField(source="public_id")
    staff_number = serializers.CharField()
    name = serializers.CharField(source="display_name")
    rank_or_grade = serializers.CharField()
    unit = serializers.CharField(source="unit.name")


class ClearanceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    person = ClearancePersonSerializer(read_only=True)
    level = serializers.CharField(source="level_id", read_only=True)
    level_label = serializers.CharField(source="level.label", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", default=None, read_only=True)

    class Meta:
        model = Clearance
        fields = [
            "id", "person", "level", "level_label", "state", "applied_on", "granted_on", "expires_on",
            "decided_on", "decided_by", "rationale",
        ]  # fmt: skip


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username", default=None, read_only=True)

    class Meta:
        model = ClearanceDecision
        fields = ["from_state", "to_state", "rationale", "decided_by", "decided_on", "recorded_at"]


class AppealSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    against = serializers.CharField(source="against.to_state", read_only=True)

    class Meta:
        model = ClearanceAppeal
        fields = ["id", "against", "lodged_on", "grounds", "result", "reasons", "decided_on"]


class AftercareSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = AftercareReview
        fields = ["id", "trigger", "opened_on", "note", "outcome", "outcome_note", "closed_on"]


class ClearanceDetailSerializer(ClearanceSerializer):
    allowed_decisions = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, read_only=True)
    appeals = AppealSerializer(many=True, read_only=True)
    aftercare_reviews = AftercareSerializer(many=True, read_only=True)

    class Meta(ClearanceSerializer.Meta):
        fields = ClearanceSerializer.Meta.fields + ["allowed_decisions", "decisions", "appeals", "aftercare_reviews"]

    def get_allowed_decisions(self, clearance) -> list[str]:
        return [state.value for state in decision_targets(clearance)]


class ClearanceDecideSerializer(serializers.Serializer):
    to_state = serializers.ChoiceField(choices=[state.value for state in DECISIONS])
    rationale = serializers.CharField(max_length=10000, allow_blank=True)
    decided_on = serializers.DateField(required=False)


@extend_schema(tags=["vetting"])
class ClearanceViewSet(viewsets.ReadOnlyModelViewSet):
    """Clearances (vetting officers only), filtered by state, level, expiring_within (days) or q."""

    serializer_class = ClearanceSerializer
    filterset_class = ClearanceFilter
    lookup_field = "public_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Clearance.objects.none()
        _require_vetting_officer(self.request)
        qs = clearances_visible_to(user=self.request.user).select_related("person__unit", "level", "decided_by")
        if self.action != "list":
            decisions = ClearanceDecision.objects.select_related("decided_by").order_by("recorded_at", "id")
            qs = qs.prefetch_related(Prefetch("decisions", queryset=decisions), "appeals__against", "aftercare_reviews")
        return qs

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        data = response.data
        count = len(data.get("results", [])) if isinstance(data, dict) else len(data)
        if count:
            record_list_view(
                user=request.user,
                object_type="clearances",
                count=count,
                label="clearances (API)",
                purpose="vetting (API)",
                request=request,
            )
        return response

    def retrieve(self, request, *args, **kwargs):
        clearance = self.get_object()
        access_event_record(
            actor=request.user,
            action=AccessAction.VIEW,
            object_type="clearance",
            object_id=str(clearance.public_id),
            object_label=f"{clearance.level_id} {clearance.person.staff_number}",
            purpose="vetting (API)",
            request=request,
        )
        return Response(ClearanceDetailSerializer(clearance).data)

    def get_serializer_class(self):
        return ClearanceSerializer if self.action == "list" else ClearanceDetailSerializer

    @extend_schema(
        request=ClearanceDecideSerializer, responses={200: ClearanceDetailSerializer, 400: OpenApiTypes.OBJECT}
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, public_id=None):
        """Record a decision: to_state (granted, refused, suspended, withdrawn, expired) and its
        rationale (always required); optional decided_on (not in the future)."""
        clearance = self.get_object()
        serializer = ClearanceDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            clearance_decide(actor=request.user, clearance=clearance, **serializer.validated_data)
        except ValidationError as error:
            return Response(
                error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}, status=400
            )
        return Response(ClearanceDetailSerializer(self.get_object()).data)
