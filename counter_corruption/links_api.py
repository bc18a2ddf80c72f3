"""Link analysis API, for members of the counter-corruption unit (anyone else: 404): the link
alerts (list, one, decide) and the network around a person as JSON."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.access import AuditedReadMixin

from .links import link_alert_decide
from .links_forms import LinkAlertDecideForm, LinkAlertFilter
from .links_selectors import link_alerts_visible_to, people_hidden_from
from .links_views import network_for
from .models import LinkAlert
from .network import network_json
from .selectors import is_unit_member


class LinkAlertSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField()
    entity = serializers.SerializerMethodField()
    other_people = serializers.SerializerMethodField()

    class Meta:
        model = LinkAlert
        fields = ["public_id", "status", "raised_at", "person", "entity", "reasons", "other_people"]

    def get_person(self, alert) -> dict:
        p = alert.person
        return {"public_id": str(p.public_id), "staff_number": p.staff_number, "name": p.display_name}

    def get_entity(self, alert) -> dict:
        e = alert.entity
        return {"public_id": str(e.public_id), "kind": e.kind, "display": e.display, "is_nominal": e.is_nominal}

    def get_other_people(self, alert) -> list[dict]:
        hidden = self.context.get("hidden", set())
        return [
            {"public_id": str(p.public_id), "staff_number": p.staff_number, "name": p.display_name}
            for p in alert.other_people.all()
            if p.id not in hidden
        ]


@extend_schema(tags=["counter-corruption"])
class LinkAlertViewSet(AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Link alerts: a new link joining a person to an entity already linked to another subject."""

    lookup_field = "public_id"
    access_purpose = "link analysis: link alerts"
    access_object_type = "link_alert"
    serializer_class = LinkAlertSerializer
    filterset_class = LinkAlertFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LinkAlert.objects.none()
        if not is_unit_member(self.request.user):
            raise NotFound()
        return (
            link_alerts_visible_to(user=self.request.user)
            .prefetch_related("other_people")
            .order_by("-raised_at", "-id")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and self.request.user.is_authenticated:
            context["hidden"] = people_hidden_from(user=self.request.user)
        return context

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: LinkAlertSerializer, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def decide(self, request, public_id=None):
        """Decide an open alert: outcome (actioned | nfa) and reason."""
        alert = self.get_object()
        if not isinstance(request.data, dict):
            return Response({"non_field_errors": ["Send a JSON object with outcome and reason."]}, status=400)
        form = LinkAlertDecideForm(request.data)
        if not form.is_valid():
            return Response(form.errors, status=400)
        try:
            link_alert_decide(
                actor=request.user,
                alert=alert,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ValueError as error:
            return Response({"non_field_errors": [str(error)]}, status=400)
        return Response(self.get_serializer(alert).data)


@extend_schema(
    tags=["counter-corruption"],
    parameters=[OpenApiParameter("depth", int, description="1 or 2")],
    responses={200: OpenApiTypes.OBJECT},
)
class NetworkView(APIView):
    """The network around a person: nodes (people and entities) and edges with their sources."""

    def get(self, request, public_id):
        if request.GET.get("depth") not in (None, "1", "2"):
            return Response({"depth": ["Depth is 1 or 2."]}, status=400)
        _person, network, _form, sources = network_for(request, public_id)
        return Response(network_json(network=network, sources=sources))
