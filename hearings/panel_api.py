"""Hearing panels API. A panel is found by its proceeding's public id; the case it belongs to must be
visible to the user (cases.selectors), else 404, and every read is in the access log. Writes are for
hearings officers: a panel that breaks the rules of the version that applies is refused with 400 and
the reasons (field by field, seats by position); 409 when someone else changed it first."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.choices import CASE_READERS, Role
from audit.access import get_visible_or_404
from cases.lifecycle import is_conflict
from cases.selectors import cases_visible_to

from . import panels
from .choices import Finding, Outcome
from .models import Proceeding
from .panel_models import ChairBasis, HearingPanel, SeatRole


class SeatSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    role = serializers.ChoiceField(choices=SeatRole.choices)
    name = serializers.CharField(max_length=200)
    chair_basis = serializers.ChoiceField(choices=ChairBasis.choices, required=False, allow_blank=True, default="")
    rank = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    force = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    left_senior_service_on = serializers.DateField(required=False, allow_null=True, default=None)
    qualified = serializers.BooleanField(required=False, default=False)
    qualification = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    appointed_by = serializers.CharField(max_length=200)
    appointed_on = serializers.DateField()
    conflict_declared_on = serializers.DateField()
    conflict_declared = serializers.BooleanField(required=False, default=False)
    conflict_details = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PanelFactsSerializer(serializers.Serializer):
    referred_on = serializers.DateField()
    operational_policing = serializers.BooleanField(required=False, default=False)
    certified_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    certified_on = serializers.DateField(required=False, allow_null=True, default=None)
    delegated_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    delegated_on = serializers.DateField(required=False, allow_null=True, default=None)
    delegation_reasons = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PanelCreateSerializer(PanelFactsSerializer):
    case = serializers.CharField(max_length=60)
    proceeding = serializers.UUIDField()
    seats = SeatSerializer(many=True, required=False, default=list)
    complete = serializers.BooleanField(required=False, default=True)


class AdviceSerializer(serializers.Serializer):
    given_on = serializers.DateField()
    advice = serializers.CharField(max_length=20000)


class VoteSerializer(serializers.Serializer):
    member = serializers.UUIDField()
    finding = serializers.ChoiceField(choices=Finding.choices)
    outcome = serializers.ChoiceField(choices=Outcome.choices)


class DecisionSerializer(serializers.Serializer):
    votes = VoteSerializer(many=True)
    reasons = serializers.CharField(max_length=20000)
    exceptional_circumstances = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)


class PanelSerializer(serializers.Serializer):
    proceeding = serializers.UUIDField(source="proceeding.public_id")
    case = serializers.CharField(source="proceeding.subject.case.reference")
    forum = serializers.CharField(source="proceeding.forum")
    scheduled_for = serializers.DateField(source="proceeding.scheduled_for")
    scheduled_time = serializers.TimeField(source="proceeding.scheduled_time")
    venue = serializers.CharField(source="proceeding.venue")
    status = serializers.CharField()
    rule_version = serializers.SerializerMethodField()
    referred_on = serializers.DateField()
    operational_policing = serializers.BooleanField()
    certified_by = serializers.CharField()
    certified_on = serializers.DateField()
    delegated_by = serializers.CharField()
    delegated_on = serializers.DateField()
    delegation_reasons = serializers.CharField()
    seats = SeatSerializer(many=True)
    advice = serializers.SerializerMethodField()
    votes = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    def get_rule_version(self, panel) -> dict:
        v = panel.rule_version
        return {"rule": v.rule, "version": v.version, "title": v.title, "instrument": v.instrument,
                "commences_on": v.commences_on, "transitional": v.transitional}  # fmt: skip

    def get_advice(self, panel) -> list[dict]:
        return [{"adviser": a.adviser.name, "given_on": a.given_on, "advice": a.advice} for a in panel.advice.all()]

    def get_votes(self, panel) -> list[dict]:
        outcome = getattr(panel.proceeding, "outcome", None)
        if outcome is None:
            return []
        return [
            {"member": str(v.seat.public_id), "name": v.seat.name, "finding": v.finding, "outcome": v.outcome_vote}
            for v in outcome.votes.select_related("seat")
        ]

    def get_problems(self, panel) -> list[str]:
        return panels.composition_problems(panel, panel.rule_version) if panel.status == "draft" else []


def _errors(error: ValidationError) -> Response:
    body = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    return Response(body, status=status.HTTP_409_CONFLICT if is_conflict(error) else status.HTTP_400_BAD_REQUEST)


@extend_schema(tags=["hearings"])
class HearingPanelViewSet(viewsets.ViewSet):
    """Hearing panels (SI 2024/521 from 7 May 2024; the 2020 composition for matters referred before).
    `id` in the URLs is the proceeding's public id."""

    lookup_field = "proceeding_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    serializer_class = PanelSerializer

    def _case_and_proceeding(self, reference, proceeding_id, purpose):
        case = get_visible_or_404(
            user=self.request.user,
            selector=cases_visible_to,
            lookup={"reference": reference},
            purpose=f"{purpose} (API)",
            request=self.request,
        )
        proceeding = panels.proceeding_for_case(case=case, proceeding_id=proceeding_id)
        if proceeding is None:
            raise NotFound()
        return case, proceeding

    def _panel(self, proceeding_id, purpose, write=False) -> HearingPanel:
        if not self.request.user.has_role(*((Role.HEARINGS_OFFICER,) if write else CASE_READERS)):
            raise NotFound()
        reference = (
            Proceeding.objects.filter(public_id=proceeding_id)
            .values_list("subject__case__reference", flat=True)
            .first()
        )
        if reference is None:
            raise NotFound()
        _case, proceeding = self._case_and_proceeding(reference, proceeding_id, purpose)
        panel = HearingPanel.objects.filter(proceeding=proceeding).select_related("rule_version").first()
        if panel is None:
            raise NotFound()
        return panel

    def _show(self, panel, code=status.HTTP_200_OK):
        panel = HearingPanel.objects.select_related("rule_version", "proceeding__subject__case").get(pk=panel.pk)
        return Response(PanelSerializer(panel).data, status=code)

    @extend_schema(responses={200: PanelSerializer})
    def retrieve(self, request, proceeding_id=None):
        """The panel: members, roles, basis, appointments, conflict checks, advice, votes, rules applied."""
        return self._show(self._panel(proceeding_id, "hearing panel"))

    @extend_schema(request=PanelCreateSerializer, responses={201: PanelSerializer})
    def create(self, request):
        """Open a panel, seat its members and (by default) complete it in one call; refused whole, with every
        reason, when it breaks the rules of the version that applies."""
        if not request.user.has_role(Role.HEARINGS_OFFICER):
            raise NotFound()
        data = PanelCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        _case, proceeding = self._case_and_proceeding(d.pop("case"), d.pop("proceeding"), "hearing panel: build")
        seats, complete = d.pop("seats"), d.pop("complete")
        try:
            panel = panels.panel_build(
                actor=request.user, proceeding=proceeding, panel=d, seats=seats, complete=complete
            )
        except ValidationError as error:
            return _errors(error)
        return self._show(panel, status.HTTP_201_CREATED)

    @extend_schema(request=SeatSerializer, responses={200: PanelSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request, proceeding_id=None):
        """Seat a member (400 with reasons when the rules do not allow them)."""
        panel = self._panel(proceeding_id, "hearing panel: member", write=True)
        data = SeatSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            panels.panel_seat_add(actor=request.user, panel=panel, **data.validated_data)
        except ValidationError as error:
            return _errors(error)
        return self._show(panel)

    @extend_schema(request=None, responses={200: PanelSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, proceeding_id=None):
        """Check the whole panel against its rules and mark it complete (400 with what it lacks)."""
        panel = self._panel(proceeding_id, "hearing panel: complete", write=True)
        try:
            panels.panel_complete(actor=request.user, panel=panel)
        except ValidationError as error:
            return _errors(error)
        return self._show(panel)

    @extend_schema(request=AdviceSerializer, responses={200: PanelSerializer})
    @action(detail=True, methods=["post"])
    def advice(self, request, proceeding_id=None):
        panel = self._panel(proceeding_id, "hearing panel: advice", write=True)
        data = AdviceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            panels.panel_advice_record(actor=request.user, panel=panel, **data.validated_data)
        except ValidationError as error:
            return _errors(error)
        return self._show(panel)

    @extend_schema(request=DecisionSerializer, responses={200: PanelSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request, proceeding_id=None):
        """The finding and outcome by majority of the members' votes."""
        panel = self._panel(proceeding_id, "hearing panel: decision", write=True)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        votes = {str(v["member"]): {"finding": v["finding"], "outcome": v["outcome"]} for v in d["votes"]}
        try:
            panels.panel_decision_record(
                actor=request.user,
                panel=panel,
                votes=votes,
                reasons=d["reasons"],
                decided_on=d["decided_on"],
                exceptional_circumstances=d["exceptional_circumstances"],
            )
        except ValidationError as error:
            return _errors(error)
        return self._show(panel)
