from drf_spectacular.extensions import OpenApiAuthenticationExtension


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.VerifiedSessionAuthentication"
    name = "verifiedSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Browser session after both sign-in steps",
        }
