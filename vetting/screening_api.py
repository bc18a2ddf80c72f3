"""Screening hits API for vetting officers: list and read hits, and decide them (close, vetting
review, conduct matter), answering 400 with reasons. Anyone else: 404."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.choices import Role

from .models import ScreeningHit
from .services import hit_close, hit_conduct_matter_create, hit_vetting_review_open

ACTIONS = {"close": hit_close, "vetting_review": hit_vetting_review_open, "conduct_matter": hit_conduct_matter_create}


class HitSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    staff_number = serializers.CharField(source="person.staff_number", read_only=True)
    case = serializers.CharField(source="case.reference", default=None, read_only=True)
    assigned_to = serializers.CharField(source="assigned_to.username", default=None, read_only=True)

    class Meta:
        model = ScreeningHit
        fields = [
            "id", "staff_number", "pnd_person_id", "record_id", "category", "offence_group", "record_date",
            "summary", "changed", "grade", "status", "assigned_to", "outcome_reason", "case", "raised_at",
        ]  # fmt: skip


class HitDecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(ACTIONS))
    reason = serializers.CharField(max_length=5000)


@extend_schema(tags=["vetting"])
class ScreeningHitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HitSerializer
    lookup_field = "public_id"
    filterset_fields = ["status", "grade", "category"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ScreeningHit.objects.none()
        if not self.request.user.has_role(Role.VETTING_OFFICER):
            raise NotFound()
        return ScreeningHit.objects.select_related("person", "case", "assigned_to").order_by("-raised_at", "-id")

    @extend_schema(request=HitDecisionSerializer, responses={200: HitSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def decide(self, request, public_id=None):
        hit = self.get_object()
        serializer = HitDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            ACTIONS[serializer.validated_data["action"]](
                actor=request.user, hit=hit, reason=serializer.validated_data["reason"]
            )
        except ValidationError as error:
            return Response(
                error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}, status=400
            )
        hit.refresh_from_db()
        return Response(HitSerializer(hit).data)
