from rest_framework.authentication import SessionAuthentication


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts for the API only once its second factor is complete."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if not (user.is_verified() or user.second_factor_exempt):
            return None
        return result


from . import schema  # noqa: E402,F401  (registers the OpenAPI description of this scheme)
