from rest_framework import serializers

from ..models import AccessEvent


class AccessEventSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = AccessEvent
        fields = [
            "id",
            "seq",
            "occurred_at",
            "actor_username",
            "action",
            "object_type",
            "object_id",
            "object_label",
            "purpose",
            "request_id",
        ]
