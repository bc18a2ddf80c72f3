from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from audit.access import AuditedReadMixin

from ..filters import PersonFilter
from ..selectors import org_units_visible_to, people_visible_to, workforce_imports_visible_to
from ..services import workforce_import_submit
from .serializers import OrgUnitSerializer, PersonSerializer, WorkforceImportSerializer


class PersonViewSet(AuditedReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    lookup_field = "public_id"
    access_purpose = "workforce record"
    access_object_type = "person"

    def get_queryset(self):
        return people_visible_to(user=self.request.user).order_by("surname", "forenames", "staff_number")


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrgUnitSerializer
    lookup_field = "public_id"
    filterset_fields = ["kind"]

    def get_queryset(self):
        return org_units_visible_to(user=self.request.user).order_by("kind", "name")


class WorkforceImportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Upload an HR extract (multipart), then poll it until status is done or refused."""

    serializer_class = WorkforceImportSerializer
    lookup_field = "public_id"
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["status"]

    def get_queryset(self):
        return workforce_imports_visible_to(user=self.request.user)

    def create(self, request, *args, **kwargs):
        from rest_framework.exceptions import NotFound

        if not request.user.has_role("administrator"):
            raise NotFound()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        run = workforce_import_submit(
            actor=request.user,
            filename=upload.name,
            data=upload.read(),
            allow_mass_leavers=serializer.validated_data.get("allow_mass_leavers", False),
        )
        return Response(self.get_serializer(run).data, status=201)


extend_schema(tags=["workforce"])(PersonViewSet)
extend_schema(tags=["workforce"])(OrgUnitViewSet)
extend_schema(tags=["workforce"])(WorkforceImportViewSet)
