"""Reporting-line API for triagers: list and read reports (never the reporter's identity) with
their messages, and send a message to the reporter (400 with reasons). Anyone else: 404."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.choices import REPORT_TRIAGERS
from audit.access import AuditedReadMixin

from .models import MessageKind, Report, ReportMessage
from .selectors import reports_visible_to
from .services import team_message_send


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", default=None, read_only=True)

    class Meta:
        model = ReportMessage
        fields = ["direction", "kind", "body", "author", "created_at"]


class ReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    case = serializers.CharField(source="case.reference", default=None, read_only=True)
    assigned_to = serializers.CharField(source="assigned_to.username", default=None, read_only=True)
    linked_staff_numbers = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id", "reference", "channel", "intermediary", "intermediary_reference", "received_at", "status",
            "what_happened", "when_happened", "where_happened", "people_described", "how_known", "ongoing",
            "anonymous", "acknowledge_due_on", "acknowledged_at", "feedback_due_on", "feedback_given_at",
            "reporter_updated_at", "assigned_to", "case", "closure_reason", "closed_at", "linked_staff_numbers",
        ]  # fmt: skip

    def get_linked_staff_numbers(self, report) -> list[str]:
        return [link.person.staff_number for link in report.person_links.all()]


class ReportDetailSerializer(ReportSerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "messages"]


class SendMessageSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[MessageKind.ACKNOWLEDGEMENT, MessageKind.UPDATE, MessageKind.FEEDBACK])
    body = serializers.CharField(max_length=10000)


@extend_schema(tags=["reporting line"])
class ReportViewSet(AuditedReadMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "reference"
    access_purpose = "triage of the reporting line"
    access_object_type = "report"
    filterset_fields = ["status", "channel"]

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        if not self.request.user.has_role(*REPORT_TRIAGERS):
            raise NotFound()
        return (
            reports_visible_to(user=self.request.user)
            .select_related("case", "assigned_to")
            .prefetch_related("person_links__person", "messages__author")
            .order_by("-received_at", "-id")
        )

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()  # through the selector, with its access event
        return Response(ReportDetailSerializer(report).data)

    @extend_schema(request=SendMessageSerializer, responses={200: ReportDetailSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def message(self, request, reference=None):
        report = self.get_object()
        serializer = SendMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            team_message_send(actor=request.user, report=report, **serializer.validated_data)
        except ValidationError as error:
            return Response(
                error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}, status=400
            )
        report.refresh_from_db()
        return Response(ReportDetailSerializer(report).data)
