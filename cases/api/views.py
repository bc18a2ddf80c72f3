from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from audit.choices import AccessAction
from audit.services import access_event_record

from ..filters import CaseFilter
from ..selectors import cases_visible_to
from .serializers import CaseSerializer


@extend_schema(tags=["cases"])
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_field = "reference"
    lookup_value_regex = "[A-Za-z0-9-]+"

    def get_queryset(self):
        return cases_visible_to(user=self.request.user).prefetch_related("case_subjects__person")

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        access_event_record(
            actor=request.user,
            action=AccessAction.VIEW,
            object_type="case",
            object_id=str(case.public_id),
            object_label=case.reference,
            purpose="case work (API)",
            request=request,
        )
        return Response(self.get_serializer(case).data)
