"""Audit extract imports API, for members of the counter-corruption unit (anyone else: 404):
list and one import with its progress, and an upload (multipart) that starts an import."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from audit.access import AuditedReadMixin

from .models import AuditImport, ImportOrigin
from .monitoring_import import import_create, import_enqueue, import_progress
from .monitoring_import_views import AuditExtractForm, imports_visible_to
from .selectors import is_unit_member


class AuditImportSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = AuditImport
        fields = [
            "public_id", "filename", "size_bytes", "sha256", "origin", "status", "created_at", "started_at",
            "finished_at", "rows_read", "imported", "duplicates", "bad_rows", "unknown_staff", "error", "progress",
        ]  # fmt: skip

    def get_progress(self, imp) -> dict | None:
        return import_progress(imp) if self.context.get("detail") else None


class AuditImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


@extend_schema(tags=["counter-corruption"])
class AuditImportViewSet(
    AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Imports of force systems' audit extracts; POST a CSV (multipart, field ``file``) to import one."""

    lookup_field = "public_id"
    access_purpose = "monitoring: audit extract imports"
    access_object_type = "audit_import"
    serializer_class = AuditImportSerializer
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditImport.objects.none()
        if not is_unit_member(self.request.user):
            raise NotFound()
        return imports_visible_to(user=self.request.user).order_by("-created_at", "-id")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "detail": self.action == "retrieve"}

    @extend_schema(request={"multipart/form-data": AuditImportUploadSerializer}, responses={201: AuditImportSerializer})
    def create(self, request, *args, **kwargs):
        if not is_unit_member(request.user):
            raise NotFound()
        form = AuditExtractForm(request.POST, request.FILES)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        upload = form.cleaned_data["file"]
        imp = import_create(source=upload, filename=upload.name, origin=ImportOrigin.UPLOAD, actor=request.user)
        import_enqueue(imp)
        return Response(AuditImportSerializer(imp, context={"detail": True}).data, status=status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("imports", AuditImportViewSet, basename="monitoring-import")
urlpatterns = router.urls
