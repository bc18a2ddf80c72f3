import uuid

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from audit.access import AuditedReadMixin, log_list_read

from ..filters import CaseFilter, QueueFilter
from ..forms import IntakeForm
from ..lifecycle import is_conflict
from ..models import Case, CaseSubject
from ..selectors import cases_visible_to, flag_evidence_for, intervention_flags_visible_to
from ..steps import STEPS, step_available, unavailable_message
from ..views import INTAKE_ROLES
from .serializers import CaseDetailSerializer, CaseSerializer


def _form_errors(form) -> dict:
    errors = {k if k != "__all__" else "non_field_errors": v for k, v in form.errors.items()}
    return errors


def _validation_errors(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}


@extend_schema(tags=["cases"])
class CaseViewSet(AuditedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Conduct matters. Steps are POSTed to /steps/{step}/ (case) or
    /subjects/{subject_id}/steps/{step}/ (one subject); the steps are those of the web pages."""

    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_field = "reference"
    lookup_value_regex = "[A-Za-z0-9-]+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    access_purpose = "case work"

    def get_queryset(self):
        return (
            cases_visible_to(user=self.request.user)
            .prefetch_related("case_subjects__person", "case_subjects__allegations__standards")
            .select_related("investigator", "priority")
        )

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()  # through the selector, with its access event
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: CaseSerializer, 400: OpenApiTypes.OBJECT})
    def create(self, request, *args, **kwargs):
        """Record a new matter: the fields of the intake form; `standards` a list of numbers."""
        if not request.user.has_role(*INTAKE_ROLES):
            raise NotFound()
        if not isinstance(request.data, dict):
            return Response({"non_field_errors": ["Send an object with the intake fields."]}, status=400)
        form = IntakeForm(request.data, user=request.user)
        if not form.is_valid():
            errors = _form_errors(form)
            if form.duplicates:
                errors["duplicates"] = [c.reference for c in form.duplicates]
            return Response(errors, status=400)
        try:
            case = form.record(actor=request.user)
        except ValidationError as error:
            return Response(_validation_errors(error), status=400)
        return Response(CaseSerializer(case, context={"request": request}).data, status=status.HTTP_201_CREATED)

    def _run_step(self, request, step_name, subject_id=None):
        case = self.get_object()
        definition = STEPS.get(step_name)
        if (
            definition is None
            or definition.per_subject != (subject_id is not None)
            or not request.user.has_role(*definition.roles)
        ):
            raise NotFound()
        subject = None
        if subject_id is not None:
            try:
                uuid.UUID(subject_id)
            except ValueError:
                raise NotFound() from None
            subject = CaseSubject.objects.filter(case=case, public_id=subject_id).select_related("person").first()
            if subject is None:
                raise NotFound()
        if not step_available(definition, case, subject):
            return Response({"non_field_errors": [unavailable_message(definition, case, subject)]}, status=400)
        if not isinstance(request.data, dict):
            return Response({"non_field_errors": ["Send an object with the step's fields."]}, status=400)
        form = definition.form(request.data, request.FILES)
        if not form.is_valid():
            return Response(_form_errors(form), status=400)
        try:
            definition.run(request.user, case, subject, dict(form.cleaned_data))
        except ValidationError as error:  # 409 when someone else acted first
            return Response(_validation_errors(error), status=409 if is_conflict(error) else 400)
        case.refresh_from_db()
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: CaseDetailSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[a-z0-9-]+)")
    def step(self, request, reference=None, step=None):
        """Take a case-level step: allegation, iopc, appoint, action, evidence, report."""
        return self._run_step(request, step)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: CaseDetailSerializer, 400: OpenApiTypes.OBJECT})
    @action(
        detail=True, methods=["post"], url_path=r"subjects/(?P<subject_id>[0-9a-f-]{36})/steps/(?P<step>[a-z0-9-]+)"
    )
    def subject_step(self, request, reference=None, subject_id=None, step=None):
        """Take a step for one subject: severity, conviction, vetting-referral, reg17 (officers), staff-notice (police
        staff), response, decision, schedule, outcome, outcome-notice, appeal, appeal-decision, finalise, rprp, left.

        400 with reasons when the step is refused; 409 when someone else acted on the subject first."""
        return self._run_step(request, step, subject_id)


from rest_framework import serializers as drf_serializers  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from accounts.models import User  # noqa: E402
from core.api import NoCountPagination  # noqa: E402

from ..intervention import intervention_flag_review  # noqa: E402
from ..models import InterventionFlag  # noqa: E402
from ..queues import QUEUE_ROLES, QUEUES, cases_by_id, queue_cases  # noqa: E402
from ..services import cases_allocate, investigator_workload  # noqa: E402


def _require_queue_role(request):
    if not request.user.has_role(*QUEUE_ROLES):
        raise NotFound()


@extend_schema(tags=["queues"])
class QueueViewSet(AuditedReadMixin, viewsets.ReadOnlyModelViewSet):
    """A supervisor's queue, most serious and most urgent first. `queue`: unallocated, all,
    at-risk, awaiting-decision; filters as the case list."""

    serializer_class = CaseSerializer
    filterset_class = QueueFilter
    lookup_field = "reference"
    lookup_value_regex = "[A-Za-z0-9-]+"
    pagination_class = NoCountPagination
    access_purpose = "supervisor's queue"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        _require_queue_role(self.request)
        queue = self.request.query_params.get("queue", "unallocated")
        if queue not in QUEUES:
            queue = "all"
        return queue_cases(user=self.request.user, queue=queue)

    def list(self, request, *args, **kwargs):
        ids = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values_list("id", flat=True))
        cases = cases_by_id(list(ids), prefetch=("case_subjects__person", "case_subjects__allegations__standards"))
        log_list_read(user=request.user, objects=cases, purpose="supervisor's queue (API list)", request=request)
        return self.get_paginated_response(self.get_serializer(cases, many=True).data)


class AllocationSerializer(drf_serializers.Serializer):
    cases = drf_serializers.ListField(child=drf_serializers.CharField(max_length=32), min_length=1, max_length=500)
    investigator = drf_serializers.CharField(max_length=150, help_text="username")
    reason = drf_serializers.CharField()


class WorkloadSerializer(drf_serializers.Serializer):
    username = drf_serializers.CharField()
    name = drf_serializers.CharField()
    open_cases = drf_serializers.IntegerField()
    weighted = drf_serializers.IntegerField()


@extend_schema(tags=["queues"])
class AllocateView(APIView):
    @extend_schema(
        request=AllocationSerializer, responses={200: WorkloadSerializer(many=True), 400: OpenApiTypes.OBJECT}
    )
    def post(self, request):
        """Allocate or reallocate cases (all or none), with the reason; answers the new workload."""
        _require_queue_role(request)
        serializer = AllocationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cases = list(cases_visible_to(user=request.user).filter(reference__in=data["cases"]))
        missing = sorted(set(data["cases"]) - {c.reference for c in cases})
        if missing:
            return Response({"cases": [f"Not found: {', '.join(missing)}"]}, status=400)
        investigator = User.objects.filter(
            username=data["investigator"], groups__name="investigator", is_active=True
        ).first()
        if investigator is None:
            return Response({"investigator": ["No active investigator has that username."]}, status=400)
        try:
            cases_allocate(actor=request.user, cases=cases, investigator=investigator, reason=data["reason"])
        except ValidationError as error:
            return Response(_validation_errors(error), status=400)
        return Response(WorkloadSerializer(investigator_workload(), many=True).data)


@extend_schema(tags=["queues"])
class WorkloadView(APIView):
    @extend_schema(responses=WorkloadSerializer(many=True))
    def get(self, request):
        """Open cases per investigator, weighted by severity."""
        _require_queue_role(request)
        return Response(WorkloadSerializer(investigator_workload(), many=True).data)


class FlagSerializer(drf_serializers.ModelSerializer):
    id = drf_serializers.UUIDField(source="public_id", read_only=True)
    staff_number = drf_serializers.CharField(source="person.staff_number", read_only=True)
    rule = drf_serializers.CharField(source="rule_id", read_only=True)
    reviewed_by = drf_serializers.CharField(source="reviewed_by.username", default=None, read_only=True)
    evidence = drf_serializers.SerializerMethodField()

    class Meta:
        model = InterventionFlag
        fields = [
            "id",
            "staff_number",
            "rule",
            "evidence",
            "raised_at",
            "status",
            "review_note",
            "reviewed_by",
            "reviewed_at",
        ]
        read_only_fields = fields

    def get_evidence(self, flag) -> dict:
        """The evidence with its matters cut to those the reader may see (cases.selectors)."""
        if not hasattr(flag, "shown_evidence"):
            flag_evidence_for(user=self.context["request"].user, flags=[flag])
        return flag.shown_evidence


class FlagReviewSerializer(drf_serializers.Serializer):
    status = drf_serializers.ChoiceField(choices=["under_review", "actioned", "closed"])
    note = drf_serializers.CharField()


@extend_schema(tags=["queues"])
class InterventionFlagViewSet(AuditedReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FlagSerializer
    lookup_field = "public_id"
    access_purpose = "early-intervention flag review"
    filterset_fields = ["status", "rule"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InterventionFlag.objects.none()
        _require_queue_role(self.request)
        return (
            intervention_flags_visible_to(user=self.request.user)
            .select_related("person", "reviewed_by")
            .order_by("-raised_at")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return flag_evidence_for(user=self.request.user, flags=page) if page is not None else page

    def get_object(self):
        flag = super().get_object()
        flag_evidence_for(user=self.request.user, flags=[flag])
        return flag

    @extend_schema(request=FlagReviewSerializer, responses={200: FlagSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def review(self, request, public_id=None):
        flag = self.get_object()
        serializer = FlagReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            intervention_flag_review(actor=request.user, flag=flag, **serializer.validated_data)
        except ValidationError as error:
            return Response(_validation_errors(error), status=400)
        return Response(FlagSerializer(flag, context={"request": request}).data)
