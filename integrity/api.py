"""Integrity registers API, one resource per register under /api/integrity/<register>/:
list and read what you may see (your own; approvers and counter-corruption officers others' too,
need-to-know applied), declare your own (POST), and decide (POST .../{id}/decide/, approvers).
Bad input answers 400 with the reasons by field; someone else deciding first answers 409."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from audit.access import AuditedReadMixin, get_visible_or_404
from cases.lifecycle import is_conflict

from . import services
from .filters import entry_filter_for
from .forms import DecisionForm
from .registers import REGISTERS, Register, entry_title
from .selectors import entries_decidable_by, entries_visible_to, is_approver

COMMON_FIELDS = ["id", "reference", "person", "declared_on", "status", "status_label", "title", "decision",
                 "decision_label", "decision_reasons", "decided_on"]  # fmt: skip
EXTRA_FIELDS = {
    "business-interests": [
        "conditions",
        "review_on",
        "review_answer",
        "review_answer_detail",
        "review_answered_on",
        "review_answered_for",
    ],  # fmt: skip
    "associations": ["risk_level", "risk_assessment"],
    "changes": ["vetting_referral_on"],
    "gifts": [],
}


class DeclarerSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    staff_number = serializers.CharField()
    name = serializers.CharField(source="display_name")


def _entry_serializer(register: Register) -> type[serializers.ModelSerializer]:
    declared = list(register.declare_form.Meta.fields)
    related = {
        name: serializers.SlugRelatedField(slug_field="code", read_only=True)
        for name in ("category", "kind")
        if name in declared
    }
    attrs = {
        "id": serializers.UUIDField(source="public_id", read_only=True),
        "reference": serializers.CharField(read_only=True),
        "person": DeclarerSerializer(read_only=True),
        "status_label": serializers.CharField(read_only=True),
        "decision_label": serializers.CharField(read_only=True),
        "title": serializers.SerializerMethodField(),
        "get_title": lambda self, entry: entry_title(entry),
        **related,
        "Meta": type(
            "Meta", (), {"model": register.model, "fields": COMMON_FIELDS + declared + EXTRA_FIELDS[register.slug]}
        ),
    }
    return type(f"{register.model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


def _form_data(data) -> dict:
    """The request body as a form's data: an object of single values (else a 400 with reasons)."""
    if not isinstance(data, dict):
        raise ValidationError("Send a JSON object with the fields.")
    flat, errors = {}, {}
    for key, value in data.items():
        if isinstance(value, list | dict):
            errors[key] = ["Give a single value."]
        elif isinstance(value, bool):
            flat[key] = "yes" if value else "no"
        else:
            flat[key] = "" if value is None else str(value)
    if errors:
        raise ValidationError(errors)
    return flat


class DecisionSerializer(serializers.Serializer):
    decision = serializers.CharField()
    reasons = serializers.CharField(required=False, allow_blank=True)
    conditions = serializers.CharField(required=False, allow_blank=True)
    risk_level = serializers.CharField(required=False, allow_blank=True)
    risk_assessment = serializers.CharField(required=False, allow_blank=True)


class _RegisterViewSet(AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    register: Register
    lookup_field = "public_id"

    def get_queryset(self):
        model = self.register.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        return (
            entries_visible_to(user=self.request.user, model=model)
            .select_related(*self.register.select_related)
            .order_by("-declared_on", "-id")
        )

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def create(self, request, *args, **kwargs):
        """Declare an entry about yourself (the fields of the declaration page)."""
        form = self.register.declare_form(_form_data(request.data))
        if not form.is_valid():
            return Response(form.errors, status=400)
        entry = services.entry_declare(actor=request.user, register=self.register, data=form.cleaned_data)
        return Response(self.get_serializer(entry).data, status=201)

    @extend_schema(
        request=DecisionSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: None, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, public_id=None):
        """Decide an entry (integrity approvers): decision, reasons (required where the register
        says), conditions (business interests), risk_level and risk_assessment (associations)."""
        if not is_approver(request.user):
            raise NotFound()
        entry = get_visible_or_404(
            user=request.user,
            selector=lambda *, user: entries_decidable_by(user=user, model=self.register.model),
            lookup={"public_id": public_id},
            purpose=f"{self.register.label} decision (API)",
            request=request,
        )
        form = DecisionForm(_form_data(request.data), register=self.register)
        if not form.is_valid():
            return Response(form.errors, status=400)
        data = form.cleaned_data
        try:
            entry = services.entry_decide(
                actor=request.user, entry=entry, decision=data["decision"], reasons=data["reasons"],
                conditions=data.get("conditions", ""), risk_level=data.get("risk_level", ""),
                risk_assessment=data.get("risk_assessment", ""),
            )  # fmt: skip
        except ValidationError as error:
            if is_conflict(error):
                return Response({"non_field_errors": error.messages}, status=409)
            raise
        return Response(self.get_serializer(entry).data)


def _viewset(register: Register) -> type[_RegisterViewSet]:
    serializer = _entry_serializer(register)
    viewset = type(
        f"{register.model.__name__}ViewSet",
        (_RegisterViewSet,),
        {
            "__doc__": f"{register.plural} (integrity register).",
            "register": register,
            "serializer_class": serializer,
            "filterset_class": entry_filter_for(register.model),
            "access_purpose": register.plural.lower(),
            "access_object_type": register.model._meta.model_name,
        },
    )
    return extend_schema(tags=["integrity"])(viewset)


router = SimpleRouter()
for _register in REGISTERS.values():
    router.register(_register.slug, _viewset(_register), basename=f"integrity-{_register.slug}")

urlpatterns = router.urls
