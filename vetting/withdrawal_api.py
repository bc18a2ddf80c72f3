"""Vetting withdrawal API (vetting officers and the appropriate authority; anyone else 404):
list and read cases, start one, and take a step: POST /api/vetting/withdrawals/{id}/steps/{step}/
with the step's fields. An illegal step answers 400 with the reasons; someone else acting first
answers 409."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from cases.lifecycle import is_conflict

from . import withdrawal_forms as f
from . import withdrawal_services as svc
from .models.withdrawal import WithdrawalCase
from .selectors import record_list_view
from .withdrawal_rules import deadlines, next_deadline
from .withdrawal_views import STEPS, run_step


def _form_data(data):
    """The request body as a form's data: an object whose values are single values (a list or an
    object where one value belongs is a 400, not a crash in the form)."""
    if not isinstance(data, dict):
        return None, {"non_field_errors": ["Send an object with the fields."]}
    if hasattr(data, "getlist"):
        return data, None
    flat, errors = {}, {}
    for key, value in data.items():
        if isinstance(value, list | dict):
            errors[key] = ["Give a single value."]
        else:
            flat[key] = "" if value is None else str(value)
    return flat, errors or None


def _errors(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}


class WithdrawalPersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    staff_number = serializers.CharField()
    name = serializers.CharField(source="display_name")
    rank_or_grade = serializers.CharField()


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    due_on = serializers.DateField()
    regulation = serializers.CharField()
    statutory = serializers.BooleanField()
    done = serializers.BooleanField()


class WithdrawalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    person = WithdrawalPersonSerializer(read_only=True)
    rule_version = serializers.CharField(source="rule_version.version", default=None, read_only=True)
    next_deadline = serializers.SerializerMethodField()

    class Meta:
        model = WithdrawalCase
        fields = [
            "id", "reference", "person", "stage", "source", "information_received_on", "rule_version", "suspended",
            "left_on", "left_how", "next_deadline",
        ]  # fmt: skip

    @extend_schema(exclude=True)
    def get_next_deadline(self, case) -> dict | None:
        due = next_deadline(case)
        return DeadlineSerializer(due).data if due else None


class WithdrawalDetailSerializer(WithdrawalSerializer):
    deadlines = serializers.SerializerMethodField()
    allowed_steps = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    class Meta(WithdrawalSerializer.Meta):
        fields = WithdrawalSerializer.Meta.fields + [
            "information", "declaration", "declared_on", "severity_outcome", "severity_assessed_on", "severity_reasons",
            "assessor_appointed_on", "interview_on", "police_friend", "lawyer", "outcome", "decided_on",
            "decision_reasons", "dismissed_on", "advisory_list_referred_on", "deadlines", "allowed_steps", "timeline",
        ]  # fmt: skip

    def get_deadlines(self, case) -> list[dict]:
        return DeadlineSerializer(deadlines(case), many=True).data

    def get_allowed_steps(self, case) -> list[str]:
        return svc.available_steps(case)

    def get_timeline(self, case) -> list[dict]:
        return [
            {"title": e.title, "from_stage": e.from_stage, "to_stage": e.to_stage, "reason": e.reason,
             "actor": e.actor.username if e.actor else None, "at": e.at}
            for e in case.timeline.select_related("actor")
        ]  # fmt: skip


class StartSerializer(serializers.Serializer):
    staff_number = serializers.CharField()
    source = serializers.CharField()
    received_on = serializers.DateField()
    information = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)


@extend_schema(tags=["vetting"])
class WithdrawalViewSet(viewsets.ReadOnlyModelViewSet):
    """Vetting withdrawal cases (Police (Vetting) Regulations 2025)."""

    serializer_class = WithdrawalSerializer
    filterset_class = f.WithdrawalFilter
    lookup_field = "public_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WithdrawalCase.objects.none()
        if not svc.may_work_withdrawals(self.request.user):
            raise NotFound()
        return (
            svc.withdrawals_visible_to(user=self.request.user)
            .select_related("person", "rule_version")
            .prefetch_related("notices", "appeals")
        )

    def get_serializer_class(self):
        return WithdrawalSerializer if self.action == "list" else WithdrawalDetailSerializer

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        data = response.data
        rows = data.get("results", []) if isinstance(data, dict) else data
        record_list_view(
            user=request.user,
            object_type="vetting_withdrawals",
            count=len(rows),
            label="vetting withdrawals (API): " + ", ".join(r["reference"] for r in rows),
            purpose="Vetting withdrawals (API)",
            request=request,
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        svc.record_withdrawal_view(user=request.user, case=case, purpose="Vetting withdrawal (API)", request=request)
        return Response(WithdrawalDetailSerializer(case).data)

    @extend_schema(request=StartSerializer, responses={201: WithdrawalDetailSerializer, 400: OpenApiTypes.OBJECT})
    def create(self, request, *args, **kwargs):
        """Start a case from information received: staff_number, source (conduct_matter, declaration,
        intelligence, other), received_on, information, reason."""
        if not svc.may_work_withdrawals(request.user):
            raise NotFound()
        data, problems = _form_data(request.data)
        if problems:
            return Response(problems, status=400)
        form = f.StartForm(data=data)
        if not form.is_valid():
            return Response(form.errors, status=400)
        data = form.cleaned_data
        try:
            case = svc.withdrawal_start(
                actor=request.user, person=data["staff_number"], source=data["source"], information=data["information"],
                reason=data["reason"], received_on=data["received_on"],
            )  # fmt: skip
        except ValidationError as error:
            return Response(_errors(error), status=400)
        return Response(WithdrawalDetailSerializer(case).data, status=201)

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("step", str, OpenApiParameter.PATH, enum=[*STEPS])],
        responses={200: WithdrawalDetailSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[a-z-]+)", url_name="step")
    def step(self, request, public_id=None, step=None):
        """Take a step: duty, suspension, severity, assessor, withheld, interview, decision, dismissal,
        appeal, appeal-decision, leaving, close; the body holds the step's fields."""
        case = self.get_object()
        definition = STEPS.get(step)
        if definition is None:
            return Response({"step": [f"Unknown step; one of: {', '.join(STEPS)}"]}, status=400)
        data, problems = _form_data(request.data)
        if problems:
            return Response(problems, status=400)
        form = definition.form(data=data)
        if not form.is_valid():
            return Response(form.errors, status=400)
        try:
            run_step(actor=request.user, case=case, step=step, form=form)
        except ValidationError as error:
            return Response(_errors(error), status=409 if is_conflict(error) else 400)
        case.refresh_from_db()
        return Response(WithdrawalDetailSerializer(case).data)
