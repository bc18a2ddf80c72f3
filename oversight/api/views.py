"""Read API for analysts: the latest refresh's snapshot rows (exact counts) and flags, with review."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.choices import Role

from ..flags import flag_review
from ..models import DisparityFlag, DisparityResult, FlagStatus
from ..refresh import latest_refresh


def _require_analyst(request):
    if not request.user.has_role(Role.ANALYST):
        raise NotFound()


class ResultSerializer(serializers.ModelSerializer):
    unit = serializers.UUIDField(source="unit.public_id", default=None, read_only=True)
    unit_name = serializers.CharField(source="unit.name", default="Whole force", read_only=True)
    refresh = serializers.UUIDField(source="refresh.public_id", read_only=True)

    class Meta:
        model = DisparityResult
        fields = [
            "refresh", "level", "unit", "unit_name", "window_months", "population", "source", "stage", "group",
            "n", "events", "headcount", "rate", "rate_low", "rate_high", "ratio", "ratio_low", "ratio_high",
            "katz_low", "katz_high", "p_value", "p_adjusted", "status",
        ]  # fmt: skip


class FlagSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    unit = serializers.UUIDField(source="unit.public_id", default=None, read_only=True)
    latest = ResultSerializer(source="latest_result", read_only=True)

    class Meta:
        model = DisparityFlag
        fields = [
            "id", "level", "unit", "window_months", "population", "source", "stage", "group", "status",
            "still_flagged", "raised_at", "latest",
        ]  # fmt: skip


class FlagReviewSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=[s for s in FlagStatus.values if s != FlagStatus.NEW])
    note = serializers.CharField(max_length=5000)


@extend_schema(tags=["disparities"])
class DisparityResultViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Snapshot rows of the latest complete refresh (exact counts: inside the command only)."""

    serializer_class = ResultSerializer
    filterset_fields = ["level", "window_months", "population", "source", "stage", "group", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DisparityResult.objects.none()
        _require_analyst(self.request)
        refresh = latest_refresh()
        if refresh is None:
            return DisparityResult.objects.none()
        return (
            DisparityResult.objects.filter(refresh=refresh)
            .select_related("unit", "refresh")
            .order_by("level", "unit_id", "window_months", "population", "source", "stage", "group")
        )


@extend_schema(tags=["disparities"])
class DisparityFlagViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FlagSerializer
    lookup_field = "public_id"
    filterset_fields = ["status", "stage", "group", "level"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DisparityFlag.objects.none()
        _require_analyst(self.request)
        return DisparityFlag.objects.select_related("unit", "latest_result__refresh", "latest_result__unit")

    @extend_schema(request=FlagReviewSerializer, responses={200: FlagSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def review(self, request, public_id=None):
        flag = self.get_object()
        serializer = FlagReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            flag_review(actor=request.user, flag=flag, **serializer.validated_data)
        except ValidationError as error:
            return Response(
                error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}, status=400
            )
        flag.refresh_from_db()
        return Response(FlagSerializer(flag).data)
