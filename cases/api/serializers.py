from rest_framework import serializers

from ..models import Allegation, Case, CaseSubject, StageTransition


class AllegationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    category = serializers.CharField(source="category_id")
    standards = serializers.SerializerMethodField()

    class Meta:
        model = Allegation
        fields = ["id", "category", "standards", "description", "incident_date", "incident_place", "victim_vulnerable"]

    def get_standards(self, obj) -> list[int]:
        return sorted(s.number for s in obj.standards.all())


class CaseSubjectSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    staff_number = serializers.CharField(source="person.staff_number")
    name = serializers.CharField(source="person.display_name")
    allegations = AllegationSerializer(many=True, read_only=True)

    class Meta:
        model = CaseSubject
        fields = [
            "id",
            "staff_number",
            "name",
            "stage",
            "severity",
            "likely_forum",
            "forum",
            "case_to_answer",
            "closure_reason",
            "finalised_on",
            "allegations",
        ]


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = StageTransition
        fields = ["event", "from_stage", "to_stage", "actor", "reason", "at"]


class CaseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    subjects = CaseSubjectSerializer(source="case_subjects", many=True, read_only=True)
    investigator = serializers.CharField(source="investigator.username", default=None, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "summary",
            "source",
            "intermediary_reference",
            "received_date",
            "status",
            "is_restricted",
            "investigator",
            "subjects",
        ]


class CaseDetailSerializer(CaseSerializer):
    timeline = TransitionSerializer(source="transitions", many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "timeline"]
