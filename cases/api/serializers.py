from rest_framework import serializers

from ..models import Case


class CaseSubjectSerializer(serializers.Serializer):
    staff_number = serializers.CharField(source="person.staff_number")
    name = serializers.CharField(source="person.display_name")


class CaseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    subjects = CaseSubjectSerializer(source="case_subjects", many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "summary", "received_date", "status", "is_restricted", "subjects"]
