"""Intelligence API for the counter-corruption unit: list, read and record logs; grade, sanitise,
task, develop into an operation and record the outcome. Bad input answers 400 with reasons (the
services' refusals through core.api's exception handler); a log the user may not read, and
everything for anyone outside the unit, answers 404. Every read is an access event."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.models import User
from audit.access import AuditedReadMixin

from . import intel_services as services
from .choices import AtRisk, EntityKind, HandlingLevel, IntelOutcome, SourceType
from .filters import IntelLogFilter
from .models import IntelLog, Theme
from .selectors import intel_logs_visible_to, is_unit_member, workforce_people_by_staff_number


class IntelLogSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    grading = serializers.CharField(read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    report = serializers.CharField(source="report.reference", default=None, read_only=True)
    subjects = serializers.SerializerMethodField()
    entities = serializers.SerializerMethodField()
    tasked_to = serializers.CharField(source="tasked_to.username", default=None, read_only=True)
    case = serializers.CharField(source="case.reference", default=None, read_only=True)
    operation = serializers.CharField(source="operation.reference", default=None, read_only=True)

    class Meta:
        model = IntelLog
        fields = [
            "id", "reference", "status", "received_on", "source_type", "grading", "source_evaluation",
            "intelligence_assessment", "handling_code", "handling_conditions", "legacy_grading", "handling_level",
            "original_text", "sanitised_text", "themes", "at_risk", "report", "subjects", "entities", "tasked_to",
            "tasking", "tasked_on", "review_on", "outcome", "outcome_reason", "outcome_on", "case", "operation",
        ]  # fmt: skip

    def get_subjects(self, log) -> list[str]:
        return [s.person.staff_number for s in log.subjects.all()]

    def get_entities(self, log) -> list[dict]:
        return [
            {"kind": m.entity.kind, "display": m.entity.display, "relationship": m.relationship}
            for m in log.entity_mentions.all()
        ]


class EntityInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EntityKind.choices)
    value = serializers.CharField(max_length=300)
    relationship = serializers.CharField(max_length=120, required=False, default="")
    date_of_birth = serializers.DateField(required=False)


class IntelRecordSerializer(serializers.Serializer):
    source_type = serializers.ChoiceField(choices=SourceType.choices, required=False)
    received_on = serializers.DateField(required=False)
    original_text = serializers.CharField(max_length=20000, required=False, default="")
    report = serializers.CharField(max_length=20, required=False, help_text="A reporting-line report's reference")
    subjects = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    entities = EntityInputSerializer(many=True, required=False)
    themes = serializers.SlugRelatedField(
        slug_field="code", queryset=Theme.objects.filter(active=True), many=True, required=False
    )
    at_risk = serializers.ChoiceField(choices=AtRisk.choices, default=AtRisk.NONE)
    handling_level = serializers.ChoiceField(choices=HandlingLevel.choices, default=HandlingLevel.UNIT)

    def validate_subjects(self, numbers):
        people = workforce_people_by_staff_number(staff_numbers=numbers)
        unknown = [n for n in numbers if n.strip().upper() not in people]
        if unknown:
            raise serializers.ValidationError(f"No member of the workforce has staff number {', '.join(unknown)}.")
        return [people[n.strip().upper()] for n in numbers]

    def validate(self, data):
        if not data.get("report"):
            missing = {
                name: "This field is required (unless recording from a report)."
                for name in ("source_type", "received_on", "original_text")
                if not data.get(name)
            }
            if missing:
                raise serializers.ValidationError(missing)
        return data


class GradeSerializer(serializers.Serializer):
    source_evaluation = serializers.CharField(max_length=1)
    intelligence_assessment = serializers.CharField(max_length=1)
    handling_code = serializers.CharField(max_length=1)
    handling_conditions = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    reason = serializers.CharField(max_length=2000)


class SanitiseSerializer(serializers.Serializer):
    sanitised_text = serializers.CharField(max_length=10000)
    reason = serializers.CharField(max_length=300, required=False, default="sanitised")


class TaskSerializer(serializers.Serializer):
    owner = serializers.CharField(max_length=150, help_text="The owner's username (a unit member)")
    tasking = serializers.CharField(max_length=5000)
    review_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class OperationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    members = serializers.ListField(child=serializers.CharField(max_length=150), required=False, default=list)
    reason = serializers.CharField(max_length=2000)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=IntelOutcome.choices)
    reason = serializers.CharField(max_length=5000)


def _users(usernames: list[str], field: str) -> list:
    users = {u.username: u for u in User.objects.filter(username__in=usernames, is_active=True)}
    unknown = [u for u in usernames if u not in users]
    if unknown:
        raise serializers.ValidationError({field: f"No such user: {', '.join(unknown)}."})
    return [users[u] for u in usernames]


@extend_schema(tags=["counter-corruption intelligence"])
class IntelLogViewSet(AuditedReadMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    access_purpose = "counter-corruption intelligence"
    access_object_type = "intelligence_log"
    filterset_class = IntelLogFilter
    serializer_class = IntelLogSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return IntelLog.objects.none()
        if not is_unit_member(self.request.user):
            raise NotFound()
        return (
            intel_logs_visible_to(user=self.request.user)
            .select_related("report", "tasked_to", "case", "operation")
            .prefetch_related("themes", "subjects__person", "entity_mentions__entity")
            .order_by("-received_on", "-id")
        )

    def _answer(self, log, code=status.HTTP_200_OK):
        log = self.get_queryset().get(pk=log.pk)
        return Response(IntelLogSerializer(log).data, status=code)

    @extend_schema(request=IntelRecordSerializer, responses={201: IntelLogSerializer, 400: OpenApiTypes.OBJECT})
    def create(self, request, *args, **kwargs):
        if not is_unit_member(request.user):
            raise NotFound()
        serializer = IntelRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entities = [
            services.EntityInput(
                kind=e["kind"],
                raw=e["value"],
                relationship=e.get("relationship", ""),
                attributes={"date_of_birth": e["date_of_birth"].isoformat()} if e.get("date_of_birth") else {},
            )
            for e in data.get("entities", [])
        ]
        fields = {
            "original_text": data.get("original_text", ""),
            "entities": entities,
            "themes": data.get("themes", []),
            "at_risk": data["at_risk"],
            "handling_level": data["handling_level"],
        }
        if data.get("report"):
            if "subjects" in data:
                fields["subjects"] = data["subjects"]
            log = services.intel_log_record_from_report(
                actor=request.user, report_reference=data["report"], received_on=data.get("received_on"), **fields
            )
        else:
            log = services.intel_log_record(
                actor=request.user,
                source_type=data["source_type"],
                received_on=data["received_on"],
                subjects=data.get("subjects", []),
                **fields,
            )
        return self._answer(log, status.HTTP_201_CREATED)

    @extend_schema(request=GradeSerializer, responses={200: IntelLogSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def grade(self, request, id=None):
        log = self.get_object()
        serializer = GradeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(services.intel_grade(actor=request.user, log=log, **serializer.validated_data))

    @extend_schema(request=SanitiseSerializer, responses={200: IntelLogSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def sanitise(self, request, id=None):
        log = self.get_object()
        serializer = SanitiseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(services.intel_sanitise(actor=request.user, log=log, **serializer.validated_data))

    @extend_schema(request=TaskSerializer, responses={200: IntelLogSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def task(self, request, id=None):
        log = self.get_object()
        serializer = TaskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        owner = _users([data.pop("owner")], "owner")[0]
        return self._answer(services.intel_task(actor=request.user, log=log, owner=owner, **data))

    @extend_schema(request=OperationSerializer, responses={200: IntelLogSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def operation(self, request, id=None):
        log = self.get_object()
        serializer = OperationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        members = _users(data.pop("members"), "members")
        return self._answer(services.intel_operation_develop(actor=request.user, log=log, members=members, **data))

    @extend_schema(request=OutcomeSerializer, responses={200: IntelLogSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def outcome(self, request, id=None):
        log = self.get_object()
        serializer = OutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(services.intel_outcome_record(actor=request.user, log=log, **serializer.validated_data))
