from drf_spectacular.utils import extend_schema_field
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


class PriorityComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    points = serializers.FloatField()
    detail = serializers.CharField()


class PrioritySerializer(serializers.Serializer):
    score = serializers.FloatField()
    components = PriorityComponentSerializer(many=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    pending = serializers.SerializerMethodField()

    def get_pending(self, obj) -> bool:
        return obj.requested_at is not None


class CaseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    priority = serializers.SerializerMethodField()
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
            "priority",
            "subjects",
        ]

    @extend_schema_field(PrioritySerializer(allow_null=True))
    def get_priority(self, obj):
        priority = getattr(obj, "priority", None) if hasattr(obj, "priority") else None
        return PrioritySerializer(priority).data if priority is not None else None


class CaseDetailSerializer(CaseSerializer):
    timeline = TransitionSerializer(source="transitions", many=True, read_only=True)
    staff_procedure = serializers.SerializerMethodField()
    dismissals = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "timeline", "staff_procedure", "dismissals"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_staff_procedure(self, obj) -> list[dict]:
        """Police staff subjects: the force's procedure in its own words (policy version applied)."""
        from ..staff_procedure import is_staff_matter, procedure_api

        return [procedure_api(s) for s in obj.case_subjects.all() if is_staff_matter(s)]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_dismissals(self, obj) -> list[dict]:
        """SI 2025/558 and the 2026 appeals, per subject, with the rule versions applied."""
        from ..dismissals import case_dismissals_data

        return case_dismissals_data(obj)
