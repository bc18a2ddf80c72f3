"""Performance API: list and read the cases you may see, open a case, and take a step
(POST /api/performance/cases/{reference}/steps/{step}/ with the step page's fields). An illegal
step answers 400 with the reasons; a step someone else took first answers 409."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from audit.access import AuditedReadMixin
from cases.lifecycle import is_conflict

from . import services
from .forms import CaseOpenForm
from .lifecycle import moved_on
from .models import PerformanceAppeal, PerformanceCase, PerformanceEvent, PerformanceMeeting
from .selectors import is_performance_reader, performance_cases_visible_to
from .views import STEPS, _form_for, run_step, steps_for


class OfficerSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    staff_number = serializers.CharField()
    name = serializers.CharField(source="display_name")
    rank_or_grade = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = PerformanceMeeting
        fields = [
            "id", "stage", "notice_given_on", "meeting_on", "conducted_by", "outcome", "improvement_required",
            "period_ends_on", "notice_valid_until", "appeal_due_on", "reasons",
        ]  # fmt: skip


class AppealSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    stage = serializers.CharField(source="meeting.stage", read_only=True)

    class Meta:
        model = PerformanceAppeal
        fields = ["id", "stage", "heard_by", "lodged_on", "grounds", "result", "reasons", "decided_on"]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = PerformanceEvent
        fields = ["event", "from_state", "to_state", "actor", "reason", "at"]


class PerformanceCaseSerializer(serializers.ModelSerializer):
    officer = OfficerSerializer(read_only=True)
    rules = serializers.CharField(source="rule_version.version", default=None, read_only=True)

    class Meta:
        model = PerformanceCase
        fields = [
            "reference",
            "officer",
            "kind",
            "state",
            "attention_date",
            "rules",
            "period_ends_on",
            "outcome",
            "closed_on",
        ]


class PerformanceCaseDetailSerializer(PerformanceCaseSerializer):
    meetings = MeetingSerializer(many=True, read_only=True)
    appeals = AppealSerializer(many=True, read_only=True)
    events = EventSerializer(source="timeline", many=True, read_only=True)
    deadlines = serializers.SerializerMethodField()
    allowed_steps = serializers.SerializerMethodField()

    class Meta(PerformanceCaseSerializer.Meta):
        fields = PerformanceCaseSerializer.Meta.fields + [
            "concerns",
            "meetings",
            "appeals",
            "events",
            "deadlines",
            "allowed_steps",
        ]

    def get_deadlines(self, case) -> list[dict]:
        return [
            {"what": d["what"], "due": d["due"].isoformat(), "overdue": d["overdue"]} for d in services.deadlines(case)
        ]

    def get_allowed_steps(self, case) -> list[str]:
        return [s["slug"] for s in steps_for(case, self.context["request"].user)]


def _errors(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}


@extend_schema(tags=["performance"])
class PerformanceCaseViewSet(
    AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Performance cases (line managers for their reports, the appropriate authority)."""

    lookup_field = "reference"
    access_purpose = "performance case"
    access_object_type = "performance_case"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PerformanceCase.objects.none()
        if not is_performance_reader(self.request.user):
            raise NotFound()
        return performance_cases_visible_to(user=self.request.user).select_related("officer", "rule_version")

    def get_serializer_class(self):
        return PerformanceCaseSerializer if self.action in ("list", "create") else PerformanceCaseDetailSerializer

    @extend_schema(
        request=OpenApiTypes.OBJECT, responses={201: PerformanceCaseDetailSerializer, 400: OpenApiTypes.OBJECT}
    )
    def create(self, request, *args, **kwargs):
        """Open a case: staff_number, kind, attention_date, concerns."""
        if not is_performance_reader(request.user):
            raise NotFound()
        if not isinstance(request.data, dict):
            return Response({"non_field_errors": ["Send a JSON object with the fields."]}, status=400)
        form = CaseOpenForm(request.data)
        if not form.is_valid():
            return Response(form.errors, status=400)
        data = form.cleaned_data
        try:
            case = services.performance_case_open(
                actor=request.user, officer=data["staff_number"], kind=data["kind"],
                concerns=data["concerns"], attention_date=data["attention_date"],
            )  # fmt: skip
        except ValidationError as error:
            return Response(_errors(error), status=400)
        return Response(PerformanceCaseDetailSerializer(case, context={"request": request}).data, status=201)

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: PerformanceCaseDetailSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[a-z-]+)", url_name="step")
    def step(self, request, reference=None, step=None):
        """Take a step: the fields of the step's page. 400 with reasons when the step is not
        possible now; 409 when someone else moved the case first."""
        case = self.get_object()
        if step not in STEPS:
            return Response({"step": [f"Unknown step. Steps: {', '.join(STEPS)}."]}, status=400)
        if not isinstance(request.data, dict):
            return Response({"non_field_errors": ["Send a JSON object with the step's fields."]}, status=400)
        seen = request.data.get("expected_state")
        if seen and seen != case.state:
            return Response({"non_field_errors": moved_on(case).messages}, status=409)
        allowed = [s["slug"] for s in steps_for(case, request.user)]
        if step not in allowed:
            return Response(
                {
                    "step": [
                        f"'{step}' is not possible while the case is '{case.get_state_display()}'. Allowed now: {', '.join(allowed) or 'none'}."
                    ]
                },
                status=400,
            )
        form = _form_for(step, case, request.user, request.data)
        if form is None or not form.is_valid():
            return Response(form.errors if form is not None else {"step": ["Not possible now."]}, status=400)
        try:
            run_step(step, actor=request.user, case=case, data=form.cleaned_data)
        except ValidationError as error:
            return Response(_errors(error), status=409 if is_conflict(error) else 400)
        case.refresh_from_db()
        return Response(PerformanceCaseDetailSerializer(case, context={"request": request}).data)
