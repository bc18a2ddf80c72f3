"""Screening hits API for vetting officers: list and read hits, and decide them (close, vetting
review, conduct matter), answering 400 with reasons. Anyone else, and hits about the officer
themself, their line-management chain or a declared conflict (vetting.selectors): 404. Every
read is in the access log."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.choices import Role

from .models import ScreeningHit
from .selectors import hits_visible_to, record_hit_view, record_list_view
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
        return (
            hits_visible_to(user=self.request.user)
            .select_related("person", "case", "assigned_to")
            .order_by("-raised_at", "-id")
        )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        data = response.data
        count = len(data.get("results", [])) if isinstance(data, dict) else len(data)
        record_list_view(
            user=request.user,
            object_type="screening_hits",
            count=count,
            label="screening hits (API)",
            purpose="Screening hit review (API)",
            request=request,
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        hit = self.get_object()
        record_hit_view(user=request.user, hit=hit, purpose="Screening hit review (API)", request=request)
        return Response(self.get_serializer(hit).data)

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
