from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    staff_number = serializers.CharField(allow_null=True)


class MeView(APIView):
    """Who the API thinks you are, and your roles."""

    @extend_schema(responses=MeSerializer, tags=["accounts"])
    def get(self, request):
        user = request.user
        return Response(
            {
                "username": user.username,
                "roles": sorted(user.roles),
                "staff_number": user.person.staff_number if user.person_id else None,
            }
        )
