from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from ..filters import AccessEventFilter
from ..selectors import access_events_visible_to
from .serializers import AccessEventSerializer


@extend_schema(tags=["audit"])
class AccessEventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AccessEventSerializer
    filterset_class = AccessEventFilter
    lookup_field = "public_id"

    def get_queryset(self):
        return access_events_visible_to(user=self.request.user).order_by("-seq")
