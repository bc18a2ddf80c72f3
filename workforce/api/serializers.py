from rest_framework import serializers

from accounts.choices import ETHNICITY_READERS, IDENTITY_READERS

from ..models import OrgUnit, Person, WorkforceImport


class OrgUnitSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    parent = serializers.UUIDField(source="parent.public_id", read_only=True, allow_null=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "kind", "parent"]


class PersonSerializer(serializers.ModelSerializer):
    """Identity details and ethnicity appear only for the roles that need them (else null)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    command = serializers.CharField(source="command.name", read_only=True)
    unit = serializers.CharField(source="unit.name", read_only=True)
    line_manager = serializers.SlugRelatedField(slug_field="staff_number", read_only=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    postcode = serializers.CharField(read_only=True, allow_null=True)
    ethnicity_code = serializers.CharField(source="ethnicity_id", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "staff_number",
            "person_type",
            "surname",
            "forenames",
            "previous_surnames",
            "rank_or_grade",
            "shoulder_number",
            "command",
            "unit",
            "line_manager",
            "start_date",
            "end_date",
            "is_leaver",
            "gender",
            "date_of_birth",
            "postcode",
            "ethnicity_code",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not user.has_role(*IDENTITY_READERS):
            data["date_of_birth"] = None
            data["postcode"] = None
        if not user.has_role(*ETHNICITY_READERS):
            data["ethnicity_code"] = None
        return data


class WorkforceImportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    file = serializers.FileField(write_only=True)
    errors = serializers.JSONField(read_only=True)
    warnings = serializers.JSONField(read_only=True)

    class Meta:
        model = WorkforceImport
        fields = [
            "id",
            "file",
            "filename",
            "allow_mass_leavers",
            "uploaded_by",
            "uploaded_at",
            "status",
            "started_at",
            "finished_at",
            "rows_read",
            "created",
            "updated",
            "unchanged",
            "leavers",
            "refusal",
            "errors",
            "warnings",
        ]
        read_only_fields = [f for f in fields if f not in ("file", "allow_mass_leavers")]

    def validate_file(self, upload):
        if not upload.name.lower().endswith(".csv"):
            raise serializers.ValidationError("The file must be a CSV.")
        if upload.size == 0:
            raise serializers.ValidationError("The file is empty.")
        from ..forms import MAX_UPLOAD_BYTES

        if upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError("The file must be smaller than 100 MB.")
        return upload
